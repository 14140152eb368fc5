"""Labbook side by side with `mlflow server` and its peers: see the README's Performance section.

Runs every measure round by round, each round visiting every server in turn (interleaved, so a
noisy neighbour hurts all servers alike), and reports per-server medians over the rounds.
"""
import argparse
import json
import os
import platform
import random
import signal
import subprocess
import sys
import time

import dataset
import loadgen
import measures
import report
import servers
import tracebench

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


# The container image's JAVA_TOOL_OPTIONS (helm/Dockerfile) that shape speed and memory; the
# image's tmpdir and heap-percentage settings concern its container and are left out here.
IMAGE_JAVA_OPTS = ("-XX:-UsePerfData -XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -Xss512k "
                   "-XX:ReservedCodeCacheSize=64m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--servers", default="labbook,mlflow,fasttrackml",
                   help="comma-separated: labbook, mlflow, fasttrackml, mlflow-go")
    p.add_argument("--measures", default="abcdefgh", help="letters of the measures to run")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--ingest-seconds", type=float, default=10, help="timed seconds of (a) and (g)")
    p.add_argument("--repeats", type=int, default=20, help="timed requests per read measure and round")
    p.add_argument("--budget", type=float, default=60, help="seconds one read measure may take per round")
    p.add_argument("--reuse-data", action="store_true", help="keep the databases loaded by the previous run")
    p.add_argument("--java", default=None, help="the java binary (default: JDK 21+ found by .ci/find-jdk)")
    p.add_argument("--java-opts", default=os.environ.get("LABBOOK_JAVA_OPTS", IMAGE_JAVA_OPTS),
                   help="Labbook's JVM options (default: the runtime options of helm/Dockerfile's JAVA_TOOL_OPTIONS)")
    p.add_argument("--jar", default=os.path.join(ROOT, "target", "labbook.jar"))
    p.add_argument("--venv", default=os.path.join(ROOT, "target", "bench-venv"))
    p.add_argument("--go-venv", default=os.path.join(ROOT, "target", "bench-venv-go"))
    p.add_argument("--out", default=os.path.join(ROOT, "target", "bench"))
    p.add_argument("--no-aot", action="store_true",
                   help="start Labbook without the JDK AOT cache the container image ships (trained here per jar)")
    p.add_argument("--buffer-pool-mib", type=int, default=2048,
                   help="InnoDB buffer pool for the run, set on the shared MariaDB as root (0: leave it); "
                        "MariaDB's default 128 MiB holds neither server's search dataset")
    return p.parse_args()


def make_servers(args, workdir):
    java = args.java or os.path.join(subprocess.check_output(["bash", os.path.join(ROOT, ".ci", "find-jdk")],
                                                             text=True).strip(), "bin", "java")
    made = {}
    for name in args.servers.split(","):
        if name == "labbook":
            ui = os.path.join(args.venv, "lib", "python%d.%d" % sys.version_info[:2], "site-packages", "mlflow",
                              "server", "js", "build")
            opts = args.java_opts.split()
            if not args.no_aot:
                opts = ["-XX:AOTCache=" + aot_cache(java, opts, args.jar, args.out)] + opts
            made[name] = servers.Labbook(workdir, java, args.jar, opts, ui)
        elif name == "mlflow":
            made[name] = servers.MlflowServer(workdir, args.venv)
        elif name == "mlflow-go":
            made[name] = servers.MlflowGo(workdir, args.go_venv)
        elif name == "fasttrackml":
            made[name] = servers.FastTrackML(workdir, args.venv)
        else:
            sys.exit("unknown server " + name)
    return made


def aot_cache(java, opts, jar, out):
    """Trains the AOT cache as helm/Dockerfile does (`labbook aot-train`), once per jar and JVM options
    (the JVM ignores a cache recorded with another garbage collector)."""
    cache = os.path.join(out, "labbook.aot")
    stamp = cache + ".opts"
    recorded = open(stamp).read() if os.path.exists(stamp) else None
    if (recorded != " ".join(opts) or not os.path.exists(cache)
            or os.path.getmtime(cache) < os.path.getmtime(jar)):
        os.makedirs(out, exist_ok=True)
        subprocess.check_call([java, *opts, "-XX:AOTCacheOutput=" + cache, "-jar", jar, "aot-train"],
                              stdout=subprocess.DEVNULL)
        with open(stamp, "w") as f:
            f.write(" ".join(opts))
    return cache


SHAPE_EXPERIMENT = "bench-trace-shape"
EXPERIMENTS = dataset.EXPERIMENTS + ("bench-ingest", tracebench.SEARCH_EXPERIMENT, tracebench.INGEST_EXPERIMENT,
                                     SHAPE_EXPERIMENT)


def prepare(server, data, reuse, letters):
    """Starts the server on a freshly made database, loads what the measures in `letters` read, and
    returns experiment ids."""
    reuse = reuse and server.database is not None  # FastTrackML's series is always loaded anew
    if server.database and not reuse:
        dataset.recreate_database(server.database)
    if isinstance(server, servers.FastTrackML) and not reuse:
        for leftover in ("fasttrackml.db", "fasttrackml.db-wal", "fasttrackml.db-shm"):
            path = os.path.join(server.workdir, leftover)
            if os.path.exists(path):
                os.remove(path)
    server.start()
    conn = loadgen.Connection(server.url)
    ids = {name: measures.experiment_id(conn, name) for name in EXPERIMENTS}
    if reuse:
        return ids
    runs = set(letters) & set("bcd") & server.supports
    traces = "h" in letters and "h" in server.supports
    began = time.monotonic()
    if runs and isinstance(server, servers.Labbook):
        dataset.load_labbook(server.database, data, ids, "mlflow-artifacts:")
    elif runs and isinstance(server, (servers.MlflowServer,)):
        dataset.load_mlflow(server.database, data, ids, "mlflow-artifacts:")
    elif runs:
        load_history_through_api(server, conn, data, ids["bench-history"])
    if traces:
        load = tracebench.load_labbook if isinstance(server, servers.Labbook) else tracebench.load_mlflow
        load(server.database, data, ids[tracebench.SEARCH_EXPERIMENT])
    if runs or traces:
        print("  %s: dataset loaded in %.0f s" % (server.name, time.monotonic() - began), flush=True)
    return ids


def check_trace_rows(server, data, ids):
    """Sends one trace the way the client does into a scratch experiment and compares the rows the
    server wrote with the rows loaded for (h); returns the differences (none expected)."""
    conn = loadgen.Connection(server.url)
    trace_id = os.urandom(16)
    otlp, info = tracebench.trace_bodies(random.Random(1), trace_id, time.time_ns(), ids[SHAPE_EXPERIMENT])
    body = json.loads(info)
    body["trace"]["trace_info"]["tags"]["env"] = "prod"
    status, answer, _ = conn.request("POST", loadgen.OTLP_PATH, otlp, {"Content-Type": "application/x-protobuf",
                                                                       "x-mlflow-experiment-id": ids[SHAPE_EXPERIMENT]})
    if status != 200:
        return ["OTLP export answered %s: %s" % (status, answer[:200])]
    measures.call(conn, "POST", loadgen.START_TRACE_PATH, body)
    theirs = tracebench.row_shape(server.database, "tr-" + trace_id.hex())
    ours = tracebench.row_shape(server.database, tracebench.first_trace_id(data))
    return tracebench.shape_differences(ours, theirs)


def load_history_through_api(server, conn, data, experiment):
    """For servers whose schema we do not bulk-load: the 1M-point series through log-batch."""
    run = measures.new_runs(conn, experiment, 1)[0]
    history_run = dataset.runs_of(data, "bench-history")[0]
    batch = []
    with open(os.path.join(data, "history.tsv")) as f:
        for line in f:
            run_uuid, key, step, timestamp, value = line.rstrip("\n").split("\t")
            if run_uuid != history_run:
                continue
            batch.append({"key": key, "step": int(step), "timestamp": int(timestamp), "value": float(value)})
            if len(batch) == 1000:
                measures.call(conn, "POST", measures.API + "/runs/log-batch", {"run_id": run, "metrics": batch})
                batch = []
    if batch:
        measures.call(conn, "POST", measures.API + "/runs/log-batch", {"run_id": run, "metrics": batch})
    server.history_run = run


def main():
    # A plain `kill` must still stop the servers (the finally below): make SIGTERM an exit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args = parse_args()
    out = args.out
    data = os.path.join(out, "data")
    print("== Generating the dataset (seed %d) into %s" % (dataset.SEED, data), flush=True)
    dataset.generate(data)
    if "h" in args.measures:
        tracebench.generate(data)
    history_run = dataset.runs_of(data, "bench-history")[0]
    chart_runs = dataset.runs_of(data, "bench-ui")[-dataset.UI_CHART_RUNS:]

    made = make_servers(args, os.path.join(out, "servers"))
    ids, notes = {}, []
    notes.append("MariaDB %s, InnoDB buffer pool %d MiB, shared by every server"
                 % (mariadb_global("version"), set_buffer_pool(args.buffer_pool_mib) // 2**20))
    try:
        print("== Loading every server", flush=True)
        for name, server in made.items():
            ids[name] = prepare(server, data, args.reuse_data, args.measures)
            server.history_run = getattr(server, "history_run", history_run)
            if "h" in args.measures and "h" in server.supports and server.database:
                try:
                    differences = check_trace_rows(server, data, ids[name])
                    verdict = ("differ from the ones it writes itself: " + "; ".join(differences) if differences
                               else "have the shape of the ones it writes itself")
                except Exception as e:  # e.g. --reuse-data on databases loaded without (h)
                    verdict = "could not be checked: %s" % e
                notes.append("%s: the loaded trace rows (h) %s" % (name, verdict))
                print("  " + notes[-1], flush=True)
        probe = made.get("labbook") or next(iter(made.values()))
        loadgen.ceiling(probe.url, measures.CLIENTS, 3)  # warm-up: a just-started JVM interprets
        c = loadgen.ceiling(probe.url, measures.CLIENTS, 5)
        notes.append("Load generator ceiling (8 client processes, GET /health on %s): %.0f requests/s, p50 %.2f ms"
                     % (probe.name, c["requests_per_s"], c["p50_ms"]))
        print("  " + notes[-1], flush=True)
        trace_ceiling = None
        if "g" in args.measures:
            loadgen.trace_ceiling(probe.url, measures.CLIENTS, 2)
            trace_ceiling = loadgen.trace_ceiling(probe.url, measures.CLIENTS, 5)
            notes.append("Trace generator ceiling for (g) (the same 8 processes and bodies, both requests of each "
                         "trace posted to %s /health, which answers 404): %.0f traces/s = %.0f spans/s; (g) reports "
                         "no spans/s figure above %d%% of it" % (probe.name, trace_ceiling["traces_per_s"],
                                                               trace_ceiling["spans_per_s"], 100 * measures.CEILING_SHARE))
            print("  " + notes[-1], flush=True)

        rounds, loads = [], []
        for r in range(args.rounds):
            print("== Round %d of %d" % (r + 1, args.rounds), flush=True)
            loads.append(os.getloadavg()[0])
            results = {name: {} for name in made}
            for name, server in made.items():
                if "e" in args.measures and "e" in server.supports:
                    server.stop()
                    results[name].update(measures.startup(server))
                    report_progress(name, "e", results[name])
            for letter in "abcdfgh":
                if letter not in args.measures:
                    continue
                for name, server in made.items():
                    if letter not in server.supports:
                        continue
                    try:
                        results[name].update(run_measure(letter, server, ids[name], chart_runs, r, args,
                                                         trace_ceiling))
                    except Exception as e:  # one server's failure must not hide the others' figures
                        results[name]["%s_failed" % letter] = str(e)
                        print("  %s (%s) failed: %s" % (name, letter, e), flush=True)
                    report_progress(name, letter, results[name])
            rounds.append(results)
            summary = summary_line(args, made)
            load_note = ("1-minute load average at the start of each round: %s (this machine has %d cores; above "
                         "that, other work competed with the servers and the load generator)"
                         % (", ".join("%.1f" % x for x in loads), os.cpu_count()))
            print(report.write(out, rounds, list(made), notes + [load_note], {"summary": summary, "args": vars(args)}),
                  flush=True)
    finally:
        for server in made.values():
            server.stop()
    print("\nWrote %s/results.json and %s/results.md" % (out, out))


def mariadb_global(name):
    return subprocess.check_output(["mariadb", "-uroot", "-N", "-e", "SELECT @@" + name], text=True).strip()


def set_buffer_pool(mib):
    """Resizes the buffer pool (online in MariaDB 10.2+) and returns the size in effect, in bytes."""
    if mib > 0:
        subprocess.check_call(["mariadb", "-uroot", "-e", "SET GLOBAL innodb_buffer_pool_size = %d" % (mib * 2**20)])
        time.sleep(2)  # the resize completes in the background
    return int(mariadb_global("innodb_buffer_pool_size"))


def run_measure(letter, server, ids, chart_runs, r, args, trace_ceiling=None):
    if letter == "a":
        return measures.ingestion(server, ids["bench-ingest"], args.ingest_seconds)
    if letter == "b":
        return measures.search(server, ids["bench-search"], args.repeats, args.budget)
    if letter == "c":
        return measures.history(server, server.history_run, max(3, args.repeats // 5), args.budget)
    if letter == "d":
        return measures.ui_page(server, ids["bench-ui"], chart_runs, args.repeats, args.budget)
    if letter == "f":
        return measures.artifact(server, "round-%d" % r)
    if letter == "g":
        return measures.trace_ingestion(server, ids[tracebench.INGEST_EXPERIMENT], args.ingest_seconds, trace_ceiling)
    if letter == "h":
        return measures.trace_search(server, ids[tracebench.SEARCH_EXPERIMENT], args.repeats, args.budget)
    raise ValueError(letter)


def report_progress(name, letter, figures):
    shown = {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items() if k.startswith(letter + "_")}
    print("  %-12s %s" % (name, shown), flush=True)


def summary_line(args, made):
    return ("%d rounds, interleaved, medians shown; %s, %d cores; servers: %s; generated %s UTC."
            % (args.rounds, platform.platform(), os.cpu_count(), ", ".join(made),
               time.strftime("%Y-%m-%d %H:%M", time.gmtime())))


if __name__ == "__main__":
    main()
