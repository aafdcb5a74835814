import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from inspection.figures import figures_for
from rectification import services
from rectification.models import (
    ItemResult,
    ItemStatus,
    RectificationItem,
    RectificationPlan,
    SupervisionLetter,
)
from tests.support.scoping import assert_visibility
from tours.models import Station

pytestmark = pytest.mark.django_db

D = datetime.date


def _item(world, station, finding, **fields):
    deadline = fields.pop("original_deadline", D(2024, 9, 30))
    return RectificationItem.objects.create(
        station=station,
        finding=finding,
        measures=fields.pop("measures", "措施"),
        deadline=fields.pop("deadline", deadline),
        original_deadline=deadline,
        **fields,
    )


@pytest.fixture
def rated(world):
    """Six items; the expected figures below are counted by hand from this table."""
    RectificationItem.objects.all().delete()
    a, b, fa, fb = world.station_a, world.station_b, world.finding_a, world.finding_b
    closed = ItemStatus.CLOSED
    # station A
    _item(world, a, fa, status=closed, result=ItemResult.COMPLETED, closed_on=D(2024, 9, 1))
    _item(
        world,
        a,
        fa,
        status=closed,
        result=ItemResult.COMPLETED,
        closed_on=D(2024, 10, 15),
        return_count=2,
    )
    _item(
        world,
        a,
        fa,
        status=closed,
        result=ItemResult.BASICALLY_COMPLETED,
        closed_on=D(2024, 9, 20),
        return_count=1,
    )
    _item(
        world,
        a,
        fa,
        status=ItemStatus.IN_PROGRESS,
        original_deadline=D(2024, 10, 1),
        return_count=3,
    )
    # station B
    _item(world, b, fb, status=ItemStatus.OPEN, original_deadline=D(2024, 12, 31))
    _item(
        world,
        b,
        fb,
        status=closed,
        result=ItemResult.NOT_COMPLETED,
        original_deadline=D(2024, 7, 31),
        closed_on=D(2024, 8, 1),
    )
    return world


def test_rates_per_station_round_and_term(rated):
    today = D(2024, 11, 1)
    items = RectificationItem.objects.all()
    by_station = {row["key"]: row for row in services.rates(items, "station", today)}
    a, b = by_station[rated.station_a.pk], by_station[rated.station_b.pk]
    assert (a["total"], a["completed"], a["closed"], a["closed_on_time"]) == (4, 2, 3, 2)
    assert (a["rectification_rate"], a["on_time_rate"]) == (0.5, 0.6667)
    assert (a["overdue"], a["returned_repeatedly"]) == (1, 2)
    assert (b["total"], b["completed"], b["rectification_rate"], b["on_time_rate"]) == (2, 0, 0, 0)
    assert (b["overdue"], b["returned_repeatedly"]) == (0, 0)
    for by in ("round", "term"):
        [row] = services.rates(items, by, today)
        assert (row["total"], row["completed"], row["rectification_rate"]) == (6, 2, 0.3333)
        assert (row["closed"], row["on_time_rate"], row["overdue"]) == (4, 0.5, 1)


def test_rates_are_one_query(rated):
    with CaptureQueriesContext(connection) as queries:
        services.rates(RectificationItem.objects.all(), "station")
    assert len(queries) == 1


def test_station_figures_count_only_what_the_user_sees(rated):
    stations = Station.objects.all()
    mine = figures_for(stations, rated.liaison_a)
    assert mine[rated.station_a.pk]["rectification_rate"] == 0.5
    assert mine[rated.station_b.pk]["rectification_rate"] is None
    # Today (after 2024) every unclosed item is overdue: one on each station.
    office = figures_for(stations, rated.office)
    assert office[rated.station_a.pk]["overdue_items"] == 1
    assert office[rated.station_b.pk]["overdue_items"] == 1
    assert figures_for(stations, rated.official_a)[rated.station_a.pk]["overdue_items"] is None


def test_station_status_api(rated):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(rated.api_client)
    listing = client.get("/api/v1/rectification-status/").json()["results"]
    rows = {row["id"]: row for row in listing}
    assert rows[rated.station_a.pk]["rectification_rate"] == 0.5
    client.force_authenticate(rated.liaison_b)
    assert client.get(f"/api/v1/rectification-status/{rated.station_a.pk}/").status_code == 404
    body = client.get(f"/api/v1/rectification-status/{rated.station_b.pk}/").json()
    assert (body["total"], body["completed"]) == (2, 0)


def _ledger_ids(response):
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]


def _expected(world, a, b):
    return {
        world.office: a + b,
        world.leadership: a + b,
        world.api_client: a + b,
        world.leader_a: a,
        world.deputy_a: a,
        world.member_a: a,
        world.member_b: b,
        world.official_a: [],
        world.official_b: [],
        world.liaison_a: a,
        world.liaison_b: b,
        world.outsider: [],
    }


def test_item_visibility_by_role(world):
    assert_visibility(
        RectificationItem,
        _expected(world, [world.item_a], [world.item_b]),
        api_list="/api/v1/rectification-items/",
        api_detail="/api/v1/rectification-items/{pk}/",
        page_list="/rectification/items/",
        page_detail="/rectification/items/{pk}/",
        export=("/rectification/items/ledger.xlsx", _ledger_ids),
    )


def test_plan_and_letter_visibility_by_role(world):
    assert_visibility(
        RectificationPlan,
        _expected(world, [world.plan_a], [world.plan_b]),
        api_list="/api/v1/rectification-plans/",
        api_detail="/api/v1/rectification-plans/{pk}/",
        page_list="/rectification/",
    )
    letters = [
        services.issue_letter(world.office, s, "reminder", [i], "请加快整改")
        for s, i in ((world.station_a, world.item_a), (world.station_b, world.item_b))
    ]
    assert_visibility(
        SupervisionLetter,
        _expected(world, letters[:1], letters[1:]),
        api_list="/api/v1/rectification-letters/",
        api_detail="/api/v1/rectification-letters/{pk}/",
        page_detail="/rectification/letters/{pk}/",
        page_list="/rectification/letters/",
    )


def _page_queries(user, url):
    browser = Client()
    browser.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/rectification/items/", "/rectification/"])
def test_pages_have_constant_queries(world, url):
    for n in range(4):
        _item(world, world.station_a, world.finding_a, measures=f"措施{n}")
    few = _page_queries(world.office, url)
    for n in range(45):
        _item(world, world.station_b, world.finding_b, measures=f"措施{n}")
    assert _page_queries(world.office, url) == few
