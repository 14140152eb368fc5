"""The everyday model workflow of an MLflow 3 user, end to end through the stock client:
a dataset input, sklearn log_model with registration, aliases, loading by alias, version and
stage, registry searches, and sklearn autolog."""

from __future__ import annotations

import numpy as np
import pandas as pd
import mlflow
from mlflow import MlflowClient
from sklearn.linear_model import LogisticRegression

from lbutil import unique


def _training_data():
    rng = np.random.default_rng(7)
    X = pd.DataFrame({"tenure": rng.integers(1, 60, 40).astype(float), "spend": rng.normal(50, 10, 40)})
    y = (X["tenure"] > 30).astype(int)
    return X, y


def test_log_register_alias_and_load(server_url):
    X, y = _training_data()
    model_name = unique("churn-model")
    mlflow.set_experiment(unique("churn"))
    with mlflow.start_run() as run:
        mlflow.log_input(mlflow.data.from_pandas(X.assign(label=y), name="train"), context="training")
        model = LogisticRegression().fit(X, y)
        info = mlflow.sklearn.log_model(model, name="model", registered_model_name=model_name,
                                        input_example=X[:5])

    client = MlflowClient()
    fetched = client.get_run(run.info.run_id)
    inputs = fetched.inputs.dataset_inputs
    assert [d.dataset.name for d in inputs] == ["train"]
    assert {t.key: t.value for t in inputs[0].tags}["mlflow.data.context"] == "training"
    assert info.model_id in [o.model_id for o in fetched.outputs.model_outputs]

    assert client.get_registered_model(model_name).name == model_name
    version = client.get_model_version(model_name, "1")
    assert version.run_id == run.info.run_id

    client.set_registered_model_alias(model_name, "champion", 1)
    expected = model.predict(X[:5])
    by_alias = mlflow.pyfunc.load_model(f"models:/{model_name}@champion")
    assert list(by_alias.predict(X[:5])) == list(expected)
    by_version = mlflow.pyfunc.load_model(f"models:/{model_name}/1")
    assert list(by_version.predict(X[:5])) == list(expected)

    client.transition_model_version_stage(model_name, "1", "Production")
    by_stage = mlflow.pyfunc.load_model(f"models:/{model_name}/Production")
    assert list(by_stage.predict(X[:5])) == list(expected)

    prefix = model_name.rsplit("-", 1)[0]
    found = mlflow.search_registered_models(filter_string=f"name LIKE '{prefix}%'")
    assert model_name in [m.name for m in found]
    versions = client.search_model_versions(f"name = '{model_name}'")
    assert [v.version for v in versions] == ["1"]
    assert versions[0].aliases == ["champion"]


def test_sklearn_autolog_logs_params_metrics_dataset_and_model(server_url):
    X, y = _training_data()
    mlflow.set_experiment(unique("autolog"))
    mlflow.sklearn.autolog(log_input_examples=False, silent=True)
    try:
        LogisticRegression(C=0.5, max_iter=200).fit(X, y)
        run = mlflow.last_active_run()
    finally:
        mlflow.sklearn.autolog(disable=True)

    client = MlflowClient()
    fetched = client.get_run(run.info.run_id)
    assert fetched.info.status == "FINISHED"
    assert fetched.data.params["C"] == "0.5"
    assert fetched.data.params["max_iter"] == "200"
    assert "training_accuracy_score" in fetched.data.metrics
    assert fetched.data.tags["mlflow.autologging"] == "sklearn"
    assert fetched.inputs.dataset_inputs, "autolog logs the training dataset"
    models = mlflow.search_logged_models(experiment_ids=[run.info.experiment_id], output_format="list")
    assert any(m.source_run_id == run.info.run_id for m in models)
