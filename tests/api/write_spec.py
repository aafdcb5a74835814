"""Who may perform each write operation of the API: the write walk's specification.

Taken from DESIGN §2 (roles: what each does) and docs/architecture.md ("Who changes what" in
Tours, "Who may act" and "Who may reveal" in Petitions, "Who does what" in Findings and leads,
the Rectification section), not from the code under test. Where the documents are silent the
choice is written next to the entry (`why`).

Every entry: `(METHOD, path): Expect(recipe, may)`.
- `recipe(w, side) -> Case`: builds, on the given side of the world (`tests.support.world`),
  an object in the state where the write is possible, and a valid body. Recipes write rows
  straight through the ORM (they set the scene; the request under test is the write), so they
  do not depend on the services' signatures.
- `may(side) -> usernames`: who may perform it there. Office staff act on the office's behalf
  everywhere; leadership and API clients never act; group users only on their own group's
  station; officials only for their own receiving body; liaisons only for their own unit.

To declare a new endpoint, add its entry here: the walk fails with "no expectation declared"
until you do.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from findings.models import (
    Category,
    Finding,
    FindingStatus,
    HandoverLetter,
    Lead,
    LeadStatus,
    PaperStatus,
    Report,
    ReportStatus,
    WorkingPaper,
)
from inspection import crypto
from inspection.excel import write_sheet
from petitions.models import (
    Channel,
    Petition,
    PetitionStatus,
    ReporterIdentity,
    RevealLog,
    RevealReason,
    RoutingClass,
    Transfer,
)
from rectification.models import Evidence as RectificationEvidence
from rectification.models import (
    ItemStatus,
    PlanStatus,
    ProgressReport,
    RectificationItem,
    RectificationPlan,
)
from tests.api.write_walk import Case, Expect
from tests.support import files
from tours.models import Member, MemberRole, Person, StationStatus, Unit, UnitKind

D = datetime.date
OFFICE = {"office"}


def office(side):
    return OFFICE


def office_and_group(side):
    return OFFICE | side.group_users


def group(side):
    return set(side.group_users)


def leader(side):
    return set(side.leader)


def deputy(side):
    return set(side.deputy)


def leader_or_deputy(side):
    return side.leader | side.deputy


def office_leader_or_deputy(side):
    return OFFICE | side.leader | side.deputy


def official(side):
    return set(side.official)


def office_and_leader(side):
    return OFFICE | side.leader


def office_and_official(side):
    return OFFICE | side.official


def office_and_liaison(side):
    return OFFICE | side.liaison


# ----------------------------------------------------------------------------------------
# Scene builders (ORM only)

_seq = iter(range(1, 10**6))


def n():
    return next(_seq)


def station_in(side, status, **dates):
    station = side.station
    station.status = status
    for name, value in dates.items():
        setattr(station, name, value)
    station.save()
    return station


def reporting(side):
    return station_in(side, StationStatus.REPORTING, report_on=None, feedback_on=None)


def fed_back(side):
    return station_in(
        side, StationStatus.FED_BACK, report_on=D(2024, 5, 20), feedback_on=D(2024, 6, 3)
    )


def category():
    return Category.objects.filter(is_active=True).order_by("pk").first()


def petition(side, status=PetitionStatus.REGISTERED, **extra):
    i = n()
    return Petition.objects.create(
        station=side.station,
        number=f"WALK-{side.name}-{i}",
        channel=Channel.HOTLINE,
        received_at=timezone.make_aware(datetime.datetime(2024, 4, 10, 10)),
        registered_at=timezone.make_aware(datetime.datetime(2024, 4, 10, 11)),
        routing_due_on=D(2024, 4, 17),
        summary="反映某处长违规收受礼金问题",
        status=status,
        **extra,
    )


def finding(side, status=FindingStatus.DRAFT, papers=PaperStatus.SIGNED, **extra):
    item = Finding.objects.create(
        station=side.station, title="公车私用问题", category=category(), status=status, **extra
    )
    if papers:
        paper(item, papers)
    return item


def paper(finding, status=PaperStatus.PREPARED):
    author = Person.objects.filter(
        memberships__group=finding.station.group, user__isnull=False
    ).first()
    author_user = author.user if author and author.user else _any_office_user()
    return WorkingPaper.objects.create(
        finding=finding,
        number=f"巡底〔2024〕{n():04d}号",
        prepared_on=D(2024, 3, 20),
        facts_who="张某（办公室主任）",
        facts_what="2023年多次使用公务用车办理私事。",
        facts_when="2023年3月至10月",
        status=status,
        prepared_by=author_user,
    )


def _any_office_user():
    from inspection.accounts.models import User

    return User.objects.get(username="office")


def lead(side, status=LeadStatus.REGISTERED, **extra):
    defaults = {
        "station": side.station,
        "person_name": "李某",
        "person_position": "处长",
        "facts": "涉嫌违规收受礼金。",
        "receiving_body": side.body,
        "status": status,
    }
    return Lead.objects.create(**(defaults | extra))


def handed_over(side, status=LeadStatus.HANDED_OVER, **extra):
    letter = HandoverLetter.objects.create(
        number=f"巡移〔2024〕{n():04d}号",
        receiving_body=side.body,
        sent_on=D(2024, 5, 6),
        sent_by=_any_office_user(),
    )
    return lead(
        side,
        status,
        handover_letter=letter,
        approved_on=D(2024, 5, 1),
        handed_over_on=D(2024, 5, 6),
        report_back_due_on=D(2024, 8, 6),
        **extra,
    )


def report(side, status=ReportStatus.DRAFT, finding_status=FindingStatus.APPROVED, **extra):
    station = reporting(side)
    if status != ReportStatus.DRAFT:
        station.report_on = D(2024, 5, 20)
        station.save()
    made = Report.objects.create(
        station=station,
        number=f"巡报〔2024〕{n():04d}号",
        status=status,
        drafted_on=D(2024, 5, 10),
        drafted_by=_any_office_user(),
        **extra,
    )
    finding(side, finding_status, report=made)
    return made


def plan(side, status=PlanStatus.DRAFT, item_status=ItemStatus.OPEN):
    station = fed_back(side)
    made = RectificationPlan.objects.create(
        station=station,
        status=status,
        due_on=D(2024, 7, 3),
        report_due_on=D(2024, 8, 3),
        summary="整改方案",
    )
    item(side, item_status, plan=made)
    return made


def item(side, status=ItemStatus.OPEN, plan=None):
    source = finding(side, FindingStatus.RECTIFYING)
    if plan is None:
        plan = RectificationPlan.objects.filter(station=side.station).first()
    return RectificationItem.objects.create(
        station=side.station,
        finding=source,
        plan=plan,
        measures="修订选人用人制度",
        deadline=D(2024, 9, 30),
        original_deadline=D(2024, 9, 30),
        status=status,
        closure_requested_on=D(2024, 9, 1) if status == ItemStatus.CLOSURE_REQUESTED else None,
    )


def item_with_plan(side, status):
    return plan(side, PlanStatus.APPROVED, status).items.get()


def with_evidence(item):
    """An item whose progress report carries evidence (a close-out request needs both)."""
    progress = ProgressReport.objects.create(item=item, text="已修订制度")
    RectificationEvidence.objects.create(
        progress=progress,
        file="rectification/evidence/walk.pdf",
        original_name="制度文件.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
    )
    return item


def serving_person(side):
    person = Person.objects.create(name=f"周某{n()}")
    Member.objects.create(group=side.group, person=person, role=MemberRole.MEMBER)
    return person


def upload(name, content, content_type):
    return SimpleUploadedFile(name, content, content_type=content_type)


JPEG = files.JPEG
PDF = files.PDF
UNIT_HEADER = ["名称", "类别", "上级单位", "地区", "主要负责人", "主要负责人职务", "有效"]


def petitions_file():
    header = ["来源渠道", "收到时间", "摘要"]
    content = write_sheet(
        "登记簿", header, [["来电", "2024-04-10 10:00", "反映某处长违规收受礼金问题"]]
    )
    return upload("register.xlsx", content, "application/octet-stream")


def units_file():
    content = write_sheet(
        "单位", UNIT_HEADER, [["乙市", "地方（市县党委）", "", "乙市", "", "", "是"]]
    )
    return upload("units.xlsx", content, "application/octet-stream")


# ----------------------------------------------------------------------------------------
# Tours: only office staff plan (terms, rounds, groups, members, people, stations, units) and
# move phases; the leader or deputy of a station's group changes its hotline and mailbox.


def term_body(w):
    return {
        "committee": "中共甲省委",
        "name": "第十三届",
        "level": "provincial",
        "starts_on": "2027-01-01",
    }


def station_body(w, side, unit):
    return {"round": w.round.pk, "group": side.group.pk, "unit": unit.pk}


def new_unit(w):
    unit = Unit.objects.create(name=f"甲省文化和旅游厅{n()}", kind=UnitKind.DEPARTMENT)
    w.term.units.add(unit)
    return unit


TOURS = {
    ("POST", "/api/v1/terms/"): Expect(lambda w, s: Case(None, term_body(w)), office),
    ("PUT", "/api/v1/terms/{id}/"): Expect(
        lambda w, s: Case(w.term, term_body(w) | {"name": "第十二届（改）"}), office
    ),
    ("PATCH", "/api/v1/terms/{id}/"): Expect(
        lambda w, s: Case(w.term, {"name": "第十二届（改）"}), office
    ),
    ("POST", "/api/v1/rounds/"): Expect(
        lambda w, s: Case(None, {"term": w.term.pk, "number": 2, "name": "第二轮巡视"}), office
    ),
    ("PUT", "/api/v1/rounds/{id}/"): Expect(
        lambda w, s: Case(w.round, {"term": w.term.pk, "number": 1, "name": "第一轮（改）"}),
        office,
    ),
    ("PATCH", "/api/v1/rounds/{id}/"): Expect(
        lambda w, s: Case(w.round, {"focus": "聚焦主责主业"}), office
    ),
    ("POST", "/api/v1/groups/"): Expect(
        lambda w, s: Case(None, {"round": w.round.pk, "number": 3, "name": "第三巡视组"}), office
    ),
    ("PUT", "/api/v1/groups/{id}/"): Expect(
        lambda w, s: Case(
            s.group, {"round": w.round.pk, "number": s.group.number, "name": "巡视组（改）"}
        ),
        office,
    ),
    ("PATCH", "/api/v1/groups/{id}/"): Expect(
        lambda w, s: Case(s.group, {"name": "巡视组（改）"}), office
    ),
    ("POST", "/api/v1/members/"): Expect(
        lambda w, s: Case(
            s.group,
            {
                "group": s.group.pk,
                "person": Person.objects.create(name="郑某").pk,
                "role": "member",
            },
        ),
        office,
    ),
    ("DELETE", "/api/v1/members/{id}/"): Expect(
        lambda w, s: Case(serving_person(s).memberships.get()), office
    ),
    ("POST", "/api/v1/people/"): Expect(
        lambda w, s: Case(None, {"name": "郑某", "expertise": "audit"}), office
    ),
    ("PUT", "/api/v1/people/{id}/"): Expect(
        lambda w, s: Case(serving_person(s), {"name": "周某某", "title": "处长"}), office
    ),
    ("PATCH", "/api/v1/people/{id}/"): Expect(
        lambda w, s: Case(serving_person(s), {"title": "处长"}), office
    ),
    ("POST", "/api/v1/people/{id}/relations/"): Expect(
        lambda w, s: Case(serving_person(s), {"unit": new_unit(w).pk, "kind": "kin"}),
        office,
        why="declaring a relation is part of staffing (recusal), which only the office plans",
    ),
    ("POST", "/api/v1/stations/"): Expect(
        lambda w, s: Case(s.group, station_body(w, s, new_unit(w))), office
    ),
    ("PUT", "/api/v1/stations/{id}/"): Expect(
        lambda w, s: Case(
            s.station,
            station_body(w, s, s.unit) | {"hotline": "0351-1234567"},
        ),
        office,
    ),
    ("PATCH", "/api/v1/stations/{id}/"): Expect(
        lambda w, s: Case(s.station, {"planned_onsite_end_on": "2024-05-10"}), office
    ),
    ("POST", "/api/v1/stations/{id}/transition/"): Expect(
        lambda w, s: Case(s.station, {"to": "reporting", "onsite_end_on": "2024-04-30"}), office
    ),
    ("POST", "/api/v1/stations/{id}/contact/"): Expect(
        lambda w, s: Case(s.station, {"hotline": "0351-7654321", "mailbox": "太原市1001信箱"}),
        office_leader_or_deputy,
        why="the group's leader or deputy (architecture: Tours, who changes what); office staff "
        "act on the office's behalf for every station",
    ),
    ("POST", "/api/v1/units/"): Expect(
        lambda w, s: Case(None, {"name": "甲省水利厅", "kind": "department"}), office
    ),
    ("PUT", "/api/v1/units/{id}/"): Expect(
        lambda w, s: Case(s.unit, {"name": s.unit.name, "kind": s.unit.kind, "region": "甲省"}),
        office,
    ),
    ("PATCH", "/api/v1/units/{id}/"): Expect(lambda w, s: Case(s.unit, {"region": "甲省"}), office),
    ("POST", "/api/v1/units/import/"): Expect(
        lambda w, s: Case(None, lambda: {"file": units_file()}, "multipart"), office
    ),
}

# ----------------------------------------------------------------------------------------
# Petitions: office staff for every petition, group users for their own group's stations
# (register, triage, transfer, link duplicates, conclude, attach); reveal: office staff and the
# leader or deputy of the petition's own station; officials record replies to transfers to
# their own body.


def named_petition(side):
    item = petition(side, is_named=True)
    ReporterIdentity.objects.create(
        petition=item, name_enc=crypto.encrypt("王某"), phone_enc=crypto.encrypt("13800000000")
    )
    return item


def reveal_body():
    """A purpose from the office's seeded list and an explanation in words."""
    reason = RevealReason.objects.get_or_create(name="核实举报内容需联系举报人")[0]
    return {"purpose": reason.pk, "reason": "约谈举报人核实情况"}


def transfer(side):
    item = petition(side, PetitionStatus.TRANSFERRED, routing_class=RoutingClass.ACCUSATION)
    return Transfer.objects.create(
        petition=item, receiving_body=side.body, sent_on=D(2024, 4, 15), reply_due_on=D(2024, 6, 14)
    )


PETITIONS = {
    ("POST", "/api/v1/petitions/"): Expect(
        lambda w, s: Case(
            s.station,
            {
                "station": s.station.pk,
                "channel": "hotline",
                "received_at": "2024-04-10T10:00:00+08:00",
                "summary": "反映某处长违规收受礼金问题",
            },
        ),
        office_and_group,
    ),
    ("POST", "/api/v1/petitions/{id}/attachments/"): Expect(
        lambda w, s: Case(
            petition(s),
            lambda: {"kind": "letter", "file": upload("来信.pdf", PDF, "application/pdf")},
            "multipart",
        ),
        office_and_group,
    ),
    ("POST", "/api/v1/petitions/{id}/triage/"): Expect(
        lambda w, s: Case(petition(s), {"in_scope": True, "routing_class": "accusation"}),
        office_and_group,
    ),
    ("POST", "/api/v1/petitions/{id}/transfer/"): Expect(
        lambda w, s: Case(
            petition(s, PetitionStatus.ASSESSING, in_scope=True, routing_class="accusation"),
            {
                "receiving_body": s.body.pk,
                "sent_on": "2024-04-15",
                "letter_number": "转〔2024〕1号",
            },
        ),
        office_and_group,
    ),
    ("POST", "/api/v1/petitions/{id}/duplicate/"): Expect(
        lambda w, s: Case(petition(s), {"original": petition(s).pk}), office_and_group
    ),
    ("POST", "/api/v1/petitions/{id}/conclude/"): Expect(
        lambda w, s: Case(
            petition(s, PetitionStatus.HANDLED_BY_GROUP, in_scope=True, routing_class="suggestion"),
            {"conclusion": "已核实，意见已转被巡视单位研究。"},
        ),
        office_and_group,
    ),
    ("POST", "/api/v1/petitions/{id}/reveal/"): Expect(
        lambda w, s: Case(named_petition(s), reveal_body(), changes=RevealLog),
        office_leader_or_deputy,
        audited=False,
        why="a reveal is recorded in its own log (RevealLog), not as a change of the petition",
    ),
    ("POST", "/api/v1/petitions/{id}/same-reporter/"): Expect(
        lambda w, s: Case(named_petition(s), reveal_body(), changes=RevealLog),
        office_leader_or_deputy,
        audited=False,
        why="matching on the reporter is a reveal (docs/security.md), logged like one",
    ),
    ("POST", "/api/v1/petition-transfers/{id}/reply/"): Expect(
        lambda w, s: Case(transfer(s), {"replied_on": "2024-05-20"}),
        office_and_official,
        why="the receiving body replies; office staff record a reply that came on paper",
    ),
}

# ----------------------------------------------------------------------------------------
# Findings and leads: any member drafts findings, working papers, talk and document records;
# the deputy reviews; the leader signs papers, approves findings and assembles the report;
# leader or deputy return a finding to draft; office staff approve the report, record
# feedback, approve leads and hand them over; the receiving body's official acknowledges,
# records disposal and outcome, and reports back. Leads are registered by the group or the
# office.


def finding_body(side):
    return {"station": side.station.pk, "title": "公车私用问题", "category": category().pk}


FINDINGS = {
    ("POST", "/api/v1/findings/"): Expect(lambda w, s: Case(s.station, finding_body(s)), group),
    ("PUT", "/api/v1/findings/{id}/"): Expect(
        lambda w, s: Case(finding(s), finding_body(s) | {"title": "公车私用问题（改）"}), group
    ),
    ("PATCH", "/api/v1/findings/{id}/"): Expect(
        lambda w, s: Case(finding(s), {"description": "补充问题描述"}), group
    ),
    ("POST", "/api/v1/findings/{id}/review/"): Expect(lambda w, s: Case(finding(s)), deputy),
    ("POST", "/api/v1/findings/{id}/approve/"): Expect(
        lambda w, s: Case(finding(s, FindingStatus.REVIEWED)), leader
    ),
    ("POST", "/api/v1/findings/{id}/return/"): Expect(
        lambda w, s: Case(finding(s, FindingStatus.REVIEWED)), leader_or_deputy
    ),
    ("POST", "/api/v1/talk-records/"): Expect(
        lambda w, s: Case(
            s.station,
            {
                "station": s.station.pk,
                "talked_on": "2024-03-12",
                "interviewee_name": "赵某",
                "summary": "反映选人用人问题",
            },
        ),
        group,
    ),
    ("POST", "/api/v1/document-requests/"): Expect(
        lambda w, s: Case(
            s.station,
            {"station": s.station.pk, "requested_on": "2024-03-10", "documents": "党委会会议记录"},
        ),
        group,
    ),
    ("POST", "/api/v1/working-papers/"): Expect(
        lambda w, s: (
            lambda f: Case(
                f,
                {
                    "finding": f.pk,
                    "prepared_on": "2024-03-20",
                    "facts_who": "张某",
                    "facts_what": "多次使用公务用车办理私事。",
                    "facts_when": "2023年",
                },
            )
        )(finding(s, papers=None)),
        group,
    ),
    ("POST", "/api/v1/working-papers/{id}/evidence/"): Expect(
        lambda w, s: Case(
            paper(finding(s, papers=None)),
            lambda: {"file": upload("照片.jpg", JPEG, "image/jpeg"), "description": "现场照片"},
            "multipart",
        ),
        group,
    ),
    ("POST", "/api/v1/working-papers/{id}/review/"): Expect(
        lambda w, s: Case(paper(finding(s, papers=None))), deputy
    ),
    ("POST", "/api/v1/working-papers/{id}/sign/"): Expect(
        lambda w, s: Case(paper(finding(s, papers=None), PaperStatus.REVIEWED)), leader
    ),
    ("POST", "/api/v1/reports/assemble/"): Expect(
        lambda w, s: (
            reporting(s),
            finding(s, FindingStatus.APPROVED),
            Case(s.station, {"station": s.station.pk, "drafted_on": "2024-05-10"}),
        )[-1],
        office_and_leader,
        why="the leader assembles the group's report; office staff may compile it for the group",
    ),
    ("POST", "/api/v1/reports/{id}/approve/"): Expect(
        lambda w, s: Case(
            report(s), {"approved_on": "2024-05-20", "approving_body": "省委巡视工作领导小组"}
        ),
        office,
    ),
    ("POST", "/api/v1/reports/{id}/feed-back/"): Expect(
        lambda w, s: Case(
            report(
                s,
                ReportStatus.APPROVED,
                FindingStatus.REPORTED,
                approved_on=D(2024, 5, 20),
                approving_body="省委巡视工作领导小组",
            ),
            {"fed_back_on": "2024-06-03"},
        ),
        office,
    ),
    ("POST", "/api/v1/leads/"): Expect(
        lambda w, s: Case(
            s.station,
            {"station": s.station.pk, "person_name": "李某", "facts": "涉嫌违规收受礼金。"},
        ),
        office_and_group,
    ),
    ("PUT", "/api/v1/leads/{id}/"): Expect(
        lambda w, s: Case(
            lead(s),
            {
                "station": s.station.pk,
                "person_name": "李某某",
                "facts": "涉嫌违规收受礼金、违规兼职。",
                "receiving_body": s.body.pk,
            },
        ),
        office_and_group,
        why="registering a lead is the group's or the office's; editing it before approval too",
    ),
    ("PATCH", "/api/v1/leads/{id}/"): Expect(
        lambda w, s: Case(lead(s), {"facts": "涉嫌违规收受礼金、违规兼职。"}), office_and_group
    ),
    ("POST", "/api/v1/leads/{id}/approve/"): Expect(lambda w, s: Case(lead(s)), office),
    ("POST", "/api/v1/leads/{id}/hand-over/"): Expect(
        lambda w, s: Case(
            lead(s, LeadStatus.APPROVED, approved_on=D(2024, 5, 1)),
            {"receiving_body": s.body.pk, "handed_over_on": "2024-05-06"},
        ),
        office,
    ),
    ("POST", "/api/v1/handover-letters/"): Expect(
        lambda w, s: (
            lambda approved: Case(
                approved,
                {"receiving_body": s.body.pk, "sent_on": "2024-05-06", "leads": [approved.pk]},
            )
        )(lead(s, LeadStatus.APPROVED, approved_on=D(2024, 5, 1))),
        office,
    ),
    ("POST", "/api/v1/leads/{id}/acknowledge/"): Expect(
        lambda w, s: Case(handed_over(s), {"acknowledged_on": "2024-05-10"}), official
    ),
    ("POST", "/api/v1/leads/{id}/dispose/"): Expect(
        lambda w, s: Case(
            handed_over(s, LeadStatus.ACKNOWLEDGED, acknowledged_on=D(2024, 5, 10)),
            {"disposal_method": "preliminary", "disposed_on": "2024-05-15"},
        ),
        official,
    ),
    ("POST", "/api/v1/leads/{id}/report-back/"): Expect(
        lambda w, s: Case(
            handed_over(
                s,
                LeadStatus.IN_DISPOSAL,
                acknowledged_on=D(2024, 5, 10),
                disposal_method="preliminary",
                disposed_on=D(2024, 5, 15),
            ),
            {"outcome_summary": "给予诫勉处理", "reported_back_on": "2024-06-01"},
        ),
        official,
    ),
    ("POST", "/api/v1/leads/{id}/close/"): Expect(
        lambda w, s: Case(
            handed_over(
                s,
                LeadStatus.REPORTED_BACK,
                acknowledged_on=D(2024, 5, 10),
                disposal_method="preliminary",
                disposed_on=D(2024, 5, 15),
                outcome_summary="给予诫勉处理",
                reported_back_on=D(2024, 6, 1),
            )
        ),
        office,
        why="closing a reported-back lead is the office's (it approves and hands leads over; "
        "the official's part ends with the report back)",
    ),
}

# ----------------------------------------------------------------------------------------
# Rectification: the unit's liaison submits the plan, items, progress, evidence, close-out
# requests and the rectification report; office staff approve or return plans and close-out
# requests and send supervision letters, and may enter what the unit sends on its behalf.
# Group users see their station's rectification but do not act on it.

RECTIFICATION = {
    ("POST", "/api/v1/rectification-items/"): Expect(
        lambda w, s: (
            lambda f: Case(
                f, {"finding": f.pk, "measures": "修订选人用人制度", "deadline": "2024-09-30"}
            )
        )((fed_back(s), finding(s, FindingStatus.FED_BACK))[1]),
        office_and_liaison,
    ),
    ("POST", "/api/v1/rectification-items/{id}/progress/"): Expect(
        lambda w, s: Case(item_with_plan(s, ItemStatus.IN_PROGRESS), {"text": "已修订制度"}),
        office_and_liaison,
    ),
    ("POST", "/api/v1/rectification-items/{id}/request-closure/"): Expect(
        lambda w, s: Case(with_evidence(item_with_plan(s, ItemStatus.IN_PROGRESS))),
        office_and_liaison,
    ),
    ("POST", "/api/v1/rectification-items/{id}/approve-closure/"): Expect(
        lambda w, s: Case(item_with_plan(s, ItemStatus.CLOSURE_REQUESTED), {"result": "completed"}),
        office,
    ),
    ("POST", "/api/v1/rectification-items/{id}/return-closure/"): Expect(
        lambda w, s: Case(
            item_with_plan(s, ItemStatus.CLOSURE_REQUESTED), {"reason": "佐证材料不足，请补充"}
        ),
        office,
    ),
    ("POST", "/api/v1/rectification-letters/"): Expect(
        lambda w, s: (
            lambda it: Case(
                s.station,
                {
                    "kind": "supervision",
                    "station": s.station.pk,
                    "items": [it.pk],
                    "body": "你单位整改任务进展缓慢，请抓紧落实。",
                    "new_deadline": str(timezone.localdate() + datetime.timedelta(days=60)),
                },
            )
        )(item_with_plan(s, ItemStatus.IN_PROGRESS)),
        office,
    ),
    ("POST", "/api/v1/rectification-plans/{id}/submit/"): Expect(
        lambda w, s: Case(plan(s), {"text": "整改方案全文"}), office_and_liaison
    ),
    ("POST", "/api/v1/rectification-plans/{id}/approve/"): Expect(
        lambda w, s: Case(plan(s, PlanStatus.SUBMITTED)), office
    ),
    ("POST", "/api/v1/rectification-plans/{id}/return/"): Expect(
        lambda w, s: Case(plan(s, PlanStatus.SUBMITTED), {"reason": "措施不够具体，请修改"}),
        office,
    ),
    ("POST", "/api/v1/rectification-plans/{id}/report/"): Expect(
        lambda w, s: Case(
            plan(s, PlanStatus.APPROVED, ItemStatus.IN_PROGRESS), {"text": "整改情况报告全文"}
        ),
        office_and_liaison,
    ),
}

API_PARTS = {
    "tours": TOURS,
    "petitions": PETITIONS,
    "findings": FINDINGS,
    "rectification": RECTIFICATION,
}
API_SPEC = TOURS | PETITIONS | FINDINGS | RECTIFICATION


# ========================================================================================
# Browser action URLs (POST). Keyed by (URL name, variant): the variant is the `action` of
# URLs that carry one (or the form posted to a multi-form page); None otherwise. The same
# rules as the API; anonymous users are sent to the login page. Action slugs are the names of
# the declared transitions (`<app>/transitions.py`), as the pages post them.

from tests.api.write_walk import BrowserExpect, Page  # noqa: E402


def later(days=60):
    return str(timezone.localdate() + datetime.timedelta(days=days))


def _pk(obj):
    return {"pk": obj.pk}


def _act(obj, action):
    return {"pk": obj.pk, "action": action}


def read_only(recipe):
    return BrowserExpect(recipe, read_only=True)


TOURS_PAGES = {
    ("tours:station-transition", None): BrowserExpect(
        lambda w, s: Page(
            s.station, _pk(s.station), {"to": "reporting", "onsite_end_on": "2024-04-30"}
        ),
        office,
    ),
    ("tours:station-contact", None): BrowserExpect(
        lambda w, s: Page(
            s.station,
            _pk(s.station),
            {"hotline": "0351-7654321", "hotline_hours": "", "mailbox": ""},
        ),
        office_leader_or_deputy,
    ),
    ("tours:member-remove", None): BrowserExpect(
        lambda w, s: (lambda m: Page(m, _pk(m)))(serving_person(s).memberships.get()), office
    ),
    ("tours:round-create", None): BrowserExpect(
        lambda w, s: Page(
            None,
            _pk(w.term),
            {"number": 2, "name": "第二轮巡视", "kind": "regular", "batch_count": 1},
        ),
        office,
    ),
    ("tours:round-plan", "group"): BrowserExpect(
        lambda w, s: Page(None, _pk(w.round), {"action": "group", "group-number": 3}), office
    ),
    ("tours:round-plan", "member"): BrowserExpect(
        lambda w, s: Page(
            w.round,
            _pk(w.round),
            {
                "action": "member",
                "member-group": s.group.pk,
                "member-person": Person.objects.create(name="郑某").pk,
                "member-role": "member",
            },
        ),
        office,
    ),
    ("tours:unit-import", None): BrowserExpect(
        lambda w, s: Page(None, {}, lambda: {"file": units_file()}), office
    ),
    ("tours:station-history", None): read_only(lambda w, s: Page(s.station, _pk(s.station))),
    ("tours:term-coverage", None): read_only(lambda w, s: Page(None, _pk(w.term))),
}

PETITION_PAGES = {
    ("petitions:intake", None): BrowserExpect(
        lambda w, s: Page(
            s.station,
            {},
            {
                "station": s.station.pk,
                "channel": "hotline",
                "received_at": "2024-04-10 10:00",
                "summary": "反映某处长违规收受礼金问题",
                "people-TOTAL_FORMS": "0",
                "people-INITIAL_FORMS": "0",
            },
        ),
        office_and_group,
    ),
    ("petitions:triage", None): BrowserExpect(
        lambda w, s: (lambda p: Page(p, _pk(p), {"in_scope": "1", "routing_class": "accusation"}))(
            petition(s)
        ),
        office_and_group,
    ),
    ("petitions:transfer", None): BrowserExpect(
        lambda w, s: (
            lambda p: Page(p, _pk(p), {"receiving_body": s.body.pk, "sent_on": "2024-04-15"})
        )(petition(s, PetitionStatus.ASSESSING, in_scope=True, routing_class="accusation")),
        office_and_group,
    ),
    ("petitions:duplicate", None): BrowserExpect(
        lambda w, s: (lambda p: Page(p, _pk(p), {"original": petition(s).pk}))(petition(s)),
        office_and_group,
    ),
    ("petitions:conclude", None): BrowserExpect(
        lambda w, s: (
            lambda p: Page(p, _pk(p), {"conclusion": "已核实，意见已转被巡视单位研究。"})
        )(petition(s, PetitionStatus.HANDLED_BY_GROUP, in_scope=True, routing_class="suggestion")),
        office_and_group,
    ),
    ("petitions:attachment-upload", None): BrowserExpect(
        lambda w, s: (
            lambda p: Page(
                p,
                _pk(p),
                lambda: {"kind": "letter", "file": upload("来信.pdf", PDF, "application/pdf")},
            )
        )(petition(s)),
        office_and_group,
    ),
    ("petitions:reveal", None): BrowserExpect(
        lambda w, s: (lambda p: Page(p, _pk(p), reveal_body(), RevealLog))(named_petition(s)),
        office_leader_or_deputy,
        audited=False,
    ),
    ("petitions:same-reporter", None): BrowserExpect(
        lambda w, s: (lambda p: Page(p, _pk(p), reveal_body(), RevealLog))(named_petition(s)),
        office_leader_or_deputy,
        audited=False,
        why="matching on the reporter is a reveal (docs/security.md), logged like one",
    ),
    ("petitions:reveal-reasons", None): BrowserExpect(
        lambda w, s: Page(None, {}, {"name": "纪检监察机关商请核实"}), office
    ),
    ("petitions:import", None): BrowserExpect(
        lambda w, s: Page(
            s.station, {}, lambda: {"station": s.station.pk, "file": petitions_file()}
        ),
        office_and_group,
    ),
    ("petitions:transfer-reply", None): BrowserExpect(
        lambda w, s: (lambda t: Page(t, _pk(t), {"replied_on": "2024-05-20"}))(transfer(s)),
        office_and_official,
        why="the receiving body replies; office staff record a reply that came on paper",
    ),
    ("petitions:history", None): read_only(lambda w, s: (lambda p: Page(p, _pk(p)))(petition(s))),
    ("petitions:attachment-download", None): read_only(lambda w, s: Page(None, {"pk": 0})),
    ("petitions:export", None): read_only(lambda w, s: Page()),
    ("petitions:figures", None): read_only(lambda w, s: Page()),
}


def finding_form(side, **extra):
    return {
        "station": side.station.pk,
        "title": "公车私用问题",
        "category": category().pk,
        "severity": "general",
        "responsible_kind": "leadership",
    } | extra


FINDING_PAGES = {
    ("findings:finding-create", None): BrowserExpect(
        lambda w, s: Page(s.station, {}, finding_form(s, source="document")), group
    ),
    ("findings:finding-edit", None): BrowserExpect(
        lambda w, s: (lambda f: Page(f, _pk(f), finding_form(s, title="公车私用问题（改）")))(
            finding(s)
        ),
        group,
    ),
    ("findings:finding-transition", "review"): BrowserExpect(
        lambda w, s: (lambda f: Page(f, _act(f, "review")))(finding(s)), deputy
    ),
    ("findings:finding-transition", "approve"): BrowserExpect(
        lambda w, s: (lambda f: Page(f, _act(f, "approve")))(finding(s, FindingStatus.REVIEWED)),
        leader,
    ),
    ("findings:finding-transition", "return"): BrowserExpect(
        lambda w, s: (lambda f: Page(f, _act(f, "return")))(finding(s, FindingStatus.REVIEWED)),
        leader_or_deputy,
    ),
    ("findings:paper-create", None): BrowserExpect(
        lambda w, s: (
            lambda f: Page(
                f,
                {"finding_pk": f.pk},
                {
                    "prepared_on": "2024-03-20",
                    "source": "document",
                    "facts_who": "张某",
                    "facts_what": "多次使用公务用车办理私事。",
                    "facts_when": "2023年",
                },
            )
        )(finding(s, papers=None)),
        group,
    ),
    ("findings:paper-transition", "review"): BrowserExpect(
        lambda w, s: (lambda p: Page(p, _act(p, "review")))(paper(finding(s, papers=None))),
        deputy,
    ),
    ("findings:paper-transition", "sign"): BrowserExpect(
        lambda w, s: (lambda p: Page(p, _act(p, "sign")))(
            paper(finding(s, papers=None), PaperStatus.REVIEWED)
        ),
        leader,
    ),
    ("findings:evidence-add", None): BrowserExpect(
        lambda w, s: (
            lambda p: Page(
                p,
                _pk(p),
                lambda: {"file": upload("照片.jpg", JPEG, "image/jpeg"), "description": "现场照片"},
            )
        )(paper(finding(s, papers=None))),
        group,
    ),
    ("findings:talk-create", None): BrowserExpect(
        lambda w, s: Page(
            s.station,
            {},
            {
                "station": s.station.pk,
                "talked_on": "2024-03-12",
                "interviewee_name": "赵某",
                "summary": "反映选人用人问题",
            },
        ),
        group,
    ),
    ("findings:document-create", None): BrowserExpect(
        lambda w, s: Page(
            s.station,
            {},
            {"station": s.station.pk, "requested_on": "2024-03-10", "documents": "党委会会议记录"},
        ),
        group,
    ),
    ("findings:report-assemble", None): BrowserExpect(
        lambda w, s: (
            reporting(s),
            finding(s, FindingStatus.APPROVED),
            Page(s.station, {}, {"station": s.station.pk, "drafted_on": "2024-05-10"}),
        )[-1],
        office_and_leader,
        why="the leader assembles the group's report; office staff may compile it for the group",
    ),
    ("findings:report-transition", "approve"): BrowserExpect(
        lambda w, s: (
            lambda r: Page(
                r,
                _act(r, "approve"),
                {"approved_on": "2024-05-20", "approving_body": "省委巡视工作领导小组"},
            )
        )(report(s)),
        office,
    ),
    ("findings:report-transition", "feed_back"): BrowserExpect(
        lambda w, s: (lambda r: Page(r, _act(r, "feed_back"), {"fed_back_on": "2024-06-03"}))(
            report(
                s,
                ReportStatus.APPROVED,
                FindingStatus.REPORTED,
                approved_on=D(2024, 5, 20),
                approving_body="省委巡视工作领导小组",
            )
        ),
        office,
    ),
    ("findings:lead-create", None): BrowserExpect(
        lambda w, s: Page(
            s.station,
            {},
            {
                "station": s.station.pk,
                "person_name": "李某",
                "cadre_level": "other",
                "facts": "涉嫌违规收受礼金。",
            },
        ),
        office_and_group,
    ),
    ("findings:lead-edit", None): BrowserExpect(
        lambda w, s: (
            lambda item: Page(
                item,
                _pk(item),
                {
                    "station": s.station.pk,
                    "person_name": "李某某",
                    "cadre_level": "other",
                    "facts": "涉嫌违规收受礼金、违规兼职。",
                    "receiving_body": s.body.pk,
                },
            )
        )(lead(s)),
        office_and_group,
    ),
    ("findings:lead-transition", "approve"): BrowserExpect(
        lambda w, s: (lambda item: Page(item, _act(item, "approve")))(lead(s)), office
    ),
    ("findings:lead-transition", "hand_over"): BrowserExpect(
        lambda w, s: (
            lambda item: Page(
                item,
                _act(item, "hand_over"),
                {"receiving_body": s.body.pk, "handed_over_on": "2024-05-06", "leads": [item.pk]},
            )
        )(lead(s, LeadStatus.APPROVED, approved_on=D(2024, 5, 1))),
        office,
    ),
    ("findings:lead-transition", "acknowledge"): BrowserExpect(
        lambda w, s: (
            lambda item: Page(item, _act(item, "acknowledge"), {"acknowledged_on": "2024-05-10"})
        )(handed_over(s)),
        official,
    ),
    ("findings:lead-transition", "dispose"): BrowserExpect(
        lambda w, s: (
            lambda item: Page(
                item,
                _act(item, "dispose"),
                {"disposal_method": "preliminary", "disposed_on": "2024-05-15"},
            )
        )(handed_over(s, LeadStatus.ACKNOWLEDGED, acknowledged_on=D(2024, 5, 10))),
        official,
    ),
    ("findings:lead-transition", "report_back"): BrowserExpect(
        lambda w, s: (
            lambda item: Page(
                item,
                _act(item, "report_back"),
                {
                    "reported_back_on": "2024-06-01",
                    "outcome_form": "",
                    "criticism_count": 0,
                    "admonishment_count": 1,
                    "sanction_count": 0,
                    "case_filed_count": 0,
                    "judicial_transfer_count": 0,
                    "outcome_summary": "给予诫勉处理",
                },
            )
        )(
            handed_over(
                s,
                LeadStatus.IN_DISPOSAL,
                acknowledged_on=D(2024, 5, 10),
                disposal_method="preliminary",
                disposed_on=D(2024, 5, 15),
            )
        ),
        official,
    ),
    ("findings:lead-transition", "close"): BrowserExpect(
        lambda w, s: (lambda item: Page(item, _act(item, "close")))(
            handed_over(
                s,
                LeadStatus.REPORTED_BACK,
                acknowledged_on=D(2024, 5, 10),
                disposal_method="preliminary",
                disposed_on=D(2024, 5, 15),
                outcome_summary="给予诫勉处理",
                reported_back_on=D(2024, 6, 1),
            )
        ),
        office,
    ),
    ("findings:letter-create", None): BrowserExpect(
        lambda w, s: (
            lambda item: Page(
                item,
                {},
                {"receiving_body": s.body.pk, "handed_over_on": "2024-05-06", "leads": [item.pk]},
            )
        )(lead(s, LeadStatus.APPROVED, approved_on=D(2024, 5, 1))),
        office,
    ),
    ("findings:finding-history", None): read_only(
        lambda w, s: (lambda f: Page(f, _pk(f)))(finding(s))
    ),
    ("findings:lead-history", None): read_only(lambda w, s: (lambda x: Page(x, _pk(x)))(lead(s))),
    ("findings:finding-export", None): read_only(lambda w, s: Page()),
    ("findings:lead-export", None): read_only(lambda w, s: Page()),
    ("findings:figures", None): read_only(lambda w, s: Page()),
    ("findings:evidence-download", None): read_only(lambda w, s: Page(None, {"pk": 0})),
    ("findings:letter-docx", None): read_only(
        lambda w, s: (lambda x: Page(x, _pk(x.handover_letter)))(handed_over(s))
    ),
    ("findings:report-docx", None): read_only(
        lambda w, s: (lambda r: Page(r, {"pk": r.pk, "kind": "draft"}))(report(s))
    ),
}

RECTIFICATION_PAGES = {
    ("rectification:plan-action", "open"): BrowserExpect(
        lambda w, s: (fed_back(s), Page(s.station, _act(s.station, "open")))[-1],
        office_and_liaison,
        why="opening the plan record after feedback starts the unit's part; the office may do "
        "it for the unit",
    ),
    ("rectification:plan-action", "submit"): BrowserExpect(
        lambda w, s: (lambda p: Page(p, _act(s.station, "submit"), {"summary": "整改方案全文"}))(
            plan(s)
        ),
        office_and_liaison,
    ),
    ("rectification:plan-action", "approve"): BrowserExpect(
        lambda w, s: (lambda p: Page(p, _act(s.station, "approve"), {"reason": ""}))(
            plan(s, PlanStatus.SUBMITTED)
        ),
        office,
    ),
    ("rectification:plan-action", "return"): BrowserExpect(
        lambda w, s: (lambda p: Page(p, _act(s.station, "return"), {"reason": "措施不够具体"}))(
            plan(s, PlanStatus.SUBMITTED)
        ),
        office,
    ),
    ("rectification:plan-action", "report"): BrowserExpect(
        lambda w, s: (
            lambda p: Page(p, _act(s.station, "report"), {"report_text": "整改情况报告全文"})
        )(plan(s, PlanStatus.APPROVED, ItemStatus.IN_PROGRESS)),
        office_and_liaison,
    ),
    ("rectification:item-action", "progress"): BrowserExpect(
        lambda w, s: (lambda i: Page(i, _act(i, "progress"), {"text": "已修订制度"}))(
            item_with_plan(s, ItemStatus.IN_PROGRESS)
        ),
        office_and_liaison,
    ),
    ("rectification:item-action", "request-closure"): BrowserExpect(
        lambda w, s: (lambda i: Page(i, _act(i, "request-closure")))(
            with_evidence(item_with_plan(s, ItemStatus.IN_PROGRESS))
        ),
        office_and_liaison,
    ),
    ("rectification:item-action", "approve"): BrowserExpect(
        lambda w, s: (lambda i: Page(i, _act(i, "approve"), {"result": "completed"}))(
            item_with_plan(s, ItemStatus.CLOSURE_REQUESTED)
        ),
        office,
    ),
    ("rectification:item-action", "return"): BrowserExpect(
        lambda w, s: (lambda i: Page(i, _act(i, "return"), {"reason": "佐证材料不足"}))(
            item_with_plan(s, ItemStatus.CLOSURE_REQUESTED)
        ),
        office,
    ),
    ("rectification:item-create", None): BrowserExpect(
        lambda w, s: (
            lambda f: Page(
                f,
                {"finding_pk": f.pk},
                {"measures": "修订选人用人制度", "kind": "time_bound", "deadline": "2024-09-30"},
            )
        )((fed_back(s), finding(s, FindingStatus.FED_BACK))[1]),
        office_and_liaison,
    ),
    ("rectification:letter-create", None): BrowserExpect(
        lambda w, s: (
            lambda i: Page(
                s.station,
                _pk(s.station),
                {
                    "kind": "supervision",
                    "items": [i.pk],
                    "body": "你单位整改任务进展缓慢，请抓紧落实。",
                    "new_deadline": later(),
                },
            )
        )(item_with_plan(s, ItemStatus.IN_PROGRESS)),
        office,
    ),
    ("rectification:station-detail", None): read_only(
        lambda w, s: (fed_back(s), Page(s.station, _pk(s.station)))[-1]
    ),
    ("rectification:evidence", None): read_only(lambda w, s: Page(None, {"pk": 0})),
    ("rectification:ledger", None): read_only(lambda w, s: Page()),
    ("rectification:rates", None): read_only(lambda w, s: Page()),
    ("rectification:letter-docx", None): read_only(lambda w, s: Page(None, {"pk": 0})),
}

BROWSER_PARTS = {
    "tours": TOURS_PAGES,
    "petitions": PETITION_PAGES,
    "findings": FINDING_PAGES,
    "rectification": RECTIFICATION_PAGES,
}
BROWSER_SPEC = TOURS_PAGES | PETITION_PAGES | FINDING_PAGES | RECTIFICATION_PAGES
