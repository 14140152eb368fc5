"""A 2 GiB artifact through the proxy, with the server's heap capped at 256 MiB.

The server must stream: a buffered 2 GiB body cannot fit in its heap, so the upload or the
download would fail. Bytes are compared by sha256. Uses its own server process because the heap
cap and the proxied artifact root (no --default-artifact-root) differ from the session server.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import mlflow
import pytest
import requests
from mlflow import MlflowClient

from conftest import REPO_ROOT, _find_java, _free_port, _stop, _wait_healthy
from lbutil import unique

pytestmark = pytest.mark.slow

SIZE = 2 * 1024 ** 3
CHUNK = 8 * 1024 * 1024


@pytest.fixture(scope="module")
def small_heap_server():
    jar = Path(os.environ.get("LABBOOK_JAR") or REPO_ROOT / "target" / "labbook.jar")
    tmp = Path(tempfile.mkdtemp(prefix="labbook-stream-"))
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = REPO_ROOT / "target" / "pytest-server-streaming.log"
    env = dict(os.environ, JAVA_TOOL_OPTIONS="-Xmx256m")
    cmd = [_find_java(), "-jar", str(jar), "server", "--host", "127.0.0.1", "--port", str(port),
           "--backend-store-uri", f"h2:{tmp / 'db'}", "--artifacts-destination", str(tmp / "artifacts")]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=str(tmp), env=env, start_new_session=True)
        try:
            _wait_healthy(url, proc, log)
            yield url, tmp
        finally:
            _stop(proc)
            shutil.rmtree(tmp, ignore_errors=True)


def _write_big_file(path: Path) -> str:
    """A 2 GiB file of varied bytes, written in chunks; returns its sha256."""
    digest = hashlib.sha256()
    block = os.urandom(CHUNK)
    with open(path, "wb") as f:
        for i in range(SIZE // CHUNK):
            chunk = i.to_bytes(8, "big") + block[8:]
            digest.update(chunk)
            f.write(chunk)
    return digest.hexdigest()


def test_two_gib_round_trip_with_a_256_mib_heap(small_heap_server, tmp_path):
    url, _ = small_heap_server
    source = tmp_path / "big.bin"
    expected = _write_big_file(source)

    client = MlflowClient(tracking_uri=url)
    exp_id = client.create_experiment(unique("streaming"))
    run = client.create_run(exp_id)
    assert run.info.artifact_uri.startswith("mlflow-artifacts:")
    client.log_artifact(run.info.run_id, str(source), artifact_path="data")
    source.unlink()

    proxied = f"{url}/api/2.0/mlflow-artifacts/artifacts/{exp_id}/{run.info.run_id}/artifacts/data/big.bin"
    digest = hashlib.sha256()
    received = 0
    with requests.get(proxied, stream=True, timeout=600) as response:
        assert response.status_code == 200
        assert int(response.headers["Content-Length"]) == SIZE
        for chunk in response.iter_content(CHUNK):
            digest.update(chunk)
            received += len(chunk)
    assert received == SIZE
    assert digest.hexdigest() == expected

    # The server is still healthy afterwards: no OutOfMemoryError took it down.
    assert requests.get(f"{url}/health", timeout=5).text == "OK"
