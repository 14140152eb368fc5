"""Experiments: create / get / rename / delete / restore / tags / search / paging."""

from __future__ import annotations

import mlflow
import pytest
from mlflow.entities import ViewType

from lbutil import raises_mlflow, unique


def test_default_experiment_exists(client):
    exp = client.get_experiment("0")
    assert exp.experiment_id == "0"
    assert exp.name == "Default"
    assert exp.lifecycle_stage == "active"
    assert client.get_experiment_by_name("Default").experiment_id == "0"


def test_set_experiment_creates_then_reuses(server_url):
    name = unique("set-exp")
    assert mlflow.get_experiment_by_name(name) is None
    exp = mlflow.set_experiment(name)
    assert exp.name == name
    assert exp.lifecycle_stage == "active"
    assert isinstance(exp.experiment_id, str) and exp.experiment_id
    again = mlflow.set_experiment(name)
    assert again.experiment_id == exp.experiment_id
    fetched = mlflow.get_experiment_by_name(name)
    assert fetched is not None and fetched.experiment_id == exp.experiment_id
    # a run started now lands in that experiment
    with mlflow.start_run() as run:
        pass
    assert run.info.experiment_id == exp.experiment_id
    # set_experiment by id
    assert mlflow.set_experiment(experiment_id=exp.experiment_id).name == name


def test_get_experiment_by_name_missing_returns_none(client):
    assert client.get_experiment_by_name(unique("missing")) is None
    assert mlflow.get_experiment_by_name(unique("missing")) is None


def test_get_experiment_unknown_id(client):
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.get_experiment("987654321012")


def test_create_experiment_with_tags(client):
    name = unique("tagged")
    exp_id = client.create_experiment(name, tags={"team": "risk", "priority": "1", "with space": "v"})
    exp = client.get_experiment(exp_id)
    assert exp.name == name
    assert exp.tags["team"] == "risk"
    assert exp.tags["priority"] == "1"
    assert exp.tags["with space"] == "v"
    assert exp.lifecycle_stage == "active"
    assert exp.creation_time and exp.creation_time > 1_500_000_000_000
    assert exp.last_update_time and exp.last_update_time >= exp.creation_time
    assert exp.artifact_location  # server assigns one
    by_name = client.get_experiment_by_name(name)
    assert by_name.experiment_id == exp_id
    assert by_name.tags["team"] == "risk"


def test_create_duplicate_name_fails(client):
    name = unique("dup")
    client.create_experiment(name)
    with raises_mlflow("RESOURCE_ALREADY_EXISTS"):
        client.create_experiment(name)


def test_experiment_names_are_case_sensitive(client):
    name = unique("Case")
    a = client.create_experiment(name)
    b = client.create_experiment(name.upper())
    assert a != b
    assert client.get_experiment_by_name(name).experiment_id == a
    assert client.get_experiment_by_name(name.upper()).experiment_id == b
    assert client.get_experiment_by_name(name.lower()) is None


def test_unicode_experiment_name_round_trips(client):
    name = unique("unicodé-日本語-🚀")
    exp_id = client.create_experiment(name)
    assert client.get_experiment(exp_id).name == name
    assert client.get_experiment_by_name(name).experiment_id == exp_id


def test_rename_experiment(client):
    old, new = unique("old"), unique("new")
    exp_id = client.create_experiment(old)
    before = client.get_experiment(exp_id)
    client.rename_experiment(exp_id, new)
    after = client.get_experiment(exp_id)
    assert after.name == new
    assert after.last_update_time >= before.last_update_time
    assert client.get_experiment_by_name(new).experiment_id == exp_id
    assert client.get_experiment_by_name(old) is None


def test_rename_to_existing_name_fails(client):
    a, b = unique("a"), unique("b")
    client.create_experiment(a)
    b_id = client.create_experiment(b)
    # stock MLflow answers 400 (RESOURCE_ALREADY_EXISTS, or BAD_REQUEST from its unique index)
    with raises_mlflow("RESOURCE_ALREADY_EXISTS", "BAD_REQUEST", "INVALID_PARAMETER_VALUE"):
        client.rename_experiment(b_id, a)
    assert client.get_experiment(b_id).name == b


def test_delete_and_restore_experiment(client):
    name = unique("lifecycle")
    exp_id = client.create_experiment(name)
    prefix_filter = f"name = '{name}'"

    client.delete_experiment(exp_id)
    exp = client.get_experiment(exp_id)  # deleted experiments can still be fetched
    assert exp.lifecycle_stage == "deleted"
    by_name = client.get_experiment_by_name(name)
    assert by_name is not None and by_name.lifecycle_stage == "deleted"

    assert client.search_experiments(filter_string=prefix_filter) == []
    assert [e.experiment_id for e in client.search_experiments(
        view_type=ViewType.DELETED_ONLY, filter_string=prefix_filter)] == [exp_id]
    assert [e.experiment_id for e in client.search_experiments(
        view_type=ViewType.ALL, filter_string=prefix_filter)] == [exp_id]
    assert mlflow.search_experiments(filter_string=prefix_filter) == []

    # the name stays reserved while the experiment is deleted
    with raises_mlflow("RESOURCE_ALREADY_EXISTS"):
        client.create_experiment(name)

    client.restore_experiment(exp_id)
    assert client.get_experiment(exp_id).lifecycle_stage == "active"
    assert [e.experiment_id for e in client.search_experiments(filter_string=prefix_filter)] == [exp_id]
    assert client.search_experiments(view_type=ViewType.DELETED_ONLY,
                                     filter_string=prefix_filter) == []


def test_delete_experiment_cascades_to_runs(client):
    exp_id = client.create_experiment(unique("cascade"))
    run = client.create_run(exp_id)
    client.delete_experiment(exp_id)
    assert client.get_run(run.info.run_id).info.lifecycle_stage == "deleted"
    client.restore_experiment(exp_id)
    assert client.get_run(run.info.run_id).info.lifecycle_stage == "active"


def test_create_run_in_deleted_experiment_fails(client):
    exp_id = client.create_experiment(unique("gone"))
    client.delete_experiment(exp_id)
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.create_run(exp_id)


def test_set_experiment_on_deleted_experiment_raises(client):
    name = unique("deleted-set")
    exp_id = client.create_experiment(name)
    client.delete_experiment(exp_id)
    with pytest.raises(mlflow.exceptions.MlflowException):
        mlflow.set_experiment(name)


def test_delete_unknown_experiment(client):
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.delete_experiment("987654321013")


def test_set_and_delete_experiment_tag(client, experiment_id):
    client.set_experiment_tag(experiment_id, "stage", "dev")
    assert client.get_experiment(experiment_id).tags["stage"] == "dev"
    client.set_experiment_tag(experiment_id, "stage", "prod")  # upsert
    assert client.get_experiment(experiment_id).tags["stage"] == "prod"
    client.set_experiment_tag(experiment_id, "other", "x")
    client.delete_experiment_tag(experiment_id, "stage")
    tags = client.get_experiment(experiment_id).tags
    assert "stage" not in tags
    assert tags["other"] == "x"
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.delete_experiment_tag(experiment_id, "stage")


def test_fluent_set_experiment_tags(server_url):
    exp = mlflow.set_experiment(unique("fluent-tags"))
    mlflow.set_experiment_tags({"a": "1", "b": "2"})
    tags = mlflow.get_experiment(exp.experiment_id).tags
    assert tags["a"] == "1" and tags["b"] == "2"


def test_search_experiments_name_like_and_order(client):
    prefix = unique("srch")
    ids = {}
    for suffix in ["b", "a", "c"]:
        ids[suffix] = client.create_experiment(f"{prefix}-{suffix}")
    res = client.search_experiments(filter_string=f"name LIKE '{prefix}-%'", order_by=["name ASC"])
    assert [e.name for e in res] == [f"{prefix}-a", f"{prefix}-b", f"{prefix}-c"]
    res = client.search_experiments(filter_string=f"name LIKE '{prefix}-%'", order_by=["name DESC"])
    assert [e.name for e in res] == [f"{prefix}-c", f"{prefix}-b", f"{prefix}-a"]
    # default order: creation_time DESC (newest first), ties broken by experiment id
    res = client.search_experiments(filter_string=f"name LIKE '{prefix}-%'")
    times = [e.creation_time for e in res]
    assert times == sorted(times, reverse=True)
    assert {e.experiment_id for e in res} == set(ids.values())
    # LIKE is case-sensitive, ILIKE is not
    assert client.search_experiments(filter_string=f"name LIKE '{prefix.upper()}-%'") == []
    assert len(client.search_experiments(filter_string=f"name ILIKE '{prefix.upper()}-%'")) == 3
    # equality and inequality on name
    res = client.search_experiments(filter_string=f"name = '{prefix}-a'")
    assert [e.experiment_id for e in res] == [ids["a"]]
    res = client.search_experiments(
        filter_string=f"name LIKE '{prefix}-%' AND name != '{prefix}-a'", order_by=["name"])
    assert [e.name for e in res] == [f"{prefix}-b", f"{prefix}-c"]
    # order by experiment_id
    res = client.search_experiments(filter_string=f"name LIKE '{prefix}-%'",
                                     order_by=["experiment_id DESC"])
    assert [e.experiment_id for e in res] == sorted(ids.values(), key=int, reverse=True)


def test_search_experiments_by_tags(client):
    prefix = unique("tagsrch")
    risk = client.create_experiment(f"{prefix}-1", tags={"team": "risk", "env": "prod"})
    growth = client.create_experiment(f"{prefix}-2", tags={"team": "growth"})
    untagged = client.create_experiment(f"{prefix}-3")
    base = f"name LIKE '{prefix}-%'"

    def ids(flt, **kw):
        return {e.experiment_id for e in client.search_experiments(filter_string=f"{base} AND {flt}", **kw)}

    assert ids("tags.team = 'risk'") == {risk}
    assert ids("tags.team != 'risk'") == {growth}  # missing tag never matches a comparison
    assert ids("tags.team LIKE 'gro%'") == {growth}
    assert ids("tags.team ILIKE 'RISK'") == {risk}
    assert ids("tags.team = 'RISK'") == set()  # '=' is case-sensitive
    assert ids("tags.env IS NULL") == {growth, untagged}
    assert ids("tags.env IS NOT NULL") == {risk}
    assert ids("tags.`team` = 'growth'") == {growth}


def test_search_experiments_gateway_is_null_filter(client):
    """The stock UI's experiment list always sends this filter."""
    prefix = unique("gw")
    normal = client.create_experiment(f"{prefix}-normal")
    gateway = client.create_experiment(f"{prefix}-gw", tags={"mlflow.experiment.isGateway": "true"})
    res = client.search_experiments(
        filter_string=f"tags.`mlflow.experiment.isGateway` IS NULL AND name ILIKE '%{prefix}%'")
    assert [e.experiment_id for e in res] == [normal]
    res = client.search_experiments(
        filter_string=f"tags.`mlflow.experiment.isGateway` = 'true' AND name LIKE '{prefix}%'")
    assert [e.experiment_id for e in res] == [gateway]


def test_search_experiments_paging(client):
    prefix = unique("page")
    created = [client.create_experiment(f"{prefix}-{i:02d}") for i in range(7)]
    flt = f"name LIKE '{prefix}-%'"
    seen = []
    sizes = []
    token = None
    for _ in range(10):
        page = client.search_experiments(max_results=3, filter_string=flt, order_by=["name ASC"],
                                         page_token=token)
        sizes.append(len(page))
        seen.extend(e.experiment_id for e in page)
        token = page.token
        if not token:
            break
    assert sizes == [3, 3, 1]
    assert seen == created  # names were created in ascending order
    # fluent search_experiments pages through everything on its own
    all_fluent = mlflow.search_experiments(filter_string=flt, order_by=["name ASC"])
    assert [e.experiment_id for e in all_fluent] == created
    limited = mlflow.search_experiments(filter_string=flt, order_by=["name ASC"], max_results=4)
    assert [e.experiment_id for e in limited] == created[:4]


def test_search_experiments_exact_page_boundary_has_no_token(client):
    prefix = unique("boundary")
    for i in range(4):
        client.create_experiment(f"{prefix}-{i}")
    page1 = client.search_experiments(max_results=2, filter_string=f"name LIKE '{prefix}-%'")
    assert len(page1) == 2 and page1.token
    page2 = client.search_experiments(max_results=2, filter_string=f"name LIKE '{prefix}-%'",
                                      page_token=page1.token)
    assert len(page2) == 2
    if page2.token:  # a token on an exactly-full last page must lead to an empty page
        page3 = client.search_experiments(max_results=2, filter_string=f"name LIKE '{prefix}-%'",
                                          page_token=page2.token)
        assert len(page3) == 0 and not page3.token


def test_search_experiments_invalid_filter(client):
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.search_experiments(filter_string="metrics.x > 1")
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.search_experiments(filter_string="name = 'a' OR name = 'b'")


def test_experiment_names_differing_in_accents_or_trailing_space_are_distinct(client):
    """Guards against accent-insensitive / PAD SPACE collations in SQL backends."""
    base = unique("cafe")
    plain = client.create_experiment(base)
    accented = client.create_experiment(base.replace("cafe", "café"))
    padded = client.create_experiment(base + " ")
    assert len({plain, accented, padded}) == 3
    assert client.get_experiment_by_name(base).experiment_id == plain
    assert client.get_experiment_by_name(base.replace("cafe", "café")).experiment_id == accented
    assert client.get_experiment_by_name(base + " ").experiment_id == padded
    res = client.search_experiments(filter_string=f"name = '{base}'")
    assert [e.experiment_id for e in res] == [plain]


def test_delete_or_restore_in_wrong_state(client):
    exp_id = client.create_experiment(unique("states"))
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.restore_experiment(exp_id)  # only deleted experiments can be restored
    client.delete_experiment(exp_id)
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.delete_experiment(exp_id)  # only active experiments can be deleted
    assert client.get_experiment(exp_id).lifecycle_stage == "deleted"


def test_rename_deleted_experiment_fails(client):
    name = unique("ren-del")
    exp_id = client.create_experiment(name)
    client.delete_experiment(exp_id)
    # stock MLflow: INVALID_STATE (HTTP 500); a 400 INVALID_PARAMETER_VALUE is the saner variant
    with raises_mlflow("INVALID_STATE", "INVALID_PARAMETER_VALUE"):
        client.rename_experiment(exp_id, unique("renamed"))
    assert client.get_experiment(exp_id).name == name


def test_non_integer_experiment_id(client):
    with raises_mlflow("INVALID_PARAMETER_VALUE", "RESOURCE_DOES_NOT_EXIST"):
        client.get_experiment("not-a-number")


def test_artifact_locations(client):
    exp_id = client.create_experiment(unique("art"))
    exp = client.get_experiment(exp_id)
    assert exp.artifact_location.rstrip("/").endswith(exp_id)
    run = client.create_run(exp_id)
    assert run.info.artifact_uri == f"{exp.artifact_location.rstrip('/')}/{run.info.run_id}/artifacts"
    custom = client.create_experiment(unique("art-custom"), artifact_location="/tmp/custom-artifacts")
    assert client.get_experiment(custom).artifact_location == "/tmp/custom-artifacts"
    run = client.create_run(custom)
    assert run.info.artifact_uri == f"/tmp/custom-artifacts/{run.info.run_id}/artifacts"


def test_search_experiments_by_creation_time(client):
    prefix = unique("ctime")
    first = client.create_experiment(f"{prefix}-1")
    t = client.get_experiment(first).creation_time
    res = client.search_experiments(filter_string=f"name LIKE '{prefix}-%' AND creation_time >= {t}")
    assert [e.experiment_id for e in res] == [first]
    assert client.search_experiments(
        filter_string=f"name LIKE '{prefix}-%' AND creation_time < {t}") == []


def test_search_experiments_max_results_limit(client):
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.search_experiments(max_results=50001)
