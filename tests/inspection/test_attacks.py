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
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from findings import services as findings_services
from findings.models import Lead
from inspection.accounts.models import ApiToken
from inspection.api.throttling import AnonymousRateThrottle, TokenOrUserRateThrottle
from petitions.models import Petition
from tests.findings import builders as findings_builders
from tests.petitions.helpers import register
from tests.support import files
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
    # A made-up X-Forwarded-For does not buy a fresh budget.
    guesser.credentials(HTTP_AUTHORIZATION="Token guessed", HTTP_X_FORWARDED_FOR="10.9.8.7")
    assert guesser.get("/api/v1/stations/").status_code == 429
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


# -- Uploads -----------------------------------------------------------------------------------

# Starts as a PDF and parses as one, but carries a page a browser would run if it rendered it.
POLYGLOT = (
    b"%PDF-1.4\n%<html><body><script>fetch('/petitions/?'+document.cookie)</script></body>\n"
    + files.PDF.split(b"\n", 1)[1]
)


def _attach(user, petition, name, content):
    api = APIClient()
    api.force_authenticate(user)
    return api.post(
        f"/api/v1/petitions/{petition.pk}/attachments/",
        {"kind": "letter", "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def test_a_pdf_html_polyglot_is_refused_naming_the_field(users):
    petition = register(users.office, users.station_a)
    response = _attach(users.member_a, petition, "来信.pdf", POLYGLOT)
    assert response.status_code == 400, response.content
    assert "网页代码" in response.json()["fields"]["file"][0]
    assert not petition.attachments.exists()


def test_a_pdf_whose_body_does_not_parse_is_refused(users):
    petition = register(users.office, users.station_a)
    response = _attach(users.member_a, petition, "来信.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50)
    assert response.status_code == 400
    assert "无法作为PDF读取：来信.pdf" in response.json()["fields"]["file"][0]


def test_a_photo_is_stored_re_encoded_without_what_was_hidden_after_it(users):
    finding = findings_builders.draft_finding(users)
    paper = findings_builders.add_paper(users, finding)
    hidden = files.JPEG + b"<html><script>alert(1)</script></html>"
    evidence = findings_services.add_evidence(
        users.member_a, paper, findings_builders.photo("现场照片.jpg", hidden)
    )
    stored = evidence.file.read()
    assert b"<script" not in stored and stored.startswith(b"\xff\xd8\xff")
    assert evidence.size == len(stored)
    # A random name on disk; the uploaded one only as data.
    assert evidence.original_name == "现场照片.jpg" and "现场照片" not in evidence.file.name
    # A "photo" that is not one is refused.
    with pytest.raises(ValidationError) as refused:
        findings_services.add_evidence(
            users.member_a, paper, findings_builders.photo("x.jpg", b"\xff\xd8\xff" + b"A" * 90)
        )
    assert "无法作为图片读取：x.jpg" in refused.value.message_dict["file"][0]


def test_every_download_is_an_attachment_never_sniffed_nor_cached(users):
    petition = register(users.office, users.station_a)
    assert _attach(users.member_a, petition, "来信.pdf", files.PDF).status_code == 201
    finding = findings_builders.draft_finding(users)
    paper = findings_builders.add_paper(users, finding)
    evidence = findings_services.add_evidence(users.member_a, paper, findings_builders.photo())
    browser = Client()
    browser.force_login(users.member_a)
    for url in (
        f"/petitions/attachments/{petition.attachments.get().pk}/",
        f"/findings/evidence/{evidence.pk}/download/",
    ):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert response["Content-Disposition"].startswith("attachment;")
