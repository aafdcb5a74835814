"""Demo findings, working papers, a report and leads on the demo tour. Idempotent.

Builds on `manage.py load_demo` (tours.demo): stations and accounts are looked up by name,
and whatever is missing is skipped with a note. Everything goes through the services, so
numbers, sign-off and due dates are what a user would get.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from findings import services
from findings.models import Category, Finding, Lead, Report
from inspection.accounts.models import Role
from tours.demo import DEMO_PASSWORD
from tours.models import Member, MemberRole, Person, Station, Unit

DEMO_UNITS = ("四川省国土资源厅",)
DISCIPLINE_BODY = "四川省纪委监委"

FINDINGS = (
    (
        "违规发放津贴补贴",
        "integrity",
        True,
        "张某（厅办公室主任）",
        "2016年以加班费名义发放津贴12万元。",
    ),
    (
        "干部选拔任用程序不规范",
        "cadre_selection",
        True,
        "李某（人事处处长）",
        "2016年提拔3名处级干部未经民主推荐。",
    ),
    (
        "意识形态工作责任制落实不到位",
        "ideology",
        False,
        "厅党组",
        "未按要求每半年专题研究意识形态工作。",
    ),
)


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _deputy(group):
    """The demo tour has no deputy leader; sign-off needs one."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username="deputy", defaults={"full_name": "第四组副组长 周敏", "role": Role.GROUP}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    person, _ = Person.objects.get_or_create(user=user, defaults={"name": "周敏"})
    Member.objects.get_or_create(group=group, person=person, defaults={"role": MemberRole.DEPUTY})
    return user


def _finding(station, member, deputy, leader, spec):
    title, code, approve, who, what = spec
    finding = Finding.objects.filter(station=station, title=title).first()
    if finding is not None:
        return finding
    finding = services.log_finding_on_site(
        member,
        station,
        title=title,
        category=Category.objects.get(code=code),
        responsible_name=who,
        paper={
            "prepared_on": datetime.date(2017, 9, 20),
            "facts_who": who,
            "facts_what": what,
            "facts_when": "2016年",
        },
    )
    if approve:
        paper = finding.working_papers.get()
        services.review_working_paper(deputy, paper)
        services.sign_working_paper(leader, paper)
        services.review_finding(deputy, finding)
        services.approve_finding(leader, finding)
    return finding


def _leads(station, office, official, findings, notes):
    body = Unit.objects.filter(name=DISCIPLINE_BODY).first()
    specs = (
        ("王某", "规划处处长", "涉嫌在土地出让中收受好处费。", "overdue"),
        ("赵某", "某市国土资源局局长", "涉嫌违规插手工程项目。", "reported"),
        ("陈某", "信息中心主任", "反映其违规兼职取酬。", "registered"),
    )
    for name, position, facts, stage in specs:
        if Lead.objects.filter(station=station, person_name=name).exists():
            continue
        lead = services.register_lead(
            office,
            station,
            relations={"findings": findings[:1]},
            person_name=name,
            person_position=position,
            person_unit=station.unit.name,
            cadre_level="provincial",
            facts=facts,
            receiving_body=body,
        )
        if stage == "registered":
            continue
        if body is None:
            notes.append(f"{DISCIPLINE_BODY} not found: lead {name} left unhanded")
            continue
        services.approve_lead(office, lead, datetime.date(2017, 10, 30))
        services.hand_over(office, [lead], body, datetime.date(2017, 11, 1))
        if stage == "reported" and official is not None:
            lead.refresh_from_db()
            services.acknowledge_lead(official, lead, datetime.date(2017, 11, 3))
            services.dispose_lead(official, lead, "preliminary", datetime.date(2017, 11, 20))
            services.report_back(
                official,
                lead,
                datetime.date(2018, 1, 20),
                outcome_form=2,
                outcome_summary="经初步核实，给予诫勉处理。",
                admonishment_count=1,
            )


@transaction.atomic
def load_demo_findings():
    """Returns notes on what was skipped (empty when everything was there)."""
    notes = []
    member, leader, office = _user("member"), _user("groupleader"), _user("office")
    if not (member and leader and office):
        return ["demo accounts missing: run `manage.py load_demo` first"]
    for unit_name in DEMO_UNITS:
        station = (
            Station.objects.filter(unit__name=unit_name).select_related("group", "unit").first()
        )
        if station is None:
            notes.append(f"no station at {unit_name}: skipped")
            continue
        deputy = _deputy(station.group)
        findings = [_finding(station, member, deputy, leader, spec) for spec in FINDINGS]
        if not Report.objects.filter(station=station).exists():
            services.assemble_report(leader, station, datetime.date(2017, 10, 25))
        _leads(station, office, _user("official"), findings, notes)
    return notes
