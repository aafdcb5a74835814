"""Personal API tokens: created and revoked on the "API 令牌" page, used as the user."""

import datetime
import hashlib
import re

import pytest
from auditlog.models import LogEntry
from django.utils import timezone
from rest_framework.test import APIClient

from inspection.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def _create_on_page(client, user, name="统计对接", expires=""):
    client.force_login(user)
    response = client.post("/account/tokens/", {"name": name, "expires_in_days": expires})
    assert response.status_code == 200
    secret = re.search(r'id="new-token-secret"[^>]*value="([^"]+)"', response.content.decode())
    if secret is None:
        secret = re.search(r'value="([^"]+)"[^>]*id="new-token-secret"', response.content.decode())
    return secret.group(1), response


def _api(secret, keyword="Token"):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"{keyword} {secret}")
    return api


def test_secret_is_shown_once_and_stored_only_as_its_hash(client, users):
    secret, response = _create_on_page(client, users.office)
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=users.office)
    assert token.name == "统计对接"
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.key_hash, token.hint} and secret.startswith(token.hint)
    assert len(secret) >= 40  # 32 random bytes, url-safe
    again = client.get("/account/tokens/").content.decode()
    assert secret not in again and token.hint in again and "统计对接" in again


def test_form_error_names_the_field_in_chinese(client, users):
    client.force_login(users.office)
    response = client.post("/account/tokens/", {"name": "", "expires_in_days": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == ["该字段是必填项。"]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "token"])
def test_token_authenticates_as_its_user_with_the_same_scope(client, users, keyword):
    secret, _ = _create_on_page(client, users.member_b)
    api = _api(secret, keyword)
    listed = api.get("/api/v1/stations/").json()["results"]
    assert [row["id"] for row in listed] == [users.station_b.pk]
    assert api.get(f"/api/v1/stations/{users.station_a.pk}/").status_code == 404
    assert api.get(f"/api/v1/stations/{users.station_b.pk}/").status_code == 200


def test_last_used_is_recorded(client, users):
    secret, _ = _create_on_page(client, users.office)
    assert ApiToken.objects.get().last_used_at is None
    _api(secret).get("/api/v1/stations/")
    assert ApiToken.objects.get().last_used_at is not None


def _assert_refused(api):
    response = api.get("/api/v1/stations/")
    assert response.status_code == 401, response.content
    body = response.json()
    assert body["status"] == 401 and body["code"] == "authentication_failed"
    assert body["message"] == "令牌无效、已撤销或已过期。"


def test_revoked_token_is_refused_and_the_revocation_is_audited(client, users):
    secret, _ = _create_on_page(client, users.office)
    token = ApiToken.objects.get()
    response = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    _assert_refused(_api(secret))
    entries = LogEntry.objects.get_for_object(token).order_by("timestamp")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert all(e.actor == users.office for e in entries)
    assert "revoked_at" in entries[1].changes_dict
    assert "key_hash" not in entries[0].changes_dict  # the hash is never copied to the log


def test_expired_token_and_inactive_user_are_refused(users):
    _token, secret = ApiToken.issue(
        users.office, "旧", expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    _assert_refused(_api(secret))
    _token, secret = ApiToken.issue(users.leadership, "离职")
    users.leadership.is_active = False
    users.leadership.save()
    _assert_refused(_api(secret))


@pytest.mark.parametrize("header", ["Token", "Token a b", "Bearer ins_unknown-secret"])
def test_malformed_or_unknown_token_is_401(header):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get("/api/v1/stations/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == 'Token realm="api"'


def test_users_see_and_revoke_only_their_own_tokens(client, users):
    _create_on_page(client, users.office, name="办公室的")
    mine = ApiToken.objects.get(user=users.office)
    client.force_login(users.leadership)
    assert "办公室的" not in client.get("/account/tokens/").content.decode()
    assert client.post(f"/account/tokens/{mine.pk}/revoke/").status_code == 404
    mine.refresh_from_db()
    assert mine.revoked_at is None


def test_expiry_is_set_from_the_chosen_period(client, users):
    _create_on_page(client, users.office, expires="30")
    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == pytest.approx(
        datetime.timedelta(days=30), abs=datetime.timedelta(seconds=5)
    )


def test_tokens_page_needs_login(client):
    assert client.get("/account/tokens/").status_code == 302
