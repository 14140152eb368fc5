"""Metrics: steps, timestamps, special values, latest-value rule, batches, history paging."""

from __future__ import annotations

import math
import time

import mlflow
import pytest
from mlflow.entities import Metric, Param, RunTag
from mlflow.exceptions import MlflowException

from lbutil import is_neg_inf, is_pos_inf, raises_mlflow, unique


@pytest.fixture
def run_id(client, experiment_id):
    return client.create_run(experiment_id).info.run_id


def _hist(client, run_id, key):
    return [(m.step, m.timestamp, m.value) for m in client.get_metric_history(run_id, key)]


def test_log_metric_with_steps_and_timestamps(client, run_id):
    client.log_metric(run_id, "loss", 0.9, timestamp=1_000, step=0)
    client.log_metric(run_id, "loss", 0.5, timestamp=2_000, step=1)
    client.log_metric(run_id, "loss", 0.25, timestamp=3_000, step=2)
    assert _hist(client, run_id, "loss") == [(0, 1_000, 0.9), (1, 2_000, 0.5), (2, 3_000, 0.25)]
    hist = client.get_metric_history(run_id, "loss")
    assert all(m.key == "loss" for m in hist)
    assert client.get_run(run_id).data.metrics == {"loss": 0.25}


def test_fluent_log_metric_defaults(server_url, client):
    mlflow.set_experiment(unique("metrics-fluent"))
    before = int(time.time() * 1000)
    with mlflow.start_run() as run:
        mlflow.log_metric("acc", 0.5)
        mlflow.log_metrics({"acc": 0.7, "f1": 0.6}, step=3)
    after = int(time.time() * 1000)
    hist = client.get_metric_history(run.info.run_id, "acc")
    assert [(m.step, m.value) for m in hist] == [(0, 0.5), (3, 0.7)]
    for m in hist:
        assert before - 5_000 <= m.timestamp <= after + 5_000
    assert client.get_run(run.info.run_id).data.metrics == {"acc": 0.7, "f1": 0.6}


def test_metric_keys_with_slashes_spaces_and_punctuation(client, run_id):
    keys = ["train/loss", "system/cpu_utilization_percentage", "val loss", "a.b-c_d", "eval:f1",
            "deep/nested/key/name"]
    client.log_batch(run_id, metrics=[Metric(k, float(i), 1000, 0) for i, k in enumerate(keys)])
    assert client.get_run(run_id).data.metrics == {k: float(i) for i, k in enumerate(keys)}
    for i, k in enumerate(keys):
        assert [m.value for m in client.get_metric_history(run_id, k)] == [float(i)]


def test_metric_history_of_unknown_key_is_empty(client, run_id):
    client.log_metric(run_id, "a", 1.0)
    assert client.get_metric_history(run_id, "b") == []


def test_metric_history_of_unknown_run(client):
    # stock MLflow (SQL store) answers an empty history; RESOURCE_DOES_NOT_EXIST is also acceptable,
    # anything else (5xx, other codes) is not
    try:
        assert client.get_metric_history("00000000000000000000000000000abc", "x") == []
    except MlflowException as e:
        assert e.error_code == "RESOURCE_DOES_NOT_EXIST", str(e)


def test_exact_double_and_int64_round_trip(client, run_id):
    values = [0.1 + 0.2, 1e-300, -2.5e-7, 123456789.123456789, float(2**53 + 2), -0.0, 1e308,
              5e-324, 3.141592653589793]
    ts = 4_102_444_800_123  # year 2100, beyond int32 and beyond 2^41
    big_step = 2**40 + 7
    metrics = [Metric("precise", v, ts + i, i) for i, v in enumerate(values)]
    metrics.append(Metric("bigstep", 1.0, ts, big_step))
    client.log_batch(run_id, metrics=metrics)
    hist = client.get_metric_history(run_id, "precise")
    assert [m.value for m in hist] == values
    assert [m.timestamp for m in hist] == [ts + i for i in range(len(values))]
    big = client.get_metric_history(run_id, "bigstep")
    assert [(m.step, m.timestamp) for m in big] == [(big_step, ts)]


def test_nan_and_infinity(client, run_id):
    client.log_metric(run_id, "nan", float("nan"), timestamp=10, step=0)
    client.log_metric(run_id, "pinf", float("inf"), timestamp=10, step=0)
    client.log_metric(run_id, "ninf", float("-inf"), timestamp=10, step=0)
    client.log_batch(run_id, metrics=[Metric("batch_nan", float("nan"), 10, 0),
                                      Metric("batch_inf", float("inf"), 10, 0),
                                      Metric("batch_ninf", float("-inf"), 10, 0)])
    metrics = client.get_run(run_id).data.metrics
    # MLflow's SQL store returns NaN as NaN and +-inf as +-max double; infinities may be kept as such
    for key in ("nan", "batch_nan"):
        assert math.isnan(metrics[key]), (key, metrics[key])
    for key in ("pinf", "batch_inf"):
        assert is_pos_inf(metrics[key]), (key, metrics[key])
    for key in ("ninf", "batch_ninf"):
        assert is_neg_inf(metrics[key]), (key, metrics[key])
    for key in ("nan", "batch_nan"):
        hist = client.get_metric_history(run_id, key)
        assert len(hist) == 1 and math.isnan(hist[0].value)
    for key in ("pinf", "batch_inf"):
        hist = client.get_metric_history(run_id, key)
        assert len(hist) == 1 and is_pos_inf(hist[0].value)
    for key in ("ninf", "batch_ninf"):
        hist = client.get_metric_history(run_id, key)
        assert len(hist) == 1 and is_neg_inf(hist[0].value)


def test_nan_among_regular_values(client, run_id):
    client.log_metric(run_id, "m", 1.0, timestamp=1, step=0)
    client.log_metric(run_id, "m", float("nan"), timestamp=2, step=1)
    client.log_metric(run_id, "m", 3.0, timestamp=3, step=2)
    hist = client.get_metric_history(run_id, "m")
    assert [m.step for m in hist] == [0, 1, 2]
    assert hist[0].value == 1.0 and math.isnan(hist[1].value) and hist[2].value == 3.0
    assert client.get_run(run_id).data.metrics["m"] == 3.0
    client.log_metric(run_id, "m", float("nan"), timestamp=4, step=3)
    assert math.isnan(client.get_run(run_id).data.metrics["m"])


def test_latest_metric_is_highest_step_then_timestamp_then_value(client, run_id):
    # logged out of order on purpose: "latest" is not "last logged"
    client.log_metric(run_id, "m", 7.0, timestamp=5_000, step=10)
    client.log_metric(run_id, "m", 100.0, timestamp=9_000, step=3)  # newer but lower step
    assert client.get_run(run_id).data.metrics["m"] == 7.0
    client.log_metric(run_id, "m", 6.0, timestamp=6_000, step=10)  # same step, newer timestamp
    assert client.get_run(run_id).data.metrics["m"] == 6.0
    client.log_metric(run_id, "m", 5.0, timestamp=4_000, step=10)  # same step, older timestamp
    assert client.get_run(run_id).data.metrics["m"] == 6.0
    client.log_metric(run_id, "m", 6.5, timestamp=6_000, step=10)  # same step+ts, larger value
    assert client.get_run(run_id).data.metrics["m"] == 6.5
    client.log_metric(run_id, "m", 6.1, timestamp=6_000, step=10)  # same step+ts, smaller value
    assert client.get_run(run_id).data.metrics["m"] == 6.5
    client.log_metric(run_id, "m", -1.0, timestamp=1, step=11)  # higher step wins regardless
    assert client.get_run(run_id).data.metrics["m"] == -1.0
    assert len(client.get_metric_history(run_id, "m")) == 7


def test_latest_metric_within_one_batch(client, run_id):
    client.log_batch(run_id, metrics=[
        Metric("b", 1.0, 300, 2),
        Metric("b", 2.0, 100, 5),
        Metric("b", 3.0, 200, 5),
        Metric("b", 4.0, 999, 1),
    ])
    assert client.get_run(run_id).data.metrics["b"] == 3.0
    found = client.search_runs([client.get_run(run_id).info.experiment_id],
                               filter_string="metrics.b = 3")
    assert [r.info.run_id for r in found] == [run_id]
    assert found[0].data.metrics["b"] == 3.0


def test_exact_duplicate_metric_is_stored_once(client, run_id):
    client.log_metric(run_id, "dup", 1.5, timestamp=42, step=7)
    client.log_metric(run_id, "dup", 1.5, timestamp=42, step=7)
    client.log_batch(run_id, metrics=[Metric("dup", 1.5, 42, 7)])
    assert _hist(client, run_id, "dup") == [(7, 42, 1.5)]
    # same step and timestamp but a different value is a different point
    client.log_metric(run_id, "dup", 2.5, timestamp=42, step=7)
    assert sorted(_hist(client, run_id, "dup")) == [(7, 42, 1.5), (7, 42, 2.5)]


def test_history_order_is_timestamp_step_value(client, run_id):
    points = [("k", 3.0, 300, 0), ("k", 2.0, 100, 5), ("k", 1.0, 100, 2), ("k", 0.5, 100, 2),
              ("k", 9.0, 200, 1)]
    client.log_batch(run_id, metrics=[Metric(k, v, t, s) for k, v, t, s in points])
    assert _hist(client, run_id, "k") == [(2, 100, 0.5), (2, 100, 1.0), (5, 100, 2.0),
                                          (1, 200, 9.0), (0, 300, 3.0)]


def test_log_batch_1000_metrics_with_params_and_tags(client, run_id):
    t0 = 1_600_000_000_000
    metrics = [Metric(f"m{i % 10}", float(i), t0 + i, i // 10) for i in range(1000)]
    params = [Param(f"param_{i}", f"value_{i}") for i in range(100)]
    tags = [RunTag(f"tag_{i}", f"tv_{i}") for i in range(100)]
    client.log_batch(run_id, metrics=metrics, params=params, tags=tags)
    run = client.get_run(run_id)
    assert run.data.params == {f"param_{i}": f"value_{i}" for i in range(100)}
    for i in range(100):
        assert run.data.tags[f"tag_{i}"] == f"tv_{i}"
    assert run.data.metrics == {f"m{j}": float(990 + j) for j in range(10)}
    for j in range(10):
        hist = client.get_metric_history(run_id, f"m{j}")
        assert [(m.step, m.value) for m in hist] == [(i // 10, float(i)) for i in range(j, 1000, 10)]


def test_log_batch_single_key_1000_points(client, run_id):
    t0 = 1_600_000_000_000
    client.log_batch(run_id, metrics=[Metric("curve", i * 0.001, t0 + i, i) for i in range(1000)])
    hist = client.get_metric_history(run_id, "curve")
    assert [m.step for m in hist] == list(range(1000))
    assert [m.value for m in hist] == [i * 0.001 for i in range(1000)]
    assert client.get_run(run_id).data.metrics["curve"] == 999 * 0.001


def test_log_batch_oversized_request_is_rejected(client, run_id):
    """The client chunks, but a hand-made oversized batch must be refused (limit 1000 metrics)."""
    from mlflow.protos.service_pb2 import LogBatch
    from mlflow.store.tracking.rest_store import RestStore
    from mlflow.utils.proto_json_utils import message_to_json

    store = client._tracking_client.store
    assert isinstance(store, RestStore)
    metrics = [Metric("over", float(i), 1, i).to_proto() for i in range(1001)]
    body = message_to_json(LogBatch(run_id=run_id, metrics=metrics))
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        store._call_endpoint(LogBatch, body)
    assert client.get_metric_history(run_id, "over") == []


@pytest.mark.slow
def test_metric_history_beyond_one_page(client, run_id):
    """30,000 points: get_metric_history must follow the server's page tokens (25,000 per page)."""
    n = 30_000
    t0 = 1_650_000_000_000
    for start in range(0, n, 1000):
        client.log_batch(run_id, metrics=[Metric("long", float(i) / 7.0, t0 + i, i)
                                          for i in range(start, start + 1000)])
    hist = client.get_metric_history(run_id, "long")
    assert len(hist) == n
    assert [m.step for m in hist] == list(range(n))
    assert [m.value for m in hist] == [float(i) / 7.0 for i in range(n)]
    assert [m.timestamp for m in hist] == [t0 + i for i in range(n)]
    assert client.get_run(run_id).data.metrics["long"] == float(n - 1) / 7.0
