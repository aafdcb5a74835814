"""Demo data: two real public rounds and one account per role. Idempotent: re-running keeps
data. Unit names are real organisations; member names are synthetic; dates and contact
details other than those published (mobilisation of Sichuan's round on 6 Sept 2017, the
central round stationed by 14 Oct 2020) are plausible, not historical.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from inspection.accounts.models import Role
from tours.models import (
    DeclaredRelation,
    Expertise,
    InspectionGroup,
    Member,
    MemberRole,
    Person,
    RelationKind,
    Round,
    RoundKind,
    Station,
    StationStatus,
    Term,
    TermLevel,
    Unit,
    UnitKind,
)
from tours.services import default_group_name

DEMO_PASSWORD = "demo-2026"
D = datetime.date
K = UnitKind

# Sichuan, 11th provincial committee, first round: 8 groups, 24 units, 14 in the first batch.
# (group number, unit, sector, batch)
SICHUAN_STATIONS = [
    (1, "四川省发展和改革委员会", K.DEPARTMENT, 1),
    (1, "四川省投资集团有限责任公司", K.ENTERPRISE, 1),
    (1, "西南石油大学", K.UNIVERSITY, 2),
    (2, "四川省经济和信息化委员会", K.DEPARTMENT, 1),
    (2, "四川省能源投资集团有限责任公司", K.ENTERPRISE, 1),
    (2, "成都理工大学", K.UNIVERSITY, 2),
    (3, "四川省教育厅", K.DEPARTMENT, 1),
    (3, "四川师范大学", K.UNIVERSITY, 1),
    (3, "四川省交通投资集团有限责任公司", K.ENTERPRISE, 2),
    (4, "四川省国土资源厅", K.DEPARTMENT, 1),
    (4, "四川省铁路产业投资集团有限责任公司", K.ENTERPRISE, 2),
    (4, "西南科技大学", K.UNIVERSITY, 2),
    (5, "四川省财政厅", K.DEPARTMENT, 1),
    (5, "四川发展（控股）有限责任公司", K.ENTERPRISE, 1),
    (5, "四川农业大学", K.UNIVERSITY, 2),
    (6, "四川省地质矿产勘查开发局", K.DEPARTMENT, 1),
    (6, "四川省煤炭产业集团有限责任公司", K.ENTERPRISE, 1),
    (6, "成都中医药大学", K.UNIVERSITY, 2),
    (7, "四川省住房和城乡建设厅", K.DEPARTMENT, 1),
    (7, "四川省商业投资集团有限责任公司", K.ENTERPRISE, 2),
    (7, "西南医科大学", K.UNIVERSITY, 2),
    (8, "四川省水利厅", K.DEPARTMENT, 1),
    (8, "四川航空集团有限责任公司", K.ENTERPRISE, 1),
    (8, "川北医学院", K.UNIVERSITY, 2),
]
# Further units the Sichuan term must cover (not in the first round): the gaps on the
# coverage page.
SICHUAN_OTHER_UNITS = [
    ("四川省公安厅", K.DEPARTMENT, None),
    ("四川省民政厅", K.DEPARTMENT, None),
    ("四川省人力资源和社会保障厅", K.DEPARTMENT, None),
    ("四川省交通运输厅", K.DEPARTMENT, None),
    ("四川省农业厅", K.DEPARTMENT, None),
    ("四川省商务厅", K.DEPARTMENT, None),
    ("四川省审计厅", K.DEPARTMENT, None),
    ("成都市", K.LOCAL, None),
    ("绵阳市", K.LOCAL, None),
    ("德阳市", K.LOCAL, None),
    ("宜宾市", K.LOCAL, None),
    ("南充市", K.LOCAL, None),
    ("凉山彝族自治州", K.LOCAL, None),
    ("昭觉县", K.LOCAL, "凉山彝族自治州"),
    ("西南交通大学", K.UNIVERSITY, None),
    ("四川旅游学院", K.UNIVERSITY, None),
]

# The 19th Central Committee's sixth round: 15 groups, 17 provinces, autonomous regions and
# municipalities plus the Xinjiang Production and Construction Corps, and 14 central and state
# organs. (The selection of provinces and of eleven of the organs is illustrative.)
CENTRAL_LOCAL = [
    "天津市",
    "山西省",
    "辽宁省",
    "福建省",
    "山东省",
    "河南省",
    "湖南省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "宁夏回族自治区",
    "青海省",
    "新疆生产建设兵团",
]
CENTRAL_ORGANS = [
    "全国人大常委会办公厅",
    "全国政协办公厅",
    "中国残疾人联合会",
    "最高人民法院",
    "最高人民检察院",
    "中华全国总工会",
    "共青团中央",
    "中华全国妇女联合会",
    "中国科学技术协会",
    "中国文学艺术界联合会",
    "中国作家协会",
    "中华全国归国华侨联合会",
    "中国人民对外友好协会",
    "中华全国台湾同胞联谊会",
]
# 18 local units two per group (groups 1-9), 14 organs over groups 10-15 (3, 3, 2, 2, 2, 2).
CENTRAL_GROUP_SIZES = [2] * 9 + [3, 3, 2, 2, 2, 2]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红文斌宁浩凯晨琳雪峰"
EXPERTISE_CYCLE = [
    Expertise.DISCIPLINE,
    Expertise.ORGANISATION,
    Expertise.FINANCE,
    Expertise.AUDIT,
    Expertise.OTHER,
]
ROLE_PLAN = [MemberRole.LEADER, MemberRole.DEPUTY, MemberRole.MEMBER, MemberRole.MEMBER]


TITLES = {
    MemberRole.LEADER: "正厅级巡视专员",
    MemberRole.DEPUTY: "副厅级巡视专员",
    MemberRole.MEMBER: "处长",
}


def synthetic_name(n: int) -> str:
    """The n-th synthetic name; distinct for n below len(SURNAMES) * len(GIVEN)."""
    # (n mod surnames, first given character) is distinct for each n in range because
    # 1 + 7 * len(SURNAMES) and len(GIVEN) are coprime; 7n spreads the characters around.
    surname = SURNAMES[n % len(SURNAMES)]
    first = GIVEN[(n // len(SURNAMES) + 7 * n) % len(GIVEN)]
    return surname + first + GIVEN[(n * 11 + 3) % len(GIVEN)]


def _account(username, full_name, role, unit=None):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "role": role, "unit": unit}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _unit(name, kind, region, parent=None):
    unit, _ = Unit.objects.get_or_create(
        name=name, defaults={"kind": kind, "region": region, "parent": parent}
    )
    return unit


def _group(round_, number):
    group, _ = InspectionGroup.objects.get_or_create(
        round=round_, number=number, defaults={"name": default_group_name(round_, number)}
    )
    return group


def _staff(group, start):
    """Synthetic people for a group: leader, deputy, two members (skipping a taken lead)."""
    taken = set(group.members.values_list("role", flat=True))
    for offset, role in enumerate(ROLE_PLAN):
        if role in (MemberRole.LEADER, MemberRole.DEPUTY) and role in taken:
            continue
        person, _ = Person.objects.get_or_create(
            name=synthetic_name(start + offset),
            user=None,
            defaults={
                "title": TITLES[role],
                "expertise": EXPERTISE_CYCLE[(start + offset) % len(EXPERTISE_CYCLE)],
            },
        )
        Member.objects.get_or_create(group=group, person=person, defaults={"role": role})


def _sichuan():
    term, _ = Term.objects.get_or_create(
        committee="中共四川省委",
        name="第十一届",
        defaults={"level": TermLevel.PROVINCIAL, "starts_on": D(2016, 11, 1)},
    )
    rnd, _ = Round.objects.get_or_create(
        term=term,
        number=1,
        defaults={
            "name": "十一届省委第一轮巡视",
            "kind": RoundKind.REGULAR,
            "mobilised_on": D(2017, 9, 6),
        },
    )
    if rnd.batch_count != 2:
        rnd.batch_count = 2
        rnd.focus = "对24个省直部门、省属国有企业和省属高校党组织开展常规巡视，分两批进驻。"
        rnd.save()
    units = []
    for number, name, kind, batch in SICHUAN_STATIONS:
        unit = _unit(name, kind, "四川省")
        units.append(unit)
        group = _group(rnd, number)
        first = batch == 1
        Station.objects.get_or_create(
            round=rnd,
            unit=unit,
            defaults={
                "group": group,
                "batch": batch,
                "status": StationStatus.ON_SITE if first else StationStatus.PREPARING,
                "planned_entry_on": D(2017, 9, 8) if first else D(2017, 11, 20),
                "planned_onsite_end_on": D(2017, 11, 8) if first else D(2018, 1, 20),
                "notice_on": D(2017, 9, 6) if first else D(2017, 11, 15),
                "entry_on": D(2017, 9, 8) if first else None,
                "petition_cutoff_on": D(2017, 10, 31) if first else None,
                "hotline": f"028-8{number:02d}{batch}0{len(units):03d}",
                "hotline_hours": "每天 8:00-20:00",
                "mailbox": f"四川省成都市A{number:02d}{batch}号邮政信箱",
            },
        )
    others = {}
    for name, kind, parent in SICHUAN_OTHER_UNITS:
        others[name] = _unit(name, kind, "四川省", others.get(parent))
    term.units.add(*units, *others.values())
    return rnd


def _central():
    term, _ = Term.objects.get_or_create(
        committee="中共中央",
        name="第十九届",
        defaults={"level": TermLevel.CENTRAL, "starts_on": D(2017, 10, 25), "ends_on": None},
    )
    rnd, _ = Round.objects.get_or_create(
        term=term,
        number=6,
        defaults={
            "name": "十九届中央第六轮巡视",
            "kind": RoundKind.REGULAR,
            "mobilised_on": D(2020, 9, 28),
            "focus": "对17个省区市和新疆生产建设兵团、14个中央和国家机关党组织开展常规巡视。",
        },
    )
    targets = [(name, K.LOCAL) for name in CENTRAL_LOCAL]
    targets += [(name, K.CENTRAL_ORGAN) for name in CENTRAL_ORGANS]
    units, index = [], 0
    for number, size in enumerate(CENTRAL_GROUP_SIZES, start=1):
        group = _group(rnd, number)
        for name, kind in targets[index : index + size]:
            index += 1
            region = "" if kind == K.CENTRAL_ORGAN else name
            unit = _unit(name, kind, region)
            units.append(unit)
            Station.objects.get_or_create(
                round=rnd,
                unit=unit,
                defaults={
                    "group": group,
                    "batch": 1,
                    "status": StationStatus.RECTIFYING,
                    "planned_entry_on": D(2020, 10, 12),
                    "planned_onsite_end_on": D(2020, 12, 10),
                    "notice_on": D(2020, 9, 28),
                    "entry_on": D(2020, 10, 12) if index % 3 else D(2020, 10, 14),
                    "petition_cutoff_on": D(2020, 12, 5),
                    "onsite_end_on": D(2020, 12, 10),
                    "report_on": D(2020, 12, 28),
                    "feedback_on": D(2021, 1, 26),
                    "hotline": f"010-6{number:02d}0{index:04d}",
                    "hotline_hours": "每天 8:00-20:00",
                    "mailbox": f"北京市A{index:03d}号邮政信箱",
                },
            )
        _staff(group, 500 + number * 4)
    term.units.add(*units)
    return rnd


def _recusal_example(dept):
    """A cadre who declared a past post at the department: the planner must not send them."""
    person, _ = Person.objects.get_or_create(
        name="欧阳清", user=None, defaults={"title": "处长", "expertise": Expertise.FINANCE}
    )
    DeclaredRelation.objects.get_or_create(
        person=person,
        unit=dept,
        kind=RelationKind.PAST_POST,
        defaults={"note": "2012-2015 年任该厅财务处副处长"},
    )


@transaction.atomic
def load_demo():
    """Returns [(username, password, role label)] for the demo accounts."""
    commission = _unit("四川省纪委监委", K.DISCIPLINE, "四川省")
    _unit("四川省委组织部", K.ORGANISATION, "四川省")
    sichuan = _sichuan()
    _central()
    dept = Unit.objects.get(name="四川省国土资源厅")
    _recusal_example(dept)
    accounts = [
        _account("office", "巡视办 王明", Role.OFFICE),
        _account("leader", "领导小组 李华", Role.LEADERSHIP),
        _account("groupleader", "第四组组长 张强", Role.GROUP),
        _account("member", "第四组组员 赵敏", Role.GROUP),
        _account("official", "纪委监委 陈静", Role.OFFICIAL, commission),
        _account("liaison", "国土资源厅联络员 刘洋", Role.LIAISON, dept),
        _account("apiclient", "接口客户端", Role.API_CLIENT),
    ]
    group = InspectionGroup.objects.get(round=sichuan, number=4)
    for user, role in ((accounts[2], MemberRole.LEADER), (accounts[3], MemberRole.MEMBER)):
        person, _ = Person.objects.get_or_create(
            user=user,
            defaults={"name": user.full_name.split()[-1], "expertise": Expertise.DISCIPLINE},
        )
        Member.objects.get_or_create(group=group, person=person, defaults={"role": role})
    # Staffed after the demo accounts joined the 4th group, so its leader is theirs.
    for number in range(1, 9):
        _staff(InspectionGroup.objects.get(round=sichuan, number=number), number * 4)
    return [(user.username, DEMO_PASSWORD, user.get_role_display()) for user in accounts]


# The name other modules have used since the first demo.
load_minimal_demo = load_demo
