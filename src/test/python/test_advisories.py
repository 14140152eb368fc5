"""Regression tests for the classes of MLflow's published security advisories that apply to a
tracking server, one class per section, all over HTTP against the jar:

* path traversal in artifact and model-version paths (CVE-2023-30172, CVE-2023-1177, CVE-2023-2356,
  CVE-2023-6831/6909, CVE-2023-6977 symlinks, CVE-2024-1483/1558/1593/2928, CVE-2024-6838 lengths,
  CVE-2026-2033, CVE-2026-2614 prompt-tag bypass, CVE-2026-69148 another run's files);
* server-side request forgery through sources and locations (CVE-2023-6974, GHSA-mr9f-g8qf-4w4j);
* CSRF and DNS rebinding (CVE-2023-43472, CVE-2023-6568, CVE-2025-14279).

test_artifacts.py covers the artifact proxy routes and get-artifact with run_id; these fill the
gaps: get-artifact with run_uuid, model-versions/get-artifact, the logged-model artifact routes,
registration sources and experiment locations. Each test checks the refusal (status and MLflow's
error shape), that nothing secret leaks, and that nothing was created or contacted.

Against a stock `mlflow server` 3.18.0 (LABBOOK_TEST_SERVER_URL) everything passes except where
Labbook is deliberately stricter: backslash, NUL and ';' read paths (MLflow takes them as plain
names and answers 404), double-encoded and NUL local sources, and '%23', ';' or '..' in a local
experiment location (MLflow stores those).
"""
from __future__ import annotations

import http.client
import http.server
import json
import threading
import urllib.parse
from pathlib import Path

import pytest
from mlflow import MlflowClient

from lbutil import unique

CANARY = "advisory canary: must never be served\n"


def _request(base_url: str, method: str, target: str, body: bytes | None = None,
             headers: dict | None = None):
    """Sends the request-target exactly as given, with any Host header."""
    parts = urllib.parse.urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.putrequest(method, target, skip_host=headers is not None and "Host" in headers,
                        skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def _post_json(base_url: str, path: str, payload: dict, headers: dict | None = None):
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return _request(base_url, "POST", path, json.dumps(payload).encode(), all_headers)


def _assert_invalid(status, headers, body):
    assert status == 400, (status, body[:300])
    assert headers.get("content-type", "").startswith("application/json"), body[:300]
    assert json.loads(body)["error_code"] == "INVALID_PARAMETER_VALUE", body[:300]


def _quote_all(text: str) -> str:
    return "".join(f"%{b:02X}" for b in text.encode())


# `up` levels above the root, then `name`; `absolute` is the target's absolute path.
TRAVERSALS = {
    "dotdot": lambda up, name, absolute: "../" * up + name,
    "encoded-dots": lambda up, name, absolute: "%2e%2e/" * up + name,
    "fully-encoded": lambda up, name, absolute: _quote_all("../" * up + name),
    "double-encoded": lambda up, name, absolute: "%252e%252e%252f" * up + name,
    "absolute": lambda up, name, absolute: absolute,
    "file-uri": lambda up, name, absolute: "file://" + absolute,
    "backslash": lambda up, name, absolute: "..%5C" * up + name,
    "hash": lambda up, name, absolute: "x%23/" + "../" * (up + 1) + name,
    "semicolon": lambda up, name, absolute: "..;/" * up + name,
    "nul": lambda up, name, absolute: "..%00/" * up + name,
}


def _versions(client: MlflowClient, name: str) -> list:
    return client.search_model_versions(f"name = '{name}'")


# ------------------------------------------------------------------------------------------------
# fixtures: a run whose artifact folder has a secret planted above it, a version and a logged model
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def planted(server_url, tmp_path_factory):
    """A run with model/MLmodel, a registered version of model/, a logged model with a file, and
    a secret beside each artifact folder (one level above the run's artifact root)."""
    client = MlflowClient(tracking_uri=server_url)
    experiment_id = client.create_experiment(unique("advisories"))
    run = client.create_run(experiment_id)
    local = tmp_path_factory.mktemp("advisory-model")
    (local / "MLmodel").write_text("artifact_path: model\n")
    client.log_artifact(run.info.run_id, str(local / "MLmodel"), "model")
    artifacts = Path(run.info.artifact_uri.replace("file://", ""))
    run_secret = artifacts.parent / "secret.txt"
    run_secret.write_text(CANARY)
    name = unique("advisory-model")
    client.create_registered_model(name)
    client.create_model_version(name, run.info.artifact_uri + "/model", run_id=run.info.run_id)

    model = client.create_logged_model(experiment_id)
    client.log_model_artifact(model.model_id, str(local / "MLmodel"))
    model_root = Path(model.artifact_location.replace("file://", ""))
    model_secret = model_root.parent / "secret.txt"
    model_secret.write_text(CANARY)
    return {"client": client, "run": run, "run_secret": run_secret, "name": name,
            "model_id": model.model_id, "model_secret": model_secret, "experiment_id": experiment_id}


def _assert_refused_read(status, headers, body, secret: Path):
    assert status == 400, (status, body[:300])
    assert CANARY.encode() not in body and b"secret.txt" not in body
    assert secret.read_text() == CANARY


# ------------------------------------------------------------------------------------------------
# path traversal on read routes
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("variant", sorted(TRAVERSALS))
def test_get_artifact_with_run_uuid_refuses_traversal(server_url, planted, variant):
    run, secret = planted["run"], planted["run_secret"]
    path = TRAVERSALS[variant](1, "secret.txt", str(secret))
    status, headers, body = _request(server_url, "GET", f"/get-artifact?run_uuid={run.info.run_id}&path={path}")
    _assert_refused_read(status, headers, body, secret)


@pytest.mark.parametrize("variant", sorted(TRAVERSALS))
def test_model_version_get_artifact_refuses_traversal(server_url, planted, variant):
    # The version's files are <run artifacts>/model: the secret is two levels up.
    secret = planted["run_secret"]
    path = TRAVERSALS[variant](2, "secret.txt", str(secret))
    target = f"/model-versions/get-artifact?name={planted['name']}&version=1&path={path}"
    status, headers, body = _request(server_url, "GET", target)
    _assert_refused_read(status, headers, body, secret)


def test_model_version_get_artifact_still_serves_its_own_files(server_url, planted):
    status, headers, body = _request(server_url, "GET",
                                     f"/model-versions/get-artifact?name={planted['name']}&version=1&path=MLmodel")
    assert status == 200 and body == b"artifact_path: model\n"
    assert "attachment" in headers["content-disposition"] and headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("variant", sorted(TRAVERSALS))
def test_logged_model_artifact_routes_refuse_traversal(server_url, planted, variant):
    model_id, secret = planted["model_id"], planted["model_secret"]
    path = TRAVERSALS[variant](1, "secret.txt", str(secret))
    files = f"/ajax-api/2.0/mlflow/logged-models/{model_id}/artifacts/files?artifact_file_path={path}"
    _assert_refused_read(*_request(server_url, "GET", files), secret)
    listing = (f"/api/2.0/mlflow/logged-models/{model_id}/artifacts/directories"
               f"?artifact_directory_path={TRAVERSALS[variant](1, '', str(secret.parent))}")
    _assert_refused_read(*_request(server_url, "GET", listing), secret)


def test_logged_model_artifact_files_still_served(server_url, planted):
    status, _, body = _request(server_url, "GET", f"/ajax-api/2.0/mlflow/logged-models/{planted['model_id']}"
                                                  "/artifacts/files?artifact_file_path=MLmodel")
    assert status == 200 and body == b"artifact_path: model\n"


def test_model_version_files_behind_a_symbolic_link_are_not_served(server_url, planted, tmp_path):
    """CVE-2023-6977: a link inside a version's folder must not lead out of the artifact root."""
    client, run = planted["client"], planted["run"]
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(CANARY)
    model_dir = Path(run.info.artifact_uri.replace("file://", "")) / "model"
    (model_dir / "link").symlink_to(outside, target_is_directory=True)
    try:
        status, _, body = _request(server_url, "GET",
                                   f"/model-versions/get-artifact?name={planted['name']}&version=1&path=link/secret.txt")
        assert 400 <= status < 500, (status, body[:300])
        assert CANARY.encode() not in body
    finally:
        (model_dir / "link").unlink()


# ------------------------------------------------------------------------------------------------
# path traversal when registering: sources that point outside the run
# ------------------------------------------------------------------------------------------------
def _bad_sources(run, other_run):
    uri = run.info.artifact_uri
    return {
        "dotdot": (uri + "/../../", run.info.run_id),
        "encoded-dots": (uri + "/%2e%2e/%2e%2e", run.info.run_id),
        "double-encoded": (uri + "/%252e%252e/%252e%252e/x", run.info.run_id),
        "encoded-hash": (uri + "%23/../../x", run.info.run_id),
        "hash": (uri + "#/../../x", run.info.run_id),
        "nul": (uri + "/model%00", run.info.run_id),
        "etc": ("/etc", run.info.run_id),
        "file-uri-etc": ("file:///etc/passwd", run.info.run_id),
        "no-run-id": (uri + "/model", None),
        "another-runs-folder": (other_run.info.artifact_uri + "/model", run.info.run_id),
        "another-runs-uri": (f"runs:/{other_run.info.run_id}/model", run.info.run_id),
        "s3-dotdot": ("s3://bucket/models/../../other", None),
        "s3-encoded-dotdot": ("s3://bucket/a%2f..%2f..%2fb", None),
    }


BAD_SOURCES = ["another-runs-folder", "another-runs-uri", "dotdot", "double-encoded", "encoded-dots", "encoded-hash",
               "etc", "file-uri-etc", "hash", "no-run-id", "nul", "s3-dotdot", "s3-encoded-dotdot"]


@pytest.mark.parametrize("variant", BAD_SOURCES)
def test_model_version_sources_outside_the_run_are_refused(server_url, planted, variant):
    client = planted["client"]
    run = planted["run"]
    other = client.create_run(planted["experiment_id"])
    source, run_id = _bad_sources(run, other)[variant]
    name = unique("bad-source")
    client.create_registered_model(name)
    payload = {"name": name, "source": source}
    if run_id:
        payload["run_id"] = run_id
    _assert_invalid(*_post_json(server_url, "/api/2.0/mlflow/model-versions/create", payload))
    assert _versions(client, name) == []


def test_the_prompt_tag_does_not_skip_source_validation(server_url, planted):
    """CVE-2026-2614: a version tagged as a prompt was registered without its source being checked."""
    client = planted["client"]
    name = unique("prompt-bypass")
    client.create_registered_model(name)
    for source in ("/etc", "file:///etc/passwd", planted["run"].info.artifact_uri + "/../../"):
        payload = {"name": name, "source": source, "run_id": planted["run"].info.run_id,
                   "tags": [{"key": "mlflow.prompt.is_prompt", "value": "true"}]}
        _assert_invalid(*_post_json(server_url, "/api/2.0/mlflow/model-versions/create", payload))
    assert _versions(client, name) == []


@pytest.mark.parametrize("location", [
    "file:///tmp/x#/../../etc",            # CVE-2024-1483 / CVE-2024-2928: '#' carrying '../'
    "file:///tmp/x%23/../../etc",          # CVE-2024-1558: the same, percent-encoded
    "file:///tmp/x;a=/../../etc",          # CVE-2024-1593: ';' params
    "file:///tmp/x?a=/../../etc",
    "/tmp/x/../../etc",
    "s3://bucket/" + "a" * 3000,           # CVE-2024-6838: no length limit
])
def test_experiment_artifact_location_tricks_are_refused(server_url, client, location):
    name = unique("bad-location")
    _assert_invalid(*_post_json(server_url, "/api/2.0/mlflow/experiments/create",
                                {"name": name, "artifact_location": location}))
    assert client.get_experiment_by_name(name) is None


# ------------------------------------------------------------------------------------------------
# server-side request forgery: URIs that make a server connect to the host they name
# ------------------------------------------------------------------------------------------------
class _Listener:
    """A local HTTP server that only counts the requests it receives."""

    def __init__(self):
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                hits.append(self.path)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"model bytes from an attacker")

            do_POST = do_PUT = do_HEAD = do_GET

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    server = _Listener()
    yield server
    server.close()


def _host_addressed(port: int) -> dict[str, str]:
    return {
        "http-loopback": f"http://127.0.0.1:{port}/model",
        "https-loopback": f"https://127.0.0.1:{port}/model",
        "http-proxy-route": f"http://127.0.0.1:{port}/api/2.0/mlflow-artifacts/artifacts/1/model",
        "cloud-metadata": "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "cloud-metadata-ipv6": "http://[fd00:ec2::254]/latest/meta-data/",
        "ftp": f"ftp://127.0.0.1:{port}/model",
        "sftp": f"sftp://127.0.0.1:{port}/model",
        "hdfs": f"hdfs://127.0.0.1:{port}/model",
        "r2": f"r2://bucket@127.0.0.1:{port}/model",
        "mlflow-artifacts-with-host": f"mlflow-artifacts://127.0.0.1:{port}/1/model",
    }


HOST_ADDRESSED = sorted(_host_addressed(0))


@pytest.mark.parametrize("variant", HOST_ADDRESSED)
def test_host_addressed_model_sources_are_refused_and_never_contacted(server_url, planted, listener, variant):
    client, run = planted["client"], planted["run"]
    source = _host_addressed(listener.port)[variant]
    name = unique("ssrf-source")
    client.create_registered_model(name)
    for payload in ({"name": name, "source": source}, {"name": name, "source": source, "run_id": run.info.run_id}):
        status, headers, body = _post_json(server_url, "/api/2.0/mlflow/model-versions/create", payload)
        _assert_invalid(status, headers, body)
        assert "scheme" in json.loads(body)["message"]
    assert _versions(client, name) == []
    assert listener.hits == []


@pytest.mark.parametrize("variant", HOST_ADDRESSED)
def test_host_addressed_artifact_locations_are_refused(server_url, client, listener, variant):
    name = unique("ssrf-location")
    location = _host_addressed(listener.port)[variant]
    _assert_invalid(*_post_json(server_url, "/api/2.0/mlflow/experiments/create",
                                {"name": name, "artifact_location": location}))
    assert client.get_experiment_by_name(name) is None
    assert listener.hits == []


def test_registered_model_downloads_stay_on_this_server(server_url, planted, listener):
    """Nothing a client can register makes the server fetch from elsewhere when serving a version."""
    name = planted["name"]
    for path in ("MLmodel", f"http://127.0.0.1:{listener.port}/x", f"//127.0.0.1:{listener.port}/x"):
        _request(server_url, "GET", f"/model-versions/get-artifact?name={name}&version=1&path={path}")
    status, _, body = _request(server_url, "GET",
                               f"/api/2.0/mlflow/model-versions/get-download-uri?name={name}&version=1")
    assert status == 200 and str(listener.port) not in body.decode()
    assert listener.hits == []


# ------------------------------------------------------------------------------------------------
# CSRF and DNS rebinding: what a web page in the user's browser can make it send
# ------------------------------------------------------------------------------------------------
def test_cross_origin_simple_post_is_refused_and_changes_nothing(server_url, client):
    """CVE-2023-43472: a page posts text/plain (no preflight) to the local server."""
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "application/json"):
        name = unique("csrf")
        status, headers, body = _request(server_url, "POST", "/api/2.0/mlflow/experiments/create",
                                         json.dumps({"name": name}).encode(),
                                         {"Content-Type": content_type, "Origin": "https://attacker.example"})
        assert status == 403, (content_type, status, body[:200])
        assert body == b"Cross-origin request blocked"
        assert client.get_experiment_by_name(name) is None


def test_a_form_post_without_origin_is_refused_by_content_type(server_url, client):
    name = unique("form")
    status, headers, body = _request(server_url, "POST", "/ajax-api/2.0/mlflow/experiments/create",
                                     f"name={name}".encode(),
                                     {"Content-Type": "application/x-www-form-urlencoded"})
    _assert_invalid(status, headers, body)
    assert client.get_experiment_by_name(name) is None


def test_the_content_type_error_reflects_nothing(server_url):
    """CVE-2023-6568: the refused Content-Type was echoed into the error (reflected XSS)."""
    status, headers, body = _request(server_url, "POST", "/api/2.0/mlflow/experiments/create", b"{}",
                                     {"Content-Type": "text/html; charset=<script>alert(1)</script>"})
    _assert_invalid(status, headers, body)
    assert b"<script>" not in body and b"alert" not in body


def test_a_rebound_host_name_is_refused_and_changes_nothing(server_url, client):
    """CVE-2025-14279: attacker.example re-resolved to 127.0.0.1 reaches the server with its own Host."""
    port = urllib.parse.urlsplit(server_url).port
    name = unique("rebinding")
    status, headers, body = _request(server_url, "POST", "/api/2.0/mlflow/experiments/create",
                                     json.dumps({"name": name}).encode(),
                                     {"Host": f"attacker.example:{port}", "Content-Type": "application/json"})
    assert status == 403 and body == b"Invalid Host header - possible DNS rebinding attack detected"
    assert client.get_experiment_by_name(name) is None
    status, _, body = _request(server_url, "GET", "/api/2.0/mlflow/experiments/search?max_results=1",
                               headers={"Host": f"attacker.example:{port}"})
    assert status == 403 and b"experiments" not in body
    assert _request(server_url, "GET", "/health", headers={"Host": f"attacker.example:{port}"})[0] == 200


def test_a_foreign_preflight_grants_nothing(server_url):
    status, headers, body = _request(server_url, "OPTIONS", "/api/2.0/mlflow/experiments/create", headers={
        "Origin": "https://attacker.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status == 400 and body == b"Disallowed CORS origin"
    assert "access-control-allow-origin" not in headers


def test_responses_forbid_sniffing_and_framing(server_url):
    for target in ("/api/2.0/mlflow/experiments/get?experiment_id=0", "/health", "/"):
        _, headers, _ = _request(server_url, "GET", target)
        assert headers.get("x-content-type-options") == "nosniff", target
        assert headers.get("x-frame-options") == "SAMEORIGIN", target
