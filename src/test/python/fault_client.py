"""One ingestion client of the fault-tolerance tests, run as its own process.

Logs batches with the stock client (``MlflowClient.log_batch``, retries from the MLFLOW_HTTP_REQUEST_*
environment) alternately to its own run and to a run shared with the other clients, until the file
``<work>/stop`` appears. After each batch the server acknowledged it appends one JSON line to
``<work>/acks-<client>.jsonl``; at the end it writes ``<work>/result-<client>.json`` with the retries
urllib3 made. Any batch that still fails after the retries ends the process with a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

T0 = 1_700_000_000_000


def batch_points(client: int, run: str, batch: int, points: int, start_step: int):
    """The (key, step, timestamp, value) of one batch: deterministic, so the test can recompute them."""
    out = []
    for j in range(points):
        step = start_step + batch * points + j
        if run == "own":
            out.append(("loss", step, T0 + step, client * 1_000_000 + step + 0.5))
        elif j % 2 == 0:
            out.append((f"c{client}", step, T0 + step, float(step) / 7))
        else:  # one series that every client writes into, interleaved
            common = step * 16 + client
            out.append(("common", common, T0 + common, float(common)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--client", type=int, required=True)
    parser.add_argument("--own-run", required=True)
    parser.add_argument("--shared-run", required=True)
    parser.add_argument("--points", type=int, default=200)
    parser.add_argument("--start-step", type=int, default=0)
    parser.add_argument("--max-batches", type=int, default=100_000)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    work = Path(args.work)

    # Count the retries urllib3 makes for the client (connection errors, read errors, 5xx).
    from urllib3.util import retry as urllib3_retry

    retries = {"n": 0}
    original_increment = urllib3_retry.Retry.increment

    def counting_increment(self, *a, **kw):
        retries["n"] += 1
        return original_increment(self, *a, **kw)

    urllib3_retry.Retry.increment = counting_increment

    from mlflow import MlflowClient
    from mlflow.entities import Metric

    client = MlflowClient(tracking_uri=args.url)
    runs = {"own": args.own_run, "shared": args.shared_run}
    slowest = 0.0
    batch = 0
    with open(work / f"acks-{args.client}.jsonl", "a", buffering=1) as acks:
        while batch < args.max_batches and not (work / "stop").exists():
            for run in ("own", "shared"):
                metrics = [Metric(k, v, ts, s)
                           for k, s, ts, v in batch_points(args.client, run, batch, args.points, args.start_step)]
                before = retries["n"]
                t = time.monotonic()
                client.log_batch(runs[run], metrics=metrics)
                took = time.monotonic() - t
                slowest = max(slowest, took)
                acks.write(json.dumps({"run": run, "batch": batch, "points": args.points,
                                       "start_step": args.start_step, "at": time.time(), "seconds": took,
                                       "retries": retries["n"] - before}) + "\n")
            batch += 1
    (work / f"result-{args.client}.json").write_text(json.dumps(
        {"client": args.client, "batches": batch, "retries": retries["n"], "slowest_batch_s": slowest,
         "pid": os.getpid()}))


if __name__ == "__main__":
    main()
