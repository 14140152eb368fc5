"""get-history-bulk-interval side by side with a stock ``mlflow server`` (SQLite) started here.

The web UI's charts read sampled series through this call, and which points MLflow picks (per run,
the first point of each of max_results NTILE buckets over the points ordered by step, plus the
last point) decides what a chart draws. Both servers get the same points through the stock client
and must answer every query with the same points in the same order. Labbook works out the points
of a dense series (one point per step, no gaps) from its stored step range and ranks the others in
SQL, so both kinds are logged here.
"""

from __future__ import annotations

import pytest
import requests
from mlflow import MlflowClient
from mlflow.entities import Metric

from stock_mlflow import stock_mlflow

BULK_INTERVAL = "/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval"


@pytest.fixture(scope="module")
def stock_mlflow_url():
    with stock_mlflow("sampling") as url:
        yield url


def _series(steps, later_ms=0):
    """Points whose value and timestamp follow from the step, so a batch logged twice is identical."""
    return [Metric("loss", float((s * 37) % 101) / 7.0, 1_700_000_000_000 + s + later_ms, s) for s in steps]


# Each run's points, as batches in logging order. "long" and "late" stay dense ("late" logs its end
# first); "strided" has gaps; "mixed" repeats a step and logs a negative one; "retried" logs a
# batch twice (the duplicates are dropped, but the series can no longer be proven dense).
RUNS = {
    "long": [_series(range(0, 3000)), _series(range(3000, 6000))],
    "late": [_series(range(2000, 2500)), _series(range(0, 2000))],
    "strided": [_series(range(0, 6000, 25))],
    "mixed": [_series(range(0, 40)), _series([57, 90, -3, 41]) + _series([57], later_ms=5)],
    "retried": [_series(range(0, 700)), _series(range(100, 200))],
}


def _seed(url):
    client = MlflowClient(url)
    experiment = client.create_experiment("chart-sampling")
    ids = {}
    for name, batches in RUNS.items():
        run_id = client.create_run(experiment, run_name=name).info.run_id
        for batch in batches:
            for i in range(0, len(batch), 1000):
                client.log_batch(run_id, metrics=batch[i:i + 1000])
        ids[name] = run_id
    return ids


QUERIES = [
    (["long"], {}),
    (["long"], {"max_results": 1}),
    (["long"], {"max_results": 7}),
    (["long"], {"max_results": 2500}),
    (["long"], {"max_results": 320, "start_step": 100, "end_step": 4000}),
    (["long"], {"max_results": 5, "start_step": 10, "end_step": 40}),
    (["late"], {"max_results": 50}),
    (["strided"], {"max_results": 13}),
    (["strided"], {"max_results": 13, "start_step": 30, "end_step": 1000}),
    (["mixed"], {"max_results": 4}),
    (["mixed"], {"max_results": 4, "start_step": -5, "end_step": 60}),
    (["long", "strided", "mixed"], {"max_results": 9}),
    (["late", "mixed", "long", "late"], {"max_results": 100, "start_step": 0, "end_step": 2600}),
    (["mixed", "strided"], {"max_results": 2500}),
    (["retried"], {"max_results": 33}),
    (["retried", "long"], {"max_results": 33, "start_step": 150, "end_step": 650}),
]


def _answer(url, ids, runs, params):
    query = [("run_ids", ids[r]) for r in runs] + [("metric_key", "loss")]
    query += [(k, str(v)) for k, v in params.items()]
    r = requests.get(url + BULK_INTERVAL, params=query, timeout=60)
    assert r.status_code == 200, r.text
    by_id = {run_id: name for name, run_id in ids.items()}
    return [(by_id[m["run_id"]], m["step"], m["timestamp"], m["value"]) for m in r.json().get("metrics", [])]


def test_sampled_series_match_stock_mlflow(server_url, stock_mlflow_url):
    ours, theirs = _seed(server_url), _seed(stock_mlflow_url)
    for runs, params in QUERIES:
        expected = _answer(stock_mlflow_url, theirs, runs, params)
        assert expected, f"stock MLflow returned nothing for {runs} {params}"
        assert _answer(server_url, ours, runs, params) == expected, f"{runs} {params}"
