"""``mlflow.genai.evaluate`` with code scorers (no LLM) through the stock client.

The evaluation creates a run, one trace per row (from ``predict_fn``), the scorers' feedback on each
trace, the expectations the rows carry, aggregated metrics on the run, and links the traces to the
run; the result's table comes back through ``search_traces``. The same evaluation runs against a
stock ``mlflow server`` and both must give the same metrics, traces and assessments.
"""

from __future__ import annotations

import mlflow
import pytest
from mlflow import MlflowClient
from mlflow.entities import Feedback
from mlflow.genai.scorers import scorer

from lbutil import unique
from stock_mlflow import stock_mlflow

ROWS = [
    {"inputs": {"question": "What is MLflow?"}, "expectations": {"expected_response": "WHAT IS MLFLOW?"}},
    {"inputs": {"question": "What is Labbook?"}, "expectations": {"expected_response": "a tracker"}},
    {"inputs": {"question": "Why traces?"}, "expectations": {"expected_response": "WHY TRACES?"}},
]


@pytest.fixture(scope="module")
def stock_url():
    with stock_mlflow("evaluate") as url:
        yield url


def _predict(question: str) -> str:
    return question.upper()


@scorer
def exact_match(outputs, expectations) -> bool:
    return outputs == expectations["expected_response"]


@scorer
def response_length(outputs) -> int:
    return len(outputs)


@scorer
def politeness(inputs, outputs) -> Feedback:
    return Feedback(value="yes" if "?" in inputs["question"] else "no", rationale="asks a question")


def _evaluate(url: str) -> dict:
    """Runs the evaluation against `url`; what it stored, normalised for comparison."""
    mlflow.set_tracking_uri(url)
    experiment_id = mlflow.set_experiment(unique("genai-evaluate")).experiment_id
    result = mlflow.genai.evaluate(data=ROWS, predict_fn=_predict,
                                   scorers=[exact_match, response_length, politeness])
    client = MlflowClient()
    run = client.get_run(result.run_id)
    traces = mlflow.search_traces(locations=[experiment_id], run_id=result.run_id, return_type="list")
    table = result.result_df
    return {
        "metrics": {k: round(v, 6) for k, v in result.metrics.items()},
        "run_metrics": {k: round(v, 6) for k, v in run.data.metrics.items()},
        "run_tags": sorted(k for k in run.data.tags if not k.startswith("mlflow.source")
                           and k not in ("mlflow.user", "mlflow.runName")),
        "run_status": run.info.status,
        "run_artifacts": sorted(f.path for f in client.list_artifacts(result.run_id)),
        "run_inputs": sorted((d.dataset.name, d.dataset.source_type) for d in run.inputs.dataset_inputs),
        "traces": sorted(
            (t.data.spans[0].inputs["question"], t.data.spans[0].outputs,
             tuple(sorted((a.name, type(a).__name__, str(a.value), a.source.source_type)
                          for a in t.info.assessments)))
            for t in traces),
        "table_rows": len(table),
        "table_columns": sorted(c for c in table.columns),
        "linked_to_run": all(t.info.request_metadata.get("mlflow.sourceRun") == result.run_id for t in traces),
    }


def test_evaluate_with_code_scorers_matches_stock_mlflow(server_url, stock_url):
    try:
        theirs = _evaluate(stock_url)
        ours = _evaluate(server_url)
    finally:
        mlflow.set_tracking_uri(server_url)
    assert ours["metrics"]["exact_match/mean"] == pytest.approx(2 / 3)
    assert ours["run_status"] == "FINISHED"
    assert len(ours["traces"]) == len(ROWS)
    for question, output, assessments in ours["traces"]:
        names = {name for name, *_ in assessments}
        assert {"exact_match", "response_length", "politeness", "expected_response"} <= names, question
    assert ours == theirs


def test_evaluate_on_traces_already_logged(server_url):
    """Evaluating existing traces (search_traces' frame) scores them in place, as MLflow's docs show."""
    mlflow.set_tracking_uri(server_url)
    experiment_id = mlflow.set_experiment(unique("genai-evaluate-traces")).experiment_id
    traced = mlflow.trace(_predict)
    for row in ROWS:
        traced(**row["inputs"])
    mlflow.flush_trace_async_logging()
    frame = mlflow.search_traces(locations=[experiment_id])
    assert len(frame) == len(ROWS)
    result = mlflow.genai.evaluate(data=frame, scorers=[response_length])
    assert result.metrics["response_length/mean"] == pytest.approx(
        sum(len(r["inputs"]["question"]) for r in ROWS) / len(ROWS))
    for trace in mlflow.search_traces(locations=[experiment_id], return_type="list"):
        lengths = [a for a in trace.info.assessments if a.name == "response_length"]
        assert [a.value for a in lengths] == [len(trace.data.spans[0].outputs)]
