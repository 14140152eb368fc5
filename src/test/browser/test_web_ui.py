"""The stock MLflow web UI, served by Labbook, in a real browser: each page a person opens, what they
would check on it, and that no request failed and the console stayed clean."""

from __future__ import annotations

import json

import mlflow
import pytest
import requests

import seed
from conftest import REPO_ROOT, SCREENSHOTS, assert_page_ok, labbook, run_pages, unexpected_failures

PAGES = ["experiments", "runsTable", "runOverview", "runArtifacts", "runCharts", "metricStep", "metricTime",
         "compareRuns", "registeredModels", "modelVersion", "loggedModels", "loggedModel", "modelArtifacts", "traces",
         "traceDetail", "traceDashboard", "chatSessions", "evaluationRuns",
         "reviewQueue", "issues", "evalDatasets", "evalDataset"]
COOKIE_PAGE = "cookieHeader"


@pytest.fixture(scope="session")
def seeded(client, tmp_path_factory):
    return seed.tracking_data(client, tmp_path_factory.mktemp("seed"))


@pytest.fixture(scope="session")
def report(server_url, seeded):
    pages = [{"name": p, "check": p} for p in PAGES]
    # The UI turns cookies named mlflow-request-header-<Name> into request headers <Name>.
    pages.append({"name": COOKIE_PAGE, "check": "experiments", "keepHeaders": True,
                  "cookies": [{"name": "mlflow-request-header-X-Test", "value": "1"}]})
    result = run_pages(server_url, pages, seeded)
    write_request_list(result, server_url, SCREENSHOTS / "requests.md")
    return result


def write_request_list(result: dict, base: str, out) -> None:
    """Every request each page made (method, path, status), for reviewers and the benchmark."""
    lines = []
    for name, page in result.items():
        lines.append(f"## {name} ({page['millis']} ms)")
        seen = []
        for r in page["requests"]:
            if not r["url"].startswith(base) or "/static-files/" in r["url"]:
                continue
            path = r["url"][len(base):].split("?", 1)[0]
            entry = f"- {r['method']} {path} -> {r.get('status') or r.get('failure')}"
            if entry not in seen:
                seen.append(entry)
        lines += seen + [""]
    out.write_text("\n".join(lines))


@pytest.mark.parametrize("name", PAGES)
def test_page(report, server_url, name):
    assert_page_ok(report[name], server_url)


def test_page_facts(report, seeded):
    assert report["experiments"]["facts"]["experiment"] == seeded["experiment_name"]
    assert report["runsTable"]["facts"]["rows"] == ["ui-run-0", "ui-run-1"]
    assert report["runOverview"]["facts"] == {"loss": "0.04", "lr": "0.1"}
    assert report["runCharts"]["facts"]["lines"] >= 2
    assert report["metricStep"]["facts"]["lines"] >= 3 and report["metricTime"]["facts"]["lines"] >= 3
    assert report["modelVersion"]["facts"]["version"] == seeded["model_version"]
    assert report["traces"]["facts"] == {"rows": 2, "assessment": True}
    assert report["traceDetail"]["facts"]["spans"] >= 3
    assert report["traceDashboard"]["facts"] == {"traces": 2, "errors": 0}
    assert f"traceId={seeded['trace_ids'][1]}" in report["traceDetail"]["facts"]["url"]
    assert report["modelArtifacts"]["facts"]["preview"] == "MLmodel"
    assert report["chatSessions"]["facts"]["sessions"] == ["session-alpha", "session-beta"]
    assert report["chatSessions"]["facts"]["turns"] == 2
    assert report["chatSessions"]["facts"]["replies"] == ["olleh", "niaga dna"]
    assert report["evaluationRuns"]["facts"] == {"scorer": True, "rows": 2, "shown": "2 of 2"}
    assert report["reviewQueue"]["facts"] == {"todo": 2}
    assert report["issues"]["facts"] == {"issue": True}
    assert report["evalDatasets"]["facts"]["listed"] >= 1
    assert report["evalDataset"]["facts"]["records"] == str(len(seeded["dataset_questions"]))
    assert report["evalDataset"]["facts"]["url"].endswith(f"/datasets/{seeded['dataset_id']}")


def test_every_page_left_a_screenshot(report):
    for name in PAGES:
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000, name


def test_ui_forwards_request_header_cookies(report, server_url):
    page = report[COOKIE_PAGE]
    assert_page_ok(page, server_url)
    api = [r for r in page["requests"] if "/ajax-api/" in r["url"] and r.get("headers")]
    assert api, "the experiment list makes API requests"
    missing = [r["url"] for r in api if r["headers"].get("x-test") != "1"]
    assert not missing, f"API requests without the X-Test header from the cookie: {missing}"


def test_ui_under_a_static_prefix(tmp_path):
    with labbook("prefix", None, "--static-prefix", "/mlflow") as root:
        bare = requests.get(root + "/mlflow", allow_redirects=False, timeout=10)
        assert bare.status_code == 308 and bare.headers["Location"] == "/mlflow/"
        client = mlflow.MlflowClient(tracking_uri=root + "/mlflow")
        name = f"prefixed-{tmp_path.name}"
        client.create_experiment(name)
        result = run_pages(root + "/mlflow", [{"name": "prefixExperiments", "check": "experiments"}],
                           {"experiment_name": name}, keep_report=False)
        page = result["prefixExperiments"]
        assert_page_ok(page, root, prefix="/mlflow")
        served = [r["url"] for r in page["requests"] if r["url"].startswith(root)]
        assert served and all(u.startswith(root + "/mlflow/") for u in served), served
