"""The results table: medians over rounds, per server, with the ratio to Labbook and the issue's targets."""
import json
import os
import statistics

# (key, label, better, target as (op, value) or None); op "x>=" compares with mlflow server's figure
# (at least value times better).
ROWS = [
    ("a_1000_own_points_per_s", "(a) 1000-pt batches, own runs: points/s", "high", (">=", 40000)),
    ("a_1000_own_p50_ms", "(a) 1000-pt batches, own runs: p50 ms", "low", None),
    ("a_1000_own_p99_ms", "(a) 1000-pt batches, own runs: p99 ms", "low", ("<=", 100)),
    ("a_1000_own_errors", "(a) 1000-pt batches, own runs: errors", "low", ("<=", 0)),
    ("a_1000_shared_points_per_s", "(a) 1000-pt batches, shared run: points/s", "high", (">=", 40000)),
    ("a_1000_shared_p50_ms", "(a) 1000-pt batches, shared run: p50 ms", "low", None),
    ("a_1000_shared_p99_ms", "(a) 1000-pt batches, shared run: p99 ms", "low", ("<=", 100)),
    ("a_1000_shared_errors", "(a) 1000-pt batches, shared run: errors", "low", ("<=", 0)),
    ("a_10_own_points_per_s", "(a) 10-pt batches, own runs: points/s", "high", None),
    ("a_10_own_p50_ms", "(a) 10-pt batches, own runs: p50 ms", "low", None),
    ("a_10_own_p99_ms", "(a) 10-pt batches, own runs: p99 ms", "low", None),
    ("a_10_own_errors", "(a) 10-pt batches, own runs: errors", "low", ("<=", 0)),
    ("a_10_shared_points_per_s", "(a) 10-pt batches, shared run: points/s", "high", None),
    ("a_10_shared_p50_ms", "(a) 10-pt batches, shared run: p50 ms", "low", None),
    ("a_10_shared_p99_ms", "(a) 10-pt batches, shared run: p99 ms", "low", None),
    ("a_10_shared_errors", "(a) 10-pt batches, shared run: errors", "low", ("<=", 0)),
    ("b_default_p50_ms", "(b) search 100k runs, default first page (1000 runs): p50 ms", "low", ("<=", 20)),
    ("b_filter_sort_p95_ms", "(b) param filter + metric order_by: p95 ms", "low", ("<=", 150)),
    ("b_filter_sort_p50_ms", "(b) param filter + metric order_by: p50 ms", "low", None),
    ("b_page5_p50_ms", "(b) fifth page: p50 ms", "low", None),
    ("c_full_p50_ms", "(c) get-history, 1M points in one response: ms", "low", ("<=", 2000)),
    ("c_full_extra_rss_mb", "(c) get-history: server memory growth MB", "low", ("<=", 50)),
    ("c_sampled_p50_ms", "(c) get-history-bulk-interval, 1000 points: p50 ms", "low", ("<=", 20)),
    ("d_page_p50_ms", "(d) UI experiment page (5 requests, 10k runs): p50 ms", "low", None),
    ("d_page_p95_ms", "(d) UI experiment page: p95 ms", "low", None),
    ("e_idle_rss_mb", "(e) idle RSS MB", "low", ("<=", 200)),
    ("e_healthy_s", "(e) start to healthy /health: s", "low", ("<=", 1.5)),
    ("f_upload_mb_s", "(f) 1 GiB upload through the proxy: MB/s", "high", (">=", 300)),
    ("f_download_mb_s", "(f) 1 GiB download through the proxy: MB/s", "high", (">=", 300)),
    ("f_rss_growth_mb", "(f) server memory growth during transfer MB", "low", None),
    ("g_spans_per_s", "(g) trace ingestion, 10-span traces (OTLP, then start-trace): spans/s", "high", ("x>=", 10)),
    ("g_otlp_p50_ms", "(g) OTLP export of one trace: p50 ms", "low", None),
    ("g_otlp_p99_ms", "(g) OTLP export of one trace: p99 ms", "low", None),
    ("g_start_p50_ms", "(g) start-trace v3 after the spans: p50 ms", "low", None),
    ("g_errors", "(g) trace ingestion: errors", "low", ("<=", 0)),
    ("h_prod_p50_ms", "(h) search 100k traces, tags.env = 'prod', 100 per page: p50 ms", "low", ("<=", 50)),
    ("h_prod_p95_ms", "(h) tags.env = 'prod': p95 ms", "low", None),
    ("h_first_p50_ms", "(h) unfiltered first page (100 traces): p50 ms", "low", None),
    ("h_first_p95_ms", "(h) unfiltered first page: p95 ms", "low", None),
]


def medians(rounds):
    """{server: {key: median over the rounds that measured it}}."""
    out = {}
    for round_results in rounds:
        for server, figures in round_results.items():
            for key, value in figures.items():
                if isinstance(value, (int, float)) and value is not None:
                    out.setdefault(server, {}).setdefault(key, []).append(value)
    return {s: {k: statistics.median(v) for k, v in figs.items()} for s, figs in out.items()}


def _fmt(value):
    if value is None:
        return "n/a"
    if abs(value) >= 1000:
        return "{:,.0f}".format(value)
    if abs(value) >= 10:
        return "%.1f" % value
    return "%.2f" % value


def _ratio(better, ours, theirs):
    if ours is None or theirs is None or ours == 0 or theirs == 0:
        return "n/a"
    return "%.1f×" % (ours / theirs if better == "high" else theirs / ours)


def _verdict(target, value, better, mlflow):
    if target is None:
        return ""
    if value is None:
        return "not measured"
    op, limit = target
    if op == "x>=":
        if mlflow is None:
            return "not measured on mlflow"
        ratio = value / mlflow if better == "high" else mlflow / value
        return ("meets" if ratio >= limit else "MISSES") + " >= %s× mlflow" % _fmt(limit)
    ok = value >= limit if op == ">=" else value <= limit
    return ("meets" if ok else "MISSES") + " %s %s" % (op, _fmt(limit))


def table(med, servers, notes):
    peers = [s for s in servers if s != "labbook"]
    header = ["measure", "labbook"] + peers + ["labbook vs %s" % p for p in peers] + ["target (labbook)"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    measured = {k.split("_", 1)[0] for figures in med.values() for k in figures}
    for key, label, better, target in ROWS:
        if key.split("_", 1)[0] not in measured:  # a measure this run left out
            continue
        ours = med.get("labbook", {}).get(key)
        cells = [label, _fmt(ours)] + [_fmt(med.get(p, {}).get(key)) for p in peers]
        cells += [_ratio(better, ours, med.get(p, {}).get(key)) for p in peers]
        cells.append(_verdict(target, ours, better, med.get("mlflow", {}).get(key)))
        lines.append("| " + " | ".join(cells) + " |")
    text = "\n".join(lines)
    if notes:
        text += "\n\n" + "\n".join("- " + n for n in notes)
    return text


def refusals(rounds):
    """Notes for figures a measure declined to give (round, server, reason)."""
    return ["(g) %s, round %d: no spans/s figure, %s" % (server, r + 1, figures["g_refused"])
            for r, round_results in enumerate(rounds) for server, figures in round_results.items()
            if "g_refused" in figures]


def write(folder, rounds, servers, notes, meta):
    med = medians(rounds)
    notes = list(notes) + refusals(rounds)
    markdown = table(med, servers, notes)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "results.json"), "w") as f:
        json.dump({"meta": meta, "servers": servers, "medians": med, "rounds": rounds, "notes": notes}, f, indent=2)
    with open(os.path.join(folder, "results.md"), "w") as f:
        f.write("# Labbook benchmark\n\n%s\n\n%s\n" % (meta.get("summary", ""), markdown))
    return markdown
