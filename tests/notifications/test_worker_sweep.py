"""Two sweeps at once in a real Celery worker (prefork, two processes) through Redis."""

import datetime
import email
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from inspection.notifications.models import Digest, Notification, Reminder
from inspection.notifications.tasks import run_reminder_sweep
from rectification.models import RectificationItem
from tests.inspection.test_celery_worker import _database_url

TODAY = datetime.date(2024, 7, 3)


@pytest.fixture
def prefork_worker(tmp_path):
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
    }
    command = [sys.executable, "-m", "celery", "-A", "inspection", "worker"]
    command += ["--pool=prefork", "--concurrency=2", "-Q", queue, "--loglevel=WARNING"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    process = subprocess.Popen(
        command, env=env, cwd=settings.BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        yield queue, process, outbox
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _messages(outbox: Path):
    found = []
    for path in sorted(outbox.iterdir()):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                message = email.message_from_bytes(chunk.strip())
                body = message.get_payload(decode=True).decode("utf-8")
                found.append((message["To"], body))
    return found


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_remind_and_mail_once(world, prefork_worker):
    queue, process, outbox = prefork_worker
    for user in (world.liaison_a, world.liaison_b, world.office):
        user.email = f"{user.username}@example.org"
        user.save()
    # Item A due in 7 days; item B 14 days overdue (escalated to the office); both plans
    # are due today (feedback 2024-06-03 + 1 month).
    RectificationItem.objects.filter(pk=world.item_a.pk).update(deadline=datetime.date(2024, 7, 10))
    RectificationItem.objects.filter(pk=world.item_b.pk).update(deadline=datetime.date(2024, 6, 19))

    for _ in range(2):
        run_reminder_sweep.apply_async(kwargs={"today": TODAY.isoformat()}, queue=queue)

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if Digest.objects.filter(sent_at__isnull=False).count() == 3:
            break
        assert process.poll() is None, process.stdout.read().decode(errors="replace")
        time.sleep(0.5)
    time.sleep(3)  # let the second sweep and its digest task finish too

    keys = list(Reminder.objects.values_list("rule", "object_id", "tier"))
    assert sorted(keys) == sorted(
        [
            ("rectification.item_deadline", world.item_a.pk, "before-7@20240710"),
            ("rectification.item_deadline", world.item_b.pk, "overdue-14@20240619"),
            ("rectification.item_deadline", world.item_b.pk, "escalated@20240619"),
            ("rectification.plan_due", world.plan_a.pk, "due@20240703"),
            ("rectification.plan_due", world.plan_b.pk, "due@20240703"),
        ]
    )
    assert Notification.objects.count() == 5
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0

    messages = _messages(outbox)
    by_person = {}
    for to, body in messages:
        by_person.setdefault(to, []).append(body)
    assert sorted(by_person) == [
        "liaison_a@example.org",
        "liaison_b@example.org",
        "office@example.org",
    ]
    assert all(len(bodies) == 1 for bodies in by_person.values()), by_person
    [a] = by_person["liaison_a@example.org"]
    assert "选人用人把关不严" in a and "整改任务完成时限将于2024-07-10到期" in a
    assert "整改方案：甲省交通运输厅" in a and "整改方案报送期限已到期（2024-07-03）" in a
    [b] = by_person["liaison_b@example.org"]
    assert "项目招投标不规范" in b and "整改任务完成时限已逾期（期限2024-06-19）" in b
    [office] = by_person["office@example.org"]
    assert "项目招投标不规范" in office and "整改任务完成时限已逾期，请督促办理" in office
