"""The reminder sweep and the daily digest.

Exactly once, whatever runs it and how often:
- a reminder is keyed by (rule, object, tier) and a notification by (reminder, recipient);
  both are inserted with ON CONFLICT DO NOTHING, so a re-run, a retried task or two
  concurrent sweeps add nothing the first one added (the second waits on the unique index
  until the first commits, then skips);
- the sweep commits in batches (`REMINDER_SWEEP_BATCH` due objects of one rule), each with
  the day's cursor on its `SweepRun` row: work done before a crash stays done and a rerun
  continues from the cursor; the digest is queued once the day's last batch committed;
- a digest row per (person, day) is claimed with a conditional UPDATE before its email is
  sent, so only one process ever sends it; a failed send releases the claim for a retry.
"""

import datetime
import logging
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from inspection.notifications.models import Digest, Notification, Reminder, SweepRun
from inspection.notifications.rules import DeadlineRule, registered_rules

logger = logging.getLogger(__name__)


@dataclass
class SweepResult:
    selected: int = 0  # due objects read, over all rules
    reminders: int = 0  # reminder keys computed (new or already present)
    notifications: int = 0
    batches: int = 0  # batches committed by this call
    finished: bool = False  # False: stopped on its budget, the rest is still to do


def due_filter(rule: DeadlineRule, today: datetime.date) -> Q:
    """Only the deadlines that fall due today: a date range plus a few exact days, indexed."""
    counter, tiers = rule.counter(), rule.effective_tiers()
    (low, high), exact = tiers.offsets()
    field = rule.due_field
    query = Q(**{f"{field}__range": (counter.shift(today, low), counter.shift(today, high))})
    if exact:
        query |= Q(**{f"{field}__in": [counter.shift(today, n) for n in exact]})
    return query


def _reason(rule, tier, due_on, escalated=False, note="", days_left=0):
    if escalated:
        text = _("%(reason)s已逾期，请督促办理") % {"reason": rule.reason}
        return f"{text}（{note}）" if note else text
    if tier.startswith("before-"):
        return _("%(reason)s将于%(due)s到期") % {"reason": rule.reason, "due": due_on}
    if tier == "due" and days_left >= 0:
        return _("%(reason)s已到期（%(due)s）") % {"reason": rule.reason, "due": due_on}
    return _("%(reason)s已逾期（期限%(due)s）") % {"reason": rule.reason, "due": due_on}


def _plan(rule: DeadlineRule, today: datetime.date, objects) -> list:
    """[(reminder fields, recipient ids)] for the given objects of one rule, due today."""
    counter, tiers = rule.counter(), rule.effective_tiers()
    planned = []
    for due in rule.describe(objects):
        days_left = counter.between(today, due.due_on)
        tier = tiers.tier_for(days_left)
        if tier is None:
            continue
        # The deadline is part of the tier key: a deadline moved by a supervision letter
        # starts its tiers afresh, a re-run on the same deadline adds nothing.
        stamp = due.due_on.strftime("%Y%m%d")
        base = {"rule": rule.key, "object_id": due.object_id, "due_on": due.due_on}
        base |= {"case_label": due.case_label[:300], "url": due.url}
        reason = _reason(rule, tier, due.due_on, days_left=days_left)
        planned.append(({**base, "tier": f"{tier}@{stamp}", "reason": reason}, due.recipients))
        if tiers.escalates(days_left) and due.escalation:
            reason = _reason(rule, tier, due.due_on, escalated=True, note=due.note)
            planned.append(
                ({**base, "tier": f"escalated@{stamp}", "reason": reason}, due.escalation)
            )
    return planned


def sweep_finished(day: datetime.date) -> bool:
    return SweepRun.objects.filter(day=day, finished_at__isnull=False).exists()


def sweep(
    today: datetime.date | None = None,
    rules=None,
    after_commit=None,
    batch_size: int | None = None,
    budget: float | None = None,
) -> SweepResult:
    """Create today's reminders and notifications, committing batch by batch.

    Each batch (at most `batch_size` due objects of one rule) commits its rows together with
    the day's cursor, so a sweep that dies keeps what it committed and the next one continues
    after the cursor. Once the day is finished, a sweep of that day starts from the beginning
    again (adding nothing already there). With `budget` (seconds) the sweep stops after the
    batch that exhausted it and says `finished=False`: the caller queues the rest.

    `after_commit` (e.g. queueing the digest task) runs once the day's last batch committed,
    so no email ever announces a reminder that was rolled back. Explicit `rules` sweep only
    those and leave the day's progress alone.
    """
    today = today or timezone.localdate()
    size = batch_size or settings.REMINDER_SWEEP_BATCH
    started = time.monotonic()
    result = SweepResult()
    run = None
    if rules is None:
        rules = registered_rules()
        SweepRun.objects.bulk_create([SweepRun(day=today)], ignore_conflicts=True)
        SweepRun.objects.filter(day=today).update(runs=F("runs") + 1)
        run = SweepRun.objects.get(day=today)
    for rule in rules:
        after = 0
        if run is not None and run.finished_at is None:
            if rule.key < run.rule:
                continue  # committed by an earlier run of this day
            after = run.after_id if rule.key == run.rule else 0
        ids = sorted(
            rule.queryset()
            .filter(due_filter(rule, today), pk__gt=after)
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), size):
            if budget is not None and result.batches and time.monotonic() - started > budget:
                return result
            chunk = ids[start : start + size]
            with transaction.atomic():
                # Read again: an object closed since the ids were read gets no reminder.
                objects = list(rule.queryset().filter(due_filter(rule, today), pk__in=chunk))
                planned = _plan(rule, today, objects)
                result.notifications += _store(planned)
                if run is not None:
                    _advance(run, rule.key, chunk[-1], len(objects))
            result.selected += len(objects)
            result.reminders += len(planned)
            result.batches += 1
    result.finished = True
    if run is not None:
        SweepRun.objects.filter(pk=run.pk, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )
    if after_commit is not None:
        transaction.on_commit(after_commit)
    return result


def _advance(run, rule_key: str, last_id: int, selected: int):
    """Move the day's cursor forward (never back: a concurrent sweep may be ahead)."""
    ahead = Q(rule__lt=rule_key) | Q(rule=rule_key, after_id__lt=last_id)
    SweepRun.objects.filter(ahead, pk=run.pk).update(
        rule=rule_key,
        after_id=last_id,
        batches=F("batches") + 1,
        selected=F("selected") + selected,
        updated_at=timezone.now(),
    )


def _store(planned) -> int:
    if not planned:
        return 0
    Reminder.objects.bulk_create(
        [Reminder(**fields) for fields, _recipients in planned], ignore_conflicts=True
    )
    # Read back the ids (ours or another sweep's) by key, per rule, in one query each.
    keys_by_rule = defaultdict(set)
    for fields, _recipients in planned:
        keys_by_rule[fields["rule"]].add(fields["object_id"])
    ids = {}
    for rule, object_ids in keys_by_rule.items():
        rows = Reminder.objects.filter(rule=rule, object_id__in=object_ids).values_list(
            "id", "rule", "object_id", "tier"
        )
        ids |= {(r, o, t): pk for pk, r, o, t in rows}
    notifications = {
        (ids[(f["rule"], f["object_id"], f["tier"])], user_id)
        for f, recipients in planned
        for user_id in recipients
    }
    Notification.objects.bulk_create(
        [Notification(reminder_id=r, recipient_id=u) for r, u in notifications],
        ignore_conflicts=True,
    )
    return len(notifications)


# ---- digests ---------------------------------------------------------------------------

STALE_CLAIM = datetime.timedelta(minutes=30)


def _claim_digests(day, token) -> list[int]:
    """Create today's digest rows for everyone with unmailed notifications; claim them."""
    pending = (
        Notification.objects.filter(emailed_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    Digest.objects.bulk_create(
        [Digest(recipient_id=pk, day=day) for pk in pending], ignore_conflicts=True
    )
    now = timezone.now()
    # A claim whose process died (no send within STALE_CLAIM) may be taken over.
    open_claim = Q(claimed_by__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM)
    Digest.objects.filter(open_claim, day=day, sent_at__isnull=True).update(
        claimed_by=token, claimed_at=now
    )
    return list(
        Digest.objects.filter(day=day, claimed_by=token, sent_at__isnull=True).values_list(
            "recipient_id", flat=True
        )
    )


def digest_text(user, notifications) -> tuple[str, str]:
    subject = _("巡视巡察提醒：%(count)d 项待办") % {"count": len(notifications)}
    lines = [_("%(name)s，您好：") % {"name": user.display_name}, ""]
    for item in notifications:
        reminder = item.reminder
        lines.append(
            _("· %(case)s —— %(reason)s（期限：%(due)s）")
            % {"case": reminder.case_label, "reason": reminder.reason, "due": reminder.due_on}
        )
    lines += ["", _("请登录系统查看详情。")]
    return subject, "\n".join(lines)


# A sweep that made no progress for this long is taken for dead: the digest goes without it.
SWEEP_STALL = datetime.timedelta(minutes=10)


def sweep_running(day) -> bool:
    """True while the day's sweep has started, is not finished, and still makes progress."""
    stalled = timezone.now() - SWEEP_STALL
    return SweepRun.objects.filter(
        day=day, finished_at__isnull=True, updated_at__gte=stalled
    ).exists()


def send_digests(day: datetime.date | None = None, budget: float | None = None) -> dict:
    """Send each claimed person's digest.

    Returns {"sent": emails, "failed": [user ids], "more": bool, "deferred": bool}.
    Everything not yet mailed goes in, so a notification created after a person's digest of
    the day was sent is in their next one. While the day's sweep is still running, nothing is
    sent (`deferred`): the sweep queues the digest when it finishes, so one email carries the
    whole day. Users without an email address are skipped for the day and their notifications
    stay unmailed: office staff see them listed (`unmailed_recipients`) and they go out in the
    first digest after an address is entered. With `budget` (seconds), the claims left when
    it runs out are released and `more` says the caller should queue the rest.
    """
    day = day or timezone.localdate()
    if sweep_running(day):
        return {"sent": 0, "failed": [], "more": False, "deferred": True}
    started = time.monotonic()
    token = uuid.uuid4().hex
    recipients = _claim_digests(day, token)
    users = get_user_model().objects.in_bulk(recipients)
    by_user = defaultdict(list)
    rows = Notification.objects.filter(
        recipient_id__in=recipients, emailed_at__isnull=True
    ).select_related("reminder")
    for row in rows.order_by("reminder__due_on", "id"):
        by_user[row.recipient_id].append(row)
    sent, failed, more = 0, [], False
    for index, user_id in enumerate(recipients):
        if budget is not None and index and time.monotonic() - started > budget:
            Digest.objects.filter(
                recipient_id__in=recipients[index:], day=day, claimed_by=token
            ).update(claimed_by=None, claimed_at=None)
            more = True
            break
        outcome = _send_one(day, token, users[user_id], by_user.get(user_id, []))
        if outcome is None:
            failed.append(user_id)
        sent += bool(outcome)
    return {"sent": sent, "failed": failed, "more": more, "deferred": False}


def _send_one(day, token, user, rows) -> bool | None:
    """True: mailed; False: nothing to mail; None: failed and released for a retry."""
    digest = Digest.objects.filter(recipient=user, day=day, claimed_by=token)
    if not user.email:
        # Nowhere to mail it: the day is done for this person, the notifications stay
        # unmailed (listed to the office) until an address is entered.
        digest.update(sent_at=timezone.now())
        return False
    if not rows:
        digest.update(sent_at=timezone.now())
        return False
    subject, body = digest_text(user, rows)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:
        logger.exception("digest for user %s failed; released for a retry", user.pk)
        digest.update(claimed_by=None, claimed_at=None)
        Digest.objects.filter(recipient=user, day=day).update(attempts=F("attempts") + 1)
        return None
    with transaction.atomic():
        digest.update(sent_at=timezone.now())
        Notification.objects.filter(pk__in=[r.pk for r in rows]).update(emailed_at=timezone.now())
    return True


def unmailed_recipients():
    """Active users without an email address who have notifications no email carried.

    Each with `unmailed` (how many) and `oldest` (when the first was created), oldest first.
    """
    return (
        get_user_model()
        .objects.filter(is_active=True, email="", notifications__emailed_at__isnull=True)
        .annotate(unmailed=Count("notifications"), oldest=Min("notifications__created_at"))
        .select_related("unit")
        .order_by("oldest", "pk")
    )


def mark_read(user, pks=None) -> int:
    rows = Notification.objects.visible_to(user).unread()
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    return rows.update(read_at=timezone.now())


# ---- alerts ----------------------------------------------------------------------------


def alert(recipients, *, rule, object_id, tier, label, reason, url="") -> int:
    """An inbox notice that is not a deadline (a reveal, a limit reached), told at once.

    Stored like a reminder keyed (rule, object, tier), so the same alert is never told twice
    (a tier such as the day makes "once a day"); it reaches the day's digest email too.
    Returns the number of new notifications.
    """
    recipients = set(recipients)
    if not recipients:
        return 0
    fields = {"rule": rule, "object_id": object_id, "tier": tier}
    with transaction.atomic():
        Reminder.objects.bulk_create(
            [
                Reminder(
                    **fields,
                    due_on=timezone.localdate(),
                    case_label=str(label)[:300],
                    reason=str(reason)[:500],
                    url=url[:300],
                )
            ],
            ignore_conflicts=True,
        )
        reminder = Reminder.objects.get(**fields)
        before = Notification.objects.filter(reminder=reminder).count()
        Notification.objects.bulk_create(
            [Notification(reminder=reminder, recipient_id=pk) for pk in recipients],
            ignore_conflicts=True,
        )
        return Notification.objects.filter(reminder=reminder).count() - before
