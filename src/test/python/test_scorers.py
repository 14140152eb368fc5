"""The GenAI scorer registry through the stock client: register, get, list, versions, delete and the
online scoring config, on Labbook and on a stock ``mlflow server`` side by side.

Custom (``@scorer``) scorers are refused by both servers unless the operator opts in with
``MLFLOW_SERVER_ENABLE_CUSTOM_SCORERS``; the session server runs without it, and the side-by-side
comparison starts a Labbook and a stock server with it set.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import mlflow
import pytest
import requests
from mlflow.exceptions import MlflowException
from mlflow.genai.scorers import (
    ScorerSamplingConfig,
    delete_scorer,
    get_scorer,
    list_scorers,
    scorer,
)
from mlflow.genai.scorers.registry import list_scorer_versions  # not re-exported by the package
from mlflow.genai.scorers.scorer_utils import DECORATOR_SCORER_REGISTRATION_NOT_SUPPORTED_ERROR

from conftest import REPO_ROOT, _backend_label, _find_java, _free_port, _stop, _wait_healthy
from lbutil import raises_mlflow, unique
from stock_mlflow import stock_mlflow

ENABLE = "MLFLOW_SERVER_ENABLE_CUSTOM_SCORERS"


@scorer
def exact_match(outputs, expectations):
    return outputs == expectations["expected_response"]


@scorer
def is_short(outputs):
    return len(str(outputs)) < 20


@contextlib.contextmanager
def _labbook_with_custom_scorers():
    """A second Labbook jar, started with --enable-custom-scorers, on its own H2 file or the shared DB."""
    if os.environ.get("LABBOOK_TEST_SERVER_URL"):
        pytest.skip("LABBOOK_TEST_SERVER_URL is set: no server processes are started")
    jar = Path(os.environ.get("LABBOOK_JAR") or REPO_ROOT / "target" / "labbook.jar")
    root = Path(tempfile.mkdtemp(prefix="labbook-scorers-"))
    shared = os.environ.get("LABBOOK_TEST_BACKEND_URI")
    backend = shared if shared and not shared.lower().startswith(("h2:", "jdbc:h2:")) else f"h2:{root / 'db'}"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = REPO_ROOT / "target" / f"pytest-server-scorers-{_backend_label(backend)}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = [_find_java(), "-jar", str(jar), "server", "--host", "127.0.0.1", "--port", str(port),
           "--backend-store-uri", backend, "--artifacts-destination", str(root / "artifacts"),
           "--enable-custom-scorers", "true"]
    with open(log, "wb") as handle:
        proc = subprocess.Popen(cmd, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=str(root), start_new_session=True)
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        _stop(proc)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def custom_servers(server_url):
    """(Labbook, stock mlflow), both accepting custom scorers (the session server is already up without it)."""
    os.environ[ENABLE] = "true"  # inherited by the stock server's process only
    try:
        with stock_mlflow("scorers") as stock:
            os.environ.pop(ENABLE, None)
            with _labbook_with_custom_scorers() as labbook:
                yield labbook, stock
    finally:
        os.environ.pop(ENABLE, None)


@pytest.fixture
def tracking_back(server_url):
    yield
    mlflow.set_tracking_uri(server_url)


def _raw(url: str, method: str, path: str, **kwargs) -> tuple[int, dict]:
    r = requests.request(method, f"{url}/api/3.0/mlflow{path}", timeout=30, **kwargs)
    return r.status_code, r.json()


def _error(answer: tuple[int, dict]) -> tuple[int, str, str]:
    status, body = answer
    return status, body.get("error_code"), body.get("message")


def _scorer_json(entry: dict, ids: dict) -> dict:
    """A Scorer message with the server's own ids and times replaced."""
    out = dict(entry)
    out["scorer_id"] = ids.setdefault(out["scorer_id"], f"scorer-{len(ids)}")
    out["experiment_id"] = "exp"
    assert isinstance(out.pop("creation_time"), int)
    return out


def _scenario(url: str) -> dict:
    """The same calls on one server; what it answered, with its own ids replaced."""
    mlflow.set_tracking_uri(url)
    exp = mlflow.create_experiment(unique("scorers"))
    ids: dict = {}
    seen: dict = {}

    registered = exact_match.register(name="exact_match", experiment_id=exp)
    seen["register_version"] = registered._registered_backend is not None
    short = is_short.register(name="is_short", experiment_id=exp)
    again = exact_match.register(name="exact_match", experiment_id=exp)  # version 2
    seen["names"] = [s.name for s in list_scorers(experiment_id=exp)]
    latest = get_scorer(name="exact_match", experiment_id=exp)
    first = get_scorer(name="exact_match", experiment_id=exp, version=1)
    seen["latest_runs"] = latest(outputs="a", expectations={"expected_response": "a"})
    seen["first_runs"] = first(outputs="a", expectations={"expected_response": "b"})
    seen["versions"] = [v for _, v in list_scorer_versions(name="exact_match", experiment_id=exp)]
    seen["short_name"] = short.name and again.name

    # The wire answers, side by side.
    seen["list"] = [_scorer_json(s, ids) for s in _raw(url, "GET", "/scorers/list",
                                                       params={"experiment_id": exp})[1]["scorers"]]
    seen["versions_raw"] = [_scorer_json(s, ids) for s in _raw(url, "GET", "/scorers/versions",
                                                               params={"experiment_id": exp,
                                                                       "name": "exact_match"})[1]["scorers"]]
    got = _raw(url, "GET", "/scorers/get", params={"experiment_id": exp, "name": "exact_match", "version": "1"})
    seen["get"] = (got[0], _scorer_json(got[1]["scorer"], ids))
    status, body = _raw(url, "POST", "/scorers/register",
                        json={"experiment_id": exp, "name": "raw", "serialized_scorer": '{"name": "raw"}'})
    seen["register_raw"] = (status, sorted(body), body["version"], body["serialized_scorer"],
                            body["experiment_id"] == exp)

    # Online scoring: only "off" can be stored without an AI gateway judge.
    scorer_id = _raw(url, "GET", "/scorers/get", params={"experiment_id": exp, "name": "is_short"})[1][
        "scorer"]["scorer_id"]
    seen["configs_none"] = _raw(url, "GET", "/scorers/online-configs", params={"scorer_ids": scorer_id})
    seen["start_refused"] = _error(_raw(url, "PUT", "/scorers/online-config",
                                        json={"experiment_id": exp, "name": "is_short", "sample_rate": 0.5}))
    status, body = _raw(url, "PUT", "/scorers/online-config",
                        json={"experiment_id": exp, "name": "is_short", "sample_rate": 0,
                              "filter_string": "trace.status = 'OK'"})
    config = body["config"]
    seen["config"] = (status, sorted(config), config["sample_rate"], config["filter_string"],
                      config["experiment_id"] == exp, config["scorer_id"] == scorer_id)
    configs = _raw(url, "GET", "/scorers/online-configs", params=[("scorer_ids", scorer_id), ("scorer_ids", "x")])
    seen["configs"] = (configs[0], [c["online_scoring_config_id"] == config["online_scoring_config_id"]
                                    for c in configs[1]["configs"]])
    stopped = get_scorer(name="is_short", experiment_id=exp)
    seen["sample_rate"] = stopped.sample_rate
    seen["bad_rate"] = _error(_raw(url, "PUT", "/scorers/online-config",
                                   json={"experiment_id": exp, "name": "is_short", "sample_rate": 2}))
    seen["bad_filter"] = _raw(url, "PUT", "/scorers/online-config",
                              json={"experiment_id": exp, "name": "is_short", "sample_rate": 0,
                                    "filter_string": 5})[0]
    seen["config_unknown_scorer"] = _error(_raw(url, "PUT", "/scorers/online-config",
                                                json={"experiment_id": exp, "name": "nope", "sample_rate": 0}))

    # Deletes: one version, then all; a scorer whose last version went can be registered again.
    delete_scorer(name="exact_match", experiment_id=exp, version=1)
    seen["after_delete_one"] = [v for _, v in list_scorer_versions(name="exact_match", experiment_id=exp)]
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST") as e:
        get_scorer(name="exact_match", experiment_id=exp, version=1)
    seen["get_deleted_version"] = e.value.message
    delete_scorer(name="exact_match", experiment_id=exp, version="all")
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST") as e:
        get_scorer(name="exact_match", experiment_id=exp)
    seen["get_deleted"] = e.value.message
    with raises_mlflow("INVALID_PARAMETER_VALUE") as e:
        delete_scorer(name="is_short", experiment_id=exp)
    seen["delete_without_version"] = e.value.message
    delete_scorer(name="is_short", experiment_id=exp, version=1)
    seen["list_after_last_version"] = sorted(s["scorer_name"] for s in _raw(
        url, "GET", "/scorers/list", params={"experiment_id": exp})[1].get("scorers", []))
    seen["versions_of_emptied"] = _error(_raw(url, "GET", "/scorers/versions",
                                              params={"experiment_id": exp, "name": "is_short"}))
    seen["reregistered"] = _raw(url, "POST", "/scorers/register",
                                json={"experiment_id": exp, "name": "is_short",
                                      "serialized_scorer": '{"name": "is_short"}'})[1]["version"]
    seen["delete_unknown_version"] = _error(_raw(url, "DELETE", "/scorers/delete",
                                                 json={"experiment_id": exp, "name": "raw", "version": 7}))

    # Bad input changes nothing.
    bad = {
        "missing serialized_scorer": {"experiment_id": exp, "name": "x"},
        "missing name": {"experiment_id": exp, "serialized_scorer": "{}"},
        "not JSON": {"experiment_id": exp, "name": "x", "serialized_scorer": "{oops"},
        "blank name": {"experiment_id": exp, "name": "  ", "serialized_scorer": "{}"},
        "unknown experiment": {"experiment_id": "987654321", "name": "x", "serialized_scorer": "{}"},
        "gateway judge": {"experiment_id": exp, "name": "x", "serialized_scorer": json.dumps(
            {"name": "x", "instructions_judge_pydantic_data": {"model": "gateway:/nope"}})},
        "blank model": {"experiment_id": exp, "name": "x", "serialized_scorer": json.dumps(
            {"name": "x", "builtin_scorer_pydantic_data": {"model": " "}})},
        "empty source": {"experiment_id": exp, "name": "x", "serialized_scorer": json.dumps(
            {"name": "x", "call_source": "  ", "original_func_name": "f"})},
        "third-party api_base": {"experiment_id": exp, "name": "x", "serialized_scorer": json.dumps(
            {"name": "x", "third_party_scorer_data": {"kwargs": {"opts": {"api_base": "http://evil"}}}})},
    }
    seen["bad_register"] = {label: _error(_raw(url, "POST", "/scorers/register", json=body))
                            for label, body in bad.items()}
    seen["names_after_bad"] = sorted(s["scorer_name"] for s in _raw(url, "GET", "/scorers/list",
                                                                    params={"experiment_id": exp})[1].get("scorers", []))
    seen["bad_get"] = {
        "unknown version": _error(_raw(url, "GET", "/scorers/get",
                                       params={"experiment_id": exp, "name": "raw", "version": "9"})),
        "version not a number": _raw(url, "GET", "/scorers/get",
                                     params={"experiment_id": exp, "name": "raw", "version": "abc"})[0],
        "case matters": _error(_raw(url, "GET", "/scorers/get", params={"experiment_id": exp, "name": "RAW"})),
        "both ids": _error(_raw(url, "GET", "/scorers/list",
                                params=[("experiment_id", exp), ("experiment_ids", exp)])),
    }
    seen["list_ids"] = [s["scorer_name"] for s in _raw(url, "GET", "/scorers/list",
                                                      params=[("experiment_ids", exp),
                                                              ("experiment_ids", "987654321")])[1].get("scorers", [])]
    mlflow.delete_experiment(exp)
    seen["deleted_experiment"] = _error(_raw(url, "GET", "/scorers/list", params={"experiment_id": exp}))
    return _without_experiment_id(seen, exp)


def _without_experiment_id(value, exp: str):
    """Messages name the experiment, whose id differs between servers (and on a shared database)."""
    if isinstance(value, str):
        return value.replace(f"experiment {exp}", "experiment <exp>")
    if isinstance(value, dict):
        return {k: _without_experiment_id(v, exp) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_without_experiment_id(v, exp) for v in value)
    return value


def test_same_scorer_registry_as_stock_mlflow(custom_servers, tracking_back, monkeypatch):
    labbook_url, stock_url = custom_servers
    # The client refuses to rebuild a custom scorer it fetched unless its own process opts in too.
    monkeypatch.setenv(ENABLE, "true")
    ours = _scenario(labbook_url)
    theirs = _scenario(stock_url)
    assert ours.keys() == theirs.keys()
    for key in ours:
        assert ours[key] == theirs[key], key
    assert ours["versions"] == [1, 2]
    assert ours["after_delete_one"] == [2]
    assert ours["reregistered"] == 1


def test_custom_scorers_are_refused_by_default(server_url, experiment_id):
    with raises_mlflow("INVALID_PARAMETER_VALUE") as e:
        exact_match.register(name=unique("exact"), experiment_id=experiment_id)
    assert e.value.message == "INVALID_PARAMETER_VALUE: " + DECORATOR_SCORER_REGISTRATION_NOT_SUPPORTED_ERROR
    assert list_scorers(experiment_id=experiment_id) == []


def test_builtin_scorer_lifecycle(server_url, experiment_id):
    from mlflow.genai.scorers import Safety

    registered = Safety(model="openai:/gpt-4o-mini").register(name="safety", experiment_id=experiment_id)
    assert registered.name == "safety"
    fetched = get_scorer(name="safety", experiment_id=experiment_id)
    assert type(fetched).__name__ == "Safety"
    assert fetched.model == "openai:/gpt-4o-mini"
    Safety().register(name="safety", experiment_id=experiment_id)
    assert [v for _, v in list_scorer_versions(name="safety", experiment_id=experiment_id)] == [1, 2]
    with pytest.raises(MlflowException, match="does not use a gateway model"):
        fetched.start(sampling_config=ScorerSamplingConfig(sample_rate=0.5))
    stopped = fetched.stop()
    assert stopped.sample_rate == 0.0
    delete_scorer(name="safety", experiment_id=experiment_id, version="all")
    assert list_scorers(experiment_id=experiment_id) == []
