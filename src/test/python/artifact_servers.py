"""Extra server processes for the artifact tests, beside the session server of conftest.py.

The session server runs with ``--default-artifact-root`` (clients write artifacts themselves).
Proxying (``mlflow-artifacts:/`` run URIs, bytes through the server), ``--artifacts-only`` and
``--no-serve-artifacts`` each need a server of their own, started here from the same jar with
conftest's helpers. Each gets its own temporary folder laid out as::

    <root>/artifacts/      --artifacts-destination (or --default-artifact-root)
    <root>/canary.txt      a file beside the destination that no request may read, change or delete
    <root>/outside/        a folder outside the destination, the target of planted symbolic links
    <root>/db.mv.db        its own H2 file (H2 file databases are single-process)

``LABBOOK_TEST_BACKEND_URI`` is reused when it names a shared database server (MySQL/MariaDB);
an ``h2:`` URI cannot be shared with the session server, so then each server gets its own file.

``LABBOOK_TEST_EXTRA_SERVER=mlflow`` starts stock ``mlflow server`` (SQLite) instead of the jar,
to check the tests themselves against MLflow.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import REPO_ROOT, _backend_label, _find_java, _free_port, _stop, _wait_healthy

CANARY_TEXT = "canary: must never be read, changed or deleted through the server\n"
OUTSIDE_TEXT = "outside the artifact destination\n"


@dataclass
class ExtraServer:
    url: str
    root: Path
    proc: subprocess.Popen
    log: Path
    mode: str
    stock_mlflow: bool = False
    _log_handle: object = field(default=None, repr=False)

    @property
    def destination(self) -> Path:
        return self.root / "artifacts"

    @property
    def canary(self) -> Path:
        return self.root / "canary.txt"

    @property
    def outside(self) -> Path:
        return self.root / "outside"

    def files_outside_destination(self) -> dict[str, bytes]:
        """Every file under the root but outside the destination (and the database), with its bytes."""
        found = {}
        for path in sorted(self.root.rglob("*")):
            rel = path.relative_to(self.root)
            if rel.parts[0] in ("artifacts",) or rel.name.startswith(("db", "mlflow.db")):
                continue
            if path.is_file() and not path.is_symlink():
                found[str(rel)] = path.read_bytes()
        return found

    def stop(self) -> None:
        if self.stock_mlflow and self.proc.poll() is None:
            # mlflow server runs gunicorn in child processes of its own session.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
        _stop(self.proc)
        if self._log_handle is not None:
            self._log_handle.close()
        shutil.rmtree(self.root, ignore_errors=True)


def _backend_for(root: Path) -> str:
    shared = os.environ.get("LABBOOK_TEST_BACKEND_URI")
    if shared and not shared.lower().startswith(("h2:", "jdbc:h2:")):
        return shared
    return f"h2:{root / 'db'}"


def start_server(mode: str, *, artifact_uri: str | None = None,
                 env: dict[str, str] | None = None) -> ExtraServer:
    """Starts a server in one of the modes 'proxy', 'artifacts-only', 'no-serve-artifacts'.

    ``artifact_uri`` replaces the local ``<root>/artifacts`` folder as destination / default root
    (e.g. ``s3://bucket/prefix``); ``env`` is added to the environment of the server process only.
    """
    if os.environ.get("LABBOOK_TEST_SERVER_URL") and os.environ.get("LABBOOK_TEST_EXTRA_SERVER") != "mlflow":
        pytest.skip("LABBOOK_TEST_SERVER_URL is set: no server processes are started")
    stock = os.environ.get("LABBOOK_TEST_EXTRA_SERVER") == "mlflow"
    root = Path(tempfile.mkdtemp(prefix=f"labbook-{mode}-"))
    destination = root / "artifacts"
    destination.mkdir()
    (root / "canary.txt").write_text(CANARY_TEXT)
    (root / "outside").mkdir()
    (root / "outside" / "secret.txt").write_text(OUTSIDE_TEXT)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"

    if stock:
        # gunicorn serves MLflow's Flask handlers (mlflow/server/handlers.py), the reference here.
        backend = f"sqlite:///{root / 'mlflow.db'}"
        cmd = [sys.executable, "-m", "mlflow", "server", "--host", "127.0.0.1", "--port", str(port),
               "--gunicorn-opts", "--workers 1 --timeout 600"]
        if mode != "artifacts-only":  # MLflow refuses a backend store in --artifacts-only mode
            cmd += ["--backend-store-uri", backend]
    else:
        jar = Path(os.environ.get("LABBOOK_JAR") or REPO_ROOT / "target" / "labbook.jar")
        if not jar.is_file():
            pytest.exit(f"server jar not found: {jar} (build it first or set LABBOOK_JAR)", returncode=3)
        backend = _backend_for(root)
        cmd = [_find_java(), "-jar", str(jar), "server", "--host", "127.0.0.1", "--port", str(port),
               "--backend-store-uri", backend]
    target = artifact_uri or str(destination)
    if mode == "proxy":
        cmd += ["--artifacts-destination", target]
    elif mode == "artifacts-only":
        cmd += ["--artifacts-only", "--artifacts-destination", target]
    elif mode == "no-serve-artifacts":
        cmd += ["--no-serve-artifacts", "--default-artifact-root", target]
    else:
        raise ValueError(mode)

    log_dir = REPO_ROOT / "target"
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"pytest-server-{mode}-{_backend_label(backend)}.log"
    log_handle = open(log, "wb")
    log_handle.write(("# " + " ".join(cmd) + "\n").encode())
    log_handle.flush()
    proc = subprocess.Popen(cmd, stdout=log_handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            cwd=str(root), start_new_session=True,
                            env={**os.environ, **env} if env else None)
    server = ExtraServer(url=url, root=root, proc=proc, log=log, mode=mode, stock_mlflow=stock,
                         _log_handle=log_handle)
    try:
        _wait_healthy(url, proc, log)
    except RuntimeError as e:
        server.stop()
        pytest.fail(f"{mode} server failed to start: {e}")
    return server
