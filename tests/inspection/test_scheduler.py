import datetime

import pytest
from celery.schedules import schedule
from django.utils import timezone

from inspection.models import Heartbeat
from inspection.scheduler import EmbeddedScheduler


@pytest.mark.django_db
def test_embedded_scheduler_runs_due_entries_in_process(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    entries = {
        "every-second": {
            "task": "inspection.tasks.heartbeat",
            "schedule": schedule(datetime.timedelta(seconds=1)),
            "args": ("embedded",),
        },
        "daily": {
            "task": "inspection.tasks.heartbeat",
            "schedule": schedule(datetime.timedelta(days=1)),
            "args": ("daily",),
        },
    }
    scheduler = EmbeddedScheduler(entries)
    scheduler.last_run["daily"] = timezone.now()  # ran just now: not due
    long_ago = scheduler.last_run["every-second"] - datetime.timedelta(seconds=5)
    scheduler.last_run["every-second"] = long_ago
    assert scheduler.run_due() == ["every-second"]
    assert list(Heartbeat.objects.values_list("source", flat=True)) == ["embedded"]
    assert scheduler.run_due() == []  # just ran: not due again yet


def test_default_schedule_comes_from_settings_and_names_real_tasks():
    from inspection.celery import app

    app.loader.import_default_modules()
    scheduler = EmbeddedScheduler()
    assert scheduler.entries
    for entry in scheduler.entries.values():
        assert entry["task"] in app.tasks


@pytest.mark.django_db
def test_a_fresh_scheduler_catches_up_a_daily_entry(settings):
    from celery.schedules import crontab

    settings.CELERY_TASK_ALWAYS_EAGER = True
    entries = {
        "daily": {
            "task": "inspection.tasks.heartbeat",
            "schedule": crontab(minute=0, hour=7),
            "args": ("daily",),
        }
    }
    assert EmbeddedScheduler(entries).run_due() == ["daily"]
    assert Heartbeat.objects.filter(source="daily").count() == 1
