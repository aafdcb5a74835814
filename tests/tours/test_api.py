"""The tours API: planning through the endpoints, filters, ordering and field-named errors."""

import pytest
from rest_framework.test import APIClient

from tours.models import Member, Person, Round, Station, UnitKind


@pytest.fixture
def office_api(users):
    api = APIClient()
    api.force_authenticate(users.office)
    return api


def test_plan_a_round_through_the_api(users, office_api):
    api = office_api
    term = api.post(
        "/api/v1/terms/",
        {
            "committee": "中共乙省委",
            "name": "第十二届",
            "level": "provincial",
            "starts_on": "2022-01-01",
            "units": [users.unit_a.pk, users.unit_b.pk],
        },
    )
    assert term.status_code == 201, term.json()
    assert sorted(term.json()["units"]) == sorted([users.unit_a.pk, users.unit_b.pk])
    rnd = api.post(
        "/api/v1/rounds/",
        {"term": term.json()["id"], "number": 1, "name": "第一轮", "batch_count": 2},
    )
    assert rnd.status_code == 201, rnd.json()
    group = api.post("/api/v1/groups/", {"round": rnd.json()["id"], "number": 3})
    assert group.status_code == 201 and group.json()["name"] == "第三巡视组"
    person = api.post("/api/v1/people/", {"name": "郑某", "expertise": "audit"})
    assert person.status_code == 201
    member = api.post(
        "/api/v1/members/",
        {"group": group.json()["id"], "person": person.json()["id"], "role": "leader"},
    )
    assert member.status_code == 201
    station = api.post(
        "/api/v1/stations/",
        {
            "round": rnd.json()["id"],
            "group": group.json()["id"],
            "unit": users.unit_a.pk,
            "batch": 2,
            "planned_entry_on": "2024-09-01",
            "planned_onsite_end_on": "2024-11-01",
        },
    )
    assert station.status_code == 201, station.json()
    body = station.json()
    assert (body["status"], body["next_phase"], body["batch"]) == ("planned", "preparing", 2)
    assert Station.objects.get(pk=body["id"]).group.members.count() == 1


def test_validation_errors_name_the_field(users, office_api):
    api = office_api
    bad_term = api.post(
        "/api/v1/terms/",
        {
            "committee": "中共乙省委",
            "name": "x",
            "level": "provincial",
            "starts_on": "2022-01-01",
            "ends_on": "2021-01-01",
        },
    )
    assert bad_term.status_code == 400 and "ends_on" in bad_term.json()["fields"]
    dup_round = api.post("/api/v1/rounds/", {"term": users.term.pk, "number": 1, "name": "重复"})
    assert dup_round.status_code == 400 and "number" in dup_round.json()["fields"]
    dup_group = api.post("/api/v1/groups/", {"round": users.round.pk, "number": 1})
    assert dup_group.status_code == 400 and "number" in dup_group.json()["fields"]
    bad_dates = api.patch(
        f"/api/v1/stations/{users.station_a.pk}/",
        {"planned_entry_on": "2024-05-01", "planned_onsite_end_on": "2024-04-01"},
    )
    assert bad_dates.status_code == 400
    assert "planned_onsite_end_on" in bad_dates.json()["fields"]
    other_round = Round.objects.create(term=users.term, number=2, name="第二轮")
    wrong = api.post(
        "/api/v1/stations/",
        {"round": other_round.pk, "group": users.group_a.pk, "unit": users.unit_a.pk},
    )
    assert wrong.status_code == 400 and "group" in wrong.json()["fields"]  # group of round 1
    twice = api.post(
        "/api/v1/members/",
        {"group": users.group_b.pk, "person": Person.objects.get(user=users.member_a).pk},
    )
    assert twice.status_code == 400 and "person" in twice.json()["fields"]
    loop = api.patch(f"/api/v1/units/{users.unit_a.pk}/", {"parent": users.unit_a.pk})
    assert loop.status_code == 400 and "parent" in loop.json()["fields"]


def test_station_filters_and_ordering(users, office_api):
    api = office_api
    Station.objects.filter(pk=users.station_b.pk).update(status="reporting")
    ids = lambda **q: [r["id"] for r in api.get("/api/v1/stations/", q).json()["results"]]  # noqa: E731
    a, b = users.station_a.pk, users.station_b.pk
    assert ids(status="reporting") == [b]
    assert sorted(ids(status=["reporting", "on_site"])) == sorted([a, b])
    assert ids(sector=UnitKind.ENTERPRISE) == [b]
    assert ids(unit=users.unit_a.pk) == [a]
    assert ids(group=users.group_b.pk) == [b]
    assert sorted(ids(term=users.term.pk, kind="regular")) == sorted([a, b])
    assert ids(entry_on_after="2024-03-02") == []
    assert sorted(ids(entry_on_after="2024-03-01", entry_on_before="2024-03-01")) == [a, b]
    assert ids(ordering="-id") == [b, a]
    bad = api.get("/api/v1/stations/", {"status": "nonsense"})
    assert bad.status_code == 400 and "status" in bad.json()["fields"]
    page = api.get("/api/v1/stations/", {"page_size": 1}).json()
    assert page["count"] == 2 and len(page["results"]) == 1 and page["next"]


def test_each_station_carries_phase_and_key_dates(users, office_api):
    row = office_api.get(f"/api/v1/stations/{users.station_a.pk}/").json()
    for key in (
        "status",
        "status_label",
        "next_phase",
        "entry_on",
        "petition_cutoff_on",
        "onsite_end_on",
        "report_on",
        "feedback_on",
        "hotline",
        "term",
        "round_name",
    ):
        assert key in row
    assert (row["status"], row["entry_on"]) == ("on_site", "2024-03-01")


def test_other_lists_filter(users, office_api):
    api = office_api
    assert api.get("/api/v1/units/", {"kind": "discipline"}).json()["count"] == 1
    assert api.get("/api/v1/units/", {"term": users.term.pk}).json()["count"] == 2
    assert api.get("/api/v1/rounds/", {"term": users.term.pk}).json()["count"] == 1
    assert api.get("/api/v1/terms/", {"level": "central"}).json()["count"] == 0
    groups = api.get("/api/v1/groups/", {"round": users.round.pk}).json()["results"]
    assert [(g["number"], g["member_count"], g["station_count"]) for g in groups] == [
        (1, 3, 1),
        (2, 1, 1),
    ]
    members = api.get("/api/v1/members/", {"group": users.group_a.pk, "role": "leader"}).json()
    assert members["count"] == 1
    people = api.get("/api/v1/people/", {"group": users.group_a.pk}).json()
    assert people["count"] == 3


def test_relation_declared_through_the_api(users, office_api):
    person = Person.objects.create(name="冯某")
    response = office_api.post(
        f"/api/v1/people/{person.pk}/relations/", {"unit": users.unit_b.pk, "kind": "kin"}
    )
    assert response.status_code == 201
    body = office_api.get(f"/api/v1/people/{person.pk}/").json()
    assert body["relations"][0]["unit_name"] == "甲省能源投资集团"


def test_member_removal_is_office_only(users, office_api):
    member = Member.objects.get(person__user=users.member_a)
    api = APIClient()
    api.force_authenticate(users.leader_a)
    assert api.delete(f"/api/v1/members/{member.pk}/").status_code == 403
    assert office_api.delete(f"/api/v1/members/{member.pk}/").status_code == 204
    assert not Member.objects.filter(pk=member.pk).exists()


def test_schema_lists_the_tours_endpoints(users, office_api):
    response = office_api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/stations/{id}/transition/", "/api/v1/units/import/", "/api/v1/terms/"):
        assert path in paths
