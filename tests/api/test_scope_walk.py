"""Every list endpoint in the schema answers exactly what `visible_to(user)` allows."""

import pytest
from django.urls import include, path
from rest_framework import viewsets
from rest_framework.routers import SimpleRouter

from inspection.api.viewsets import ScopedReadOnlyModelViewSet
from tests.api.scope_walk import list_endpoints, load_schema, scope_violations
from tests.dashboards.cases import add_cases
from tours.api.serializers import StationSerializer
from tours.models import Station

pytestmark = pytest.mark.django_db


def test_every_list_endpoint_is_scoped_for_every_role(users):
    add_cases(users)  # petitions, findings, leads and items inside and outside each scope
    schema = load_schema()
    endpoints = list_endpoints(schema)
    assert "/api/v1/stations/" in endpoints
    assert "/api/v1/" not in endpoints  # the root answers links, not a list
    assert scope_violations(schema, users.all_users) == []


def test_the_walk_sees_real_differences_between_roles(users):
    # Guards the walk itself: on stations the roles really do see different things.
    from rest_framework.test import APIClient

    from tests.api.scope_walk import listed_ids

    seen = {}
    for user in (users.office, users.member_a, users.member_b, users.official_a):
        api = APIClient()
        api.force_authenticate(user)
        seen[user.username] = listed_ids(api, "/api/v1/stations/")
    assert seen["office"] == {users.station_a.pk, users.station_b.pk}
    assert seen["member_a"] == {users.station_a.pk}
    assert seen["member_b"] == {users.station_b.pk}
    assert seen["official_a"] == set()


class UnscopedStationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Station.objects.all()
    serializer_class = StationSerializer


class LeakyStationViewSet(ScopedReadOnlyModelViewSet):
    queryset = Station.objects.all()
    serializer_class = StationSerializer

    def get_queryset(self):  # bypasses the scope: the walk must notice
        return Station.objects.all()


router = SimpleRouter()
router.register("unscoped-stations", UnscopedStationViewSet, basename="unscoped-station")
router.register("leaky-stations", LeakyStationViewSet, basename="leaky-station")
urlpatterns = [path("api/v1/", include(router.urls)), path("", include("inspection.urls"))]


@pytest.mark.urls(__name__)
def test_unscoped_and_leaky_list_endpoints_are_reported(users):
    problems = scope_violations(load_schema(), users.all_users)
    assert (
        "/api/v1/unscoped-stations/: "
        f"{UnscopedStationViewSet} does not derive from ScopedViewSetMixin"
    ) in problems
    leaky = {p.split(" as ")[1].split(" ")[0] for p in problems if "leaky" in p}
    # Everyone who may not see both stations is caught; office-wide roles list both anyway.
    office_wide = {"office", "leadership", "apiclient"}
    assert leaky == {u.username for u in users.all_users} - office_wide
    assert len(problems) == 1 + len(leaky)
