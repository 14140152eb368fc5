"""GET /metrics: off by default (a plain 404, as `mlflow server` without --expose-prometheus), and with
MLFLOW_EXPOSE_PROMETHEUS set it counts the requests the stock client makes, per route template."""

from __future__ import annotations

import re

import pytest
import requests
from mlflow import MlflowClient

from artifact_servers import start_server
from lbutil import unique

LOG_METRIC = 'labbook_http_requests_total{method="POST",route="/api/2.0/mlflow/runs/log-metric",status="200"}'


def _count(text: str, series: str) -> float:
    match = re.search(re.escape(series) + r" ([0-9.eE+]+)", text)
    return float(match.group(1)) if match else 0.0


def test_metrics_are_off_without_the_flag(server_url):
    r = requests.get(server_url + "/metrics", timeout=10)
    assert r.status_code == 404


@pytest.fixture(scope="module")
def exporting_server(tmp_path_factory):
    server = start_server("proxy", env={"MLFLOW_EXPOSE_PROMETHEUS": str(tmp_path_factory.mktemp("prometheus"))})
    yield server
    server.stop()


def test_client_requests_are_counted_per_route(exporting_server):
    client = MlflowClient(tracking_uri=exporting_server.url)
    run = client.create_run(client.create_experiment(unique("prometheus")))
    before = _count(requests.get(exporting_server.url + "/metrics", timeout=10).text, LOG_METRIC)
    for step in range(3):
        client.log_metric(run.info.run_id, "loss", 1.0 / (step + 1), step=step)

    scrape = requests.get(exporting_server.url + "/metrics", timeout=10)
    assert scrape.status_code == 200
    assert scrape.headers["Content-Type"].startswith("text/plain")
    assert _count(scrape.text, LOG_METRIC) == before + 3
    assert "labbook_db_pool_max_connections" in scrape.text
