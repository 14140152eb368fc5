"""Label schemas and review queues (the UI's Review page) through the stock client's
``mlflow.genai.label_schemas`` and ``mlflow.genai.review_queues`` functions, with real traces as
queue items. The same scripted review runs against a stock ``mlflow server`` started here; both
must answer the same entities and the same errors once ids and times are set aside.
"""

from __future__ import annotations

import re
import time

import mlflow
import pytest
import requests
from mlflow.exceptions import MlflowException
from mlflow.genai import label_schemas as ls
from mlflow.genai import review_queues as rq

from auth_servers import ADMIN, ADMIN_PASSWORD, start_auth_server
from lbutil import unique
from stock_mlflow import stock_mlflow

API = "/api/3.0/mlflow"


@pytest.fixture(scope="module")
def stock_url():
    with stock_mlflow("review") as url:
        yield url


@pytest.fixture
def review_experiment(server_url):
    return mlflow.set_experiment(unique("review")).experiment_id


@mlflow.trace
def _answer(question: str) -> str:
    return question.upper()


def _traces(n: int) -> list[str]:
    ids = []
    for i in range(n):
        _answer(f"question {i}")
        ids.append(mlflow.get_last_active_trace_id())
        time.sleep(0.002)
    mlflow.flush_trace_async_logging()
    return ids


def _error(call) -> tuple[str, str]:
    with pytest.raises(MlflowException) as excinfo:
        call()
    return excinfo.value.error_code, _normalise_text(excinfo.value.message)


ID = re.compile(r"\b(ls|rq|tr)-[0-9a-f]{32}\b")


def _normalise_text(text: str) -> str:
    return re.sub(r"experiment '\d+'", "experiment 'E'", ID.sub(lambda m: m.group(1) + "-ID", text))


def _schema(s) -> dict:
    return {"name": s.name, "type": str(s.type), "input": repr(s.input), "instruction": s.instruction,
            "enable_comment": s.enable_comment, "is_default": s.is_default, "has_times": bool(s.created_at and s.updated_at)}


def _queue(q, schema_names: dict) -> dict:
    return {"name": q.name, "type": str(q.queue_type), "users": q.users, "created_by": q.created_by,
            # Both servers list a queue's questions by schema id, which each chooses at random.
            "schemas": sorted(schema_names.get(s, s) for s in q.schema_ids)}


def _item(i, trace_names: dict) -> tuple:
    return (trace_names[i.item_id], str(i.status), i.completed_by, i.completed_time_ms is not None,
            i.creation_time_ms <= i.last_update_time_ms)


def _scenario(url: str) -> dict:
    """The review, start to end; returns what the server answered, normalised for comparison."""
    mlflow.set_tracking_uri(url)
    experiment_id = mlflow.set_experiment(unique("review-side-by-side")).experiment_id
    traces = _traces(5)
    trace_names = {t: f"trace{i}" for i, t in enumerate(traces)}
    out: dict = {}

    correct = ls.create_label_schema("Is it correct?", type="feedback",
                                     input=ls.InputPassFail(positive_label="Yes", negative_label="No"),
                                     instruction="Judge the answer.", enable_comment=True)
    tone = ls.create_label_schema("Tone", type="feedback", input=ls.InputCategorical(options=["calm", "rude"]))
    ls.create_label_schema("Score", type="feedback", input=ls.InputNumeric(min_value=0, max_value=10))
    ls.create_label_schema("Ideal answer", type="expectation", input=ls.InputText(max_length=500))
    schema_names = {}
    listed = ls.list_label_schemas(experiment_id)
    schema_names.update({s.schema_id: s.name for s in listed})
    out["schemas"] = [_schema(s) for s in listed]
    first = ls.list_label_schemas(experiment_id, max_results=2)
    second = ls.list_label_schemas(experiment_id, max_results=2, page_token=first.token)
    out["schema_pages"] = [[s.name for s in first], [s.name for s in second], bool(first.token)]
    out["schema_by_name"] = _schema(ls.get_label_schema("Tone", experiment_id=experiment_id))
    out["schema_by_id"] = _schema(ls.get_label_schema(schema_id=correct.schema_id))
    out["schema_updated"] = _schema(ls.update_label_schema(
        tone.schema_id, name="Tone of voice", instruction="", input=ls.InputCategorical(options=["calm", "rude", "flat"])))
    schema_names[tone.schema_id] = "Tone of voice"
    default = next(s for s in listed if s.is_default)
    out["schema_errors"] = [
        _error(lambda: ls.create_label_schema("Tone of voice", type="feedback", input=ls.InputText())),
        _error(lambda: ls.create_label_schema(" FEEDBACK", type="feedback", input=ls.InputText())),
        _error(lambda: ls.create_label_schema("x" * 251, type="feedback", input=ls.InputText())),
        _error(lambda: ls.create_label_schema("bad", type="feedback",
                                              input=ls.InputPassFail(positive_label="a", negative_label="a"))),
        _error(lambda: ls.create_label_schema("bad", type="feedback", input=ls.InputCategorical(options=[]))),
        _error(lambda: ls.create_label_schema("bad", type="feedback", input=ls.InputCategorical(options=["a", "a"]))),
        _error(lambda: ls.create_label_schema("bad", type="feedback", input=ls.InputNumeric(min_value=3, max_value=1))),
        _error(lambda: ls.create_label_schema("bad", type="feedback", input=ls.InputText(max_length=0))),
        _error(lambda: ls.create_label_schema("bad", type="feedback", input=ls.InputText(), experiment_id="987654321")),
        _error(lambda: ls.update_label_schema(tone.schema_id, input=ls.InputText())),
        _error(lambda: ls.update_label_schema(tone.schema_id, input=ls.InputCategorical(options=["a"], multi_select=True))),
        _error(lambda: ls.update_label_schema(tone.schema_id, name="Score")),
        _error(lambda: ls.update_label_schema(default.schema_id, instruction="edited")),
        _error(lambda: ls.delete_label_schema(schema_id=default.schema_id)),
        _error(lambda: ls.get_label_schema(schema_id="ls-" + "0" * 32)),
        _error(lambda: ls.get_label_schema("tone of voice", experiment_id=experiment_id)),
        _error(lambda: ls.list_label_schemas(experiment_id, max_results=0)),
    ]
    out["schemas_after_errors"] = [_schema(s) for s in ls.list_label_schemas(experiment_id)]

    queue = rq.create_review_queue(" Weekly Review ", queue_type="custom", users=["Alice", " bob ", "alice"],
                                   schema_ids=[correct.schema_id, tone.schema_id])
    carol = rq.get_or_create_user_queue(" Carol ")
    out["carol_again_same"] = rq.get_or_create_user_queue("carol").queue_id == carol.queue_id
    rq.create_review_queue("dave", queue_type="user")
    out["queue"] = _queue(queue, schema_names)
    out["queue_by_name"] = _queue(rq.get_review_queue(name="weekly review"), schema_names)
    out["queues"] = [_queue(q, schema_names) for q in rq.list_review_queues()]
    out["bob_queues"] = [q.name for q in rq.list_review_queues(user="BOB")]
    page = rq.list_review_queues(max_results=2)
    out["queue_pages"] = [[q.name for q in page], [q.name for q in rq.list_review_queues(max_results=2,
                                                                                         page_token=page.token)]]

    added = rq.add_items_to_review_queue(queue.queue_id, item_ids=[traces[0], traces[1], " " + traces[0]])
    time.sleep(0.01)
    rq.add_items_to_review_queue(queue.queue_id, item_ids=[traces[1], traces[2], traces[3]])
    out["added"] = sorted(_item(i, trace_names) for i in added)
    done = rq.set_review_queue_item_status(queue.queue_id, item_id=traces[0], status="complete", completed_by=" Alice ")
    again = rq.set_review_queue_item_status(queue.queue_id, item_id=traces[0], status="complete", completed_by="bob")
    out["completed"] = [_item(done, trace_names), _item(again, trace_names)]
    rq.set_review_queue_item_status(queue.queue_id, item_id=traces[1], status="declined", completed_by="bob")
    rq.set_review_queue_item_status(queue.queue_id, item_id=traces[2], status="complete", completed_by="alice")
    reopened = rq.set_review_queue_item_status(queue.queue_id, item_id=traces[2], status="pending")
    out["reopened"] = _item(reopened, trace_names)
    # Newest attached first; items attached by one call tie on time and follow their (random) ids.
    items = rq.list_review_queue_items(queue.queue_id)
    out["items"] = [sorted(_item(i, trace_names) for i in items[:2]), sorted(_item(i, trace_names) for i in items[2:])]
    out["pending"] = sorted(trace_names[i.item_id] for i in rq.list_review_queue_items(queue.queue_id, status="pending"))
    first_items = rq.list_review_queue_items(queue.queue_id, max_results=3)
    rest = rq.list_review_queue_items(queue.queue_id, max_results=3, page_token=first_items.token)
    out["item_pages"] = [len(first_items), len(rest), rest.token,
                         sorted(trace_names[i.item_id] for i in list(first_items) + list(rest))]
    # The UI's "which queues hold this trace" (item_id has no fluent parameter).
    out["queues_with_trace0"] = [q["name"] for q in requests.get(f"{url}{API}/review-queues/list", params={
        "experiment_id": experiment_id, "item_id": traces[0]}).json()["review_queues"]]

    other = mlflow.set_experiment(unique("review-other")).experiment_id
    _answer("elsewhere")
    foreign = mlflow.get_last_active_trace_id()
    mlflow.flush_trace_async_logging()
    mlflow.set_experiment(experiment_id=experiment_id)
    out["queue_errors"] = [
        _error(lambda: rq.create_review_queue("WEEKLY review", queue_type="custom")),
        _error(lambda: rq.create_review_queue("Default", queue_type="custom")),
        _error(lambda: rq.create_review_queue("many", queue_type="custom", users=[f"u{i}" for i in range(11)])),
        _error(lambda: rq.create_review_queue("erin", queue_type="user", users=["frank"])),
        _error(lambda: rq.create_review_queue("erin", queue_type="user", schema_ids=[correct.schema_id])),
        _error(lambda: rq.create_review_queue("ghost schemas", queue_type="custom", schema_ids=["ls-nope"])),
        _error(lambda: rq.get_or_create_user_queue("Weekly Review")),
        _error(lambda: rq.get_review_queue("rq-" + "0" * 32)),
        _error(lambda: rq.get_review_queue(name="nope")),
        _error(lambda: rq.add_items_to_review_queue(queue.queue_id, item_ids=[traces[4], foreign])),
        _error(lambda: rq.add_items_to_review_queue(queue.queue_id, item_ids=[])),
        _error(lambda: rq.add_items_to_review_queue(queue.queue_id, item_ids=["t" * 51])),
        _error(lambda: rq.set_review_queue_item_status(queue.queue_id, item_id=traces[3], status="complete")),
        _error(lambda: rq.set_review_queue_item_status(queue.queue_id, item_id=traces[3], status="pending",
                                                       completed_by="x")),
        _error(lambda: rq.set_review_queue_item_status(queue.queue_id, item_id=traces[4], status="declined",
                                                       completed_by="x")),
        _error(lambda: rq.update_review_queue(queue.queue_id, schema_ids=[])),
        _error(lambda: rq.update_review_queue(queue.queue_id, name="CAROL")),
        _error(lambda: rq.update_review_queue(carol.queue_id, name="x")),
        _error(lambda: rq.update_review_queue(queue.queue_id, new_owner="  ")),
        _error(lambda: rq.list_review_queue_items(queue.queue_id, max_results=50001)),
    ]
    out["items_after_errors"] = sorted(_item(i, trace_names) for i in rq.list_review_queue_items(queue.queue_id))
    out["queue_after_errors"] = _queue(rq.get_review_queue(queue.queue_id), schema_names)

    out["updated"] = _queue(rq.update_review_queue(queue.queue_id, name="Monthly review", new_owner=" Olga ",
                                                   users=["Zed"]), schema_names)
    rq.remove_items_from_review_queue(queue.queue_id, item_ids=[traces[0], "tr-" + "f" * 32])
    mlflow.MlflowClient().delete_traces(experiment_id, trace_ids=[traces[1]])
    out["items_after_remove"] = sorted(trace_names[i.item_id] for i in rq.list_review_queue_items(queue.queue_id))
    rq.remove_items_from_review_queue(queue.queue_id, item_ids=[traces[2], traces[3]])
    out["schemas_editable_when_empty"] = _queue(rq.update_review_queue(queue.queue_id, schema_ids=[tone.schema_id]),
                                                schema_names)
    ls.delete_label_schema(schema_id=correct.schema_id)
    ls.delete_label_schema(schema_id=correct.schema_id)
    rq.delete_review_queue(queue.queue_id)
    rq.delete_review_queue(queue.queue_id)
    out["after_deletes"] = [[s.name for s in ls.list_label_schemas(experiment_id)],
                            [q.name for q in rq.list_review_queues()]]
    return out


def test_same_review_as_stock_mlflow(server_url, stock_url):
    try:
        theirs = _scenario(stock_url)
        ours = _scenario(server_url)
    finally:
        mlflow.set_tracking_uri(server_url)
    assert ours["queue"]["users"] == ["alice", "bob"]
    for key in theirs:
        assert ours[key] == theirs[key], key


def test_the_ui_calls_under_ajax_api(server_url, review_experiment):
    """The Review page lists schemas and queue items through /ajax-api with query strings."""
    trace = _traces(1)[0]
    queue = rq.create_review_queue("ui", queue_type="custom", users=["reviewer"])
    rq.add_items_to_review_queue(queue.queue_id, item_ids=[trace])
    base = f"{server_url}/ajax-api/3.0/mlflow"
    schemas = requests.get(f"{base}/label-schemas/list", params={"experiment_id": review_experiment}).json()
    assert [s["name"] for s in schemas["label_schemas"]] == ["Feedback"]
    assert schemas["label_schemas"][0]["input"] == {"text": {}} and schemas["next_page_token"] == ""
    items = requests.get(f"{base}/review-queues/items/list", params={"queue_id": queue.queue_id, "status": "PENDING"})
    assert [i["item_id"] for i in items.json()["items"]] == [trace]
    user_queue = requests.post(f"{base}/review-queues/get-or-create-user",
                               json={"experiment_id": review_experiment, "user": "Reviewer@Example.com"}).json()
    assert user_queue["review_queue"]["name"] == "reviewer@example.com"
    assert user_queue["review_queue"]["created_by"] == "reviewer@example.com"
    assert requests.get(f"{server_url}/api/2.0/mlflow/label-schemas/list",
                        params={"experiment_id": review_experiment}).status_code == 404


def test_bad_requests_change_nothing(server_url, review_experiment):
    trace = _traces(1)[0]
    queue = rq.create_review_queue("q", queue_type="custom")
    before = requests.get(f"{server_url}{API}/review-queues/get", params={"queue_id": queue.queue_id}).json()
    for body in ({"queue_id": queue.queue_id, "name": "default"},
                 {"queue_id": queue.queue_id, "name": "ok", "update_users": True, "users": [""]},
                 {"queue_id": queue.queue_id, "new_owner": "x", "update_schema_ids": True, "schema_ids": ["ls-nope"]}):
        r = requests.post(f"{server_url}{API}/review-queues/update", json=body)
        assert r.status_code == 400 and r.json()["error_code"] == "INVALID_PARAMETER_VALUE", r.text
    r = requests.post(f"{server_url}{API}/review-queues/items/add",
                      json={"queue_id": queue.queue_id, "item_ids": [trace, "tr-" + "0" * 32]})
    assert r.status_code == 404 and r.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"
    after = requests.get(f"{server_url}{API}/review-queues/get", params={"queue_id": queue.queue_id}).json()
    assert after == before
    assert list(rq.list_review_queue_items(queue.queue_id)) == []
    r = requests.post(f"{server_url}{API}/label-schemas/create", json={
        "experiment_id": review_experiment, "name": "n", "type": "FEEDBACK", "input": {}})
    assert r.status_code == 400 and "empty oneof" in r.json()["message"]
    r = requests.post(f"{server_url}{API}/label-schemas/create", json={
        "experiment_id": review_experiment, "name": "n", "type": "BOGUS", "input": {"text": {}}})
    assert r.status_code == 400 and "got proto enum value 0" in r.json()["message"]
    assert [s.name for s in ls.list_label_schemas(review_experiment)] == ["Feedback"]


# ------------------------------------------------------------------------------------------------
# with --auth: owners, assigned reviewers and MLflow's permission rules
# ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def auth_url():
    server = start_auth_server()
    yield server.url
    server.stop()


def _session(url: str, user: str, password: str):
    s = requests.Session()
    s.auth = (user, password)
    s.base = url + API
    return s


def test_queue_permissions_follow_mlflow(auth_url):
    admin = _session(auth_url, ADMIN, ADMIN_PASSWORD)
    names = {role: unique(role) for role in ("editor", "reader", "manager")}
    for name in names.values():
        admin.post(f"{auth_url}/api/2.0/mlflow/users/create", json={"username": name, "password": "pw-" + name * 2})
    experiment = admin.post(f"{auth_url}/api/2.0/mlflow/experiments/create", json={"name": unique("rq-auth")}).json()
    experiment_id = experiment["experiment_id"]
    for role, perm in (("editor", "EDIT"), ("reader", "READ"), ("manager", "MANAGE")):
        admin.post(f"{auth_url}/api/2.0/mlflow/experiments/permissions/create",
                   json={"experiment_id": experiment_id, "username": names[role], "permission": perm}).raise_for_status()
    s = {role: _session(auth_url, n, "pw-" + n * 2) for role, n in names.items()}
    trace = "tr-" + unique("x").split("-")[1].ljust(32, "0")
    admin.post(f"{auth_url}{API}/traces", json={"trace": {"trace_info": {
        "trace_id": trace, "trace_location": {"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": experiment_id}},
        "request_time": "2026-01-01T00:00:00Z"}}}).raise_for_status()

    # Questions need MANAGE; queues EDIT, and the creator owns the queue whatever the client says.
    assert s["editor"].post(f"{s['editor'].base}/label-schemas/create", json={
        "experiment_id": experiment_id, "name": "q", "type": "FEEDBACK", "input": {"text": {}}}).status_code == 403
    assert s["manager"].post(f"{s['manager'].base}/label-schemas/create", json={
        "experiment_id": experiment_id, "name": "q", "type": "FEEDBACK", "input": {"text": {}}}).status_code == 200
    assert s["reader"].post(f"{s['reader'].base}/review-queues/create", json={
        "experiment_id": experiment_id, "name": "r", "queue_type": "CUSTOM"}).status_code == 403
    created = s["editor"].post(f"{s['editor'].base}/review-queues/create", json={
        "experiment_id": experiment_id, "name": "team", "queue_type": "CUSTOM", "created_by": "mallory",
        "users": [names["reader"]]}).json()["review_queue"]
    assert created["created_by"] == names["editor"]
    shadow = s["editor"].post(f"{s['editor'].base}/review-queues/create", json={
        "experiment_id": experiment_id, "name": names["manager"].upper(), "queue_type": "CUSTOM"})
    assert shadow.status_code == 400 and "is a registered user" in shadow.json()["message"]
    queue_id = created["queue_id"]
    admin_queue = admin.post(f"{admin.base}/review-queues/create", json={
        "experiment_id": experiment_id, "name": "admins only", "queue_type": "CUSTOM"}).json()["review_queue"]

    # A reader sees only the queues they are assigned to and can open only those.
    listed = s["reader"].get(f"{s['reader'].base}/review-queues/list", params={"experiment_id": experiment_id}).json()
    assert [q["name"] for q in listed.get("review_queues", [])] == ["team"]
    assert s["reader"].get(f"{s['reader'].base}/review-queues/get",
                           params={"queue_id": admin_queue["queue_id"]}).status_code == 403
    listed = s["editor"].get(f"{s['editor'].base}/review-queues/list", params={"experiment_id": experiment_id}).json()
    assert len(listed["review_queues"]) == 2

    # Work goes in with EDIT; only the owner (or a manager) edits; reviewing takes EDIT and membership.
    assert s["reader"].post(f"{s['reader'].base}/review-queues/items/add",
                            json={"queue_id": queue_id, "item_ids": [trace]}).status_code == 403
    assert s["editor"].post(f"{s['editor'].base}/review-queues/items/add",
                            json={"queue_id": queue_id, "item_ids": [trace]}).status_code == 200
    assert s["reader"].post(f"{s['reader'].base}/review-queues/items/set-status", json={
        "queue_id": queue_id, "item_id": trace, "status": "COMPLETE", "completed_by": "x"}).status_code == 403
    assert s["editor"].post(f"{s['editor'].base}/review-queues/update", json={
        "queue_id": queue_id, "update_users": True, "users": [names["editor"], names["reader"]]}).status_code == 200
    done = s["editor"].post(f"{s['editor'].base}/review-queues/items/set-status", json={
        "queue_id": queue_id, "item_id": trace, "status": "COMPLETE", "completed_by": "mallory"}).json()["item"]
    assert done["completed_by"] == names["editor"]
    assert s["editor"].post(f"{s['editor'].base}/review-queues/update", json={
        "queue_id": queue_id, "new_owner": names["reader"]}).status_code == 403
    assert s["editor"].post(f"{s['editor'].base}/review-queues/update", json={
        "queue_id": admin_queue["queue_id"], "name": "taken over"}).status_code == 403
    assert s["manager"].post(f"{s['manager'].base}/review-queues/update", json={
        "queue_id": queue_id, "new_owner": names["reader"]}).json()["review_queue"]["created_by"] == names["reader"]
    assert s["editor"].post(f"{s['editor'].base}/review-queues/delete", json={"queue_id": queue_id}).status_code == 403
    assert s["manager"].post(f"{s['manager'].base}/review-queues/delete", json={"queue_id": queue_id}).status_code == 200
    assert admin.get(f"{admin.base}/review-queues/get", params={"queue_id": queue_id}).status_code == 404
