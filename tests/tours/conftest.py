import pytest
from auditlog.context import auditlog_value


@pytest.fixture(autouse=True)
def _no_stale_audit_actor():
    """auditlog's set_actor leaves its context variable set after a request; a later bulk
    write in the same thread would otherwise name a user of an earlier test as its actor."""
    token = auditlog_value.set({})
    yield
    auditlog_value.reset(token)
