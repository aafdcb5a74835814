"""Demo data: a minimal tour and one account per role. Idempotent: re-running keeps data."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from inspection.accounts.models import Role
from tours.models import (
    InspectionGroup,
    Member,
    MemberRole,
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

DEMO_PASSWORD = "demo-2026"


def _account(username, full_name, role, unit=None):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "role": role, "unit": unit}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_minimal_demo():
    """Returns [(username, password, role label)] for the demo accounts."""
    dept, _ = Unit.objects.get_or_create(
        name="四川省国土资源厅", defaults={"kind": UnitKind.DEPARTMENT, "region": "四川省"}
    )
    commission, _ = Unit.objects.get_or_create(
        name="四川省纪委监委", defaults={"kind": UnitKind.DISCIPLINE, "region": "四川省"}
    )
    term, _ = Term.objects.get_or_create(
        committee="中共四川省委",
        name="第十一届",
        defaults={"level": TermLevel.PROVINCIAL, "starts_on": datetime.date(2016, 11, 1)},
    )
    term.units.add(dept)
    rnd, _ = Round.objects.get_or_create(
        term=term,
        number=1,
        defaults={
            "name": "十一届省委第一轮巡视",
            "kind": RoundKind.REGULAR,
            "mobilised_on": datetime.date(2017, 9, 6),
        },
    )
    group, _ = InspectionGroup.objects.get_or_create(
        round=rnd, number=4, defaults={"name": "第四巡视组"}
    )
    Station.objects.get_or_create(
        round=rnd,
        unit=dept,
        defaults={
            "group": group,
            "batch": 1,
            "status": StationStatus.ON_SITE,
            "entry_on": datetime.date(2017, 9, 8),
        },
    )
    accounts = [
        (_account("office", "巡视办 王明", Role.OFFICE), "office"),
        (_account("leader", "领导小组 李华", Role.LEADERSHIP), "leadership"),
        (_account("groupleader", "第四组组长 张强", Role.GROUP), "group leader"),
        (_account("member", "第四组组员 赵敏", Role.GROUP), "group member"),
        (_account("official", "纪委监委 陈静", Role.OFFICIAL, commission), "official"),
        (_account("liaison", "国土资源厅联络员 刘洋", Role.LIAISON, dept), "liaison"),
        (_account("apiclient", "接口客户端", Role.API_CLIENT), "api client"),
    ]
    for user, role in ((accounts[2][0], MemberRole.LEADER), (accounts[3][0], MemberRole.MEMBER)):
        person, _ = Person.objects.get_or_create(
            user=user, defaults={"name": user.full_name.split()[-1]}
        )
        Member.objects.get_or_create(group=group, person=person, defaults={"role": role})
    return [(user.username, DEMO_PASSWORD, user.get_role_display()) for user, _label in accounts]
