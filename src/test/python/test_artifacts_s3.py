"""Artifacts on S3-compatible storage (S3Proxy, see s3proxy_server.py) with the stock client.

* proxy mode, ``--artifacts-destination s3://<bucket>/proxied``: only the server holds the S3
  settings; the client talks HTTP to Labbook, large files go through presigned multipart uploads;
* ``--no-serve-artifacts --default-artifact-root s3://<bucket>/direct``: the client writes to S3
  itself (boto3), the mlflow-artifacts endpoints answer 503;
* path traversal against the S3-backed proxy leaves nothing outside ``proxied/`` in the bucket.

Each test starts its own Labbook server (artifact_servers.start_server) and its own S3Proxy.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import urllib.parse
from pathlib import Path

import mlflow
import pytest
import requests
from mlflow import MlflowClient
from mlflow.store.artifact.http_artifact_repo import HttpArtifactRepository

from artifact_servers import start_server
from lbutil import unique
from s3proxy_server import s3proxy  # noqa: F401  (fixture)

PROXY_ROUTE = "/api/2.0/mlflow-artifacts/artifacts"
MB = 1024 * 1024
BIG_SIZE = 300 * MB
CLIENT_S3_VARS = ("MLFLOW_S3_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                  "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3")


@pytest.fixture(autouse=True)
def _own_servers_only():
    """These tests start their own servers (as artifact_servers.start_server would skip)."""
    if os.environ.get("LABBOOK_TEST_SERVER_URL") and os.environ.get("LABBOOK_TEST_EXTRA_SERVER") != "mlflow":
        pytest.skip("LABBOOK_TEST_SERVER_URL is set: no server processes are started")


@pytest.fixture
def no_client_s3_env(monkeypatch, tmp_path):
    """The test process (the MLflow client) gets no S3 settings or credentials at all."""
    for var in list(os.environ):
        if var.startswith("AWS_") or var in CLIENT_S3_VARS:
            monkeypatch.delenv(var)
    # No ~/.aws files either: whatever the client would need it has to get through the server.
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))


@pytest.fixture
def s3_proxy_server(s3proxy, no_client_s3_env):
    server = start_server("proxy", artifact_uri=f"s3://{s3proxy.bucket}/proxied", env=s3proxy.server_env())
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def s3_direct_server(s3proxy):
    # The server never touches the bucket in this mode: it only hands out s3:// URIs.
    server = start_server("no-serve-artifacts", artifact_uri=f"s3://{s3proxy.bucket}/direct")
    try:
        yield server
    finally:
        server.stop()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(4 * MB):
            h.update(chunk)
    return h.hexdigest()


def _write_big_file(path: Path, size: int) -> None:
    """Non-repeating content, written in chunks (never the whole file in memory)."""
    seed = hashlib.sha256(b"labbook-s3").digest()
    block = bytearray()
    with open(path, "wb") as f:
        written, counter = 0, 0
        while written < size:
            block.clear()
            while len(block) < 4 * MB:
                block += hashlib.sha256(seed + counter.to_bytes(8, "big")).digest() * 64
                counter += 1
            piece = bytes(block[: min(len(block), size - written)])
            f.write(piece)
            written += len(piece)


def _raw_request(base_url: str, method: str, target: str, body: bytes | None = None):
    """Sends the request-target exactly as given (requests would normalise '..' away)."""
    parts = urllib.parse.urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(method, target, body=body)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


# ------------------------------------------------------------------------------------------------
# proxy mode: the server holds the S3 settings
# ------------------------------------------------------------------------------------------------
def test_proxy_small_and_multipart_upload_to_s3(s3proxy, s3_proxy_server, monkeypatch, tmp_path):
    assert not [v for v in os.environ if v.startswith("AWS_") and v not in
                ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE")], "the client must not see S3 credentials"
    assert "MLFLOW_S3_ENDPOINT_URL" not in os.environ
    url = s3_proxy_server.url

    info = requests.get(f"{url}/api/3.0/mlflow/server-info", timeout=30)
    assert info.status_code == 200, info.text
    assert info.json()["multipart_uploads_enabled"] is True, info.json()

    monkeypatch.setenv("MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD", "true")
    monkeypatch.setenv("MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE", str(50 * MB))
    monkeypatch.setenv("MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE", str(10 * MB))

    # Which uploads went the multipart way, and that none of them fell back to a plain PUT.
    multipart = []
    original = HttpArtifactRepository._try_multipart_upload

    def spy(self, local_file, artifact_path=None):
        original(self, local_file, artifact_path)
        multipart.append(os.path.basename(local_file))

    monkeypatch.setattr(HttpArtifactRepository, "_try_multipart_upload", spy)

    client = MlflowClient(tracking_uri=url)
    run = client.create_run(client.create_experiment(unique("s3-proxy")))
    run_id = run.info.run_id
    assert run.info.artifact_uri.startswith("mlflow-artifacts:/"), run.info.artifact_uri

    small = tmp_path / "small.txt"
    small.write_text("hello from the client, stored on S3\n")
    client.log_artifact(run_id, str(small), "docs")

    big = tmp_path / "big.bin"
    _write_big_file(big, BIG_SIZE)
    assert big.stat().st_size == BIG_SIZE
    big_sha = _sha256(big)
    client.log_artifact(run_id, str(big), "data")
    assert multipart == ["big.bin"], "the 300 MB file must go through mpu/create, parts, mpu/complete"

    # Listed through the server ...
    assert [(f.path, f.is_dir) for f in client.list_artifacts(run_id)] == [("data", True), ("docs", True)]
    assert [(f.path, f.file_size) for f in client.list_artifacts(run_id, "data")] == [("data/big.bin", BIG_SIZE)]
    assert [(f.path, f.file_size) for f in client.list_artifacts(run_id, "docs")] == [
        ("docs/small.txt", small.stat().st_size)]
    # ... and really in the bucket, under the destination prefix.
    relative = run.info.artifact_uri[len("mlflow-artifacts:/"):].strip("/")
    keys = set(s3proxy.keys())
    assert f"proxied/{relative}/data/big.bin" in keys, sorted(keys)
    assert f"proxied/{relative}/docs/small.txt" in keys, sorted(keys)
    head = s3proxy.boto3_client().head_object(Bucket=s3proxy.bucket, Key=f"proxied/{relative}/data/big.bin")
    assert head["ContentLength"] == BIG_SIZE

    # Download through the server, compared byte for byte.
    out = tmp_path / "download"
    out.mkdir()
    local = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="data/big.bin",
                                                dst_path=str(out), tracking_uri=url)
    assert Path(local).stat().st_size == BIG_SIZE
    assert _sha256(Path(local)) == big_sha
    big.unlink()
    Path(local).unlink()
    local_small = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="docs/small.txt",
                                                      dst_path=str(out), tracking_uri=url)
    assert Path(local_small).read_bytes() == small.read_bytes()

    # The web UI's download route reads from S3 too.
    r = requests.get(f"{url}/get-artifact", params={"path": "docs/small.txt", "run_id": run_id}, timeout=60)
    assert (r.status_code, r.content) == (200, small.read_bytes())
    r = requests.get(f"{url}/get-artifact", params={"path": "docs/absent.txt", "run_id": run_id}, timeout=60)
    assert r.status_code == 404, r.text[:300]


# ------------------------------------------------------------------------------------------------
# --no-serve-artifacts: the client writes to S3 itself
# ------------------------------------------------------------------------------------------------
def test_no_serve_artifacts_client_writes_to_s3(s3proxy, s3_direct_server, monkeypatch, tmp_path):
    for var, value in s3proxy.server_env().items():
        monkeypatch.setenv(var, value)
    url = s3_direct_server.url
    client = MlflowClient(tracking_uri=url)
    run = client.create_run(client.create_experiment(unique("s3-direct")))
    run_id = run.info.run_id
    assert run.info.artifact_uri.startswith(f"s3://{s3proxy.bucket}/direct/"), run.info.artifact_uri

    payload = tmp_path / "model.txt"
    payload.write_bytes(os.urandom(64 * 1024))
    client.log_artifact(run_id, str(payload), "out")
    client.log_text(run_id, "text on S3", "notes/n.txt")

    key_prefix = run.info.artifact_uri[len(f"s3://{s3proxy.bucket}/"):]
    keys = set(s3proxy.keys())
    assert {f"{key_prefix}/out/model.txt", f"{key_prefix}/notes/n.txt"} <= keys, sorted(keys)
    assert all(k.startswith("direct/") for k in keys), sorted(keys)

    assert [(f.path, f.is_dir) for f in client.list_artifacts(run_id)] == [("notes", True), ("out", True)]
    assert [(f.path, f.file_size) for f in client.list_artifacts(run_id, "out")] == [
        ("out/model.txt", payload.stat().st_size)]
    out = tmp_path / "download"
    out.mkdir()
    local = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="out/model.txt", dst_path=str(out),
                                                tracking_uri=url)
    assert Path(local).read_bytes() == payload.read_bytes()
    local = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="notes/n.txt", dst_path=str(out),
                                                tracking_uri=url)
    assert Path(local).read_text() == "text on S3"

    # The server does not serve artifacts in this mode.
    for method, target in [("GET", f"{PROXY_ROUTE}?path="), ("GET", f"{PROXY_ROUTE}/x.txt"),
                           ("PUT", f"{PROXY_ROUTE}/x.txt"), ("DELETE", f"{PROXY_ROUTE}/x.txt")]:
        r = requests.request(method, f"{url}{target}", data=b"x" if method == "PUT" else None, timeout=30)
        assert r.status_code == 503, (method, target, r.status_code, r.text[:300])
    assert set(s3proxy.keys()) == keys


# ------------------------------------------------------------------------------------------------
# path traversal against the S3-backed proxy
# ------------------------------------------------------------------------------------------------
TRAVERSALS = {
    "dotdot": "../../escape.txt",
    "dotdot-after-a-folder": "a/../../../escape.txt",
    "encoded-dots": "%2e%2e/%2e%2e/escape.txt",
    "encoded-dots-and-slashes": "%2E%2E%2F%2E%2E%2Fescape.txt",
    "double-encoded": "%252e%252e/%252e%252e/escape.txt",
    "double-encoded-slashes": "%252e%252e%252f%252e%252e%252fescape.txt",
    "backslash-encoded": "..%5C..%5Cescape.txt",
    "backslash-in-a-name": "a%5Cb.txt",
    "semicolon": "..;/..;/escape.txt",
    "semicolon-in-a-name": "a;b.txt",
}


def test_proxy_on_s3_refuses_path_traversal(s3proxy, s3_proxy_server):
    url = s3_proxy_server.url
    s3 = s3proxy.boto3_client()
    # Something beside the destination prefix that no request may read, change or delete.
    s3.put_object(Bucket=s3proxy.bucket, Key="escape.txt", Body=b"outside")
    s3.put_object(Bucket=s3proxy.bucket, Key="proxied-sibling/escape.txt", Body=b"outside")
    r = requests.put(f"{url}{PROXY_ROUTE}/inside/ok.txt", data=b"inside", timeout=30)
    assert r.status_code == 200, r.text[:300]
    before = sorted(s3proxy.keys())
    assert "proxied/inside/ok.txt" in before

    failures = []
    for name, path in TRAVERSALS.items():
        for method in ("PUT", "GET", "DELETE"):
            for target in (f"{PROXY_ROUTE}/{path}", f"{PROXY_ROUTE}/inside/{path}"):
                status, body = _raw_request(url, method, target, b"PWNED" if method == "PUT" else None)
                if status != 400 or b"outside" in body:
                    failures.append((name, method, target, status, body[:200]))
        status, body = _raw_request(url, "GET", f"{PROXY_ROUTE}?path={path}")
        if status != 400:
            failures.append((name, "LIST", path, status, body[:200]))
    # The multipart routes: the URL names the directory, the body's "path" the file.
    for directory, file_name in [("inside", "%2e%2e"), ("inside", "..%2F..%2Fescape.txt"),
                                 ("inside", "%252e%252e%252fescape.txt"), ("inside", "a%5C..%5C..%5Cescape.txt"),
                                 ("inside", "a;b.bin"), ("inside/..%2F..", "escape.txt"),
                                 ("inside/%2e%2e/%2e%2e", "escape.txt")]:
        for step, extra in [("create", {"num_parts": 1}), ("complete", {"upload_id": "u", "parts": [
                {"part_number": 1, "etag": "e"}]}), ("abort", {"upload_id": "u"})]:
            r = requests.post(f"{url}/api/2.0/mlflow-artifacts/mpu/{step}/{directory}",
                              json={"path": file_name, **extra}, timeout=30)
            if r.status_code != 400:
                failures.append(("mpu", step, directory, file_name, r.status_code, r.text[:200]))
    assert not failures, failures

    after = sorted(s3proxy.keys())
    assert after == before, (before, after)
    assert [k for k in after if not k.startswith("proxied/")] == ["escape.txt", "proxied-sibling/escape.txt"]
    for key in ("escape.txt", "proxied-sibling/escape.txt"):
        assert s3.get_object(Bucket=s3proxy.bucket, Key=key)["Body"].read() == b"outside"
    assert requests.get(f"{url}{PROXY_ROUTE}/inside/ok.txt", timeout=30).content == b"inside"
