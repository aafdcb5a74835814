import os

import pytest
from django.conf import settings
from django.utils import translation

from tests.support.factories import make_user  # noqa: F401  (re-exported for tests)


def _skip_reason(item):
    if item.get_closest_marker("postgres") and not settings.IS_POSTGRES:
        return "needs PostgreSQL: set DATABASE_URL=postgres://… to run it"
    if item.get_closest_marker("redis") and not settings.REDIS_URL:
        return "needs Redis: set REDIS_URL=redis://… to run it"
    return None


def pytest_collection_modifyitems(config, items):
    required = os.environ.get("REQUIRE_SERVICES") == "1"
    for item in items:
        reason = _skip_reason(item)
        if reason is None:
            continue
        if required:
            # CI promises real services: a missing one is a failure, never a silent skip.
            raise pytest.UsageError(f"REQUIRE_SERVICES=1 but {item.nodeid} {reason}")
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def users(db):
    """One user per role, with the bindings that role needs (see tests.support.world)."""
    from tests.support.world import build_world

    return build_world()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in English leaves English active."""
    translation.deactivate()
    yield
    translation.deactivate()
