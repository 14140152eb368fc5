"""Session harness for the Labbook <-> stock MLflow client compatibility suite.

Starts ``target/labbook.jar`` once per session (see README-style notes below), points the
stock ``mlflow`` client at it and hands out ``server_url`` / ``client`` fixtures.

Environment knobs:

* ``LABBOOK_JAR``               - jar to start (default ``<repo>/target/labbook.jar``).
* ``LABBOOK_TEST_BACKEND_URI``  - ``--backend-store-uri`` (default ``h2:<tmpdir>/db``),
                                  e.g. ``mysql://labbook:labbook@127.0.0.1:3306/labbook_py``.
* ``LABBOOK_TEST_SERVER_URL``   - do not start anything, test an already running server
                                  (e.g. a stock ``mlflow server`` to validate the suite itself).
* ``JAVA_HOME``                 - use ``$JAVA_HOME/bin/java`` (else ``java`` from PATH; must be 21+).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[2]  # src/test/python -> repo root
MIN_JAVA = 21
STARTUP_TIMEOUT_S = 60

# --- client configuration: must be in place before mlflow builds its HTTP session -----------------
# A server 5xx must fail the test at once instead of being retried with back-off for minutes.
os.environ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "0"
os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "60")
os.environ["MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR"] = "0"
# No product telemetry (there is no network here anyway) and no leaking of a developer's settings.
os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
os.environ["DO_NOT_TRACK"] = "true"
for _var in ("MLFLOW_EXPERIMENT_NAME", "MLFLOW_EXPERIMENT_ID", "MLFLOW_RUN_ID",
             "MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD",
             "MLFLOW_ENABLE_ASYNC_LOGGING", "MLFLOW_WORKSPACE"):
    os.environ.pop(_var, None)

import mlflow  # noqa: E402  (after the environment is prepared)
from mlflow import MlflowClient  # noqa: E402

from lbutil import unique  # noqa: E402


# ------------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------------
def _java_major(java: str) -> int | None:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not m:
        return None
    major = int(m.group(1))
    if major == 1 and m.group(2):  # "1.8.0_x"
        major = int(m.group(2))
    return major


def _find_java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        java = str(Path(java_home) / "bin" / "java")
        major = _java_major(java)
        if major is None or major < MIN_JAVA:
            pytest.exit(f"JAVA_HOME={java_home}: {java} is not a Java {MIN_JAVA}+ (got {major})",
                        returncode=3)
        return java
    java = shutil.which("java") or "java"
    major = _java_major(java)
    if major is not None and major >= MIN_JAVA:
        return java
    # Convenience: PATH has an old java but a newer JDK is installed side by side.
    for candidate in sorted(Path("/usr/lib/jvm").glob("*/bin/java"), reverse=True):
        m = _java_major(str(candidate))
        if m is not None and m >= MIN_JAVA:
            return str(candidate)
    pytest.exit(f"need Java {MIN_JAVA}+ (java on PATH is {major}); set JAVA_HOME", returncode=3)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 80) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as e:
        return f"<cannot read {path}: {e}>"


def _backend_label(uri: str) -> str:
    scheme = uri.split(":", 1)[0].lower() if ":" in uri else "h2"
    return re.sub(r"[^a-z0-9]+", "-", scheme) or "h2"


def _wait_healthy(url: str, proc: subprocess.Popen | None, log: Path | None) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    last = "no answer"
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(
                f"server exited with code {proc.returncode} during start-up; log {log}:\n{_tail(log)}")
        try:
            r = requests.get(f"{url}/health", timeout=2)
            if r.status_code == 200 and r.text.strip() == "OK":
                return
            last = f"HTTP {r.status_code}: {r.text[:200]!r}"
        except requests.RequestException as e:
            last = repr(e)
        time.sleep(0.3)
    tail = _tail(log) if log else ""
    raise RuntimeError(f"server at {url} not healthy after {STARTUP_TIMEOUT_S}s ({last}); "
                       f"log {log}:\n{tail}")


# ------------------------------------------------------------------------------------------------
# session server
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def server_url():
    external = os.environ.get("LABBOOK_TEST_SERVER_URL")
    proc = None
    tmpdir = None
    log_handle = None
    if external:
        url = external.rstrip("/")
        _wait_healthy(url, None, None)
    else:
        jar = Path(os.environ.get("LABBOOK_JAR") or REPO_ROOT / "target" / "labbook.jar")
        if not jar.is_file():
            pytest.exit(f"server jar not found: {jar} (build it first or set LABBOOK_JAR)",
                        returncode=3)
        java = _find_java()
        tmpdir = Path(tempfile.mkdtemp(prefix="labbook-pytest-"))
        artifacts = tmpdir / "artifacts"
        artifacts.mkdir()
        backend = os.environ.get("LABBOOK_TEST_BACKEND_URI") or f"h2:{tmpdir / 'db'}"
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        log_dir = REPO_ROOT / "target"
        log_dir.mkdir(parents=True, exist_ok=True)
        log = log_dir / f"pytest-server-{_backend_label(backend)}.log"
        log_handle = open(log, "wb")
        cmd = [java, "-jar", str(jar), "server", "--host", "127.0.0.1", "--port", str(port),
               "--backend-store-uri", backend, "--default-artifact-root", str(artifacts)]
        log_handle.write(("# " + " ".join(cmd) + "\n").encode())
        log_handle.flush()
        proc = subprocess.Popen(cmd, stdout=log_handle, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, cwd=str(tmpdir),
                                start_new_session=True)
        try:
            _wait_healthy(url, proc, log)
        except RuntimeError as e:
            _stop(proc)
            log_handle.close()
            shutil.rmtree(tmpdir, ignore_errors=True)
            print(str(e), file=sys.stderr)
            pytest.exit(f"Labbook server failed to start: {e}", returncode=3)

    os.environ["MLFLOW_TRACKING_URI"] = url
    mlflow.set_tracking_uri(url)
    try:
        yield url
    finally:
        while mlflow.active_run():
            mlflow.end_run()
        if proc is not None:
            _stop(proc)
        if log_handle is not None:
            log_handle.close()
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def client(server_url) -> MlflowClient:
    return MlflowClient(tracking_uri=server_url)


@pytest.fixture
def experiment_id(client) -> str:
    """A fresh, uniquely named experiment for one test."""
    return client.create_experiment(unique("exp"))


@pytest.fixture(autouse=True)
def _no_leaked_fluent_state(request):
    """Every test starts and ends without an active fluent run."""
    if "server_url" in request.fixturenames or "client" in request.fixturenames:
        while mlflow.active_run():
            mlflow.end_run()
    yield
    while mlflow.active_run():
        mlflow.end_run()


def pytest_report_header(config):
    target = os.environ.get("LABBOOK_TEST_SERVER_URL") or (
        f"jar {os.environ.get('LABBOOK_JAR') or REPO_ROOT / 'target' / 'labbook.jar'}, backend "
        f"{os.environ.get('LABBOOK_TEST_BACKEND_URI') or 'h2:<tmp>'}")
    pinned = "" if mlflow.__version__ == "3.18.0" else " (WARNING: the suite pins 3.18.0)"
    return [f"mlflow client {mlflow.__version__}{pinned}; server under test: {target}"]
