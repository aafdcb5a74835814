"""Figures per station, round and term, computed in SQL and scoped to the user."""

import datetime

import pytest
from rest_framework.test import APIClient

from findings import figures
from findings.models import Category, FindingStatus, LeadStatus
from tests.findings import builders as b

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2024, 12, 1)


@pytest.fixture
def scene(users):
    w = users
    for title in ("津贴", "礼金"):
        b.finding_in_status(w.station_a, FindingStatus.APPROVED, title, "integrity")
    b.finding_in_status(w.station_a, FindingStatus.DRAFT, "提拔", "cadre_selection")
    b.finding_in_status(w.station_b, FindingStatus.FED_BACK, "其他", "other")
    # Station A: one lead fully handled (form 1), one overdue, one not handed over.
    done = b.lead_in_status(
        w.station_a,
        w.body_a,
        LeadStatus.REPORTED_BACK,
        datetime.date(2024, 5, 6),
        datetime.date(2024, 8, 6),
    )
    done.acknowledged_on = datetime.date(2024, 5, 8)
    done.disposal_method = "talk_or_letter"
    done.outcome_form = 1
    done.criticism_count = 1
    done.reported_back_on = datetime.date(2024, 7, 1)
    done.save()
    b.lead_in_status(
        w.station_a,
        w.body_a,
        LeadStatus.HANDED_OVER,
        datetime.date(2024, 5, 6),
        datetime.date(2024, 8, 6),
    )
    b.lead_in_status(w.station_a, w.body_a, LeadStatus.REGISTERED)
    # Station B: one lead acknowledged by body B, due in the future.
    acked = b.lead_in_status(
        w.station_b,
        w.body_b,
        LeadStatus.ACKNOWLEDGED,
        datetime.date(2024, 11, 1),
        datetime.date(2025, 2, 1),
    )
    acked.acknowledged_on = datetime.date(2024, 11, 3)
    acked.save()
    return w


def _name(code):
    return Category.objects.get(code=code).name


def test_by_station_for_the_office(scene):
    w = scene
    rows = {row["id"]: row for row in figures.summary(w.office, "station", TODAY)}
    a, b_ = rows[w.station_a.pk], rows[w.station_b.pk]
    assert a["findings_by_category"] == {_name("integrity"): 2, _name("cadre_selection"): 1}
    assert (a["findings"], a["leads_handed_over"], a["leads_acknowledged"]) == (3, 2, 1)
    assert (a["leads_disposed"], a["leads_overdue"], a["disposal_rate"]) == (1, 1, 0.5)
    assert a["people_by_form"] == {1: 1, 2: 0, 3: 0, 4: 0}
    assert (b_["findings"], b_["leads_handed_over"], b_["leads_acknowledged"]) == (1, 1, 1)
    assert (b_["leads_disposed"], b_["leads_overdue"], b_["disposal_rate"]) == (0, 0, 0.0)


def test_by_round_and_term_add_up(scene):
    w = scene
    for by in ("round", "term"):
        (row,) = figures.summary(w.office, by, TODAY)
        assert (row["findings"], row["leads_handed_over"], row["leads_acknowledged"]) == (4, 3, 2)
        assert (row["leads_disposed"], row["leads_overdue"]) == (1, 1)
        assert row["disposal_rate"] == round(1 / 3, 4)


def test_figures_are_scoped(scene):
    w = scene
    rows = figures.summary(w.official_a, "station", TODAY)
    assert [(r["id"], r["findings"], r["leads_handed_over"]) for r in rows] == [
        (w.station_a.pk, 0, 2)
    ]
    assert figures.summary(w.liaison_b, "station", TODAY)[0]["findings"] == 1
    assert figures.summary(w.liaison_b, "station", TODAY)[0]["leads_handed_over"] == 0
    assert figures.summary(w.outsider, "round", TODAY) == []


def test_figures_page_and_api(scene):
    w = scene
    api = APIClient()
    api.force_authenticate(w.member_b)
    rows = api.get("/api/v1/leads/figures/?by=station").json()
    assert [row["id"] for row in rows] == [w.station_b.pk]
    from django.test import Client

    client = Client()
    client.force_login(w.office)
    response = client.get("/findings/figures/?by=round")
    assert response.status_code == 200 and "第一轮巡视" in response.content.decode()
