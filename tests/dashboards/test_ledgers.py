"""The ledger export base: scoped rows, declared columns, labels for choices."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from openpyxl import load_workbook

from inspection.dashboards.ledgers import LedgerColumn, LedgerExportView
from tests.support.scoping import assert_visibility
from tours.models import Station, StationStatus, Unit, UnitKind


class StationLedger(LedgerExportView):
    model = Station
    sheet_title = "进驻台账"
    filename = "stations"
    filter_fields = ("round",)
    columns = [
        LedgerColumn("序号", "id"),
        LedgerColumn("巡视组", "group__name"),
        LedgerColumn("被巡视单位", "unit__name"),
        LedgerColumn("阶段", "status", labels=dict(StationStatus.choices)),
        LedgerColumn("进驻日期", "entry_on", render=lambda d: d.isoformat() if d else ""),
    ]


urlpatterns = [path("ledger/", StationLedger.as_view()), path("", include("inspection.urls"))]


def _rows(response):
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_ledger_has_the_declared_columns_and_labels(client, users):
    client.force_login(users.office)
    response = client.get("/ledger/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="stations-')
    rows = _rows(response)
    assert rows[0] == ["序号", "巡视组", "被巡视单位", "阶段", "进驻日期"]
    assert rows[1:] == [
        [users.station_a.pk, "第一巡视组", "甲省交通运输厅", "进驻", "2024-03-01"],
        [users.station_b.pk, "第二巡视组", "甲省能源投资集团", "进驻", "2024-03-01"],
    ]


def test_ledger_rows_are_the_users_scope(users):
    assert_visibility(
        Station,
        {
            users.office: [users.station_a, users.station_b],
            users.member_a: [users.station_a],
            users.liaison_b: [users.station_b],
            users.official_a: [],
        },
        export=("/ledger/", lambda response: [row[0] for row in _rows(response)[1:]]),
    )


def test_ledger_filters_and_stays_constant_in_queries(client, users):
    client.force_login(users.office)
    assert len(_rows(client.get(f"/ledger/?round={users.round.pk + 1}"))) == 1  # header only
    counts = []
    for extra in (0, 40):
        units = Unit.objects.bulk_create(
            Unit(name=f"单位{extra}-{n}", kind=UnitKind.VILLAGE) for n in range(extra)
        )
        Station.objects.bulk_create(
            Station(round=users.round, group=users.group_a, unit=unit) for unit in units
        )
        with CaptureQueriesContext(connection) as queries:
            rows = _rows(client.get("/ledger/"))
        counts.append(len(queries))
    assert len(rows) == 1 + 2 + 40
    assert counts[0] == counts[1]


def test_ledger_needs_login(client):
    assert client.get("/ledger/").status_code == 302
