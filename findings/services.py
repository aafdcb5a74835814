"""Every rule and state transition of findings, working papers, reports and leads.

Who may do what:
- a member of the station's group (any role in the group) drafts findings, working papers,
  talk and document records, and registers leads;
- the group's deputy leader reviews findings and working papers;
- the group's leader signs working papers, approves findings and assembles the report;
- office staff record the report's approval and feedback, approve leads and hand them over;
- an official of the receiving body acknowledges a lead, records its disposal and outcome,
  and reports back.
Refusals by role raise PermissionDenied; refusals by state or input raise ValidationError
naming the field.
"""

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from findings import conf
from findings.models import (
    ALLOWED_EVIDENCE_TYPES,
    Evidence,
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
from findings.models.lead import MEASURE_FIELDS
from inspection.audit.registry import log_bulk_update
from inspection.numbering import format_number, next_number
from inspection.uploads import check_upload
from tours import services as tours_services
from tours.models import RECEIVING_BODY_KINDS, Member, MemberRole

# --------------------------------------------------------------------------- roles


def group_roles(user, station) -> set[str]:
    """The user's roles in the group stationed at `station` (empty when not a member)."""
    if not user or not user.is_authenticated or not user.is_active:
        return set()
    return set(
        Member.objects.filter(group_id=station.group_id, person__user=user).values_list(
            "role", flat=True
        )
    )


def _require_group_member(user, station):
    if not group_roles(user, station):
        raise PermissionDenied(_("只有本组成员可以执行此操作。"))


def _require_group_role(user, station, role, message):
    if role not in group_roles(user, station):
        raise PermissionDenied(message)


def _require_office(user):
    if not user.is_office_staff:
        raise PermissionDenied(_("只有巡视办工作人员可以执行此操作。"))


def _require_official_of(user, lead):
    if not (user.is_official and user.unit_id == lead.receiving_body_id):
        raise PermissionDenied(_("只有接收机关的工作人员可以执行此操作。"))


def _require_status(obj, allowed, field="status"):
    if obj.status not in allowed:
        raise ValidationError(
            {
                field: [
                    _("当前状态为“%(status)s”，不能执行此操作。")
                    % {"status": obj.get_status_display()}
                ]
            }
        )


def can(user, action, obj) -> bool:
    """Whether `user` may perform `action` on `obj` now (for showing buttons; services decide)."""
    try:
        CHECKS[action](user, obj)
    except (PermissionDenied, ValidationError):
        return False
    return True


# --------------------------------------------------------------------------- helpers


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _number(kind, day):
    value = next_number(f"findings:{kind}", day.year)
    return format_number(conf.number_prefix(kind), day.year, value)


def _bulk_set(queryset, actor, **values):
    """Update rows in one statement and write one audit entry per changed row.

    The actor is passed explicitly: outside a request the audit context may still hold the
    user of an earlier request (django-auditlog never resets it).
    """
    fields = list(values)
    rows = list(queryset.only("pk", "title", *fields))
    before = {row.pk: {f: getattr(row, f) for f in fields} for row in rows}
    queryset.model.objects.filter(pk__in=[row.pk for row in rows]).update(**values)
    for row in rows:
        for field, value in values.items():
            setattr(row, field, value)
    log_bulk_update(rows, before, fields, actor=actor)
    return len(rows)


# --------------------------------------------------------------------------- findings

FINDING_EDITABLE = (FindingStatus.DRAFT,)


def _validate_finding(finding):
    errors = {}
    if not finding.title.strip():
        errors["title"] = [_("请填写问题。")]
    if finding.category_id is None:
        errors["category"] = [_("请选择问题类别。")]
    elif not finding.category.is_active:
        errors["category"] = [_("该问题类别已停用，请重新选择。")]
    if finding.immediate_rectification:
        if not finding.rectification_notice_number.strip():
            errors["rectification_notice_number"] = [_("立行立改须填写通知编号。")]
        if finding.rectify_by is None:
            errors["rectify_by"] = [_("立行立改须填写整改期限。")]
    if errors:
        raise ValidationError(errors)


def _set_sources(finding, relations):
    for name in ("disciplines", "petitions", "talks", "document_requests"):
        if relations.get(name) is not None:
            items = list(relations[name])
            stray = [
                item
                for item in items
                if getattr(item, "station_id", finding.station_id) != finding.station_id
            ]
            if stray:
                raise ValidationError({name: [_("只能关联本进驻的记录。")]})
            getattr(finding, name).set(items)


@transaction.atomic
def create_finding(user, station, relations=None, **fields) -> Finding:
    _require_group_member(user, station)
    finding = Finding(station=station, created_by=user, **fields)
    _validate_finding(finding)
    finding.save()
    _set_sources(finding, relations or {})
    return finding


@transaction.atomic
def update_finding(user, finding, relations=None, **fields) -> Finding:
    _require_group_member(user, finding.station)
    _require_status(finding, FINDING_EDITABLE)
    fields.pop("station", None)  # a finding never moves between stations
    for name, value in fields.items():
        setattr(finding, name, value)
    _validate_finding(finding)
    finding.save()
    _set_sources(finding, relations or {})
    return finding


def _check_review_finding(user, finding):
    _require_group_role(user, finding.station, MemberRole.DEPUTY, _("只有本组副组长可以审核问题。"))
    _require_status(finding, (FindingStatus.DRAFT,))


@transaction.atomic
def review_finding(user, finding) -> Finding:
    _check_review_finding(user, finding)
    finding.status = FindingStatus.REVIEWED
    finding.reviewed_by = user
    finding.save(update_fields=["status", "reviewed_by", "updated_at"])
    return finding


def _check_approve_finding(user, finding):
    _require_group_role(user, finding.station, MemberRole.LEADER, _("只有本组组长可以审定问题。"))
    _require_status(finding, (FindingStatus.REVIEWED,))
    if not finding.working_papers.filter(status=PaperStatus.SIGNED).exists():
        raise ValidationError(
            {"working_papers": [_("至少须有一份经组长签字的问题底稿，才能审定该问题。")]}
        )


@transaction.atomic
def approve_finding(user, finding) -> Finding:
    _check_approve_finding(user, finding)
    finding.status = FindingStatus.APPROVED
    finding.approved_by = user
    finding.save(update_fields=["status", "approved_by", "updated_at"])
    return finding


def _check_return_finding(user, finding):
    roles = group_roles(user, finding.station)
    if not roles & {MemberRole.LEADER, MemberRole.DEPUTY}:
        raise PermissionDenied(_("只有本组组长或副组长可以退回问题。"))
    _require_status(finding, (FindingStatus.REVIEWED, FindingStatus.APPROVED))
    if finding.report_id is not None:
        raise ValidationError({"status": [_("该问题已编入巡视报告，不能退回。")]})


@transaction.atomic
def return_finding(user, finding) -> Finding:
    """Send a reviewed or approved (not yet reported) finding back to draft for rework."""
    _check_return_finding(user, finding)
    finding.status = FindingStatus.DRAFT
    finding.reviewed_by = finding.approved_by = None
    finding.save(update_fields=["status", "reviewed_by", "approved_by", "updated_at"])
    return finding


# Rectification moves fed-back findings on; these are its entry points.


def start_rectifying(user, findings) -> int:
    """Fed-back findings now under rectification (the rectification app's entry point)."""
    return _move_for_rectification(
        user, findings, (FindingStatus.FED_BACK,), FindingStatus.RECTIFYING
    )


def mark_rectified(user, findings) -> int:
    """Findings whose rectification was verified (every item closed) are rectified."""
    return _move_for_rectification(
        user,
        findings,
        (FindingStatus.FED_BACK, FindingStatus.RECTIFYING),
        FindingStatus.RECTIFIED,
    )


@transaction.atomic
def _move_for_rectification(user, findings, source, target) -> int:
    from inspection.permissions import require

    rows = list(
        Finding.objects.select_for_update()
        .filter(pk__in=[f.pk for f in findings], status__in=source)
        .select_related("station")
        .order_by("pk")
    )
    for row in rows:
        require(user, "findings.move_for_rectification", row)
    return _bulk_set(Finding.objects.filter(pk__in=[r.pk for r in rows]), user, status=target)


# --------------------------------------------------------------------------- working papers


def validate_evidence_file(upload, field="file"):
    """Accept photos and PDFs only, within the size limit; returns the content type."""
    types = {f".{ext}": content_type for ext, content_type in ALLOWED_EVIDENCE_TYPES.items()}
    return check_upload(upload, field=field, types=types, max_bytes=conf.evidence_max_bytes())


@transaction.atomic
def add_evidence(user, paper, upload, description="") -> Evidence:
    _require_group_member(user, paper.finding.station)
    if paper.status == PaperStatus.SIGNED:
        raise ValidationError({"file": [_("底稿已签字，不能再添加证据材料。")]})
    content_type = validate_evidence_file(upload)
    return Evidence.objects.create(
        working_paper=paper,
        file=upload,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        description=description,
        uploaded_by=user,
    )


def _validate_paper(paper):
    errors = {}
    for field, message in (
        ("facts_who", _("请写明涉及的人员。")),
        ("facts_what", _("请写明具体事实。")),
        ("facts_when", _("请写明发生时间。")),
    ):
        if not (getattr(paper, field) or "").strip():
            errors[field] = [message]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_working_paper(user, finding, uploads=(), **fields) -> WorkingPaper:
    _require_group_member(user, finding.station)
    if finding.status not in (FindingStatus.DRAFT, FindingStatus.REVIEWED):
        raise ValidationError({"finding": [_("问题已审定，不能再添加底稿。")]})
    fields.setdefault("prepared_on", timezone.localdate())
    paper = WorkingPaper(finding=finding, prepared_by=user, **fields)
    _validate_paper(paper)
    paper.number = _number("working_paper", paper.prepared_on)
    paper.save()
    for upload in uploads:
        add_evidence(user, paper, upload)
    return paper


def _check_review_paper(user, paper):
    _require_group_role(
        user, paper.finding.station, MemberRole.DEPUTY, _("只有本组副组长可以审核底稿。")
    )
    if paper.status != PaperStatus.PREPARED:
        raise ValidationError({"status": [_("只有已起草的底稿可以审核。")]})


@transaction.atomic
def review_working_paper(user, paper) -> WorkingPaper:
    _check_review_paper(user, paper)
    paper.status = PaperStatus.REVIEWED
    paper.reviewed_by, paper.reviewed_at = user, timezone.now()
    paper.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return paper


def _check_sign_paper(user, paper):
    _require_group_role(user, paper.finding.station, MemberRole.LEADER, _("只有本组组长可以签字。"))
    if paper.status != PaperStatus.REVIEWED:
        raise ValidationError({"status": [_("底稿须先经副组长审核，组长才能签字。")]})


@transaction.atomic
def sign_working_paper(user, paper) -> WorkingPaper:
    _check_sign_paper(user, paper)
    paper.status = PaperStatus.SIGNED
    paper.signed_by, paper.signed_at = user, timezone.now()
    paper.save(update_fields=["status", "signed_by", "signed_at"])
    return paper


@transaction.atomic
def create_station_record(user, model, station, **fields):
    """A talk record or document request, kept by a member of the station's group."""
    _require_group_member(user, station)
    record = model(station=station, recorded_by=user, **fields)
    record.full_clean(exclude=["recorded_by", "station"])
    record.save()
    return record


@transaction.atomic
def log_finding_on_site(user, station, relations=None, paper=None, uploads=(), **fields):
    """One step on site: the finding, and (optionally) its working paper with photos.

    Either everything is stored or nothing: a bad photo leaves no half-logged finding.
    """
    finding = create_finding(user, station, relations, **fields)
    if paper is not None or uploads:
        create_working_paper(user, finding, uploads=uploads, **(paper or {}))
    return finding


# --------------------------------------------------------------------------- report & feedback


def _check_assemble(user, station):
    if not user.is_office_staff:
        _require_group_role(user, station, MemberRole.LEADER, _("只有本组组长可以汇总报告。"))
    report = getattr(station, "findings_report", None)
    if report is not None and report.status != ReportStatus.DRAFT:
        raise ValidationError({"status": [_("报告已审议，不能重新汇总。")]})


@transaction.atomic
def assemble_report(user, station, drafted_on=None) -> Report:
    """(Re)build the station's draft report from exactly its approved findings."""
    _check_assemble(user, station)
    approved = Finding.objects.filter(station=station, status=FindingStatus.APPROVED)
    if not approved.exists():
        raise ValidationError({"findings": [_("该进驻还没有经组长审定的问题。")]})
    drafted_on = drafted_on or timezone.localdate()
    report = Report.objects.filter(station=station).first()
    if report is None:
        report = Report.objects.create(
            station=station,
            number=_number("report", drafted_on),
            drafted_on=drafted_on,
            drafted_by=user,
        )
    else:
        report.drafted_on, report.drafted_by = drafted_on, user
        report.save(update_fields=["drafted_on", "drafted_by"])
        _bulk_set(report.findings.filter(~Q(status=FindingStatus.APPROVED)), user, report=None)
    _bulk_set(approved.filter(Q(report__isnull=True) | ~Q(report=report)), user, report=report)
    return report


def _check_approve_report(user, report):
    _require_office(user)
    _require_status(report, (ReportStatus.DRAFT,))


@transaction.atomic
def approve_report(user, report, approved_on, approving_body) -> Report:
    """The committee approved the report: its findings are now reported."""
    _check_approve_report(user, report)
    errors = {}
    if not approved_on:
        errors["approved_on"] = [_("请填写审议日期。")]
    if not (approving_body or "").strip():
        errors["approving_body"] = [_("请填写审议机构。")]
    if errors:
        raise ValidationError(errors)
    report.status = ReportStatus.APPROVED
    report.approved_on, report.approving_body = approved_on, approving_body.strip()
    report.save(update_fields=["status", "approved_on", "approving_body"])
    _bulk_set(
        report.findings.filter(status=FindingStatus.APPROVED), user, status=FindingStatus.REPORTED
    )
    tours_services.record_report(user, report.station, approved_on)
    return report


def _check_feed_back(user, report):
    _require_office(user)
    _require_status(report, (ReportStatus.APPROVED,))


@transaction.atomic
def feed_back_report(user, report, fed_back_on, fed_back_to="") -> Report:
    """Feedback to the unit's leadership team: the findings become the unit's problem list."""
    _check_feed_back(user, report)
    if not fed_back_on:
        raise ValidationError({"fed_back_on": [_("请填写反馈日期。")]})
    report.status = ReportStatus.FED_BACK
    report.fed_back_on = fed_back_on
    report.fed_back_to = (fed_back_to or "").strip() or _("%(unit)s领导班子") % {
        "unit": report.station.unit.name
    }
    report.feedback_number = _number("feedback", fed_back_on)
    report.save(update_fields=["status", "fed_back_on", "fed_back_to", "feedback_number"])
    _bulk_set(
        report.findings.filter(status=FindingStatus.REPORTED), user, status=FindingStatus.FED_BACK
    )
    tours_services.record_feedback(user, report.station, fed_back_on)
    return report


# --------------------------------------------------------------------------- leads


def _validate_receiving_body(body, field="receiving_body"):
    if body is not None and body.kind not in RECEIVING_BODY_KINDS:
        raise ValidationError({field: [_("移交机关须为纪委监委、组织部或其他主管部门。")]})


def _validate_lead(lead):
    errors = {}
    if not lead.person_name.strip():
        errors["person_name"] = [_("请填写反映对象。")]
    if not lead.facts.strip():
        errors["facts"] = [_("请填写主要问题。")]
    if errors:
        raise ValidationError(errors)
    _validate_receiving_body(lead.receiving_body)


def _set_lead_links(lead, relations):
    for name in ("findings", "petitions"):
        if relations.get(name) is not None:
            items = list(relations[name])
            if any(item.station_id != lead.station_id for item in items):
                raise ValidationError({name: [_("只能关联本进驻的记录。")]})
            getattr(lead, name).set(items)


@transaction.atomic
def register_lead(user, station, relations=None, **fields) -> Lead:
    if not user.is_office_staff:
        _require_group_member(user, station)
    lead = Lead(station=station, registered_by=user, **fields)
    _validate_lead(lead)
    lead.save()
    _set_lead_links(lead, relations or {})
    return lead


@transaction.atomic
def update_lead(user, lead, relations=None, **fields) -> Lead:
    if not user.is_office_staff:
        _require_group_member(user, lead.station)
    _require_status(lead, (LeadStatus.REGISTERED, LeadStatus.APPROVED))
    fields.pop("station", None)
    for name, value in fields.items():
        setattr(lead, name, value)
    _validate_lead(lead)
    lead.save()
    _set_lead_links(lead, relations or {})
    return lead


def _check_approve_lead(user, lead):
    _require_office(user)
    _require_status(lead, (LeadStatus.REGISTERED,))


@transaction.atomic
def approve_lead(user, lead, approved_on=None) -> Lead:
    _check_approve_lead(user, lead)
    lead.status = LeadStatus.APPROVED
    lead.approved_by, lead.approved_on = user, approved_on or timezone.localdate()
    lead.save(update_fields=["status", "approved_by", "approved_on"])
    return lead


def _check_hand_over(user, lead):
    _require_office(user)
    _require_status(lead, (LeadStatus.APPROVED,))


def report_back_due(lead, handed_over_on) -> datetime.date:
    return add_months(handed_over_on, conf.report_back_months(lead.station.round.term.level))


@transaction.atomic
def hand_over(user, leads, receiving_body, handed_over_on=None, letter=None) -> HandoverLetter:
    """Hand approved leads to one receiving body in a numbered letter (new, or one given)."""
    _require_office(user)
    leads = list(leads)
    if not leads:
        raise ValidationError({"leads": [_("请选择要移交的线索。")]})
    if receiving_body is None:
        raise ValidationError({"receiving_body": [_("请选择移交机关。")]})
    _validate_receiving_body(receiving_body)
    for lead in leads:
        _check_hand_over(user, lead)
    if letter is None:
        handed_over_on = handed_over_on or timezone.localdate()
        letter = HandoverLetter.objects.create(
            number=_number("handover", handed_over_on),
            receiving_body=receiving_body,
            sent_on=handed_over_on,
            sent_by=user,
        )
    elif letter.receiving_body_id != receiving_body.pk:
        raise ValidationError({"letter": [_("移交函的接收机关与所选机关不一致。")]})
    else:
        handed_over_on = letter.sent_on
    for lead in leads:
        lead.status = LeadStatus.HANDED_OVER
        lead.receiving_body = receiving_body
        lead.handover_letter = letter
        lead.handed_over_on = handed_over_on
        lead.report_back_due_on = report_back_due(lead, handed_over_on)
        lead.save(
            update_fields=[
                "status",
                "receiving_body",
                "handover_letter",
                "handed_over_on",
                "report_back_due_on",
            ]
        )
    return letter


def _check_acknowledge(user, lead):
    _require_official_of(user, lead)
    _require_status(lead, (LeadStatus.HANDED_OVER,))


@transaction.atomic
def acknowledge_lead(user, lead, acknowledged_on=None) -> Lead:
    _check_acknowledge(user, lead)
    acknowledged_on = acknowledged_on or timezone.localdate()
    if acknowledged_on < lead.handed_over_on:
        raise ValidationError({"acknowledged_on": [_("签收日期不能早于移交日期。")]})
    lead.status = LeadStatus.ACKNOWLEDGED
    lead.acknowledged_by, lead.acknowledged_on = user, acknowledged_on
    lead.save(update_fields=["status", "acknowledged_by", "acknowledged_on"])
    return lead


def _check_dispose(user, lead):
    _require_official_of(user, lead)
    _require_status(lead, (LeadStatus.ACKNOWLEDGED, LeadStatus.IN_DISPOSAL))


@transaction.atomic
def dispose_lead(user, lead, disposal_method, disposed_on=None) -> Lead:
    _check_dispose(user, lead)
    if not disposal_method:
        raise ValidationError({"disposal_method": [_("请选择处置方式。")]})
    lead.status = LeadStatus.IN_DISPOSAL
    lead.disposal_method = disposal_method
    lead.disposed_on = disposed_on or timezone.localdate()
    lead.full_clean(exclude=[f.name for f in Lead._meta.fields if f.name != "disposal_method"])
    lead.save(update_fields=["status", "disposal_method", "disposed_on"])
    return lead


def _check_report_back(user, lead):
    _require_official_of(user, lead)
    _require_status(lead, (LeadStatus.IN_DISPOSAL,))


@transaction.atomic
def report_back(
    user, lead, reported_back_on=None, outcome_form=None, outcome_summary="", **counts
) -> Lead:
    """The receiving body's report on the lead: the outcome and the people per measure."""
    _check_report_back(user, lead)
    errors = {}
    for field in MEASURE_FIELDS:
        value = counts.get(field) or 0
        if int(value) < 0:
            errors[field] = [_("人次不能为负数。")]
        setattr(lead, field, int(value))
    if not (outcome_summary or "").strip():
        errors["outcome_summary"] = [_("请填写办理结果。")]
    if errors:
        raise ValidationError(errors)
    lead.status = LeadStatus.REPORTED_BACK
    lead.outcome_form = outcome_form or None
    lead.outcome_summary = outcome_summary.strip()
    lead.reported_back_on = reported_back_on or timezone.localdate()
    lead.save()
    return lead


def _check_close(user, lead):
    _require_office(user)
    _require_status(lead, (LeadStatus.REPORTED_BACK,))


@transaction.atomic
def close_lead(user, lead) -> Lead:
    _check_close(user, lead)
    lead.status = LeadStatus.CLOSED
    lead.save(update_fields=["status"])
    return lead


CHECKS = {
    "review_finding": _check_review_finding,
    "approve_finding": _check_approve_finding,
    "return_finding": _check_return_finding,
    "review_paper": _check_review_paper,
    "sign_paper": _check_sign_paper,
    "approve_report": _check_approve_report,
    "feed_back_report": _check_feed_back,
    "approve_lead": _check_approve_lead,
    "hand_over": _check_hand_over,
    "acknowledge": _check_acknowledge,
    "dispose": _check_dispose,
    "report_back": _check_report_back,
    "close_lead": _check_close,
}
