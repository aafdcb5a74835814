"""A viewset opts in to cursor pagination with one attribute and stays scoped."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from rest_framework.routers import SimpleRouter
from rest_framework.test import APIClient

from inspection.api.pagination import CursorPagination
from inspection.api.viewsets import ScopedReadOnlyModelViewSet
from tests.api.scope_walk import listed_ids
from tours.api.serializers import StationSerializer
from tours.api.views import StationViewSet
from tours.models import InspectionGroup, Station, Unit, UnitKind

pytestmark = pytest.mark.django_db


class BigStationViewSet(ScopedReadOnlyModelViewSet):
    queryset = StationViewSet.queryset  # the same joins as the real station list
    serializer_class = StationSerializer
    pagination_class = CursorPagination
    ordering_fields = ("entry_on", "id")


class ByGroupViewSet(BigStationViewSet):
    cursor_ordering = ("group_id", "id")


router = SimpleRouter()
router.register("big-stations", BigStationViewSet, basename="big-station")
router.register("by-group", ByGroupViewSet, basename="by-group")
urlpatterns = [path("api/v1/", include(router.urls))]


def _more_stations(world, count):
    group = InspectionGroup.objects.create(round=world.round, number=9, name="第九巡视组")
    world.member_a.person.memberships.create(group=group)
    units = Unit.objects.bulk_create(
        Unit(name=f"测试单位{n}", kind=UnitKind.UNIVERSITY) for n in range(count)
    )
    return Station.objects.bulk_create(
        Station(round=world.round, group=group, unit=unit) for unit in units
    )


@pytest.mark.urls(__name__)
def test_cursor_pages_walk_the_scoped_list_without_overlap(users):
    extra = _more_stations(users, 7)
    api = APIClient()
    api.force_authenticate(users.member_a)
    first = api.get("/api/v1/big-stations/?page_size=3").json()
    assert set(first) == {"next", "previous", "results"}  # no count: constant cost
    assert [row["id"] for row in first["results"]] == sorted(
        [users.station_a.pk, *(s.pk for s in extra)], reverse=True
    )[:3]
    seen = listed_ids(api, "/api/v1/big-stations/?page_size=3")
    assert seen == {users.station_a.pk, *(s.pk for s in extra)}  # not station_b: out of scope


@pytest.mark.urls(__name__)
def test_a_bad_cursor_is_a_404_in_the_common_format(users):
    api = APIClient()
    api.force_authenticate(users.office)
    body = api.get("/api/v1/big-stations/?cursor=garbage").json()
    assert body["status"] == 404 and body["code"] == "not_found"


@pytest.mark.urls(__name__)
def test_page_cost_does_not_grow_with_the_page(users):
    _more_stations(users, 50)
    api = APIClient()
    api.force_authenticate(users.office)
    counts = []
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(f"/api/v1/big-stations/?page_size={size}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.urls(__name__)
def test_a_viewset_declares_its_own_cursor_order(users):
    _more_stations(users, 4)  # in a third group, created after groups A and B
    api = APIClient()
    api.force_authenticate(users.office)
    keys, url = [], "/api/v1/by-group/?page_size=2"
    while url:
        body = api.get(url).json()
        keys += [(row["group"], row["id"]) for row in body["results"]]
        url = body["next"]
    assert keys == sorted(keys) and len(keys) == 6
    assert keys[0] == (users.group_a.pk, users.station_a.pk)
    newest_first = api.get("/api/v1/by-group/?ordering=-id&page_size=6").json()["results"]
    assert [row["id"] for row in newest_first] == sorted(
        (row["id"] for row in newest_first), reverse=True
    )
