"""A small world with objects inside and outside every role's scope.

Two groups (A and B) in one round, each stationed at its own unit; two receiving bodies;
one user per role on each side. Visibility tests across the apps build on it, so each
role is checked against the same picture.
"""

import datetime
from types import SimpleNamespace

from inspection.accounts.models import Role
from tests.support.factories import make_user
from tours.models import (
    InspectionGroup,
    Member,
    MemberRole,
    Person,
    Round,
    Station,
    StationStatus,
    Term,
    TermLevel,
    Unit,
    UnitKind,
)


def _member(group, user, role):
    person = Person.objects.create(name=user.full_name, user=user)
    Member.objects.create(group=group, person=person, role=role)
    return user


def build_world():
    w = SimpleNamespace()
    w.unit_a = Unit.objects.create(name="甲省交通运输厅", kind=UnitKind.DEPARTMENT)
    w.unit_b = Unit.objects.create(name="甲省能源投资集团", kind=UnitKind.ENTERPRISE)
    w.body_a = Unit.objects.create(name="甲省纪委监委", kind=UnitKind.DISCIPLINE)
    w.body_b = Unit.objects.create(name="甲省委组织部", kind=UnitKind.ORGANISATION)
    w.term = Term.objects.create(
        committee="中共甲省委",
        name="第十二届",
        level=TermLevel.PROVINCIAL,
        starts_on=datetime.date(2022, 1, 1),
    )
    w.term.units.add(w.unit_a, w.unit_b)
    w.round = Round.objects.create(term=w.term, number=1, name="第一轮巡视")
    w.group_a = InspectionGroup.objects.create(round=w.round, number=1, name="第一巡视组")
    w.group_b = InspectionGroup.objects.create(round=w.round, number=2, name="第二巡视组")
    w.station_a = Station.objects.create(
        round=w.round,
        group=w.group_a,
        unit=w.unit_a,
        status=StationStatus.ON_SITE,
        entry_on=datetime.date(2024, 3, 1),
        petition_cutoff_on=datetime.date(2024, 4, 20),
        onsite_end_on=datetime.date(2024, 4, 30),
    )
    w.station_b = Station.objects.create(
        round=w.round,
        group=w.group_b,
        unit=w.unit_b,
        status=StationStatus.ON_SITE,
        entry_on=datetime.date(2024, 3, 1),
        petition_cutoff_on=datetime.date(2024, 4, 20),
        onsite_end_on=datetime.date(2024, 4, 30),
    )

    w.office = make_user(Role.OFFICE, username="office")
    w.leadership = make_user(Role.LEADERSHIP, username="leadership")
    w.api_client = make_user(Role.API_CLIENT, username="apiclient")
    w.leader_a = _member(w.group_a, make_user(Role.GROUP, username="leader_a"), MemberRole.LEADER)
    w.deputy_a = _member(w.group_a, make_user(Role.GROUP, username="deputy_a"), MemberRole.DEPUTY)
    w.member_a = _member(w.group_a, make_user(Role.GROUP, username="member_a"), MemberRole.MEMBER)
    w.member_b = _member(w.group_b, make_user(Role.GROUP, username="member_b"), MemberRole.MEMBER)
    w.official_a = make_user(Role.OFFICIAL, unit=w.body_a, username="official_a")
    w.official_b = make_user(Role.OFFICIAL, unit=w.body_b, username="official_b")
    w.liaison_a = make_user(Role.LIAISON, unit=w.unit_a, username="liaison_a")
    w.liaison_b = make_user(Role.LIAISON, unit=w.unit_b, username="liaison_b")
    w.outsider = make_user(Role.GROUP, username="outsider")
    w.all_users = [
        w.office,
        w.leadership,
        w.api_client,
        w.leader_a,
        w.deputy_a,
        w.member_a,
        w.member_b,
        w.official_a,
        w.official_b,
        w.liaison_a,
        w.liaison_b,
        w.outsider,
    ]
    return w
