"""Attacks replayed as an outsider or a curious user would try them: formula injection and
control characters in exports, token guessing and concurrent bursts against the API budget,
and files that are not what their name says."""

import io
import types
import uuid

import pytest
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from findings.models import Lead
from inspection.accounts.models import ApiToken
from inspection.api.throttling import AnonymousRateThrottle, TokenOrUserRateThrottle
from petitions.models import Petition
from tests.findings import builders as findings_builders
from tests.petitions.helpers import register
from tests.support.concurrency import run_concurrently

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x.example/","点此查看")'


def _sheet(response):
    assert response.status_code == 200, response.content[:300]
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def _cells(sheet):
    return [cell for row in sheet.iter_rows() for cell in row]


# -- Exports ------------------------------------------------------------------------------


def test_a_formula_in_a_lead_person_name_is_exported_as_text(client, users):
    findings_builders.lead(users, name=HYPERLINK)
    client.force_login(users.office)
    sheet = _sheet(client.get(reverse("findings:lead-export")))
    names = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["'" + HYPERLINK]
    assert all(cell.data_type != "f" for cell in _cells(sheet))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_trigger_is_escaped_in_the_petition_register(client, users, start):
    petition = register(users.office, users.station_a, summary="摘要")
    # Stored directly: the form strips leading whitespace, an import or old row may not.
    Petition.objects.filter(pk=petition.pk).update(summary=f"{start}1+cmd|' /C calc'!A0")
    client.force_login(users.office)
    sheet = _sheet(client.get(reverse("petitions:export")))
    summaries = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert summaries == [f"'{start}1+cmd|' /C calc'!A0"]
    assert all(cell.data_type != "f" for cell in _cells(sheet))


def test_a_control_character_stored_in_the_database_never_breaks_an_export(client, users):
    petition = register(users.office, users.station_a, summary="正常摘要")
    item = findings_builders.lead(users, name="李某")
    # Written past the input guard, as an old row or a direct database edit would be.
    Petition.objects.filter(pk=petition.pk).update(summary="摘要\x1b[31m红\x01字\x07")
    Lead.objects.filter(pk=item.pk).update(person_name="李\x1b某", person_position="处\x0b长")
    client.force_login(users.office)

    petitions_sheet = _sheet(client.get(reverse("petitions:export")))
    assert [row[3] for row in petitions_sheet.iter_rows(min_row=2, values_only=True)] == [
        "摘要[31m红字"
    ]
    leads_sheet = _sheet(client.get(reverse("findings:lead-export")))
    assert [row[3:5] for row in leads_sheet.iter_rows(min_row=2, values_only=True)] == [
        ("李某", "处长")
    ]


# -- API budgets -----------------------------------------------------------------------------


def _private_cache(kind):
    if kind == "redis":
        if not settings.REDIS_URL:
            pytest.skip("needs Redis: set REDIS_URL=redis://… to run it")
        # Its own key prefix: no budget leaks to or from other tests on the same Redis.
        return RedisCache(settings.REDIS_URL, {"KEY_PREFIX": f"attack-{uuid.uuid4().hex}"})
    return LocMemCache(f"attack-{uuid.uuid4().hex}", {})


def _budgets(monkeypatch, cache, user="600/minute", anon="5/minute", frozen_at=None):
    for throttle in (TokenOrUserRateThrottle, AnonymousRateThrottle):
        monkeypatch.setattr(throttle, "cache", cache)
        monkeypatch.setattr(throttle, "THROTTLE_RATES", {"user": user, "anon": anon})
        if frozen_at is not None:  # one window for the whole test, whatever the clock says
            monkeypatch.setattr(throttle, "timer", staticmethod(lambda: frozen_at))


CACHES = [pytest.param("locmem"), pytest.param("redis", marks=pytest.mark.redis)]


@pytest.mark.parametrize("kind", CACHES)
def test_guessing_tokens_meets_429_within_the_anonymous_budget(monkeypatch, users, kind):
    _budgets(monkeypatch, _private_cache(kind), anon="5/minute", frozen_at=1_000_000.0)
    guesser = APIClient(REMOTE_ADDR="203.0.113.7")
    codes = []
    for n in range(8):
        guesser.credentials(HTTP_AUTHORIZATION=f"Token guessed-{n:032d}")
        codes.append(guesser.get("/api/v1/stations/").status_code)
    assert codes == [401] * 5 + [429] * 3
    # Without a token the address's budget is spent too ...
    guesser.credentials()
    assert guesser.get("/api/v1/stations/").status_code == 429
    # ... but a real token is not anonymous: its owner is not locked out by the guesser.
    _token, secret = ApiToken.issue(users.office, "脚本")
    guesser.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert guesser.get("/api/v1/stations/").status_code == 200


@pytest.mark.parametrize("kind", CACHES)
def test_concurrent_requests_never_exceed_the_per_user_budget(monkeypatch, kind):
    """900 requests from 30 threads at once against a 600/minute budget: exactly 600 pass."""
    _budgets(monkeypatch, _private_cache(kind), user="600/minute", frozen_at=1_000_000.0)
    request = types.SimpleNamespace(
        auth=None, user=types.SimpleNamespace(pk=4242, is_authenticated=True)
    )

    def burst(_index):
        throttle = TokenOrUserRateThrottle()
        return sum(throttle.allow_request(request, None) for _ in range(30))

    passed = run_concurrently(burst, count=30)
    assert all(isinstance(n, int) for n in passed), passed
    assert sum(passed) == 600


@pytest.mark.parametrize("kind", CACHES)
def test_concurrent_anonymous_requests_never_exceed_the_anonymous_budget(monkeypatch, kind):
    _budgets(monkeypatch, _private_cache(kind), anon="20/minute", frozen_at=1_000_000.0)

    def request(_index):
        client = APIClient(REMOTE_ADDR="198.51.100.4")
        client.credentials(HTTP_AUTHORIZATION=f"Token wrong-{_index:030d}")
        return [client.get("/api/v1/stations/").status_code for _ in range(3)]

    codes = [code for result in run_concurrently(request, count=20) for code in result]
    assert sorted(set(codes)) == [401, 429]
    assert codes.count(401) == 20 and codes.count(429) == 40


def test_anonymous_schema_and_docs_are_refused(client):
    assert APIClient().get("/api/schema/?format=json").status_code == 401
    response = client.get("/api/docs/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
