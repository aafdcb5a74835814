"""The tours app's deadline rule and the group lookup other apps' rules share.

- petition cut-off: the group's leader, deputy and liaison are told before the station stops
  accepting petitions (a reminder only: late petitions are still registered and marked).
"""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspection.notifications.rules import DeadlineRule, Due, register_rule
from tours.models import Member, MemberRole, Station, StationStatus

HEADS = (MemberRole.LEADER, MemberRole.DEPUTY)


def group_members(group_ids, roles=HEADS) -> dict[int, list[int]]:
    """Active users holding one of `roles` in each group (leader and deputy by default)."""
    found = defaultdict(list)
    rows = Member.objects.filter(
        group_id__in=set(group_ids), role__in=roles, person__user__is_active=True
    ).values_list("group_id", "person__user_id")
    for group_id, user_id in rows:
        found[group_id].append(user_id)
    return found


def _describe_cutoffs(stations):
    stations = list(stations)
    roles = (*HEADS, MemberRole.LIAISON)
    members = group_members([s.group_id for s in stations], roles=roles)
    return [
        Due(
            object_id=s.pk,
            due_on=s.petition_cutoff_on,
            case_label=_("受理信访截止：%(group)s → %(unit)s") % {"group": s.group, "unit": s.unit},
            recipients=members.get(s.group_id, []),
        )
        for s in stations
    ]


def register_rules():
    register_rule(
        DeadlineRule(
            key="tours.petition_cutoff",
            reason=gettext_lazy("受理信访截止日期"),
            queryset=lambda: Station.objects.filter(status=StationStatus.ON_SITE).select_related(
                "group", "unit"
            ),
            due_field="petition_cutoff_on",
            describe=_describe_cutoffs,
            remind_overdue=False,
        )
    )
