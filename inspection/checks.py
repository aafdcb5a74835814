"""Refuse to serve without production keys; offline commands (migrations, checks) still run."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


def missing_keys() -> list[str]:
    missing = []
    if not settings.SECRET_KEY:
        missing.append("SECRET_KEY")
    if not settings.FIELD_ENCRYPTION_KEYS:
        missing.append("FIELD_ENCRYPTION_KEY")
    return missing


def require_production_keys():
    missing = missing_keys()
    if missing:
        raise ImproperlyConfigured(f"{', '.join(missing)} must be set when DEBUG is off.")


@register(deploy=True)
def check_keys(app_configs, **kwargs):
    return [Error(f"{name} is not set.", id="inspection.E001") for name in missing_keys()]
