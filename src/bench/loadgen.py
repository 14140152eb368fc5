"""The load generator: one OS process per client (no GIL contention between clients), each on one
keep-alive connection, sending pre-shaped requests in a closed loop for a fixed time."""
import http.client
import json
import multiprocessing
import time
import urllib.parse

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
