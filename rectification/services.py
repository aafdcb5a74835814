"""Rectification rules and transitions: plans, items, progress, close-out, letters, rates."""

import datetime
import hashlib
import mimetypes

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from findings.models import FED_BACK_STATUSES, Finding, FindingStatus
from inspection.audit.registry import log_bulk_update
from inspection.documents import DocumentSpec, render_docx
from inspection.numbering import format_number, next_number
from inspection.uploads import check_upload
from rectification.models import (
    ACTIVE_ITEM_STATUSES,
    Evidence,
    ItemResult,
    ItemStatus,
    LetterKind,
    PlanStatus,
    ProgressReport,
    RectificationItem,
    RectificationPlan,
    SupervisionLetter,
)

EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ofd": "application/ofd",
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Calendar months; the 31st falls back to the month's last day (Jan 31 + 1 → Feb 28)."""
    return day + relativedelta(months=months)


def plan_deadlines(feedback_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(plan due, rectification report due) counted from the feedback date (DESIGN §4)."""
    return (
        add_months(feedback_on, settings.RECTIFICATION_PLAN_MONTHS),
        add_months(feedback_on, settings.RECTIFICATION_REPORT_MONTHS),
    )


def _today():
    return timezone.localdate()


def _require_unit_or_office(user, station):
    if user.is_office_staff or (user.is_liaison and user.unit_id == station.unit_id):
        return
    raise PermissionDenied(_("只有被巡视单位联络员或巡视办工作人员可以办理。"))


def _require_office(user):
    if not user.is_office_staff:
        raise PermissionDenied(_("只有巡视办工作人员可以审核。"))


# ---- plans -----------------------------------------------------------------------------


@transaction.atomic
def open_plan(station) -> RectificationPlan:
    """The station's plan, created with its deadlines once feedback has been given."""
    if station.feedback_on is None:
        raise ValidationError({"feedback_on": [_("尚未反馈，不能开始整改。")]})
    plan_due, report_due = plan_deadlines(station.feedback_on)
    plan, _created = RectificationPlan.objects.get_or_create(
        station=station, defaults={"due_on": plan_due, "report_due_on": report_due}
    )
    return plan


@transaction.atomic
def submit_plan(plan, user, summary: str) -> RectificationPlan:
    _require_unit_or_office(user, plan.station)
    plan = RectificationPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        raise ValidationError({"status": [_("方案已提交或已通过，不能重复提交。")]})
    if not (summary or "").strip():
        raise ValidationError({"summary": [_("请填写整改方案。")]})
    uncovered = (
        Finding.objects.filter(station=plan.station, status__in=FED_BACK_STATUSES)
        .exclude(rectification_items__isnull=False)
        .values_list("title", flat=True)
    )
    if uncovered:
        raise ValidationError(
            {
                "items": [
                    _("以下问题尚未分解整改任务：%(titles)s") % {"titles": _("；").join(uncovered)}
                ]
            }
        )
    plan.summary = summary.strip()
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.save()
    return plan


@transaction.atomic
def review_plan(plan, user, approve: bool, reason: str = "") -> RectificationPlan:
    _require_office(user)
    plan = RectificationPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError({"status": [_("只能审核已提交的方案。")]})
    if approve:
        plan.status = PlanStatus.APPROVED
    else:
        if not (reason or "").strip():
            raise ValidationError({"reason": [_("退回时请说明理由。")]})
        plan.status = PlanStatus.RETURNED
        plan.return_reason = reason.strip()
        plan.return_count += 1
    plan.reviewed_at = timezone.now()
    plan.save()
    return plan


@transaction.atomic
def submit_report(plan, user, text: str) -> RectificationPlan:
    _require_unit_or_office(user, plan.station)
    if not (text or "").strip():
        raise ValidationError({"report_text": [_("请填写整改情况报告。")]})
    plan.report_text = text.strip()
    plan.report_submitted_on = _today()
    plan.save()
    return plan


# ---- items -----------------------------------------------------------------------------

ITEM_FIELDS = (
    "measures",
    "deadline",
    "kind",
    "responsible_leader",
    "responsible_department",
    "responsible_person",
    "responsible_user",
    "acceptance_standard",
)


@transaction.atomic
def create_item(finding, user, **data) -> RectificationItem:
    """Break a fed-back finding into an item; the finding moves on to rectifying."""
    station = finding.station
    _require_unit_or_office(user, station)
    if finding.status not in FED_BACK_STATUSES:
        raise ValidationError({"finding": [_("只能对已反馈的问题制定整改任务。")]})
    if not (data.get("measures") or "").strip():
        raise ValidationError({"measures": [_("请填写整改措施。")]})
    if not data.get("deadline"):
        raise ValidationError({"deadline": [_("请填写完成时限。")]})
    if station.feedback_on and data["deadline"] < station.feedback_on:
        raise ValidationError({"deadline": [_("完成时限不能早于反馈日期。")]})
    responsible = data.get("responsible_user")
    if responsible is not None and not (
        responsible.is_active and responsible.unit_id == station.unit_id
    ):
        raise ValidationError({"responsible_user": [_("责任人须为本单位的有效用户。")]})
    plan = open_plan(station)
    fields = {key: data[key] for key in ITEM_FIELDS if key in data}
    item = RectificationItem.objects.create(
        station=station, finding=finding, plan=plan, original_deadline=data["deadline"], **fields
    )
    if finding.status == FindingStatus.FED_BACK:
        # The findings app offers no service for this step; the change is audited anyway.
        finding.status = FindingStatus.RECTIFYING
        finding.save(update_fields=["status"])
    return item


def _locked(item):
    return RectificationItem.objects.select_for_update().get(pk=item.pk)


def validate_evidence(upload):
    return check_upload(
        upload,
        field="evidence",
        types=EVIDENCE_TYPES,
        max_bytes=settings.RECTIFICATION_EVIDENCE_MAX_BYTES,
    )


@transaction.atomic
def report_progress(item, user, text: str, files=()) -> ProgressReport:
    _require_unit_or_office(user, item.station)
    item = _locked(item)
    if item.status not in ACTIVE_ITEM_STATUSES:
        raise ValidationError({"status": [_("该任务当前不能报送进展。")]})
    if not (text or "").strip():
        raise ValidationError({"text": [_("请填写进展情况。")]})
    types = [validate_evidence(upload) for upload in files]  # all checked before any is stored
    progress = ProgressReport.objects.create(item=item, text=text.strip(), reported_by=user)
    for upload, content_type in zip(files, types, strict=True):
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        Evidence.objects.create(
            progress=progress,
            file=upload,
            original_name=upload.name[:200],
            content_type=content_type or mimetypes.guess_type(upload.name)[0] or "",
            size=upload.size,
            sha256=digest.hexdigest(),
        )
    if item.status == ItemStatus.OPEN:
        item.status = ItemStatus.IN_PROGRESS
        item.save()
    return progress


@transaction.atomic
def request_closure(item, user) -> RectificationItem:
    _require_unit_or_office(user, item.station)
    item = _locked(item)
    if item.status != ItemStatus.IN_PROGRESS:
        raise ValidationError({"status": [_("只有整改中的任务可以申请销号。")]})
    if not item.progress_reports.exists():
        raise ValidationError({"progress": [_("申请销号前请先报送整改进展和佐证材料。")]})
    item.status = ItemStatus.CLOSURE_REQUESTED
    item.closure_requested_on = _today()
    item.save()
    return item


@transaction.atomic
def approve_closure(item, user, result: str) -> RectificationItem:
    _require_office(user)
    item = _locked(item)
    if item.status != ItemStatus.CLOSURE_REQUESTED:
        raise ValidationError({"status": [_("该任务没有待审核的销号申请。")]})
    if result not in ItemResult.values:
        raise ValidationError({"result": [_("请选择整改结果。")]})
    item.status = ItemStatus.CLOSED
    item.result = result
    item.closed_on = _today()
    item.save()
    finding = item.finding
    if not finding.rectification_items.exclude(status=ItemStatus.CLOSED).exists():
        finding.status = FindingStatus.RECTIFIED
        finding.save(update_fields=["status"])
    return item


@transaction.atomic
def return_closure(item, user, reason: str) -> RectificationItem:
    _require_office(user)
    item = _locked(item)
    if item.status != ItemStatus.CLOSURE_REQUESTED:
        raise ValidationError({"status": [_("该任务没有待审核的销号申请。")]})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("退回时请说明理由。")]})
    item.status = ItemStatus.IN_PROGRESS
    item.return_reason = reason.strip()
    item.return_count += 1
    item.closure_requested_on = None
    item.save()
    return item


# ---- letters ---------------------------------------------------------------------------

LETTER_PREFIX = {LetterKind.SUPERVISION: "巡整督", LetterKind.REMINDER: "巡整提"}


@transaction.atomic
def issue_letter(station, user, kind, items, body, new_deadline=None) -> SupervisionLetter:
    """A numbered letter; a supervision letter moves its items' deadline to the new one."""
    _require_office(user)
    today = _today()
    if kind not in LetterKind.values:
        raise ValidationError({"kind": [_("请选择函件类型。")]})
    items = list(items)
    if not items:
        raise ValidationError({"items": [_("请选择涉及的整改任务。")]})
    if any(item.station_id != station.pk for item in items):
        raise ValidationError({"items": [_("整改任务必须属于同一进驻。")]})
    if not (body or "").strip():
        raise ValidationError({"body": [_("请填写正文。")]})
    if kind == LetterKind.SUPERVISION and (new_deadline is None or new_deadline <= today):
        raise ValidationError({"new_deadline": [_("督办函须给出晚于今天的新完成时限。")]})
    year = today.year
    number = format_number(LETTER_PREFIX[kind], year, next_number(f"rectification:{kind}", year))
    letter = SupervisionLetter.objects.create(
        kind=kind,
        station=station,
        number=number,
        year=year,
        body=body.strip(),
        new_deadline=new_deadline if kind == LetterKind.SUPERVISION else None,
        issued_on=today,
        issued_by=user,
    )
    letter.items.set(items)
    if kind == LetterKind.SUPERVISION:
        before = {item.pk: {"deadline": item.deadline} for item in items}
        RectificationItem.objects.filter(pk__in=before).update(deadline=new_deadline)
        for item in items:
            item.deadline = new_deadline
        log_bulk_update(items, before, ["deadline"], actor=user)
    return letter


def letter_docx(letter) -> bytes:
    station = letter.station
    items = list(letter.items.select_related("finding").order_by("deadline", "id"))
    header = [_("问题"), _("整改措施"), _("责任部门"), _("原定时限")]
    if letter.kind == LetterKind.SUPERVISION:
        header.append(_("新的完成时限"))
    rows = []
    for item in items:
        row = [item.finding.title, item.measures, item.responsible_department or "—"]
        row.append(str(item.original_deadline or "—"))
        if letter.kind == LetterKind.SUPERVISION:
            row.append(str(letter.new_deadline))
        rows.append(row)
    spec = DocumentSpec(
        title=letter.get_kind_display(),
        number=letter.number,
        addressee=station.unit.name,
        paragraphs=letter.body.splitlines(),
        table_header=header,
        table_rows=rows,
        sender=str(station.group),
        dated=letter.issued_on,
    )
    return render_docx(spec)


# ---- rates -----------------------------------------------------------------------------


def rate_aggregates(today=None, prefix: str = "") -> dict:
    """Annotations computing the figures of a group of items in SQL.

    `prefix` reaches the items through a relation, e.g. "rectification_items__" from stations.
    """
    today = today or _today()

    def q(**lookups):
        return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})

    closed = q(status=ItemStatus.CLOSED)
    pk = f"{prefix}id"
    return {
        "total": Count(pk),
        "completed": Count(pk, filter=closed & q(result=ItemResult.COMPLETED)),
        "closed": Count(pk, filter=closed),
        "closed_on_time": Count(
            pk, filter=closed & q(closed_on__lte=F(f"{prefix}original_deadline"))
        ),
        "overdue": Count(pk, filter=~closed & q(deadline__lt=today)),
        "returned_repeatedly": Count(pk, filter=q(return_count__gt=1)),
    }


def _with_rates(row: dict) -> dict:
    row["rectification_rate"] = rectification_rate(row["completed"], row["total"])
    row["on_time_rate"] = rectification_rate(row["closed_on_time"], row["closed"])
    return row


def rectification_rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


GROUPINGS = {
    "station": ("station_id", "station__unit__name"),
    "round": ("station__round_id", "station__round__name"),
    "term": ("station__round__term_id", "station__round__term__name"),
}


def rates(items, by: str = "station", today=None) -> list[dict]:
    """Rates per station, round or term over the given (already scoped) items."""
    key, label = GROUPINGS[by]
    rows = items.order_by().values(key, label).annotate(**rate_aggregates(today)).order_by(key)
    return [_with_rates({"key": row.pop(key), "label": row.pop(label), **row}) for row in rows]


def totals(items, today=None) -> dict:
    return _with_rates(items.order_by().aggregate(**rate_aggregates(today)))
