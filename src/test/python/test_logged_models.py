"""MLflow 3 logged models: log_model, loading by models:/ and runs:/ URIs, search, tags, metrics."""

from __future__ import annotations

import os
import re

import mlflow
import numpy as np
import pandas as pd
import pytest
import requests
from mlflow.entities import LoggedModelOutput, LoggedModelStatus
from sklearn.linear_model import LinearRegression

from lbutil import raises_mlflow, unique

MODEL_ID_RE = re.compile(r"^m-[0-9a-f]{32}$")
UNKNOWN_MODEL = "m-" + "0" * 32


class Logged:
    """What the module's one real sklearn log_model produced."""

    def __init__(self, experiment_id, run_id, info, model, X):
        self.experiment_id = experiment_id
        self.run_id = run_id
        self.info = info
        self.model = model
        self.X = X

    @property
    def model_id(self) -> str:
        return self.info.model_id


@pytest.fixture(scope="module")
def logged(server_url) -> Logged:
    """One training script, as a user writes it: params, metrics, a run artifact, then log_model."""
    experiment_id = mlflow.set_experiment(unique("lm-sklearn")).experiment_id
    X = np.array([[1.0, 0.5], [2.0, 1.0], [3.0, 0.0], [4.0, 2.5]])
    y = X @ np.array([2.0, -1.0]) + 0.5
    with mlflow.start_run() as run:
        mlflow.log_param("fit_intercept", "True")
        model = LinearRegression().fit(X, y)
        mlflow.log_metric("rmse", 0.125)  # step 0: log_model copies this step's metrics to the model
        mlflow.log_metric("rmse_later", 0.5, step=7)  # another step: stays on the run only
        mlflow.log_text("trained on four rows", "notes.txt")
        info = mlflow.sklearn.log_model(model, name="model", input_example=X[:2])
    return Logged(experiment_id, run.info.run_id, info, model, X)


# ------------------------------------------------------------------------------------------------
# log_model against the server
# ------------------------------------------------------------------------------------------------
def test_log_model_creates_a_ready_logged_model(logged, client):
    assert MODEL_ID_RE.match(logged.model_id)
    assert logged.info.model_uri == f"models:/{logged.model_id}"
    model = client.get_logged_model(logged.model_id)
    assert model.status == LoggedModelStatus.READY
    assert model.name == "model"
    assert model.experiment_id == logged.experiment_id
    assert model.source_run_id == logged.run_id
    assert model.artifact_location.endswith(f"/models/{logged.model_id}/artifacts")
    assert model.params == {"fit_intercept": "True"}, "log_model copies the run's params"
    assert model.tags["mlflow.source.name"]
    assert "mlflow.user" in model.tags
    assert model.creation_timestamp <= model.last_updated_timestamp


def test_metrics_of_the_logging_step_are_on_the_model(logged, client):
    metrics = client.get_logged_model(logged.model_id).metrics
    assert [(m.key, m.value, m.step) for m in metrics] == [("rmse", 0.125, 0)]
    assert metrics[0].run_id == logged.run_id
    assert metrics[0].model_id == logged.model_id
    run = client.get_run(logged.run_id)
    assert set(run.data.metrics) == {"rmse", "rmse_later"}


def test_the_run_lists_the_model_as_its_output(logged, client):
    outputs = client.get_run(logged.run_id).outputs.model_outputs
    assert [(o.model_id, o.step) for o in outputs] == [(logged.model_id, 0)]
    [searched] = client.search_runs([logged.experiment_id])
    assert [o.model_id for o in searched.outputs.model_outputs] == [logged.model_id]


def test_load_by_model_id_predicts(logged):
    loaded = mlflow.pyfunc.load_model(f"models:/{logged.model_id}")
    np.testing.assert_allclose(loaded.predict(logged.X), logged.model.predict(logged.X))


def test_load_by_runs_uri_finds_the_logged_model(logged):
    loaded = mlflow.sklearn.load_model(f"runs:/{logged.run_id}/model")
    np.testing.assert_allclose(loaded.predict(logged.X), logged.model.predict(logged.X))


def test_run_artifact_listing_and_download_include_the_model(logged, client, tmp_path):
    top = {f.path for f in client.list_artifacts(logged.run_id)}
    assert "notes.txt" in top
    in_model = {f.path for f in client.list_artifacts(logged.run_id, "model")}
    assert {"model/MLmodel", "model/input_example.json"} <= in_model
    local = mlflow.artifacts.download_artifacts(run_id=logged.run_id, artifact_path="model",
                                                dst_path=str(tmp_path))
    assert os.path.isfile(os.path.join(local, "MLmodel"))
    assert "flavors" in open(os.path.join(local, "MLmodel")).read()


def test_search_logged_models_finds_it(logged):
    found = mlflow.search_logged_models(experiment_ids=[logged.experiment_id],
                                        filter_string="name = 'model'", output_format="list")
    assert [m.model_id for m in found] == [logged.model_id]
    assert mlflow.search_logged_models(experiment_ids=[logged.experiment_id],
                                       filter_string="metrics.rmse > 1", output_format="list") == []
    frame = mlflow.search_logged_models(experiment_ids=[logged.experiment_id])
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["model_id"]) == [logged.model_id]


def test_ui_artifact_endpoints(logged, server_url):
    base = f"{server_url}/ajax-api/2.0/mlflow/logged-models/{logged.model_id}/artifacts"
    listing = requests.get(f"{base}/directories", timeout=30)
    assert listing.status_code == 200, listing.text
    assert "MLmodel" in {f["path"] for f in listing.json()["files"]}
    file = requests.get(f"{base}/files", params={"artifact_file_path": "MLmodel"}, timeout=30)
    assert file.status_code == 200, file.text
    assert "flavors" in file.text
    assert file.headers["X-Content-Type-Options"] == "nosniff"
    missing = requests.get(f"{base}/files", timeout=30)
    assert missing.status_code == 400
    assert missing.json()["error_code"] == "BAD_REQUEST"


# ------------------------------------------------------------------------------------------------
# without sklearn: a python_model, and the client APIs around logged models
# ------------------------------------------------------------------------------------------------
class Shout(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input: list[str]) -> list[str]:
        return [s.upper() for s in model_input]


def test_pyfunc_model_logged_outside_a_run(server_url, client):
    mlflow.set_experiment(unique("lm-pyfunc"))
    info = mlflow.pyfunc.log_model(name="shout", python_model=Shout(), input_example=["hi"])
    model = client.get_logged_model(info.model_id)
    assert model.status == LoggedModelStatus.READY
    assert not model.source_run_id
    assert mlflow.pyfunc.load_model(info.model_uri).predict(["a", "b"]) == ["A", "B"]


def test_search_filters_orders_and_pages(server_url, client):
    experiment_id = mlflow.set_experiment(unique("lm-search")).experiment_id
    eval_data = mlflow.data.from_pandas(pd.DataFrame({"x": [1.0, 2.0]}), name="eval-set")
    ids = {}
    with mlflow.start_run():
        for name, acc in [("low", 0.5), ("mid", 0.7), ("high", 0.9)]:
            model = client.create_logged_model(experiment_id, name=name, params={"acc_target": str(acc)})
            ids[name] = model.model_id
            mlflow.log_metric("acc", acc, model_id=model.model_id, dataset=eval_data)

    got = client.get_logged_model(ids["high"]).metrics
    assert [(m.key, m.value, m.dataset_name, m.dataset_digest) for m in got] == [
        ("acc", 0.9, "eval-set", eval_data.digest)]

    def names(models):
        by_id = {v: k for k, v in ids.items()}
        return [by_id[m.model_id] for m in models]

    assert names(client.search_logged_models([experiment_id], filter_string="metrics.acc > 0.6",
                                             order_by=[{"field_name": "metrics.acc"}])) == ["mid", "high"]
    assert names(client.search_logged_models([experiment_id], filter_string="params.acc_target = '0.5'")) == ["low"]
    assert names(client.search_logged_models([experiment_id], datasets=[{"dataset_name": "eval-set"}],
                                             order_by=[{"field_name": "metrics.acc", "ascending": False,
                                                        "dataset_name": "eval-set"}])) == ["high", "mid", "low"]
    assert client.search_logged_models([experiment_id], datasets=[{"dataset_name": "other"}]) == []

    seen, token = [], None
    while True:
        page = client.search_logged_models([experiment_id], max_results=1, page_token=token,
                                           order_by=[{"field_name": "name"}])
        seen += names(page)
        token = page.token
        if not token:
            break
    assert seen == ["high", "low", "mid"]
    every = mlflow.search_logged_models(experiment_ids=[experiment_id], output_format="list")
    assert len(every) == 3

    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.search_logged_models([experiment_id], filter_string="metrics.acc > 'high'")


def test_tags_are_set_and_deleted(server_url, client, experiment_id):
    model = client.create_logged_model(experiment_id, tags={"stage": "dev"})
    client.set_logged_model_tags(model.model_id, {"stage": "prod", "owner": "vision team"})
    assert client.get_logged_model(model.model_id).tags == {"stage": "prod", "owner": "vision team"}
    client.delete_logged_model_tag(model.model_id, "owner")
    assert client.get_logged_model(model.model_id).tags == {"stage": "prod"}
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.delete_logged_model_tag(model.model_id, "owner")


def test_more_than_100_params_arrive_in_batches(server_url, client, experiment_id):
    params = {f"p{i:03d}": str(i) for i in range(250)}
    model = client.create_logged_model(experiment_id, params=params)
    assert model.params == params
    assert client.get_logged_model(model.model_id).params == params


def test_finalize_and_delete(server_url, client, experiment_id):
    model = client.create_logged_model(experiment_id, name="short-lived", model_type="agent")
    assert client.get_logged_model(model.model_id).status == LoggedModelStatus.PENDING
    failed = client.finalize_logged_model(model.model_id, LoggedModelStatus.FAILED)
    assert failed.status == LoggedModelStatus.FAILED
    assert failed.model_type == "agent"
    client.delete_logged_model(model.model_id)
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.get_logged_model(model.model_id)
    assert client.search_logged_models([experiment_id]) == []


def test_bad_input_is_refused_and_writes_nothing(server_url, client, experiment_id):
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.get_logged_model(UNKNOWN_MODEL)
    # The client looks the model up first and re-raises the server's 404 as INVALID_PARAMETER_VALUE.
    with raises_mlflow("INVALID_PARAMETER_VALUE") as excinfo:
        client.set_logged_model_tags(UNKNOWN_MODEL, {"k": "v"})
    assert excinfo.value.__cause__.error_code == "RESOURCE_DOES_NOT_EXIST"
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.delete_logged_model_tag(UNKNOWN_MODEL, "k")
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.create_logged_model("987654321")
    # The client does not check names; the server must.
    response = requests.post(f"{server_url}/api/2.0/mlflow/logged-models",
                             json={"experiment_id": experiment_id, "name": "bad/name"}, timeout=30)
    assert response.status_code == 400
    assert response.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert client.search_logged_models([experiment_id]) == []

    run = client.create_run(experiment_id)
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.log_outputs(run.info.run_id, [LoggedModelOutput(UNKNOWN_MODEL, 0)])
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        mlflow.log_metric("acc", 0.5, run_id=run.info.run_id, model_id=UNKNOWN_MODEL)
    fetched = client.get_run(run.info.run_id)
    assert fetched.data.metrics == {}, "a refused batch must not reach the run either"
    assert fetched.outputs.model_outputs == []
