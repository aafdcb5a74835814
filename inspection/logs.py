"""Log lines: plain text, or one JSON object per line when LOG_FORMAT=json.

Every line carries the time in one time zone (TIME_ZONE, ISO 8601 with its offset), the level,
the logger and the message; inside a request also the request id and the signed-in user's id;
inside a Celery task its name and id. Gunicorn's access log goes through the same formatter
(`GunicornLogger`, configured in gunicorn.conf.py), so web, worker and beat logs read alike.
"""

import datetime
import json
import logging
import os
import sys
import traceback
from contextvars import ContextVar
from functools import lru_cache
from zoneinfo import ZoneInfo

_current_request: ContextVar = ContextVar("current_request", default=None)

# Attributes every LogRecord has; anything else passed with `extra=` is written as a field.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}
# Django passes the request object along with django.request lines: used, not written.
_SKIPPED = _STANDARD | {"request"}
_CONTEXT = ("request_id", "user_id", "task_name", "task_id")


def bind_request(request):
    """Called by RequestIdMiddleware: log lines of this request name it. Returns a reset token."""
    return _current_request.set(request)


def unbind_request(token):
    _current_request.reset(token)


def request_user_id(request):
    """The user's id if the request is signed in and its user was already looked up.

    Never triggers the lookup itself (a log line must not query the database): the session
    user is read once authentication middleware or a view has resolved it, and DRF's token
    user once the view authenticated.
    """
    user = request.__dict__.get("user")
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)  # SimpleLazyObject until resolved
    if wrapped is None or type(wrapped) is object:  # django.utils.functional.empty
        return None
    if not getattr(wrapped, "is_authenticated", False):
        return None
    return wrapped.pk


@lru_cache(maxsize=1)
def _zone():
    name = None
    try:
        from django.conf import settings

        if settings.configured:
            name = settings.TIME_ZONE
    except Exception:  # settings that fail to load must not stop logging
        name = None
    return ZoneInfo(name or os.environ.get("TIME_ZONE") or "Asia/Shanghai")


def format_time(created: float) -> str:
    moment = datetime.datetime.fromtimestamp(created, tz=_zone())
    return moment.isoformat(timespec="milliseconds")


class RequestContextFilter(logging.Filter):
    """Adds request_id and user_id (inside a request) and task_name/task_id (inside a task)."""

    def filter(self, record):
        # django.request logs a 4xx/5xx after the middleware returned; it passes the request.
        request = _current_request.get() or getattr(record, "request", None)
        if request is not None and hasattr(request, "__dict__"):
            if getattr(record, "request_id", None) is None:
                record.request_id = getattr(request, "id", None)
            if getattr(record, "user_id", None) is None:
                record.user_id = request_user_id(request)
        if "celery" in sys.modules and getattr(record, "task_id", None) is None:
            from celery import current_task

            task = current_task._get_current_object() if current_task else None
            if task is not None and getattr(task, "request", None) is not None:
                task_id = getattr(task.request, "id", None)
                if task_id:
                    record.task_name = task.name
                    record.task_id = task_id
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": format_time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in _CONTEXT:
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = value
        for key, value in record.__dict__.items():
            if (
                key not in _SKIPPED
                and key not in entry
                and value is not None
                and not key.startswith("_")
            ):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`time level logger [request_id user=id] message`, the time as in the JSON lines."""

    def format(self, record):
        context = []
        if getattr(record, "request_id", None):
            context.append(record.request_id)
        if getattr(record, "user_id", None) is not None:
            context.append(f"user={record.user_id}")
        if getattr(record, "task_id", None):
            context.append(f"{record.task_name}[{record.task_id}]")
        prefix = f"{format_time(record.created)} {record.levelname} {record.name}"
        if context:
            prefix += f" [{' '.join(context)}]"
        line = f"{prefix} {record.getMessage()}"
        if record.exc_info:
            line += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
        return line


def formatter_for(log_format: str | None) -> logging.Formatter:
    return JsonFormatter() if (log_format or "").lower() == "json" else TextFormatter()


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is only needed to serve
    _GunicornLogger = None


if _GunicornLogger is not None:

    class GunicornLogger(_GunicornLogger):
        """Gunicorn's error and access logs through our formatter (LOG_FORMAT)."""

        def setup(self, cfg):
            super().setup(cfg)
            formatter = formatter_for(os.environ.get("LOG_FORMAT"))
            for log in (self.error_log, self.access_log):
                for handler in log.handlers:
                    handler.setFormatter(formatter)

        def access(self, resp, req, environ, request_time):
            if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.logconfig_dict):
                return
            status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else None
            path = environ.get("PATH_INFO", "")
            if environ.get("QUERY_STRING"):
                path += "?" + environ["QUERY_STRING"]
            duration_ms = round(request_time.seconds * 1000 + request_time.microseconds / 1000, 1)
            extra = {
                "method": environ.get("REQUEST_METHOD"),
                "path": path,
                "status": int(status) if status and status.isdigit() else status,
                "duration_ms": duration_ms,
                "bytes": getattr(resp, "sent", None),
                "remote_addr": environ.get("HTTP_X_FORWARDED_FOR") or environ.get("REMOTE_ADDR"),
                "user_agent": environ.get("HTTP_USER_AGENT"),
                "request_id": environ.get("inspection.request_id"),
                "user_id": environ.get("inspection.user_id"),
            }
            try:
                self.access_log.info(
                    "%s %s %s", extra["method"], path, extra["status"], extra=extra
                )
            except Exception:
                self.error("Failed to log access line")
