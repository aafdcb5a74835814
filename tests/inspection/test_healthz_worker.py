"""/healthz against a real Celery worker through Redis: up, stopped, killed."""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings as django_settings

from inspection import heartbeats
from inspection.models import Heartbeat
from tests.inspection.test_celery_worker import _database_url


def _start_worker():
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": django_settings.REDIS_URL,
        "SECRET_KEY": django_settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEY": ",".join(django_settings.FIELD_ENCRYPTION_KEYS),
        "WORKER_HEARTBEAT_SECONDS": "1",
    }
    command = [sys.executable, "-m", "celery", "-A", "inspection", "worker", "--pool=solo"]
    command += ["-Q", queue, "-n", f"{queue}@%h", "--loglevel=WARNING"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    return subprocess.Popen(
        command,
        env=env,
        cwd=django_settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _stop(process):
    if process.poll() is None:
        process.kill()
    process.wait(timeout=15)


def _wait_for(client, status, seconds, process=None):
    deadline = time.monotonic() + seconds
    while True:
        response = client.get("/healthz")
        if response.status_code == status or time.monotonic() > deadline:
            return response
        if process is not None and process.poll() is not None:
            raise AssertionError(process.stdout.read().decode(errors="replace"))
        time.sleep(0.3)


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_healthz_follows_a_real_worker(client, settings):
    settings.WORKER_HEARTBEAT_SECONDS = 1  # down after 3 s of silence
    settings.SCHEDULER_HEARTBEAT_GRACE = 3600
    heartbeats.record(heartbeats.SCHEDULER)  # beat itself is not under test here

    worker = _start_worker()
    try:
        response = _wait_for(client, 200, 60, worker)
        assert response.status_code == 200, response.json()
        assert response.json()["checks"]["worker"] == "ok"
        assert Heartbeat.objects.filter(source__startswith="worker:test-").count() == 1

        # Stopped as docker stops it (SIGTERM, warm shutdown): down at once, by name.
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=20)
        started = time.monotonic()
        response = client.get("/healthz")
        assert time.monotonic() - started < 2
        assert response.status_code == 503
        assert response.json()["down"] == ["worker"]
        assert response.json()["checks"]["worker"] == "error: no worker heartbeat"
    finally:
        _stop(worker)

    worker = _start_worker()
    try:
        assert _wait_for(client, 200, 60, worker).status_code == 200
        # Killed without a word: down once its heartbeat is three intervals old.
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        killed = time.monotonic()
        response = _wait_for(client, 503, 15)
        assert response.status_code == 503
        assert time.monotonic() - killed < 10
        assert response.json()["down"] == ["worker"]
        assert response.json()["checks"]["worker"].startswith("error: last worker heartbeat")
    finally:
        _stop(worker)


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_beat_writes_the_scheduler_heartbeat_at_start(client, tmp_path):
    never = "0 0 1 1 *"  # nothing is sent during the test
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": django_settings.REDIS_URL,
        "SECRET_KEY": django_settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEY": ",".join(django_settings.FIELD_ENCRYPTION_KEYS),
        "HEARTBEAT_CRON": never,
        "REMINDER_SWEEP_CRON": never,
        "REMINDER_DIGEST_CRON": never,
    }
    assert client.get("/healthz").json()["checks"]["scheduler"] == "error: no scheduler heartbeat"
    command = [sys.executable, "-m", "celery", "-A", "inspection", "beat", "--loglevel=WARNING"]
    command += ["--schedule", str(tmp_path / "beat-schedule")]
    beat = subprocess.Popen(
        command,
        env=env,
        cwd=django_settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not Heartbeat.objects.filter(source=heartbeats.SCHEDULER).exists():
            assert beat.poll() is None, beat.stdout.read().decode(errors="replace")
            assert time.monotonic() < deadline
            time.sleep(0.3)
        assert client.get("/healthz").json()["checks"]["scheduler"] == "ok"
    finally:
        _stop(beat)
