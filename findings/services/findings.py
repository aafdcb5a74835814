"""Findings: logging, editing, sign-off (deputy reviews, leader approves), return to draft,
and the rectification app's entry points."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from findings.models import Finding, PaperStatus
from findings.services._common import acting, set_related
from findings.transitions import FINDING_FLOW
from inspection.permissions import require

SOURCE_FIELDS = ("disciplines", "petitions", "talks", "document_requests")


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


@transaction.atomic
def create_finding(user, station, relations=None, **fields) -> Finding:
    """A member of the station's group logs a finding (a draft)."""
    require(user, "findings.log_finding", station, _("只有本组成员可以执行此操作。"))
    finding = Finding(station=station, created_by=user, **fields)
    _validate_finding(finding)
    finding.save()
    set_related(finding, relations or {}, SOURCE_FIELDS)
    return finding


def update_finding(user, finding, relations=None, **fields) -> Finding:
    """Edit a draft finding (a finding never moves between stations)."""
    fields.pop("station", None)
    with FINDING_FLOW.run("edit", user, finding) as finding:
        for name, value in fields.items():
            setattr(finding, name, value)
        _validate_finding(finding)
        set_related(finding, relations or {}, SOURCE_FIELDS)
    return finding


def review_finding(user, finding) -> Finding:
    with FINDING_FLOW.run("review", user, finding) as finding:
        finding.reviewed_by = user
    return finding


def approve_finding(user, finding) -> Finding:
    """The leader approves a reviewed finding backed by a signed working paper."""
    with FINDING_FLOW.run("approve", user, finding) as finding:
        if not finding.working_papers.filter(status=PaperStatus.SIGNED).exists():
            raise ValidationError(
                {"working_papers": [_("至少须有一份经组长签字的问题底稿，才能审定该问题。")]}
            )
        finding.approved_by = user
    return finding


def return_finding(user, finding) -> Finding:
    """Send a reviewed or approved (not yet reported) finding back to draft for rework."""
    with FINDING_FLOW.run("return", user, finding) as finding:
        if finding.report_id is not None:
            raise ValidationError({"status": [_("该问题已编入巡视报告，不能退回。")]})
        finding.reviewed_by = finding.approved_by = None
    return finding


# Rectification moves fed-back findings on; these are its entry points.


def start_rectifying(user, findings) -> int:
    """Fed-back findings now under rectification (the rectification app's entry point)."""
    return _move(user, findings, "start_rectifying")


def mark_rectified(user, findings) -> int:
    """Findings whose rectification was verified (every item closed) are rectified."""
    return _move(user, findings, "mark_rectified")


@transaction.atomic
def _move(user, findings, name) -> int:
    """Those of `findings` still in a source state move on; the others are left alone."""
    source = FINDING_FLOW[name].source
    pks = [f.pk for f in findings]
    movable = list(
        Finding.objects.select_for_update()
        .filter(pk__in=pks, status__in=source)
        .select_related("station")
        .order_by("pk")
    )
    with acting(user), FINDING_FLOW.run_many(name, user, movable) as rows:
        return len(rows)
