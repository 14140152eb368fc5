"""Artifacts through the stock client: direct writes, the artifact proxy, downloads, listings,
the web UI's get-artifact, server modes, and path-traversal / symbolic-link refusal.

Two targets run the client tests:

* ``direct``: the session server (``--default-artifact-root <tmp>``). Runs get local artifact
  URIs, the client writes the files itself, the server reads them for listings and get-artifact.
* ``proxy``: a second server without ``--default-artifact-root`` and with
  ``--artifacts-destination <tmp>``. Runs get ``mlflow-artifacts:/`` URIs and every byte goes
  through the server's /api/2.0/mlflow-artifacts routes.

Note: in MLflow 3 ``list_artifacts(run_id, path)`` and ``download_artifacts(run_id=...,
artifact_path=...)`` resolve ``runs:/`` URIs, which also asks ``POST .../logged-models/search``
for models logged under that name; those tests need that endpoint.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import io
import json
import os
import resource
import shutil
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import mlflow
import numpy as np
import pytest
import requests
import yaml
from mlflow import MlflowClient
from mlflow.store.artifact.artifact_repository_registry import get_artifact_repository

from artifact_servers import CANARY_TEXT, OUTSIDE_TEXT, ExtraServer, start_server
from lbutil import unique

PROXY_PREFIX = "mlflow-artifacts:/"
PROXY_ROUTE = "/api/2.0/mlflow-artifacts/artifacts"
CHUNK = 8 * 1024 * 1024


# ------------------------------------------------------------------------------------------------
# servers and targets
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def proxy(server_url) -> ExtraServer:
    server = start_server("proxy")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def artifacts_only(server_url) -> ExtraServer:
    server = start_server("artifacts-only")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def no_serve(server_url) -> ExtraServer:
    server = start_server("no-serve-artifacts")
    yield server
    server.stop()


@dataclass
class Target:
    name: str
    url: str
    proxy: ExtraServer | None

    @property
    def client(self) -> MlflowClient:
        return MlflowClient(tracking_uri=self.url)

    def run_dir(self, run) -> Path:
        """Where the run's artifact bytes are on disk."""
        uri = run.info.artifact_uri
        if self.proxy is not None:
            assert uri.startswith(PROXY_PREFIX), uri
            return self.proxy.destination / uri[len(PROXY_PREFIX):].lstrip("/")
        if uri.startswith("file:"):
            return Path(urllib.parse.urlparse(uri).path)
        return Path(uri)


@pytest.fixture(scope="module", params=["direct", "proxy"])
def target(request, server_url) -> Target:
    if request.param == "direct":
        return Target("direct", server_url, None)
    server = request.getfixturevalue("proxy")
    return Target("proxy", server.url, server)


@contextlib.contextmanager
def tracking(url: str):
    """Points the fluent API at url for a while."""
    previous = mlflow.get_tracking_uri()
    mlflow.set_tracking_uri(url)
    try:
        yield
    finally:
        while mlflow.active_run():
            mlflow.end_run()
        mlflow.set_tracking_uri(previous)


# ------------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------------
def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree_digests(root: Path) -> dict[str, str]:
    """{relative posix path: sha256} of every regular file under root."""
    return {p.relative_to(root).as_posix(): sha256_file(p)
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def new_run(target: Target):
    client = target.client
    exp = client.create_experiment(unique("artifacts"))
    return client.create_run(exp)


def raw_request(base_url: str, method: str, target: str, body: bytes | None = None,
                headers: dict | None = None):
    """Sends the request-target exactly as given (requests would normalise '..' away)."""
    parts = urllib.parse.urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request(method, target, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data
    finally:
        conn.close()


def error_code(headers: dict, body: bytes) -> str | None:
    if headers.get("content-type", "").startswith("application/json"):
        return json.loads(body).get("error_code")
    return None


# ------------------------------------------------------------------------------------------------
# a run with a tree of artifacts, logged once per target through the fluent API
# ------------------------------------------------------------------------------------------------
@dataclass
class TreeRun:
    run: object
    expected: dict[str, str]   # run-relative path -> sha256
    sizes: dict[str, int]


@pytest.fixture(scope="module")
def tree_run(target, tmp_path_factory) -> TreeRun:
    src = tmp_path_factory.mktemp(f"tree-{target.name}")
    top = src / "top.txt"
    top.write_text("top level text\n")
    model = src / "model.pkl"
    model.write_bytes(os.urandom(100_000))
    tree = src / "tree"
    (tree / "sub" / "deeper").mkdir(parents=True)
    (tree / "a.csv").write_text("x,y\n1,2\n3,4\n")
    (tree / "sub" / "b.bin").write_bytes(os.urandom(1_000_000))
    (tree / "sub" / "deeper" / "c.json").write_text(json.dumps({"k": [1, 2, 3]}))
    (tree / "sub" / "deeper" / "empty.dat").write_bytes(b"")

    client = target.client
    exp = client.create_experiment(unique("tree"))
    with tracking(target.url):
        with mlflow.start_run(experiment_id=exp) as run:
            mlflow.log_artifact(str(top))
            mlflow.log_artifact(str(model), artifact_path="extra/dir")
            mlflow.log_artifacts(str(tree), artifact_path="tree")
    expected = {"top.txt": sha256_file(top), "extra/dir/model.pkl": sha256_file(model)}
    sizes = {"top.txt": top.stat().st_size, "extra/dir/model.pkl": model.stat().st_size}
    for path in sorted(tree.rglob("*")):
        if path.is_file():
            rel = "tree/" + path.relative_to(tree).as_posix()
            expected[rel] = sha256_file(path)
            sizes[rel] = path.stat().st_size
    return TreeRun(client.get_run(run.info.run_id), expected, sizes)


# ------------------------------------------------------------------------------------------------
# the client, on both targets
# ------------------------------------------------------------------------------------------------
def test_new_runs_get_the_expected_artifact_uri(target):
    run = new_run(target)
    uri = run.info.artifact_uri
    if target.proxy is not None:
        assert uri == f"{PROXY_PREFIX}{run.info.experiment_id}/{run.info.run_id}/artifacts"
    else:
        assert not uri.startswith(PROXY_PREFIX)
        assert uri.rstrip("/").endswith(f"/{run.info.experiment_id}/{run.info.run_id}/artifacts")


def test_logged_files_are_stored_byte_for_byte(target, tree_run):
    stored = tree_digests(target.run_dir(tree_run.run))
    assert stored == tree_run.expected


def test_list_artifacts_of_the_run_root(target, tree_run):
    files = target.client.list_artifacts(tree_run.run.info.run_id)
    assert [(f.path, f.is_dir, f.file_size) for f in files] == [
        ("extra", True, None),
        ("top.txt", False, tree_run.sizes["top.txt"]),
        ("tree", True, None),
    ]


def test_list_artifacts_of_a_sub_path(target, tree_run):
    files = target.client.list_artifacts(tree_run.run.info.run_id, "tree/sub")
    assert [(f.path, f.is_dir, f.file_size) for f in files] == [
        ("tree/sub/b.bin", False, tree_run.sizes["tree/sub/b.bin"]),
        ("tree/sub/deeper", True, None),
    ]


def test_download_a_single_file(target, tree_run, tmp_path):
    local = mlflow.artifacts.download_artifacts(run_id=tree_run.run.info.run_id, artifact_path="tree/sub/b.bin",
                                                dst_path=str(tmp_path), tracking_uri=target.url)
    assert Path(local).name == "b.bin"
    assert sha256_file(Path(local)) == tree_run.expected["tree/sub/b.bin"]


def test_download_a_directory(target, tree_run, tmp_path):
    local = mlflow.artifacts.download_artifacts(run_id=tree_run.run.info.run_id, artifact_path="tree",
                                                dst_path=str(tmp_path), tracking_uri=target.url)
    got = {f"tree/{k}": v for k, v in tree_digests(Path(local)).items()}
    assert got == {k: v for k, v in tree_run.expected.items() if k.startswith("tree/")}


def test_download_the_whole_run(target, tree_run, tmp_path):
    local = mlflow.artifacts.download_artifacts(run_id=tree_run.run.info.run_id, dst_path=str(tmp_path),
                                                tracking_uri=target.url)
    assert tree_digests(Path(local)) == tree_run.expected


def test_log_text_and_log_dict(target, tmp_path):
    text = "naïve text ✓\nsecond line\n"
    data = {"alpha": 0.5, "layers": [64, 32], "name": "ü"}
    client = target.client
    exp = client.create_experiment(unique("text"))
    with tracking(target.url):
        with mlflow.start_run(experiment_id=exp) as run:
            mlflow.log_text(text, "notes/readme.txt")
            mlflow.log_dict(data, "config/params.json")
            mlflow.log_dict(data, "config/params.yaml")
    rid = run.info.run_id
    files = target.run_dir(client.get_run(rid))
    assert (files / "notes/readme.txt").read_text(encoding="utf-8") == text

    down = Path(mlflow.artifacts.download_artifacts(run_id=rid, dst_path=str(tmp_path), tracking_uri=target.url))
    assert (down / "notes/readme.txt").read_text(encoding="utf-8") == text
    assert json.loads((down / "config/params.json").read_text(encoding="utf-8")) == data
    assert yaml.safe_load((down / "config/params.yaml").read_text(encoding="utf-8")) == data


def test_log_image_from_a_numpy_array(target, tmp_path):
    from PIL import Image as pil_image  # pillow: mlflow.log_image needs it

    rng = np.random.default_rng(7)
    image = rng.integers(0, 256, size=(24, 32, 3), dtype=np.uint8)
    exp = target.client.create_experiment(unique("image"))
    with tracking(target.url):
        with mlflow.start_run(experiment_id=exp) as run:
            mlflow.log_image(image, "images/noise.png")
    down = Path(mlflow.artifacts.download_artifacts(run_id=run.info.run_id, dst_path=str(tmp_path),
                                                    tracking_uri=target.url))
    png = down / "images/noise.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert np.array_equal(np.asarray(pil_image.open(png).convert("RGB")), image)


def test_log_figure(target, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 2))
    ax.plot([0, 1, 2], [2, 0, 1])
    exp = target.client.create_experiment(unique("figure"))
    try:
        with tracking(target.url):
            with mlflow.start_run(experiment_id=exp) as run:
                mlflow.log_figure(fig, "plots/curve.png")
                mlflow.log_figure(fig, "plots/curve.svg")
    finally:
        plt.close(fig)
    down = Path(mlflow.artifacts.download_artifacts(run_id=run.info.run_id, dst_path=str(tmp_path),
                                                    tracking_uri=target.url))
    assert (down / "plots/curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in (down / "plots/curve.svg").read_bytes()[:2000]


def test_file_names_with_spaces_unicode_plus_and_percent(target, tmp_path):
    """Names MLflow stores as they are. '%' not followed by two hex digits is not an escape."""
    src = tmp_path / "src"
    names = ["with space/naïve ü.txt", "a+b=c.txt", "accuracy 95%.txt", "100% done/ok.txt"]
    for i, name in enumerate(names):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(f"file {i}\n")
    exp = target.client.create_experiment(unique("names"))
    with tracking(target.url):
        with mlflow.start_run(experiment_id=exp) as run:
            mlflow.log_artifacts(str(src), artifact_path="odd")
    run = target.client.get_run(run.info.run_id)
    expected = {f"odd/{name}": sha256_file(src / name) for name in names}
    assert tree_digests(target.run_dir(run)) == expected
    down = Path(mlflow.artifacts.download_artifacts(run_id=run.info.run_id, dst_path=str(tmp_path / "down"),
                                                    tracking_uri=target.url))
    assert tree_digests(down) == expected


# ------------------------------------------------------------------------------------------------
# the server's own artifact reads: get-artifact and the run listing, on both targets
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def served_run(target, tmp_path_factory):
    """A run with a .txt, a .png, an .html, an .svg and a .bin file, logged through the client."""
    from PIL import Image as pil_image

    src = tmp_path_factory.mktemp(f"served-{target.name}")
    (src / "hello.txt").write_text("hello, artifact\n")
    buf = io.BytesIO()
    pil_image.fromarray(np.full((4, 4, 3), 200, dtype=np.uint8)).save(buf, format="PNG")
    (src / "pixel.png").write_bytes(buf.getvalue())
    (src / "page.html").write_text("<html><script>alert(1)</script></html>")
    (src / "vector.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    (src / "blob.bin").write_bytes(os.urandom(4096))
    client = target.client
    run = client.create_run(client.create_experiment(unique("served")))
    client.log_artifacts(run.info.run_id, str(src), artifact_path="files")
    return client.get_run(run.info.run_id), {p.name: p.read_bytes() for p in src.iterdir()}


@pytest.mark.parametrize("name, content_type", [
    ("hello.txt", "text/plain"),
    ("pixel.png", "image/png"),
    ("blob.bin", "application/octet-stream"),
    ("page.html", None),
    ("vector.svg", None),
])
@pytest.mark.parametrize("id_param", ["run_uuid", "run_id"])
def test_get_artifact_sends_the_file_as_an_attachment(target, served_run, name, content_type, id_param):
    run, contents = served_run
    r = requests.get(f"{target.url}/get-artifact",
                     params={"path": f"files/{name}", id_param: run.info.run_id}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.content == contents[name]
    disposition = r.headers.get("Content-Disposition", "")
    assert disposition.startswith("attachment"), disposition
    assert name in disposition
    assert r.headers.get("X-Content-Type-Options") == "nosniff"
    if content_type is not None:
        assert r.headers["Content-Type"].split(";")[0].strip() == content_type


def test_downloads_survive_response_compression(target, served_run, tmp_path):
    """requests (so the stock client) always sends Accept-Encoding: gzip, deflate. A server that
    compresses a download must not also announce the uncompressed Content-Length."""
    run, _ = served_run
    text = "".join(f"line {i}: compressible artifact text\n" for i in range(5000)).encode()
    source = tmp_path / "long.txt"
    source.write_bytes(text)
    target.client.log_artifact(run.info.run_id, str(source), artifact_path="files")
    r = requests.get(f"{target.url}/get-artifact", params={"path": "files/long.txt", "run_id": run.info.run_id},
                     headers={"Accept-Encoding": "gzip, deflate"}, timeout=30)
    assert (r.status_code, r.content) == (200, text)
    if target.proxy is not None:
        relative = run.info.artifact_uri[len(PROXY_PREFIX):]
        r = requests.get(f"{target.url}{PROXY_ROUTE}/{relative}/files/long.txt",
                         headers={"Accept-Encoding": "gzip, deflate"}, timeout=30)
        assert (r.status_code, r.content) == (200, text)


def test_get_artifact_errors(target, served_run):
    run, _ = served_run
    url = f"{target.url}/get-artifact"
    r = requests.get(url, params={"path": "files/hello.txt", "run_id": "f" * 32}, timeout=30)
    assert (r.status_code, r.json()["error_code"]) == (404, "RESOURCE_DOES_NOT_EXIST")
    r = requests.get(url, params={"path": "files/absent.txt", "run_id": run.info.run_id}, timeout=30)
    assert (r.status_code, r.json()["error_code"]) == (404, "RESOURCE_DOES_NOT_EXIST")


def test_downloading_a_directory_is_an_invalid_parameter(target, served_run):
    """MLflow: 'Artifact path refers to a directory, not a file' (400 INVALID_PARAMETER_VALUE)."""
    run, _ = served_run
    r = requests.get(f"{target.url}/get-artifact", params={"path": "files", "run_id": run.info.run_id}, timeout=30)
    assert (r.status_code, r.json()["error_code"]) == (400, "INVALID_PARAMETER_VALUE")
    if target.proxy is not None:
        relative = run.info.artifact_uri[len(PROXY_PREFIX):]
        r = requests.get(f"{target.url}{PROXY_ROUTE}/{relative}/files", timeout=30)
        assert (r.status_code, r.json()["error_code"]) == (400, "INVALID_PARAMETER_VALUE")


@pytest.mark.parametrize("prefix, id_param", [("/api", "run_id"), ("/ajax-api", "run_uuid")])
def test_rest_listing_of_a_run(target, tree_run, prefix, id_param):
    run = tree_run.run
    url = f"{target.url}{prefix}/2.0/mlflow/artifacts/list"
    root = requests.get(url, params={id_param: run.info.run_id}, timeout=30)
    assert root.status_code == 200, root.text
    assert root.json() == {"root_uri": run.info.artifact_uri, "files": [
        {"path": "extra", "is_dir": True},
        {"path": "top.txt", "is_dir": False, "file_size": tree_run.sizes["top.txt"]},
        {"path": "tree", "is_dir": True},
    ]}
    sub = requests.get(url, params={id_param: run.info.run_id, "path": "tree/sub"}, timeout=30)
    assert sub.status_code == 200, sub.text
    assert sub.json()["files"] == [
        {"path": "tree/sub/b.bin", "is_dir": False, "file_size": tree_run.sizes["tree/sub/b.bin"]},
        {"path": "tree/sub/deeper", "is_dir": True},
    ]
    empty = requests.get(url, params={id_param: run.info.run_id, "path": "tree/sub/deeper/empty.dat"}, timeout=30)
    assert empty.status_code == 200
    assert empty.json().get("files", []) == []
    missing = requests.get(url, params={"path": "tree"}, timeout=30)
    assert (missing.status_code, missing.json()["error_code"]) == (400, "INVALID_PARAMETER_VALUE")


# ------------------------------------------------------------------------------------------------
# the proxy over plain HTTP
# ------------------------------------------------------------------------------------------------
def test_proxy_put_get_list_delete(proxy):
    base = f"{proxy.url}{PROXY_ROUTE}"
    folder = unique("http")
    payload = os.urandom(70_000)
    r = requests.put(f"{base}/{folder}/deep/data.bin", data=payload,
                     headers={"Content-Type": "application/octet-stream"}, timeout=30)
    assert (r.status_code, r.json()) == (200, {})
    assert (proxy.destination / folder / "deep" / "data.bin").read_bytes() == payload
    # Any Content-Type: the client sends the guessed type of the file, here JSON for a .json file.
    r = requests.put(f"{base}/{folder}/conf.json", data=b'{"a": 1}', headers={"Content-Type": "application/json"},
                     timeout=30)
    assert r.status_code == 200, r.text

    r = requests.get(f"{base}/{folder}/deep/data.bin", timeout=30)
    assert r.status_code == 200 and r.content == payload
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert r.headers["X-Content-Type-Options"] == "nosniff"

    r = requests.get(base, params={"path": folder}, timeout=30)
    assert r.status_code == 200
    assert r.json() == {"files": [{"path": "conf.json", "is_dir": False, "file_size": 8},
                                  {"path": "deep", "is_dir": True}]}
    assert requests.get(base, params={"path": f"{folder}/nothing-here"}, timeout=30).json().get("files", []) == []

    r = requests.put(f"{base}/{folder}/deep/data.bin", data=b"replaced", timeout=30)
    assert r.status_code == 200
    assert requests.get(f"{base}/{folder}/deep/data.bin", timeout=30).content == b"replaced"

    r = requests.delete(f"{base}/{folder}/deep/data.bin", timeout=30)
    assert (r.status_code, r.json()) == (200, {})
    r = requests.get(f"{base}/{folder}/deep/data.bin", timeout=30)
    assert (r.status_code, r.json()["error_code"]) == (404, "RESOURCE_DOES_NOT_EXIST")
    r = requests.delete(f"{base}/{folder}", timeout=30)
    assert r.status_code == 200
    assert not (proxy.destination / folder).exists()
    assert proxy.destination.is_dir()


def test_proxy_byte_range(proxy):
    base = f"{proxy.url}{PROXY_ROUTE}"
    path = f"{unique('range')}/digits.txt"
    assert requests.put(f"{base}/{path}", data=b"0123456789", timeout=30).status_code == 200
    r = requests.get(f"{base}/{path}", headers={"Range": "bytes=2-5"}, timeout=30)
    assert r.status_code == 206
    assert r.content == b"2345"
    assert r.headers["Content-Range"] == "bytes 2-5/10"
    r = requests.get(f"{base}/{path}", headers={"Range": "bytes=7-"}, timeout=30)
    assert (r.status_code, r.content) == (206, b"789")


def test_delete_through_the_proxy_with_the_client(proxy, tmp_path):
    src = tmp_path / "d"
    (src / "keep").mkdir(parents=True)
    (src / "gone" / "inner").mkdir(parents=True)
    (src / "keep" / "k.txt").write_text("keep")
    (src / "gone" / "g.txt").write_text("gone")
    (src / "gone" / "inner" / "i.txt").write_text("inner")
    (src / "single.txt").write_text("single")
    client = MlflowClient(tracking_uri=proxy.url)
    run = client.create_run(client.create_experiment(unique("delete")))
    client.log_artifacts(run.info.run_id, str(src))
    repo = get_artifact_repository(run.info.artifact_uri, tracking_uri=proxy.url)

    repo.delete_artifacts("gone")
    repo.delete_artifacts("single.txt")

    assert [f.path for f in repo.list_artifacts()] == ["keep"]
    on_disk = Path(proxy.destination, run.info.artifact_uri[len(PROXY_PREFIX):])
    assert tree_digests(on_disk) == {"keep/k.txt": sha256_bytes(b"keep")}


@pytest.mark.slow
def test_300_mb_file_through_the_proxy(proxy, tmp_path):
    size = 300 * 1024 * 1024
    source = tmp_path / "big.bin"
    digest = hashlib.sha256()
    block = os.urandom(CHUNK)
    with open(source, "wb") as f:
        for i in range(0, size, CHUNK):
            chunk = (i.to_bytes(8, "big") + block[8:])[:size - i]
            digest.update(chunk)
            f.write(chunk)
    assert source.stat().st_size == size
    expected = digest.hexdigest()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    client = MlflowClient(tracking_uri=proxy.url)
    run = client.create_run(client.create_experiment(unique("big")))
    client.log_artifact(run.info.run_id, str(source), artifact_path="big")
    source.unlink()
    stored = Path(proxy.destination, run.info.artifact_uri[len(PROXY_PREFIX):], "big", "big.bin")
    assert stored.stat().st_size == size
    assert sha256_file(stored) == expected

    local = Path(mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path="big/big.bin",
                                                     dst_path=str(tmp_path / "down"), tracking_uri=proxy.url))
    assert local.stat().st_size == size
    assert sha256_file(local) == expected
    local.unlink()
    stored.unlink()
    # Neither direction held the file in this process's memory (ru_maxrss is in KiB on Linux).
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before < 150 * 1024


@pytest.mark.parametrize("step, body", [
    ("create", {"path": "big.bin", "num_parts": 2}),
    ("complete", {"path": "big.bin", "upload_id": "u", "parts": [{"part_number": 1, "etag": "e", "url": "u"}]}),
    ("abort", {"path": "big.bin", "upload_id": "u"}),
])
def test_multipart_upload_is_not_implemented_for_a_local_destination(proxy, step, body):
    r = requests.post(f"{proxy.url}/api/2.0/mlflow-artifacts/mpu/{step}/{unique('mpu')}/big.bin", json=body, timeout=30)
    assert r.status_code == 501
    assert r.json()["error_code"] == "NOT_IMPLEMENTED"
    assert r.json()["message"].startswith("Multipart upload is not supported for the current artifact repository")


@pytest.mark.parametrize("artifact_path, body", [
    ("..%2F..%2Fbig.bin", {"path": "big.bin", "num_parts": 1}),
    ("x/%2e%2e/%2e%2e/big.bin", {"path": "big.bin", "num_parts": 1}),
    ("x/big.bin", {"num_parts": 1}),
])
def test_multipart_routes_check_the_request_before_the_storage(proxy, artifact_path, body):
    """As MLflow: an unsafe artifact path or a missing 'path' field is a 400, whatever the storage."""
    r = requests.post(f"{proxy.url}/api/2.0/mlflow-artifacts/mpu/create/{artifact_path}", json=body, timeout=30)
    assert (r.status_code, r.json()["error_code"]) == (400, "INVALID_PARAMETER_VALUE")


def test_client_forced_to_multipart_falls_back_to_a_plain_upload(proxy, tmp_path, monkeypatch):
    monkeypatch.setenv("MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD", "true")
    monkeypatch.setenv("MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE", "1")
    monkeypatch.setenv("MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE", str(5 * 1024 * 1024))
    source = tmp_path / "parts.bin"
    source.write_bytes(os.urandom(6 * 1024 * 1024))
    client = MlflowClient(tracking_uri=proxy.url)
    run = client.create_run(client.create_experiment(unique("mpu")))
    client.log_artifact(run.info.run_id, str(source))
    stored = Path(proxy.destination, run.info.artifact_uri[len(PROXY_PREFIX):], "parts.bin")
    assert sha256_file(stored) == sha256_file(source)


# ------------------------------------------------------------------------------------------------
# server modes
# ------------------------------------------------------------------------------------------------
TRACKING_CALLS = [
    ("GET", "/api/2.0/mlflow/experiments/search?max_results=1", None),
    ("POST", "/api/2.0/mlflow/runs/create", b'{"experiment_id": "0"}'),
    ("GET", "/ajax-api/2.0/mlflow/runs/get?run_id=" + "f" * 32, None),
    ("GET", "/api/2.0/mlflow/artifacts/list?run_id=" + "f" * 32, None),
    ("GET", "/get-artifact?path=x.txt&run_id=" + "f" * 32, None),
]


@pytest.mark.parametrize("method, path, body", TRACKING_CALLS)
def test_artifacts_only_server_turns_tracking_endpoints_off(artifacts_only, method, path, body):
    status, headers, data = raw_request(artifacts_only.url, method, path, body,
                                        {"Content-Type": "application/json"} if body else None)
    assert status == 503, data
    # Plain text, not JSON (MLflow's Flask server labels it text/html, Labbook text/plain).
    assert headers.get("content-type", "").startswith("text/")
    assert b"--artifacts-only" in data


def test_artifacts_only_server_serves_artifacts(artifacts_only, tmp_path):
    assert requests.get(f"{artifacts_only.url}/health", timeout=10).text == "OK"
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("alpha")
    (src / "sub" / "b.bin").write_bytes(os.urandom(5000))
    root = f"{PROXY_PREFIX}{unique('only')}"
    repo = get_artifact_repository(root, tracking_uri=artifacts_only.url)
    repo.log_artifacts(str(src))
    assert [(f.path, f.is_dir) for f in repo.list_artifacts()] == [("a.txt", False), ("sub", True)]
    (tmp_path / "down").mkdir()
    down = Path(repo.download_artifacts("", dst_path=str(tmp_path / "down")))
    assert tree_digests(down) == tree_digests(src)
    repo.delete_artifacts("sub")
    assert [f.path for f in repo.list_artifacts()] == ["a.txt"]
    r = requests.get(f"{artifacts_only.url}/ajax-api/2.0/mlflow-artifacts/artifacts/{root[len(PROXY_PREFIX):]}/a.txt",
                     timeout=30)
    assert (r.status_code, r.content) == (200, b"alpha")


PROXY_CALLS = [
    ("PUT", f"{PROXY_ROUTE}/x/y.txt", b"data"),
    ("GET", f"{PROXY_ROUTE}/x/y.txt", None),
    ("DELETE", f"{PROXY_ROUTE}/x/y.txt", None),
    ("GET", f"{PROXY_ROUTE}?path=x", None),
    ("GET", "/ajax-api/2.0/mlflow-artifacts/artifacts?path=x", None),
    ("POST", "/api/2.0/mlflow-artifacts/mpu/create/x/y.bin", b'{"path": "y.bin"}'),
    ("POST", "/api/2.0/mlflow-artifacts/mpu/complete/x/y.bin", b'{"path": "y.bin", "parts": []}'),
    ("POST", "/api/2.0/mlflow-artifacts/mpu/abort/x/y.bin", b'{"path": "y.bin"}'),
]


@pytest.mark.parametrize("method, path, body", PROXY_CALLS)
def test_no_serve_artifacts_server_turns_the_proxy_off(no_serve, method, path, body):
    status, headers, data = raw_request(no_serve.url, method, path, body,
                                        {"Content-Type": "application/json"} if method == "POST" else None)
    assert status == 503, data
    assert headers.get("content-type", "").startswith("text/")
    assert b"--no-serve-artifacts" in data
    assert not (no_serve.destination / "x").exists()


def test_no_serve_artifacts_server_still_tracks_with_direct_artifacts(no_serve, tmp_path):
    client = MlflowClient(tracking_uri=no_serve.url)
    run = client.create_run(client.create_experiment(unique("noserve")))
    assert not run.info.artifact_uri.startswith(PROXY_PREFIX)
    source = tmp_path / "n.txt"
    source.write_text("direct")
    client.log_artifact(run.info.run_id, str(source))
    r = requests.get(f"{no_serve.url}/get-artifact", params={"path": "n.txt", "run_id": run.info.run_id}, timeout=30)
    assert (r.status_code, r.content) == (200, b"direct")


# ------------------------------------------------------------------------------------------------
# path traversal and symbolic links
# ------------------------------------------------------------------------------------------------
def _quote_all(text: str) -> str:
    return "".join(f"%{b:02X}" for b in text.encode())


# Each variant builds an artifact path that tries to leave its root: `up` levels, then `name`.
# `absolute` is the target's absolute path, for the variants that name it directly.
# Labbook is stricter than MLflow on Linux, whose check lets backslashes, ';' and NUL through
# (they are no separators there) and whose router answers '//abs/path' with a 308 redirect:
# Labbook refuses all of these with 400, so a path means the same on every platform.
TRAVERSALS = {
    "dotdot": lambda up, name, absolute: "../" * up + name,
    "dotdot-after-a-folder": lambda up, name, absolute: "a/" + "../" * (up + 1) + name,
    "encoded-dots": lambda up, name, absolute: "%2e%2e/" * up + name,
    "encoded-dots-and-slashes": lambda up, name, absolute: "%2E%2E%2F" * up + name,
    "fully-encoded": lambda up, name, absolute: _quote_all("../" * up + name),
    "double-encoded": lambda up, name, absolute: "%252e%252e/" * up + name,
    "double-encoded-slashes": lambda up, name, absolute: "%252e%252e%252f" * up + name,
    "triple-encoded": lambda up, name, absolute: "%25252e%25252e%25252f" * up + name,
    "absolute": lambda up, name, absolute: absolute,
    "absolute-encoded": lambda up, name, absolute: absolute.replace("/", "%2F"),
    "file-uri": lambda up, name, absolute: "file://" + absolute,
    "windows-drive": lambda up, name, absolute: "C:/Windows/win.ini",
    "backslash-encoded": lambda up, name, absolute: "..%5C" * up + name,
    "backslash-raw": lambda up, name, absolute: "..\\" * up + name,
    "hash": lambda up, name, absolute: "x%23/" + "../" * (up + 1) + name,
    "hash-in-a-name": lambda up, name, absolute: "notes%23.txt",
    "semicolon": lambda up, name, absolute: "..;/" * up + name,
    "semicolon-in-a-name": lambda up, name, absolute: "a;b.txt",
    "nul": lambda up, name, absolute: "..%00/" * up + name,
    "nul-in-a-name": lambda up, name, absolute: "x%00.txt",
}

PROXY_OPS = ["PUT", "GET", "DELETE", "LIST"]
RUN_OPS = ["GET-ARTIFACT", "RUN-LIST"]


@pytest.fixture(scope="module")
def proxy_run(proxy):
    """A run on the proxy server with a secret planted beside its artifacts folder."""
    client = MlflowClient(tracking_uri=proxy.url)
    run = client.create_run(client.create_experiment(unique("traversal")))
    client.log_text(run.info.run_id, "inside", "inside.txt")
    run_dir = Path(proxy.destination, run.info.artifact_uri[len(PROXY_PREFIX):])
    (run_dir.parent / "secret.txt").write_text(CANARY_TEXT)
    return run, run_dir.parent / "secret.txt"


def _snapshot(proxy: ExtraServer):
    return proxy.files_outside_destination()


def _assert_refused(status, headers, body, raw_url_form: bool):
    assert status == 400, (status, body[:300])
    code = error_code(headers, body)
    if code is not None or not raw_url_form:
        # The request reached the application: MLflow's JSON error.
        assert code == "INVALID_PARAMETER_VALUE", body[:300]


@pytest.mark.parametrize("variant", sorted(TRAVERSALS))
@pytest.mark.parametrize("op", PROXY_OPS)
def test_proxy_refuses_path_traversal(proxy, op, variant):
    before = _snapshot(proxy)
    target_name = "outside" if op == "LIST" else "canary.txt"
    absolute = str(proxy.outside if op == "LIST" else proxy.canary)
    path = TRAVERSALS[variant](1, target_name, absolute)
    if op == "LIST":
        status, headers, body = raw_request(proxy.url, "GET", f"{PROXY_ROUTE}?path={path}")
    else:
        status, headers, body = raw_request(proxy.url, op, f"{PROXY_ROUTE}/{path}",
                                            b"PWNED" if op == "PUT" else None)
    _assert_refused(status, headers, body, raw_url_form=op != "LIST")
    assert CANARY_TEXT.encode() not in body and OUTSIDE_TEXT.encode() not in body
    assert proxy.canary.read_text() == CANARY_TEXT
    assert _snapshot(proxy) == before


@pytest.mark.parametrize("variant", sorted(TRAVERSALS))
@pytest.mark.parametrize("op", RUN_OPS)
def test_run_artifact_reads_refuse_path_traversal(proxy, proxy_run, op, variant):
    run, secret = proxy_run
    before = _snapshot(proxy)
    path = TRAVERSALS[variant](1, "secret.txt" if op == "GET-ARTIFACT" else "", str(secret))
    if op == "GET-ARTIFACT":
        request_target = f"/get-artifact?run_id={run.info.run_id}&path={path}"
    else:
        request_target = f"/api/2.0/mlflow/artifacts/list?run_id={run.info.run_id}&path={path}"
    status, headers, body = raw_request(proxy.url, "GET", request_target)
    _assert_refused(status, headers, body, raw_url_form=False)
    assert CANARY_TEXT.encode() not in body and b"secret.txt" not in body
    assert secret.read_text() == CANARY_TEXT
    assert _snapshot(proxy) == before


@pytest.mark.parametrize("variant", ["dotdot", "encoded-dots", "double-encoded", "absolute", "backslash-encoded"])
@pytest.mark.parametrize("op", RUN_OPS)
def test_direct_run_artifact_reads_refuse_path_traversal(server_url, client, op, variant):
    """The session server reads run artifacts from local folders the client wrote."""
    run = client.create_run(client.create_experiment(unique("direct-traversal")))
    client.log_text(run.info.run_id, "inside", "inside.txt")
    run_dir = Path(run.info.artifact_uri.replace("file://", "")).parent
    secret = run_dir / "secret.txt"
    secret.write_text(CANARY_TEXT)
    path = TRAVERSALS[variant](1, "secret.txt" if op == "GET-ARTIFACT" else "", str(secret))
    if op == "GET-ARTIFACT":
        request_target = f"/get-artifact?run_id={run.info.run_id}&path={path}"
    else:
        request_target = f"/api/2.0/mlflow/artifacts/list?run_id={run.info.run_id}&path={path}"
    status, headers, body = raw_request(server_url, "GET", request_target)
    _assert_refused(status, headers, body, raw_url_form=False)
    assert CANARY_TEXT.encode() not in body and b"secret.txt" not in body
    assert secret.read_text() == CANARY_TEXT


@pytest.fixture(scope="module")
def planted_links(proxy):
    """Symbolic links inside the destination pointing outside it."""
    links = proxy.destination / "links"
    links.mkdir()
    (links / "dirlink").symlink_to(proxy.outside, target_is_directory=True)
    (links / "filelink").symlink_to(proxy.outside / "secret.txt")
    return links


@pytest.mark.parametrize("method, path", [
    ("GET", "links/dirlink/secret.txt"),
    ("GET", "links/filelink"),
    ("GET-LIST", "links/dirlink"),
    ("PUT", "links/dirlink/planted.txt"),
    ("PUT", "links/filelink"),
    ("DELETE", "links/dirlink/secret.txt"),
])
def test_proxy_does_not_follow_symbolic_links(proxy, planted_links, method, path):
    if method == "GET-LIST":
        status, headers, body = raw_request(proxy.url, "GET", f"{PROXY_ROUTE}?path={path}")
    else:
        status, headers, body = raw_request(proxy.url, method, f"{PROXY_ROUTE}/{path}",
                                            b"PWNED" if method == "PUT" else None)
    _assert_refused(status, headers, body, raw_url_form=False)
    assert OUTSIDE_TEXT.encode() not in body and b"secret.txt" not in body
    assert sorted(p.name for p in proxy.outside.iterdir()) == ["secret.txt"]
    assert (proxy.outside / "secret.txt").read_text() == OUTSIDE_TEXT


def test_deleting_a_folder_with_links_leaves_their_targets_alone(proxy):
    folder = proxy.destination / unique("linkdir")
    folder.mkdir()
    (folder / "real.txt").write_text("real")
    (folder / "dirlink").symlink_to(proxy.outside, target_is_directory=True)
    (folder / "filelink").symlink_to(proxy.outside / "secret.txt")
    r = requests.delete(f"{proxy.url}{PROXY_ROUTE}/{folder.name}", timeout=30)
    assert r.status_code in (200, 400), r.text
    assert sorted(p.name for p in proxy.outside.iterdir()) == ["secret.txt"]
    assert (proxy.outside / "secret.txt").read_text() == OUTSIDE_TEXT


@pytest.mark.parametrize("op", ["GET-ARTIFACT", "RUN-LIST"])
def test_run_artifact_reads_do_not_follow_symbolic_links(target, op):
    run = new_run(target)
    target.client.log_text(run.info.run_id, "inside", "inside.txt")
    outside = target.run_dir(run).parent / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(OUTSIDE_TEXT)
    (target.run_dir(run) / "evil").symlink_to(outside, target_is_directory=True)
    if op == "GET-ARTIFACT":
        request_target = f"/get-artifact?run_id={run.info.run_id}&path=evil/secret.txt"
    else:
        request_target = f"/api/2.0/mlflow/artifacts/list?run_id={run.info.run_id}&path=evil"
    status, headers, body = raw_request(target.url, "GET", request_target)
    _assert_refused(status, headers, body, raw_url_form=False)
    assert OUTSIDE_TEXT.encode() not in body and b"secret.txt" not in body
    assert (outside / "secret.txt").read_text() == OUTSIDE_TEXT


@pytest.mark.parametrize("op", ["GET-ARTIFACT", "RUN-LIST"])
def test_a_run_folder_that_is_a_link_leading_outside_is_not_followed(target, op):
    """The run's artifacts folder itself replaced by a link to a folder outside the served roots."""
    run = new_run(target)
    target.client.log_text(run.info.run_id, "inside", "inside.txt")
    run_dir = target.run_dir(run)
    outside = Path(tempfile.mkdtemp(prefix="labbook-outside-"))
    try:
        (outside / "secret.txt").write_text(OUTSIDE_TEXT)
        shutil.rmtree(run_dir)
        run_dir.symlink_to(outside, target_is_directory=True)
        if op == "GET-ARTIFACT":
            request_target = f"/get-artifact?run_id={run.info.run_id}&path=secret.txt"
        else:
            request_target = f"/api/2.0/mlflow/artifacts/list?run_id={run.info.run_id}"
        status, headers, body = raw_request(target.url, "GET", request_target)
        _assert_refused(status, headers, body, raw_url_form=False)
        assert OUTSIDE_TEXT.encode() not in body and b"secret.txt" not in body
        assert (outside / "secret.txt").read_text() == OUTSIDE_TEXT
    finally:
        shutil.rmtree(outside, ignore_errors=True)
