"""MLflow 3 tracing through the stock client: traces, spans, tags, search, assessments, deletes.

Spans travel as the client sends them (OTLP protobuf to /v1/traces, then the trace info to
/api/3.0/mlflow/traces) and are read back through get_trace / search_traces. The same scripted
conversation runs against a stock ``mlflow server`` started here, and both must hand back the same
traces, spans and assessments once server-chosen values (ids, times, artifact paths) are set aside.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import threading
import time
import uuid

import mlflow
import pytest
import requests
from mlflow import MlflowClient
from mlflow.entities import AssessmentSource, Feedback, SpanType
from mlflow.exceptions import MlflowException

from lbutil import raises_mlflow, unique
from otlp_payloads import export_request
from stock_mlflow import stock_mlflow

HUMAN = AssessmentSource(source_type="HUMAN", source_id="reviewer@example.com")


@pytest.fixture(scope="module")
def stock_url():
    with stock_mlflow("traces") as url:
        yield url


@pytest.fixture
def traced_experiment(server_url):
    experiment_id = mlflow.set_experiment(unique("traces")).experiment_id
    yield experiment_id


def _flush():
    mlflow.flush_trace_async_logging()


# ------------------------------------------------------------------------------------------------
# one scripted conversation, run against any server
# ------------------------------------------------------------------------------------------------
@mlflow.trace(span_type=SpanType.LLM)
def _answer(question: str) -> dict:
    return {"answer": question.upper(), "tokens": len(question)}


@mlflow.trace(name="pipeline", attributes={"team": "search"})
def _pipeline(question: str, k: int = 2) -> dict:
    with mlflow.start_span("retrieve", span_type=SpanType.RETRIEVER) as span:
        span.set_inputs({"query": question, "k": k})
        docs = [{"page_content": f"doc {i}", "metadata": {"score": 1.0 / (i + 1)}} for i in range(k)]
        span.set_outputs(docs)
        span.set_attribute("index", "faq-v2")
    mlflow.update_current_trace(tags={"stage": "qa"}, metadata={"app.version": "1.2.3"})
    return _answer(question)


def _chat_trace():
    """An OpenAI-style chat call recorded by hand (no network), as an autologger would."""
    with mlflow.start_span("chat", span_type=SpanType.CHAT_MODEL) as span:
        span.set_inputs({"model": "gpt-x", "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "What is MLflow?"}]})
        span.set_outputs({"id": "c-1", "object": "chat.completion", "choices": [
            {"index": 0, "message": {"role": "assistant", "content": "A tracking server."},
             "finish_reason": "stop"}], "usage": {"prompt_tokens": 9, "completion_tokens": 4,
                                                 "total_tokens": 13}})
        span.set_attribute("llm.temperature", 0.25)


def _failing_trace():
    @mlflow.trace
    def broken(x):
        raise ValueError(f"bad input {x}")

    with pytest.raises(ValueError):
        broken(7)


def _scenario(url: str) -> dict:
    """The conversation: returns what the server answered, normalised for comparison."""
    mlflow.set_tracking_uri(url)
    experiment_id = mlflow.set_experiment(unique("side-by-side")).experiment_id
    _pipeline("what is labbook")
    pipeline_id = mlflow.get_last_active_trace_id()
    time.sleep(0.01)  # distinct start times, so the default newest-first order is defined
    _chat_trace()
    chat_id = mlflow.get_last_active_trace_id()
    time.sleep(0.01)
    _failing_trace()
    failed_id = mlflow.get_last_active_trace_id()
    _flush()
    mlflow.set_trace_tag(pipeline_id, "reviewed", "yes")
    feedback = mlflow.log_feedback(trace_id=pipeline_id, name="helpful", value=True, rationale="clear",
                                   source=HUMAN)
    expectation = mlflow.log_expectation(trace_id=pipeline_id, name="expected_answer",
                                         value={"answer": "WHAT IS LABBOOK"}, source=HUMAN)
    mlflow.log_feedback(trace_id=chat_id, name="score", value=0.75, source=HUMAN)
    mlflow.update_assessment(trace_id=pipeline_id, assessment_id=feedback.assessment_id,
                             assessment=Feedback(value=False, rationale="too short"))
    mlflow.delete_assessment(trace_id=pipeline_id, assessment_id=expectation.assessment_id)
    traces = {name: mlflow.get_trace(tid) for name, tid in
              (("pipeline", pipeline_id), ("chat", chat_id), ("failed", failed_id))}
    searches = {
        "all": mlflow.search_traces(locations=[experiment_id], return_type="list"),
        "tag": mlflow.search_traces(locations=[experiment_id], filter_string="tags.reviewed = 'yes'",
                                    return_type="list"),
        "error": mlflow.search_traces(locations=[experiment_id], filter_string="trace.status = 'ERROR'",
                                      return_type="list"),
        "name": mlflow.search_traces(locations=[experiment_id], filter_string="trace.name = 'chat'",
                                     return_type="list"),
        "oldest_first": mlflow.search_traces(locations=[experiment_id], order_by=["timestamp_ms ASC"],
                                             return_type="list"),
    }
    result = {name: _normalise_trace(t) for name, t in traces.items()}
    result["searches"] = {name: [_name_of(t) for t in found] for name, found in searches.items()}
    mlflow.delete_trace_tag(pipeline_id, "reviewed")
    result["after_tag_delete"] = sorted(mlflow.get_trace(pipeline_id).info.tags)
    return result


def _name_of(trace) -> str:
    return trace.info.tags.get("mlflow.traceName")


SERVER_CHOSEN_TAGS = {"mlflow.artifactLocation"}
# Costs: MLflow prices LLM calls from a model price table that Labbook does not carry (README).
NOT_COMPUTED_ATTRIBUTES = {"mlflow.traceRequestId", "mlflow.llm.cost"}
SERVER_CHOSEN_METADATA = {"mlflow.trace.cost", "mlflow.trace.sizeBytes", "mlflow.trace.sizeStats", "mlflow.source.name",
                          "mlflow.source.git.commit", "mlflow.source.git.branch",
                          "mlflow.source.git.repoURL"}


def _normalise_trace(trace) -> dict:
    info = trace.info
    return {
        "state": info.state.value,
        "request_preview": info.request_preview,
        "response_preview": info.response_preview,
        "tags": {k: v for k, v in info.tags.items() if k not in SERVER_CHOSEN_TAGS},
        "metadata": {k: v for k, v in info.trace_metadata.items() if k not in SERVER_CHOSEN_METADATA},
        "execution_known": info.execution_duration is not None,
        "assessments": sorted(
            (a.name, type(a).__name__, json.dumps(a.value, sort_keys=True), a.rationale, a.valid,
             a.source.source_type, a.source.source_id) for a in info.assessments),
        "spans": [
            {"name": s.name, "type": s.span_type, "status": s.status.status_code.value,
             "parent": _span_name(trace, s.parent_id), "inputs": s.inputs, "outputs": s.outputs,
             "attributes": {k: v for k, v in s.attributes.items() if k not in NOT_COMPUTED_ATTRIBUTES},
             "events": [(e.name, e.attributes) for e in s.events]}
            for s in trace.data.spans],
    }


def _span_name(trace, span_id):
    if span_id is None:
        return None
    return next(s.name for s in trace.data.spans if s.span_id == span_id)


def test_same_traces_spans_and_assessments_as_stock_mlflow(server_url, stock_url):
    try:
        theirs = _scenario(stock_url)
        ours = _scenario(server_url)
    finally:
        mlflow.set_tracking_uri(server_url)
    assert ours["pipeline"]["spans"], "the pipeline trace has spans"
    for key in ("pipeline", "chat", "failed", "searches", "after_tag_delete"):
        assert ours[key] == theirs[key], key


# ------------------------------------------------------------------------------------------------
# the client's calls one by one
# ------------------------------------------------------------------------------------------------
def test_nested_functions_and_manual_spans_round_trip(traced_experiment):
    _pipeline("hello", k=3)
    trace_id = mlflow.get_last_active_trace_id()
    _flush()
    trace = mlflow.get_trace(trace_id)
    assert trace.info.trace_id == trace_id
    assert trace.info.experiment_id == traced_experiment
    assert trace.info.state.value == "OK"
    assert trace.info.tags["mlflow.traceName"] == "pipeline"
    assert trace.info.tags["mlflow.trace.spansLocation"] == "TRACKING_STORE"
    assert trace.info.tags["stage"] == "qa"
    assert trace.info.trace_metadata["app.version"] == "1.2.3"
    assert trace.info.request_preview == '{"question": "hello", "k": 3}'
    assert json.loads(trace.info.response_preview) == {"answer": "HELLO", "tokens": 5}
    names = [s.name for s in trace.data.spans]
    assert names[0] == "pipeline" and sorted(names[1:]) == ["_answer", "retrieve"]
    root = trace.data.spans[0]
    assert root.parent_id is None and root.attributes["team"] == "search"
    retrieve = next(s for s in trace.data.spans if s.name == "retrieve")
    assert retrieve.parent_id == root.span_id
    assert retrieve.span_type == SpanType.RETRIEVER
    assert retrieve.inputs == {"query": "hello", "k": 3}
    assert retrieve.outputs[2]["metadata"]["score"] == pytest.approx(1 / 3)
    assert retrieve.attributes["index"] == "faq-v2"
    assert all(s.end_time_ns >= s.start_time_ns > 0 for s in trace.data.spans)
    assert trace.info.execution_duration >= 0


def test_chat_span_previews_show_the_last_messages(traced_experiment):
    _chat_trace()
    trace_id = mlflow.get_last_active_trace_id()
    _flush()
    info = mlflow.get_trace(trace_id).info
    # The client computes the previews; the server keeps them as sent.
    assert "What is MLflow?" in info.request_preview
    assert "A tracking server." in info.response_preview
    span = mlflow.get_trace(trace_id).data.spans[0]
    assert span.span_type == SpanType.CHAT_MODEL
    assert span.attributes["llm.temperature"] == 0.25


def test_failed_function_is_an_error_trace_with_its_exception_event(traced_experiment):
    _failing_trace()
    trace_id = mlflow.get_last_active_trace_id()
    _flush()
    trace = mlflow.get_trace(trace_id)
    assert trace.info.state.value == "ERROR"
    span = trace.data.spans[0]
    assert span.status.status_code.value == "ERROR"
    assert "bad input 7" in span.status.description
    assert any(e.name == "exception" and "bad input 7" in e.attributes["exception.message"]
               for e in span.events)


def test_async_functions_are_traced(traced_experiment):
    @mlflow.trace
    async def fetch(n):
        await asyncio.sleep(0)
        return [i * i for i in range(n)]

    @mlflow.trace
    async def gather():
        return sum(sum(part) for part in await asyncio.gather(fetch(3), fetch(4)))

    assert asyncio.run(gather()) == 19
    trace_id = mlflow.get_last_active_trace_id()
    _flush()
    trace = mlflow.get_trace(trace_id)
    assert [s.name for s in trace.data.spans].count("fetch") == 2
    assert trace.data.spans[0].outputs == 19


def test_search_filters_order_and_tags(traced_experiment):
    names = [f"t{i}" for i in range(6)]
    for i, name in enumerate(names):
        with mlflow.start_span(name) as span:
            span.set_inputs({"i": i})
            mlflow.update_current_trace(tags={"parity": "even" if i % 2 == 0 else "odd"},
                                        metadata={"bucket": str(i // 3)})
        time.sleep(0.005)
    _flush()
    found = mlflow.search_traces(locations=[traced_experiment], return_type="list")
    assert [_name_of(t) for t in found] == list(reversed(names))  # newest first by default

    def search(filter_string, **kwargs):
        return [_name_of(t) for t in mlflow.search_traces(
            locations=[traced_experiment], filter_string=filter_string, return_type="list", **kwargs)]

    assert search("tags.parity = 'even'") == ["t4", "t2", "t0"]
    assert search("tags.parity != 'even'") == ["t5", "t3", "t1"]
    assert search("tags.parity LIKE 'ev%'") == ["t4", "t2", "t0"]
    assert search("tags.parity ILIKE 'EV%'") == ["t4", "t2", "t0"]
    assert search("metadata.bucket = '1'") == ["t5", "t4", "t3"]
    assert search("trace.name = 't3'") == ["t3"]
    assert search("trace.status IN ('OK')") == list(reversed(names))
    assert search("trace.status = 'OK' AND tags.parity = 'odd' AND metadata.bucket = '0'") == ["t1"]
    assert search("", order_by=["timestamp_ms ASC"]) == names
    t2 = mlflow.search_traces(locations=[traced_experiment], filter_string="trace.name = 't2'",
                              return_type="list")[0]
    assert search(f"trace.timestamp_ms > {t2.info.request_time}") == ["t5", "t4", "t3"]
    assert search("trace.execution_time_ms >= 0") == list(reversed(names))
    assert search("tags.parity = 'none'") == []
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        mlflow.search_traces(locations=[traced_experiment], filter_string="tags.parity = even")
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        mlflow.search_traces(locations=[traced_experiment], filter_string="nonsense.key = 'x'")


def test_paging_over_2500_traces_while_new_ones_arrive(server_url, traced_experiment):
    client = MlflowClient(server_url)
    store = client._tracing_client.store
    from mlflow.entities import TraceInfo, TraceLocation, TraceState

    base = int(time.time() * 1000) - 10_000_000

    def start(i):
        info = TraceInfo(trace_id=f"tr-{uuid.uuid4().hex}",
                         trace_location=TraceLocation.from_experiment_id(traced_experiment),
                         request_time=base + i * 1000, execution_duration=5, state=TraceState.OK,
                         trace_metadata={"i": str(i)},
                         tags={"mlflow.traceName": f"bulk-{i}", "batch": "bulk", "parity": "even" if i % 2 == 0 else "odd"})
        return store.start_trace(info).trace_id

    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(8) as pool:
        created = set(pool.map(start, range(2500)))
    assert len(created) == 2500

    seen = []
    token = None
    arrivals = 0
    while True:
        page = client.search_traces(locations=[traced_experiment], max_results=200, page_token=token,
                                    include_spans=False)
        seen.extend(t.info.trace_id for t in page)
        # Newer traces arriving between pages must neither shift nor repeat what follows.
        start(10_000 + arrivals)
        arrivals += 1
        token = page.token
        if not token:
            break
    assert len(seen) == len(set(seen)), "no trace repeated across pages"
    assert created <= set(seen), "no trace skipped"
    times = [int(store.get_trace_info(t).request_time) for t in seen[:3]]
    assert times == sorted(times, reverse=True)

    def filtered(filter_string):
        found, token = [], None
        while True:
            page = client.search_traces(locations=[traced_experiment], filter_string=filter_string,
                                        max_results=500, page_token=token, include_spans=False)
            found.extend((t.info.trace_id, t.info.tags["parity"]) for t in page)
            token = page.token
            if not token:
                return found
    # Every trace here has batch=bulk, more than Labbook's common-value threshold (2,000): that search
    # takes the per-trace probe plan, the rarer parity=even the IN plan. Both must page through exactly
    # the matching traces in the default order.
    everything = filtered(None)
    assert len(everything) == 2500 + arrivals
    assert filtered("tags.batch = 'bulk'") == everything
    assert filtered("tags.parity = 'even' AND tags.batch = 'bulk'") == [t for t in everything if t[1] == "even"]


def test_feedback_and_expectations_lifecycle(traced_experiment):
    with mlflow.start_span("judged"):
        pass
    trace_id = mlflow.get_last_active_trace_id()
    _flush()
    feedback = mlflow.log_feedback(trace_id=trace_id, name="relevance", value=4, rationale="close",
                                   source=HUMAN, metadata={"round": "1"})
    assert feedback.assessment_id.startswith("a-")
    fetched = mlflow.get_assessment(trace_id, feedback.assessment_id)
    assert fetched.value == 4.0 and fetched.rationale == "close" and fetched.metadata == {"round": "1"}
    assert fetched.source.source_id == "reviewer@example.com"
    expectation = mlflow.log_expectation(trace_id=trace_id, name="facts", value=["a", "b"])
    assert mlflow.get_assessment(trace_id, expectation.assessment_id).value == ["a", "b"]
    error = mlflow.log_feedback(trace_id=trace_id, name="judge", source=HUMAN,
                                error=mlflow.entities.AssessmentError(error_code="TIMEOUT",
                                                                      error_message="judge timed out"))
    stored = mlflow.get_assessment(trace_id, error.assessment_id)
    assert stored.value is None and stored.error.error_code == "TIMEOUT"

    # An override marks the original invalid; deleting the override restores it.
    override = mlflow.override_feedback(trace_id=trace_id, assessment_id=feedback.assessment_id,
                                        value=5, rationale="re-checked", source=HUMAN)
    assert mlflow.get_assessment(trace_id, feedback.assessment_id).valid is False
    assert mlflow.get_assessment(trace_id, override.assessment_id).overrides == feedback.assessment_id
    mlflow.delete_assessment(trace_id=trace_id, assessment_id=override.assessment_id)
    assert mlflow.get_assessment(trace_id, feedback.assessment_id).valid is True

    updated = mlflow.update_assessment(trace_id=trace_id, assessment_id=expectation.assessment_id,
                                       assessment=mlflow.entities.Expectation(name="facts", value=["c"]))
    assert updated.value == ["c"]
    assessments = mlflow.get_trace(trace_id).info.assessments
    assert sorted(a.assessment_id for a in assessments) == sorted(
        [feedback.assessment_id, expectation.assessment_id, error.assessment_id])
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        mlflow.get_assessment(trace_id, "a-" + "0" * 32)
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        mlflow.log_feedback(trace_id="tr-" + "0" * 32, name="x", value=1)
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        mlflow.update_assessment(trace_id=trace_id, assessment_id=feedback.assessment_id,
                                 assessment=mlflow.entities.Expectation(name="facts", value=1))


def test_trace_tags_set_and_delete(server_url, traced_experiment):
    with mlflow.start_span("tagged"):
        pass
    trace_id = mlflow.get_last_active_trace_id()
    _flush()
    mlflow.set_trace_tag(trace_id, "owner", "ana")
    mlflow.set_trace_tag(trace_id, "Owner", "ben")  # keys are case-sensitive
    tags = mlflow.get_trace(trace_id).info.tags
    assert tags["owner"] == "ana" and tags["Owner"] == "ben"
    mlflow.delete_trace_tag(trace_id, "owner")
    assert "owner" not in mlflow.get_trace(trace_id).info.tags
    # The client drops system tags itself; the server refuses them too.
    r = requests.patch(f"{server_url}/api/3.0/mlflow/traces/{trace_id}/tags",
                       json={"key": "mlflow.artifactLocation", "value": "s3://elsewhere"})
    assert r.status_code == 400 and r.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert mlflow.get_trace(trace_id).info.tags["mlflow.artifactLocation"] != "s3://elsewhere"
    with raises_mlflow("BAD_REQUEST"):  # MLflow's store answers with the foreign-key failure
        mlflow.set_trace_tag("tr-" + "f" * 32, "k", "v")


def test_trace_data_kept_as_an_artifact_is_read_back(server_url, traced_experiment):
    """A client that uploads traces.json instead of exporting spans: get_trace reads the artifact."""
    from mlflow.entities import TraceInfo, TraceLocation, TraceState

    _pipeline("kept elsewhere")
    trace_id = mlflow.get_last_active_trace_id()
    _flush()
    source = mlflow.get_trace(trace_id)
    tracing = MlflowClient(server_url)._tracing_client
    info = tracing.store.start_trace(TraceInfo(
        trace_id=f"tr-{uuid.uuid4().hex}", trace_location=TraceLocation.from_experiment_id(traced_experiment),
        request_time=int(time.time() * 1000), execution_duration=3, state=TraceState.OK,
        tags={"mlflow.traceName": "artifact-kept"}))
    assert "mlflow.trace.spansLocation" not in info.tags
    tracing._upload_trace_data(info, source.data)
    read = mlflow.get_trace(info.trace_id)
    assert [s.name for s in read.data.spans] == [s.name for s in source.data.spans]
    r = requests.get(f"{server_url}/ajax-api/3.0/mlflow/get-trace-artifact", params={"request_id": info.trace_id})
    assert r.status_code == 200
    assert [s["name"] for s in r.json()["spans"]] == [s.name for s in source.data.spans]
    from_db = requests.get(f"{server_url}/ajax-api/3.0/mlflow/get-trace-artifact",
                           params={"request_id": source.info.trace_id})
    assert from_db.status_code == 200 and len(from_db.json()["spans"]) == len(source.data.spans)


def test_traces_linked_to_runs_and_models(server_url, traced_experiment):
    with mlflow.start_run() as run:
        with mlflow.start_span("in-run"):
            pass
        in_run = mlflow.get_last_active_trace_id()
    with mlflow.start_span("outside"):
        pass
    outside = mlflow.get_last_active_trace_id()
    _flush()
    found = mlflow.search_traces(locations=[traced_experiment], run_id=run.info.run_id, return_type="list")
    assert [t.info.trace_id for t in found] == [in_run]
    MlflowClient(server_url).link_traces_to_run([outside], run.info.run_id)
    linked = mlflow.search_traces(locations=[traced_experiment], run_id=run.info.run_id, return_type="list")
    assert sorted(t.info.trace_id for t in linked) == sorted([in_run, outside])

    model = mlflow.create_external_model(name=unique("agent"))
    mlflow.set_active_model(model_id=model.model_id)
    try:
        with mlflow.start_span("with-model"):
            pass
        with_model = mlflow.get_last_active_trace_id()
        _flush()
    finally:
        mlflow.clear_active_model()
    by_model = mlflow.search_traces(locations=[traced_experiment], model_id=model.model_id,
                                    return_type="list")
    assert [t.info.trace_id for t in by_model] == [with_model]
    assert by_model[0].info.trace_metadata["mlflow.modelId"] == model.model_id


def test_delete_traces_by_ids_by_time_and_count(server_url, traced_experiment):
    client = MlflowClient(server_url)
    ids = []
    for i in range(5):
        with mlflow.start_span(f"d{i}"):
            pass
        ids.append(mlflow.get_last_active_trace_id())
        time.sleep(0.01)
    _flush()
    assert client.delete_traces(traced_experiment, trace_ids=[ids[4]]) == 1
    third = client.get_trace(ids[2]).info.request_time
    assert client.delete_traces(traced_experiment, max_timestamp_millis=third, max_traces=1) == 1
    remaining = [t.info.trace_id for t in client.search_traces(locations=[traced_experiment])]
    assert remaining == [ids[3], ids[2], ids[1]]
    assert client.delete_traces(traced_experiment, max_timestamp_millis=int(time.time() * 1000)) == 3
    assert client.search_traces(locations=[traced_experiment]) == []
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.get_trace(ids[0])


# ------------------------------------------------------------------------------------------------
# the OTLP intake itself, as an OpenTelemetry exporter or collector would call it
# ------------------------------------------------------------------------------------------------
def test_otlp_protobuf_gzip_and_json_exports(server_url, traced_experiment):
    headers = {"x-mlflow-experiment-id": traced_experiment}
    proto_trace = uuid.uuid4().hex
    body = export_request(proto_trace, [("00000000000000a1", None, "GET /cart"),
                                       ("00000000000000a2", "00000000000000a1", "db.query")]).SerializeToString()
    r = requests.post(f"{server_url}/v1/traces", data=gzip.compress(body),
                      headers={**headers, "Content-Type": "application/x-protobuf", "Content-Encoding": "gzip"})
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/x-protobuf")

    json_trace = uuid.uuid4().hex
    payload = {"resourceSpans": [{"resource": {"attributes": []}, "scopeSpans": [{"spans": [{
        "traceId": json_trace, "spanId": "00000000000000b1", "name": "POST /pay",
        "startTimeUnixNano": "1700000000000000000", "endTimeUnixNano": "1700000000500000000",
        "kind": "SPAN_KIND_SERVER", "status": {"code": 2, "message": "declined"},
        "attributes": [{"key": "amount", "value": {"doubleValue": 9.5}}]}]}]}]}
    r = requests.post(f"{server_url}/v1/traces", json=payload, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json() == {}

    proto = mlflow.get_trace(f"tr-{proto_trace}")
    assert proto.info.state.value == "OK"
    assert proto.info.request_time == 1_700_000_000_000
    assert proto.info.execution_duration == 250
    assert proto.info.tags["service.name"] == "checkout"  # resource attributes become tags
    assert [s.name for s in proto.data.spans] == ["GET /cart", "db.query"]
    assert proto.data.spans[1].attributes["http.status_code"] == 200
    paid = mlflow.get_trace(f"tr-{json_trace}")
    assert paid.info.state.value == "ERROR"
    assert paid.data.spans[0].attributes["amount"] == 9.5
    assert paid.data.spans[0].status.description == "declined"


def _semconv_export(trace_hex: str):
    """What a third-party OpenTelemetry GenAI instrumentation sends: gen_ai.* attributes, no MLflow ones."""
    request = export_request(trace_hex, [("00000000000000a1", None, "invoke_agent support"),
                                         ("00000000000000a2", "00000000000000a1", "chat gpt-4o")],
                             service="support-agent")
    root, chat = request.resource_spans[0].scope_spans[0].spans
    for span, pairs in ((root, {"session.id": "s-42", "user.id": "u-7", "gen_ai.operation.name": "invoke_agent",
                                "mlflow.traceTag.team": "support"}),
                        (chat, {"gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o",
                                "gen_ai.system": "openai", "gen_ai.usage.input_tokens": 12,
                                "gen_ai.usage.output_tokens": 5,
                                "gen_ai.input.messages": '[{"role": "user", "parts": [{"type": "text", "content": "hi"}]}]',
                                "gen_ai.output.messages": '[{"role": "assistant", "parts": [{"type": "text", "content": "hello"}]}]'})):
        for key, value in pairs.items():
            kv = span.attributes.add()
            kv.key = key
            if isinstance(value, int):
                kv.value.int_value = value
            else:
                kv.value.string_value = value
    return request.SerializeToString()


def test_otlp_genai_conventions_are_translated_as_stock_mlflow_does(server_url, stock_url):
    answers = []
    for url in (stock_url, server_url):
        experiment = MlflowClient(url).create_experiment(unique("semconv"))
        trace_hex = uuid.uuid4().hex
        r = requests.post(f"{url}/v1/traces", data=_semconv_export(trace_hex),
                          headers={"x-mlflow-experiment-id": experiment, "Content-Type": "application/x-protobuf"})
        assert r.status_code == 200, r.text
        answers.append(_normalise_trace(MlflowClient(url).get_trace(f"tr-{trace_hex}")))
    theirs, ours = answers
    assert ours["metadata"]["mlflow.trace.tokenUsage"], "the chat span's usage is summed into the trace"
    assert ours == theirs


def test_otlp_spans_arriving_in_two_batches_complete_one_trace(server_url, traced_experiment):
    headers = {"x-mlflow-experiment-id": traced_experiment, "Content-Type": "application/x-protobuf"}
    trace_hex = uuid.uuid4().hex
    child = export_request(trace_hex, [("00000000000000c2", "00000000000000c1", "child")])
    root = export_request(trace_hex, [("00000000000000c1", None, "root")])
    for message in (child, root, child):  # the child is retried: stored once
        r = requests.post(f"{server_url}/v1/traces", data=message.SerializeToString(), headers=headers)
        assert r.status_code == 200, r.text
    trace = mlflow.get_trace(f"tr-{trace_hex}")
    assert [s.name for s in trace.data.spans] == ["root", "child"]
    assert trace.info.state.value == "OK"


def test_otlp_bad_requests_store_nothing(server_url, traced_experiment):
    url = f"{server_url}/v1/traces"
    proto = {"Content-Type": "application/x-protobuf"}
    headers = {"x-mlflow-experiment-id": traced_experiment}
    cases = [
        ({**headers, **proto}, b"\x0a\xff\xff", 400),  # truncated protobuf
        ({**headers, "Content-Type": "application/json"}, b"{not json", 400),
        ({**headers, "Content-Type": "text/plain"}, b"x", 400),
        ({**headers, **proto}, b"", 400),  # no spans
        (proto, export_request(uuid.uuid4().hex, [("00000000000000d1", None, "x")]).SerializeToString(), 422),
    ]
    for request_headers, body, status in cases:
        r = requests.post(url, data=body, headers=request_headers)
        assert r.status_code == status, (request_headers, body, r.text)
        assert "detail" in r.json()
    missing = export_request(uuid.uuid4().hex, [("00000000000000e1", None, "lost")])
    r = requests.post(url, data=missing.SerializeToString(),
                      headers={"x-mlflow-experiment-id": "987654321", **proto})
    assert r.status_code == 404 and r.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"
    assert mlflow.search_traces(locations=[traced_experiment], return_type="list") == []


def test_otlp_batch_is_stored_whole_or_not_at_all(server_url, traced_experiment):
    """A batch whose second trace already lives in another experiment is refused, first trace included."""
    other = MlflowClient(server_url).create_experiment(unique("other"))
    taken, fresh = uuid.uuid4().hex, uuid.uuid4().hex
    proto = {"Content-Type": "application/x-protobuf"}
    r = requests.post(f"{server_url}/v1/traces", data=export_request(taken, [("00000000000000f1", None, "x")])
                      .SerializeToString(), headers={"x-mlflow-experiment-id": other, **proto})
    assert r.status_code == 200
    batch = export_request(fresh, [("00000000000000f2", None, "fresh")])
    batch.MergeFrom(export_request(taken, [("00000000000000f3", "00000000000000f1", "intruder")]))
    r = requests.post(f"{server_url}/v1/traces", data=batch.SerializeToString(),
                      headers={"x-mlflow-experiment-id": traced_experiment, **proto})
    assert r.status_code == 400 and r.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert "another experiment" in r.json()["message"]
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        MlflowClient(server_url).get_trace(f"tr-{fresh}")
    assert [s.name for s in MlflowClient(server_url).get_trace(f"tr-{taken}").data.spans] == ["x"]


def test_rest_errors_have_mlflow_shape(server_url, traced_experiment):
    base = f"{server_url}/api/3.0/mlflow/traces"
    r = requests.post(f"{base}/search", json={"locations": [{"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {
        "experiment_id": traced_experiment}}], "max_results": 501})
    assert r.status_code == 400 and r.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    r = requests.post(f"{base}/search", json={})
    assert r.status_code == 400 and "locations" in r.json()["message"]
    r = requests.get(f"{base}/tr-{'0' * 32}")
    assert r.status_code == 404 and r.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"
    r = requests.post(base, json={"trace": {"trace_info": {
        "trace_id": "tr-bad/../id", "trace_location": {"type": "MLFLOW_EXPERIMENT",
                                                       "mlflow_experiment": {"experiment_id": traced_experiment}},
        "request_time": "2026-01-01T00:00:00Z", "state": "OK"}}})
    assert r.status_code == 400 and r.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    r = requests.post(f"{server_url}/api/2.0/mlflow/traces/delete-traces",
                      json={"experiment_id": traced_experiment})
    assert r.status_code == 400 and r.json()["error_code"] == "INVALID_PARAMETER_VALUE"


def test_v2_calls_older_clients_make(server_url, traced_experiment):
    base = f"{server_url}/api/2.0/mlflow/traces"
    started = requests.post(base, json={"experiment_id": traced_experiment, "timestamp_ms": 1_700_000_000_000,
                                        "request_metadata": [{"key": "k", "value": "v"}],
                                        "tags": [{"key": "mlflow.traceName", "value": "v2"}]}).json()
    request_id = started["trace_info"]["request_id"]
    assert started["trace_info"]["status"] == "IN_PROGRESS"
    ended = requests.patch(f"{base}/{request_id}", json={"timestamp_ms": 1_700_000_000_400, "status": "OK",
                                                          "tags": [{"key": "done", "value": "1"}]}).json()
    assert ended["trace_info"]["execution_time_ms"] == 400 and ended["trace_info"]["status"] == "OK"
    info = requests.get(f"{base}/{request_id}/info").json()["trace_info"]
    assert {t["key"]: t["value"] for t in info["tags"]}["done"] == "1"
    found = requests.get(base, params={"experiment_ids": traced_experiment}).json()["traces"]
    assert [t["request_id"] for t in found] == [request_id]
