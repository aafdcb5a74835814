import datetime
import io
import time
from unittest import mock

import pytest
from celery.schedules import schedule
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.utils import timezone

from inspection import heartbeats
from inspection.models import Heartbeat
from inspection.scheduler import EmbeddedScheduler


@pytest.mark.django_db
def test_healthz_ok(client):
    if settings.REDIS_URL:
        # What a running worker and beat write (inspection.celery).
        heartbeats.record(heartbeats.worker_source("celery@web-test"))
        heartbeats.record(heartbeats.SCHEDULER)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["down"] == []
    assert body["checks"]["database"] == "ok"
    if settings.REDIS_URL:
        assert body["checks"]["redis"] == "ok"
        assert body["checks"]["worker"] == "ok"
        assert body["checks"]["scheduler"] == "ok"
    else:
        assert body["checks"]["worker"] == "embedded"
        assert body["checks"]["scheduler"] == "off"  # no scheduler thread in this process


@pytest.mark.redis
@pytest.mark.django_db
def test_healthz_503_names_a_worker_and_scheduler_without_heartbeats(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["worker", "scheduler"]
    assert body["checks"]["worker"] == "error: no worker heartbeat"
    assert body["checks"]["scheduler"] == "error: no scheduler heartbeat"
    assert body["checks"]["database"] == "ok"


def _age(source, seconds):
    row = heartbeats.record(source)
    Heartbeat.objects.filter(pk=row.pk).update(
        seen_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )


@pytest.mark.django_db
def test_a_worker_is_down_after_three_silent_intervals(settings):
    settings.WORKER_HEARTBEAT_SECONDS = 30
    _age(heartbeats.worker_source("celery@a"), 80)
    assert heartbeats.worker_state() == "ok"
    _age(heartbeats.worker_source("celery@a"), 100)
    assert heartbeats.worker_state() == "error: last worker heartbeat 100 s ago (limit 90 s)"
    _age(heartbeats.worker_source("celery@b"), 5)  # another worker still beats
    assert heartbeats.worker_state() == "ok"


@pytest.mark.django_db
def test_the_scheduler_is_judged_against_its_schedule(settings):
    settings.SCHEDULER_HEARTBEAT_GRACE = 120
    every_five_minutes = schedule(datetime.timedelta(minutes=5))
    hourly = schedule(datetime.timedelta(hours=1))
    # 9 minutes ago: the next five-minute beat was due 4 minutes ago, beyond the grace.
    _age(heartbeats.SCHEDULER, 9 * 60)
    assert heartbeats.scheduler_state(hourly) == "ok"
    assert heartbeats.scheduler_state(every_five_minutes).startswith(
        "error: heartbeat overdue by 240 s"
    )
    _age(heartbeats.SCHEDULER, 6 * 60)  # one minute late: within the grace
    assert heartbeats.scheduler_state(every_five_minutes) == "ok"
    # The configured crontab (HEARTBEAT_CRON, every five minutes) works the same way.
    _age(heartbeats.SCHEDULER, 10)
    assert heartbeats.scheduler_state() == "ok"
    _age(heartbeats.SCHEDULER, 2 * 3600)
    assert heartbeats.scheduler_state().startswith("error: heartbeat overdue")


@pytest.mark.django_db
def test_writing_a_heartbeat_prunes_old_rows(settings):
    settings.HEARTBEAT_KEEP_HOURS = 24
    for _ in range(3):
        Heartbeat.objects.create(source="beat")
    Heartbeat.objects.create(source="worker:celery@gone")
    Heartbeat.objects.filter(source="worker:celery@gone").update(
        seen_at=timezone.now() - datetime.timedelta(hours=25)
    )
    Heartbeat.objects.create(source=heartbeats.SCHEDULER)
    row = heartbeats.record("beat")
    assert sorted(Heartbeat.objects.values_list("source", flat=True)) == ["beat", "scheduler"]
    assert Heartbeat.objects.get(source="beat").pk == row.pk


@pytest.mark.django_db
def test_embedded_mode_reports_the_scheduler_thread_of_this_process(client, settings):
    settings.REDIS_URL = ""
    scheduler = EmbeddedScheduler(schedule={}, poll_seconds=0.05)
    scheduler.start()
    try:
        deadline = time.monotonic() + 5
        while EmbeddedScheduler.running is not scheduler and time.monotonic() < deadline:
            time.sleep(0.01)
        body = client.get("/healthz").json()
        assert body["checks"]["scheduler"] == "ok"
        assert body["checks"]["worker"] == "embedded"
        assert "redis" not in body["checks"]
        scheduler.stop()
        scheduler.join(timeout=5)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["down"] == ["scheduler"]
        assert response.json()["checks"]["scheduler"] == "error: embedded scheduler stopped"
    finally:
        scheduler.stop()
        EmbeddedScheduler.running = None


@pytest.mark.django_db
def test_healthcheck_command_exits_non_zero_naming_the_part(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    out = io.StringIO()
    with pytest.raises(CommandError, match="down: scheduler"):
        call_command("healthcheck", "scheduler", stdout=out)
    assert out.getvalue() == "scheduler: error: no scheduler heartbeat\n"
    heartbeats.record(heartbeats.SCHEDULER)
    call_command("healthcheck", "scheduler", stdout=io.StringIO())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_healthz_503_when_database_unreachable(client):
    """A real outage: the connection is pointed at a port where nothing listens."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=1)
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"].startswith("error")


@pytest.mark.redis
@pytest.mark.django_db
def test_healthz_503_when_redis_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"].startswith("error")


@pytest.mark.django_db
def test_healthz_503_when_database_errors(client):
    """On any backend: a database that raises on connect is reported down."""
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error: OperationalError"
