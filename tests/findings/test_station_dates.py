"""Findings set a station's report and feedback dates through tours' own transition, so the
station's date order holds and a station still reporting moves on to fed back."""

import datetime

import pytest
from rest_framework.test import APIClient

from findings import services
from findings.models import Report, ReportStatus
from tests.findings import builders as b
from tours import services as tours_services
from tours.models import Station, StationStatus

pytestmark = pytest.mark.django_db
D = datetime.date


def _office(users):
    api = APIClient()
    api.force_authenticate(users.office)
    return api


def test_a_report_approved_before_the_on_site_phase_ended_is_refused_and_nothing_moves(users):
    b.approved_finding(users)
    report = services.assemble_report(users.leader_a, users.station_a, D(2024, 4, 10))
    # The station's on-site phase ended on 2024-04-30: a report approved on 04-20 is a typo.
    response = _office(users).post(
        f"/api/v1/reports/{report.pk}/approve/",
        {"approved_on": "2024-04-20", "approving_body": "省委书记专题会"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "report_on" in response.json()["fields"]
    report.refresh_from_db()
    station = Station.objects.get(pk=users.station_a.pk)
    assert (report.status, station.report_on) == (ReportStatus.DRAFT, None)


def test_feedback_moves_a_station_still_reporting_into_fed_back(users):
    b.approved_finding(users)
    station = tours_services.transition(
        users.office, users.station_a, "reporting", onsite_end_on=D(2024, 4, 30)
    )
    report = services.assemble_report(users.leader_a, station, D(2024, 5, 10))
    api = _office(users)
    approved = api.post(
        f"/api/v1/reports/{report.pk}/approve/",
        {"approved_on": "2024-05-20", "approving_body": "省委书记专题会"},
        format="json",
    )
    assert approved.status_code == 200, approved.content
    fed_back = api.post(
        f"/api/v1/reports/{report.pk}/feed-back/", {"fed_back_on": "2024-06-01"}, format="json"
    )
    assert fed_back.status_code == 200, fed_back.content
    station.refresh_from_db()
    assert station.status == StationStatus.FED_BACK
    assert (station.report_on, station.feedback_on) == (D(2024, 5, 20), D(2024, 6, 1))
    assert Report.objects.get(pk=report.pk).status == ReportStatus.FED_BACK
