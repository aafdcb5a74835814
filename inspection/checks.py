"""Refuse to serve without production keys; offline commands (migrations, checks) still run."""

import sys

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

# sysexits.h EX_CONFIG: a configuration error, not a crash worth restarting at once.
EXIT_CONFIG = 78


def missing_keys() -> list[str]:
    missing = []
    try:
        secret_key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty one
        secret_key = ""
    if not secret_key:
        missing.append("SECRET_KEY")
    if not settings.FIELD_ENCRYPTION_KEYS:
        missing.append("FIELD_ENCRYPTION_KEY")
    return missing


def missing_keys_message() -> str:
    return f"{', '.join(missing_keys())} must be set when DEBUG is off."


def require_production_keys():
    if missing_keys():
        raise ImproperlyConfigured(missing_keys_message())


def exit_without_keys(process: str):
    """For a process about to start (web, worker, beat): one line on stderr, then exit 78.

    SystemExit, not an exception: Celery's signal dispatch logs exceptions and carries on.
    """
    if missing_keys():
        print(f"inspection {process}: refusing to start: {missing_keys_message()}", file=sys.stderr)
        sys.stderr.flush()
        raise SystemExit(EXIT_CONFIG)


@register(deploy=True)
def check_keys(app_configs, **kwargs):
    return [Error(f"{name} is not set.", id="inspection.E001") for name in missing_keys()]
