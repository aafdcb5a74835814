"""The system in real headless Chromium, as its users use it."""

import json
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.db.models import Count

from tests.browser.pages import (
    ApiDocsPage,
    ApiTokensPage,
    DashboardPage,
    LoginPage,
    StationListPage,
)
from tests.support.factories import make_user  # noqa: F401
from tours.models import Station, StationStatus, Term

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "pw-12345-test"  # tests.support.factories.make_user's password


def test_group_member_on_a_phone_opens_their_station(users, phone, screenshot):
    LoginPage(phone).login("member_a", PASSWORD)
    stations = StationListPage(phone).open()
    assert stations.unit_names() == ["甲省交通运输厅"]  # not group B's unit
    assert stations.fits_the_screen()
    screenshot(phone, "stations")
    stations.open_station("甲省交通运输厅")
    assert "甲省交通运输厅" in phone.content()
    assert StationListPage(phone).fits_the_screen()
    screenshot(phone, "station")


def test_office_sees_the_demo_drawn_on_the_dashboard(live_server, desktop, screenshot):
    call_command("load_demo", verbosity=0)
    from tours.demo import DEMO_PASSWORD

    LoginPage(desktop).login("office", DEMO_PASSWORD)
    dashboard = DashboardPage(desktop).open()
    dashboard.wait_for_chart("stations_by_phase")
    labels, values = dashboard.values("stations_by_phase")
    latest_term = Term.objects.order_by("-starts_on", "-id").first()  # the default selection
    shown = Station.objects.filter(round__term=latest_term)
    counts = dict(shown.values_list("status").annotate(n=Count("pk")))
    assert labels == [label for _value, label in StationStatus.choices]
    assert values == [counts.get(value, 0) for value, _label in StationStatus.choices]
    assert sum(values) >= 1  # the demo has a station on site
    screenshot(desktop, "dashboard")


def test_dashboard_is_readable_on_a_phone(users, phone, screenshot):
    LoginPage(phone).login("leadership", PASSWORD)
    dashboard = DashboardPage(phone).open()
    chart = dashboard.wait_for_chart("coverage_by_sector")
    box = chart.bounding_box()
    assert box["width"] <= 390 and box["height"] >= 200
    assert dashboard.fits_the_screen()
    labels, covered = dashboard.values("coverage_by_sector")
    assert (labels, covered) == (["省直部门", "国有企业"], [1, 1])
    screenshot(phone, "dashboard")


def _api_status(base_url, secret):
    request = urllib.request.Request(
        base_url + "/api/v1/stations/", headers={"Authorization": f"Token {secret}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_a_token_made_on_the_page_works_until_revoked(users, live_server, desktop, screenshot):
    LoginPage(desktop).login("member_b", PASSWORD)
    tokens = ApiTokensPage(desktop)
    secret = tokens.create("报表对接")
    screenshot(desktop, "created")
    status, body = _api_status(live_server.url, secret)
    assert status == 200 and [row["id"] for row in body["results"]] == [users.station_b.pk]
    tokens.open()
    assert secret not in desktop.content()  # shown once
    tokens.revoke("报表对接")
    status, body = _api_status(live_server.url, secret)
    assert status == 401 and body["code"] == "authentication_failed"


def test_api_docs_load_every_asset_from_this_server(users, live_server, desktop):
    requested = []
    desktop.on("request", lambda request: requested.append(request.url))
    LoginPage(desktop).login("office", PASSWORD)
    paths = ApiDocsPage(desktop).open().wait_for_operations()
    assert "/api/v1/stations/" in paths
    host = urlparse(live_server.url).netloc
    assert requested and all(urlparse(url).netloc == host for url in requested), requested
