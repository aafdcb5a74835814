"""The finding and lead lists cost the same number of queries for 5 and 50 rows."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from findings.models import Discipline, FindingStatus
from tests.findings import builders as b

pytestmark = pytest.mark.django_db


def _add_findings(w, n):
    disciplines = list(Discipline.objects.all()[:2])
    for i in range(n):
        finding = b.finding_in_status(w.station_a, FindingStatus.DRAFT, f"问题{i}")
        finding.disciplines.set(disciplines)


def _add_leads(w, n):
    for i in range(n):
        lead = b.handed_over_lead(w, name=f"对象{i}", on=datetime.date(2024, 5, 6))
        lead.findings.set([b.finding_in_status(w.station_a, FindingStatus.DRAFT, f"关联{i}")])


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    ("add", "url", "user"),
    [
        (_add_findings, "/api/v1/findings/", "member_a"),
        (_add_findings, "/findings/", "member_a"),
        (_add_leads, "/api/v1/leads/", "office"),
        (_add_leads, "/findings/leads/", "official_a"),
    ],
)
def test_list_query_count_is_constant(users, add, url, user):
    user = getattr(users, user)
    api, browser = APIClient(), Client()
    api.force_authenticate(user)
    browser.force_login(user)
    client = api if url.startswith("/api/") else browser
    add(users, 5)
    _count(client, url)  # warm caches (content types, session)
    few = _count(client, url)
    add(users, 45)
    many = _count(client, url)
    assert few == many, (url, few, many)
