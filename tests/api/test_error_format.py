"""Every refusal from the API has the one error shape of inspection.api.errors."""

import json

import pytest
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.test import APIClient

from inspection.accounts.models import ApiToken
from inspection.api.throttling import AnonymousRateThrottle, TokenOrUserRateThrottle

pytestmark = pytest.mark.django_db


def _assert_shape(response, status, code):
    assert response.status_code == status, response.content[:300]
    body = json.loads(response.content)
    assert set(body) == {"status", "code", "message", "fields"}
    assert body["status"] == status and body["code"] == code and body["message"]
    return body


def _client(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_unauthenticated_is_401_with_a_token_challenge():
    response = APIClient().get("/api/v1/stations/")
    _assert_shape(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == 'Token realm="api"'


def test_session_post_without_csrf_is_403(users):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(users.office)
    _assert_shape(api.post("/api/v1/stations/", {}), 403, "permission_denied")


def test_out_of_scope_and_unknown_paths_are_404(users):
    api = _client(users.member_b)
    _assert_shape(api.get(f"/api/v1/stations/{users.station_a.pk}/"), 404, "not_found")
    _assert_shape(api.get("/api/v1/no-such-endpoint/"), 404, "not_found")
    _assert_shape(api.delete("/api/v1/no/such/thing"), 404, "not_found")


def test_method_not_allowed_is_405(users):
    api = _client(users.office)
    _assert_shape(api.put("/api/v1/stations/", {}), 405, "method_not_allowed")
    _assert_shape(api.delete(f"/api/v1/stations/{users.station_a.pk}/"), 405, "method_not_allowed")


def test_bad_filter_value_is_400_naming_the_field(users):
    body = _assert_shape(_client(users.office).get("/api/v1/stations/?round=abc"), 400, "invalid")
    assert list(body["fields"]) == ["round"]
    body = _assert_shape(_client(users.office).get("/api/v1/stations/?status=nope"), 400, "invalid")
    assert list(body["fields"]) == ["status"]


@pytest.fixture
def low_rates(monkeypatch):
    # A private cache: budgets must not leak to or from other tests through a shared Redis.
    cache = LocMemCache("throttle-test", {})
    for throttle in (TokenOrUserRateThrottle, AnonymousRateThrottle):
        monkeypatch.setattr(throttle, "cache", cache)
        monkeypatch.setattr(throttle, "THROTTLE_RATES", {"user": "3/minute", "anon": "2/minute"})


def test_throttled_per_token_is_429(users, low_rates):
    _t1, first = ApiToken.issue(users.office, "一")
    _t2, second = ApiToken.issue(users.office, "二")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert [api.get("/api/v1/stations/").status_code for _ in range(3)] == [200, 200, 200]
    response = api.get("/api/v1/stations/")
    body = _assert_shape(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0 and "秒" in body["message"]
    # The other token of the same user has its own budget.
    api.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert api.get("/api/v1/stations/").status_code == 200


def test_browser_sessions_are_throttled_per_user(users, low_rates):
    api = _client(users.member_a)
    assert [api.get("/api/v1/stations/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert _client(users.member_b).get("/api/v1/stations/").status_code == 200


def test_anonymous_requests_are_throttled_per_address(low_rates):
    api = APIClient()
    assert [api.get("/api/v1/stations/").status_code for _ in range(2)] == [401, 401]
    _assert_shape(api.get("/api/schema/?format=json"), 429, "throttled")
    # Another address has its own budget.
    assert APIClient(REMOTE_ADDR="10.0.0.9").get("/api/v1/stations/").status_code == 401
