"""Typed parsers for settings read from the environment.

Each parser names the variable in its error so a misconfigured deployment says
what to fix instead of failing later with an unrelated traceback.
"""

import os
from collections.abc import Mapping

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def get_str(name: str, default: str | None = None, env: Mapping[str, str] = os.environ):
    value = env.get(name)
    return default if value is None else value.strip()


def get_bool(name: str, default: bool = False, env: Mapping[str, str] = os.environ) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def get_int(name: str, default: int, env: Mapping[str, str] = os.environ) -> int:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None


def get_list(name: str, default: tuple[str, ...] = (), env: Mapping[str, str] = os.environ):
    raw = env.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def get_database(name: str, default_url: str, env: Mapping[str, str] = os.environ) -> dict:
    url = get_str(name, env=env) or default_url
    try:
        config = dj_database_url.parse(url)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a database URL: {exc}") from None
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Persistent connections with health checks: cheap requests, no stale sockets.
        config["CONN_MAX_AGE"] = get_int("DATABASE_CONN_MAX_AGE", 60, env=env)
        config["CONN_HEALTH_CHECKS"] = True
        # A database that does not answer fails in seconds (/healthz, heartbeats), not minutes.
        options = config.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", get_int("DATABASE_CONNECT_TIMEOUT", 5, env=env))
    return config


def get_crontab(name: str, default: str, env: Mapping[str, str] = os.environ) -> dict:
    """Parse a five-field cron expression ("m h dom mon dow") into crontab kwargs."""
    raw = get_str(name, env=env) or default
    fields = raw.split()
    if len(fields) != 5:
        raise ImproperlyConfigured(
            f"{name} must be a cron expression of five fields (minute hour day month weekday); "
            f"got {raw!r}"
        )
    keys = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")
    return dict(zip(keys, fields, strict=True))
