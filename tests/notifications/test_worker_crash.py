"""A worker killed (SIGKILL) during the sweep: the next worker delivers the day, exactly once."""

import datetime
import json
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from inspection.notifications.models import Digest, Notification, Reminder, SweepRun
from inspection.notifications.tasks import run_reminder_sweep
from rectification.models import RectificationItem
from tests.inspection.test_celery_worker import _database_url
from tests.notifications.test_worker_sweep import _messages

ITEMS = 1000
BATCH = 20
VISIBILITY = 25  # seconds, for these workers only


@pytest.fixture
def workers(tmp_path):
    """Starts workers (each in its own process group) on a private queue that is also their
    default queue, so they recover the sweep at start as production workers do."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    outbox = tmp_path / "mail"
    outbox.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEY": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "CELERY_QUEUE": queue,
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
        "REMINDER_SWEEP_BATCH": str(BATCH),
        "REMINDER_SWEEP_CRON": "0 0 * * *",  # the last scheduled sweep is today's
    }
    started = []

    def start():
        command = [sys.executable, "-m", "celery", "-A", "inspection", "worker"]
        command += ["--pool=prefork", "--concurrency=1", "-Q", queue, "--loglevel=WARNING"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        process = subprocess.Popen(
            command,
            env=env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(process)
        return process

    try:
        yield queue, start, outbox
    finally:
        for process in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=5)
        broker = redis.Redis.from_url(settings.REDIS_URL)
        broker.delete(queue)


def _held_by_redis(queue) -> int:
    """Messages for `queue` waiting in it or delivered and not yet acknowledged."""
    broker = redis.Redis.from_url(settings.REDIS_URL)
    unacked = [json.loads(v) for v in broker.hvals("unacked")]
    return broker.llen(queue) + sum(1 for _m, _ex, key in unacked if key == queue)


def _wait(predicate, deadline, process=None, step=0.05):
    while time.monotonic() < deadline:
        if predicate():
            return True
        if process is not None:
            assert process.poll() is None, process.stdout.read().decode(errors="replace")
        time.sleep(step)
    return False


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_sweep_killed_mid_way_is_finished_by_the_next_worker_exactly_once(world, workers):
    queue, start, outbox = workers
    limit = time.monotonic() + 58
    today = timezone.localdate()
    world.liaison_a.email = "liaison_a@example.org"
    world.liaison_a.save()
    due_on = today + datetime.timedelta(days=3)
    RectificationItem.objects.bulk_create(
        [
            RectificationItem(
                station=world.station_a,
                finding=world.finding_a,
                measures=f"措施{n}",
                deadline=due_on,
                original_deadline=due_on,
            )
            for n in range(ITEMS)
        ]
    )
    due_ids = set(RectificationItem.objects.filter(deadline=due_on).values_list("pk", flat=True))
    day = SweepRun.objects.filter(day=today)

    first = start()
    run_reminder_sweep.apply_async(queue=queue)  # as beat sends it: today, default queue
    assert _wait(lambda: day.filter(batches__gte=2).exists(), limit, first, step=0.02)
    os.killpg(first.pid, signal.SIGKILL)  # the whole worker: main process and its child
    first.wait(timeout=5)
    killed_at = time.monotonic()
    run = day.get()
    assert run.finished_at is None, "the sweep finished before it could be killed"
    assert 2 * BATCH <= Reminder.objects.count() < ITEMS
    # The killed task's message, unacknowledged (and a continuation if a slice had ended).
    assert _held_by_redis(queue) >= 1

    second = start()
    # Delivered within the visibility timeout after the kill: the starting worker re-queues
    # the unfinished day at once and the sweep continues from its cursor, while the killed
    # message is still held by Redis.
    finished = day.filter(finished_at__isnull=False)
    if not _wait(finished.exists, min(limit, killed_at + VISIBILITY), second):
        os.killpg(second.pid, signal.SIGTERM)
        output = second.communicate(timeout=20)[0].decode(errors="replace")
        pytest.fail(f"not delivered in {VISIBILITY} s: {day.values()} {output}")
    run.refresh_from_db()
    assert run.runs >= 2 and run.selected == ITEMS
    # The digest follows the finished sweep.
    mailed = Digest.objects.filter(recipient=world.liaison_a, sent_at__isnull=False)
    assert _wait(mailed.exists, limit, second)

    # Then Redis hands the killed message back; it finds the day finished and adds nothing.
    assert _wait(lambda: _held_by_redis(queue) == 0, limit, second, step=0.5)
    time.sleep(1)

    reminders = Reminder.objects.filter(rule="rectification.item_deadline", object_id__in=due_ids)
    assert sorted(reminders.values_list("object_id", flat=True)) == sorted(due_ids)
    assert set(reminders.values_list("tier", flat=True)) == {
        f"before-7@{due_on.strftime('%Y%m%d')}"
    }
    told = Notification.objects.filter(reminder__in=reminders)
    assert told.count() == ITEMS and set(told.values_list("recipient", flat=True)) == {
        world.liaison_a.pk
    }
    assert not told.filter(emailed_at__isnull=True).exists()
    mails = _messages(outbox)
    assert [to for to, _body in mails] == ["liaison_a@example.org"]  # one email, once
    [(_to, body)] = mails
    assert body.count("——") == ITEMS
    assert time.monotonic() < limit + 2
