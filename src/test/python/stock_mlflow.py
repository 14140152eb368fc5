"""A stock ``mlflow server`` (SQLite, local artifacts) for tests that compare Labbook with it."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from conftest import REPO_ROOT, _free_port, _stop, _wait_healthy


@contextlib.contextmanager
def stock_mlflow(label: str):
    """Starts ``python -m mlflow server`` of the pinned client on a free port; yields its URL."""
    root = Path(tempfile.mkdtemp(prefix=f"labbook-stock-{label}-"))
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = REPO_ROOT / "target" / f"pytest-stock-mlflow-{label}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "mlflow", "server", "--host", "127.0.0.1", "--port", str(port),
           "--backend-store-uri", f"sqlite:///{root / 'mlflow.db'}",
           "--default-artifact-root", str(root / "artifacts"), "--workers", "1"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        _stop(proc)
        shutil.rmtree(root, ignore_errors=True)
