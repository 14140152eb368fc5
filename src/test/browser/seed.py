"""Data for the browser suite, logged through the stock mlflow client as a user would."""

from __future__ import annotations

import io
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
from mlflow import MlflowClient
from mlflow.entities import Metric, Param
from PIL import Image, ImageDraw

from lbutil import unique

NOTES = "Labbook browser suite notes\nsecond line of the notes\n"


class Upper(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input, params=None):
        return [str(x).upper() for x in model_input]


def _png(path: Path) -> None:
    img = Image.new("RGB", (120, 80), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle([10, 10, 110, 70], outline="blue", width=4)
    draw.line([10, 70, 110, 10], fill="red", width=3)
    img.save(path)


def tracking_data(client: MlflowClient, workdir: Path) -> dict:
    """One experiment with three compared runs, every kind of artifact, a logged and registered model."""
    exp_name = unique("ui-exp")
    exp_id = client.create_experiment(exp_name, tags={"team": "vision"})
    mlflow.set_experiment(experiment_id=exp_id)
    base = int(time.time() * 1000) - 60_000
    runs = []
    for i, lr in enumerate(["0.1", "0.01", "0.001"]):
        run = client.create_run(exp_id, run_name=f"ui-run-{i}", tags={"stage": f"s{i}"})
        rid = run.info.run_id
        metrics = [Metric("loss", round(1.0 / (step + 1 + i), 6), base + step * 1000, step) for step in range(25)]
        metrics += [Metric("accuracy", round(0.5 + 0.02 * step + 0.01 * i, 6), base + step * 1000, step)
                    for step in range(25)]
        client.log_batch(rid, metrics=metrics, params=[Param("lr", lr), Param("optimizer", "adam")])
        runs.append(rid)

    main = runs[0]
    art = workdir / "artifacts"
    art.mkdir(parents=True, exist_ok=True)
    (art / "notes.txt").write_text(NOTES)
    _png(art / "plot.png")
    (art / "config.json").write_text(json.dumps({"layers": 3, "activation": "relu"}, indent=2))
    pd.DataFrame({"city": ["Oslo", "Lima"], "temp": [3.5, 19.25]}).to_csv(art / "weather.csv", index=False)
    for name in ("notes.txt", "plot.png", "config.json", "weather.csv"):
        client.log_artifact(main, str(art / name))
    client.log_table(main, {"word": ["alpha", "beta"], "count": [7, 11]}, "tables/words.json")

    with mlflow.start_run(run_id=main):
        frame = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [0, 1, 0]})
        dataset = mlflow.data.from_pandas(frame, source="s3://labbook-data/weather.csv", name="weather-train", targets="y")
        mlflow.log_input(dataset, context="training")
        model = mlflow.pyfunc.log_model(name="upper-model", python_model=Upper(), input_example=["hi"])
    for i, rid in enumerate(runs):
        # Every compared run has artifacts: the stock compare view throws when one run has none
        # (artifacts/list then has no "files", as in MLflow, and the UI reads it unguarded).
        summary = workdir / f"summary-{i}.txt"
        summary.write_text(f"run {i}\n")
        client.log_artifact(rid, str(summary), "summary")
        client.set_terminated(rid)

    reg_name = unique("ui-model")
    version = mlflow.register_model(model.model_uri, reg_name)
    client.update_model_version(reg_name, version.version, description="first shouting model")
    client.set_registered_model_alias(reg_name, "champion", version.version)
    traces = traced_calls(exp_id)
    genai_id = client.create_experiment(unique("ui-genai"))
    sessions = chat_sessions(genai_id)
    evaluation = evaluation_run(genai_id)
    evaluated = [t.info.trace_id for t in mlflow.search_traces(
        locations=[genai_id], run_id=evaluation["evaluation_run_id"], return_type="list")]
    review = review_and_issues(genai_id, evaluated)
    datasets = evaluation_dataset(exp_id)
    return {
        **traces, **sessions, **evaluation, **review, **datasets, "genai_experiment_id": genai_id,
        "experiment_id": exp_id, "experiment_name": exp_name, "run_ids": runs,
        "run_names": [f"ui-run-{i}" for i in range(3)], "model_id": model.model_id,
        "registered_model": reg_name, "model_version": str(version.version),
        "notes": NOTES,
    }


@mlflow.trace(span_type="LLM")
def _generate(question: str) -> str:
    return f"Labbook keeps {question}"


@mlflow.trace(name="answer-question")
def _answer_question(question: str) -> str:
    with mlflow.start_span("lookup-docs", span_type="RETRIEVER") as span:
        span.set_inputs({"query": question})
        span.set_outputs([{"page_content": "Labbook is a tracking server"}])
    return _generate(question)


def traced_calls(exp_id: str) -> dict:
    """Two traced calls of a small app (a retriever and an LLM span under the root) and a reviewer's feedback."""
    mlflow.set_experiment(experiment_id=exp_id)
    _answer_question("experiment traces")
    first = mlflow.get_last_active_trace_id()
    time.sleep(0.01)
    _answer_question("model versions")
    second = mlflow.get_last_active_trace_id()
    mlflow.flush_trace_async_logging()
    mlflow.log_feedback(trace_id=second, name="correctness", value=True, rationale="matches the docs",
                        source=mlflow.entities.AssessmentSource(source_type="HUMAN", source_id="reviewer"))
    return {"trace_ids": [first, second], "trace_questions": ["experiment traces", "model versions"]}


@mlflow.trace(name="support-chat")
def _chat_turn(session: str, message: str) -> str:
    mlflow.update_current_trace(session_id=session, user="ada")
    return message[::-1]


def chat_sessions(exp_id: str) -> dict:
    """Two chat sessions of two and one turns: traces that carry the session and user metadata."""
    mlflow.set_experiment(experiment_id=exp_id)
    for session, message in (("session-alpha", "hello"), ("session-alpha", "and again"), ("session-beta", "hi")):
        _chat_turn(session, message)
        time.sleep(0.01)
    mlflow.flush_trace_async_logging()
    return {"sessions": {"session-alpha": 2, "session-beta": 1}}


@mlflow.genai.scorers.scorer
def mentions_labbook(outputs) -> bool:
    return "Labbook" in outputs


def evaluation_run(exp_id: str) -> dict:
    """mlflow.genai.evaluate of the small app over two questions with a code scorer (no LLM)."""
    mlflow.set_experiment(experiment_id=exp_id)
    rows = [{"inputs": {"question": "experiment traces"}}, {"inputs": {"question": "evaluation runs"}}]
    result = mlflow.genai.evaluate(data=rows, predict_fn=_answer_question, scorers=[mentions_labbook])
    run_name = MlflowClient().get_run(result.run_id).info.run_name
    return {"evaluation_run_id": result.run_id, "evaluation_run_name": run_name}


def review_and_issues(exp_id: str, trace_ids: list[str]) -> dict:
    """A review queue holding the evaluation's traces with a pass/fail question, and an open issue."""
    from mlflow.entities import IssueSeverity
    from mlflow.genai import label_schemas, review_queues

    mlflow.set_experiment(experiment_id=exp_id)
    question = label_schemas.create_label_schema(
        "Is the answer right?", type="feedback",
        input=label_schemas.InputPassFail(positive_label="Right", negative_label="Wrong"))
    queue = review_queues.create_review_queue("Weekly review", queue_type="custom", users=["ada"],
                                              schema_ids=[question.schema_id])
    review_queues.add_items_to_review_queue(queue.queue_id, item_ids=trace_ids)
    issue = mlflow.genai.create_issue("Answers repeat the question", severity=IssueSeverity.HIGH,
                                      description="The app echoes its input back.")
    return {"queue_name": queue.name, "question": question.name, "issue_name": issue.name}


DATASET_QUESTIONS = ["How do I reset my password?", "Where are my invoices?", "Can I export my data?"]


def evaluation_dataset(exp_id: str) -> dict:
    """An evaluation dataset of the experiment: three records from dicts, merged as the client does."""
    from mlflow.genai.datasets import create_dataset

    name = unique("support-qa")
    ds = create_dataset(name=name, experiment_id=exp_id, tags={"team": "support"})
    ds.merge_records([{"inputs": {"question": q}, "expectations": {"answer": f"answer {i}"}}
                      for i, q in enumerate(DATASET_QUESTIONS)])
    return {"dataset_id": ds.dataset_id, "dataset_name": name, "dataset_questions": DATASET_QUESTIONS}


def many_runs(client: MlflowClient, runs: int, metrics: int, threads: int = 8) -> dict:
    """An experiment with ``runs`` runs of ``metrics`` metrics each, logged in parallel through the API."""
    exp_name = unique("ui-scale")
    exp_id = client.create_experiment(exp_name)
    now = int(time.time() * 1000)

    def one(i: int) -> None:
        rid = client.create_run(exp_id, run_name=f"scale-{i:05d}").info.run_id
        client.log_batch(rid, metrics=[Metric(f"m{k:02d}", float(i * metrics + k), now, 0) for k in range(metrics)],
                         params=[Param("index", str(i))])

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, range(runs)))
    return {"experiment_id": exp_id, "experiment_name": exp_name, "runs": runs, "metrics": metrics}


def long_metric(client: MlflowClient, points: int, threads: int = 8) -> dict:
    """One run whose metric "signal" has ``points`` steps, sent as 1000-point log_batch calls."""
    exp_id = client.create_experiment(unique("ui-long"))
    rid = client.create_run(exp_id, run_name="long-metric").info.run_id
    now = int(time.time() * 1000)
    steps = np.arange(points)
    values = np.sin(steps / 5000.0)

    def chunk(start: int) -> None:
        end = min(start + 1000, points)
        client.log_batch(rid, metrics=[Metric("signal", float(values[s]), now + s, int(s)) for s in range(start, end)])

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(chunk, range(0, points, 1000)))
    client.set_terminated(rid)
    return {"experiment_id": exp_id, "run_id": rid, "points": points}
