"""Higher-level client features: dataset inputs and the Optuna MLflow callback."""

from __future__ import annotations

import json

import mlflow
import numpy as np
import pytest
from mlflow.entities import Dataset, DatasetInput, InputTag

from lbutil import unique


# ------------------------------------------------------------------------------------------------
# datasets (run inputs)
# ------------------------------------------------------------------------------------------------
def test_log_input_numpy_dataset(server_url, client):
    exp = mlflow.set_experiment(unique("datasets"))
    features = np.arange(40, dtype=np.float64).reshape(20, 2)
    targets = np.arange(20) % 2
    dataset = mlflow.data.from_numpy(features, targets=targets, name="toy-train",
                                     source="file:///tmp/toy/train.npy")
    with mlflow.start_run() as run:
        mlflow.log_input(dataset, context="training", tags={"split": "train"})
    got = client.get_run(run.info.run_id)
    inputs = got.inputs.dataset_inputs
    assert len(inputs) == 1
    ds = inputs[0].dataset
    assert ds.name == "toy-train"
    assert ds.digest == dataset.digest
    assert ds.source_type == dataset.source._get_source_type()
    assert json.loads(ds.source) == json.loads(dataset.source.to_json())
    expected = dataset.to_dict()
    # (schema inference needs scipy, which the suite does not install: then there is no schema)
    if expected["schema"]:
        assert json.loads(ds.schema) == json.loads(expected["schema"])
    else:
        assert not ds.schema
    assert json.loads(ds.profile) == json.loads(expected["profile"])
    tags = {t.key: t.value for t in inputs[0].tags}
    assert tags["mlflow.data.context"] == "training"
    assert tags["split"] == "train"
    # the run is found by dataset attributes
    found = client.search_runs([exp.experiment_id], "datasets.name = 'toy-train'")
    assert [r.info.run_id for r in found] == [run.info.run_id]
    found = client.search_runs([exp.experiment_id], "datasets.context = 'training'")
    assert [r.info.run_id for r in found] == [run.info.run_id]
    assert client.search_runs([exp.experiment_id], "datasets.context = 'eval'") == []


def test_log_inputs_with_entities_and_dedup(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    schema = json.dumps({"mlflow_colspec": [{"type": "double", "name": "x"}]})
    ds_train = Dataset(name="ds", digest="abc123", source_type="local",
                       source=json.dumps({"uri": "/data/ds.csv"}), schema=schema,
                       profile=json.dumps({"num_rows": 3}))
    ds_eval = Dataset(name="ds-eval", digest="def456", source_type="http",
                      source=json.dumps({"url": "http://example.invalid/e.csv"}))
    client.log_inputs(run_id, datasets=[
        DatasetInput(ds_train, tags=[InputTag("mlflow.data.context", "training")]),
        DatasetInput(ds_eval, tags=[InputTag("mlflow.data.context", "eval")]),
    ])
    # the same dataset again is not duplicated
    client.log_inputs(run_id, datasets=[
        DatasetInput(ds_train, tags=[InputTag("mlflow.data.context", "training")])])
    inputs = client.get_run(run_id).inputs.dataset_inputs
    by_name = {i.dataset.name: i for i in inputs}
    assert sorted(by_name) == ["ds", "ds-eval"]
    train = by_name["ds"]
    assert train.dataset.digest == "abc123"
    assert train.dataset.source_type == "local"
    assert json.loads(train.dataset.source) == {"uri": "/data/ds.csv"}
    assert train.dataset.schema == schema
    assert json.loads(train.dataset.profile) == {"num_rows": 3}
    assert {t.key: t.value for t in train.tags} == {"mlflow.data.context": "training"}
    assert by_name["ds-eval"].dataset.source_type == "http"
    assert {t.key: t.value for t in by_name["ds-eval"].tags} == {"mlflow.data.context": "eval"}
    # search_runs returns the inputs as well
    (found,) = client.search_runs([experiment_id], "datasets.digest = 'def456'")
    assert found.info.run_id == run_id
    assert sorted(i.dataset.name for i in found.inputs.dataset_inputs) == ["ds", "ds-eval"]


def test_run_without_inputs_has_empty_inputs(client, experiment_id):
    run = client.get_run(client.create_run(experiment_id).info.run_id)
    assert run.inputs is not None
    assert list(run.inputs.dataset_inputs) == []


# ------------------------------------------------------------------------------------------------
# Optuna
# ------------------------------------------------------------------------------------------------
def test_optuna_mlflow_callback(server_url, client):
    optuna = pytest.importorskip("optuna")
    from optuna_integration import MLflowCallback

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study_name = unique("optuna-study")
    callback = MLflowCallback(tracking_uri=server_url, metric_name="score")

    def objective(trial):
        x = trial.suggest_float("x", -10.0, 10.0)
        kind = trial.suggest_categorical("kind", ["a", "b", "c"])
        depth = trial.suggest_int("depth", 1, 8)
        return (x - 2.0) ** 2 + depth + {"a": 0.0, "b": 0.5, "c": 1.0}[kind]

    study = optuna.create_study(study_name=study_name, direction="minimize",
                                sampler=optuna.samplers.RandomSampler(seed=7))
    study.optimize(objective, n_trials=20, callbacks=[callback])

    exp = client.get_experiment_by_name(study_name)
    assert exp is not None, "the callback creates an experiment named after the study"
    runs = client.search_runs([exp.experiment_id], max_results=100)
    assert len(runs) == 20
    by_number = {int(r.data.tags["number"]): r for r in runs}
    assert sorted(by_number) == list(range(20))
    for trial in study.trials:
        run = by_number[trial.number]
        assert run.info.run_name == str(trial.number)
        assert run.info.status == "FINISHED"
        assert run.data.metrics["score"] == pytest.approx(trial.value, rel=0, abs=0)
        assert run.data.params == {k: str(v) for k, v in trial.params.items()}
        assert run.data.tags["direction"] == "MINIMIZE"
        assert run.data.tags["state"] == "COMPLETE"
    # the best trial is what a user would look up via search_runs
    best = mlflow.search_runs([exp.experiment_id], order_by=["metrics.score ASC"], max_results=1)
    assert best.iloc[0]["metrics.score"] == study.best_value
    assert int(best.iloc[0]["tags.number"]) == study.best_trial.number
