"""Runs: lifecycle, names, nesting, params, tags, delete/restore."""

from __future__ import annotations

import re
import time

import mlflow
import pytest
from mlflow.entities import Param, RunStatus, RunTag, ViewType

from lbutil import raises_mlflow, unique

RUN_ID_RE = re.compile(r"^[0-9a-f]{32}$")


@pytest.fixture
def fluent_experiment(server_url):
    exp = mlflow.set_experiment(unique("runs"))
    return exp.experiment_id


# ------------------------------------------------------------------------------------------------
# lifecycle
# ------------------------------------------------------------------------------------------------
def test_start_run_and_end_run(fluent_experiment, client):
    before = int(time.time() * 1000)
    with mlflow.start_run() as run:
        info = run.info
        assert RUN_ID_RE.match(info.run_id)
        assert info.experiment_id == fluent_experiment
        assert info.status == "RUNNING"
        assert info.lifecycle_stage == "active"
        assert info.start_time >= before - 5_000
        assert info.end_time is None
        assert info.run_id in info.artifact_uri
        live = client.get_run(info.run_id)
        assert live.info.status == "RUNNING"
        assert live.info.end_time is None
        # client-side context tags arrive on the server
        assert live.data.tags["mlflow.source.type"]
        assert "mlflow.user" in live.data.tags
        assert live.info.user_id == live.data.tags["mlflow.user"]
    done = client.get_run(info.run_id)
    assert done.info.status == "FINISHED"
    assert done.info.end_time is not None
    assert done.info.end_time >= done.info.start_time
    assert mlflow.active_run() is None
    assert mlflow.last_active_run().info.run_id == info.run_id


def test_exception_in_with_block_marks_run_failed(fluent_experiment, client):
    with pytest.raises(RuntimeError, match="boom"):
        with mlflow.start_run() as run:
            raise RuntimeError("boom")
    got = client.get_run(run.info.run_id)
    assert got.info.status == "FAILED"
    assert got.info.end_time is not None


def test_set_terminated_with_explicit_status(client, experiment_id):
    run = client.create_run(experiment_id)
    client.set_terminated(run.info.run_id, status="KILLED", end_time=run.info.start_time + 1234)
    got = client.get_run(run.info.run_id)
    assert got.info.status == "KILLED"
    assert got.info.end_time == run.info.start_time + 1234
    # no server-side state machine: a run can be set back to RUNNING (this is how resume works)
    client.update_run(run.info.run_id, status="RUNNING")
    assert client.get_run(run.info.run_id).info.status == "RUNNING"


def test_resume_run_by_id(fluent_experiment, client):
    with mlflow.start_run() as run:
        mlflow.log_param("p", "1")
    assert client.get_run(run.info.run_id).info.status == "FINISHED"
    with mlflow.start_run(run_id=run.info.run_id) as resumed:
        assert resumed.info.run_id == run.info.run_id
        assert client.get_run(run.info.run_id).info.status == "RUNNING"
        mlflow.log_param("q", "2")
    got = client.get_run(run.info.run_id)
    assert got.info.status == "FINISHED"
    assert got.data.params == {"p": "1", "q": "2"}


def test_create_run_with_explicit_fields(client, experiment_id):
    start = 1_700_000_000_123
    run = client.create_run(experiment_id, start_time=start, tags={"a": "b"}, run_name="explicit")
    assert run.info.start_time == start
    assert run.info.run_name == "explicit"
    assert run.data.tags["a"] == "b"
    assert run.data.tags["mlflow.runName"] == "explicit"
    got = client.get_run(run.info.run_id)
    assert got.info.start_time == start
    assert got.info.run_name == "explicit"
    assert got.info.experiment_id == experiment_id


def test_get_unknown_run(client):
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.get_run("0123456789abcdef0123456789abcdef")


def test_run_ids_are_case_sensitive(client, experiment_id):
    """Guards against case-insensitive collations: an upper-cased id is a different (unknown) run."""
    run_id = client.create_run(experiment_id).info.run_id
    assert run_id == run_id.lower()
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.get_run(run_id.upper())


def test_delete_and_restore_are_idempotent(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    client.restore_run(run_id)  # restoring an active run is a no-op
    client.delete_run(run_id)
    client.delete_run(run_id)  # deleting twice is a no-op
    assert client.get_run(run_id).info.lifecycle_stage == "deleted"


# ------------------------------------------------------------------------------------------------
# names and nesting
# ------------------------------------------------------------------------------------------------
def test_run_name_generated_when_absent(fluent_experiment, client):
    with mlflow.start_run() as run:
        pass
    got = client.get_run(run.info.run_id)
    assert got.info.run_name
    assert got.data.tags["mlflow.runName"] == got.info.run_name
    # MlflowClient.create_run without a name, too
    r2 = client.create_run(fluent_experiment)
    assert r2.info.run_name
    assert r2.data.tags["mlflow.runName"] == r2.info.run_name
    assert client.get_run(r2.info.run_id).info.run_name == r2.info.run_name


def test_run_name_given(fluent_experiment, client):
    with mlflow.start_run(run_name="my run/1") as run:
        assert run.info.run_name == "my run/1"
    got = client.get_run(run.info.run_id)
    assert got.info.run_name == "my run/1"
    assert got.data.tags["mlflow.runName"] == "my run/1"


def test_rename_run_via_update(client, experiment_id):
    run = client.create_run(experiment_id, run_name="before")
    client.update_run(run.info.run_id, name="after")
    got = client.get_run(run.info.run_id)
    assert got.info.run_name == "after"
    assert got.data.tags["mlflow.runName"] == "after"
    assert got.info.status == "RUNNING"  # only the name changed


def test_rename_run_via_tag(client, experiment_id):
    run = client.create_run(experiment_id, run_name="before")
    client.set_tag(run.info.run_id, "mlflow.runName", "via-tag")
    got = client.get_run(run.info.run_id)
    assert got.info.run_name == "via-tag"
    assert got.data.tags["mlflow.runName"] == "via-tag"
    found = client.search_runs([experiment_id], filter_string="attributes.run_name = 'via-tag'")
    assert [r.info.run_id for r in found] == [run.info.run_id]


def test_nested_runs(fluent_experiment, client):
    with mlflow.start_run(run_name="parent") as parent:
        with mlflow.start_run(run_name="child-1", nested=True) as child1:
            with mlflow.start_run(run_name="grandchild", nested=True) as grandchild:
                pass
        with mlflow.start_run(run_name="child-2", nested=True) as child2:
            pass
        assert mlflow.active_run().info.run_id == parent.info.run_id
    pid = parent.info.run_id
    assert "mlflow.parentRunId" not in client.get_run(pid).data.tags
    assert client.get_run(child1.info.run_id).data.tags["mlflow.parentRunId"] == pid
    assert client.get_run(child2.info.run_id).data.tags["mlflow.parentRunId"] == pid
    assert client.get_run(grandchild.info.run_id).data.tags["mlflow.parentRunId"] == child1.info.run_id
    children = client.search_runs([fluent_experiment],
                                  filter_string=f"tags.`mlflow.parentRunId` = '{pid}'",
                                  order_by=["attributes.run_name ASC"])
    assert [r.info.run_name for r in children] == ["child-1", "child-2"]
    for r in (parent, child1, child2, grandchild):
        assert client.get_run(r.info.run_id).info.status == "FINISHED"


def test_run_description_tag(fluent_experiment, client):
    with mlflow.start_run(description="a **markdown** note") as run:
        pass
    assert client.get_run(run.info.run_id).data.tags["mlflow.note.content"] == "a **markdown** note"


# ------------------------------------------------------------------------------------------------
# params
# ------------------------------------------------------------------------------------------------
def test_log_param_and_params(fluent_experiment, client):
    with mlflow.start_run() as run:
        mlflow.log_param("lr", 0.01)
        mlflow.log_params({"layers": 3, "optimizer": "adam", "dropout": "0.2", "flag": True})
    params = client.get_run(run.info.run_id).data.params
    assert params == {"lr": "0.01", "layers": "3", "optimizer": "adam", "dropout": "0.2",
                      "flag": "True"}


def test_relog_same_param_value_is_ok(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    client.log_param(run_id, "alpha", "0.5")
    client.log_param(run_id, "alpha", "0.5")
    client.log_batch(run_id, params=[Param("alpha", "0.5")])
    assert client.get_run(run_id).data.params == {"alpha": "0.5"}


def test_changing_param_value_is_rejected(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    client.log_param(run_id, "alpha", "0.5")
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.log_param(run_id, "alpha", "0.6")
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.log_batch(run_id, params=[Param("alpha", "0.7")])
    assert client.get_run(run_id).data.params == {"alpha": "0.5"}


def test_fluent_changing_param_raises(fluent_experiment):
    with mlflow.start_run():
        mlflow.log_param("x", 1)
        with raises_mlflow("INVALID_PARAMETER_VALUE"):
            mlflow.log_param("x", 2)


def test_param_keys_are_case_sensitive(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    client.log_param(run_id, "lr", "0.1")
    client.log_param(run_id, "LR", "0.2")  # a different key, not a change of 'lr'
    client.log_param(run_id, "Lr", "0.3")
    assert client.get_run(run_id).data.params == {"lr": "0.1", "LR": "0.2", "Lr": "0.3"}


def test_keys_differing_only_in_case_or_trailing_space_are_distinct(client, experiment_id):
    """Guards against case-insensitive / PAD SPACE collations on key columns."""
    run_id = client.create_run(experiment_id).info.run_id
    client.log_param(run_id, "pad", "1")
    client.log_param(run_id, "pad ", "2")
    client.set_tag(run_id, "Team", "A")
    client.set_tag(run_id, "team", "b")
    client.log_metric(run_id, "Loss", 1.0, timestamp=1, step=0)
    client.log_metric(run_id, "loss", 2.0, timestamp=1, step=0)
    data = client.get_run(run_id).data
    assert data.params == {"pad": "1", "pad ": "2"}
    assert data.tags["Team"] == "A" and data.tags["team"] == "b"
    assert data.metrics == {"Loss": 1.0, "loss": 2.0}
    assert [m.value for m in client.get_metric_history(run_id, "Loss")] == [1.0]
    found = client.search_runs([experiment_id], "tags.team = 'b' AND params.pad = '1'")
    assert [r.info.run_id for r in found] == [run_id]
    assert client.search_runs([experiment_id], "tags.team = 'A'") == []


def test_many_params_are_chunked_and_all_stored(fluent_experiment, client):
    params = {f"p{i:03d}": str(i) for i in range(250)}  # client splits into batches of 100
    with mlflow.start_run() as run:
        mlflow.log_params(params)
    assert client.get_run(run.info.run_id).data.params == params


def test_long_and_unicode_param_values(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    long_value = ("0123456789" * 600)  # 6000 chars: the documented maximum
    uni = "naïve – 日本語 – 🚀 – \"quotes\" 'single' \\ backslash\nnewline\ttab"
    client.log_param(run_id, "long", long_value)
    client.log_param(run_id, "unicode", uni)
    client.log_param(run_id, "empty", "")
    client.log_param(run_id, "key with spaces/and.dots-and_dashes", "v")
    params = client.get_run(run_id).data.params
    assert params["long"] == long_value
    assert params["unicode"] == uni
    assert params["empty"] == ""
    assert params["key with spaces/and.dots-and_dashes"] == "v"


# ------------------------------------------------------------------------------------------------
# tags
# ------------------------------------------------------------------------------------------------
def test_set_tags_and_delete_tag(fluent_experiment, client):
    with mlflow.start_run() as run:
        mlflow.set_tag("team", "risk")
        mlflow.set_tags({"owner": "alice", "stage": "dev"})
        mlflow.set_tag("stage", "prod")  # tags are upserts
    rid = run.info.run_id
    tags = client.get_run(rid).data.tags
    assert tags["team"] == "risk" and tags["owner"] == "alice" and tags["stage"] == "prod"
    client.delete_tag(rid, "owner")
    tags = client.get_run(rid).data.tags
    assert "owner" not in tags
    assert tags["team"] == "risk"
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.delete_tag(rid, "owner")
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.delete_tag(rid, "never-set")


def test_long_and_unicode_tag_values(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    long_value = "x" * 8000  # the documented maximum for run tags
    uni = "ünïcødé ✓ 中文 🎉"
    client.set_tag(run_id, "long", long_value)
    client.set_tag(run_id, "uni", uni)
    client.log_batch(run_id, tags=[RunTag("batch.tag", uni)])
    tags = client.get_run(run_id).data.tags
    assert tags["long"] == long_value
    assert tags["uni"] == uni
    assert tags["batch.tag"] == uni


# ------------------------------------------------------------------------------------------------
# delete / restore
# ------------------------------------------------------------------------------------------------
def test_delete_and_restore_run(client, experiment_id):
    keep = client.create_run(experiment_id).info.run_id
    gone = client.create_run(experiment_id).info.run_id
    client.delete_run(gone)
    info = client.get_run(gone).info  # still readable
    assert info.lifecycle_stage == "deleted"

    def ids(view):
        return {r.info.run_id for r in client.search_runs([experiment_id], run_view_type=view)}

    assert ids(ViewType.ACTIVE_ONLY) == {keep}
    assert ids(ViewType.DELETED_ONLY) == {gone}
    assert ids(ViewType.ALL) == {keep, gone}
    assert set(mlflow.search_runs([experiment_id])["run_id"]) == {keep}

    client.restore_run(gone)
    assert client.get_run(gone).info.lifecycle_stage == "active"
    assert ids(ViewType.ACTIVE_ONLY) == {keep, gone}
    assert ids(ViewType.DELETED_ONLY) == set()


def test_logging_to_deleted_run_fails(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    client.delete_run(run_id)
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.log_param(run_id, "p", "1")
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.log_metric(run_id, "m", 1.0)
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.set_tag(run_id, "t", "1")
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.log_batch(run_id, params=[Param("q", "1")])
    with raises_mlflow("INVALID_PARAMETER_VALUE"):
        client.set_terminated(run_id)
    data = client.get_run(run_id).data
    assert data.params == {} and data.metrics == {}
    assert "t" not in data.tags


def test_delete_unknown_run(client):
    with raises_mlflow("RESOURCE_DOES_NOT_EXIST"):
        client.delete_run("fedcba9876543210fedcba9876543210")


def test_run_status_enum_values(client, experiment_id):
    run_id = client.create_run(experiment_id).info.run_id
    for status in ("SCHEDULED", "FAILED", "KILLED", "FINISHED", "RUNNING"):
        client.update_run(run_id, status=status)
        assert client.get_run(run_id).info.status == status
        assert RunStatus.from_string(status)  # sanity: a real enum name
