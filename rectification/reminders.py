"""The deadline rules of DESIGN §4, registered with the reminder engine.

Rectification sits rightmost in the dependency order, so it may describe every app's
deadlines without the kernel importing any of them; petitions registers its own rules
(petitions/reminders.py).
Each `describe` reads recipients for all selected objects in a fixed number of queries.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from findings.models import Lead
from inspection.accounts.models import Role
from inspection.notifications.rules import DeadlineRule, Due, register_rule
from rectification.models import (
    ACTIVE_ITEM_STATUSES,
    PlanStatus,
    RectificationItem,
    RectificationPlan,
)
from tours.models import Member, MemberRole, Station, StationStatus


def _users():
    return get_user_model().objects.filter(is_active=True)


def _office_ids() -> list[int]:
    return list(_users().filter(role=Role.OFFICE).values_list("pk", flat=True))


def _by_unit(role, unit_ids) -> dict[int, list[int]]:
    """Active users of a role bound to each unit (liaisons of a unit, officials of a body)."""
    found = defaultdict(list)
    rows = _users().filter(role=role, unit_id__in=set(unit_ids)).values_list("unit_id", "pk")
    for unit_id, pk in rows:
        found[unit_id].append(pk)
    return found


def _supervisors(user_ids) -> dict[int, int]:
    rows = _users().filter(pk__in=set(user_ids), supervisor__isnull=False)
    return dict(rows.values_list("pk", "supervisor_id"))


def _group_leads(group_ids, roles=(MemberRole.LEADER, MemberRole.DEPUTY)):
    found = defaultdict(list)
    rows = Member.objects.filter(
        group_id__in=set(group_ids), role__in=roles, person__user__is_active=True
    ).values_list("group_id", "person__user_id")
    for group_id, user_id in rows:
        found[group_id].append(user_id)
    return found


def _leader_note(unit) -> str:
    if unit.leader_name:
        return _("请%(unit)s主要负责人%(name)s督促") % {"unit": unit.name, "name": unit.leader_name}
    return ""


# ---- rectification ---------------------------------------------------------------------


def _describe_items(items):
    liaisons = _by_unit(Role.LIAISON, [i.station.unit_id for i in items])
    people = [i.responsible_user_id for i in items if i.responsible_user_id]
    people += [pk for ids in liaisons.values() for pk in ids]
    supervisors = _supervisors(people)
    office = _office_ids()
    result = []
    for item in items:
        told = [item.responsible_user_id] if item.responsible_user_id else []
        told = told or liaisons.get(item.station.unit_id, [])
        bosses = {supervisors[pk] for pk in told if pk in supervisors}
        label = _("整改任务：%(unit)s · %(finding)s") % {
            "unit": item.station.unit.name,
            "finding": item.finding.title,
        }
        result.append(
            Due(
                object_id=item.pk,
                due_on=item.deadline,
                case_label=label,
                recipients=told,
                escalation=sorted(set(office) | bosses),
                url=reverse("rectification:item-detail", args=[item.pk]),
                note=_leader_note(item.station.unit),
            )
        )
    return result


def _describe_plans(kind):
    def describe(plans):
        liaisons = _by_unit(Role.LIAISON, [p.station.unit_id for p in plans])
        office = _office_ids()
        result = []
        for plan in plans:
            unit = plan.station.unit
            if kind == "plan":
                label = _("整改方案：%(unit)s") % {"unit": unit.name}
                due_on = plan.due_on
            else:
                label = _("整改情况报告：%(unit)s") % {"unit": unit.name}
                due_on = plan.report_due_on
            result.append(
                Due(
                    object_id=plan.pk,
                    due_on=due_on,
                    case_label=label,
                    recipients=liaisons.get(unit.pk, []) or office,
                    escalation=office,
                    url=reverse("rectification:station-detail", args=[plan.station_id]),
                    note=_leader_note(unit),
                )
            )
        return result

    return describe


# ---- leads, stations -------------------------------------------


def _describe_leads(leads):
    leads = list(leads)
    officials = _by_unit(Role.OFFICIAL, [lead.receiving_body_id for lead in leads])
    supervisors = _supervisors([pk for ids in officials.values() for pk in ids])
    office = _office_ids()
    result = []
    for lead in leads:
        told = officials.get(lead.receiving_body_id, []) or office
        bosses = {supervisors[pk] for pk in told if pk in supervisors}
        result.append(
            Due(
                object_id=lead.pk,
                due_on=lead.report_back_due_on,
                case_label=_("问题线索办理情况反馈：第 %(pk)d 号线索") % {"pk": lead.pk},
                recipients=told,
                escalation=sorted(set(office) | bosses),
            )
        )
    return result


def _describe_cutoffs(stations):
    stations = list(stations)
    roles = (MemberRole.LEADER, MemberRole.DEPUTY, MemberRole.LIAISON)
    members = _group_leads([s.group_id for s in stations], roles=roles)
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
            key="rectification.plan_due",
            reason=gettext_lazy("整改方案报送期限"),
            queryset=lambda: RectificationPlan.objects.filter(
                status__in=[PlanStatus.DRAFT, PlanStatus.RETURNED]
            ).select_related("station__unit"),
            due_field="due_on",
            describe=_describe_plans("plan"),
        )
    )
    register_rule(
        DeadlineRule(
            key="rectification.report_due",
            reason=gettext_lazy("整改情况报告报送期限"),
            queryset=lambda: RectificationPlan.objects.filter(
                report_submitted_on__isnull=True
            ).select_related("station__unit"),
            due_field="report_due_on",
            describe=_describe_plans("report"),
        )
    )
    register_rule(
        DeadlineRule(
            key="rectification.item_deadline",
            reason=gettext_lazy("整改任务完成时限"),
            queryset=lambda: RectificationItem.objects.filter(
                status__in=ACTIVE_ITEM_STATUSES
            ).select_related("finding", "station__unit"),
            due_field="deadline",
            describe=_describe_items,
        )
    )
    register_rule(
        DeadlineRule(
            key="findings.lead_report_back",
            reason=gettext_lazy("问题线索办理情况反馈期限"),
            queryset=lambda: Lead.objects.filter(reported_back_on__isnull=True),
            due_field="report_back_due_on",
            describe=_describe_leads,
        )
    )
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
