"""The measures (a)-(h) of the benchmark, each against one running server. Every function returns a
flat dict of named figures; the caller runs them round by round, server by server, interleaved."""
import json
import threading
import time
import urllib.parse

import loadgen
from loadgen import JSON, Connection, percentile

API = "/api/2.0/mlflow"
AJAX = "/ajax-api/2.0/mlflow"
CLIENTS = 8
WARMUP_S = 3
GIB = 1 << 30

GET_EXPERIMENT_QUERY = """query MlflowGetExperimentQuery($input: MlflowGetExperimentInput!) @component(name: "MLflow.ExperimentRunTracking") {
  mlflowGetExperiment(input: $input) {
    apiError { code message }
    experiment { artifactLocation creationTime effectiveTraceArchivalRetention experimentId lastUpdateTime lifecycleStage name tags { key value } }
  }
}"""


def call(conn, method, path, body=None):
    status, data, _ = conn.request(method, path, json.dumps(body).encode() if body is not None else None, JSON)
    if status != 200:
        raise RuntimeError("%s %s answered %s: %s" % (method, path, status, data[:300]))
    return json.loads(data)


def experiment_id(conn, name):
    """The id of the named experiment, created when missing."""
    status, data, _ = conn.request("GET", API + "/experiments/get-by-name?experiment_name=" + urllib.parse.quote(name))
    if status == 200:
        return json.loads(data)["experiment"]["experiment_id"]
    return call(conn, "POST", API + "/experiments/create", {"name": name})["experiment_id"]


def new_runs(conn, experiment, count):
    return [call(conn, "POST", API + "/runs/create", {"experiment_id": experiment, "start_time": int(time.time() * 1000)})
            ["run"]["info"]["run_id"] for _ in range(count)]


class RssPeak:
    """Samples a server's resident memory every 20 ms while a block runs."""

    def __init__(self, server):
        self.server, self.peak, self.before = server, 0, server.rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.server.rss())
            time.sleep(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.server.rss())


def timed(conn, method, path, body, repeats, warmup, budget_s):
    """p50/p95 of `repeats` identical requests after `warmup` ones, stopping early after budget_s."""
    encoded = json.dumps(body).encode() if body is not None else None
    warm_start = time.monotonic()
    for _ in range(warmup):
        conn.request(method, path, encoded, JSON)
        if time.monotonic() - warm_start > budget_s / 2:  # slow enough that JIT warm-up is noise
            break
    latencies, errors, began = [], 0, time.monotonic()
    for _ in range(repeats):
        status, _, seconds = conn.request(method, path, encoded, JSON)
        latencies.append(seconds)
        errors += status != 200
        if time.monotonic() - began > budget_s:
            break
    return {"p50_ms": 1000 * percentile(latencies, 50), "p95_ms": 1000 * percentile(latencies, 95),
            "n": len(latencies), "errors": errors}


# ---- (a) ingestion -------------------------------------------------------------------------------

def ingestion(server, experiment, seconds):
    conn = Connection(server.url)
    out = {}
    for points in (1000, 10):
        for mode in ("own", "shared"):
            runs = new_runs(conn, experiment, CLIENTS)
            ids = runs if mode == "own" else [runs[0]] * CLIENTS
            loadgen.ingest(server.url, ids, points, WARMUP_S)  # JIT, pools, caches: not counted
            r = loadgen.ingest(server.url, ids, points, seconds)
            prefix = "a_%d_%s_" % (points, mode)
            out.update({prefix + "points_per_s": r["points_per_s"], prefix + "p50_ms": r["p50_ms"],
                        prefix + "p99_ms": r["p99_ms"], prefix + "errors": r["errors"],
                        prefix + "requests_per_s": r["requests_per_s"]})
    return out


# ---- (b) search ----------------------------------------------------------------------------------

def search(server, experiment, repeats, budget_s):
    conn = Connection(server.url)
    default = {"experiment_ids": [experiment]}
    filtered = {"experiment_ids": [experiment], "filter": "params.p1 = 'v42'", "order_by": ["metrics.m2 DESC"]}
    out = {}
    for name, body in (("default", default), ("filter_sort", filtered)):
        r = timed(conn, "POST", API + "/runs/search", body, repeats, 3, budget_s)
        out.update({"b_%s_%s" % (name, k): v for k, v in r.items()})
    token, page = None, None
    for _ in range(4):
        page = call(conn, "POST", API + "/runs/search", dict(default, page_token=token) if token else default)
        token = page.get("next_page_token")
    deep = timed(conn, "POST", API + "/runs/search", dict(default, page_token=token), repeats, 3, budget_s)
    out.update({"b_page5_%s" % k: v for k, v in deep.items()})
    out["b_default_runs"] = len(page.get("runs", []))
    return out


# ---- (c) a 1,000,000-point metric ----------------------------------------------------------------

def history(server, run_id, repeats, budget_s):
    conn = Connection(server.url)
    path = API + "/metrics/get-history?run_id=%s&metric_key=loss" % run_id
    latencies, points, extra = [], 0, 0
    began = time.monotonic()
    for _ in range(repeats):
        with RssPeak(server) as rss:
            status, data, seconds = conn.request("GET", path)
        if status != 200:
            raise RuntimeError("get-history answered %s: %s" % (status, data[:300]))
        points = len(json.loads(data).get("metrics", []))
        latencies.append(seconds)
        extra = max(extra, rss.peak - rss.before)
        if time.monotonic() - began > budget_s:
            break
    sampled = timed(conn, "GET", API + "/metrics/get-history-bulk-interval?run_ids=%s&metric_key=loss&max_results=1000"
                    % run_id, None, repeats * 5, 3, budget_s)
    out = {"c_full_p50_ms": 1000 * percentile(latencies, 50), "c_full_points": points,
           "c_full_extra_rss_mb": extra / 1e6, "c_sampled_errors": sampled["errors"]}
    if sampled["errors"] == 0:  # FastTrackML 0.6 answers 404 ENDPOINT_NOT_FOUND: no figure, not a fast one
        out.update({"c_sampled_p50_ms": sampled["p50_ms"], "c_sampled_p95_ms": sampled["p95_ms"]})
    return out


# ---- (d) opening an experiment page in the web UI ------------------------------------------------

def ui_requests(experiment, chart_runs):
    runs_query = "&".join("run_ids=" + r for r in chart_runs)
    return [
        ("GET", AJAX + "/experiments/get?experiment_id=%s" % experiment, None),
        ("POST", AJAX + "/runs/search", {"experiment_ids": [experiment], "filter": "", "run_view_type": "ACTIVE_ONLY",
                                         "max_results": 100, "order_by": ["attributes.start_time DESC"]}),
        ("POST", AJAX + "/experiments/search-datasets", {"experiment_ids": [experiment]}),
        ("POST", "/graphql", {"query": GET_EXPERIMENT_QUERY, "operationName": "MlflowGetExperimentQuery",
                              "variables": {"input": {"experimentId": experiment}}}),
        ("GET", AJAX + "/metrics/get-history-bulk-interval?%s&metric_key=loss&max_results=320" % runs_query, None),
    ]


def ui_page(server, experiment, chart_runs, repeats, budget_s):
    conn = Connection(server.url)
    steps = [(m, p, json.dumps(b).encode() if b is not None else None) for m, p, b in ui_requests(experiment, chart_runs)]
    totals, errors, began = [], 0, time.monotonic()
    for i in range(repeats + 3):
        start = time.perf_counter()
        for method, path, body in steps:
            status, _, _ = conn.request(method, path, body, JSON)
            errors += status != 200 and i >= 3
        if i >= 3:
            totals.append(time.perf_counter() - start)
        if time.monotonic() - began > budget_s:
            break
    return {"d_page_p50_ms": 1000 * percentile(totals, 50), "d_page_p95_ms": 1000 * percentile(totals, 95),
            "d_errors": errors}


# ---- (e) start-up and idle memory ----------------------------------------------------------------

def startup(server, idle_s=5):
    seconds = server.start()
    time.sleep(idle_s)
    return {"e_healthy_s": seconds, "e_idle_rss_mb": server.rss() / 1e6}


# ---- (f) a 1 GiB artifact through the proxy ------------------------------------------------------

def artifact(server, name, size=GIB):
    chunk = bytes(range(256)) * 4096  # 1 MiB
    path = "/api/2.0/mlflow-artifacts/artifacts/bench/%s.bin" % name
    conn = Connection(server.url)
    conn.conn = loadgen.http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    with RssPeak(server) as up:
        began = time.perf_counter()
        conn.conn.putrequest("PUT", path)
        conn.conn.putheader("Content-Length", str(size))
        conn.conn.putheader("Content-Type", "application/octet-stream")
        conn.conn.endheaders()
        for _ in range(size // len(chunk)):
            conn.conn.send(chunk)
        response = conn.conn.getresponse()
        response.read()
        upload_s = time.perf_counter() - began
    if response.status != 200:
        raise RuntimeError("upload answered %s" % response.status)
    with RssPeak(server) as down:
        began = time.perf_counter()
        conn.conn.putrequest("GET", path)
        conn.conn.endheaders()
        response = conn.conn.getresponse()
        received = 0
        while True:
            part = response.read(1 << 20)
            if not part:
                break
            received += len(part)
        download_s = time.perf_counter() - began
    conn.close()
    if response.status != 200 or received != size:
        raise RuntimeError("download answered %s with %d bytes" % (response.status, received))
    return {"f_upload_mb_s": size / 1e6 / upload_s, "f_download_mb_s": size / 1e6 / download_s,
            "f_peak_rss_mb": max(up.peak, down.peak) / 1e6,
            "f_rss_growth_mb": max(up.peak - up.before, down.peak - down.before) / 1e6}


# ---- (g) trace ingestion -------------------------------------------------------------------------

TRACE_API = "/api/3.0/mlflow/traces"
CEILING_SHARE = 0.8  # a figure above this share of the generator's ceiling measures the generator


def trace_pool(ceiling, seconds):
    """Traces each client pre-builds: enough to run at the highest rate (g) reports, with a margin;
    a client that runs out is past that rate, and its figure is refused anyway."""
    return int(CEILING_SHARE * ceiling["traces_per_s"] / CLIENTS * (WARMUP_S + seconds) * 1.15) + 100


def trace_ingestion(server, experiment, seconds, ceiling):
    """8 clients each sending finished traces of 10 spans as the stock client does (OTLP, then
    start-trace v3) for `seconds` after WARMUP_S unrecorded; then one trace per client read back."""
    r = loadgen.ingest_traces(server.url, experiment, CLIENTS, trace_pool(ceiling, seconds), WARMUP_S, seconds)
    out = {"g_traces_per_s": r["traces_per_s"], "g_otlp_p50_ms": r["otlp_p50_ms"], "g_otlp_p99_ms": r["otlp_p99_ms"],
           "g_start_p50_ms": r["start_p50_ms"], "g_start_p99_ms": r["start_p99_ms"], "g_errors": r["errors"],
           "g_build_s": r["build_s"]}
    bound = CEILING_SHARE * ceiling["spans_per_s"]
    if r["exhausted"]:
        out["g_refused"] = ("%d clients ran out of pre-built traces (built for %d%% of the generator's ceiling)"
                            % (r["exhausted"], round(100 * CEILING_SHARE)))
    elif r["spans_per_s"] >= bound:
        out["g_refused"] = ("%.0f spans/s is over %d%% of the generator's ceiling (%.0f spans/s)"
                            % (r["spans_per_s"], round(100 * CEILING_SHARE), ceiling["spans_per_s"]))
    else:
        out["g_spans_per_s"] = r["spans_per_s"]
    out["g_spans_seen"] = spans_stored(server, r["last_trace_ids"])
    return out


def spans_stored(server, trace_ids):
    """Spans the server returns for these traces (GetTrace v3): TRACE_SPANS each when all arrived."""
    conn = Connection(server.url)
    total = 0
    for trace_id in trace_ids:
        status, data, _ = conn.request("GET", TRACE_API + "/get?trace_id=" + trace_id)
        if status == 200:
            total += len(json.loads(data).get("trace", {}).get("spans", []))
    conn.close()
    return total / max(1, len(trace_ids))


# ---- (h) trace search ----------------------------------------------------------------------------

def trace_search(server, experiment, repeats, budget_s):
    """search-traces v3 in the 100,000-trace experiment: tags.env = 'prod' and the unfiltered first
    page, 100 traces each, default order (newest first)."""
    conn = Connection(server.url)
    where = {"locations": [{"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": str(experiment)}}]}
    bodies = (("prod", dict(where, filter="tags.env = 'prod'", max_results=100)),
              ("first", dict(where, max_results=100)))
    out = {}
    for name, body in bodies:
        r = timed(conn, "POST", TRACE_API + "/search", body, repeats, 3, budget_s)
        out.update({"h_%s_%s" % (name, k): v for k, v in r.items()})
        page = call(conn, "POST", TRACE_API + "/search", body)
        traces = page.get("traces", [])
        out["h_%s_traces" % name] = len(traces)
        if name == "prod":
            out["h_prod_wrong"] = sum(1 for t in traces if t.get("tags", {}).get("env") != "prod")
    return out
