"""Coverage of a term on a small fixture whose figures are counted by hand below."""

import datetime

import pytest

from inspection.accounts.models import Role
from tests.support.factories import make_user
from tours import coverage
from tours.models import (
    InspectionGroup,
    Member,
    Person,
    Round,
    RoundKind,
    Station,
    StationStatus,
    Term,
    TermLevel,
    Unit,
    UnitKind,
)

S = StationStatus


@pytest.fixture
def term(db):
    """Seven units to cover:
    dept1 closed (inspected), dept2 on site (in progress), dept3 only planned (not yet),
    ent1 reporting (inspected), ent2 no station (not yet),
    uni1 inspected only in another term (not yet), uni2 preparing (in progress).
    """
    term = Term.objects.create(
        committee="中共甲省委",
        name="第十三届",
        level=TermLevel.PROVINCIAL,
        starts_on=datetime.date(2021, 1, 1),
    )
    other_term = Term.objects.create(
        committee="中共甲省委",
        name="第十二届",
        level=TermLevel.PROVINCIAL,
        starts_on=datetime.date(2016, 1, 1),
    )
    kinds = {"dept": UnitKind.DEPARTMENT, "ent": UnitKind.ENTERPRISE, "uni": UnitKind.UNIVERSITY}
    units = {}
    for prefix, kind in kinds.items():
        for i in (1, 2, 3):
            if prefix != "dept" and i == 3:
                continue
            units[f"{prefix}{i}"] = Unit.objects.create(name=f"{prefix}{i}", kind=kind)
    outside = Unit.objects.create(name="不在本届名单", kind=UnitKind.DEPARTMENT)
    term.units.add(*units.values())
    r1 = Round.objects.create(term=term, number=1, name="第一轮")
    old = Round.objects.create(term=other_term, number=1, name="上届第一轮")
    groups = [InspectionGroup.objects.create(round=r1, number=n, name=f"组{n}") for n in (1, 2, 3)]
    old_group = InspectionGroup.objects.create(round=old, number=1, name="上届组")
    plan = [
        (units["dept1"], groups[0], S.CLOSED, datetime.date(2021, 9, 1)),
        (units["dept2"], groups[0], S.ON_SITE, None),
        (units["dept3"], groups[1], S.PLANNED, None),
        (units["ent1"], groups[1], S.REPORTING, None),
        (units["uni2"], groups[2], S.PREPARING, None),
        (outside, groups[2], S.CLOSED, datetime.date(2021, 9, 2)),
    ]
    stations = {}
    for unit, group, status, feedback in plan:
        stations[unit.name] = Station.objects.create(
            round=r1, group=group, unit=unit, status=status, feedback_on=feedback
        )
    Station.objects.create(round=old, group=old_group, unit=units["uni1"], status=S.CLOSED)
    term.fixture = {"units": units, "stations": stations, "groups": groups, "round": r1}
    return term


def test_totals_and_sectors(term):
    stations = Station.objects.all()
    total = coverage.totals(term, stations)
    assert (total.total, total.inspected, total.in_progress, total.not_yet) == (7, 2, 2, 3)
    rows = {
        row.kind: (row.total, row.inspected, row.in_progress, row.not_yet)
        for row in coverage.sector_shares(term, stations)
    }
    assert rows == {
        UnitKind.DEPARTMENT: (3, 1, 1, 1),
        UnitKind.ENTERPRISE: (2, 1, 0, 1),
        UnitKind.UNIVERSITY: (2, 0, 1, 1),
    }
    states = {u.name: u.state for u in coverage.units_with_state(term, stations)}
    assert states == {
        "dept1": "inspected",
        "dept2": "in_progress",
        "dept3": "not_yet",
        "ent1": "inspected",
        "ent2": "not_yet",
        "uni1": "not_yet",
        "uni2": "in_progress",
    }


def test_look_back_candidates(term):
    stations = Station.objects.all()
    dept1 = term.fixture["stations"]["dept1"]
    # dept1 is the only fed-back station of the term among the units (outside is too).
    candidates = list(coverage.look_back_candidates(term, stations))
    assert [s.unit.name for s in candidates] == ["dept1", "不在本届名单"]
    back = Round.objects.create(term=term, number=2, name="回头看", kind=RoundKind.LOOK_BACK)
    group = InspectionGroup.objects.create(round=back, number=1, name="回头看组")
    Station.objects.create(round=back, group=group, unit=dept1.unit, revisits=dept1)
    assert [s.unit.name for s in coverage.look_back_candidates(term, stations)] == ["不在本届名单"]


def test_coverage_counts_only_what_the_user_may_see(term):
    user = make_user(Role.GROUP)
    Member.objects.create(
        group=term.fixture["groups"][0], person=Person.objects.create(name="甲", user=user)
    )
    total = coverage.totals(term, Station.objects.visible_to(user))
    # Group 1 holds dept1 (closed) and dept2 (on site); everything else is unseen.
    assert (total.total, total.inspected, total.in_progress, total.not_yet) == (7, 1, 1, 5)


def test_coverage_page_and_api(term, client):
    office = make_user(Role.OFFICE)
    client.force_login(office)
    response = client.get(f"/tours/terms/{term.pk}/coverage/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "应巡视 7 个单位：已巡视 2 个（28.6%），正在巡视 2 个，尚未巡视 3 个。" in text
    assert 'class="s-not_yet">尚未巡视<' in text
    assert 'class="s-inspected">已巡视<' in text
    listed = [unit.name for unit in response.context["units"]]
    assert listed == ["dept3", "ent2", "uni1", "dept2", "uni2", "dept1", "ent1"]  # gaps first
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(office)
    body = api.get(f"/api/v1/terms/{term.pk}/coverage/").json()
    assert (body["total"], body["inspected"], body["in_progress"], body["not_yet"]) == (7, 2, 2, 3)
    assert sorted(u["name"] for u in body["not_yet_units"]) == ["dept3", "ent2", "uni1"]
