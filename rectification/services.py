"""Rectification rules and transitions: plans, items, progress, close-out, letters, rates.

Every service takes the acting user first. State changes run a declared transition of
rectification.transitions (lock, permission, state); other writes ask one permission of
rectification.permissions and lock the row they change. Findings move only through
findings.services (`start_rectifying`, `mark_rectified`).
"""

import datetime
import hashlib
import mimetypes

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from findings import services as findings_services
from findings.models import FED_BACK_STATUSES, Finding, FindingStatus
from inspection.audit.registry import log_bulk_update
from inspection.dates import add_months
from inspection.documents import DocumentSpec, render_docx
from inspection.numbering import format_number, next_number
from inspection.permissions import require
from inspection.uploads import check_upload
from inspection.validation import check_count, control_character_in
from inspection.workflow import StateConflict
from rectification.models import (
    Evidence,
    ItemResult,
    ItemStatus,
    LetterKind,
    ProgressReport,
    RectificationItem,
    RectificationPlan,
    SupervisionLetter,
    closed_q,
    completed_q,
    overdue_q,
)
from rectification.transitions import ISSUE_LETTER, ITEM_FLOW, PLAN_FLOW
from tours.models import Station

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

UNIT_REFUSAL = PLAN_FLOW["submit"].refusal


def plan_deadlines(feedback_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(plan due, rectification report due) counted from the feedback date (DESIGN §4)."""
    return (
        add_months(feedback_on, settings.RECTIFICATION_PLAN_MONTHS),
        add_months(feedback_on, settings.RECTIFICATION_REPORT_MONTHS),
    )


def _today():
    return timezone.localdate()


def _required(value, field, message) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [message]})
    return value


# ---- plans -----------------------------------------------------------------------------


def open_plan(user, station) -> RectificationPlan:
    """The station's plan, created with its deadlines once feedback has been given."""
    require(user, "rectification.open_plan", station, UNIT_REFUSAL)
    with transaction.atomic():
        # One plan per station: the station row serialises concurrent openings.
        station = Station.objects.select_for_update().get(pk=station.pk)
        if station.feedback_on is None:
            raise ValidationError({"feedback_on": [_("尚未反馈，不能开始整改。")]})
        plan = RectificationPlan.objects.filter(station=station).first()
        if plan is None:
            plan_due, report_due = plan_deadlines(station.feedback_on)
            plan = RectificationPlan.objects.create(
                station=station, due_on=plan_due, report_due_on=report_due
            )
    return plan


def submit_plan(user, plan, summary: str) -> RectificationPlan:
    with PLAN_FLOW.run("submit", user, plan) as plan:
        summary = _required(summary, "summary", _("请填写整改方案。"))
        uncovered = (
            Finding.objects.fed_back()
            .filter(station_id=plan.station_id)
            .exclude(rectification_items__isnull=False)
            .values_list("title", flat=True)
        )
        if uncovered:
            titles = _("；").join(uncovered)
            raise ValidationError(
                {"items": [_("以下问题尚未分解整改任务：%(titles)s") % {"titles": titles}]}
            )
        plan.summary = summary
        plan.submitted_at = timezone.now()
    return plan


def approve_plan(user, plan) -> RectificationPlan:
    with PLAN_FLOW.run("approve", user, plan) as plan:
        plan.reviewed_at = timezone.now()
    return plan


def return_plan(user, plan, reason: str = "") -> RectificationPlan:
    with PLAN_FLOW.run("return", user, plan) as plan:
        plan.return_reason = _required(reason, "reason", _("退回时请说明理由。"))
        plan.return_count += 1
        plan.reviewed_at = timezone.now()
    return plan


def review_plan(user, plan, approve: bool, reason: str = "") -> RectificationPlan:
    return approve_plan(user, plan) if approve else return_plan(user, plan, reason)


def submit_report(user, plan, text: str) -> RectificationPlan:
    with PLAN_FLOW.run("report", user, plan) as plan:
        if plan.report_submitted_on is not None:
            raise StateConflict(_("整改情况报告已报送。"), obj=plan)
        plan.report_text = _required(text, "text", _("请填写整改情况报告。"))
        plan.report_submitted_on = _today()
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


def create_item(user, finding, **data) -> RectificationItem:
    """Break a fed-back finding into an item; the finding moves on to rectifying."""
    require(user, "rectification.add_item", finding, UNIT_REFUSAL)
    with transaction.atomic():
        finding = Finding.objects.select_for_update().select_related("station").get(pk=finding.pk)
        station = finding.station
        if finding.status not in FED_BACK_STATUSES:
            raise ValidationError({"finding": [_("只能对已反馈的问题制定整改任务。")]})
        data["measures"] = _required(data.get("measures"), "measures", _("请填写整改措施。"))
        if not data.get("deadline"):
            raise ValidationError({"deadline": [_("请填写完成时限。")]})
        if station.feedback_on and data["deadline"] < station.feedback_on:
            raise ValidationError({"deadline": [_("完成时限不能早于反馈日期。")]})
        responsible = data.get("responsible_user")
        if responsible is not None and not (
            responsible.is_active and responsible.unit_id == station.unit_id
        ):
            raise ValidationError({"responsible_user": [_("责任人须为本单位的有效用户。")]})
        plan = open_plan(user, station)
        fields = {key: data[key] for key in ITEM_FIELDS if key in data}
        fields["original_deadline"] = fields["deadline"]
        item = RectificationItem(station=station, finding=finding, plan=plan, **fields)
        item.full_clean(exclude=["station", "finding", "plan", "responsible_user"])
        item.save()
        if finding.status == FindingStatus.FED_BACK:
            findings_services.start_rectifying(user, [finding])
    return item


def validate_evidence(upload):
    return check_upload(
        upload,
        field="evidence",
        types=EVIDENCE_TYPES,
        max_bytes=settings.RECTIFICATION_EVIDENCE_MAX_BYTES,
    )


def report_progress(user, item, text: str, files=()) -> ProgressReport:
    """Progress with evidence; an open item is now in progress."""
    files = list(files or ())
    with ITEM_FLOW.run("progress", user, item) as item:
        text = _required(text, "text", _("请填写进展情况。"))
        check_count(files, "files", "evidence")
        types = [validate_evidence(upload) for upload in files]  # all checked before storing
        progress = ProgressReport(item=item, text=text, reported_by=user)
        progress.full_clean(exclude=["item", "reported_by"])
        progress.save()
        for upload, content_type in zip(files, types, strict=True):
            digest = hashlib.sha256()
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            Evidence.objects.create(
                progress=progress,
                file=upload,
                original_name=_printable(upload.name)[:200],
                content_type=content_type or mimetypes.guess_type(upload.name)[0] or "",
                size=upload.size,
                sha256=digest.hexdigest(),
            )
    return progress


def _printable(name: str) -> str:
    while (char := control_character_in(name)) is not None:
        name = name.replace(char, "")
    return name or "file"


def request_closure(user, item) -> RectificationItem:
    with ITEM_FLOW.run("request_closure", user, item) as item:
        if not item.progress_reports.exists():
            raise ValidationError({"progress": [_("申请销号前请先报送整改进展和佐证材料。")]})
        item.closure_requested_on = _today()
    return item


def approve_closure(user, item, result: str) -> RectificationItem:
    """Close the item; when it was its finding's last open item, the finding is rectified."""
    with ITEM_FLOW.run("approve_closure", user, item) as item:
        if result not in ItemResult.values:
            raise ValidationError({"result": [_("请选择整改结果。")]})
        item.result = result
        item.closed_on = _today()
        # The finding's row serialises the close-outs of its items: the last one moves it.
        finding = Finding.objects.select_for_update().get(pk=item.finding_id)
        others_open = finding.rectification_items.exclude(pk=item.pk).exclude(closed_q())
        if not others_open.exists():
            findings_services.mark_rectified(user, [finding])
    return item


def return_closure(user, item, reason: str) -> RectificationItem:
    with ITEM_FLOW.run("return_closure", user, item) as item:
        item.return_reason = _required(reason, "reason", _("退回时请说明理由。"))
        item.return_count += 1
        item.closure_requested_on = None
    return item


# ---- letters ---------------------------------------------------------------------------

LETTER_PREFIX = {LetterKind.SUPERVISION: "巡整督", LetterKind.REMINDER: "巡整提"}


def issue_letter(user, station, kind, items, body, new_deadline=None) -> SupervisionLetter:
    """A numbered letter; a supervision letter moves its items' deadline to the new one.

    Everything is checked before the number is drawn, so a refused letter consumes none.
    """
    require(user, ISSUE_LETTER.permission, station, ISSUE_LETTER.refusal)
    today = _today()
    if kind not in LetterKind.values:
        raise ValidationError({"kind": [_("请选择函件类型。")]})
    items = list(items)
    check_count(items, "items_per_letter", "items")
    if not items:
        raise ValidationError({"items": [_("请选择涉及的整改任务。")]})
    body = _required(body, "body", _("请填写正文。"))
    if kind == LetterKind.SUPERVISION and (new_deadline is None or new_deadline <= today):
        raise ValidationError({"new_deadline": [_("督办函须给出晚于今天的新完成时限。")]})
    with transaction.atomic():
        locked = list(
            RectificationItem.objects.select_for_update()
            .filter(pk__in=[item.pk for item in items])
            .order_by("pk")
        )
        if len(locked) != len({item.pk for item in items}) or any(
            item.station_id != station.pk for item in locked
        ):
            raise ValidationError({"items": [_("整改任务必须属于同一进驻。")]})
        if any(item.status == ItemStatus.CLOSED for item in locked):
            raise ValidationError({"items": [_("已销号的整改任务不能再发函。")]})
        letter = SupervisionLetter(
            kind=kind,
            station=station,
            number="-",
            year=today.year,
            body=body,
            new_deadline=new_deadline if kind == LetterKind.SUPERVISION else None,
            issued_on=today,
            issued_by=user,
        )
        letter.full_clean(exclude=["station", "number", "issued_by", "items"])
        year = today.year
        letter.number = format_number(
            LETTER_PREFIX[kind], year, next_number(f"rectification:{kind}", year)
        )
        letter.save()
        letter.items.set(locked)
        if kind == LetterKind.SUPERVISION:
            before = {item.pk: {"deadline": item.deadline} for item in locked}
            RectificationItem.objects.filter(pk__in=before).update(deadline=new_deadline)
            for item in locked:
                item.deadline = new_deadline
            log_bulk_update(locked, before, ["deadline"], actor=user)
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
    closed = closed_q(prefix)
    pk = f"{prefix}id"
    return {
        "total": Count(pk),
        "completed": Count(pk, filter=completed_q(prefix)),
        "closed": Count(pk, filter=closed),
        "closed_on_time": Count(
            pk,
            filter=closed & Q(**{f"{prefix}closed_on__lte": F(f"{prefix}original_deadline")}),
        ),
        "overdue": Count(pk, filter=overdue_q(today, prefix)),
        "returned_repeatedly": Count(pk, filter=Q(**{f"{prefix}return_count__gt": 1})),
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
