"""A server started with ``--auth`` (MLflow's basic-auth app), beside the session server of conftest.py.

The first admin comes from ``LABBOOK_ADMIN_PASSWORD``, as in production. The server uses
``LABBOOK_TEST_BACKEND_URI`` when that names a shared database server (users are created with
unique names, so a reused database is fine), else an H2 file of its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO_ROOT, _backend_label, _find_java, _free_port, _stop, _wait_healthy

ADMIN = "admin"
ADMIN_PASSWORD = "test-admin-password"


@dataclass
class AuthServer:
    url: str
    root: Path
    proc: subprocess.Popen
    log: Path

    def stop(self) -> None:
        _stop(self.proc)
        shutil.rmtree(self.root, ignore_errors=True)


def start_auth_server() -> AuthServer:
    if os.environ.get("LABBOOK_TEST_SERVER_URL"):
        pytest.skip("LABBOOK_TEST_SERVER_URL is set: no server processes are started")
    jar = Path(os.environ.get("LABBOOK_JAR") or REPO_ROOT / "target" / "labbook.jar")
    if not jar.is_file():
        pytest.exit(f"server jar not found: {jar} (build it first or set LABBOOK_JAR)", returncode=3)
    root = Path(tempfile.mkdtemp(prefix="labbook-auth-"))
    shared = os.environ.get("LABBOOK_TEST_BACKEND_URI")
    backend = shared if shared and not shared.lower().startswith(("h2:", "jdbc:h2:")) else f"h2:{root / 'db'}"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [_find_java(), "-jar", str(jar), "server", "--auth", "--host", "127.0.0.1", "--port", str(port),
           "--backend-store-uri", backend, "--artifacts-destination", str(root / "artifacts")]
    log_dir = REPO_ROOT / "target"
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"pytest-server-auth-{_backend_label(backend)}.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLFLOW_AUTH_", "LABBOOK_A"))}
    env["LABBOOK_ADMIN_PASSWORD"] = ADMIN_PASSWORD
    with open(log, "wb") as handle:
        handle.write(("# " + " ".join(cmd) + "\n").encode())
        handle.flush()
        proc = subprocess.Popen(cmd, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=str(root), start_new_session=True, env=env)
    server = AuthServer(url=url, root=root, proc=proc, log=log)
    try:
        _wait_healthy(url, proc, log)
    except RuntimeError as e:
        server.stop()
        pytest.fail(f"--auth server failed to start: {e}")
    return server
