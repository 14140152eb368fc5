"""search_runs: filter grammar, ordering, view types, multi-experiment search and paging."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

import mlflow
import pytest
from mlflow.entities import Metric, Param, RunTag, ViewType

from lbutil import raises_mlflow, unique

T0 = 1_700_000_000_000  # base start_time for seeded runs (ms)


def _ids(runs):
    return [r.info.run_id for r in runs]


# ------------------------------------------------------------------------------------------------
# the headline query from a typical notebook
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def f1_data(client):
    """Runs for the `val_f1 > 0.9 and dropout = '0.2' and team = 'risk'` query.

    name -> (val_f1 history [(step, value)], dropout, team, deleted?)
    """
    name = unique("f1-search")
    exp_id = client.create_experiment(name)
    spec = {
        "r1": ([(0, 0.95)], "0.2", "risk", False),
        "r2": ([(0, 0.91)], "0.2", "risk", False),
        "r3": ([(0, 0.99)], "0.3", "risk", False),           # wrong dropout
        "r4": ([(0, 0.97)], "0.2", "growth", False),         # wrong team
        "r5": ([(0, 0.85)], "0.2", "risk", False),           # f1 too low
        "r6": ([(0, 0.99), (1, 0.93)], "0.2", "risk", False),  # latest value 0.93 counts
        "r7": ([(0, 0.50), (2, 0.98)], "0.2", "risk", False),  # latest value 0.98 counts
        "r8": ([], "0.2", "risk", False),                    # no metric at all
        "r9": ([(0, 0.90)], "0.2", "risk", False),           # not strictly greater
        "r10": ([(0, 0.96)], "0.2", "risk", False),
        "r11": ([(0, 0.92)], "0.2", "risk", False),
        "r12": ([(0, 0.999)], "0.2", "risk", True),          # deleted
        "r13": ([(0, 0.94)], "0.2", "Risk", False),          # '=' is case-sensitive
        "r14": ([(0, 0.94)], "0.20", "risk", False),         # params are strings
    }
    ids = {}
    for i, (rname, (hist, dropout, team, deleted)) in enumerate(spec.items()):
        run = client.create_run(exp_id, run_name=rname, start_time=T0 + i * 1000)
        rid = run.info.run_id
        client.log_batch(rid,
                         metrics=[Metric("val_f1", v, T0 + s, s) for s, v in hist],
                         params=[Param("dropout", dropout)],
                         tags=[RunTag("team", team)])
        client.set_terminated(rid)
        if deleted:
            client.delete_run(rid)
        ids[rname] = rid
    return name, exp_id, ids


def test_headline_query_fluent(f1_data):
    name, _, ids = f1_data
    df = mlflow.search_runs(
        experiment_names=[name],
        filter_string="metrics.val_f1 > 0.9 and params.dropout = '0.2' and tags.team = 'risk'",
        order_by=["metrics.val_f1 DESC"],
        max_results=5,
    )
    assert list(df["run_id"]) == [ids[n] for n in ("r7", "r10", "r1", "r6", "r11")]
    assert list(df["metrics.val_f1"]) == [0.98, 0.96, 0.95, 0.93, 0.92]
    assert set(df["params.dropout"]) == {"0.2"}
    assert set(df["tags.team"]) == {"risk"}
    assert list(df["tags.mlflow.runName"]) == ["r7", "r10", "r1", "r6", "r11"]
    assert set(df["status"]) == {"FINISHED"}


def test_headline_query_all_results_client(f1_data, client):
    _, exp_id, ids = f1_data
    runs = client.search_runs(
        [exp_id],
        filter_string="metrics.val_f1 > 0.9 and params.dropout = '0.2' and tags.team = 'risk'",
        order_by=["metrics.val_f1 ASC"])
    assert _ids(runs) == [ids[n] for n in ("r2", "r11", "r6", "r1", "r10", "r7")]
    # the returned run carries the latest value, not the one that matched historically
    assert {r.info.run_name: r.data.metrics["val_f1"] for r in runs}["r6"] == 0.93


def test_headline_query_with_deleted_runs(f1_data, client):
    _, exp_id, ids = f1_data
    flt = "metrics.val_f1 > 0.99"
    assert _ids(client.search_runs([exp_id], flt)) == []
    assert _ids(client.search_runs([exp_id], flt, run_view_type=ViewType.DELETED_ONLY)) == [ids["r12"]]
    assert _ids(client.search_runs([exp_id], flt, run_view_type=ViewType.ALL)) == [ids["r12"]]


def test_metric_comparators(f1_data, client):
    _, exp_id, ids = f1_data

    def names(flt):
        return {r.info.run_name for r in client.search_runs([exp_id], flt)}

    assert names("metrics.val_f1 >= 0.96") == {"r3", "r4", "r7", "r10"}
    assert names("metrics.val_f1 < 0.91") == {"r5", "r9"}
    assert names("metrics.val_f1 <= 0.91") == {"r2", "r5", "r9"}
    assert names("metrics.val_f1 = 0.93") == {"r6"}
    assert names("metrics.val_f1 = 0.99") == {"r3"}  # r6's historical 0.99 does not count
    # a run without the metric never matches, not even '!='
    assert "r8" not in names("metrics.val_f1 != 0.5")
    assert len(names("metrics.val_f1 != 0.5")) == 12
    assert names("metric.val_f1 > 0.97") == {"r3", "r7"}  # singular entity word


def test_param_and_tag_string_semantics(f1_data, client):
    _, exp_id, _ = f1_data

    def names(flt):
        return {r.info.run_name for r in client.search_runs([exp_id], flt)}

    assert names("params.dropout = '0.20'") == {"r14"}
    assert names("params.dropout != '0.2'") == {"r3", "r14"}
    assert names("tags.team = 'Risk'") == {"r13"}  # case-sensitive equality
    assert names("tags.team ILIKE 'risk'") == names("tags.team LIKE '%isk'")
    assert "r13" in names("tags.team ILIKE 'risk'")
    assert "r13" not in names("tags.team LIKE 'risk'")
    assert names("tags.team LIKE 'gr_wth'") == {"r4"}
    assert names("param.dropout = '0.3'") == {"r3"}
    assert names("parameters.dropout = '0.3'") == {"r3"}
    assert names("tag.team = 'growth'") == {"r4"}
    assert names('params.dropout = "0.3"') == {"r3"}  # double-quoted value accepted too


# ------------------------------------------------------------------------------------------------
# attributes, IN, IS NULL, quoting, ordering
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def attr_data(client):
    exp_id = client.create_experiment(unique("attr-search"))
    runs = {}
    layout = [
        # name, start offset, status, params, tags, metrics
        ("alpha-one", 0, "FINISHED", {"model.type": "cnn", "lr": "0.1"}, {"my tag": "x"}, {"val loss": 0.4}),
        ("alpha-two", 1, "FAILED", {"model.type": "rnn"}, {"my tag": "y", "opt": "1"}, {"val loss": 0.6}),
        ("Beta", 2, "FINISHED", {"lr": "0.3"}, {}, {"val loss": 0.2}),
        ("gamma", 3, "RUNNING", {"lr": "0.2"}, {"opt": "2"}, {}),
        ("delta", 4, "KILLED", {}, {"opt": "3"}, {"val loss": 0.1}),
    ]
    for name, off, status, params, tags, metrics in layout:
        run = client.create_run(exp_id, run_name=name, start_time=T0 + off * 60_000)
        rid = run.info.run_id
        client.log_batch(rid,
                         params=[Param(k, v) for k, v in params.items()],
                         tags=[RunTag(k, v) for k, v in tags.items()],
                         metrics=[Metric(k, v, T0, 0) for k, v in metrics.items()])
        if status != "RUNNING":
            client.set_terminated(rid, status=status, end_time=T0 + off * 60_000 + 500)
        runs[name] = rid
    return exp_id, runs


def _names(client, exp_id, flt="", order_by=None, **kw):
    return [r.info.run_name for r in client.search_runs([exp_id], flt, order_by=order_by, **kw)]


def test_filter_on_status_and_run_name(attr_data, client):
    exp_id, runs = attr_data
    assert set(_names(client, exp_id, "attributes.status = 'FINISHED'")) == {"alpha-one", "Beta"}
    assert set(_names(client, exp_id, "status = 'RUNNING'")) == {"gamma"}
    assert set(_names(client, exp_id, "attributes.status != 'FINISHED'")) == {
        "alpha-two", "gamma", "delta"}
    assert _names(client, exp_id, "attributes.run_name = 'Beta'") == ["Beta"]
    assert _names(client, exp_id, "attributes.run_name = 'beta'") == []
    assert set(_names(client, exp_id, "attributes.run_name LIKE 'alpha-%'")) == {"alpha-one", "alpha-two"}
    assert _names(client, exp_id, "attributes.run_name LIKE 'b%'") == []
    assert _names(client, exp_id, "attributes.run_name ILIKE 'b%'") == ["Beta"]
    assert _names(client, exp_id, "run_name ILIKE '%TWO'") == ["alpha-two"]
    assert _names(client, exp_id, "tags.`mlflow.runName` = 'gamma'") == ["gamma"]


def test_filter_on_start_time(attr_data, client):
    exp_id, _ = attr_data
    assert set(_names(client, exp_id, f"attributes.start_time >= {T0 + 3 * 60_000}")) == {"gamma", "delta"}
    assert set(_names(client, exp_id, f"attributes.start_time < {T0 + 60_000}")) == {"alpha-one"}
    assert _names(client, exp_id, f"attributes.start_time = {T0 + 2 * 60_000}") == ["Beta"]
    assert set(_names(client, exp_id, f"attributes.end_time > {T0 + 3 * 60_000}")) == {"delta"}


def test_filter_run_id_in(attr_data, client):
    exp_id, runs = attr_data
    a, b = runs["alpha-one"], runs["delta"]
    assert set(_names(client, exp_id, f"attributes.run_id IN ('{a}', '{b}')")) == {"alpha-one", "delta"}
    assert set(_names(client, exp_id, f"run_id IN ('{a}')")) == {"alpha-one"}
    assert set(_names(client, exp_id, f"attributes.run_id NOT IN ('{a}', '{b}')")) == {
        "alpha-two", "Beta", "gamma"}
    assert _names(client, exp_id, f"attributes.run_id = '{b}'") == ["delta"]


def test_filter_is_null(attr_data, client):
    exp_id, _ = attr_data
    assert set(_names(client, exp_id, "params.lr IS NULL")) == {"alpha-two", "delta"}
    assert set(_names(client, exp_id, "params.lr IS NOT NULL")) == {"alpha-one", "Beta", "gamma"}
    assert set(_names(client, exp_id, "tags.opt IS NULL")) == {"alpha-one", "Beta"}
    assert set(_names(client, exp_id, "tags.opt IS NOT NULL AND params.lr IS NULL")) == {
        "alpha-two", "delta"}


def test_filter_backtick_keys(attr_data, client):
    exp_id, _ = attr_data
    assert set(_names(client, exp_id, "metrics.`val loss` < 0.5")) == {"alpha-one", "Beta", "delta"}
    assert _names(client, exp_id, "params.`model.type` = 'cnn'") == ["alpha-one"]
    assert _names(client, exp_id, "tags.`my tag` = 'y'") == ["alpha-two"]
    assert _names(client, exp_id, 'params."model.type" = \'rnn\'') == ["alpha-two"]
    assert set(_names(client, exp_id,
                      "metrics.`val loss` >= 0.2 AND params.`model.type` LIKE '%nn'")) == {
        "alpha-one", "alpha-two"}


def test_filter_literals_and_key_spellings(attr_data, client):
    exp_id, _ = attr_data
    # a dotted key without backticks is still understood
    assert _names(client, exp_id, "tags.mlflow.runName = 'Beta'") == ["Beta"]
    assert set(_names(client, exp_id, "metrics.`val loss` > -1e-3 AND metrics.`val loss` < 2.5E-1")) == {
        "Beta", "delta"}
    assert set(_names(client, exp_id, "metrics.`val loss` >= .4")) == {"alpha-one", "alpha-two"}
    assert _names(client, exp_id, "params.lr = '0.3' and tags.opt is null") == ["Beta"]


def test_order_by_attributes(attr_data, client):
    exp_id, _ = attr_data
    by_start = ["alpha-one", "alpha-two", "Beta", "gamma", "delta"]
    assert _names(client, exp_id) == list(reversed(by_start))  # default: start_time DESC
    assert _names(client, exp_id, order_by=["attributes.start_time ASC"]) == by_start
    assert _names(client, exp_id, order_by=["start_time DESC"]) == list(reversed(by_start))
    assert _names(client, exp_id, order_by=["attributes.run_name ASC"]) == sorted(by_start)


def test_order_by_params_and_tags_missing_last(attr_data, client):
    exp_id, _ = attr_data
    # lr: alpha-one 0.1, gamma 0.2, Beta 0.3; alpha-two and delta have none -> always last
    asc = _names(client, exp_id, order_by=["params.lr ASC"])
    assert asc[:3] == ["alpha-one", "gamma", "Beta"]
    assert set(asc[3:]) == {"alpha-two", "delta"}
    desc = _names(client, exp_id, order_by=["params.lr DESC"])
    assert desc[:3] == ["Beta", "gamma", "alpha-one"]
    assert set(desc[3:]) == {"alpha-two", "delta"}
    # tie-breaker for the missing ones: start_time DESC
    assert desc[3:] == ["delta", "alpha-two"]
    tags_asc = _names(client, exp_id, order_by=["tags.opt ASC"])
    assert tags_asc == ["alpha-two", "gamma", "delta", "Beta", "alpha-one"]
    tags_desc = _names(client, exp_id, order_by=["tags.opt DESC"])
    assert tags_desc == ["delta", "gamma", "alpha-two", "Beta", "alpha-one"]


def test_order_by_metric_missing_last_and_multiple_keys(attr_data, client):
    exp_id, _ = attr_data
    asc = _names(client, exp_id, order_by=["metrics.`val loss` ASC"])
    assert asc == ["delta", "Beta", "alpha-one", "alpha-two", "gamma"]
    desc = _names(client, exp_id, order_by=["metrics.`val loss` DESC"])
    assert desc == ["alpha-two", "alpha-one", "Beta", "delta", "gamma"]
    multi = _names(client, exp_id, order_by=["attributes.status ASC", "attributes.run_name DESC"])
    # FAILED < FINISHED < KILLED < RUNNING ; FINISHED runs by name descending
    assert multi == ["alpha-two", "alpha-one", "Beta", "delta", "gamma"]


def test_search_across_experiments(client):
    e1 = client.create_experiment(unique("multi-a"))
    e2 = client.create_experiment(unique("multi-b"))
    e3 = client.create_experiment(unique("multi-c"))
    r1 = client.create_run(e1, start_time=T0 + 1).info.run_id
    r2 = client.create_run(e2, start_time=T0 + 2).info.run_id
    r3 = client.create_run(e3, start_time=T0 + 3).info.run_id
    for rid in (r1, r2, r3):
        client.log_param(rid, "shared", "yes")
    runs = client.search_runs([e1, e2], "params.shared = 'yes'")
    assert _ids(runs) == [r2, r1]
    assert {r.info.experiment_id for r in runs} == {e1, e2}
    df = mlflow.search_runs(experiment_ids=[e1, e2, e3], order_by=["attributes.start_time ASC"])
    assert list(df["run_id"]) == [r1, r2, r3]
    assert list(df["experiment_id"]) == [e1, e2, e3]
    assert client.search_runs([], "") == []


def test_search_runs_in_empty_experiment(client, experiment_id):
    assert client.search_runs([experiment_id]) == []
    assert len(mlflow.search_runs([experiment_id])) == 0


def test_search_runs_list_output_format(attr_data):
    exp_id, runs = attr_data
    got = mlflow.search_runs([exp_id], filter_string="attributes.run_name = 'Beta'",
                             output_format="list")
    assert len(got) == 1
    run = got[0]
    assert run.info.run_id == runs["Beta"]
    assert run.data.params == {"lr": "0.3"}
    assert run.data.metrics == {"val loss": 0.2}
    assert run.info.status == "FINISHED"


@pytest.mark.parametrize("bad_filter", [
    "metrics.val_f1 >",
    "params.a = 'x' OR params.b = 'y'",
    "foo.bar = 'x'",
    "params.a = x",                   # unquoted string value
    "metrics.m = 'abc'",              # metric compared with a string
    "attributes.nonexistent = 'x'",
    "params.a LIKE",
    "(params.a = 'x')",
    "metrics.m IS NULL",              # IS NULL is for params/tags only
])
def test_invalid_filter_is_rejected(client, experiment_id, bad_filter):
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.search_runs([experiment_id], bad_filter)


def test_invalid_order_by_is_rejected(client, experiment_id):
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.search_runs([experiment_id], order_by=["attributes.nonexistent ASC"])
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.search_runs([experiment_id], order_by=["metrics.m SIDEWAYS"])


def test_max_results_limits(client, experiment_id):
    client.create_run(experiment_id)
    assert len(client.search_runs([experiment_id], max_results=50000)) == 1
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.search_runs([experiment_id], max_results=50001)


def test_search_unknown_experiment_id_is_empty(client):
    assert client.search_runs(["987654321015"]) == []


def test_order_by_without_direction_is_ascending(attr_data, client):
    exp_id, _ = attr_data
    assert _names(client, exp_id, order_by=["metrics.`val loss`"]) == _names(
        client, exp_id, order_by=["metrics.`val loss` ASC"])


def test_invalid_page_token_is_rejected(client, experiment_id):
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.search_runs([experiment_id], page_token="this-is-not-a-token")


# ------------------------------------------------------------------------------------------------
# paging
# ------------------------------------------------------------------------------------------------
def _create_runs(client, exp_id, n, start_time_of, workers=8):
    def one(i):
        return client.create_run(exp_id, start_time=start_time_of(i), run_name=f"run-{i:05d}").info.run_id

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, range(n)))


@pytest.mark.slow
def test_paging_2500_runs_no_duplicates_no_gaps(client):
    exp_id = client.create_experiment(unique("paging"))
    n = 2500
    # a few runs share a start_time so the run_id tie-breaker matters
    ids = _create_runs(client, exp_id, n, lambda i: T0 + (i // 3))
    seen = []
    token = None
    pages = 0
    while True:
        page = client.search_runs([exp_id], max_results=100, page_token=token)
        pages += 1
        assert len(page) <= 100
        seen.extend(page)
        token = page.token
        if not token:
            break
        assert pages <= 30, "server keeps returning page tokens"
    seen_ids = _ids(seen)
    assert len(seen_ids) == n
    assert len(set(seen_ids)) == n, "duplicate runs across pages"
    assert set(seen_ids) == set(ids), "runs missing across pages"
    assert pages in (25, 26)
    starts = [r.info.start_time for r in seen]
    assert starts == sorted(starts, reverse=True), "default order is start_time DESC"
    # fluent search_runs pages internally as well
    df = mlflow.search_runs([exp_id], max_results=n)
    assert len(df) == n and set(df["run_id"]) == set(ids)


@pytest.mark.slow
def test_paging_with_filter_and_order(client):
    exp_id = client.create_experiment(unique("paging-ordered"))
    n = 500
    ids = _create_runs(client, exp_id, n, lambda i: T0 + i)

    def log(i_rid):
        i, rid = i_rid
        client.log_batch(rid, metrics=[Metric("score", float(i % 50), T0, 0)],
                         params=[Param("parity", "even" if i % 2 == 0 else "odd")])

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(log, enumerate(ids)))
    seen = []
    token = None
    while True:
        page = client.search_runs([exp_id], "params.parity = 'even'", max_results=37,
                                  order_by=["metrics.score DESC"], page_token=token)
        seen.extend(page)
        token = page.token
        if not token:
            break
    expected = {rid for i, rid in enumerate(ids) if i % 2 == 0}
    assert len(seen) == len(expected)
    assert set(_ids(seen)) == expected
    scores = [r.data.metrics["score"] for r in seen]
    assert scores == sorted(scores, reverse=True)
    # within equal scores: start_time DESC tie-breaker
    for (a, b) in itertools.pairwise(seen):
        if a.data.metrics["score"] == b.data.metrics["score"]:
            assert a.info.start_time >= b.info.start_time


@pytest.mark.slow
def test_paging_is_stable_while_runs_are_added(client):
    """Labbook promise: page tokens never skip or repeat a run that existed when paging began,
    even while new runs are created in the same experiment during paging (stock MLflow's
    offset tokens do not guarantee this)."""
    exp_id = client.create_experiment(unique("paging-live"))
    n = 600
    original = _create_runs(client, exp_id, n, lambda i: T0 + i)
    seen = []
    token = None
    added = []
    pages = 0
    while True:
        page = client.search_runs([exp_id], max_results=50, page_token=token)
        pages += 1
        seen.extend(_ids(page))
        token = page.token
        if not token:
            break
        assert pages <= 40
        # new runs land at the head of the default order (later start_time) ...
        for _ in range(5):
            added.append(client.create_run(exp_id).info.run_id)
        # ... and in the middle of it
        added.append(client.create_run(exp_id, start_time=T0 + n // 2).info.run_id)
    assert len(seen) == len(set(seen)), "a run was returned twice"
    missing = set(original) - set(seen)
    assert not missing, f"{len(missing)} pre-existing runs were skipped"
    assert set(seen) <= set(original) | set(added)
