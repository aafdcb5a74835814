"""Structured logs: the JSON formatter, request context, and gunicorn's access line."""

import datetime
import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings

from inspection.logs import JsonFormatter, RequestContextFilter, TextFormatter

OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$")


def _record(**extra):
    record = logging.LogRecord(
        "inspection.test", logging.WARNING, __file__, 1, "说 %s", ("你好",), None
    )
    record.created = datetime.datetime(2026, 12, 1, 22, 0, tzinfo=datetime.UTC).timestamp()
    record.__dict__.update(extra)
    return record


def test_json_line_has_time_with_offset_level_logger_message_and_extras():
    line = JsonFormatter().format(_record(status=404, request_id="abc", user_id=7))
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["time"] == "2026-12-02T06:00:00.000+08:00"  # TIME_ZONE, ISO 8601 with offset
    assert (entry["level"], entry["logger"], entry["message"]) == (
        "WARNING",
        "inspection.test",
        "说 你好",
    )
    assert (entry["request_id"], entry["user_id"], entry["status"]) == ("abc", 7, 404)


def test_json_line_carries_the_exception():
    try:
        raise ValueError("broken")
    except ValueError:
        record = _record(exc_info=sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert entry["exception"].startswith("Traceback")
    assert entry["exception"].endswith("ValueError: broken")


def test_text_line_has_the_same_time_and_context():
    line = TextFormatter().format(_record(request_id="abc", user_id=7))
    assert line == "2026-12-02T06:00:00.000+08:00 WARNING inspection.test [abc user=7] 说 你好"


@pytest.fixture
def json_console():
    """The configured console handler (with its request filter), writing JSON to a buffer."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    assert any(isinstance(f, RequestContextFilter) for f in handler.filters)
    buffer = io.StringIO()
    old_stream, old_formatter = handler.setStream(buffer), handler.formatter
    handler.setFormatter(JsonFormatter())
    try:
        yield buffer
    finally:
        handler.setStream(old_stream)
        handler.setFormatter(old_formatter)


@pytest.mark.django_db
def test_a_request_log_line_carries_its_request_id_and_user_id(client, users, json_console):
    client.force_login(users.office)
    response = client.get("/no-such-page/", headers={"X-Request-ID": "req-42"})
    assert response.status_code == 404
    lines = [json.loads(line) for line in json_console.getvalue().splitlines()]
    line = next(entry for entry in lines if entry["logger"] == "django.request")
    assert line["message"] == "Not Found: /no-such-page/"
    assert line["request_id"] == "req-42" == response["X-Request-ID"]
    assert line["user_id"] == users.office.pk
    assert line["status_code"] == 404
    assert OFFSET.match(line["time"])
    # Handed to gunicorn's access line through the WSGI environ.
    assert response.wsgi_request.META["inspection.request_id"] == "req-42"
    assert response.wsgi_request.META["inspection.user_id"] == users.office.pk


@pytest.mark.django_db
def test_an_anonymous_request_has_a_request_id_and_no_user(client, json_console):
    response = client.get("/no-such-page/")
    line = next(
        json.loads(line)
        for line in json_console.getvalue().splitlines()
        if '"django.request"' in line
    )
    assert line["request_id"] == response["X-Request-ID"]
    assert "user_id" not in line


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_access_log_is_json_in_the_same_time_zone(tmp_path):
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL") and not key.startswith(("PYTEST", "DJANGO"))
    }
    env.update(
        DEBUG="0",
        LOG_FORMAT="json",
        SECRET_KEY="access-log-test-secret-key",
        FIELD_ENCRYPTION_KEY="c3RhdGljLXRlc3QtZmllbGQta2V5LTMyLWJ5dGVzISE=",
        DATA_DIR=str(tmp_path),
        STATIC_ROOT=str(tmp_path / "static"),
        TZ="UTC",  # the server's own zone must not leak into the lines
    )
    command = [
        str(os.path.join(os.path.dirname(sys.executable), "gunicorn")),
        "-c",
        "gunicorn.conf.py",
    ]
    command += ["inspection.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    server = subprocess.Popen(
        command, env=env, cwd=settings.BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/healthz", headers={"X-Request-ID": "probe-1"}
                )
                with urllib.request.urlopen(request, timeout=5) as response:
                    assert response.status == 200
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.3)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    lines = [json.loads(line) for line in output.decode().splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert access, output.decode()
    entry = access[-1]
    assert entry["message"] == "GET /healthz 200"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/healthz", 200)
    assert entry["request_id"] == "probe-1"
    assert entry["duration_ms"] >= 0
    assert "user_id" not in entry  # anonymous
    assert all(OFFSET.match(line["time"]) for line in lines)  # error log too: one zone
    assert any(line["logger"] == "gunicorn.error" for line in lines)
