"""The station list costs the same number of queries for 5 and for 50 stations."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tours.models import InspectionGroup, Member, Person, Round, Station, Unit, UnitKind


def _grow_to(users, total):
    """Add stations (three per group, one unit each) until the world holds `total`."""
    rnd, _ = Round.objects.get_or_create(term=users.term, number=9, defaults={"name": "第九轮"})
    have, number = Station.objects.count(), rnd.groups.count()
    while have < total:
        number += 1
        group = InspectionGroup.objects.create(round=rnd, number=number, name=f"第{number}组")
        for _ in range(min(3, total - have)):
            unit = Unit.objects.create(name=f"单位{have}", kind=UnitKind.UNIVERSITY)
            Station.objects.create(round=rnd, group=group, unit=unit, batch=1)
            have += 1


def _count(get, url):
    with CaptureQueriesContext(connection) as ctx:
        response = get(url)
        assert response.status_code == 200
    return len(ctx), response


@pytest.mark.parametrize(
    "url", ["/api/v1/stations/", "/tours/stations/", "/api/v1/groups/", "/api/v1/people/"]
)
def test_list_queries_do_not_grow(users, url):
    if url.startswith("/api/"):
        client = APIClient()
        client.force_authenticate(users.office)
    else:
        client = Client()
        client.force_login(users.office)
    _grow_to(users, 5)
    few, response = _count(client.get, url)
    if url == "/api/v1/stations/":
        assert response.json()["count"] == 5
    _grow_to(users, 50)
    many, response = _count(client.get, url)
    if url == "/api/v1/stations/":
        assert response.json()["count"] == 50
    if url == "/tours/stations/":
        assert len(response.context["object_list"]) == 50
    assert few == many, f"{url}: {few} queries for 5 rows, {many} for 50"


def _join_all_groups(user):
    person = Person.objects.get(user=user)
    for group in InspectionGroup.objects.filter(round__number=9).exclude(members__person=person):
        Member.objects.create(group=group, person=person)


def test_group_member_station_list_is_constant_too(users):
    api = APIClient()
    api.force_authenticate(users.member_a)
    _grow_to(users, 5)
    _join_all_groups(users.member_a)
    few, response = _count(api.get, "/api/v1/stations/")
    assert response.json()["count"] == 4  # station_a plus the three new ones (not station_b)
    _grow_to(users, 50)
    _join_all_groups(users.member_a)
    many, response = _count(api.get, "/api/v1/stations/")
    assert response.json()["count"] == 49
    assert few == many
