"""Property-based test of the whole API against its own OpenAPI schema (schemathesis).

Every operation in /api/schema/ (so every endpoint an app adds later, without touching this
file) gets generated requests, valid and invalid (schemathesis' positive and negative
modes), sent through the WSGI application with a personal token of an office user over the
fixture world. Each response must be no server error and must conform to the schema (status
code documented, body matching, content type).
Each request runs in a rolled-back savepoint so the world is the same for every example.
"""

import contextlib
import json
import os
import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.urls import resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from inspection.accounts.models import ApiToken
from inspection.wsgi import application
from tests.support.api import schema_client

pytestmark = pytest.mark.django_db

# Bounded in time as endpoints are added: at most 20 examples per operation and about 600 in
# all, shared out among the operations, never fewer than 5 each. Raise them for a deeper run:
#   SCHEMATHESIS_MAX_EXAMPLES=200 SCHEMATHESIS_BUDGET=100000 pytest tests/api/test_schemathesis.py
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "20"))
BUDGET = int(os.environ.get("SCHEMATHESIS_BUDGET", "600"))
MIN_EXAMPLES = 5
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _load_schema():
    raw = json.loads(schema_client().get("/api/schema/?format=json").content)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = application
    return schema


def examples_per_operation(count):
    return max(MIN_EXAMPLES, min(MAX_EXAMPLES, BUDGET // max(count, 1)))


def _exercise(operation, headers, examples, tally):
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,  # nothing written to a .hypothesis directory
        derandomize=True,  # the same examples on every run: a failure reproduces
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        )
    )
    def run(case):
        with transaction.atomic():
            response = case.call(app=application, headers=headers)
            transaction.set_rollback(True)
        tally[response.status_code] = tally.get(response.status_code, 0) + 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()


@contextlib.contextmanager
def keep_test_connection():
    """Like Django's test client: the raw WSGI app must not close the test's connection.

    (Django's test client reconnects these handlers after each of its own requests, so this
    wraps only the schemathesis calls.)
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _existing_ids(path):
    """Ids of real objects behind a detail path, so details are checked on data, not only 404s."""
    if "{id}" not in path:
        return []
    view = getattr(resolve(path.replace("{id}", "1")).func, "cls", None)
    queryset = getattr(view, "queryset", None)
    return [] if queryset is None else list(queryset.model.objects.values_list("pk", flat=True))


def _exercise_existing(operation, headers):
    if operation.method.upper() != "GET":
        return 0
    ids = _existing_ids(operation.path)
    for pk in ids:
        case = operation.Case(path_parameters={"id": pk})
        response = case.call(app=application, headers=headers)
        assert response.status_code == 200, (operation.label, pk, response.status_code)
        case.validate_response(response, checks=CHECKS, headers=headers)
    return len(ids)


def test_every_operation_answers_within_its_schema(users, record_property):
    _token, secret = ApiToken.issue(users.office, "schemathesis")
    headers = {"Authorization": f"Token {secret}"}
    schema = _load_schema()
    started, exercised, on_data, tally = time.monotonic(), [], 0, {}
    operations = [result.ok() for result in schema.get_all_operations()]
    examples = examples_per_operation(len(operations))
    with keep_test_connection():
        for operation in operations:
            _exercise(operation, headers, examples, tally)
            on_data += _exercise_existing(operation, headers)
            exercised.append(operation.label)
    elapsed = time.monotonic() - started
    record_property("operations", len(exercised))
    record_property("seconds", round(elapsed, 1))
    print(
        f"schemathesis: {len(exercised)} operations x <= {examples} generated examples"
        f" ({sum(tally.values())} sent, by status {dict(sorted(tally.items()))})"
        f" + {on_data} requests on existing objects, {elapsed:.1f}s"
    )
    assert "GET /api/v1/stations/" in exercised
    assert len(exercised) == sum(
        1
        for item in schema.raw_schema["paths"].values()
        for method in item
        if method != "parameters"
    )
