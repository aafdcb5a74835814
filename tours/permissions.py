"""Who may change tours, and the group predicates every case app builds on.

`in_group_of(via)`, `leads_group_of(via)`, … are predicate factories: `via` is the dotted path
from the object to its station ("" for a station itself, "station" for a petition, finding or
lead, "finding.station" for a working paper), so one definition of "the user's role in the
group stationed there" serves every app.
"""

import operator

import rules

from inspection.permissions import is_office_staff
from tours.models import Member, MemberRole, Station


def station_of(obj, via: str):
    return operator.attrgetter(via)(obj) if via else obj


def group_roles(user, station) -> set[str]:
    """The user's roles in the group stationed at `station` (empty when not a member)."""
    if station is None or not user or not user.is_authenticated or not user.is_active:
        return set()
    return set(
        Member.objects.filter(group_id=station.group_id, person__user=user).values_list(
            "role", flat=True
        )
    )


def _group_predicate(name, roles, via):
    @rules.predicate(name=name)
    def check(user, obj) -> bool:
        if obj is None:
            return False
        held = group_roles(user, station_of(obj, via))
        return bool(held) if roles is None else bool(held & set(roles))

    return check


def in_group_of(via: str = ""):
    """Any member (leader, deputy, member, liaison, specialist) of the station's group."""
    return _group_predicate(f"in_group_of({via})", None, via)


def leads_group_of(via: str = ""):
    return _group_predicate(f"leads_group_of({via})", {MemberRole.LEADER}, via)


def deputises_group_of(via: str = ""):
    return _group_predicate(f"deputises_group_of({via})", {MemberRole.DEPUTY}, via)


def heads_group_of(via: str = ""):
    """Leader or deputy leader of the station's group."""
    return _group_predicate(f"heads_group_of({via})", {MemberRole.LEADER, MemberRole.DEPUTY}, via)


@rules.predicate
def liaison_of_unit(user, obj) -> bool:
    """A liaison of the unit inspected at the object's station (a station, or anything with
    a `station`: finding, plan, item)."""
    station = obj if isinstance(obj, Station) else getattr(obj, "station", None)
    return bool(user.is_liaison and station is not None and user.unit_id == station.unit_id)


def candidate_stations(user, limit=20):
    """The stations a create permission is asked of: the user's own groups' first."""
    from django.db.models import Exists, OuterRef

    mine = Member.objects.filter(group=OuterRef("group_id"), person__user=user)
    return list(
        Station.objects.visible_to(user)
        .annotate(mine=Exists(mine))
        .order_by("-mine", "-id")[:limit]
    )


# Planning (terms, rounds, groups, members, cadre pool, units, stations, phases) is the
# office's; a group's leader or deputy keeps its own stations' hotline and mailbox.
for _name in (
    "tours.plan",
    "tours.move_station",
    "tours.import_units",
    "tours.record_station_dates",
):
    rules.add_perm(_name, is_office_staff)
rules.add_perm("tours.edit_station_contact", is_office_staff | heads_group_of(""))
