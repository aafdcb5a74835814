"""Who is told: recipient lookups shared by every app's deadline rules.

Each takes all the selected objects' keys at once and answers in one query, so a sweep costs
the same number of queries whatever the number of due rows.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model

from inspection.accounts.models import Role


def active_users():
    return get_user_model().objects.filter(is_active=True)


def office_ids() -> list[int]:
    return list(active_users().filter(role=Role.OFFICE).values_list("pk", flat=True))


def users_by_unit(role, unit_ids) -> dict[int, list[int]]:
    """Active users of a role bound to each unit (liaisons of a unit, officials of a body)."""
    found = defaultdict(list)
    rows = active_users().filter(role=role, unit_id__in=set(unit_ids)).values_list("unit_id", "pk")
    for unit_id, pk in rows:
        found[unit_id].append(pk)
    return found


def supervisors(user_ids) -> dict[int, int]:
    rows = active_users().filter(pk__in=set(user_ids), supervisor__isnull=False)
    return dict(rows.values_list("pk", "supervisor_id"))


def office_supervisors(user) -> list[int]:
    """Who watches what `user` does with reporters' identities (docs/security.md).

    The user's own supervisor when that is an active office staff member, and the active
    office staff in the group named by REVEAL_SUPERVISOR_GROUP (kept by the administrator);
    when neither exists, every active office staff member, so that nothing goes untold.
    The user never supervises themself.
    """
    from django.conf import settings

    office = active_users().filter(role=Role.OFFICE).exclude(pk=user.pk)
    found = set(
        office.filter(groups__name=settings.REVEAL_SUPERVISOR_GROUP).values_list("pk", flat=True)
    )
    if user.supervisor_id and office.filter(pk=user.supervisor_id).exists():
        found.add(user.supervisor_id)
    if not found:
        found = set(office.values_list("pk", flat=True))
    return sorted(found)
