"""Who may act: one predicate per write, named as a permission, asked everywhere.

Each app declares its permissions in `<app>/permissions.py` with the `rules` package
(predicates taking the acting user and the object, combined with `&`, `|`, `~`):

    rules.add_perm("findings.approve_lead", is_office_staff)

Services ask `may(user, name, obj)` (through `Workflow.run`, or `require` for writes that are
not transitions); DRF actions, browser views and templates ask the same function, so a
button is shown exactly when the service would accept the click.

Chosen: `rules` (maintained, no database tables, predicates are plain functions that compose
and are cached per call) over django-guardian (per-object rows in the database: the wrong
model for rules that follow from group membership and case state) and over hand-written
`can_*` functions per app (what we had: four dialects that drifted apart).

Read-only roles (leadership, API clients) are refused before any predicate runs: they can
change nothing anywhere, whatever an app declares.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from inspection.accounts.models import Role

READ_ONLY_ROLES = frozenset({Role.LEADERSHIP, Role.API_CLIENT})


def acts(user) -> bool:
    """Signed in, active and not a read-only role: the precondition of every write."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role not in READ_ONLY_ROLES
    )


def may(user, permission: str, obj=None) -> bool:
    if not acts(user):
        return False
    if not rules.perm_exists(permission):
        raise KeyError(f"permission {permission!r} is not declared")
    return rules.has_perm(permission, user, obj)


def require(user, permission: str, obj=None, message: str | None = None):
    """Raise PermissionDenied unless `user` may; the message is shown to the user."""
    if not may(user, permission, obj):
        raise PermissionDenied(message or _("您无权执行此操作。"))


# ------------------------------------------------ "may this user do it anywhere?"

# Create permissions are asked of a container (the station a finding is logged at). A page
# offering "log a finding" must know beforehand whether the user could do it at any station:
# each app declares where its create permissions are asked (`declare_containers`), and
# `may_somewhere` asks the same predicate over the user's most relevant containers.
_CONTAINERS = {}


def declare_containers(permissions, candidates):
    """`candidates(user)` lists the containers a create permission may be asked of, the
    user's own first; it should be short (a few dozen) since each is asked in turn."""
    for permission in permissions:
        _CONTAINERS[permission] = candidates


def may_somewhere(user, permission: str) -> bool:
    if not acts(user):
        return False
    return any(may(user, permission, obj) for obj in _CONTAINERS[permission](user))


# ----------------------------------------------------------------- shared predicates


@rules.predicate
def is_office_staff(user) -> bool:
    return bool(user.is_office_staff)


@rules.predicate
def is_official(user) -> bool:
    return bool(user.is_official)


@rules.predicate
def is_liaison(user) -> bool:
    return bool(user.is_liaison)


@rules.predicate
def is_group_role(user) -> bool:
    return bool(user.is_group_role)
