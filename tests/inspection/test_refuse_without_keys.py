"""Web, worker and beat refuse to start without production keys: one line, exit 78, fast."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

BIN = Path(sys.executable).parent
PRODUCTION = {"DEBUG": "0", "LOG_FORMAT": "text"}
SERVICES = {
    "worker": [str(BIN / "celery"), "-A", "inspection", "worker", "--pool=solo"],
    "beat": [str(BIN / "celery"), "-A", "inspection", "beat"],
    "web": [
        str(BIN / "gunicorn"),
        "-c",
        "gunicorn.conf.py",
        "inspection.wsgi:application",
        "--bind",
        "127.0.0.1:0",
        "--workers",
        "1",
    ],
}


def _environment(tmp_path, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "REDIS_URL", "DATABASE_URL")
        and not key.startswith(("PYTEST", "DJANGO"))
    }
    return {**env, **PRODUCTION, "DATA_DIR": str(tmp_path), **extra}


def _run(command, env, timeout=30):
    started = time.monotonic()
    try:
        result = subprocess.run(
            command, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"{command[:4]} still running after {timeout} s") from exc
    return result, time.monotonic() - started


@pytest.mark.parametrize("service", ["worker", "beat", "web"])
def test_refuses_to_start_without_keys(service, tmp_path):
    result, seconds = _run(SERVICES[service], _environment(tmp_path))
    assert result.returncode == 78, result.stderr
    assert seconds < 15
    expected = (
        f"inspection {service}: refusing to start: "
        "SECRET_KEY, FIELD_ENCRYPTION_KEY must be set when DEBUG is off."
    )
    assert expected in result.stderr.splitlines()
    assert "ready" not in result.stdout + result.stderr  # never got as far as consuming


def test_names_only_the_missing_key(tmp_path):
    env = _environment(tmp_path, SECRET_KEY="a-real-secret-for-this-test")
    command = [sys.executable, "-m", "celery", "-A", "inspection", "worker", "--pool=solo"]
    result, _seconds = _run(command, env)
    assert result.returncode == 78
    assert result.stderr.strip().splitlines()[-1] == (
        "inspection worker: refusing to start: FIELD_ENCRYPTION_KEY must be set when DEBUG is off."
    )


def test_a_worker_started_from_python_is_refused_by_its_init_signal(tmp_path):
    """Not `celery … worker` on the command line: the worker_init guard stops it instead."""
    code = "from inspection.celery import app; app.worker_main(['worker', '--pool=solo'])"
    result, seconds = _run([sys.executable, "-c", code], _environment(tmp_path))
    assert result.returncode == 78, result.stdout + result.stderr
    assert seconds < 30  # this path sets Django up (model checks) before the signal
    assert "inspection worker: refusing to start: SECRET_KEY" in result.stderr


def test_development_mode_needs_no_keys(tmp_path):
    env = _environment(tmp_path, DEBUG="1")
    code = "from inspection.celery import app; print(app.conf.broker_url)"
    result, _seconds = _run([sys.executable, "-c", code], env)
    assert result.returncode == 0, result.stderr
