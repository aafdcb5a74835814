import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from inspection.accounts.models import User
from inspection.scheduler import EmbeddedScheduler

ROOT = Path(__file__).resolve().parents[2]
DEMO_COMMANDS = (
    "load_demo",
    "load_demo_petitions",
    "load_demo_findings",
    "load_demo_rectification",
)


def _production_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DEBUG="0",
        DATA_DIR=str(tmp_path),
        SECRET_KEY="s" * 50,
        FIELD_ENCRYPTION_KEY="ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZC0=",
        **extra,
    )
    return env


def test_load_demo_refuses_a_production_database(tmp_path):
    """As an operator runs it: DEBUG=0, no --force; nothing is written, not even a database."""
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "--force" in result.stderr and "DEBUG" in result.stderr
    assert not (tmp_path / "inspection.sqlite3").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("command", DEMO_COMMANDS)
def test_every_demo_command_refuses_without_debug_unless_forced(settings, command):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="--force"):
        call_command(command, verbosity=0)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_forced_demo_loads_with_debug_off(settings):
    settings.DEBUG = False
    settings.TESTING = False
    call_command("load_demo", "--force", verbosity=0)
    assert User.objects.filter(username="office").exists()


@pytest.mark.django_db
def test_the_scheduler_clears_expired_sessions(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    expired, live = SessionStore(), SessionStore()
    expired["user"], live["user"] = "a", "b"
    expired.create()
    live.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    entries = {k: v for k, v in settings.CELERY_BEAT_SCHEDULE.items() if k == "clear-sessions"}
    assert EmbeddedScheduler(entries).run_due() == ["clear-sessions"]  # a daily job, caught up
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_clearsessions_schedule_is_set_from_the_environment(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "s = settings.CELERY_BEAT_SCHEDULE['clear-sessions']['schedule']; "
        "print(sorted(s.hour), sorted(s.minute), sorted(s.day_of_week))"
    )
    env = _production_env(
        tmp_path, CLEARSESSIONS_CRON="5 4 * * 1", DJANGO_SETTINGS_MODULE="inspection.settings"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "[4] [5] [1]", result.stderr
