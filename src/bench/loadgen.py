"""The load generator: one OS process per client (no GIL contention between clients), each on one
keep-alive connection, sending pre-shaped requests in a closed loop for a fixed time."""
import http.client
import json
import multiprocessing
import os
import random
import time
import urllib.parse

import tracebench

JSON = {"Content-Type": "application/json"}


class Connection:
    """A keep-alive HTTP/1.1 connection that reconnects after an error."""

    def __init__(self, base_url, timeout=600):
        parsed = urllib.parse.urlparse(base_url)
        self.host, self.port, self.timeout = parsed.hostname, parsed.port, timeout
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        """Returns (status, body bytes, seconds). Status 0 means a connection-level failure."""
        for attempt in (1, 2):
            reused = self.conn is not None
            began = time.perf_counter()
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                data = response.read()
                return response.status, data, time.perf_counter() - began
            except (OSError, http.client.HTTPException):
                self.close()
                # A kept-alive connection the server closed while idle (uvicorn does after 5 s):
                # try once more on a new one. A failure on a new connection is the server's.
                if not reused or attempt == 2:
                    return 0, b"", time.perf_counter() - began

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def percentile(values, p):
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, int(round(p / 100.0 * len(ordered) + 0.5)))
    return ordered[min(rank, len(ordered)) - 1]


def log_batch_body(run_id, client, seq, points, shared):
    """`points` metric points over 10 keys; steps never repeat within a run, so nothing is a duplicate."""
    per_key = max(1, points // 10)
    first_step = (client * 1_000_000_000 if shared else 0) + seq * per_key
    metrics = [{"key": "k%d" % (i % 10), "value": (seq * 7 + i) % 1000 / 1000.0,
                "timestamp": 1_764_000_000_000 + seq, "step": first_step + i // 10} for i in range(points)]
    return json.dumps({"run_id": run_id, "metrics": metrics}).encode()


def _ingest_client(base_url, run_id, client, points, shared, duration, start_at, out):
    conn = Connection(base_url)
    latencies, errors, seq, sent_points = [], 0, 0, 0
    body = log_batch_body(run_id, client, seq, points, shared)
    while time.time() < start_at:
        time.sleep(0.001)
    end = time.perf_counter() + duration
    while time.perf_counter() < end:
        status, _, seconds = conn.request("POST", "/api/2.0/mlflow/runs/log-batch", body, JSON)
        latencies.append(seconds)
        if status == 200:
            sent_points += points
        else:
            errors += 1
        seq += 1
        body = log_batch_body(run_id, client, seq, points, shared)
    conn.close()
    out.put((latencies, errors, sent_points))


def _get_client(base_url, path, duration, start_at, out):
    conn = Connection(base_url)
    latencies, errors = [], 0
    while time.time() < start_at:
        time.sleep(0.001)
    end = time.perf_counter() + duration
    while time.perf_counter() < end:
        status, _, seconds = conn.request("GET", path)
        latencies.append(seconds)
        errors += status != 200
    conn.close()
    out.put((latencies, errors, 0))


def _run_clients(target, args_per_client, duration):
    out = multiprocessing.Queue()
    start_at = time.time() + 0.5
    procs = [multiprocessing.Process(target=target, args=(*args, duration, start_at, out)) for args in args_per_client]
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    latencies = [x for r in results for x in r[0]]
    errors = sum(r[1] for r in results)
    points = sum(r[2] for r in results)
    return {"requests": len(latencies), "errors": errors, "points": points, "seconds": duration,
            "points_per_s": points / duration, "requests_per_s": len(latencies) / duration,
            "p50_ms": 1000 * (percentile(latencies, 50) or 0), "p99_ms": 1000 * (percentile(latencies, 99) or 0)}


def ingest(base_url, run_ids, points, duration):
    """len(run_ids) clients; a single repeated id means all clients share one run."""
    shared = len(set(run_ids)) == 1
    return _run_clients(_ingest_client, [(base_url, run, c, points, shared) for c, run in enumerate(run_ids)], duration)


def ceiling(base_url, clients, duration, path="/health"):
    """What the generator itself can send: the same clients against an endpoint that does nothing."""
    return _run_clients(_get_client, [(base_url, path) for _ in range(clients)], duration)


# ---- traces (measure g) ------------------------------------------------------------------------------

OTLP_PATH = "/v1/traces"
START_TRACE_PATH = "/api/3.0/mlflow/traces"


def _trace_client(base_url, experiment, client, count, sink, warmup, duration, ready, go, out):
    """Builds `count` traces' bodies first (not timed), then, from the shared start, sends each as the
    stock client does: its spans over OTLP, then its trace info (start-trace v3). Requests in the
    first `warmup` seconds are not recorded. `sink`: a path that does nothing, for the ceiling (the
    bodies are cycled and any answer counts)."""
    rng = random.Random(tracebench.SEED * 100 + client)
    began_ns = time.time_ns()
    bodies = [tracebench.trace_bodies(rng, os.urandom(16), began_ns + i * 20_000_000, experiment)
              for i in range(count)]
    otlp_headers = {"Content-Type": "application/x-protobuf", "x-mlflow-experiment-id": str(experiment)}
    otlp_path, start_path = (sink, sink) if sink else (OTLP_PATH, START_TRACE_PATH)
    conn = Connection(base_url)
    conn.request("GET", "/health")  # connect before the clock starts
    ready.put(client)
    go.wait()
    start_at = go.start_at
    while time.time() < start_at:
        time.sleep(0.001)
    record_from = time.perf_counter() + warmup
    end = record_from + duration
    otlp_ms, start_ms, errors, traces, i, exhausted, last = [], [], 0, 0, 0, False, None
    while True:
        now = time.perf_counter()
        if now >= end:
            break
        if i >= len(bodies):
            if not sink:
                exhausted = True
                break
            i = 0
        otlp, info = bodies[i]
        i += 1
        s1, _, t1 = conn.request("POST", otlp_path, otlp, otlp_headers)
        s2, _, t2 = conn.request("POST", start_path, info, JSON)
        if now < record_from:
            continue
        otlp_ms.append(t1)
        start_ms.append(t2)
        if sink:  # any answer will do, but not a broken connection
            ok = s1 != 0 and s2 != 0
            errors += (s1 == 0) + (s2 == 0)
        else:
            ok = s1 == 200 and s2 == 200
            errors += (s1 != 200) + (s2 != 200)
        if ok:
            traces += 1
            last = info
    conn.close()
    last_id = json.loads(last)["trace"]["trace_info"]["trace_id"] if last and not sink else None
    out.put((otlp_ms, start_ms, errors, traces, exhausted, last_id))


class _Go:
    """A start signal that carries the start time (a multiprocessing Event plus a shared double)."""

    def __init__(self):
        self.event = multiprocessing.Event()
        self.value = multiprocessing.Value("d", 0.0)

    @property
    def start_at(self):
        return self.value.value

    def wait(self):
        self.event.wait()

    def fire(self, start_at):
        self.value.value = start_at
        self.event.set()


def ingest_traces(base_url, experiment, clients, per_client, warmup, duration, sink=None):
    """`clients` processes sending traces of tracebench.TRACE_SPANS spans for `duration` seconds
    after `warmup`; each pre-builds `per_client` traces and stops early (exhausted) if it runs out."""
    out, ready, go = multiprocessing.Queue(), multiprocessing.Queue(), _Go()
    procs = [multiprocessing.Process(target=_trace_client, args=(base_url, experiment, c, per_client, sink, warmup,
                                                                 duration, ready, go, out)) for c in range(clients)]
    began = time.monotonic()
    for p in procs:
        p.start()
    for _ in procs:
        ready.get()
    build_s = time.monotonic() - began
    go.fire(time.time() + 0.2)
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    otlp = [x for r in results for x in r[0]]
    start = [x for r in results for x in r[1]]
    traces = sum(r[3] for r in results)
    return {"traces": traces, "traces_per_s": traces / duration, "spans_per_s": traces * tracebench.TRACE_SPANS / duration,
            "otlp_p50_ms": 1000 * (percentile(otlp, 50) or 0), "otlp_p99_ms": 1000 * (percentile(otlp, 99) or 0),
            "start_p50_ms": 1000 * (percentile(start, 50) or 0), "start_p99_ms": 1000 * (percentile(start, 99) or 0),
            "errors": sum(r[2] for r in results), "exhausted": sum(1 for r in results if r[4]),
            "last_trace_ids": [r[5] for r in results if r[5]], "build_s": build_s}


def trace_ceiling(base_url, clients, duration, warmup=1, per_client=300, sink="/health"):
    """What the generator itself can send in measure (g): the same clients and bodies, both requests
    of each trace posted to a path that does nothing."""
    return ingest_traces(base_url, 0, clients, per_client, warmup, duration, sink=sink)
