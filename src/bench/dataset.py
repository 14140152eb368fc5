"""The benchmark's dataset: generated once from a fixed seed into TSV files, then bulk-loaded
(LOAD DATA LOCAL INFILE) straight into each server's own schema, so every server holds the same
runs, params, tags and metric points.

- "bench-search": 100,000 runs with 10 params, 10 metrics and 5 tags each (measure b);
- "bench-ui": 10,000 runs of the same shape, the 10 newest with a 1,000-step "loss" series (d);
- "bench-history": one run with a 1,000,000-point "loss" series (c).
"""
import os
import random

import pymysql

SEED = 20261128
SEARCH_RUNS = 100_000
UI_RUNS = 10_000
UI_CHART_RUNS = 10
UI_CHART_STEPS = 1_000
HISTORY_POINTS = 1_000_000
PARAMS, METRICS, TAGS = 10, 10, 5
BASE_TIME = 1_764_000_000_000  # ms, late 2025
EXPERIMENTS = ("bench-search", "bench-ui", "bench-history")
FILES = ("runs", "params", "tags", "latest", "history")


def generate(folder):
    """Writes the TSV files (skipped when they are already there: the seed makes them identical)."""
    os.makedirs(folder, exist_ok=True)
    if os.path.exists(os.path.join(folder, "done")):
        return
    rng = random.Random(SEED)
    out = {name: open(os.path.join(folder, name + ".tsv"), "w") for name in FILES}
    try:
        for experiment, count in (("bench-search", SEARCH_RUNS), ("bench-ui", UI_RUNS), ("bench-history", 1)):
            for i in range(count):
                _write_run(out, rng, experiment, i, count)
    finally:
        for f in out.values():
            f.close()
    open(os.path.join(folder, "done"), "w").close()


def _write_run(out, rng, experiment, i, count):
    run = "%032x" % rng.getrandbits(128)
    start = BASE_TIME + i * 1000 + rng.randrange(1000)
    name = "%s-%06d" % (experiment, i)
    out["runs"].write("%s\t%s\t%s\t%d\t%d\n" % (run, experiment, name, start, start + 60_000))
    for p in range(PARAMS):
        # p0 takes 10 values, p1 100, ...: filters of every selectivity.
        out["params"].write("%s\tp%d\tv%d\n" % (run, p, rng.randrange(10 ** (1 + p % 4))))
    out["tags"].write("%s\tmlflow.runName\t%s\n" % (run, name))
    for t in range(TAGS):
        out["tags"].write("%s\tt%d\ttag-%d\n" % (run, t, rng.randrange(50)))
    for m in range(METRICS):
        out["latest"].write("%s\tm%d\t%r\t%d\t%d\n" % (run, m, rng.random(), start + 30_000, 100))
    if experiment == "bench-ui" and i >= count - UI_CHART_RUNS:
        _write_series(out["history"], rng, run, "loss", UI_CHART_STEPS, start)
    if experiment == "bench-history":
        _write_series(out["history"], rng, run, "loss", HISTORY_POINTS, start)


def _write_series(f, rng, run, key, steps, start):
    value = 2.0
    for step in range(steps):
        value = max(0.0, value * 0.9999 + (rng.random() - 0.5) * 0.001)
        f.write("%s\t%s\t%d\t%d\t%r\n" % (run, key, step, start + step * 10, value))


def runs_of(folder, experiment):
    """Run ids of one experiment, in file order (oldest first)."""
    ids = []
    with open(os.path.join(folder, "runs.tsv")) as f:
        for line in f:
            parts = line.split("\t", 2)
            if parts[1] == experiment:
                ids.append(parts[0])
    return ids


def connect(database):
    return pymysql.connect(host="127.0.0.1", port=3306, user="labbook", password="labbook", database=database,
                           local_infile=True, autocommit=True)


def recreate_database(database):
    with connect(None) as db, db.cursor() as cur:
        cur.execute("DROP DATABASE IF EXISTS `%s`" % database)
        cur.execute("CREATE DATABASE `%s` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" % database)


def _load(cur, folder, name, table, columns, assignments):
    path = os.path.join(os.path.abspath(folder), name + ".tsv")
    cur.execute("LOAD DATA LOCAL INFILE %%s INTO TABLE %s FIELDS TERMINATED BY '\\t' (%s) SET %s"
                % (table, columns, assignments), (path,))


def _experiment_case(experiment_ids):
    return "CASE @exp " + " ".join("WHEN '%s' THEN %s" % (name, int(experiment_ids[name])) for name in EXPERIMENTS) + " END"


def load_labbook(database, folder, experiment_ids, artifact_root):
    """Loads the files into Labbook's schema (migrations/), which also keeps each series' step range."""
    _load_all(database, folder, "run_uuid, @exp, run_name, start_time, end_time",
              "experiment_id = %s, user_id = 'bench', status = 'FINISHED', lifecycle_stage = 'active', "
              "artifact_uri = CONCAT('%s/', run_uuid, '/artifacts')" % (_experiment_case(experiment_ids), artifact_root))
    with connect(database) as db, db.cursor() as cur:
        cur.execute("UPDATE latest_metrics l JOIN (SELECT run_uuid, `key`, MIN(step) AS lo, MAX(step) AS hi, "
                    "COUNT(DISTINCT step) AS n, COUNT(*) AS points FROM metrics GROUP BY run_uuid, `key`) s "
                    "ON s.run_uuid = l.run_uuid AND s.`key` = l.`key` "
                    "SET l.min_step = s.lo, l.max_step = s.hi, l.steps_dense = (s.n = s.hi - s.lo + 1 AND s.n = s.points)")


def load_mlflow(database, folder, experiment_ids, artifact_root):
    """Loads the files into the schema `mlflow server` creates (its SQLAlchemy store on MySQL)."""
    _load_all(database, folder, "run_uuid, @exp, name, start_time, end_time",
              "experiment_id = %s, user_id = 'bench', status = 'FINISHED', lifecycle_stage = 'active', "
              "source_type = 'LOCAL', source_name = '', entry_point_name = '', source_version = '', "
              "artifact_uri = CONCAT('%s/', run_uuid, '/artifacts')" % (_experiment_case(experiment_ids), artifact_root))


def _load_all(database, folder, run_columns, run_assignments):
    """The two schemas name the same columns alike except the run's name; the rest is shared."""
    with connect(database) as db, db.cursor() as cur:
        cur.execute("SET foreign_key_checks = 0, unique_checks = 0")
        _load(cur, folder, "runs", "runs", run_columns, run_assignments)
        _load(cur, folder, "params", "params", "run_uuid, `key`, `value`", "run_uuid = run_uuid")
        _load(cur, folder, "tags", "tags", "run_uuid, `key`, `value`", "run_uuid = run_uuid")
        for table in ("latest_metrics", "metrics"):
            _load(cur, folder, "latest", table, "run_uuid, `key`, `value`, `timestamp`, step", "is_nan = 0")
        _load(cur, folder, "history", "metrics", "run_uuid, `key`, step, `timestamp`, `value`", "is_nan = 0")
        # The series' last points become the runs' latest "loss". The grouped sub-query has one row
        # per series (11) and is materialized once: MariaDB 10.11 plans it as a lateral derived
        # table (split_materialized), and on freshly loaded tables this statement once ran for
        # over half an hour; materialized, it takes about a second.
        cur.execute("SET STATEMENT optimizer_switch = 'split_materialized=off' FOR "
                    "INSERT INTO latest_metrics (run_uuid, `key`, step, `timestamp`, `value`, is_nan) "
                    "SELECT m.run_uuid, m.`key`, m.step, m.`timestamp`, m.`value`, 0 FROM metrics m "
                    "JOIN (SELECT run_uuid, MAX(step) AS step FROM metrics WHERE `key` = 'loss' GROUP BY run_uuid) "
                    "last ON last.run_uuid = m.run_uuid AND last.step = m.step AND m.`key` = 'loss'")
        cur.execute("ANALYZE TABLE runs, params, tags, metrics, latest_metrics")
