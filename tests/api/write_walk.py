"""Walks every write operation of the OpenAPI schema for every role, on both sides of the world.

The read walk (`scope_walk`) proves who sees what; this one proves who may change what. For
each POST/PUT/PATCH/DELETE under /api/v1/ the spec table (`tests.api.write_spec.API_SPEC`)
declares a recipe (an object in the state where the write is possible, built on side A and
on side B of the `users` world), a valid request body and the users who may perform it (from
DESIGN §2 and docs/architecture.md). Then, for every user of the world:

- a user who may act gets a 2xx, and the change leaves an audit entry;
- a user who may not act gets 403 or 404 (404 when the object is outside what they see), and
  nothing changes: no row added, removed or changed in any case table, no number consumed, no
  audit entry, no notification.

Each attempt runs inside a savepoint that is rolled back, so every user meets the same fresh
object and the world is built once. An operation without a declared expectation is a failure
("no expectation declared"): an endpoint added later fails the walk until someone decides who
may use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction
from rest_framework.test import APIClient

from inspection.accounts.models import User
from tests.api.scope_walk import load_schema

WRITE_METHODS = ("post", "put", "patch", "delete")

# Apps whose tables must not change when a write is refused (case data, numbers, audit,
# notifications). Accounts are left out: logging a browser user in stamps last_login.
WATCHED_APPS = ("tours", "petitions", "findings", "rectification", "notifications", "auditlog")
WATCHED_KERNEL_MODELS = ("inspection.Sequence",)


def write_operations(schema) -> list[tuple[str, str]]:
    """(METHOD, path) of every write operation under /api/v1/, sorted."""
    return sorted(
        (method.upper(), path)
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/")
        for method in WRITE_METHODS
        if method in item
    )


# ----------------------------------------------------------------------------------------
# The spec's vocabulary


@dataclass
class Side:
    """One side of the world: its station, group, unit, receiving body and its people."""

    name: str
    station: object
    group: object
    unit: object
    body: object
    group_users: frozenset  # every member of the side's group (usernames)
    leader: frozenset
    deputy: frozenset
    official: frozenset  # the official of the side's receiving body
    liaison: frozenset  # the liaison of the side's unit


def sides(w) -> list[Side]:
    return [
        Side(
            "A",
            w.station_a,
            w.group_a,
            w.unit_a,
            w.body_a,
            frozenset({"leader_a", "deputy_a", "member_a"}),
            frozenset({"leader_a"}),
            frozenset({"deputy_a"}),
            frozenset({"official_a"}),
            frozenset({"liaison_a"}),
        ),
        Side(
            "B",
            w.station_b,
            w.group_b,
            w.unit_b,
            w.body_b,
            frozenset({"member_b"}),  # group B has no leader or deputy in the world
            frozenset(),
            frozenset(),
            frozenset({"official_b"}),
            frozenset({"liaison_b"}),
        ),
    ]


@dataclass
class Case:
    """What a recipe builds: the object the request is about and a valid body.

    `target`: the object named by `{id}` in the path, or for a create the object the new row
    belongs to (its station, finding, lead…), whose visibility decides between 404 and 403;
    None for office-wide registries everyone sees (terms, units…). `body`: the request data, or
    a callable returning it (uploads need a fresh file per attempt). `changes`: a model whose
    row count must grow on success when the change is recorded outside the audit log.
    """

    target: object = None
    body: object = field(default_factory=dict)
    format: str = "json"
    changes: type | None = None


@dataclass
class Expect:
    """The declared expectation for one write operation.

    `recipe(w, side) -> Case`; `may(side) -> set of usernames` who may perform it there.
    `audited`: a success must leave at least one auditlog entry.
    """

    recipe: Callable
    may: Callable
    audited: bool = True
    why: str = ""


# ----------------------------------------------------------------------------------------
# Snapshots: what "nothing changed" means


def watched_tables() -> dict[str, list[str]]:
    """{table: its columns} for every table of the watched apps (many-to-many ones too)."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        watched = meta.app_label in WATCHED_APPS or meta.label in WATCHED_KERNEL_MODELS
        if watched and not meta.proxy and meta.managed:
            tables[meta.db_table] = [f.column for f in meta.concrete_fields]
    return dict(sorted(tables.items()))


class Snapshot:
    """Row count and a digest of every row per watched table, in one query."""

    def __init__(self):
        self.tables = watched_tables()
        quote = connection.ops.quote_name
        parts = []
        for table, columns in self.tables.items():
            if connection.vendor == "postgresql":
                digest = "md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), ''))"
                parts.append(f"SELECT '{table}', count(*), {digest} FROM {quote(table)} x")
            else:  # SQLite: the rows themselves, quoted and joined
                row = " || ',' || ".join(f"quote({quote(c)})" for c in columns)
                parts.append(
                    f"SELECT '{table}', count(*), coalesce(group_concat(r, '|'), '') FROM"
                    f" (SELECT {row} AS r FROM {quote(table)} ORDER BY 1)"
                )
        self.sql = " UNION ALL ".join(parts)

    def take(self) -> dict[str, tuple[int, str]]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            return {table: (count, digest) for table, count, digest in cursor.fetchall()}

    @staticmethod
    def differences(before, after) -> list[str]:
        changed = []
        for table, (count, digest) in before.items():
            new_count, new_digest = after[table]
            if new_count != count:
                changed.append(f"{table} {count}→{new_count} rows")
            elif new_digest != digest:
                changed.append(f"{table} rows changed")
        return changed


def row_values(obj):
    if obj is None:
        return None
    return type(obj)._base_manager.filter(pk=obj.pk).values().first()


def audit_count():
    from auditlog.models import LogEntry

    return LogEntry.objects.count()


def is_visible(user, obj) -> bool:
    if obj is None:
        return True
    return type(obj).objects.visible_to(user).filter(pk=obj.pk).exists()


class _Rollback(Exception):
    pass


def rolled_back(fn):
    """Runs fn() in a savepoint that is always rolled back; returns its result."""
    box = []
    try:
        with transaction.atomic():
            box.append(fn())
            raise _Rollback
    except _Rollback:
        pass
    return box[0]


def fill_path(path: str, target) -> str:
    return re.sub(r"\{[^}]+\}", str(getattr(target, "pk", "0")), path)


# ----------------------------------------------------------------------------------------
# The walk


@dataclass
class Outcome:
    operation: str
    side: str
    username: str
    may: bool
    status: int
    ok: bool
    problem: str = ""


def judge(op, side, user, may, visible, detail, response, changed, audits) -> Outcome:
    status = response.status_code
    label = f"{op} side {side} as {user.username}"
    body = getattr(response, "content", b"")[:240].decode("utf-8", "replace")
    if may:
        if not 200 <= status < 300:
            problem = f"{label}: may act, got {status} {body}"
            return Outcome(op, side, user.username, may, status, False, problem)
        return Outcome(op, side, user.username, may, status, True)
    # Out of scope: 404 for an object named in the path; a create naming a container the user
    # cannot see may also answer 400 (no such choice for that field) or 403.
    wanted = {403, 404} if visible else ({404} if detail else {400, 403, 404})
    problems = []
    if status not in wanted:
        problems.append(f"expected {'/'.join(map(str, sorted(wanted)))}, got {status} {body}")
    if changed:
        problems.append("changed " + ", ".join(changed))
    if audits:
        problems.append(f"{audits} audit entr{'y' if audits == 1 else 'ies'} written")
    if problems:
        scope = "out of scope" if not visible else "may not act"
        problem = f"{label} ({scope}): " + "; ".join(problems)
        return Outcome(op, side, user.username, may, status, False, problem)
    return Outcome(op, side, user.username, may, status, True)


def walk_operation(method, path, expect, world, users, snapshot) -> list[Outcome]:
    """Both sides: the recipe is built once per side, each user's attempt is rolled back."""
    op = f"{method} {path}"
    outcomes = []
    for side in sides(world):

        def attempts(side=side):
            case = expect.recipe(world, side)
            allowed = set(expect.may(side))
            unknown = allowed - {u.username for u in users}
            assert not unknown, f"{op}: the spec names unknown users {unknown}"
            # Every attempt is rolled back, so the state before each one is this one.
            before = Before(
                snapshot.take(),
                audit_count(),
                row_values(case.target),
                case.changes.objects.count() if case.changes else None,
            )
            return [
                rolled_back(
                    lambda user=user: _attempt(
                        op, method, path, side, case, user, allowed, expect, snapshot, before
                    )
                )
                for user in users
            ]

        outcomes.extend(rolled_back(attempts))
        refresh(world)  # recipes may have changed the world's objects in memory
    return outcomes


@dataclass
class Before:
    tables: dict
    audits: int
    target: dict | None
    counted: int | None


def refresh(world):
    for name in ("term", "round", "group_a", "group_b", "station_a", "station_b"):
        getattr(world, name).refresh_from_db()
    for name in ("unit_a", "unit_b", "body_a", "body_b"):
        getattr(world, name).refresh_from_db()


def _attempt(op, method, path, side, case, user, allowed, expect, snapshot, before):
    user = User.objects.get(pk=user.pk)  # fresh: nothing cached from an earlier attempt
    api = APIClient()
    api.force_authenticate(user)
    may = user.username in allowed
    visible = is_visible(user, case.target)
    body = case.body() if callable(case.body) else case.body
    response = getattr(api, method.lower())(fill_path(path, case.target), body, format=case.format)
    changed = Snapshot.differences(before.tables, snapshot.take())
    if not may and before.target != row_values(case.target):
        changed.append("the target row")
    audits = audit_count() - before.audits
    outcome = judge(op, side.name, user, may, visible, "{" in path, response, changed, audits)
    if may and outcome.ok:
        label = f"{op} side {side.name} as {user.username}: succeeded"
        if expect.audited and audits == 0:
            outcome.ok, outcome.problem = False, f"{label} without an audit entry"
        if case.changes is not None and case.changes.objects.count() <= before.counted:
            outcome.ok = False
            outcome.problem = f"{label} without a new {case.changes.__name__} row"
    return outcome


@dataclass
class WalkResult:
    operations: list[str]
    outcomes: list[Outcome]
    undeclared: list[str]
    read_only: set = field(default_factory=set)  # browser pages that must change nothing
    missing: list = field(default_factory=list)  # declared, but no such URL

    @property
    def problems(self) -> list[str]:
        found = [f"{op}: no expectation declared" for op in self.undeclared]
        found += [f"{op}: declared, but there is no such URL" for op in self.missing]
        found += [o.problem for o in self.outcomes if not o.ok]
        for op in self.operations:
            if op in self.undeclared or op in self.read_only or op in self.missing:
                continue
            if not any(o.may for o in self.outcomes if o.operation == op):
                found.append(f"{op}: the spec lets nobody perform it")
        return found

    def successes(self, op) -> list[Outcome]:
        return [o for o in self.outcomes if o.operation == op and o.may and o.ok]


def walk_writes(world, spec, schema=None, select=None, users=None) -> WalkResult:
    """Walks every write operation of the schema (or those `select((method, path))` keeps)
    for every user of the world, on both sides."""
    schema = schema or load_schema()
    users = users or world.all_users
    snapshot = Snapshot()
    operations, outcomes, undeclared = [], [], []
    for key in write_operations(schema):
        if select is not None and not select(key):
            continue
        op = " ".join(key)
        operations.append(op)
        expect = spec.get(key)
        if expect is None:
            undeclared.append(op)
            continue
        outcomes.extend(walk_operation(*key, expect, world, users, snapshot))
    return WalkResult(operations, outcomes, undeclared)


# ----------------------------------------------------------------------------------------
# Browser action URLs: every URL of the case apps whose view accepts POST

CASE_NAMESPACES = ("tours", "petitions", "findings", "rectification")
HTTP_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def case_url_patterns(namespaces=CASE_NAMESPACES, resolver=None, namespace=None):
    """(namespaced name, pattern) of every URL pattern under the case apps' namespaces."""
    from django.urls import URLResolver, get_resolver

    for item in (resolver or get_resolver()).url_patterns:
        if isinstance(item, URLResolver):
            yield from case_url_patterns(namespaces, item, item.namespace or namespace)
        elif namespace in namespaces and item.name:
            yield f"{namespace}:{item.name}", item


def allowed_methods(callback) -> set[str] | None:
    """The methods a view accepts: a class view's handlers, or the list a
    `require_http_methods` family decorator closes over; None when nothing restricts them."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    layer = callback
    while layer is not None:
        for cell in getattr(layer, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            methods = isinstance(value, list | tuple | set | frozenset) and value
            if methods and all(isinstance(v, str) and v.upper() in HTTP_METHODS for v in value):
                return {v.upper() for v in value}
        layer = getattr(layer, "__wrapped__", None)
    return None


def post_url_names(namespaces=CASE_NAMESPACES) -> list[str]:
    """Names of the case apps' URLs whose view accepts POST (a form, an action, or a view that
    does not restrict its methods at all)."""
    names = set()
    for name, pattern in case_url_patterns(namespaces):
        methods = allowed_methods(pattern.callback)
        if methods is None or "POST" in methods:
            names.add(name)
    return sorted(names)


@dataclass
class Page:
    """What a browser recipe builds: the object (visibility decides 404 vs 403), the URL's
    keyword arguments and the form data (or a callable returning it, for uploads)."""

    target: object = None
    kwargs: dict = field(default_factory=dict)
    data: object = field(default_factory=dict)
    changes: type | None = None


@dataclass
class BrowserExpect:
    """`recipe(w, side) -> Page`; `may(side)`: who may act. `read_only`: a view that accepts
    POST but must change nothing for anyone (a page, an export, a download)."""

    recipe: Callable
    may: Callable = lambda side: set()
    audited: bool = True
    read_only: bool = False
    why: str = ""


def walk_browser(world, spec, select=None, users=None, namespaces=CASE_NAMESPACES) -> WalkResult:
    """Walks every declared browser action for every user of the world and anonymously.
    Each POST URL of the case apps needs at least one declared entry."""
    users = [*(users or world.all_users), None]
    snapshot = Snapshot()
    names = post_url_names(namespaces)
    declared_names = {name for name, _variant in spec}
    undeclared = [f"POST {name}" for name in names if name not in declared_names]
    if select is not None:
        undeclared = []  # a part of the walk: the declaration test checks the whole list
    operations, outcomes, missing = [], [], []
    known = {name for name, _pattern in case_url_patterns(namespaces)}
    clients = _logged_in_clients(users)
    for key in sorted(spec):
        if select is not None and not select(key):
            continue
        op = f"POST {key[0]} [{key[1]}]" if key[1] else f"POST {key[0]}"
        operations.append(op)
        if key[0] not in known:
            missing.append(op)  # an entry for a URL that is gone (or not yet there)
            continue
        outcomes.extend(_walk_page(op, key[0], spec[key], world, users, snapshot, clients))
    return WalkResult(operations, outcomes, undeclared, missing=missing, read_only={
        f"POST {k[0]} [{k[1]}]" if k[1] else f"POST {k[0]}" for k, e in spec.items() if e.read_only
    })  # fmt: skip


def _logged_in_clients(users):
    """One client per user, logged in once outside the rolled-back attempts (a session made
    inside one would vanish with its savepoint)."""
    from django.test import Client

    clients = {}
    for user in users:
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        clients[user.username if user else "anonymous"] = client
    return clients


def _walk_page(op, name, expect, world, users, snapshot, clients):
    outcomes = []
    # A view that must change nothing is walked on side A only (it has no side of its own).
    for side in sides(world)[:1] if expect.read_only else sides(world):

        def attempts(side=side):
            page = expect.recipe(world, side)
            allowed = set(expect.may(side))
            before = Before(
                snapshot.take(),
                audit_count(),
                row_values(page.target),
                page.changes.objects.count() if page.changes else None,
            )
            return [
                rolled_back(
                    lambda user=user: _browser_attempt(
                        op, name, side, page, user, allowed, expect, snapshot, before, clients
                    )
                )
                for user in users
            ]

        outcomes.extend(rolled_back(attempts))
        refresh(world)
    return outcomes


def _form_errors(response) -> list[str]:
    from django import forms

    found = []
    for context in getattr(response, "context", None) or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            bound = isinstance(value, forms.BaseForm | forms.BaseFormSet) and value.is_bound
            if bound and value.errors:
                found.append(str(value.errors)[:200])
    return found


def _browser_attempt(op, name, side, page, user, allowed, expect, snapshot, before, clients):
    from django.urls import reverse

    username = user.username if user else "anonymous"
    client = clients[username]
    client.cookies.pop("messages", None)  # nothing carried over from an earlier attempt
    may = username in allowed
    visible = user is not None and is_visible(user, page.target)
    data = page.data() if callable(page.data) else page.data
    response = client.post(reverse(name, kwargs=page.kwargs), data)
    status = response.status_code
    changed = Snapshot.differences(before.tables, snapshot.take())
    if not may and before.target != row_values(page.target):
        changed.append("the target row")
    audits = audit_count() - before.audits
    label = f"{op} side {side.name} as {username}"
    if may:
        problems = []
        if status not in (200, 302, 303):
            problems.append(f"got {status}")
        errors = _form_errors(response) if status == 200 else []
        if errors:
            problems.append(f"form errors {errors}")
        if expect.audited and audits == 0:
            problems.append("no audit entry (nothing was done)")
        if page.changes is not None and page.changes.objects.count() <= before.counted:
            problems.append(f"no new {page.changes.__name__} row")
        problem = f"{label}: may act, " + "; ".join(problems) if problems else ""
        return Outcome(op, side.name, username, may, status, not problems, problem)
    problems = []
    location = response.get("Location", "")
    if expect.read_only:
        pass  # a page or a download: any answer, as long as nothing changes
    elif user is None:
        if not (status == 302 and "/login/" in location) and status not in (403, 404):
            problems.append(f"expected a redirect to the login page, got {status} {location}")
    elif not visible and page.target is not None and page.target.pk in page.kwargs.values():
        if status != 404:
            problems.append(f"expected 404, got {status} {location}")
    elif not visible and page.target is not None:
        # A form naming a container the user cannot see: 404/403, or the form again with an
        # error on that field (no such choice), like the API's 400, or a redirect back with
        # the error as a message; in every case nothing may change (checked below).
        shown_again = status == 200 and _form_errors(response)
        if status not in (302, 403, 404) and not shown_again:
            problems.append(f"expected 403/404 or the form with an error, got {status} {location}")
    elif status not in (403, 404):
        problems.append(f"expected 403/404, got {status} {location}")
    if changed:
        problems.append("changed " + ", ".join(changed))
    if audits:
        problems.append(f"{audits} audit entr{'y' if audits == 1 else 'ies'} written")
    scope = "anonymous" if user is None else ("out of scope" if not visible else "may not act")
    problem = f"{label} ({scope}): " + "; ".join(problems) if problems else ""
    return Outcome(op, side.name, username, may, status, not problems, problem)
