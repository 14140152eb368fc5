"""Issues through the stock client (``mlflow.genai.create_issue`` and friends) and the UI's REST
calls, on Labbook and on a stock ``mlflow server`` side by side."""

from __future__ import annotations

import base64
import json

import mlflow
import pytest
import requests
from mlflow.entities.issue import IssueSeverity, IssueStatus

from lbutil import raises_mlflow, unique
from stock_mlflow import stock_mlflow


@pytest.fixture(scope="module")
def stock_url(server_url):
    with stock_mlflow("issues") as url:
        yield url


@pytest.fixture
def tracking_back(server_url):
    yield
    mlflow.set_tracking_uri(server_url)


def _raw(url: str, method: str, path: str, **kwargs) -> tuple[int, dict]:
    r = requests.request(method, f"{url}/api/3.0/mlflow/issues{path}", timeout=30, **kwargs)
    return r.status_code, r.json()


def _error(answer: tuple[int, dict]) -> tuple[int, str, str]:
    status, body = answer
    return status, body.get("error_code"), body.get("message")


def _issue(d: dict, ids: dict, exp: str) -> dict:
    """An Issue message with the server's own ids and times replaced."""
    out = dict(d)
    out["issue_id"] = ids.setdefault(out["issue_id"], f"issue-{len(ids)}")
    assert out.pop("experiment_id") == exp
    if out.get("source_run_id"):
        out["source_run_id"] = "run"
    for key in ("created_timestamp", "last_updated_timestamp", "last_seen_timestamp"):
        if key in out:
            assert isinstance(out[key], int), key
            if out[key] not in (1_700_000_000_000, 1_600_000_000_000):
                out[key] = "time"
    return out


def _names(answer) -> list[str]:
    return [i["name"] for i in answer[1].get("issues", [])]


def _scenario(url: str) -> dict:
    mlflow.set_tracking_uri(url)
    exp = mlflow.create_experiment(unique("issues"))
    mlflow.set_experiment(experiment_id=exp)
    ids: dict = {}
    seen: dict = {}
    with mlflow.start_run() as run:
        run_id = run.info.run_id

    slow = mlflow.genai.create_issue("Slow answers", severity=IssueSeverity.HIGH, description="p99 above 10 s",
                                     categories=["latency", "Latency ", "cost"], source_run_id=run_id,
                                     metadata={"owner": "ops"}, last_seen_timestamp=1_700_000_000_000)
    wrong = mlflow.genai.create_issue("Wrong refund policy", severity=IssueSeverity.MEDIUM,
                                      description="Quotes 60 days", issue_id="iss-refund-1")
    minor = mlflow.genai.create_issue("typo in greeting", severity=IssueSeverity.LOW, description="Helo",
                                      status=IssueStatus.REJECTED)
    seen["created"] = [_issue(i.to_dictionary(), ids, exp) for i in (slow, wrong, minor)]
    seen["get_raw"] = _issue(_raw(url, "GET", f"/{slow.issue_id}")[1]["issue"], ids, exp)

    updated = mlflow.genai.update_issue(slow.issue_id, status=IssueStatus.RESOLVED, categories=["correctness"],
                                        metadata={"ticket": "T-1"}, delete_metadata_keys=["owner"],
                                        last_seen_timestamp=1_600_000_000_000, name="Slow answers (p99)")
    seen["updated"] = _issue(updated.to_dictionary(), ids, exp)
    cleared = mlflow.genai.update_issue(wrong.issue_id, categories=[], description="")
    seen["cleared"] = _issue(cleared.to_dictionary(), ids, exp)

    # A trace that references an issue, for include_trace_count.
    with mlflow.start_span("answer") as span:
        span.set_inputs({"q": "refund?"})
    trace_id = span.trace_id
    mlflow.flush_trace_async_logging()
    linked = requests.post(f"{url}/api/3.0/mlflow/traces/{trace_id}/assessments", timeout=30, json={"assessment": {
        "assessment_name": wrong.issue_id, "source": {"source_type": "HUMAN", "source_id": "me"},
        "issue": {"value": True}}})
    assert linked.status_code == 200, linked.text

    search = lambda **body: _raw(url, "POST", "/search", json={"experiment_id": exp, **body})  # noqa: E731
    seen["default_order"] = _names(search())
    seen["with_counts"] = [(i["name"], i.get("trace_count")) for i in search(include_trace_count=True)[1]["issues"]]
    seen["by_status"] = _names(search(statuses=["pending", "rejected"]))
    seen["by_filter"] = _names(search(filter_string="status != 'pending' AND status = 'resolved'"))
    seen["by_run"] = _names(search(filter_string=f"source_run_id = '{run_id}'"))
    seen["by_name"] = _names(search(name="REFUND"))
    seen["by_name_literal"] = _names(search(name="%"))
    seen["by_category"] = _names(search(categories=[" CORRECTNESS"]))
    seen["by_severity"] = _names(search(severities=["low", "high"]))
    seen["order_name"] = _names(search(order_by=["name DESC"]))
    seen["order_severity"] = _names(search(order_by=["severity", "created_timestamp DESC"]))
    seen["order_seen"] = _names(search(order_by=["last_seen_timestamp ASC"]))
    status, body = search(view="basic", include_total_count=True, max_results=1, order_by=["name"])
    seen["basic"] = (status, sorted(body), body["total_count"], sorted(body["issues"][0]),
                     body["issues"][0]["description"])
    pages, token = [], body["next_page_token"]
    pages.append(_names((status, body)))
    while token:
        status, body = search(view="basic", include_total_count=True, max_results=1, order_by=["name"],
                              page_token=token)
        pages.append(_names((status, body)))
        token = body["next_page_token"]
    seen["keyset_pages"] = pages
    first = search(max_results=2)
    seen["offset_pages"] = [_names(first), _names(search(max_results=2, page_token=first[1]["next_page_token"]))]
    seen["empty_token"] = search(max_results=50)[1]["next_page_token"]
    fluent = mlflow.genai.search_issues(severities=[IssueSeverity.HIGH, IssueSeverity.MEDIUM], order_by=["name"],
                                        include_total_count=True)
    seen["fluent_search"] = ([i.name for i in fluent], fluent.total_count, fluent.token)

    # Bad input changes nothing.
    before = _raw(url, "GET", f"/{slow.issue_id}")[1]
    seen["bad_create"] = {label: _error(_raw(url, "POST", "", json={"experiment_id": exp, **body})) for label, body in {
        "missing description": {"name": "x"},
        "empty description": {"name": "x", "description": ""},
        "bad status": {"name": "x", "description": "d", "status": "open"},
        "bad severity": {"name": "x", "description": "d", "severity": "critical"},
        "long name": {"name": "n" * 251, "description": "d"},
        "bad issue id": {"name": "x", "description": "d", "issue_id": "bug-1"},
        "taken issue id": {"name": "x", "description": "d", "issue_id": "iss-refund-1"},
        "negative last seen": {"name": "x", "description": "d", "last_seen_timestamp": -1},
        "float last seen": {"name": "x", "description": "d", "last_seen_timestamp": 1.5},
        "metadata not strings": {"name": "x", "description": "d", "metadata": {"k": 1}},
        "unknown run": {"name": "x", "description": "d", "source_run_id": "f" * 32},
        "empty category": {"name": "x", "description": "d", "categories": [""]},
    }.items()}
    seen["bad_create_experiment"] = _error(_raw(url, "POST", "", json={"experiment_id": "987654321", "name": "x",
                                                                        "description": "d"}))
    # The client always repeats the path's issue_id in the body (MLflow requires it there).
    seen["bad_update"] = {label: _error(_raw(url, "PATCH", f"/{slow.issue_id}",
                                             json={"issue_id": slow.issue_id, **body})) for label, body in {
        "empty name": {"name": ""},
        "bad status": {"status": "done"},
        "same key": {"metadata": {"a": "1"}, "delete_metadata_keys": ["a"]},
    }.items()}
    seen["unknown_issue"] = (_error(_raw(url, "GET", "/iss-nope")),
                             _error(_raw(url, "PATCH", "/iss-nope", json={"issue_id": "iss-nope", "name": "x"})))
    after = _raw(url, "GET", f"/{slow.issue_id}")[1]
    seen["unchanged"] = before == after
    seen["bad_search"] = {label: _error(search(**body)) for label, body in {
        "max_results 0": {"max_results": 0},
        "bad status": {"statuses": ["open"]},
        "bad view": {"view": "compact"},
        "bad order": {"order_by": ["priority"]},
        "bad direction": {"order_by": ["name UP"]},
        "bad token": {"page_token": "bm9wZQ=="},
        "foreign token": {"page_token": base64.b64encode(json.dumps(
            {"offset": 1, "query": "0" * 64}).encode()).decode(), "order_by": ["name"]},
    }.items()}
    seen["bad_filter_field"] = search(filter_string="name = 'x'")[0]
    seen["bad_filter_comparator"] = search(filter_string="status LIKE 'x'")[0]
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        mlflow.genai.get_issue("iss-missing")
    seen["fluent_get"] = mlflow.genai.get_issue(minor.issue_id).name
    return seen


def test_same_issues_as_stock_mlflow(server_url, stock_url, tracking_back):
    ours = _scenario(server_url)
    theirs = _scenario(stock_url)
    assert ours.keys() == theirs.keys()
    differ = {key: (ours[key], theirs[key]) for key in ours if ours[key] != theirs[key]}
    assert not differ, json.dumps(differ, indent=1, default=str)
    assert ours["with_counts"][1] == ("Wrong refund policy", 1)
    assert ours["unchanged"]
