"""Station lifecycle: one phase at a time, with its dates, in order."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from inspection.workflow import StateConflict
from tours import services
from tours.models import InspectionGroup, Station, StationStatus, Unit, UnitKind

D = datetime.date


@pytest.fixture
def planned(users):
    unit = Unit.objects.create(name="甲省水利厅", kind=UnitKind.DEPARTMENT)
    group = InspectionGroup.objects.create(round=users.round, number=5, name="第五巡视组")
    return services.create_station(users.office, round_=users.round, group=group, unit=unit)


def test_full_lifecycle(users, planned):
    office, s = users.office, planned
    s = services.transition(office, s, "preparing", notice_on=D(2024, 3, 1))
    s = services.transition(office, s, "on_site", entry_on=D(2024, 3, 8))
    s = services.transition(office, s, "reporting", onsite_end_on=D(2024, 5, 8))
    s = services.transition(
        office, s, "fed_back", report_on=D(2024, 6, 1), feedback_on=D(2024, 7, 1)
    )
    s = services.transition(office, s, "rectifying")
    s = services.transition(office, s, "closed")
    s.refresh_from_db()
    assert s.status == StationStatus.CLOSED
    assert (s.entry_on, s.feedback_on) == (D(2024, 3, 8), D(2024, 7, 1))


def test_skipping_a_phase_is_a_state_conflict(users, planned):
    with pytest.raises(StateConflict):
        services.transition(users.office, planned, "on_site", entry_on=D(2024, 3, 8))
    planned.refresh_from_db()
    assert (planned.status, planned.entry_on) == (StationStatus.PLANNED, None)
    api = APIClient()
    api.force_authenticate(users.office)
    url = f"/api/v1/stations/{planned.pk}/transition/"
    response = api.post(url, {"to": "on_site", "entry_on": "2024-03-08"})
    assert response.status_code == 409 and response.json()["code"] == "conflict"


def test_going_back_is_refused(users):
    with pytest.raises(StateConflict):
        services.transition(users.office, users.station_a, "preparing")


def test_the_first_phase_cannot_be_moved_into(users):
    with pytest.raises(ValidationError) as exc:
        services.transition(users.office, users.station_a, "planned")
    assert "to" in exc.value.message_dict


def test_phase_needs_its_dates(users, planned):
    with pytest.raises(ValidationError) as exc:
        services.transition(users.office, planned, "preparing")
    assert "notice_on" in exc.value.message_dict


def test_entry_before_notice_is_refused(users, planned):
    s = services.transition(users.office, planned, "preparing", notice_on=D(2024, 3, 10))
    with pytest.raises(ValidationError) as exc:
        services.transition(users.office, s, "on_site", entry_on=D(2024, 3, 1))
    assert "进驻日期不能早于通知日期" in exc.value.message_dict["entry_on"][0]
    s.refresh_from_db()
    assert s.status == StationStatus.PREPARING and s.entry_on is None


def test_feedback_before_report_is_refused(users):
    s = users.station_a  # on site since 2024-03-01, on-site end 2024-04-30
    s = services.transition(users.office, s, "reporting")
    with pytest.raises(ValidationError) as exc:
        services.transition(
            users.office, s, "fed_back", report_on=D(2024, 6, 1), feedback_on=D(2024, 5, 20)
        )
    assert "feedback_on" in exc.value.message_dict
    s.refresh_from_db()
    assert s.status == StationStatus.REPORTING and s.feedback_on is None


def test_report_before_end_of_on_site_phase_is_refused(users):
    s = services.transition(users.office, users.station_a, "reporting")
    with pytest.raises(ValidationError) as exc:
        services.transition(
            users.office, s, "fed_back", report_on=D(2024, 4, 1), feedback_on=D(2024, 6, 1)
        )
    assert "report_on" in exc.value.message_dict


def test_dates_in_the_future_are_refused(users):
    future = datetime.date.today() + datetime.timedelta(days=3)
    s = users.station_a
    s.onsite_end_on = None
    s.save()
    with pytest.raises(ValidationError) as exc:
        services.transition(users.office, s, "reporting", onsite_end_on=future)
    assert "onsite_end_on" in exc.value.message_dict


def test_only_office_staff_move_phases(users):
    for user in (users.leader_a, users.leadership, users.liaison_a):
        with pytest.raises(PermissionDenied):
            services.transition(user, users.station_a, "reporting")


def test_transition_through_the_api(users):
    api = APIClient()
    api.force_authenticate(users.office)
    url = f"/api/v1/stations/{users.station_a.pk}/transition/"
    response = api.post(url, {"to": "reporting"})
    assert response.status_code == 200
    assert response.json()["status"] == "reporting"
    assert response.json()["next_phase"] == "fed_back"
    bad = api.post(url, {"to": "fed_back", "report_on": "2024-06-01", "feedback_on": "2024-05-01"})
    assert bad.status_code == 400 and "feedback_on" in bad.json()["fields"]


def test_group_leader_cannot_transition_through_the_api(users):
    api = APIClient()
    api.force_authenticate(users.leader_a)
    response = api.post(f"/api/v1/stations/{users.station_a.pk}/transition/", {"to": "reporting"})
    assert response.status_code == 403


def test_transition_button_on_the_station_page(users, client):
    client.force_login(users.office)
    page = client.get(f"/tours/stations/{users.station_a.pk}/")
    assert "转为“报告”" in page.content.decode()
    response = client.post(f"/tours/stations/{users.station_a.pk}/transition/", {"to": "reporting"})
    assert response.status_code == 302
    users.station_a.refresh_from_db()
    assert users.station_a.status == StationStatus.REPORTING
    bad = client.post(
        f"/tours/stations/{users.station_a.pk}/transition/",
        {"to": "fed_back", "report_on": "2024-06-01", "feedback_on": "2024-05-01"},
    )
    assert bad.status_code == 200
    assert bad.context["transition_form"].errors["feedback_on"]


def test_no_transition_button_for_group_members(users, client):
    client.force_login(users.leader_a)
    page = client.get(f"/tours/stations/{users.station_a.pk}/")
    assert "转为“" not in page.content.decode()
    assert (
        client.post(
            f"/tours/stations/{users.station_a.pk}/transition/", {"to": "reporting"}
        ).status_code
        == 403
    )


def test_group_leader_updates_own_hotline_but_not_others(users):
    api = APIClient()
    api.force_authenticate(users.leader_a)
    ok = api.post(f"/api/v1/stations/{users.station_a.pk}/contact/", {"hotline": "028-1234"})
    assert ok.status_code == 200 and ok.json()["hotline"] == "028-1234"
    other = api.post(f"/api/v1/stations/{users.station_b.pk}/contact/", {"hotline": "1"})
    assert other.status_code == 404
    api.force_authenticate(users.member_a)
    member = api.post(f"/api/v1/stations/{users.station_a.pk}/contact/", {"hotline": "2"})
    assert member.status_code == 403
    users.station_a.refresh_from_db()
    assert users.station_a.hotline == "028-1234"


def test_look_back_must_revisit_a_fed_back_station_of_the_same_unit(users):
    from tours.models import Round, RoundKind

    back = Round.objects.create(term=users.term, number=2, name="回头看", kind=RoundKind.LOOK_BACK)
    group = InspectionGroup.objects.create(round=back, number=1, name="第一巡视组")
    with pytest.raises(ValidationError) as exc:
        services.create_station(
            users.office, round_=back, group=group, unit=users.unit_a, revisits=users.station_a
        )
    assert "revisits" in exc.value.message_dict  # still on site, not fed back
    Station.objects.filter(pk=users.station_a.pk).update(status=StationStatus.CLOSED)
    users.station_a.refresh_from_db()
    with pytest.raises(ValidationError):
        services.create_station(
            users.office, round_=back, group=group, unit=users.unit_b, revisits=users.station_a
        )
    station = services.create_station(
        users.office, round_=back, group=group, unit=users.unit_a, revisits=users.station_a
    )
    assert station.revisits == users.station_a


def test_plan_rules(users):
    office = users.office
    with pytest.raises(ValidationError) as exc:
        services.create_station(office, round_=users.round, group=users.group_b, unit=users.unit_a)
    assert "unit" in exc.value.message_dict  # unit already stationed in this round
    extra = [Unit.objects.create(name=f"甲省单位{i}", kind=UnitKind.DEPARTMENT) for i in range(3)]
    services.create_station(office, round_=users.round, group=users.group_a, unit=extra[0])
    services.create_station(office, round_=users.round, group=users.group_a, unit=extra[1])
    with pytest.raises(ValidationError) as exc:
        services.create_station(office, round_=users.round, group=users.group_a, unit=extra[2])
    assert "group" in exc.value.message_dict  # fourth unit for one group
    with pytest.raises(ValidationError) as exc:
        services.create_station(office, round_=users.round, group=users.group_b, unit=users.body_a)
    assert "unit" in exc.value.message_dict  # a receiving body is not a target
    with pytest.raises(ValidationError) as exc:
        services.create_station(
            office, round_=users.round, group=users.group_b, unit=extra[2], batch=2
        )
    assert "batch" in exc.value.message_dict  # the round has one batch
