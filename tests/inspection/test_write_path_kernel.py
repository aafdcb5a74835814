"""The write path's kernel: declared transitions, the permission check, the lock, 409."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from inspection.permissions import may
from inspection.workflow import StateConflict
from tests.support.concurrency import api_post_concurrently
from tours import services
from tours.models import InspectionGroup, Station, StationStatus, Unit, UnitKind
from tours.transitions import STATION_FLOW

D = datetime.date


def _planned(users):
    unit = Unit.objects.create(name="甲省水利厅", kind=UnitKind.DEPARTMENT)
    group = InspectionGroup.objects.create(round=users.round, number=5, name="第五巡视组")
    return services.create_station(users.office, round_=users.round, group=group, unit=unit)


@pytest.mark.django_db
def test_read_only_roles_may_nothing_whatever_an_app_declares(users):
    for user in (users.leadership, users.api_client):
        assert not may(user, "tours.move_station", users.station_a)
    assert may(users.office, "tours.move_station", users.station_a)


@pytest.mark.django_db
def test_available_transitions_follow_state_and_predicate(users):
    station = _planned(users)
    assert [t.name for t in STATION_FLOW.available(users.office, station)] == ["prepare"]
    assert STATION_FLOW.available(users.leader_a, station) == []


@pytest.mark.django_db
def test_a_refused_transition_changes_nothing(users):
    station = _planned(users)
    with pytest.raises(PermissionDenied):
        services.transition(users.leadership, station, "preparing", notice_on=D(2024, 3, 1))
    with pytest.raises(StateConflict):
        services.transition(users.office, station, "on_site", entry_on=D(2024, 3, 8))
    station.refresh_from_db()
    assert (station.status, station.notice_on, station.entry_on) == ("planned", None, None)


@pytest.mark.django_db
def test_api_answers_409_when_the_state_moved_on_and_403_to_a_read_only_role(users):
    station = _planned(users)
    url = f"/api/v1/stations/{station.pk}/transition/"
    client = APIClient()
    client.force_authenticate(users.leadership)
    refused = client.post(url, {"to": "preparing", "notice_on": "2024-03-01"}, format="json")
    assert refused.status_code == 403
    client.force_authenticate(users.office)
    assert client.post(url, {"to": "preparing", "notice_on": "2024-03-01"}).status_code == 200
    again = client.post(url, {"to": "preparing", "notice_on": "2024-03-01"})
    assert again.status_code == 409, again.content
    assert again.json()["code"] == "conflict"
    assert Station.objects.get(pk=station.pk).status == StationStatus.PREPARING


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_transitions_one_succeeds(users):
    station = _planned(users)
    url = f"/api/v1/stations/{station.pk}/transition/"
    codes = api_post_concurrently(
        users.office, url, {"to": "preparing", "notice_on": "2024-03-01"}, count=4
    )
    assert sorted(codes) == [200, 409, 409, 409], codes
