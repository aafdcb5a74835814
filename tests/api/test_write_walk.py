"""Every write operation in the schema, for every role on both sides of the world: who may act
succeeds (with an audit entry), everyone else gets 403/404 and changes nothing."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from inspection.api.viewsets import ScopedReadOnlyModelViewSet
from tests.api.scope_walk import load_schema
from tests.api.write_spec import API_PARTS, API_SPEC
from tests.api.write_walk import (
    BrowserExpect,
    Case,
    Expect,
    Page,
    walk_browser,
    walk_writes,
    write_operations,
)
from tours.api.serializers import StationSerializer
from tours.models import Station

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _report(name, problems):
    # WRITE_WALK_REPORT=dir writes each part's problems to a file (the to-do list).
    folder = os.environ.get("WRITE_WALK_REPORT")
    if folder:
        Path(folder, f"{name}.txt").write_text("\n".join(problems) + "\n", encoding="utf-8")


def test_every_write_operation_has_a_declared_expectation(db):
    operations = set(write_operations(load_schema()))
    assert len(operations) >= 60
    assert sorted(" ".join(op) for op in operations - set(API_SPEC)) == []
    # An entry for an operation that no longer exists is stale: remove it with the endpoint.
    assert sorted(" ".join(op) for op in set(API_SPEC) - operations) == []


@pytest.mark.parametrize("part", sorted(API_PARTS))
def test_write_walk(users, part):
    declared = API_PARTS[part]
    result = walk_writes(users, API_SPEC, select=lambda key: key in declared)
    _report(part, result.problems)
    # Not vacuous: every declared operation was walked, for every user on both sides, and on
    # at least one side someone succeeded.
    assert len(result.operations) == len(declared)
    assert len(result.outcomes) == len(declared) * 2 * len(users.all_users)
    assert not [op for op in result.operations if not result.successes(op)], result.problems
    assert result.problems == []


# ----------------------------------------------------------------------------------------
# The walk itself: deliberately unguarded writes must be reported.


class UnguardedHotlineViewSet(ScopedReadOnlyModelViewSet):
    """Scoped for reading, but its write action asks no permission: any user who sees the
    station may change its hotline."""

    queryset = Station.objects.all()
    serializer_class = StationSerializer

    @extend_schema(request=None, responses=StationSerializer)
    @action(detail=True, methods=["post"])
    def hotline(self, request, pk=None):
        station = self.get_object()
        station.hotline = "0351-0000000"
        station.save()
        return Response(self.get_serializer(station).data)


class OpenHotlineViewSet(UnguardedHotlineViewSet):
    """Worse: no scope and no refusal of read-only roles either."""

    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return Station.objects.all()


@login_required
@require_POST
def unguarded_hotline(request, pk):
    station = get_object_or_404(Station.objects.visible_to(request.user), pk=pk)
    station.hotline = "0351-0000000"
    station.save()
    return redirect("tours:station-detail", pk)


router = SimpleRouter()
router.register("unguarded-stations", UnguardedHotlineViewSet, basename="unguarded-station")
router.register("open-stations", OpenHotlineViewSet, basename="open-station")
meta_pages = [path("<int:pk>/hotline/", unguarded_hotline, name="hotline")]
urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("walk-meta/", include((meta_pages, "walkmeta"))),
    path("", include("inspection.urls")),
]

HOTLINE = ("POST", "/api/v1/unguarded-stations/{id}/hotline/")
OPEN_HOTLINE = ("POST", "/api/v1/open-stations/{id}/hotline/")


def _hotline_case(w, side):
    return Case(side.station)


def _leaders_and_office(side):
    return {"office"} | side.leader | side.deputy


@pytest.mark.urls(__name__)
def test_an_unguarded_write_without_expectation_is_reported(users):
    schema = load_schema()
    assert {HOTLINE, OPEN_HOTLINE} <= set(write_operations(schema))
    result = walk_writes(users, API_SPEC, schema, select=lambda key: "hotline" in key[1])
    assert result.problems == [
        "POST /api/v1/open-stations/{id}/hotline/: no expectation declared",
        "POST /api/v1/unguarded-stations/{id}/hotline/: no expectation declared",
    ]
    pages = walk_browser(users, {}, namespaces=("walkmeta",))
    assert pages.problems == ["POST walkmeta:hotline: no expectation declared"]


@pytest.mark.urls(__name__)
def test_an_unguarded_write_is_caught_role_by_role(users):
    declared = Expect(_hotline_case, _leaders_and_office)
    spec = {HOTLINE: declared, OPEN_HOTLINE: declared}
    result = walk_writes(users, spec, select=lambda key: key in spec)
    caught = {(o.operation.split("/")[3], o.side, o.username) for o in result.outcomes if not o.ok}
    # Group A's ordinary member sees station A and changes it; nothing stops them.
    assert ("unguarded-stations", "A", "member_a") in caught
    assert ("unguarded-stations", "B", "member_b") in caught
    # The scoped one still refuses the read-only roles (kernel permission class) and answers
    # 404 out of scope.
    assert ("unguarded-stations", "A", "leadership") not in caught
    assert ("unguarded-stations", "A", "member_b") not in caught
    # The open one lets read-only roles and out-of-scope users change the station.
    assert {("open-stations", "A", name) for name in ("leadership", "apiclient", "member_b")} <= (
        caught
    )
    problem = next(p for p in result.problems if "unguarded" in p and "as member_a" in p)
    assert "expected 403/404, got 200" in problem and "tours_station rows changed" in problem
    assert "audit entr" in problem

    pages = walk_browser(
        users,
        {("walkmeta:hotline", None): BrowserExpect(
            lambda w, s: Page(s.station, {"pk": s.station.pk}), _leaders_and_office
        )},
        namespaces=("walkmeta",),
    )  # fmt: skip
    caught = {(o.side, o.username) for o in pages.outcomes if not o.ok}
    assert {("A", "member_a"), ("A", "leadership"), ("B", "member_b")} <= caught
    assert ("A", "anonymous") not in caught and ("A", "member_b") not in caught
