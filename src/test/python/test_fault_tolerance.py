"""Fault tolerance: servers killed and restarted under load, the database restarted under the
server, graceful shutdown, and several replicas on one database.

Each test starts its own server processes (fault_harness.py). The ingestion clients are separate
processes using the stock client with its retries switched on (the suite itself runs with
MLFLOW_HTTP_REQUEST_MAX_RETRIES=0). Tests that need MariaDB run in the MariaDB pass only
(LABBOOK_TEST_BACKEND_URI=mysql://...); the others run on whichever backend the pass uses, with a
database file of their own on H2. Measurements are printed (pytest -s shows them) and attached to
the test report as user properties.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
import uuid

import pytest
import requests
from mlflow import MlflowClient

from fault_harness import (LabbookProcess, PrivateMariaDb, assert_exactly_once, connection_refused,
                           expected_points, finish_clients, new_root, query_backend, retry_summary,
                           shared_backend_uri, start_clients, wait_for_acks)
from lbutil import unique
from otlp_payloads import tree

pytestmark = pytest.mark.fault

CLIENTS = 4
POINTS = 250  # per batch
SPANS_PER_TRACE = 10


def _own_backend(root) -> str:
    return shared_backend_uri() or f"h2:{root / 'db'}"


def _report(record_property, **measured) -> None:
    for k, v in measured.items():
        record_property(k, v)
    print("\nMEASURED " + json.dumps(measured))


def _ingestion_setup(url: str, n: int):
    c = MlflowClient(tracking_uri=url)
    exp = c.create_experiment(unique("fault"))
    shared = c.create_run(exp, run_name="shared").info.run_id
    own = [c.create_run(exp, run_name=f"own-{i}").info.run_id for i in range(n)]
    run_ids = {"shared": shared, **{f"own-{i}": r for i, r in enumerate(own)}}
    return shared, own, run_ids


def _wait_more_acks(clients, counts, more: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(len(c.acks) >= counts[c.index] + more for c in clients):
            return
        for c in clients:
            assert c.proc.poll() is None, f"client {c.index} died:\n{c.output()[-3000:]}"
        time.sleep(0.05)
    raise AssertionError(f"clients did not resume: {[len(c.acks) for c in clients]} vs {counts}")


def _assert_sql_count(backend: str, run_ids: dict, expected: dict) -> int:
    """Straight from the database: one row per acknowledged (key, step, timestamp, value), no more."""
    runs = ",".join(f"'{r}'" for r in run_ids.values())
    total, distinct = query_backend(backend, (
        f"SELECT COUNT(*), COUNT(DISTINCT run_uuid, `key`, step, `timestamp`, `value`) "
        f"FROM metrics WHERE run_uuid IN ({runs})")).split("\t")
    want = sum(len(points) for by_key in expected.values() for points in by_key.values())
    assert int(total) == int(distinct) == want, (total, distinct, want)
    return want


# ------------------------------------------------------------------------------------------------
# 1. kill -9 of the server during sustained ingestion
# ------------------------------------------------------------------------------------------------
def test_kill9_during_ingestion_keeps_every_acknowledged_batch_once(tmp_path, record_property):
    root = new_root("kill9")
    server = LabbookProcess("kill9", _own_backend(root), root)
    server.start()
    try:
        shared, own, run_ids = _ingestion_setup(server.url, CLIENTS)
        clients = start_clients(CLIENTS, [server.url], own, shared, tmp_path, points=POINTS)
        wait_for_acks(clients, 4)

        acked_before_kill = sum(len(c.acks) for c in clients)
        t_kill = time.monotonic()
        server.kill9()
        time.sleep(0.5)  # the clients run into refused connections and back off
        restart_s = server.start()
        counts = [len(c.acks) for c in clients]
        _wait_more_acks(clients, counts, 2)
        resumed_s = time.monotonic() - t_kill
        results = finish_clients(clients, tmp_path)

        expected = expected_points(clients)
        checked = assert_exactly_once(MlflowClient(tracking_uri=server.url), run_ids, expected)
        if shared_backend_uri():
            _assert_sql_count(shared_backend_uri(), run_ids, expected)
        # Every client had a request refused or cut off by the kill, and its retries got through.
        assert all(r["retries"] >= 1 for r in results), retry_summary(results)
        _report(record_property, backend=server.backend.split(":")[0], points_checked=checked,
                batches_acked_before_kill=acked_before_kill, restart_to_healthy_s=round(restart_s, 2),
                kill_to_all_clients_resumed_s=round(resumed_s, 2),
                retries=sum(r["retries"] for r in results), clients=retry_summary(results))
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def _export_until_acknowledged(url: str, experiment_id: str, body: bytes, deadline: float) -> bool:
    """What an OTLP exporter with retries does: resend until the server says 200."""
    headers = {"x-mlflow-experiment-id": experiment_id, "Content-Type": "application/x-protobuf"}
    while time.monotonic() < deadline:
        try:
            if requests.post(f"{url}/v1/traces", data=body, headers=headers, timeout=10).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.1)
    return False


def test_kill9_during_otlp_ingest_keeps_every_acknowledged_span(tmp_path, record_property):
    root = new_root("kill9-otlp")
    server = LabbookProcess("kill9-otlp", _own_backend(root), root)
    server.start()
    acked: list[str] = []
    stop = threading.Event()
    deadline = time.monotonic() + 240

    def exporter():
        while not stop.is_set():
            trace_hex = uuid.uuid4().hex
            if _export_until_acknowledged(server.url, experiment, tree(trace_hex, SPANS_PER_TRACE)
                                          .SerializeToString(), deadline):
                acked.append(trace_hex)

    try:
        experiment = MlflowClient(tracking_uri=server.url).create_experiment(unique("otlp-fault"))
        threads = [threading.Thread(target=exporter, daemon=True) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        while len(acked) < 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        acked_before_kill = len(acked)
        server.kill9()
        time.sleep(0.5)
        restart_s = server.start()
        while len(acked) < acked_before_kill + 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        stop.set()
        for t in threads:
            t.join(timeout=30)
        assert len(acked) >= acked_before_kill + 40, "exports resumed after the restart"
        missing = []
        for trace_hex in acked:
            r = requests.get(f"{server.url}/api/3.0/mlflow/traces/get",
                             params={"trace_id": f"tr-{trace_hex}", "allow_partial": "true"}, timeout=30)
            if r.status_code != 200 or len(r.json()["trace"].get("spans", [])) != SPANS_PER_TRACE:
                missing.append((trace_hex, r.status_code))
        assert not missing, f"acknowledged traces lost or incomplete: {missing[:5]}"
        if shared_backend_uri():
            ids = ",".join(f"'tr-{t}'" for t in acked)
            total, distinct = query_backend(shared_backend_uri(), (
                f"SELECT COUNT(*), COUNT(DISTINCT trace_id, span_id) FROM spans WHERE trace_id IN ({ids})")).split("\t")
            assert int(total) == int(distinct) == len(acked) * SPANS_PER_TRACE, (total, distinct)
        _report(record_property, backend=server.backend.split(":")[0], traces_acked=len(acked),
                traces_acked_before_kill=acked_before_kill, restart_to_healthy_s=round(restart_s, 2))
    finally:
        stop.set()
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


# ------------------------------------------------------------------------------------------------
# 2. MariaDB stopped (SIGTERM, then SIGKILL) and restarted under the server
# ------------------------------------------------------------------------------------------------
def _probe_while_database_down(url: str, run_id: str) -> dict:
    health = requests.get(f"{url}/health", timeout=10)
    assert health.status_code == 200 and health.text == "OK"
    t = time.monotonic()
    ready = requests.get(f"{url}/health/ready", timeout=10)
    ready_s = time.monotonic() - t
    assert ready.status_code == 503, ready.text
    assert ready.json()["error_code"] == "TEMPORARILY_UNAVAILABLE"
    t = time.monotonic()
    write = requests.post(f"{url}/api/2.0/mlflow/runs/log-batch", timeout=30, json={
        "run_id": run_id, "metrics": [{"key": "probe", "value": 1.0, "timestamp": 1, "step": 0}]})
    write_s = time.monotonic() - t
    assert write.status_code == 503, write.text
    # One pool timeout (5 s), not one per step of the transaction.
    assert write_s < 12, write_s
    body = write.json()
    assert body["error_code"] == "TEMPORARILY_UNAVAILABLE" and body["message"], body
    return {"ready_answer_s": round(ready_s, 2), "write_answer_s": round(write_s, 2)}


def _wait_ready(url: str, timeout: float = 60) -> float:
    t = time.monotonic()
    while time.monotonic() - t < timeout:
        if requests.get(f"{url}/health/ready", timeout=10).status_code == 200:
            return time.monotonic() - t
        time.sleep(0.1)
    raise AssertionError("readiness did not come back")


@pytest.mark.skipif(shared_backend_uri() is None, reason="MariaDB test: runs in the MariaDB pass")
def test_mariadb_restart_during_ingestion_answers_503_and_recovers(tmp_path, record_property):
    db = PrivateMariaDb()
    root = new_root("dbrestart")
    server = None
    try:
        db.install()
        db.start()
        server = LabbookProcess("dbrestart", db.backend_uri, root)
        server.start()
        shared, own, run_ids = _ingestion_setup(server.url, 3)
        clients = start_clients(3, [server.url], own, shared, tmp_path, points=POINTS)
        wait_for_acks(clients, 4)

        measured = {}
        for sig in (signal.SIGTERM, signal.SIGKILL):
            name = signal.Signals(sig).name
            t_down = time.monotonic()
            db.stop(sig)
            measured[f"{name}_probes"] = _probe_while_database_down(server.url, shared)
            down_s = time.monotonic() - t_down
            db_start_s = db.start()
            ready_s = _wait_ready(server.url)
            counts = [len(c.acks) for c in clients]
            _wait_more_acks(clients, counts, 2)
            measured[f"{name}_database_down_s"] = round(down_s + db_start_s, 2)
            measured[f"{name}_database_up_to_ready_s"] = round(ready_s, 2)
            measured[f"{name}_database_up_to_clients_resumed_s"] = round(time.monotonic() - t_down - down_s - db_start_s, 2)
            assert server.proc.poll() is None, "the server must ride out the outage without a restart"
        results = finish_clients(clients, tmp_path)

        expected = expected_points(clients)
        checked = assert_exactly_once(MlflowClient(tracking_uri=server.url), run_ids, expected)
        _assert_sql_count(db.backend_uri, run_ids, expected)
        # The write refused with 503 changed nothing.
        assert MlflowClient(tracking_uri=server.url).get_metric_history(shared, "probe") == []
        assert server.starts == 1
        _report(record_property, points_checked=checked, retries=sum(r["retries"] for r in results),
                clients=retry_summary(results), **measured)
    finally:
        if server is not None:
            server.stop()
        db.destroy()
        shutil.rmtree(root, ignore_errors=True)


# ------------------------------------------------------------------------------------------------
# 3. Graceful shutdown on SIGTERM
# ------------------------------------------------------------------------------------------------
class SlowBody:
    """A request body sent in chunks with pauses; ``started`` is set once the request is under way."""

    def __init__(self, data: bytes, chunks: int, pause: float):
        self.data, self.chunks, self.pause = data, chunks, pause
        self.started = threading.Event()

    def __iter__(self):
        size = -(-len(self.data) // self.chunks)
        for i in range(0, len(self.data), size):
            yield self.data[i:i + size]
            if i >= size:
                self.started.set()
            time.sleep(self.pause)


def _send(results: dict, name: str, method: str, url: str, body: SlowBody, **kw) -> None:
    try:
        results[name] = requests.request(method, url, data=body, timeout=60, **kw)
    except requests.RequestException as e:
        results[name] = e


def test_sigterm_finishes_requests_in_flight_and_refuses_new_ones(tmp_path, record_property):
    root = new_root("graceful")
    server = LabbookProcess("graceful", _own_backend(root), root, extra_args=["--shutdown-timeout", "20"])
    server.start()
    try:
        client = MlflowClient(tracking_uri=server.url)
        exp = client.create_experiment(unique("graceful"))
        run = client.create_run(exp).info.run_id
        artifact_uri = client.get_run(run).info.artifact_uri
        assert artifact_uri.startswith("mlflow-artifacts:/"), artifact_uri
        artifact_path = artifact_uri[len("mlflow-artifacts:/"):].strip("/") + "/big.bin"
        payload = os.urandom(4 * 1024 * 1024)
        points = [{"key": "drain", "value": float(s), "timestamp": 1_000 + s, "step": s} for s in range(1000)]
        upload = SlowBody(payload, chunks=16, pause=0.2)
        batch = SlowBody(json.dumps({"run_id": run, "metrics": points}).encode(), chunks=10, pause=0.2)
        results: dict = {}
        threads = [
            threading.Thread(target=_send, args=(results, "upload", "PUT",
                             f"{server.url}/api/2.0/mlflow-artifacts/artifacts/{artifact_path}", upload)),
            threading.Thread(target=_send, args=(results, "log_batch", "POST",
                             f"{server.url}/api/2.0/mlflow/runs/log-batch", batch),
                             kwargs={"headers": {"Content-Type": "application/json"}}),
        ]
        for t in threads:
            t.start()
        assert upload.started.wait(10) and batch.started.wait(10)

        t_term = time.monotonic()
        server.terminate()
        refused_after = None
        while time.monotonic() - t_term < 3:
            if connection_refused(server.port):
                refused_after = time.monotonic() - t_term
                break
            time.sleep(0.05)
        assert refused_after is not None, "new connections were still accepted after SIGTERM"
        still_sending = any(t.is_alive() for t in threads)
        for t in threads:
            t.join(60)
        exit_code = server.proc.wait(timeout=30)
        exit_s = time.monotonic() - t_term

        assert still_sending, "the requests in flight were over before the refusal was checked"
        assert not isinstance(results["upload"], Exception), results["upload"]
        assert results["upload"].status_code == 200, results["upload"].text
        assert not isinstance(results["log_batch"], Exception), results["log_batch"]
        assert results["log_batch"].status_code == 200, results["log_batch"].text
        assert exit_s < 20, exit_s

        # What those requests wrote is there after a restart on the same database and folder.
        server.start()
        assert (server.artifacts / artifact_path).read_bytes() == payload
        history = MlflowClient(tracking_uri=server.url).get_metric_history(run, "drain")
        assert sorted((m.step, m.value) for m in history) == [(s, float(s)) for s in range(1000)]
        _report(record_property, refused_new_connections_after_s=round(refused_after, 2),
                sigterm_to_exit_s=round(exit_s, 2), exit_code=exit_code)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def test_sigterm_exits_within_the_bound_when_a_request_never_finishes(tmp_path, record_property):
    root = new_root("bound")
    server = LabbookProcess("bound", _own_backend(root), root, extra_args=["--shutdown-timeout", "2"])
    server.start()
    # An upload that keeps sending a little (never idle, so no idle timeout ends it) for 40 s.
    trickle = SlowBody(b"x" * 400 * 1024, chunks=400, pause=0.1)
    try:
        results: dict = {}
        sender = threading.Thread(target=_send, args=(results, "upload", "PUT",
                                  f"{server.url}/api/2.0/mlflow-artifacts/artifacts/trickle/blob.bin", trickle),
                                  daemon=True)
        sender.start()
        assert trickle.started.wait(10)

        t_term = time.monotonic()
        server.terminate()
        server.proc.wait(timeout=30)
        exit_s = time.monotonic() - t_term
        # It had its drain time (2 s), and the process was gone soon after: the margin is 3 s,
        # with room for a loaded machine.
        assert 1.5 < exit_s < 2 + 3 + 2, exit_s
        sender.join(60)
        # The unfinished upload was cut off, not answered as if it had succeeded, and not stored.
        assert isinstance(results["upload"], Exception) or results["upload"].status_code != 200
        assert not (server.artifacts / "trickle" / "blob.bin").exists()
        _report(record_property, unfinished_request_sigterm_to_exit_s=round(exit_s, 2))
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


# ------------------------------------------------------------------------------------------------
# 4. Three replicas on one MariaDB database
# ------------------------------------------------------------------------------------------------
REPLICAS = 3
WORKERS = 6
BATCHES = 5
VERSIONS_EACH = 3


@pytest.mark.skipif(shared_backend_uri() is None, reason="MariaDB test: runs in the MariaDB pass")
def test_three_replicas_on_one_database_agree(record_property):
    from concurrent.futures import ThreadPoolExecutor

    from mlflow.entities import Metric, Param, RunTag
    from mlflow.exceptions import MlflowException

    backend = shared_backend_uri()
    roots = [new_root(f"replica{i}") for i in range(REPLICAS)]
    # The first replica applies migrations; the others start as replicas do in production.
    replicas = [LabbookProcess("replica-0", backend, roots[0])] + [
        LabbookProcess(f"replica-{i}", backend, roots[i], extra_args=["--skip-db-upgrade"])
        for i in range(1, REPLICAS)]
    try:
        replicas[0].start()
        for r in replicas[1:]:
            r.start(wait=False)
        for r in replicas[1:]:
            r.wait_healthy()
        # The suite runs with retries off: any 5xx from a race between replicas fails the test.
        clients = [MlflowClient(tracking_uri=r.url) for r in replicas]
        exp = clients[0].create_experiment(unique("replicas"))
        shared = clients[1].create_run(exp, run_name="shared").info.run_id
        model = unique("replicated-model")
        clients[2].create_registered_model(model)
        barrier = threading.Barrier(WORKERS)
        stale_reads = []

        def worker(w: int) -> dict:
            mine, other = clients[w % REPLICAS], clients[(w + 1) % REPLICAS]
            run = mine.create_run(exp, run_name=f"worker-{w}").info.run_id
            if other.get_run(run).info.run_name != f"worker-{w}":
                stale_reads.append(("create_run", w))
            for b in range(BATCHES):
                steps = range(b * 100, (b + 1) * 100)
                mine.log_batch(run, metrics=[Metric("loss", w + s / 1000, 1_000 + s, s) for s in steps],
                               params=[Param(f"p{b}", f"{w}-{b}")], tags=[RunTag(f"t{b}", str(b))])
                mine.log_batch(shared, metrics=[Metric(f"w{w}", float(s), 1_000 + s, s) for s in steps])
                # Read at once through another replica: everything just acknowledged is there.
                seen = other.get_run(run).data
                if (seen.params.get(f"p{b}") != f"{w}-{b}" or seen.tags.get(f"t{b}") != str(b)
                        or seen.metrics.get("loss") != w + (steps[-1]) / 1000):
                    stale_reads.append(("log_batch", w, b))
            mine.set_tag(shared, f"worker-{w}", "done")
            mine.log_param(shared, "agreed", "same")  # the same value from everywhere: always accepted
            barrier.wait(timeout=60)
            try:  # a different value from every worker at once: exactly one may win
                mine.log_param(shared, "winner", str(w))
                won = True
            except MlflowException as e:
                assert e.error_code == "INVALID_PARAMETER_VALUE", e
                won = False
            barrier.wait(timeout=60)
            versions = []
            for _ in range(VERSIONS_EACH):
                v = mine.create_model_version(model, f"s3://bucket/{model}/{w}", run_id=run)
                if other.get_model_version(model, v.version).run_id != run:
                    stale_reads.append(("model_version", w, v.version))
                versions.append(int(v.version))
            return {"worker": w, "run": run, "won": won, "versions": versions}

        t = time.monotonic()
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            results = list(pool.map(worker, range(WORKERS)))
        elapsed = time.monotonic() - t

        assert stale_reads == []
        winners = [r["worker"] for r in results if r["won"]]
        assert len(winners) == 1, winners
        numbers = sorted(n for r in results for n in r["versions"])
        assert numbers == list(range(1, WORKERS * VERSIONS_EACH + 1)), numbers
        for c in clients:  # every replica reads the same, complete state
            data = c.get_run(shared).data
            assert data.params == {"agreed": "same", "winner": str(winners[0])}
            assert {k: v for k, v in data.tags.items() if k.startswith("worker-")} == {
                f"worker-{w}": "done" for w in range(WORKERS)}
            for w in range(WORKERS):
                hist = c.get_metric_history(shared, f"w{w}")
                assert sorted((m.step, m.value) for m in hist) == [(s, float(s)) for s in range(BATCHES * 100)]
            for r in results:
                hist = c.get_metric_history(r["run"], "loss")
                assert len(hist) == BATCHES * 100 and len({m.step for m in hist}) == BATCHES * 100
            found = c.search_model_versions(f"name = '{model}'")
            assert sorted(int(v.version) for v in found) == numbers
            assert {v.version: v.run_id for v in found} == {
                str(n): r["run"] for r in results for n in r["versions"]}
        _report(record_property, replicas=REPLICAS, workers=WORKERS, workload_s=round(elapsed, 2))
    finally:
        for r in replicas:
            r.stop()
        for root in roots:
            shutil.rmtree(root, ignore_errors=True)
