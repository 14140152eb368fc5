"""Browser suite harness: starts the Labbook jar with the stock UI build, seeds data through the
stock mlflow client and drives Debian's chromium through the pages (``pages.mjs``, playwright-core).

Environment: the same knobs as the client suite (``LABBOOK_JAR``, ``LABBOOK_TEST_BACKEND_URI``,
``JAVA_HOME``), plus ``LABBOOK_CHROMIUM`` (default ``/usr/bin/chromium``).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[2]
CLIENT_SUITE = REPO_ROOT / "src" / "test" / "python"
SCREENSHOTS = REPO_ROOT / "target" / "ui-screenshots"
CHROMIUM = os.environ.get("LABBOOK_CHROMIUM", "/usr/bin/chromium")

# The client suite's harness: its client settings (no retries, no telemetry) and server helpers.
sys.path.insert(0, str(CLIENT_SUITE))
_spec = importlib.util.spec_from_file_location("labbook_client_harness", CLIENT_SUITE / "conftest.py")
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402

UI_DIR = Path(mlflow.__file__).resolve().parent / "server" / "js" / "build"


@contextlib.contextmanager
def labbook(label: str, backend: str | None, *extra: str):
    """A Labbook server serving the UI build of this venv's mlflow package; yields its base URL."""
    jar = Path(os.environ.get("LABBOOK_JAR") or REPO_ROOT / "target" / "labbook.jar")
    if not jar.is_file():
        pytest.exit(f"server jar not found: {jar} (build it first or set LABBOOK_JAR)", returncode=3)
    tmp = Path(tempfile.mkdtemp(prefix="labbook-browser-"))
    (tmp / "artifacts").mkdir()
    port = harness._free_port()
    log = REPO_ROOT / "target" / f"browser-server-{label}.log"
    cmd = [harness._find_java(), "-jar", str(jar), "server", "--host", "127.0.0.1", "--port", str(port),
           "--backend-store-uri", backend or f"h2:{tmp / 'db'}", "--default-artifact-root",
           str(tmp / "artifacts"), "--ui-dir", str(UI_DIR), *extra]
    with open(log, "wb") as out:
        out.write(("# " + " ".join(cmd) + "\n").encode())
        out.flush()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=str(tmp), start_new_session=True)
        try:
            health = f"http://127.0.0.1:{port}" + (extra[extra.index("--static-prefix") + 1]
                                                   if "--static-prefix" in extra else "")
            harness._wait_healthy(health, proc, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            harness._stop(proc)
            shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def server_url():
    with labbook("main", os.environ.get("LABBOOK_TEST_BACKEND_URI")) as url:
        os.environ["MLFLOW_TRACKING_URI"] = url
        mlflow.set_tracking_uri(url)
        yield url
        while mlflow.active_run():
            mlflow.end_run()


@pytest.fixture(scope="session")
def client(server_url) -> MlflowClient:
    return MlflowClient(tracking_uri=server_url)


def run_pages(base_url: str, pages: list[dict], data: dict, timeout: float = 600, keep_report: bool = True) -> dict:
    """Runs ``pages.mjs`` over the given page checks; returns {page name: result}."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"chromium not found at {CHROMIUM} (.ci/browser-install installs it)")
    if not (HERE / "node_modules" / "playwright-core").is_dir():
        pytest.fail("playwright-core missing: run `npm ci` in src/test/browser (.ci/browser-install)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan.json"
        report = Path(tmp) / "report.json"
        plan.write_text(json.dumps({"baseUrl": base_url, "chromium": CHROMIUM, "screenshots": str(SCREENSHOTS),
                                    "pages": pages, "data": data}))
        proc = subprocess.run(["node", str(HERE / "pages.mjs"), str(plan), str(report)], cwd=str(HERE),
                              capture_output=True, text=True, timeout=timeout)
        sys.stdout.write(proc.stdout)
        if proc.returncode != 0 or not report.is_file():
            pytest.fail(f"pages.mjs exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        if keep_report:
            (SCREENSHOTS / "report.json").write_text(report.read_text())
        return json.loads(report.read_text())


# Answers that are not failures, each as stock MLflow gives it and the UI expects it:
# - users/current exists only on an MLflow server with authentication; the UI reads the 404 as "no auth".
# - presigned-download-url: NOT_IMPLEMENTED for stores that cannot presign; the UI then uses get-artifact.
EXPECTED = {
    ("GET", "/ajax-api/2.0/mlflow/users/current"): 404,
    ("POST", "/ajax-api/2.0/mlflow/artifacts/presigned-download-url"): 501,
}
# Chromium's own note when a layout observer skips a frame; not an error of the page.
BENIGN_CONSOLE = ("ResizeObserver loop",)


def _path(url: str, base: str) -> str | None:
    """The path of a request to the server under test, None for other origins."""
    if not url.startswith(base):
        return None
    return "/" + url[len(base):].lstrip("/").split("?", 1)[0].split("#", 1)[0]


def unexpected_failures(result: dict, base: str, prefix: str = "") -> list:
    bad = []
    for r in result["requests"]:
        path = _path(r["url"], base)
        if path is None:
            continue  # another origin (the traces view's intro video): the machine has no internet
        status = r.get("status") or 0
        if r.get("failure") or status >= 400:
            if EXPECTED.get((r["method"], path[len(prefix):] if prefix else path)) == status:
                continue
            bad.append(r)
    return bad


def unexpected_console(result: dict, base: str, prefix: str = "") -> list:
    bad = []
    for c in result["consoleErrors"]:
        text, url = c["text"], c.get("url") or ""
        if any(b in text for b in BENIGN_CONSOLE):
            continue
        if text.startswith("Failed to load resource"):
            path = _path(url, base)
            if path is None or any(path == (prefix + p) for (_, p) in EXPECTED):
                continue  # the failed load itself is judged by unexpected_failures
        bad.append(c)
    return bad


def assert_page_ok(result: dict, base: str, prefix: str = "") -> None:
    """A page passes when its checks passed, no request failed and the console logged no error."""
    name = result["name"]
    assert result.get("error") is None, f"{name}: {result['error']}"
    failed = unexpected_failures(result, base, prefix)
    assert not failed, f"{name}: failed requests {failed}"
    console = unexpected_console(result, base, prefix)
    assert not console, f"{name}: console errors {console}"
