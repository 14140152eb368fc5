"""The Helm chart's rendered configuration really starts Labbook (issue 6).

For every CI value set (helm/labbook/ci/*-values.yaml): render the chart, run the migration hook
Job's container (``db upgrade``) and then the Deployment's container with exactly the command line
and environment the pod would get (chart_pod.py), against the test MariaDB and an S3Proxy; then
probe liveness and readiness on the paths the Deployment names, log a metric and an artifact with
the stock client and read both back, and check that readiness (and only readiness) fails while the
database is unreachable.

Value overrides (``--set``), addresses only:
* ``server.port``: a free port (a pod has the node's port space to itself; this machine does not);
* ``server.s3.endpointUrl``: the S3Proxy (full replaces its MinIO address; minimal/irsa would use AWS);
* ``server.backendStore.uri`` (only where the value set has an inline URI, i.e. full): the test
  database behind a closable TCP gate; the URI carries that database's user and password;
* ``server.security.allowedHosts`` (only where the value set lists host names, i.e. full): the
  listed names plus ``127.0.0.1:<port>``, the address this test calls the pod by; a foreign Host
  header must still be refused.
Each value set gets a new, empty database, as a fresh install would: the hook Job really migrates
it and, with auth on, the pod bootstraps the first admin from the operator's Secret.
Secrets a value set expects the operator to create (``existingSecret``) are handed in the way
``kubectl create secret`` would hold them. For IRSA (no static keys) the credentials that the
web-identity exchange would give the AWS default chain are put in the pod environment, as the EKS
webhook's token would lead to; nothing else is added.

Needs helm (``LABBOOK_HELM``, helm on PATH or a go-installed one; skipped without, CI has it) and
MariaDB (``LABBOOK_TEST_BACKEND_URI=mysql://...``; skipped on the H2 pass).
"""

from __future__ import annotations

import os
import re
import subprocess
import uuid
import time
import urllib.parse
from pathlib import Path

import mlflow
import pytest
import requests
import yaml
from mlflow import MlflowClient

from chart_pod import CHART, find, find_helm, launch, render
from conftest import REPO_ROOT, _free_port, _stop, _tail
from lbutil import unique
from s3proxy_server import running_s3proxy
from tcp_gate import TcpGate

VALUE_SETS = sorted(CHART.glob("ci/*-values.yaml"))
START_TIMEOUT_S = 90
IRSA_KEYS = {"AWS_ACCESS_KEY_ID": "web-identity-access", "AWS_SECRET_ACCESS_KEY": "web-identity-secret"}
PLACEHOLDER_ENDPOINT = "http://127.0.0.1:9"
ADMIN_PASSWORD = "chart-admin-password-0"  # what the operator's Secret holds for value sets with auth on


@pytest.fixture(scope="module")
def helm() -> str:
    found = find_helm()
    if found is None:
        pytest.skip("helm is not installed (set LABBOOK_HELM or `go install helm.sh/helm/v3/cmd/helm@v3.17.3`)")
    return found


@pytest.fixture(scope="module")
def mariadb() -> urllib.parse.SplitResult:
    uri = os.environ.get("LABBOOK_TEST_BACKEND_URI", "")
    if os.environ.get("LABBOOK_TEST_SERVER_URL"):
        pytest.skip("LABBOOK_TEST_SERVER_URL is set: no server processes are started")
    if not uri.startswith(("mysql://", "mariadb://")):
        pytest.skip("the chart targets MariaDB/MySQL: runs on the MariaDB pass (LABBOOK_TEST_BACKEND_URI=mysql://...)")
    return urllib.parse.urlsplit(uri)


def _mariadb_sql(server: urllib.parse.SplitResult, sql: str) -> None:
    cmd = ["mariadb", "-h", server.hostname or "127.0.0.1", "-P", str(server.port or 3306),
           "-u", server.username or "", f"-p{server.password or ''}", "-e", sql]
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)


@pytest.fixture()
def fresh_database(mariadb: urllib.parse.SplitResult):
    """A new, empty database for one value set; dropped afterwards."""
    name = "labbook_helm_" + uuid.uuid4().hex[:12]
    _mariadb_sql(mariadb, f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin")
    try:
        yield mariadb._replace(path="/" + name)
    finally:
        _mariadb_sql(mariadb, f"DROP DATABASE IF EXISTS {name}")


def _operator_objects(value_set: dict, db_uri: str) -> dict[tuple[str, str], dict[str, str]]:
    """The Secrets and ConfigMaps a value set names but expects the operator to have created."""
    server = value_set["server"]
    objects = {}
    backend = server["backendStore"]
    if backend.get("existingSecret"):
        objects[("Secret", backend["existingSecret"])] = {backend.get("existingSecretKey", "backend-store-uri"): db_uri}
    s3 = server.get("s3", {})
    if s3.get("existingSecret"):
        objects[("Secret", s3["existingSecret"])] = {
            s3.get("accessKeyIdKey", "AWS_ACCESS_KEY_ID"): "operator-access",
            s3.get("secretAccessKeyKey", "AWS_SECRET_ACCESS_KEY"): "operator-secret"}
    auth = value_set.get("auth", {})
    if auth.get("enabled") and auth.get("existingSecret"):
        objects[("Secret", auth["existingSecret"])] = {auth.get("existingSecretPasswordKey", "admin-password"): ADMIN_PASSWORD}
    for source in server.get("extraEnvFrom", []):
        for kind, key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
            if key in source:
                objects[(kind, source[key]["name"])] = {"LABBOOK_CHART_TEST_EXTRA": "from " + source[key]["name"]}
    return objects


def _ui_build() -> Path | None:
    build = Path(mlflow.__file__).parent / "server" / "js" / "build"
    return build if (build / "index.html").is_file() else None


def _run_to_completion(cmd, env, cwd, log: Path, timeout=180) -> str:
    with open(log, "wb") as out:
        proc = subprocess.run(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, timeout=timeout)
    text = log.read_text(errors="replace")
    assert proc.returncode == 0, f"{cmd} exited {proc.returncode}:\n{text[-4000:]}"
    return text


def _wait_for(url: str, proc: subprocess.Popen, log: Path) -> requests.Response:
    deadline = time.monotonic() + START_TIMEOUT_S
    last = "no answer"
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"server exited with {proc.returncode}:\n{_tail(log)}"
        try:
            r = requests.get(url, timeout=5)
            if r.status_code == 200:
                return r
            last = f"HTTP {r.status_code} {r.text[:200]}"
        except requests.RequestException as e:
            last = repr(e)
        time.sleep(0.3)
    raise AssertionError(f"{url} not OK after {START_TIMEOUT_S}s ({last}):\n{_tail(log)}")


def _probe_url(container: dict, probe: str) -> str:
    get = container[probe]["httpGet"]
    port = next(p["containerPort"] for p in container["ports"] if p["name"] == get["port"])
    return f"http://127.0.0.1:{port}{get['path']}"


@pytest.mark.parametrize("values", VALUE_SETS, ids=lambda p: p.name.removesuffix("-values.yaml"))
def test_rendered_job_and_deployment_boot_the_server(values: Path, helm, fresh_database, tmp_path, monkeypatch):
    mariadb = fresh_database
    jar = Path(os.environ.get("LABBOOK_JAR") or REPO_ROOT / "target" / "labbook.jar")
    assert jar.is_file(), f"server jar not found: {jar}"
    value_set = yaml.safe_load(values.read_text())
    gate = TcpGate(mariadb.hostname or "127.0.0.1", mariadb.port or 3306)
    db_uri = urllib.parse.urlunsplit(mariadb._replace(netloc=f"{mariadb.username}:{mariadb.password}"
                                                      f"@127.0.0.1:{gate.port}"))
    server_port = _free_port()
    overrides = {"server.port": server_port, "server.s3.endpointUrl": PLACEHOLDER_ENDPOINT}
    allowed_hosts = value_set["server"].get("security", {}).get("allowedHosts")
    if allowed_hosts:
        overrides["server.security.allowedHosts"] = "{" + ",".join([*allowed_hosts, f"127.0.0.1:{server_port}"]) + "}"
    backend = value_set["server"]["backendStore"]
    if backend.get("uri"):
        overrides["server.backendStore.uri"] = db_uri
    external = _operator_objects(value_set, db_uri)
    credentials = None
    if value_set.get("auth", {}).get("enabled"):
        # The client signs in as the admin the pod bootstraps from the operator's Secret.
        credentials = (value_set["auth"].get("adminUsername", "admin"), ADMIN_PASSWORD)
        monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", credentials[0])
        monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", credentials[1])

    # A first rendering tells which bucket and credentials the S3 store must have.
    probe_env = launch(render(helm, values, overrides), "Deployment", jar, None, tmp_path, external).env
    s3 = value_set["server"].get("s3", {})
    irsa = not (s3.get("accessKeyId") or s3.get("existingSecret"))  # then no static keys may reach the pod
    assert irsa == ("AWS_ACCESS_KEY_ID" not in probe_env), "static S3 keys configured but not in the pod (or the reverse)"
    keys = IRSA_KEYS if irsa else {k: probe_env[k] for k in IRSA_KEYS}
    destination = urllib.parse.urlsplit(probe_env["MLFLOW_ARTIFACTS_DESTINATION"])
    assert destination.scheme == "s3"

    gate.open()
    with running_s3proxy(bucket=destination.netloc, access_key=keys["AWS_ACCESS_KEY_ID"],
                         secret_key=keys["AWS_SECRET_ACCESS_KEY"], region=probe_env.get("AWS_REGION", "us-east-1")) as store:
        objects = render(helm, values, {**overrides, "server.s3.endpointUrl": store.endpoint})
        name = values.name.removesuffix("-values.yaml")

        job = launch(objects, "Job", jar, _ui_build(), tmp_path, external)
        assert job.command[-2:] == ["db", "upgrade"]
        out = _run_to_completion(job.command, job.env, job.cwd, REPO_ROOT / "target" / f"pytest-helm-{name}-job.log")
        assert "is at schema version" in out, out
        applied = re.search(r"\((\d+) migrations applied\)", out)
        assert applied and int(applied.group(1)) > 0, "the Job found the fresh database already migrated"

        pod = launch(objects, "Deployment", jar, _ui_build(), tmp_path, external)
        assert "--skip-db-upgrade" in pod.command
        assert not any(db_uri in a or "s3cret" in a for a in pod.command), "secrets on the command line"
        env = {**pod.env, **(IRSA_KEYS if irsa else {})}
        log = REPO_ROOT / "target" / f"pytest-helm-{name}-server.log"
        with open(log, "wb") as log_handle:
            proc = subprocess.Popen(pod.command, env=env, cwd=pod.cwd, stdout=log_handle, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
            try:
                _check_running_pod(pod, proc, log, store, gate, destination, credentials)
                if allowed_hosts:
                    search = f"http://127.0.0.1:{server_port}/api/2.0/mlflow/experiments/search?max_results=1"
                    foreign = requests.get(search, timeout=10, auth=credentials, headers={"Host": "rebinding.example"})
                    assert foreign.status_code == 403, f"a Host outside allowedHosts got {foreign.status_code}"
            finally:
                _stop(proc)
                gate.close()
        assert proc.returncode in (0, 143), f"server stopped with {proc.returncode}:\n{_tail(log)}"


def _check_running_pod(pod, proc, log, store, gate: TcpGate, destination, credentials) -> None:
    live = _probe_url(pod.container, "livenessProbe")
    ready = _probe_url(pod.container, "readinessProbe")
    assert live.endswith("/health") and ready.endswith("/health/ready")
    assert _wait_for(live, proc, log).text == "OK"
    assert _wait_for(ready, proc, log).text == "OK"
    base = live.removesuffix("/health")

    if credentials is not None:
        refused = requests.get(base + "/api/2.0/mlflow/experiments/search?max_results=1", timeout=10)
        assert refused.status_code == 401, f"auth is on but an anonymous search got {refused.status_code}"
    ui = requests.get(base + "/", timeout=10, auth=credentials)
    if _ui_build() is not None:
        assert ui.status_code == 200 and "text/html" in ui.headers["Content-Type"], ui.status_code

    client = MlflowClient(tracking_uri=base)
    exp = client.create_experiment(unique("chart"))
    run = client.create_run(exp)
    run_id = run.info.run_id
    client.log_metric(run_id, "loss", 0.25, step=3)
    local = pod.cwd / "hello.txt"
    local.write_text("from the chart's pod\n")
    client.log_artifact(run_id, str(local))
    client.set_terminated(run_id)
    assert [(m.value, m.step) for m in client.get_metric_history(run_id, "loss")] == [(0.25, 3)]
    fetched = Path(client.download_artifacts(run_id, "hello.txt", dst_path=str(pod.cwd / "dl")))
    assert fetched.read_text() == "from the chart's pod\n"
    prefix = destination.path.strip("/")
    stored = [k for k in store.keys() if k.endswith("/hello.txt")]
    assert len(stored) == 1 and stored[0].startswith(prefix + "/"), store.keys()

    # Database unreachable: readiness fails (503, MLflow's error shape), liveness stays OK.
    gate.close()
    deadline = time.monotonic() + 20
    while True:
        r = requests.get(ready, timeout=10)
        if r.status_code == 503 or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert r.status_code == 503, r.text
    assert r.json()["error_code"] == "TEMPORARILY_UNAVAILABLE"
    assert requests.get(live, timeout=10).text == "OK"
    gate.open()
    assert _wait_for(ready, proc, log).text == "OK"
    assert [m.value for m in client.get_metric_history(run_id, "loss")] == [0.25]
