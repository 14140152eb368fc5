"""MLflow 3 evaluation datasets (``mlflow.genai.datasets``) through the stock client.

The client's own calls: create_dataset, get_dataset (by id and by name), search_datasets with
filters, order and paging, merge_records from dicts and from ``mlflow.search_traces`` results,
to_df, set_dataset_tags / delete_dataset_tag, delete_records, delete_dataset. The same scripted
conversation runs against a stock ``mlflow server`` started here, and both must hand back the same
datasets and records once server-chosen values (ids, times, digests) are set aside.
"""

from __future__ import annotations

import base64
import json
import math
import os
import re
import time

import mlflow
import pytest
import requests
from mlflow import MlflowClient
from mlflow.genai.datasets import (
    create_dataset,
    delete_dataset,
    delete_dataset_tag,
    get_dataset,
    search_datasets,
    set_dataset_tags,
)

from lbutil import raises_mlflow, unique
from stock_mlflow import stock_mlflow

UNKNOWN = "d-ffffffffffffffffffffffffffffffff"
# More than one page of the 1000 records the client asks for at a time.
MANY = 1050


@pytest.fixture(scope="module")
def stock_url():
    """A stock server of our own; LABBOOK_TEST_STOCK_URL names a running one instead (for quick loops)."""
    if os.environ.get("LABBOOK_TEST_STOCK_URL"):
        yield os.environ["LABBOOK_TEST_STOCK_URL"].rstrip("/")
        return
    with stock_mlflow("datasets") as url:
        yield url


@pytest.fixture
def experiment(server_url):
    return mlflow.set_experiment(unique("datasets")).experiment_id


# ------------------------------------------------------------------------------------------------
# one scripted conversation, run against any server
# ------------------------------------------------------------------------------------------------
@mlflow.trace
def _support_bot(question: str, locale: str = "en") -> dict:
    return {"answer": question.upper(), "locale": locale}


def _traced_questions() -> None:
    """Two traces in the current experiment, each with an expected answer."""
    asked = {}
    for question in ("reset password", "close account"):
        _support_bot(question)
        asked[mlflow.get_last_active_trace_id()] = question
    mlflow.flush_trace_async_logging()
    for trace_id, question in asked.items():
        mlflow.log_expectation(trace_id=trace_id, name="expected_answer", value=question.upper())


ID_PATTERNS = [(re.compile(r"\bdr-[0-9a-f]{32}\b"), "<record>"), (re.compile(r"\bd-[0-9a-f]{32}\b"), "<dataset>"),
               (re.compile(r"\btr-[0-9a-f]{32}\b"), "<trace>")]


def _scrub(value, prefix: str):
    """Ids and the run's name prefix to placeholders, recursively."""
    if isinstance(value, dict):
        return {k: _scrub(v, prefix) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, prefix) for v in value]
    if isinstance(value, str):
        for pattern, placeholder in ID_PATTERNS:
            value = pattern.sub(placeholder, value)
        value = value.replace(prefix, "<prefix>")
    return value


def _dataset_view(ds) -> dict:
    """What a client sees of a dataset, without server-chosen ids and times."""
    assert re.fullmatch(r"d-[0-9a-f]{32}", ds.dataset_id), ds.dataset_id
    assert re.fullmatch(r"[0-9a-f]{8}", ds.digest), ds.digest
    assert ds.created_time > 0 and ds.last_update_time >= ds.created_time
    return {"name": ds.name, "tags": ds.tags, "schema": json.loads(ds.schema) if ds.schema else None,
            "profile": ds.profile, "created_by": ds.created_by, "last_updated_by": ds.last_updated_by}


def _records_view(df) -> list:
    rows = []
    for row in df.to_dict("records"):
        row = {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in row.items()}
        rows.append({k: row[k] for k in ("inputs", "outputs", "expectations", "tags", "source_type", "source_id")}
                    | {"source": None if row["source"] is None else row["source"].to_dict()})
    return sorted(rows, key=lambda r: json.dumps(r["inputs"], sort_keys=True))


def _error_code(call) -> str:
    try:
        call()
    except mlflow.exceptions.MlflowException as e:
        return e.error_code
    return "no error"


def _scenario(url: str) -> dict:
    """The conversation; returns what the server answered, with ids scrubbed."""
    mlflow.set_tracking_uri(url)
    first = mlflow.set_experiment(unique("ds-side-by-side")).experiment_id
    second = MlflowClient().create_experiment(unique("ds-second"))
    experiments = {first: "<first>", second: "<second>"}
    out = {}
    prefix = unique("qa")
    ds = create_dataset(name=f"{prefix}-main", experiment_id=[first, second],
                        tags={"team": "search", "version": 2, "approved": True})
    out["created"] = _dataset_view(ds)
    out["created_experiments"] = sorted(experiments[e] for e in ds.experiment_ids)

    ds.merge_records([
        {"inputs": {"question": "What is MLflow?", "n": 1}, "expectations": {"answer": "A platform"}},
        {"inputs": {"question": "What is a run?"}, "outputs": {"text": "One execution"},
         "tags": {"level": "basic"}},
        {"inputs": {"n": 1, "question": "What is MLflow?"}, "expectations": {"score": 0.9}},
        {"inputs": {"question": "Empty?"}, "expectations": {}},
    ])
    out["after_dicts"] = _dataset_view(get_dataset(dataset_id=ds.dataset_id))
    ds.merge_records([{"inputs": {"question": "What is a run?"}, "outputs": {"text": "An execution", "ok": True},
                       "tags": {"level": "intro", "reviewed": "yes"}}])

    _traced_questions()
    traces = mlflow.search_traces(locations=[first])
    ds.merge_records(traces)
    ds.merge_records([{"inputs": {"i": i}, "expectations": {"double": 2 * i}} for i in range(MANY)])

    again = get_dataset(dataset_id=ds.dataset_id)
    out["after_all"] = _dataset_view(again)
    df = again.to_df()
    out["record_count"] = len(df)
    records = _records_view(df)
    out["records"] = [r for r in records if "i" not in r["inputs"]]
    out["numbered"] = records[:3]
    out["by_name"] = _dataset_view(get_dataset(name=f"{prefix}-main"))

    set_dataset_tags(dataset_id=ds.dataset_id, tags={"stage": "review", "version": 3, "gone": None})
    delete_dataset_tag(dataset_id=ds.dataset_id, key="approved")
    delete_dataset_tag(dataset_id=ds.dataset_id, key="never-set")
    out["tags_after"] = get_dataset(dataset_id=ds.dataset_id).tags

    ids = df["dataset_record_id"].tolist()
    out["deleted"] = ds.delete_records(ids[:5])
    out["profile_after_delete"] = get_dataset(dataset_id=ds.dataset_id).profile

    for suffix, team in (("b", "search"), ("c", "ranking"), ("a", "search")):
        create_dataset(name=f"{prefix}-{suffix}", experiment_id=second, tags={"team": team})
        time.sleep(0.005)  # distinct creation times, so the default order is defined
    out["search"] = {
        "second_newest_first": [d.name for d in search_datasets(experiment_ids=[second])],
        "by_name": [d.name for d in search_datasets(experiment_ids=second, order_by=["name ASC"])],
        "team_search": [d.name for d in search_datasets(
            experiment_ids=[second], filter_string="tags.team = 'search'", order_by=["name DESC"])],
        "like": [d.name for d in search_datasets(filter_string=f"name LIKE '{prefix}-%' AND name != '{prefix}-main'",
                                                 order_by=["created_time ASC"])],
        "in": [d.name for d in search_datasets(filter_string=f"name IN ('{prefix}-a', '{prefix}-c')",
                                               order_by=["name"])],
        "limited": [d.name for d in search_datasets(experiment_ids=[second], order_by=["name"], max_results=2)],
        "first_only": [d.name for d in search_datasets(experiment_ids=[first])],
    }
    pages, token, names = 0, None, []
    while True:
        page = MlflowClient().search_datasets(experiment_ids=[second], order_by=["name DESC"], max_results=2,
                                              page_token=token)
        pages += 1
        names += [d.name for d in page]
        token = page.token
        if not token:
            break
    out["paged"] = {"pages": pages, "names": names}

    out["errors"] = {
        "unknown_id": _error_code(lambda: get_dataset(dataset_id=UNKNOWN)),
        "unknown_name": _error_code(lambda: get_dataset(name=unique("nope"))),
        "bad_filter": _error_code(lambda: search_datasets(filter_string="bogus = 'x'")),
        "bad_filter_or": _error_code(lambda: search_datasets(filter_string="name = 'a' OR name = 'b'")),
        "bad_order": _error_code(lambda: search_datasets(order_by=["created_by"])),
        "bad_numeric": _error_code(lambda: search_datasets(filter_string="created_time > 1.5")),
        "add_unknown_experiment": _error_code(lambda: MlflowClient().add_dataset_to_experiments(
            ds.dataset_id, ["987654321"])),
        "tags_unknown_dataset": _error_code(lambda: set_dataset_tags(dataset_id=UNKNOWN, tags={"a": "b"})),
        "merge_unknown_dataset": _error_code(lambda: _ghost(ds).merge_records([{"inputs": {"q": 1}}])),
    }

    delete_dataset(dataset_id=ds.dataset_id)
    out["after_delete"] = _error_code(lambda: get_dataset(dataset_id=ds.dataset_id))
    delete_dataset(dataset_id=ds.dataset_id)  # a second delete is no error
    return _scrub(out, prefix)


def _ghost(ds):
    """The dataset entity with an id no server has: merge_records must refuse it."""
    entity = ds._mlflow_dataset
    return entity.__class__(dataset_id=UNKNOWN, name=entity.name, digest=entity.digest,
                            created_time=entity.created_time, last_update_time=entity.last_update_time)


def test_same_datasets_and_records_as_stock_mlflow(server_url, stock_url):
    try:
        theirs = _scenario(stock_url)
        ours = _scenario(server_url)
    finally:
        mlflow.set_tracking_uri(server_url)
    assert ours["record_count"] == MANY + 5, "records from dicts, from traces and the numbered ones"
    assert ours["paged"]["pages"] == 2
    for key in theirs:
        assert ours[key] == theirs[key], key


# ------------------------------------------------------------------------------------------------
# Labbook on its own: what the conversation above shows, checked in detail
# ------------------------------------------------------------------------------------------------
def test_created_dataset_round_trips(experiment):
    ds = create_dataset(name=unique("rt"), experiment_id=experiment, tags={"team": "search", "mlflow.user": "ada"})
    assert ds.created_by == "ada" and ds.last_updated_by == "ada"
    assert ds.tags == {"team": "search", "mlflow.user": "ada"}
    assert ds.experiment_ids == [experiment]
    got = get_dataset(dataset_id=ds.dataset_id)
    assert (got.name, got.tags, got.digest, got.created_time) == (ds.name, ds.tags, ds.digest, ds.created_time)
    assert got.experiment_ids == [experiment], "loaded lazily from experiment-ids"
    assert got.schema is None and got.profile is None
    assert got.to_df().empty


def test_merge_records_from_dicts_dedups_by_inputs(experiment):
    ds = create_dataset(name=unique("dicts"), experiment_id=experiment)
    ds.merge_records([{"inputs": {"q": "a"}, "expectations": {"x": 1}},
                      {"inputs": {"q": "b"}}])
    ds.merge_records([{"inputs": {"q": "a"}, "expectations": {"y": 2}, "outputs": "A"}])
    got = get_dataset(dataset_id=ds.dataset_id)
    assert json.loads(got.profile) == {"num_records": 2}
    assert json.loads(got.schema) == {"inputs": {"q": "string"}, "outputs": "string",
                                      "expectations": {"x": "integer", "y": "integer"}, "version": "1.0"}
    df = got.to_df().sort_values("source_type").reset_index(drop=True)
    assert df["source_type"].tolist() == ["CODE", "HUMAN"], "inferred by the client: no expectations is CODE"
    human = df.iloc[1]
    assert human["expectations"] == {"x": 1, "y": 2} and human["outputs"] == "A"
    assert human["source"].source_type.value == "HUMAN"


def test_merge_records_from_search_traces(experiment):
    _traced_questions()
    traces = mlflow.search_traces(locations=[experiment])
    assert len(traces) == 2
    ds = create_dataset(name=unique("traces"), experiment_id=experiment)
    ds.merge_records(traces)
    df = ds.to_df()
    assert len(df) == 2
    assert set(df["source_type"]) == {"TRACE"}
    trace_ids = set(traces["trace_id"])
    assert set(df["source_id"]) == trace_ids
    for row in df.to_dict("records"):
        assert row["expectations"] == {"expected_answer": row["inputs"]["question"].upper()}
        assert row["outputs"] == {"answer": row["inputs"]["question"].upper(), "locale": "en"}
        assert row["source"].source_data["trace_id"] in trace_ids
    # The same traces again are the same inputs: merged, not added.
    ds.merge_records(mlflow.search_traces(locations=[experiment], return_type="list"))
    assert len(ds.to_df()) == 2


def test_records_page_by_cursor_over_many_pages(server_url, experiment):
    ds = create_dataset(name=unique("pages"), experiment_id=experiment)
    ds.merge_records([{"inputs": {"i": i}} for i in range(2500)])
    assert len(get_dataset(dataset_id=ds.dataset_id).to_df()) == 2500
    url = f"{server_url}/api/3.0/mlflow/datasets/{ds.dataset_id}/records"
    seen, token, pages = [], None, 0
    while True:
        params = {"max_results": 400} | ({"page_token": token} if token else {})
        answer = requests.get(url, params=params, timeout=60).json()
        batch = json.loads(answer["records"])
        pages += 1
        if pages == 2:  # records added while paging come at the end, none skipped or repeated
            ds.merge_records([{"inputs": {"i": 2500}}, {"inputs": {"i": 0}}])
        seen += [r["inputs"]["i"] for r in batch]
        token = answer.get("next_page_token")
        if token:
            ct, rid = base64.b64decode(token).decode().split(":", 1)
            assert (int(ct), rid) == (batch[-1]["created_time"], batch[-1]["dataset_record_id"])
        else:
            break
    assert pages == 7
    assert sorted(seen) == list(range(2501)) and len(seen) == 2501


def test_tags_set_and_delete(experiment):
    ds = create_dataset(name=unique("tags"), experiment_id=experiment, tags={"keep": "1"})
    before = get_dataset(dataset_id=ds.dataset_id)
    set_dataset_tags(dataset_id=ds.dataset_id, tags={"env": "prod", "n": 5, "flag": False, "skipped": None})
    delete_dataset_tag(dataset_id=ds.dataset_id, key="keep")
    after = get_dataset(dataset_id=ds.dataset_id)
    # The client adds the mlflow.user tag of whoever creates the dataset.
    assert after.tags == {"env": "prod", "n": "5", "flag": "False", "mlflow.user": before.tags["mlflow.user"]}
    assert after.last_update_time == before.last_update_time


def test_experiment_links(experiment):
    other = MlflowClient().create_experiment(unique("other"))
    ds = create_dataset(name=unique("links"), experiment_id=experiment)
    MlflowClient().add_dataset_to_experiments(ds.dataset_id, [other])
    assert get_dataset(dataset_id=ds.dataset_id).experiment_ids == [experiment, other]
    assert [d.dataset_id for d in search_datasets(experiment_ids=[other])] == [ds.dataset_id]
    MlflowClient().remove_dataset_from_experiments(ds.dataset_id, [experiment])
    assert get_dataset(dataset_id=ds.dataset_id).experiment_ids == [other]
    assert search_datasets(experiment_ids=[experiment]) == []


def test_bad_input_gets_mlflow_errors(server_url, experiment):
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        get_dataset(dataset_id=UNKNOWN)
    for bad in ("bogus = 'x'", "tags.team IS NULL", "created_time > '5'", "name NOT IN ('a')", "name = a"):
        with raises_mlflow("INVALID_PARAMETER_VALUE"):
            search_datasets(filter_string=bad)
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        search_datasets(order_by=["tags.team"])
    ds = create_dataset(name=unique("bad"), experiment_id=experiment)
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        ds.merge_records([{"inputs": {"q": 1}, "source": {"source_type": "bogus"}}])
    records = f"{server_url}/api/3.0/mlflow/datasets/{ds.dataset_id}/records"
    for body in ({"records": "not json"}, {"records": "[1]"}, {"records": "[{\"inputs\": [1]}]"}, {}):
        answer = requests.post(records, json=body, timeout=30)
        assert answer.status_code == 400 and answer.json()["error_code"] == "INVALID_PARAMETER_VALUE", answer.text
    answer = requests.get(records, params={"page_token": "garbage"}, timeout=30)
    assert answer.status_code == 400, answer.text
    assert ds.to_df().empty
