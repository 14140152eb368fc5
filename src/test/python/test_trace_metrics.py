"""Trace metrics (QueryTraceMetrics), the calls behind the UI's experiment dashboard.

The same traces, spans and assessments are logged through the stock client into Labbook and into a
stock ``mlflow server`` started here; then the dashboard's queries (and some that are refused) are
sent to both, and the answers must be equal. Every span gets explicit start and end times, so
latencies, token counts and time buckets are the same on both servers to the last bit.

Span costs are the one difference: MLflow's server prices LLM spans from its model price table as
they arrive, Labbook keeps no prices, so its cost metrics are always empty.
"""

from __future__ import annotations

import datetime as dt

import mlflow
import pytest
import requests
from mlflow.entities import AssessmentSource, SpanType

from lbutil import unique
from stock_mlflow import stock_mlflow

HUMAN = AssessmentSource(source_type="HUMAN", source_id="reviewer@example.com")
T0_MS = int(dt.datetime(2025, 3, 1, tzinfo=dt.timezone.utc).timestamp() * 1000)
HOUR_MS = 3_600_000
START, END = T0_MS - HOUR_MS, T0_MS + 48 * HOUR_MS
PATH = "/ajax-api/3.0/mlflow/traces/metrics"


@pytest.fixture(scope="module")
def stock_url():
    with stock_mlflow("trace-metrics") as url:
        yield url


@pytest.fixture(scope="module")
def experiments(server_url, stock_url):
    """The fixture logged into each server: {"ours": experiment id, "theirs": experiment id}."""
    try:
        theirs = _log_fixture(stock_url)
        ours = _log_fixture(server_url)
    finally:
        mlflow.set_tracking_uri(server_url)
    return {"ours": ours, "theirs": theirs}


def _ns(ms: int) -> int:
    return ms * 1_000_000


def _llm_call(parent, name, start_ms, ms, model, provider, usage):
    span = mlflow.start_span_no_context(name, span_type=SpanType.CHAT_MODEL, parent_span=parent,
                                        inputs={"messages": [{"role": "user", "content": "hi"}]},
                                        start_time_ns=_ns(start_ms))
    if model:
        span.set_attribute("mlflow.llm.model", model)
    if provider:
        span.set_attribute("mlflow.llm.provider", provider)
    if usage:
        span.set_attribute("mlflow.chat.tokenUsage", usage)
    span.end(outputs={"content": "hello"}, end_time_ns=_ns(start_ms + ms))


def _trace(name, start_ms, ms, *, calls=(), tool_ms=None, error=False, metadata=None):
    root = mlflow.start_span_no_context(name, inputs={"q": name}, start_time_ns=_ns(start_ms),
                                        metadata=metadata)
    offset = 1
    for call in calls:
        _llm_call(root, "chat", start_ms + offset, *call)
        offset += call[0] + 1
    if tool_ms is not None:
        tool = mlflow.start_span_no_context("lookup", span_type=SpanType.TOOL, parent_span=root,
                                            start_time_ns=_ns(start_ms + offset))
        tool.end(outputs=["doc"], end_time_ns=_ns(start_ms + offset + tool_ms))
    root.end(outputs={"a": 1}, status="ERROR" if error else "OK", end_time_ns=_ns(start_ms + ms))
    return root.trace_id


def _log_fixture(url: str) -> str:
    mlflow.set_tracking_uri(url)
    experiment_id = mlflow.set_experiment(unique("trace-metrics")).experiment_id
    ids = []
    # Four agent runs an hour apart (two models, tool calls of growing length, one failure) ...
    for i in range(4):
        model, provider = ("gpt-4o", "openai") if i % 2 else ("claude-3-5-sonnet", "anthropic")
        ids.append(_trace("agent", T0_MS + i * HOUR_MS + 7, 120 + 97 * i,
                          calls=[(40 + 13 * i, model, provider,
                                  {"input_tokens": 100 * (i + 1), "output_tokens": 7 * i + 3,
                                   "total_tokens": 100 * (i + 1) + 7 * i + 3})],
                          tool_ms=11 * i + 2, error=i == 2))
    # ... two cached retrievals in one session the next day, and a call with no usage at all.
    for i in range(2):
        ids.append(_trace("retrieve", T0_MS + 26 * HOUR_MS + i * 61_000, 35 + i,
                          calls=[(9 + i, "gpt-4o-mini", "openai",
                                  {"input_tokens": 50, "output_tokens": 5, "total_tokens": 55,
                                   "cache_read_input_tokens": 40 + i})],
                          metadata={"mlflow.trace.session": "session-1"}))
    ids.append(_trace("plain", T0_MS + 30 * HOUR_MS, 3, calls=[(1, None, None, None)]))
    mlflow.flush_trace_async_logging()
    mlflow.log_feedback(trace_id=ids[0], name="helpful", value=True, source=HUMAN)
    mlflow.log_feedback(trace_id=ids[1], name="helpful", value=False, source=HUMAN)
    mlflow.log_feedback(trace_id=ids[2], name="helpful", value="Yes", source=HUMAN)
    mlflow.log_feedback(trace_id=ids[3], name="score", value=0.25, source=HUMAN)
    mlflow.log_feedback(trace_id=ids[4], name="score", value=4, source=HUMAN)
    mlflow.log_feedback(trace_id=ids[5], name="score", value="n/a", source=HUMAN)
    superseded = mlflow.log_feedback(trace_id=ids[6], name="score", value=0.5, source=HUMAN)
    mlflow.override_feedback(trace_id=ids[6], assessment_id=superseded.assessment_id, value=0.75,
                             source=HUMAN)
    mlflow.log_expectation(trace_id=ids[0], name="expected_answer", value={"a": 1}, source=HUMAN)
    mlflow.set_trace_tag(ids[3], "env", "prod")
    return experiment_id


def _percentiles(*values):
    return [{"aggregation_type": "PERCENTILE", "percentile_value": v} for v in values]


def _agg(*types):
    return [{"aggregation_type": t} for t in types]


def _query(view, metric, aggregations, **extra):
    return {"view_type": view, "metric_name": metric, "aggregations": aggregations, **extra}


DAILY = {"time_interval_seconds": 86400, "start_time_ms": START, "end_time_ms": END}
HOURLY = {"time_interval_seconds": 3600, "start_time_ms": START, "end_time_ms": END}
TOKEN_AGGS = _agg("SUM", "AVG", "MIN", "MAX") + _percentiles(50, 90, 99)

# What the dashboard's overview, performance, tokens, tools and quality tabs ask, and a few more.
UI_QUERIES = [
    _query("TRACES", "trace_count", _agg("COUNT"), dimensions=["trace_status"], **DAILY),
    _query("TRACES", "trace_count", _agg("COUNT"), **HOURLY),
    _query("TRACES", "trace_count", _agg("COUNT"), dimensions=["trace_name", "trace_status"],
           start_time_ms=START, end_time_ms=END),
    _query("TRACES", "latency", _percentiles(50, 90, 99), **HOURLY),
    _query("TRACES", "latency", _agg("AVG", "MIN", "MAX") + _percentiles(50, 90, 99),
           start_time_ms=START, end_time_ms=END),
    _query("TRACES", "latency", _agg("AVG"), dimensions=["trace_name"], start_time_ms=START, end_time_ms=END),
    *[_query("TRACES", metric, TOKEN_AGGS, start_time_ms=START, end_time_ms=END)
      for metric in ("input_tokens", "output_tokens", "total_tokens", "cache_read_input_tokens",
                     "cache_creation_input_tokens")],
    _query("TRACES", "total_tokens", _agg("SUM"), **DAILY),
    _query("TRACES", "input_tokens", _agg("SUM", "AVG"), dimensions=["trace_name"], **HOURLY),
    _query("TRACES", "session_count", _agg("COUNT"), start_time_ms=START, end_time_ms=END),
    _query("SPANS", "span_count", _agg("COUNT"), dimensions=["span_name", "span_status"],
           start_time_ms=START, end_time_ms=END),
    _query("SPANS", "span_count", _agg("COUNT"), dimensions=["span_name", "span_status"],
           filters=["span.type = 'TOOL'"], start_time_ms=START, end_time_ms=END),
    _query("SPANS", "span_count", _agg("COUNT"), dimensions=["span_model_name", "span_model_provider"],
           **DAILY),
    _query("SPANS", "span_count", _agg("COUNT"), dimensions=["span_type"], **HOURLY),
    _query("SPANS", "latency", _agg("AVG"), filters=["span.type = 'TOOL'"], start_time_ms=START,
           end_time_ms=END),
    _query("SPANS", "latency", _agg("AVG", "MIN", "MAX") + _percentiles(25, 50, 95),
           dimensions=["span_name"], **DAILY),
    _query("ASSESSMENTS", "assessment_count", _agg("COUNT"), dimensions=["assessment_name",
                                                                        "assessment_value"],
           start_time_ms=START, end_time_ms=END),
    _query("ASSESSMENTS", "assessment_count", _agg("COUNT"), dimensions=["assessment_name"]),
    _query("ASSESSMENTS", "assessment_value", _agg("AVG"), dimensions=["assessment_name"], **DAILY),
    _query("ASSESSMENTS", "assessment_value", _agg("MIN", "MAX") + _percentiles(50),
           dimensions=["assessment_name"]),
    # Filters of each kind, and limits.
    _query("TRACES", "trace_count", _agg("COUNT"), filters=["trace.status = 'ERROR'"]),
    _query("TRACES", "trace_count", _agg("COUNT"), filters=["trace.tag.env = 'prod'"]),
    _query("TRACES", "trace_count", _agg("COUNT"), filters=["trace.tag.`mlflow.traceName` = 'retrieve'"]),
    _query("TRACES", "trace_count", _agg("COUNT"), filters=["trace.metadata.mlflow.trace.session = 'session-1'"]),
    _query("TRACES", "total_tokens", _agg("SUM"), filters=["trace.status = 'OK'", "trace.tag.mlflow.traceName = 'agent'"]),
    _query("SPANS", "span_count", _agg("COUNT"), filters=["span.name = 'chat'", "trace.status = 'OK'"],
           dimensions=["span_model_name"]),
    _query("ASSESSMENTS", "assessment_count", _agg("COUNT"), filters=["assessment.type = 'expectation'"]),
    _query("ASSESSMENTS", "assessment_count", _agg("COUNT"), filters=["trace.status = 'ERROR'"],
           dimensions=["assessment_name"]),
    _query("TRACES", "trace_count", _agg("COUNT"), dimensions=["trace_name"], max_results=2),
    _query("SPANS", "span_count", _agg("COUNT"), dimensions=["span_model_name"], max_results=1),
    _query("TRACES", "trace_count", _agg("COUNT"), start_time_ms=T0_MS + 3 * HOUR_MS, end_time_ms=END),
    _query("TRACES", "latency", _agg("AVG"), start_time_ms=END + 1),
]

REFUSED = [
    _query("TRACES", "nope", _agg("COUNT")),
    _query("TRACES", "trace_count", _agg("SUM", "AVG")),
    _query("SPANS", "latency", _agg("AVG"), dimensions=["span_type", "zz"]),
    _query("TRACES", "trace_count", _agg("COUNT"), time_interval_seconds=60),
    _query("TRACES", "trace_count", []),
    _query("TRACES", "trace_count", _agg("COUNT"), filters=["span.name = 'chat'"]),
    _query("TRACES", "trace_count", _agg("COUNT"), filters=["trace.status != 'OK'"]),
    _query("TRACES", "trace_count", _agg("COUNT"), filters=["trace.status = 'OK' AND trace.status = 'OK'"]),
    _query("TRACES", "trace_count", _agg("COUNT"), filters=["trace.tag = 'x'"]),
    _query("TRACES", "trace_count", _agg("COUNT"), filters=["trace.status = OK"]),
    _query("SPANS", "span_count", _agg("COUNT"), filters=["assessment.name = 'helpful'"]),
]


def _post(url, body, path=PATH):
    return requests.post(url + path, json=body, timeout=60)


def _answer(url, experiment_id, query):
    r = _post(url, {"experiment_ids": [experiment_id], **query})
    body = r.json()
    # A stock server adds Databricks-style fields to its errors that Labbook does not send.
    body.pop("sqlstate", None)
    body.pop("error_class", None)
    return r.status_code, body


@pytest.mark.parametrize("query", UI_QUERIES, ids=lambda q: f"{q['view_type']}-{q['metric_name']}")
def test_dashboard_queries_answer_as_stock_mlflow(server_url, stock_url, experiments, query):
    ours = _answer(server_url, experiments["ours"], query)
    theirs = _answer(stock_url, experiments["theirs"], query)
    assert ours[0] == 200, ours
    assert ours == theirs


@pytest.mark.parametrize("query", REFUSED, ids=lambda q: f"{q['view_type']}-{q['metric_name']}")
def test_refused_queries_get_stock_mlflows_errors(server_url, stock_url, experiments, query):
    ours = _answer(server_url, experiments["ours"], query)
    assert ours[0] == 400, ours
    assert ours == _answer(stock_url, experiments["theirs"], query)


def test_the_fixture_is_what_the_comparisons_rest_on(server_url, experiments):
    """Guards against comparing two empty answers: the fixture must show up in Labbook's answers."""
    status, body = _answer(server_url, experiments["ours"],
                           _query("TRACES", "trace_count", _agg("COUNT"), dimensions=["trace_name"]))
    counts = {p["dimensions"]["trace_name"]: p["values"]["COUNT"] for p in body["data_points"]}
    assert counts == {"agent": 4.0, "plain": 1.0, "retrieve": 2.0}
    status, body = _answer(server_url, experiments["ours"], _query("TRACES", "latency", _percentiles(50), **DAILY))
    assert [p["dimensions"]["time_bucket"] for p in body["data_points"]] == [
        "2025-03-01T00:00:00+00:00", "2025-03-02T00:00:00+00:00"]


def test_costs_are_empty_because_labbook_prices_no_spans(server_url, experiments):
    for metric in ("input_cost", "output_cost", "total_cost"):
        status, body = _answer(server_url, experiments["ours"],
                               _query("SPANS", metric, _agg("SUM"), dimensions=["span_model_name"]))
        assert (status, body) == (200, {})


def test_served_under_api_as_well_as_ajax_api(server_url, experiments):
    body = {"experiment_ids": [experiments["ours"]], **UI_QUERIES[0]}
    ajax = _post(server_url, body)
    api = _post(server_url, body, path="/api/3.0/mlflow/traces/metrics")
    assert api.status_code == 200 and api.json() == ajax.json() and ajax.json()["data_points"]


def test_page_token_is_ignored_as_in_mlflow(server_url, experiments):
    query = _query("TRACES", "trace_count", _agg("COUNT"), dimensions=["trace_name"], max_results=1)
    first = _answer(server_url, experiments["ours"], query)
    again = _answer(server_url, experiments["ours"], {**query, "page_token": "anything"})
    assert first == again and "next_page_token" not in first[1] and len(first[1]["data_points"]) == 1
