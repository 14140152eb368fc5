"""Endpoints only the web UI calls: the AI assistant probes and the GenAI searches, which answer
MLflow's empty results (Labbook stores no GenAI data) after validating input as MLflow does."""

from __future__ import annotations

import requests

AJAX3 = "/ajax-api/3.0/mlflow"


def _post(url, body):
    return requests.post(url, json=body, timeout=30)


def test_trace_search_is_empty_and_validated(server_url, experiment_id):
    ok = _post(server_url + AJAX3 + "/traces/search", {
        "locations": [{"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": experiment_id}}],
        "filter": "attributes.timestamp_ms > 0", "max_results": 25, "order_by": ["timestamp DESC"]})
    assert ok.status_code == 200 and ok.json() == {}
    too_many = _post(server_url + AJAX3 + "/traces/search", {
        "locations": [{"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": experiment_id}}],
        "max_results": 501})
    assert too_many.status_code == 400 and too_many.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    bad_id = _post(server_url + AJAX3 + "/traces/search", {
        "locations": [{"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": "abc"}}]})
    assert bad_id.status_code == 400 and bad_id.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    missing = _post(server_url + AJAX3 + "/traces/search", {"max_results": 5})
    assert missing.status_code == 400 and "locations" in missing.json()["message"]


def test_v2_trace_search_needs_experiment_ids(server_url, experiment_id):
    url = server_url + "/ajax-api/2.0/mlflow/traces"
    assert requests.get(url, params={"experiment_ids": experiment_id, "max_results": 1}, timeout=30).json() == {}
    r = requests.get(url, params={"max_results": 1}, timeout=30)
    assert r.status_code == 400 and r.json()["error_code"] == "INVALID_PARAMETER_VALUE"


def test_scorers_list_checks_the_experiment(server_url, experiment_id):
    url = server_url + AJAX3 + "/scorers/list"
    assert requests.get(url, params={"experiment_id": experiment_id}, timeout=30).json() == {}
    unknown = requests.get(url, params={"experiment_id": "987654321"}, timeout=30)
    assert unknown.status_code == 404 and unknown.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"
    both = requests.get(url, params={"experiment_id": experiment_id, "experiment_ids": experiment_id}, timeout=30)
    assert both.status_code == 400 and both.json()["error_code"] == "INVALID_PARAMETER_VALUE"


def test_issue_metric_and_dataset_searches(server_url, experiment_id):
    issues = _post(server_url + AJAX3 + "/issues/search", {"experiment_id": experiment_id, "max_results": 1000})
    assert issues.status_code == 200 and issues.json() == {"next_page_token": ""}
    zero = _post(server_url + AJAX3 + "/issues/search", {"experiment_id": experiment_id, "max_results": 0})
    assert zero.status_code == 400
    metrics = _post(server_url + AJAX3 + "/traces/metrics", {
        "experiment_ids": [experiment_id], "view_type": "TRACES", "metric_name": "trace_count",
        "aggregations": [{"aggregation_type": "COUNT"}]})
    # An experiment without traces: COUNT over nothing is one data point of 0, as in MLflow
    # (test_trace_metrics.py compares the real answers with a stock server's).
    assert metrics.status_code == 200 and metrics.json() == {
        "data_points": [{"metric_name": "trace_count", "values": {"COUNT": 0.0}}]}
    no_name = _post(server_url + AJAX3 + "/traces/metrics", {
        "experiment_ids": [experiment_id], "view_type": "TRACES", "aggregations": []})
    assert no_name.status_code == 400 and "metric_name" in no_name.json()["message"]
    datasets = _post(server_url + AJAX3 + "/datasets/search", {"experiment_ids": [experiment_id], "max_results": 50})
    assert datasets.status_code == 200 and datasets.json() == {}


def test_assistant_and_gateway_say_nothing_is_configured(server_url):
    config = requests.get(server_url + AJAX3 + "/assistant/config", timeout=30).json()
    assert config == {"providers": {}, "projects": {}, "remote_access_allowed": False,
                      "can_edit_server_settings": False}
    providers = requests.get(server_url + AJAX3 + "/assistant/providers", timeout=30).json()
    assert providers["providers"] == [] and providers["resolved"] is None
    gateway = requests.get(server_url + "/ajax-api/2.0/mlflow/gateway-proxy",
                           params={"gateway_path": "api/2.0/endpoints/"}, timeout=30).json()
    assert gateway == {"endpoints": []}


def test_presigned_download_is_not_offered(server_url, client, experiment_id, tmp_path):
    run = client.create_run(experiment_id)
    url = server_url + "/ajax-api/2.0/mlflow/artifacts/presigned-download-url"
    r = _post(url, {"run_id": run.info.run_id, "path": "a.txt"})
    assert r.status_code == 501 and r.json()["error_code"] == "NOT_IMPLEMENTED"
    unknown = _post(url, {"run_id": "f" * 32, "path": "a.txt"})
    assert unknown.status_code == 404
    expiry = _post(url, {"run_id": run.info.run_id, "path": "a.txt", "expiration": 0})
    assert expiry.status_code == 400
