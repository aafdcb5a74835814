import pytest
from auditlog.models import LogEntry
from rest_framework.test import APIClient

from tours.models import Station, StationStatus, Unit, UnitKind


def entries_for(obj):
    return list(LogEntry.objects.get_for_object(obj).order_by("timestamp", "id"))


@pytest.mark.django_db
def test_create_update_delete_record_actor_request_id_and_before_after(client, users):
    office = users.office
    office.is_staff = office.is_superuser = True  # the back office (admin) is for superusers
    office.save()
    client.force_login(office)
    # A change made through a request carries the actor and the request id.
    response = client.post(
        "/admin/tours/unit/add/",
        {"name": "乙市委", "kind": UnitKind.LOCAL, "region": "乙市", "is_active": "on"},
        HTTP_X_REQUEST_ID="req-create-1",
    )
    assert response.status_code == 302, response.content[:500]
    unit = Unit.objects.get(name="乙市委")
    (created,) = entries_for(unit)
    assert created.action == LogEntry.Action.CREATE
    assert created.actor == office
    assert created.cid == "req-create-1"
    assert created.changes["name"] == [None, "乙市委"]

    response = client.post(
        f"/admin/tours/unit/{unit.pk}/change/",
        {"name": "乙市委员会", "kind": UnitKind.LOCAL, "region": "乙市", "is_active": "on"},
        HTTP_X_REQUEST_ID="req-update-1",
    )
    assert response.status_code == 302
    updated = entries_for(unit)[-1]
    assert updated.action == LogEntry.Action.UPDATE
    assert updated.changes == {"name": ["乙市委", "乙市委员会"]}
    assert (updated.actor, updated.cid) == (office, "req-update-1")

    pk = unit.pk
    response = client.post(f"/admin/tours/unit/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    deleted = LogEntry.objects.filter(
        content_type__model="unit", object_pk=str(pk), action=LogEntry.Action.DELETE
    ).get()
    assert deleted.changes["name"] == ["乙市委员会", None]
    assert deleted.actor == office


@pytest.mark.django_db
def test_many_to_many_changes_are_recorded(users):
    users.term.units.add(users.body_a)
    m2m = LogEntry.objects.get_for_object(users.term).order_by("timestamp", "id").last()
    assert m2m is not None
    assert m2m.changes["units"]["operation"] == "add"
    assert users.body_a.name in m2m.changes["units"]["objects"]


@pytest.mark.django_db
def test_history_is_scoped_like_its_object(client, users):
    station = users.station_a
    station.status = StationStatus.REPORTING
    station.save()
    api = APIClient()
    api.force_authenticate(users.member_a)
    response = api.get(f"/api/v1/stations/{station.pk}/history/")
    assert response.status_code == 200
    change = next(e for e in response.json() if e["action"] == "update")
    assert change["changes"]["status"] == [StationStatus.ON_SITE, StationStatus.REPORTING]

    api.force_authenticate(users.member_b)
    assert api.get(f"/api/v1/stations/{station.pk}/history/").status_code == 404

    client.force_login(users.member_a)
    page = client.get(f"/tours/stations/{station.pk}/history/")
    assert page.status_code == 200
    assert "reporting" in page.content.decode()
    client.force_login(users.liaison_b)
    assert client.get(f"/tours/stations/{station.pk}/history/").status_code == 404


@pytest.mark.django_db
def test_bulk_helpers_write_entries_without_signals(users):
    from inspection.audit.registry import log_bulk_create, log_bulk_update

    units = Unit.objects.bulk_create(
        [Unit(name=f"批量单位{i}", kind=UnitKind.VILLAGE) for i in range(3)]
    )
    if units[0].pk is None:  # backends that do not return ids from bulk_create
        units = list(Unit.objects.filter(name__startswith="批量单位").order_by("name"))
    log_bulk_create(units, ["name", "kind"], actor=users.office)
    before = {u.pk: {"region": u.region} for u in units}
    for u in units:
        u.region = "丙县"
    Unit.objects.bulk_update(units, ["region"])
    log_bulk_update(units, before, ["region"], actor=users.office)
    history = entries_for(units[0])
    assert [e.action for e in history] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert history[1].changes == {"region": ["", "丙县"]}
    assert Station.objects.count() == 2  # the world is untouched


@pytest.mark.django_db
def test_no_actor_leaks_out_of_a_request(client, users):
    from inspection.audit.registry import _actor

    client.force_login(users.office)
    assert client.get("/tours/stations/").status_code == 200
    assert _actor() is None


@pytest.mark.django_db
def test_units_and_receiving_bodies_never_read_change_histories(client, users):
    """A liaison sees its own station, but not who in the office or group changed it."""
    station = users.station_a
    api = APIClient()
    for user, expected in (
        (users.liaison_a, 404),
        (users.official_a, 404),
        (users.member_a, 200),
        (users.leadership, 200),
    ):
        api.force_authenticate(user)
        assert api.get(f"/api/v1/stations/{station.pk}/history/").status_code == expected, user
        client.force_login(user)
        assert client.get(f"/tours/stations/{station.pk}/history/").status_code == expected, user
    api.force_authenticate(users.liaison_a)
    assert (
        api.get(f"/api/v1/stations/{station.pk}/").status_code == 200
    )  # the station itself is theirs
