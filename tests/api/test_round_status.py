"""Tour status for REST clients: each role gets its own stations and figures, counted by hand.

The cases (tests.dashboards.cases): station A (on site) has three petitions, two findings (a
draft and a fed-back one), one lead handed over and one not, and three items (deadlines in
2024, one closed); station B (rectifying) has one petition, an approved finding, one lead
handed over and one open item. Here the closed item of A is closed as completed.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from inspection.accounts.models import ApiToken
from rectification.models import ItemResult, ItemStatus, RectificationItem
from tests.dashboards.cases import add_cases
from tours.models import InspectionGroup, Round, Station, StationStatus, Unit, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    add_cases(users)
    RectificationItem.objects.filter(status=ItemStatus.CLOSED).update(result=ItemResult.COMPLETED)
    return users


def _get(user, url):
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(url)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def _stations(user, world):
    body = _get(user, f"/api/v1/round-status/{world.round.pk}/")
    return {row["unit_name"]: row for row in body["stations"]}, body


def test_office_sees_both_stations_with_all_figures(world):
    stations, body = _stations(world.office, world)
    assert body["station_count"] == 2
    phases = {row["status"]: row["stations"] for row in body["phases"]}
    assert phases["on_site"] == 1 and phases["rectifying"] == 1 and sum(phases.values()) == 2
    a, b = stations["甲省交通运输厅"], stations["甲省能源投资集团"]
    assert a["status"] == "on_site" and a["entry_on"] == "2024-03-01"
    assert a["petition_cutoff_on"] == "2024-04-20"
    # A: 3 petitions, 2 findings, 1 lead handed over, 1 of 3 items completed, 2 open and late.
    assert a["figures"] == {
        "petitions_received": 3,
        "petitions_overdue": 0,
        "findings": 2,
        "leads_handed_over": 1,
        "rectification_rate": 0.3333,
        "overdue_items": 2,
    }
    assert b["figures"] == {
        "petitions_received": 1,
        "petitions_overdue": 0,
        "findings": 1,
        "leads_handed_over": 1,
        "rectification_rate": 0.0,
        "overdue_items": 1,
    }


def test_a_liaison_sees_its_station_but_no_petition_or_lead(world):
    stations, body = _stations(world.liaison_a, world)
    assert list(stations) == ["甲省交通运输厅"] and body["station_count"] == 1
    # Only the fed-back finding; the items are the unit's own; petitions and leads: none.
    assert stations["甲省交通运输厅"]["figures"] == {
        "petitions_received": 0,
        "petitions_overdue": 0,
        "findings": 1,
        "leads_handed_over": 0,
        "rectification_rate": 0.3333,
        "overdue_items": 2,
    }


def test_a_member_sees_only_their_groups_station(world):
    stations, _body = _stations(world.member_b, world)
    assert list(stations) == ["甲省能源投资集团"]
    assert stations["甲省能源投资集团"]["figures"]["petitions_received"] == 1
    assert stations["甲省能源投资集团"]["figures"]["findings"] == 1


def test_an_official_sees_the_round_without_stations(world):
    listed = _get(world.official_a, "/api/v1/round-status/")["results"]
    assert [(row["id"], row["station_count"]) for row in listed] == [(world.round.pk, 0)]
    _unused, body = _stations(world.official_a, world)
    assert body["stations"] == [] and body["station_count"] == 0


def test_the_list_counts_visible_stations_by_phase(world):
    office = _get(world.office, "/api/v1/round-status/")["results"]
    assert [row["station_count"] for row in office] == [2]
    member = _get(world.member_a, "/api/v1/round-status/")["results"]
    phases = {row["status"]: row["stations"] for row in member[0]["phases"]}
    assert phases["on_site"] == 1 and sum(phases.values()) == 1


def test_a_token_reads_the_status_as_its_user(world):
    _token, secret = ApiToken.issue(world.api_client, "status")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = api.get(f"/api/v1/round-status/{world.round.pk}/")
    assert response.status_code == 200
    assert len(response.json()["stations"]) == 2


def _add_stations(world, count):
    for n in range(count):
        unit = Unit.objects.create(name=f"测试单位{count}-{n}", kind=UnitKind.DEPARTMENT)
        group = InspectionGroup.objects.create(
            round=world.round, number=100 + count * 100 + n, name=f"组{count}-{n}"
        )
        Station.objects.create(
            round=world.round, group=group, unit=unit, status=StationStatus.PREPARING
        )


def test_the_detail_costs_the_same_for_5_and_50_stations(world):
    api = APIClient()
    api.force_authenticate(world.office)
    counts = []
    for extra in (3, 45):  # 2 + 3 = 5 stations, then 5 + 45 = 50
        _add_stations(world, extra)
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/api/v1/round-status/{world.round.pk}/")
        assert response.status_code == 200
        counts.append((len(response.json()["stations"]), len(queries)))
    assert counts[0][0] == 5 and counts[1][0] == 50
    assert counts[0][1] == counts[1][1]


def test_an_unknown_round_is_404(world):
    api = APIClient()
    api.force_authenticate(world.office)
    assert api.get("/api/v1/round-status/999999/").status_code == 404


def test_the_list_costs_the_same_for_1_and_20_rounds(world):
    api = APIClient()
    api.force_authenticate(world.office)
    counts = []
    for extra in (0, 19):
        for n in range(extra):
            Round.objects.create(term=world.term, number=10 + n, name=f"第{10 + n}轮")
        with CaptureQueriesContext(connection) as queries:
            body = api.get("/api/v1/round-status/").json()
        counts.append((body["count"], len(queries)))
    assert [count for count, _queries in counts] == [1, 20]
    assert counts[0][1] == counts[1][1]
