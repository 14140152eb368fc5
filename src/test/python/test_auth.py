"""--auth with the stock client: HTTP Basic from MLFLOW_TRACKING_USERNAME/PASSWORD, bearer tokens from
MLFLOW_TRACKING_TOKEN, and MLflow's own admin client (``mlflow.server.get_app_client("basic-auth")``)
creating users and granting experiment and registered-model permissions."""

from __future__ import annotations

import contextlib
import os
import uuid

import mlflow
import mlflow.server
import pytest
import requests
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

from auth_servers import ADMIN, ADMIN_PASSWORD, start_auth_server
from otlp_payloads import tree
from lbutil import unique

CREDENTIAL_VARS = ("MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_TOKEN")


@pytest.fixture(scope="module")
def auth_url():
    server = start_auth_server()
    yield server.url
    server.stop()


@contextlib.contextmanager
def credentials(username=None, password=None, token=None):
    """The client's credentials for the block, as a user would export them."""
    saved = {k: os.environ.pop(k, None) for k in CREDENTIAL_VARS}
    try:
        if username is not None:
            os.environ["MLFLOW_TRACKING_USERNAME"] = username
            os.environ["MLFLOW_TRACKING_PASSWORD"] = password
        if token is not None:
            os.environ["MLFLOW_TRACKING_TOKEN"] = token
        yield
    finally:
        for k in CREDENTIAL_VARS:
            os.environ.pop(k, None)
        for k, v in saved.items():
            if v is not None:
                os.environ[k] = v


def admin():
    return credentials(ADMIN, ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def users(auth_url):
    """Two fresh users, alice and bob, made by the admin through MLflow's auth client."""
    names = {"alice": unique("alice"), "bob": unique("bob")}
    with admin():
        auth = mlflow.server.get_app_client("basic-auth", tracking_uri=auth_url)
        for name in names.values():
            user = auth.create_user(name, name + "-password")
            assert user.username == name and user.is_admin is False
    return {k: (v, v + "-password") for k, v in names.items()}


def error_code(excinfo) -> str | None:
    return getattr(excinfo.value, "error_code", None)


def test_no_or_wrong_credentials_are_refused(auth_url, users):
    client = MlflowClient(tracking_uri=auth_url)
    with credentials(), pytest.raises(MlflowException) as e:
        client.search_experiments()
    assert error_code(e) == "UNAUTHENTICATED"
    with credentials(users["bob"][0], "not-bobs-password"), pytest.raises(MlflowException) as e:
        client.search_experiments()
    assert error_code(e) == "UNAUTHENTICATED"
    answer = requests.get(f"{auth_url}/api/2.0/mlflow/experiments/search", params={"max_results": 1}, timeout=30)
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == 'Basic realm="mlflow"'
    assert requests.get(f"{auth_url}/health", timeout=30).status_code == 200


def test_creator_manages_and_grants_an_experiment(auth_url, users):
    alice, bob = users["alice"], users["bob"]
    client = MlflowClient(tracking_uri=auth_url)
    with credentials(*alice):
        exp_id = client.create_experiment(unique("alices"))
        run_id = client.create_run(exp_id).info.run_id
        client.log_metric(run_id, "loss", 0.5)
    with credentials(*bob):
        # The default permission (READ) lets bob read alice's run but not write to it.
        assert client.get_run(run_id).data.metrics == {"loss": 0.5}
        with pytest.raises(MlflowException) as e:
            client.log_metric(run_id, "loss", 0.1)
        assert error_code(e) == "PERMISSION_DENIED"
        with pytest.raises(MlflowException) as e:
            mlflow.server.get_app_client("basic-auth", tracking_uri=auth_url).grant_user_permission(
                bob[0], "experiment", exp_id, "EDIT")
        assert error_code(e) == "PERMISSION_DENIED"
    assert client_metric_history(auth_url, alice, run_id) == [0.5]

    with credentials(*alice):
        auth = mlflow.server.get_app_client("basic-auth", tracking_uri=auth_url)
        auth.grant_user_permission(bob[0], "experiment", exp_id, "EDIT")
        with pytest.raises(MlflowException) as e:  # as in MLflow: only admins and the user themselves
            auth.get_user_permission(bob[0], "experiment", exp_id)
        assert error_code(e) == "PERMISSION_DENIED"
    with credentials(*bob):
        result = mlflow.server.get_app_client("basic-auth", tracking_uri=auth_url).get_user_permission(
            bob[0], "experiment", exp_id)
        assert (result.permission, result.allowed) == ("EDIT", True)
        client.log_metric(run_id, "loss", 0.1, step=1)
        with pytest.raises(MlflowException) as e:
            client.delete_experiment(exp_id)  # EDIT does not delete
        assert error_code(e) == "PERMISSION_DENIED"
    assert client_metric_history(auth_url, alice, run_id) == [0.5, 0.1]

    with credentials(*alice):
        mlflow.server.get_app_client("basic-auth", tracking_uri=auth_url).revoke_user_permission(
            bob[0], "experiment", exp_id)
    with credentials(*bob), pytest.raises(MlflowException) as e:
        client.log_metric(run_id, "loss", 0.0, step=2)
    assert error_code(e) == "PERMISSION_DENIED"


def client_metric_history(auth_url, who, run_id):
    with credentials(*who):
        return [m.value for m in MlflowClient(tracking_uri=auth_url).get_metric_history(run_id, "loss")]


def test_registered_model_permissions(auth_url, users):
    alice, bob = users["alice"], users["bob"]
    client = MlflowClient(tracking_uri=auth_url)
    name = unique("model")
    with credentials(*alice):
        client.create_registered_model(name)
    with credentials(*bob):
        assert client.get_registered_model(name).name == name
        with pytest.raises(MlflowException) as e:
            client.update_registered_model(name, description="bob was here")
        assert error_code(e) == "PERMISSION_DENIED"
    with credentials(*alice):
        mlflow.server.get_app_client("basic-auth", tracking_uri=auth_url).grant_user_permission(
            bob[0], "registered_model", name, "EDIT")
    with credentials(*bob):
        client.update_registered_model(name, description="edited by bob")
        with pytest.raises(MlflowException) as e:
            client.delete_registered_model(name)
        assert error_code(e) == "PERMISSION_DENIED"
    with credentials(*alice):
        assert client.get_registered_model(name).description == "edited by bob"
        client.delete_registered_model(name)


def test_searches_hide_what_the_caller_may_not_read(auth_url, users):
    alice, bob = users["alice"], users["bob"]
    client = MlflowClient(tracking_uri=auth_url)
    with credentials(*alice):
        shared = client.create_experiment(unique("shared"))
        private = client.create_experiment(unique("private"))
        shared_run = client.create_run(shared).info.run_id
        client.create_run(private)
    # MLflow 2's permission endpoint can set NO_PERMISSIONS on one experiment for one user.
    answer = requests.post(f"{auth_url}/api/2.0/mlflow/experiments/permissions/create", auth=alice, timeout=30,
                           json={"experiment_id": private, "username": bob[0], "permission": "NO_PERMISSIONS"})
    assert answer.status_code == 200, answer.text
    with credentials(*bob):
        visible = {e.experiment_id for e in client.search_experiments(max_results=50000)}
        assert shared in visible and private not in visible
        runs = client.search_runs([shared, private])
        assert [r.info.run_id for r in runs] == [shared_run]
        with pytest.raises(MlflowException) as e:
            client.get_experiment(private)
        assert error_code(e) == "PERMISSION_DENIED"
    with credentials(*alice):
        assert len(client.search_runs([shared, private])) == 2


def test_user_administration_with_the_auth_client(auth_url):
    name = unique("carol")
    with admin():
        auth = mlflow.server.get_app_client("basic-auth", tracking_uri=auth_url)
        auth.create_user(name, "carol-password-1")
        with pytest.raises(MlflowException) as e:
            auth.create_user(name, "carol-password-2")
        assert error_code(e) == "RESOURCE_ALREADY_EXISTS"
        auth.update_user_password(name, "carol-password-2")
    with credentials(name, "carol-password-2"):
        auth = mlflow.server.get_app_client("basic-auth", tracking_uri=auth_url)
        assert auth.get_user(name).username == name
        auth.update_user_password(name, "carol-password-3", current_password="carol-password-2")
    with credentials(name, "carol-password-3"):
        auth = mlflow.server.get_app_client("basic-auth", tracking_uri=auth_url)
        with pytest.raises(MlflowException) as e:
            auth.create_user(unique("mallory"), "mallory-password")
        assert error_code(e) == "PERMISSION_DENIED"
    with admin():
        auth = mlflow.server.get_app_client("basic-auth", tracking_uri=auth_url)
        auth.update_user_admin(name, True)
        assert auth.get_user(name).is_admin is True
        auth.delete_user(name)
    with credentials(name, "carol-password-3"), pytest.raises(MlflowException) as e:
        MlflowClient(tracking_uri=auth_url).search_experiments()
    assert error_code(e) == "UNAUTHENTICATED"


def test_tokens_from_mlflow_tracking_token(auth_url, users):
    bob = users["bob"]
    made = requests.post(f"{auth_url}/api/2.0/labbook/tokens/create", auth=bob, json={"name": "ci"}, timeout=30)
    assert made.status_code == 200, made.text
    secret, token_id = made.json()["secret"], made.json()["token"]["token_id"]
    client = MlflowClient(tracking_uri=auth_url)
    with credentials(token=secret):
        exp_id = client.create_experiment(unique("by-token"))
        run = client.create_run(exp_id)
        client.log_param(run.info.run_id, "via", "token")
    with credentials(*bob):
        assert client.get_run(run.info.run_id).data.params == {"via": "token"}
    revoked = requests.post(f"{auth_url}/api/2.0/labbook/tokens/revoke", auth=bob, json={"token_id": token_id},
                            timeout=30)
    assert revoked.status_code == 200, revoked.text
    with credentials(token=secret), pytest.raises(MlflowException) as e:
        client.get_run(run.info.run_id)
    assert error_code(e) == "UNAUTHENTICATED"


def test_traces_follow_their_experiments_permissions(auth_url, users):
    """Alice's traces: Bob with NO_PERMISSIONS neither reads, finds, exports into nor assesses them."""
    alice, bob = users["alice"], users["bob"]
    client = MlflowClient(tracking_uri=auth_url)
    with credentials(*alice):
        private = client.create_experiment(unique("private-traces"))
        trace_hex = uuid.uuid4().hex
        export = tree(trace_hex, 3).SerializeToString()
        headers = {"x-mlflow-experiment-id": private, "Content-Type": "application/x-protobuf"}
        r = requests.post(f"{auth_url}/v1/traces", data=export, headers=headers, auth=alice, timeout=30)
        assert r.status_code == 200, r.text
        assert len(client.get_trace(f"tr-{trace_hex}").data.spans) == 3
    answer = requests.post(f"{auth_url}/api/2.0/mlflow/experiments/permissions/create", auth=alice, timeout=30,
                           json={"experiment_id": private, "username": bob[0], "permission": "NO_PERMISSIONS"})
    assert answer.status_code == 200, answer.text
    with credentials(*bob):
        with pytest.raises(MlflowException) as e:
            client.get_trace(f"tr-{trace_hex}")
        assert error_code(e) == "PERMISSION_DENIED"
        assert client.search_traces(locations=[private]) == []
    feedback = {"assessment": {"assessment_name": "sneaky", "source": {"source_type": "HUMAN"},
                               "feedback": {"value": False}}}
    r = requests.post(f"{auth_url}/api/3.0/mlflow/traces/tr-{trace_hex}/assessments", json=feedback, auth=bob,
                      timeout=30)
    assert r.status_code == 403 and r.json()["error_code"] == "PERMISSION_DENIED"
    other = tree(uuid.uuid4().hex, 1).SerializeToString()
    r = requests.post(f"{auth_url}/v1/traces", data=other, headers=headers, auth=bob, timeout=30)
    assert r.status_code == 403
    with credentials(*alice):
        info = client.get_trace(f"tr-{trace_hex}").info
        assert info.assessments == [], "the refused feedback was not stored"
        assert len(client.search_traces(locations=[private])) == 1
