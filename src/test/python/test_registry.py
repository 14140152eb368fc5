"""Model registry: registered models, versions, tags, aliases, stages, search, prompts."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import mlflow
import mlflow.genai
import pytest
import requests
from mlflow import MlflowClient

from lbutil import raises_mlflow, unique

PROMPT_TAG = "mlflow.prompt.is_prompt"


def _api(server_url: str, path: str) -> str:
    return f"{server_url}/api/2.0/mlflow{path}"


def _versions(client: MlflowClient, name: str) -> list[str]:
    return sorted((mv.version for mv in client.search_model_versions(f"name = '{name}'")), key=int)


# ------------------------------------------------------------------------------------------------
# registered models
# ------------------------------------------------------------------------------------------------
def test_create_get_update_rename_delete_registered_model(client):
    name = unique("model")
    created = client.create_registered_model(name, tags={"team": "churn"}, description="first")
    assert created.name == name
    assert created.description == "first"
    assert created.tags == {"team": "churn"}
    assert created.creation_timestamp > 0
    assert created.last_updated_timestamp >= created.creation_timestamp

    got = client.get_registered_model(name)
    assert (got.name, got.description, got.tags) == (name, "first", {"team": "churn"})
    assert got.latest_versions == []

    updated = client.update_registered_model(name, description="second")
    assert updated.description == "second"
    assert client.get_registered_model(name).description == "second"

    client.create_model_version(name, "s3://bucket/model", run_id=None)
    client.rename_registered_model(name, name + "-renamed")  # MlflowClient returns None here
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.get_registered_model(name)
    moved = client.get_registered_model(name + "-renamed")
    assert moved.tags == {"team": "churn"}
    assert [v.name for v in moved.latest_versions] == [name + "-renamed"]
    assert client.get_model_version(name + "-renamed", "1").source == "s3://bucket/model"

    client.delete_registered_model(name + "-renamed")
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.get_registered_model(name + "-renamed")
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.get_model_version(name + "-renamed", "1")


def test_duplicate_name_is_resource_already_exists(client):
    name = unique("dup")
    client.create_registered_model(name)
    with raises_mlflow("RESOURCE_ALREADY_EXISTS"):
        client.create_registered_model(name)
    other = unique("dup-other")
    client.create_registered_model(other)
    with raises_mlflow("RESOURCE_ALREADY_EXISTS"):
        client.rename_registered_model(other, name)
    assert client.get_registered_model(other).name == other


def test_unknown_model_is_resource_does_not_exist(client):
    missing = unique("missing")
    for call in (lambda: client.get_registered_model(missing),
                 lambda: client.update_registered_model(missing, description="x"),
                 lambda: client.rename_registered_model(missing, unique("x")),
                 lambda: client.delete_registered_model(missing),
                 lambda: client.set_registered_model_tag(missing, "k", "v"),
                 lambda: client.get_latest_versions(missing),
                 lambda: client.create_model_version(missing, "s3://bucket/m"),
                 lambda: client.get_model_version(missing, "1")):
        with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
            call()


@pytest.mark.parametrize("bad", ["a/b", "a:b", "..x", " "])
def test_invalid_model_names_are_rejected(client, bad):
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.create_registered_model(bad)


def test_registered_model_tags(client):
    name = unique("tags")
    client.create_registered_model(name)
    client.set_registered_model_tag(name, "stage", "dev")
    client.set_registered_model_tag(name, "owner", "ana")
    client.set_registered_model_tag(name, "stage", "prod")
    assert client.get_registered_model(name).tags == {"stage": "prod", "owner": "ana"}
    client.delete_registered_model_tag(name, "stage")
    assert client.get_registered_model(name).tags == {"owner": "ana"}
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.set_registered_model_tag(name, "../escape", "x")


# ------------------------------------------------------------------------------------------------
# versions, tags, aliases
# ------------------------------------------------------------------------------------------------
def test_model_versions_tags_and_update(client):
    name = unique("mv")
    client.create_registered_model(name)
    v1 = client.create_model_version(name, "s3://bucket/m/1", tags={"framework": "sklearn"},
                                     description="v1 desc")
    assert v1.version == "1"
    assert v1.current_stage == "None"
    assert v1.status == "READY"
    assert v1.description == "v1 desc"
    assert v1.tags == {"framework": "sklearn"}
    client.set_model_version_tag(name, "1", "validated", "yes")
    client.delete_model_version_tag(name, "1", "framework")
    assert client.get_model_version(name, "1").tags == {"validated": "yes"}
    client.update_model_version(name, "1", description="better")
    assert client.get_model_version(name, "1").description == "better"
    assert client.get_model_version_download_uri(name, "1") == "s3://bucket/m/1"
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.get_model_version(name, "one")
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.get_model_version(name, "7")


def test_deleted_version_disappears_and_its_number_is_never_reused(client):
    name = unique("del")
    client.create_registered_model(name)
    for i in range(3):
        client.create_model_version(name, f"s3://bucket/m/{i}")
    client.set_registered_model_alias(name, "champion", "3")
    client.delete_model_version(name, "3")
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.get_model_version(name, "3")
    assert client.get_registered_model(name).aliases == {}
    assert client.create_model_version(name, "s3://bucket/m/again").version == "4"
    assert _versions(client, name) == ["1", "2", "4"]


def test_aliases(client):
    name = unique("alias")
    client.create_registered_model(name)
    for i in range(3):
        client.create_model_version(name, f"s3://bucket/m/{i}")
    client.set_registered_model_alias(name, "champion", "1")
    client.set_registered_model_alias(name, "challenger", 2)
    assert client.get_model_version_by_alias(name, "champion").version == "1"
    assert client.get_model_version_by_alias(name, "champion").aliases == ["champion"]
    assert client.get_registered_model(name).aliases == {"champion": "1", "challenger": "2"}

    client.set_registered_model_alias(name, "champion", "3")  # moves it
    assert client.get_model_version_by_alias(name, "champion").version == "3"
    assert client.get_model_version(name, "1").aliases == []
    assert client.get_model_version_by_alias(name, "latest").version == "3"

    client.delete_registered_model_alias(name, "challenger")
    assert client.get_registered_model(name).aliases == {"champion": "3"}
    with raises_mlflow("INVALID_PARAMETER_VALUE"):  # MLflow's answer for a missing alias
        client.get_model_version_by_alias(name, "challenger")

    for bad in ("has space", "latest", "v7", "LATEST", "a/b"):
        with raises_mlflow("INVALID_PARAMETER_VALUE"):
            client.set_registered_model_alias(name, bad, "1")
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.set_registered_model_alias(name, "ghost", "42")


def test_transition_stages_and_get_latest_versions(client):
    name = unique("stages")
    client.create_registered_model(name)
    for i in range(4):
        client.create_model_version(name, f"s3://bucket/m/{i}")
    assert client.transition_model_version_stage(name, "1", "staging").current_stage == "Staging"
    client.transition_model_version_stage(name, "2", "Production")
    client.transition_model_version_stage(name, "3", "PRODUCTION", archive_existing_versions=True)
    assert client.get_model_version(name, "2").current_stage == "Archived"
    assert client.get_model_version(name, "3").current_stage == "Production"

    prod = client.get_latest_versions(name, stages=["Production"])
    assert [v.version for v in prod] == ["3"]
    everything = {v.current_stage: v.version for v in client.get_latest_versions(name)}
    assert everything == {"None": "4", "Staging": "1", "Production": "3", "Archived": "2"}
    assert {v.current_stage: v.version for v in client.get_registered_model(name).latest_versions} == everything

    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.transition_model_version_stage(name, "1", "Shipped")
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.transition_model_version_stage(name, "1", "None", archive_existing_versions=True)


# ------------------------------------------------------------------------------------------------
# search
# ------------------------------------------------------------------------------------------------
def test_search_registered_models(client):
    tag = unique("")
    names = [f"churn{tag}-a", f"churn{tag}-b", f"churn{tag}-c"]
    for n in names:
        client.create_registered_model(n, tags={"batch": tag})
    other = unique("retention")
    client.create_registered_model(other, tags={"batch": tag})

    churn = {m.name for m in client.search_registered_models(filter_string="name LIKE 'churn%'",
                                                            max_results=1000)}
    assert set(names) <= churn
    assert other not in churn

    mine = client.search_registered_models(filter_string=f"name LIKE 'churn{tag}%'", order_by=["name DESC"])
    assert [m.name for m in mine] == names[::-1]
    tagged = client.search_registered_models(filter_string=f"tags.batch = '{tag}'")
    assert {m.name for m in tagged} == set(names) | {other}

    page1 = client.search_registered_models(filter_string=f"name LIKE 'churn{tag}%'", max_results=2)
    assert [m.name for m in page1] == names[:2] and page1.token
    page2 = client.search_registered_models(filter_string=f"name LIKE 'churn{tag}%'", max_results=2,
                                            page_token=page1.token)
    assert [m.name for m in page2] == names[2:] and not page2.token

    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.search_registered_models(filter_string="name LIKE")
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.search_registered_models(max_results=1001)


def test_search_model_versions(client):
    name = unique("search-mv")
    client.create_registered_model(name)
    for i in range(3):
        client.create_model_version(name, f"s3://bucket/{name}/{i}", tags={"i": str(i)})
    found = client.search_model_versions(f"name = '{name}'")
    assert sorted(v.version for v in found) == ["1", "2", "3"]
    assert [v.version for v in client.search_model_versions(f"name = '{name}'",
                                                            order_by=["version_number ASC"])] == ["1", "2", "3"]
    assert [v.version for v in client.search_model_versions(f"name = '{name}' AND tags.i = '1'")] == ["2"]
    assert [v.version for v in client.search_model_versions(
        f"name = '{name}' AND version_number >= 2", order_by=["version_number DESC"])] == ["3", "2"]
    assert len(mlflow.search_model_versions(filter_string=f"name='{name}'")) == 3  # the UI's spelling


# ------------------------------------------------------------------------------------------------
# registering from a run's artifacts, and downloading
# ------------------------------------------------------------------------------------------------
def _log_model_dir(tmp_path: Path) -> Path:
    model = tmp_path / "model"
    model.mkdir()
    (model / "MLmodel").write_text("artifact_path: model\nflavors:\n  python_function:\n    loader_module: x\n")
    (model / "weights.bin").write_bytes(b"\x00\x01weights")
    return model


def test_register_model_from_run_artifacts(server_url, client, experiment_id, tmp_path):
    model_dir = _log_model_dir(tmp_path)
    with mlflow.start_run(experiment_id=experiment_id) as run:
        for f in sorted(model_dir.iterdir()):
            mlflow.log_artifact(str(f), artifact_path="model")
    name = unique("from-run")
    mv = mlflow.register_model(f"runs:/{run.info.run_id}/model", name)
    assert mv.version == "1"
    assert mv.run_id == run.info.run_id
    assert mv.source.endswith("/model")
    assert mlflow.register_model(f"runs:/{run.info.run_id}/model", name).version == "2"

    uri = client.get_model_version_download_uri(name, "1")
    assert uri == mv.source
    local = mlflow.artifacts.download_artifacts(f"models:/{name}/1", dst_path=str(tmp_path / "dl"))
    assert (Path(local) / "weights.bin").read_bytes() == b"\x00\x01weights"

    r = requests.get(f"{server_url}/model-versions/get-artifact",
                     params={"name": name, "version": "1", "path": "MLmodel"}, timeout=30)
    assert r.status_code == 200
    assert r.text.startswith("artifact_path: model")
    assert "attachment" in r.headers["Content-Disposition"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    for bad in ("../../etc/passwd", "%2e%2e/x", "/etc/passwd"):
        r = requests.get(f"{server_url}/model-versions/get-artifact",
                         params={"name": name, "version": "1", "path": bad}, timeout=30)
        assert r.status_code == 400, bad
    r = requests.get(f"{server_url}/model-versions/get-artifact",
                     params={"name": name, "version": "1", "path": "nope.txt"}, timeout=30)
    assert r.status_code == 404 and r.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"


def test_local_source_outside_the_run_is_rejected_and_nothing_is_written(client, experiment_id):
    run = client.create_run(experiment_id)
    name = unique("bad-source")
    client.create_registered_model(name)
    for source, run_id in (("/etc", run.info.run_id), ("/tmp/anything", None),
                           (run.info.artifact_uri + "/../../other", run.info.run_id),
                           ("runs:/" + "0" * 32 + "/model", run.info.run_id),
                           ("s3://bucket/a/../b", None)):
        with raises_mlflow("INVALID_PARAMETER_VALUE"):
            client.create_model_version(name, source, run_id=run_id)
    assert _versions(client, name) == []
    ok = client.create_model_version(name, f"runs:/{run.info.run_id}/model", run_id=run.info.run_id)
    assert ok.version == "1"


def test_log_model_with_registered_model_name(experiment_id, client):
    """MLflow 3's own path: log_model creates a logged model, registration uses models:/<model_id>.
    Needs the logged-model endpoints (POST /logged-models, logged-models/search, ...)."""

    class Echo(mlflow.pyfunc.PythonModel):
        def predict(self, context, model_input):
            return model_input

    name = unique("logged")
    with mlflow.start_run(experiment_id=experiment_id) as run:
        info = mlflow.pyfunc.log_model(name="model", python_model=Echo(), registered_model_name=name)
    mv = client.get_model_version(name, "1")
    assert mv.run_id == run.info.run_id
    assert mv.source == f"models:/{info.model_id}"
    again = mlflow.register_model(f"runs:/{run.info.run_id}/model", name)
    assert again.version == "2"
    loaded = mlflow.pyfunc.load_model(f"models:/{name}/2")
    assert list(loaded.predict([1, 2])) == [1, 2]


# ------------------------------------------------------------------------------------------------
# concurrency
# ------------------------------------------------------------------------------------------------
@pytest.mark.concurrency
def test_twenty_concurrent_registrations_get_versions_1_to_20(server_url, client):
    name = unique("race")
    client.create_registered_model(name)
    barrier = threading.Barrier(20)

    def register(i: int) -> str:
        own = MlflowClient(tracking_uri=server_url)
        barrier.wait(timeout=60)
        return own.create_model_version(name, f"s3://bucket/race/{i}").version

    with ThreadPoolExecutor(max_workers=20) as pool:
        got = list(pool.map(register, range(20)))
    assert sorted(got, key=int) == [str(i) for i in range(1, 21)]
    assert _versions(client, name) == [str(i) for i in range(1, 21)]


# ------------------------------------------------------------------------------------------------
# prompts
# ------------------------------------------------------------------------------------------------
def test_prompt_round_trip_is_hidden_from_model_search(server_url, client):
    name = unique("prompt").replace("-", "_")
    first = mlflow.genai.register_prompt(name=name, template="Hello {{name}}!", commit_message="first")
    assert first.version == 1
    second = mlflow.genai.register_prompt(name=name, template="Hi {{name}}.", commit_message="second")
    assert second.version == 2
    mlflow.genai.set_prompt_alias(name, alias="production", version=1)

    by_alias = mlflow.genai.load_prompt(f"prompts:/{name}@production", cache_ttl_seconds=0)
    assert (by_alias.version, by_alias.template) == (1, "Hello {{name}}!")
    assert by_alias.format(name="Ada") == "Hello Ada!"
    by_version = mlflow.genai.load_prompt(name, version=2, cache_ttl_seconds=0)
    assert by_version.template == "Hi {{name}}."
    mlflow.genai.set_prompt_alias(name, alias="production", version=2)
    assert mlflow.genai.load_prompt(f"prompts:/{name}@production", cache_ttl_seconds=0).version == 2

    # hidden from model searches, through the client and on the wire without any filter
    assert name not in {m.name for m in client.search_registered_models()}
    assert client.search_model_versions(f"name = '{name}'") == []
    raw = requests.get(_api(server_url, "/registered-models/search"), params={"max_results": 1000}, timeout=30)
    assert name not in {m["name"] for m in raw.json().get("registered_models", [])}
    raw = requests.get(_api(server_url, "/model-versions/search"), params={"filter": f"name = '{name}'"}, timeout=30)
    assert raw.json().get("model_versions", []) == []
    # ...but found when the filter asks for prompts
    asked = requests.get(_api(server_url, "/registered-models/search"),
                         params={"filter": f"name = '{name}' AND tags.`{PROMPT_TAG}` = 'true'"}, timeout=30)
    assert [m["name"] for m in asked.json()["registered_models"]] == [name]
    assert name in {p.name for p in mlflow.genai.search_prompts(filter_string=f"name = '{name}'")}

    # a prompt and a model cannot share a name
    with raises_mlflow("RESOURCE_ALREADY_EXISTS"):
        client.create_registered_model(name)


# ------------------------------------------------------------------------------------------------
# the wire
# ------------------------------------------------------------------------------------------------
def test_wire_format_and_error_statuses(server_url):
    name = unique("wire")
    r = requests.post(_api(server_url, "/registered-models/create"), json={"name": name}, timeout=30)
    assert r.status_code == 200
    r = requests.post(_api(server_url, "/model-versions/create"),
                      json={"name": name, "source": "s3://bucket/w"}, timeout=30)
    mv = r.json()["model_version"]
    assert mv["version"] == "1" and isinstance(mv["creation_timestamp"], int)
    assert mv["current_stage"] == "None" and mv["status"] == "READY"

    r = requests.get(_api(server_url, "/registered-models/get-latest-versions"), params={"name": name}, timeout=30)
    assert [v["version"] for v in r.json()["model_versions"]] == ["1"]
    r = requests.post(_api(server_url, "/registered-models/get-latest-versions"), json={"name": name}, timeout=30)
    assert [v["version"] for v in r.json()["model_versions"]] == ["1"]
    assert requests.get(f"{server_url}/ajax-api/2.0/mlflow/registered-models/get",
                        params={"name": name}, timeout=30).status_code == 200

    r = requests.post(_api(server_url, "/registered-models/create"), json={"name": name}, timeout=30)
    assert (r.status_code, r.json()["error_code"]) == (400, "RESOURCE_ALREADY_EXISTS")
    r = requests.get(_api(server_url, "/registered-models/get"), params={"name": unique("none")}, timeout=30)
    assert (r.status_code, r.json()["error_code"]) == (404, "RESOURCE_DOES_NOT_EXIST")
    r = requests.post(_api(server_url, "/registered-models/alias"),
                      json={"name": name, "alias": "bad alias", "version": "1"}, timeout=30)
    assert (r.status_code, r.json()["error_code"]) == (400, "INVALID_PARAMETER_VALUE")
    r = requests.delete(_api(server_url, "/model-versions/delete"), json={"name": name, "version": "1"}, timeout=30)
    assert r.status_code == 200 and r.json() == {}
    r = requests.delete(_api(server_url, "/registered-models/delete"), json={"name": name}, timeout=30)
    assert r.status_code == 200
    assert requests.get(_api(server_url, "/registered-models/get"), params={"name": name},
                        timeout=30).status_code == 404
