"""Concurrent clients against one server: nothing lost, nothing doubled, no errors."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import mlflow
import pytest
from mlflow import MlflowClient
from mlflow.entities import Metric, Param

from lbutil import unique

pytestmark = pytest.mark.concurrency

THREADS = 8
POINTS = 10_000  # per thread, per run
CHUNK = 1000
T0 = 1_700_000_000_000


def _run_threads(fn, n=THREADS):
    """Run fn(i) in n threads that start together; re-raise the first exception."""
    barrier = threading.Barrier(n)

    def wrapped(i):
        barrier.wait(timeout=60)
        return fn(i)

    with ThreadPoolExecutor(max_workers=n) as pool:
        futures = [pool.submit(wrapped, i) for i in range(n)]
        return [f.result() for f in futures]


def _shared_value(t, step):
    return t * 1_000_000 + step + 0.25


def test_parallel_log_batch_to_shared_and_own_runs(server_url, client):
    exp_id = client.create_experiment(unique("concurrency"))
    shared = client.create_run(exp_id, run_name="shared").info.run_id
    own = [client.create_run(exp_id, run_name=f"own-{t}").info.run_id for t in range(THREADS)]
    half = POINTS // 2

    def worker(t):
        c = MlflowClient(tracking_uri=server_url)  # every thread has its own client
        # shared run: half on a per-thread key, half interleaved with all other threads on "common"
        shared_points = [Metric(f"thread_{t}", _shared_value(t, s), T0 + s, s) for s in range(half)]
        shared_points += [Metric("common", float(i * THREADS + t), T0 + i, i * THREADS + t)
                          for i in range(half)]
        own_points = [Metric("loss", 1.0 / (s + 1), T0 + s, s) for s in range(POINTS)]
        for start in range(0, POINTS, CHUNK):
            c.log_batch(shared, metrics=shared_points[start:start + CHUNK])
            c.log_batch(own[t], metrics=own_points[start:start + CHUNK],
                        params=[Param("thread", str(t))] if start == 0 else [])
        return t

    assert sorted(_run_threads(worker)) == list(range(THREADS))

    # every point exactly once, in the shared run ...
    for t in range(THREADS):
        hist = client.get_metric_history(shared, f"thread_{t}")
        pairs = [(m.step, m.value) for m in hist]
        assert len(pairs) == POINTS // 2, (t, len(pairs))
        assert set(pairs) == {(s, _shared_value(t, s)) for s in range(half)}
    common = client.get_metric_history(shared, "common")
    pairs = [(m.step, m.value) for m in common]
    assert len(pairs) == half * THREADS
    assert len(set(pairs)) == len(pairs)
    assert set(pairs) == {(s, float(s)) for s in range(half * THREADS)}
    # ... the latest value survived the races on the same key
    metrics = client.get_run(shared).data.metrics
    assert metrics["common"] == float(half * THREADS - 1)
    for t in range(THREADS):
        assert metrics[f"thread_{t}"] == _shared_value(t, half - 1)
    # ... and in every thread's own run
    for t in range(THREADS):
        hist = client.get_metric_history(own[t], "loss")
        assert [(m.step, m.value) for m in hist] == [(s, 1.0 / (s + 1)) for s in range(POINTS)]
        run = client.get_run(own[t])
        assert run.data.metrics == {"loss": 1.0 / POINTS}
        assert run.data.params == {"thread": str(t)}


def test_parallel_set_experiment_same_name(server_url):
    """Several workers starting at once on the same experiment name all end up in one experiment."""
    name = unique("race-exp")

    def worker(_):
        c = MlflowClient(tracking_uri=server_url)
        exp = c.get_experiment_by_name(name)
        if exp is None:
            try:
                return c.create_experiment(name)
            except mlflow.exceptions.MlflowException as e:
                assert e.error_code == "RESOURCE_ALREADY_EXISTS", str(e)
                return c.get_experiment_by_name(name).experiment_id
        return exp.experiment_id

    ids = _run_threads(worker)
    assert len(set(ids)) == 1
    found = MlflowClient(tracking_uri=server_url).search_experiments(filter_string=f"name = '{name}'")
    assert [e.experiment_id for e in found] == ids[:1]


def test_parallel_create_runs_and_params(server_url, client):
    exp_id = client.create_experiment(unique("race-runs"))
    per_thread = 50

    def worker(t):
        c = MlflowClient(tracking_uri=server_url)
        ids = []
        for i in range(per_thread):
            run = c.create_run(exp_id, run_name=f"t{t}-{i}")
            c.log_param(run.info.run_id, "owner", str(t))
            c.set_terminated(run.info.run_id)
            ids.append(run.info.run_id)
        return ids

    all_ids = [rid for ids in _run_threads(worker) for rid in ids]
    assert len(set(all_ids)) == THREADS * per_thread
    runs = client.search_runs([exp_id], max_results=1000)
    assert {r.info.run_id for r in runs} == set(all_ids)
    assert all(r.info.status == "FINISHED" for r in runs)
    counts = {}
    for r in runs:
        counts[r.data.params["owner"]] = counts.get(r.data.params["owner"], 0) + 1
    assert counts == {str(t): per_thread for t in range(THREADS)}


def test_parallel_same_param_same_value_is_idempotent(server_url, client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id

    def worker(t):
        c = MlflowClient(tracking_uri=server_url)
        for _ in range(20):
            c.log_param(run_id, "shared", "same")
            c.log_batch(run_id, params=[Param("shared", "same"), Param(f"own_{t}", str(t))])
        return t

    _run_threads(worker)
    expected = {"shared": "same", **{f"own_{t}": str(t) for t in range(THREADS)}}
    assert client.get_run(run_id).data.params == expected
