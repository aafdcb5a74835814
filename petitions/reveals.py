"""Reporter protection: reveals, the office's list of purposes, limits and alerts.

A reporter's identity, and the fact that two petitions come from the same reporter, are
learnt only here (docs/security.md, "Reporter protection"):

- a reveal names a purpose from the office's list (`RevealReason`) and explains it in at
  least MIN_EXPLANATION letters (CJK characters count, punctuation, spaces, digits and
  invisible characters do not);
- every reveal is a `RevealLog` row and an inbox notice to the office's supervisors of the
  revealing user (`inspection.notifications.recipients.office_supervisors`);
- at most REVEAL_DAILY_LIMIT reveals per user and Beijing day; the next one is refused and
  the supervisors are alerted (once a day);
- registering petitions that carry a reporter's identity is limited to REPORTER_PROBE_LIMIT
  per user in REPORTER_PROBE_WINDOW_MINUTES; beyond it the registration is refused and the
  supervisors are alerted (once a window).
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from inspection import crypto
from inspection.notifications.recipients import office_supervisors
from inspection.notifications.services import alert
from inspection.permissions import may, require
from petitions.duplicates import same_reporter_ids
from petitions.models import (
    Petition,
    ReporterIdentity,
    RevealKind,
    RevealLog,
    RevealReason,
)

MIN_EXPLANATION = 4

# The office's first list (seeded by migration 0006; the office keeps it afterwards).
DEFAULT_REASONS = ("核实举报内容需联系举报人", "实名举报答复", "举报人保护需要", "上级机关调阅")


def seed_default_reasons():
    """Make sure the first list exists (after a database flush, e.g. in tests)."""
    for position, name in enumerate(DEFAULT_REASONS, start=1):
        RevealReason.objects.get_or_create(name=name, defaults={"position": position})


def meaningful_length(text: str) -> int:
    """Letters (Chinese characters included) in `text`; nothing else makes a reason."""
    return sum(1 for ch in text or "" if ch.isalpha())


def _check_reason(purpose, reason: str) -> str:
    errors = {}
    if not isinstance(purpose, RevealReason) or not purpose.is_active:
        errors["purpose"] = [_("请从巡视办确定的事由中选择查看事由。")]
    reason = (reason or "").strip()
    if meaningful_length(reason) < MIN_EXPLANATION:
        errors["reason"] = [
            _("请具体说明查看的理由（至少%(n)d个汉字或字母，标点和空白不计）。")
            % {"n": MIN_EXPLANATION}
        ]
    if errors:
        raise ValidationError(errors)
    RevealLog(reason=reason).clean_fields(exclude=["petition", "user", "purpose", "kind"])
    return reason


def _today_start():
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))


def daily_limit() -> int:
    return settings.REVEAL_DAILY_LIMIT


def reveals_today(user) -> int:
    return RevealLog.objects.filter(user=user, revealed_at__gte=_today_start()).count()


def _refuse_over_limit(user):
    """Tell the supervisors (once a day), then refuse: the alert outlives the refusal."""
    today = timezone.localdate()
    alert(
        office_supervisors(user),
        rule="reveal-limit",
        object_id=user.pk,
        tier=today.isoformat(),
        label=_("举报人身份查看超出每日上限"),
        reason=_("%(user)s 今日查看举报人信息已达 %(n)d 次，再次查看已被阻止。")
        % {"user": user.display_name, "n": daily_limit()},
        url=reverse("petitions:reveal-log") + f"?user={user.pk}&date_from={today}",
    )
    raise PermissionDenied(
        _("您今日查看举报人信息已达上限（%(n)d 次），请明日再办或联系巡视办负责同志。")
        % {"n": daily_limit()}
    )


def _log(user, petition, kind, purpose, reason) -> RevealLog | None:
    """Record the reveal and tell the supervisors; inside the caller's transaction.

    The user's row is locked first, so concurrent reveals by one user are counted one after
    the other against the daily limit.
    """
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if reveals_today(user) >= daily_limit():
        return None
    log = RevealLog.objects.create(
        petition=petition, user=user, kind=kind, purpose=purpose, reason=reason
    )
    what = RevealKind(kind).label
    alert(
        office_supervisors(user),
        rule="reveal",
        object_id=log.pk,
        tier="reveal",
        label=_("%(number)s 举报人信息被查看") % {"number": petition.number},
        # The explanation stays in the report: this text also goes out in the digest email.
        reason=_("%(user)s 查看了%(what)s（事由：%(purpose)s）")
        % {"user": user.display_name, "what": what, "purpose": purpose.name},
        url=reverse("petitions:reveal-log") + f"?user={user.pk}",
    )
    return log


def _reveal(user, petition, kind, purpose, reason):
    require(user, "petitions.reveal", petition, _("您无权查看举报人身份。"))
    reason = _check_reason(purpose, reason)
    identity = ReporterIdentity.objects.filter(petition=petition).first()
    if identity is None:
        raise ValidationError({"reason": [_("该信访件为匿名举报，没有举报人身份信息。")]})
    with transaction.atomic():
        log = _log(user, petition, kind, purpose, reason)
    if log is None:
        _refuse_over_limit(user)
    return identity


def reveal_identity(user, petition, purpose=None, reason: str = "") -> dict:
    """Decrypt the reporter's identity for a permitted user, logging who, when and why."""
    identity = _reveal(user, petition, RevealKind.IDENTITY, purpose, reason)
    return {
        "name": crypto.decrypt(identity.name_enc),
        "phone": crypto.decrypt(identity.phone_enc),
        "id_number": crypto.decrypt(identity.id_number_enc),
        "address": crypto.decrypt(identity.address_enc),
        "work_unit": crypto.decrypt(identity.work_unit_enc),
    }


# ---------------------------------------------------------------- same reporter


def _revealable_matches(user, petition) -> list[int]:
    ids = same_reporter_ids(petition, Petition.objects.visible_to(user))
    found = Petition.objects.filter(pk__in=ids).select_related("station")
    return [p.pk for p in found if may(user, "petitions.reveal", p)]


def same_reporter_count(user, petition) -> int | None:
    """How many other petitions the user may reveal come from this petition's reporter.

    None for everyone who may not reveal the petition, and for the user who registered it:
    whoever typed the identity could otherwise try names and read the count as an answer.
    """
    if not petition.is_named or petition.registered_by_id == user.pk:
        return None
    if not may(user, "petitions.reveal", petition):
        return None
    return len(_revealable_matches(user, petition))


def reveal_same_reporter(user, petition, purpose=None, reason: str = "") -> dict:
    """The other petitions from the same reporter, as a logged reveal."""
    _reveal(user, petition, RevealKind.SAME_REPORTER, purpose, reason)
    rows = Petition.objects.filter(pk__in=_revealable_matches(user, petition)).order_by(
        "-received_at", "-id"
    )
    return {"petitions": list(rows)}


# ---------------------------------------------------------------- probing


def check_probe_limit(user):
    """Refuse a registration carrying an identity beyond the user's budget, and alert."""
    window = datetime.timedelta(minutes=settings.REPORTER_PROBE_WINDOW_MINUTES)
    since = timezone.now() - window
    recent = Petition.objects.filter(
        registered_by=user, registered_at__gte=since, reporter__isnull=False
    ).count()
    if recent < settings.REPORTER_PROBE_LIMIT:
        return
    minutes = settings.REPORTER_PROBE_WINDOW_MINUTES
    slot = int(timezone.now().timestamp() // window.total_seconds())
    with transaction.atomic():
        alert(
            office_supervisors(user),
            rule="reporter-probe",
            object_id=user.pk,
            tier=str(slot),
            label=_("短时间内大量登记举报人身份信息"),
            reason=_("%(user)s 在 %(m)d 分钟内登记了 %(n)d 件含举报人身份信息的信访件，已被暂停。")
            % {"user": user.display_name, "m": minutes, "n": recent},
        )
    raise ValidationError(
        {
            "reporter": [
                _("您在 %(m)d 分钟内登记的实名信访件已达 %(n)d 件，请稍后再登记或联系巡视办。")
                % {"m": minutes, "n": settings.REPORTER_PROBE_LIMIT}
            ]
        }
    )


# ---------------------------------------------------------------- the office's list


def _manage_refused():
    return _("只有巡视办工作人员可以维护查看事由。")


def add_reveal_reason(user, *, name: str) -> RevealReason:
    require(user, "petitions.manage_reveal_reasons", None, _manage_refused())
    name = (name or "").strip()
    if meaningful_length(name) < 2:
        raise ValidationError({"name": [_("请填写事由。")]})
    reason = RevealReason(name=name)
    reason.position = (
        RevealReason.objects.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    try:
        reason.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    reason.save()
    return reason


def set_reveal_reason_active(user, reason: RevealReason, *, active: bool) -> RevealReason:
    """Retire a purpose (or bring it back); used ones stay in the log, so none is deleted."""
    require(user, "petitions.manage_reveal_reasons", reason, _manage_refused())
    with transaction.atomic():
        reason = RevealReason.objects.select_for_update().get(pk=reason.pk)
        reason.is_active = bool(active)
        reason.save(update_fields=["is_active"])
    return reason
