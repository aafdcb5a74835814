"""Gunicorn settings for the web service (Dockerfile and docker-compose use this file).

Every value can be overridden from the environment; logs go to stdout in the format of the
Django logs (LOG_FORMAT=json for JSON lines, inspection.logs).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Within docker-compose's stop_grace_period (30 s): requests in flight finish, then it exits.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logger_class = "inspection.logs.GunicornLogger"
# No control socket: nothing uses gunicornc, and the service user's home is not writable.
control_socket_disable = True


def on_starting(server):
    """Refuse in the master, before any worker boots: one line, exit status 78."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspection.settings")
    from inspection.checks import exit_without_keys

    exit_without_keys("web")
