import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from inspection.scoping import scoped
from tests.support.scoping import assert_visibility
from tours.models import DeclaredRelation, Station


@pytest.mark.django_db
def test_stations_by_role_through_queryset_api_and_pages(users):
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


@pytest.mark.django_db
def test_inactive_user_sees_nothing(users):
    users.office.is_active = False
    users.office.save()
    assert not Station.objects.visible_to(users.office).exists()


def test_a_model_without_visibility_method_is_refused():
    with pytest.raises(ImproperlyConfigured):
        scoped(DeclaredRelation.objects.all(), None)


@pytest.mark.django_db
def test_the_helper_catches_a_leak(users):
    """The helper must fail when a user sees more than expected."""
    with pytest.raises(AssertionError, match="member_a"):
        assert_visibility(Station, {users.member_a: []}, api_list="/api/v1/stations/")


@pytest.mark.django_db
def test_unauthenticated_api_and_pages_are_refused(client, users):
    # 401 with a token challenge since personal API tokens exist (see docs/architecture.md).
    assert APIClient().get("/api/v1/stations/").status_code == 401
    response = client.get("/tours/stations/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.django_db
def test_station_list_query_count_is_constant(users):
    from tours.models import InspectionGroup, Unit, UnitKind

    api = APIClient()
    api.force_authenticate(users.office)

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/api/v1/stations/").status_code == 200
        return len(ctx)

    few = count_queries()
    for i in range(10):
        group = InspectionGroup.objects.create(
            round=users.round, number=10 + i, name=f"第{10 + i}组"
        )
        unit = Unit.objects.create(name=f"单位{i}", kind=UnitKind.UNIVERSITY)
        Station.objects.create(round=users.round, group=group, unit=unit)
    assert count_queries() == few
