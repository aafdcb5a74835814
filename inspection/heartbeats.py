"""Heartbeats of the worker and the scheduler, and how /healthz judges them.

Rows of `Heartbeat`, one per source: `worker:<hostname>` written by each Celery worker every
WORKER_HEARTBEAT_SECONDS (inspection.celery.WorkerHeartbeat) and removed at its shutdown;
`scheduler` written by beat at start and when it sends its heartbeat entry (or by the embedded
scheduler); `beat` by the heartbeat task itself once a worker ran it. Writing a row deletes the
older rows of its source and every row older than HEARTBEAT_KEEP_HOURS.
"""

import datetime
import logging

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from inspection.models import Heartbeat

logger = logging.getLogger(__name__)

SCHEDULER = "scheduler"
WORKER_PREFIX = "worker:"


def worker_source(hostname: str) -> str:
    return f"{WORKER_PREFIX}{hostname}"[:100]


def record(source: str) -> Heartbeat:
    row = Heartbeat.objects.create(source=source[:100])
    keep_after = row.seen_at - datetime.timedelta(hours=settings.HEARTBEAT_KEEP_HOURS)
    older = Q(source=row.source, pk__lt=row.pk) | Q(seen_at__lt=keep_after)
    Heartbeat.objects.filter(older).delete()
    return row


def beat_safely(source: str):
    """Outside a request (a worker's main process, beat): a failed write is logged, never
    raised, and the connection is closed afterwards, so none is held between beats or
    inherited by a pool process forked meanwhile."""
    try:
        record(source)
    except Exception:
        logger.warning("could not write the %s heartbeat", source, exc_info=True)
    finally:
        connection.close()


def forget_safely(source: str):
    try:
        Heartbeat.objects.filter(source=source).delete()
    except Exception:
        logger.warning("could not remove the %s heartbeat", source, exc_info=True)
    finally:
        connection.close()


def _age(moment) -> int:
    return int((timezone.now() - moment).total_seconds())


def worker_state() -> str:
    """'ok' when a worker wrote its heartbeat within three intervals."""
    latest = (
        Heartbeat.objects.filter(source__startswith=WORKER_PREFIX)
        .order_by("-seen_at")
        .values_list("seen_at", flat=True)
        .first()
    )
    if latest is None:
        return "error: no worker heartbeat"
    limit = 3 * settings.WORKER_HEARTBEAT_SECONDS
    age = _age(latest)
    if age > limit:
        return f"error: last worker heartbeat {age} s ago (limit {limit} s)"
    return "ok"


def scheduler_state(schedule=None) -> str:
    """'ok' unless the scheduler's heartbeat is later than its schedule by more than the grace."""
    if schedule is None:
        schedule = settings.CELERY_BEAT_SCHEDULE["heartbeat"]["schedule"]
    latest = (
        Heartbeat.objects.filter(source=SCHEDULER)
        .order_by("-seen_at")
        .values_list("seen_at", flat=True)
        .first()
    )
    if latest is None:
        return "error: no scheduler heartbeat"
    # When the next heartbeat was due after the last one (negative: that long ago).
    remaining = schedule.remaining_estimate(latest).total_seconds()
    late = int(-remaining)
    if late > settings.SCHEDULER_HEARTBEAT_GRACE:
        return f"error: heartbeat overdue by {late} s (last {_age(latest)} s ago)"
    return "ok"
