"""Raw-protocol checks: error bodies and status codes, unknown routes, /health, /version,
request-encoding tolerance, and atomicity of a rejected log-batch."""

from __future__ import annotations

import json
import time

import pytest
import requests
from mlflow.entities import Metric, Param, RunTag
from mlflow.exceptions import MlflowException
from packaging.version import Version

from lbutil import raises_mlflow, unique

API = "/api/2.0/mlflow"


def _assert_error(resp: requests.Response, status: int, *codes: str) -> dict:
    assert resp.status_code == status, f"HTTP {resp.status_code}: {resp.text[:500]}"
    assert resp.headers.get("Content-Type", "").startswith("application/json"), resp.headers
    body = resp.json()
    assert isinstance(body, dict), body
    assert body.get("error_code") in codes, body
    assert isinstance(body.get("message"), str) and body["message"], body
    return body


def _post(server_url, path, payload, **kw):
    return requests.post(f"{server_url}{API}{path}", json=payload, timeout=30, **kw)


def _get(server_url, path, params=None):
    return requests.get(f"{server_url}{API}{path}", params=params, timeout=30)


# ------------------------------------------------------------------------------------------------
# basic endpoints
# ------------------------------------------------------------------------------------------------
def test_health(server_url):
    r = requests.get(f"{server_url}/health", timeout=10)
    assert r.status_code == 200
    assert r.text.strip() == "OK"


def test_version_is_pep440(server_url):
    r = requests.get(f"{server_url}/version", timeout=10)
    assert r.status_code == 200
    Version(r.text.strip())  # raises InvalidVersion if not PEP 440


def test_success_is_200_json_object(server_url):
    r = _post(server_url, "/experiments/create", {"name": unique("raw")})
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    body = r.json()
    assert isinstance(body["experiment_id"], str) and body["experiment_id"]
    # empty responses are "{}" with 200, never 204
    r = _post(server_url, "/experiments/set-experiment-tag",
              {"experiment_id": body["experiment_id"], "key": "k", "value": "v"})
    assert r.status_code == 200
    assert r.json() == {}


def test_ajax_api_prefix_is_served(server_url):
    name = unique("ajax")
    r = requests.post(f"{server_url}/ajax-api/2.0/mlflow/experiments/create", json={"name": name},
                      timeout=30)
    assert r.status_code == 200, r.text
    r = requests.get(f"{server_url}/ajax-api/2.0/mlflow/experiments/get-by-name",
                     params={"experiment_name": name}, timeout=30)
    assert r.status_code == 200 and r.json()["experiment"]["name"] == name


# ------------------------------------------------------------------------------------------------
# not found / already exists
# ------------------------------------------------------------------------------------------------
def test_unknown_experiment_id_is_404_resource_does_not_exist(server_url):
    r = _get(server_url, "/experiments/get", {"experiment_id": "987654321014"})
    _assert_error(r, 404, "RESOURCE_DOES_NOT_EXIST")


def test_unknown_experiment_name_is_404(server_url):
    r = _get(server_url, "/experiments/get-by-name", {"experiment_name": unique("nope")})
    _assert_error(r, 404, "RESOURCE_DOES_NOT_EXIST")


def test_unknown_run_is_404(server_url):
    r = _get(server_url, "/runs/get", {"run_id": "0123456789abcdef0123456789abcdef"})
    _assert_error(r, 404, "RESOURCE_DOES_NOT_EXIST")


def test_duplicate_experiment_name_is_400_resource_already_exists(server_url):
    name = unique("dup-raw")
    assert _post(server_url, "/experiments/create", {"name": name}).status_code == 200
    r = _post(server_url, "/experiments/create", {"name": name})
    _assert_error(r, 400, "RESOURCE_ALREADY_EXISTS")


# ------------------------------------------------------------------------------------------------
# bad requests
# ------------------------------------------------------------------------------------------------
def test_malformed_json_body_is_400(server_url):
    name = unique("malformed")
    r = requests.post(f"{server_url}{API}/experiments/create", data='{"name": "' + name + '"',
                      headers={"Content-Type": "application/json"}, timeout=30)
    # stock MLflow: unparsable JSON is treated as an empty body -> missing required 'name'
    _assert_error(r, 400, "INVALID_PARAMETER_VALUE")
    assert _get(server_url, "/experiments/get-by-name", {"experiment_name": name}).status_code == 404


def test_missing_required_field_is_400_invalid_parameter_value(server_url, client, experiment_id):
    _assert_error(_post(server_url, "/experiments/create", {}), 400, "INVALID_PARAMETER_VALUE")
    _assert_error(_post(server_url, "/experiments/create", {"name": ""}), 400, "INVALID_PARAMETER_VALUE")
    _assert_error(_get(server_url, "/runs/get", {}), 400, "INVALID_PARAMETER_VALUE")
    run_id = client.create_run(experiment_id).info.run_id
    _assert_error(_post(server_url, "/runs/log-metric",
                        {"run_id": run_id, "value": 1.0, "timestamp": 1, "step": 0}),
                  400, "INVALID_PARAMETER_VALUE")  # no key
    _assert_error(_post(server_url, "/runs/log-metric",
                        {"run_id": run_id, "key": "m", "timestamp": 1}),
                  400, "INVALID_PARAMETER_VALUE")  # no value
    _assert_error(_post(server_url, "/runs/log-parameter", {"run_id": run_id, "value": "x"}),
                  400, "INVALID_PARAMETER_VALUE")  # no key
    _assert_error(_get(server_url, "/metrics/get-history", {"run_id": run_id}),
                  400, "INVALID_PARAMETER_VALUE")  # no metric_key
    assert client.get_run(run_id).data.metrics == {}


def test_wrong_type_is_400(server_url, client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    r = _post(server_url, "/runs/log-metric",
              {"run_id": run_id, "key": "m", "value": "not-a-number", "timestamp": 1, "step": 0})
    _assert_error(r, 400, "INVALID_PARAMETER_VALUE")
    r = _post(server_url, "/runs/log-metric",
              {"run_id": run_id, "key": "m", "value": 1.0, "timestamp": "yesterday", "step": 0})
    _assert_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_post_without_json_content_type_is_rejected(server_url):
    name = unique("ctype")
    r = requests.post(f"{server_url}{API}/experiments/create", data=json.dumps({"name": name}),
                      headers={"Content-Type": "text/plain"}, timeout=30)
    _assert_error(r, 400, "INVALID_PARAMETER_VALUE")


def test_json_content_type_with_charset_is_accepted(server_url):
    name = unique("charset")
    r = requests.post(f"{server_url}{API}/experiments/create", data=json.dumps({"name": name}),
                      headers={"Content-Type": "application/json; charset=utf-8"}, timeout=30)
    assert r.status_code == 200, r.text


def test_request_encoding_tolerance(server_url, client, experiment_id):
    """What the stock server accepts beyond what the Python client sends."""
    run_id = client.create_run(experiment_id).info.run_id
    # int64 as string, doubles as "NaN"/"Infinity", unknown fields ignored
    r = _post(server_url, "/runs/log-metric", {"run_id": run_id, "key": "s", "value": "NaN",
                                              "timestamp": "1000", "step": "3", "bogus": 1})
    assert r.status_code == 200, r.text
    r = _post(server_url, "/runs/log-metric", {"run_id": run_id, "key": "i", "value": "Infinity",
                                              "timestamp": 1000})
    assert r.status_code == 200, r.text
    r = _post(server_url, "/runs/log-parameter", {"run_id": run_id, "key": "plain", "value": "ok"})
    assert r.status_code == 200, r.text
    # enum by name for run_view_type in a search
    r = _post(server_url, "/runs/search", {"experiment_ids": [experiment_id],
                                           "run_view_type": "ALL", "max_results": 10})
    assert r.status_code == 200 and [x["info"]["run_id"] for x in r.json()["runs"]] == [run_id]
    # GET booleans/numbers arrive as strings
    r = _get(server_url, "/metrics/get-history", {"run_id": run_id, "metric_key": "s",
                                                 "max_results": "10"})
    assert r.status_code == 200
    (point,) = r.json()["metrics"]
    assert point["value"] == "NaN" and point["step"] == 3 and point["timestamp"] == 1000
    # the deprecated run_uuid alias of run_id (the web UI still sends it)
    r = _post(server_url, "/runs/set-tag", {"run_uuid": run_id, "key": "ui", "value": "tag"})
    assert r.status_code == 200, r.text
    r = _get(server_url, "/metrics/get-history", {"run_uuid": run_id, "metric_key": "i"})
    assert r.status_code == 200 and len(r.json()["metrics"]) == 1, r.text
    r = _get(server_url, "/runs/get", {"run_uuid": run_id})
    assert r.status_code == 200 and r.json()["run"]["info"]["run_id"] == run_id
    run = client.get_run(run_id)
    assert run.data.params["plain"] == "ok"
    assert run.data.tags["ui"] == "tag"


def test_response_uses_snake_case_and_numeric_int64(server_url, client, experiment_id):
    run = client.create_run(experiment_id, start_time=1_700_000_000_000, run_name="shape")
    client.log_metric(run.info.run_id, "m", 2.5, timestamp=1_700_000_000_001, step=4)
    client.log_param(run.info.run_id, "p", "v")
    body = _get(server_url, "/runs/get", {"run_id": run.info.run_id}).json()
    info = body["run"]["info"]
    assert info["run_id"] == run.info.run_id and info["run_uuid"] == run.info.run_id
    assert info["experiment_id"] == experiment_id
    assert info["start_time"] == 1_700_000_000_000 and isinstance(info["start_time"], int)
    assert info["status"] == "RUNNING"
    assert info["lifecycle_stage"] == "active"
    assert info["run_name"] == "shape"
    assert "end_time" not in info or info["end_time"] is None
    data = body["run"]["data"]
    assert data["metrics"] == [{"key": "m", "value": 2.5, "timestamp": 1_700_000_000_001, "step": 4}]
    assert data["params"] == [{"key": "p", "value": "v"}]
    assert {"key": "mlflow.runName", "value": "shape"} in data["tags"]


# ------------------------------------------------------------------------------------------------
# unknown routes
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("method,path", [
    ("GET", "/api/2.0/mlflow/no-such-thing"),
    ("POST", "/api/2.0/mlflow/no-such-thing"),
    ("GET", "/api/2.0/mlflow/experiments/no-such-thing"),
    ("GET", "/api/9.9/mlflow/experiments/get"),
])
def test_unknown_route_is_404_without_json_error_object(server_url, method, path):
    r = requests.request(method, f"{server_url}{path}", json={} if method == "POST" else None,
                         timeout=30)
    assert r.status_code == 404, r.text[:300]
    try:
        body = json.loads(r.text)
    except ValueError:
        return  # non-JSON (HTML / text / empty) is what the client expects
    assert not (isinstance(body, dict) and body.get("error_code") == "RESOURCE_DOES_NOT_EXIST"), (
        "unknown routes must not look like 'entity not found'", body)
    if isinstance(body, dict):
        assert body.get("error_code") in (None, "ENDPOINT_NOT_FOUND"), body


def test_client_maps_unknown_route_to_endpoint_not_found(server_url):
    from mlflow.utils.rest_utils import MlflowHostCreds, http_request, verify_rest_response

    endpoint = "/api/2.0/mlflow/no-such-thing"
    resp = http_request(MlflowHostCreds(server_url), endpoint, "GET", max_retries=0, timeout=10)
    with raises_mlflow("ENDPOINT_NOT_FOUND"):
        verify_rest_response(resp, endpoint)


def test_wrong_method_on_known_route_is_not_success(server_url):
    r = requests.get(f"{server_url}{API}/experiments/create", params={"name": unique("m")}, timeout=30)
    assert r.status_code in (404, 405), r.text[:300]


# ------------------------------------------------------------------------------------------------
# log-batch atomicity
# ------------------------------------------------------------------------------------------------
def test_failed_log_batch_stores_nothing_raw(server_url, client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    now = int(time.time() * 1000)
    metrics = [{"key": f"good{i}", "value": float(i), "timestamp": now, "step": 0} for i in range(5)]
    metrics.insert(3, {"key": "bad", "value": 1.0, "step": 0})  # no timestamp
    r = _post(server_url, "/runs/log-batch", {
        "run_id": run_id, "metrics": metrics,
        "params": [{"key": "p1", "value": "v1"}],
        "tags": [{"key": "t1", "value": "v1"}],
    })
    _assert_error(r, 400, "INVALID_PARAMETER_VALUE")
    run = client.get_run(run_id)
    assert run.data.metrics == {}
    assert run.data.params == {}
    assert "t1" not in run.data.tags
    for i in range(5):
        assert client.get_metric_history(run_id, f"good{i}") == []


def test_failed_log_batch_stores_nothing_client(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    metrics = [Metric(f"ok{i}", float(i), 1000, 0) for i in range(10)]
    metrics.append(Metric("../escape", 1.0, 1000, 0))  # invalid key (not a normalized path)
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.log_batch(run_id, metrics=metrics, params=[Param("p", "1")], tags=[RunTag("t", "1")])
    run = client.get_run(run_id)
    assert run.data.metrics == {}
    assert run.data.params == {}
    assert "t" not in run.data.tags


def test_log_batch_with_conflicting_param_stores_nothing(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    client.log_param(run_id, "fixed", "1")
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.log_batch(run_id,
                         metrics=[Metric("m", 1.0, 1000, 0)],
                         params=[Param("new", "x"), Param("fixed", "2")],
                         tags=[RunTag("t", "1")])
    run = client.get_run(run_id)
    assert run.data.params == {"fixed": "1"}
    assert run.data.metrics == {}
    assert "t" not in run.data.tags


def test_log_batch_duplicate_param_keys_in_one_request(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.log_batch(run_id, params=[Param("a", "1"), Param("a", "2")])
    assert client.get_run(run_id).data.params == {}


@pytest.mark.parametrize("bad_key", ["../up", "/abs", "a//b", ".", "bad\\back", "x" * 251])
def test_invalid_metric_param_tag_keys(client, experiment_id, bad_key):
    run_id = client.create_run(experiment_id).info.run_id
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.log_metric(run_id, bad_key, 1.0)
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.log_param(run_id, bad_key, "1")
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.set_tag(run_id, bad_key, "1")


def test_errors_surface_as_mlflow_exceptions_with_messages(client):
    with pytest.raises(MlflowException) as ei:
        client.get_run("0123456789abcdef0123456789abcdee")
    assert ei.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    assert "RESOURCE_DOES_NOT_EXIST" in str(ei.value)
    assert ei.value.get_http_status_code() == 404
