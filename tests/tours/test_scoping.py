"""Who sees which stations, groups, members and people: every role, inside and outside
scope, through the queryset, its count, the API (list and detail) and the pages."""

import pytest

from tests.support.scoping import assert_visibility
from tours.models import InspectionGroup, Member, Person, Station


def test_stations_for_every_role(users):
    w = users
    both = [w.station_a, w.station_b]
    assert_visibility(
        Station,
        {
            w.office: both,
            w.leadership: both,
            w.api_client: both,
            w.leader_a: [w.station_a],
            w.deputy_a: [w.station_a],
            w.member_a: [w.station_a],
            w.member_b: [w.station_b],
            w.official_a: [],
            w.official_b: [],
            w.liaison_a: [w.station_a],
            w.liaison_b: [w.station_b],
            w.outsider: [],
        },
        api_list="/api/v1/stations/",
        api_detail="/api/v1/stations/{pk}/",
        page_list="/tours/stations/",
        page_detail="/tours/stations/{pk}/",
    )


def test_station_filters_keep_the_scope(users):
    """A filter narrows what the user sees; it never widens it."""
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(users.member_a)
    body = api.get("/api/v1/stations/", {"unit": users.unit_b.pk}).json()
    assert body["count"] == 0
    body = api.get("/api/v1/stations/", {"term": users.term.pk, "status": "on_site"}).json()
    assert [row["id"] for row in body["results"]] == [users.station_a.pk]


def test_groups_for_every_role(users):
    w = users
    both = [w.group_a, w.group_b]
    assert_visibility(
        InspectionGroup,
        {
            w.office: both,
            w.leadership: both,
            w.api_client: both,
            w.leader_a: [w.group_a],
            w.member_a: [w.group_a],
            w.member_b: [w.group_b],
            w.official_a: [],
            w.liaison_a: [],
            w.outsider: [],
        },
        api_list="/api/v1/groups/",
        api_detail="/api/v1/groups/{pk}/",
    )


def test_members_for_every_role(users):
    w = users
    in_a = list(Member.objects.filter(group=w.group_a))
    in_b = list(Member.objects.filter(group=w.group_b))
    assert_visibility(
        Member,
        {
            w.office: in_a + in_b,
            w.leadership: in_a + in_b,
            w.deputy_a: in_a,
            w.member_b: in_b,
            w.official_b: [],
            w.liaison_b: [],
            w.outsider: [],
        },
        api_list="/api/v1/members/",
        api_detail="/api/v1/members/{pk}/",
    )


def test_people_for_every_role(users):
    w = users
    pool = Person.objects.create(name="人才库某某")  # in no group
    in_a = list(Person.objects.filter(memberships__group=w.group_a))
    in_b = list(Person.objects.filter(memberships__group=w.group_b))
    everyone = [*in_a, *in_b, pool]
    assert_visibility(
        Person,
        {
            w.office: everyone,
            w.leadership: everyone,
            w.api_client: everyone,
            w.leader_a: in_a,
            w.member_b: in_b,
            w.official_a: [],
            w.liaison_a: [],
            w.outsider: [],
        },
        api_list="/api/v1/people/",
        api_detail="/api/v1/people/{pk}/",
    )


@pytest.mark.parametrize(
    "name", ["leader_a", "liaison_a", "official_a", "leadership", "api_client"]
)
def test_only_office_staff_write_plans(users, name):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(getattr(users, name))
    response = api.patch(f"/api/v1/stations/{users.station_a.pk}/", {"batch": 1})
    assert response.status_code in (403, 404)
    assert api.post("/api/v1/units/", {"name": "新单位", "kind": "department"}).status_code == 403
    users.station_a.refresh_from_db()
    assert users.station_a.batch is None


def test_round_plan_page_shows_only_own_groups(users, client):
    client.force_login(users.member_a)
    response = client.get(f"/tours/rounds/{users.round.pk}/")
    assert response.status_code == 200
    assert list(response.context["groups"]) == [users.group_a]
    assert "安排本轮" not in response.content.decode()
    assert client.post(f"/tours/rounds/{users.round.pk}/", {"action": "group"}).status_code == 403
