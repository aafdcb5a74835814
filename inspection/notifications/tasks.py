"""Thin Celery tasks for the reminder engine (beat runs them daily).

Both tasks work in slices of `REMINDER_TASK_BUDGET` seconds and queue a continuation for the
rest, so no run comes near the task time limits and a warm shutdown waits for one slice at
most: the continuation waits in the queue for the next worker. A worker that starts re-queues
the sweep of the last scheduled day if that day is not finished (`recover_sweep`).
"""

import datetime
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings
from django.db import connections
from django.utils import timezone

from inspection.notifications import services

logger = logging.getLogger(__name__)


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


def _queue_options(task) -> dict:
    # Follow-ups go to the queue the task came from (a dedicated queue stays private).
    queue = (task.request.delivery_info or {}).get("routing_key")
    return {"queue": queue} if queue else {}


@shared_task(
    bind=True,
    name="notifications.run_reminder_sweep",
    max_retries=3,
)
def run_reminder_sweep(self, today: str | None = None) -> dict:
    day = _day(today) or timezone.localdate()
    options = _queue_options(self)

    def queue_digest():
        send_daily_digests.apply_async(kwargs={"day": day.isoformat()}, **options)

    def queue_rest():
        run_reminder_sweep.apply_async(kwargs={"today": day.isoformat()}, **options)

    if services.sweep_finished(day):
        # A redelivered or recovered message for a finished day: nothing left to do.
        return {"day": day.isoformat(), "finished": True, "batches": 0}
    try:
        result = services.sweep(
            day, after_commit=queue_digest, budget=settings.REMINDER_TASK_BUDGET
        )
    except SoftTimeLimitExceeded:
        # The batch in progress rolled back; the committed ones stay. Hand the rest on.
        queue_rest()
        return {"day": day.isoformat(), "finished": False, "batches": None}
    except Exception as exc:  # a deadlock or a lost connection: continue from the cursor
        raise self.retry(exc=exc, countdown=settings.TASK_RETRY_DELAY) from exc
    if not result.finished:
        queue_rest()
    return {
        "day": day.isoformat(),
        "finished": result.finished,
        "batches": result.batches,
        "selected": result.selected,
        "notifications": result.notifications,
    }


@shared_task(
    bind=True,
    name="notifications.send_daily_digests",
    max_retries=5,
)
def send_daily_digests(self, day: str | None = None) -> dict:
    day = (_day(day) or timezone.localdate()).isoformat()
    try:
        outcome = services.send_digests(_day(day), budget=settings.REMINDER_TASK_BUDGET)
    except SoftTimeLimitExceeded:
        # Claims of this run go stale and are taken over (services.STALE_CLAIM); the next
        # run of the day, or the next day's digest, sends what is left.
        logger.warning("daily digest stopped by its time limit; the rest follows later")
        return {"sent": None, "stopped": True}
    if outcome["more"]:
        send_daily_digests.apply_async(kwargs={"day": day}, **_queue_options(self))
    if outcome["failed"]:
        raise self.retry(countdown=settings.TASK_RETRY_DELAY)
    return outcome


def last_scheduled_sweep_day(now=None) -> datetime.date | None:
    """The local day of the sweep schedule's latest run time up to now, within a week.

    None when beat does not schedule the sweep (or not in the last week).
    """
    entry = next(
        (e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == run_reminder_sweep.name),
        None,
    )
    if entry is None:
        return None
    cron = entry["schedule"]
    moment = timezone.localtime(now).replace(second=0, microsecond=0)
    for _ in range(8 * 24 * 60):  # minute by minute, back a week at most
        if (
            moment.minute in cron.minute
            and moment.hour in cron.hour
            and moment.day in cron.day_of_month
            and moment.month in cron.month_of_year
            and moment.isoweekday() % 7 in cron.day_of_week
        ):
            return moment.date()
        moment -= datetime.timedelta(minutes=1)
    return None


@worker_ready.connect
def recover_sweep(sender=None, **kwargs):
    """A worker consuming the default queue re-queues an unfinished sweep of the last day.

    The message of a killed worker waits in Redis until the visibility timeout; this makes the
    next worker continue at once (the sweep is resumable and idempotent, so the redelivered
    message later finds the day finished and does nothing).
    """
    try:
        queues = [q.name for q in sender.task_consumer.queues]
        default = sender.app.conf.task_default_queue
        if default not in queues:
            return
        day = last_scheduled_sweep_day()
        if day is None or services.sweep_finished(day):
            return
        logger.warning("reminder sweep of %s not finished; queued again", day)
        run_reminder_sweep.apply_async(kwargs={"today": day.isoformat()}, queue=default)
    finally:
        # Pool processes forked later must not share the main process's connection.
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close()
