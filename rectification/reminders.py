"""Rectification's deadline rules of DESIGN §4, registered with the reminder engine.

Each app registers its own rules (the petition cut-off in tours.reminders, petitions and
transfers in petitions.reminders, leads in findings.reminders). Each `describe` reads
recipients for all selected objects in a fixed number of queries
(inspection.notifications.recipients).
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspection.accounts.models import Role
from inspection.notifications.recipients import office_ids, supervisors, users_by_unit
from inspection.notifications.rules import DeadlineRule, Due, register_rule
from rectification.models import PlanStatus, RectificationItem, RectificationPlan


def _leader_note(unit) -> str:
    if unit.leader_name:
        return _("请%(unit)s主要负责人%(name)s督促") % {"unit": unit.name, "name": unit.leader_name}
    return ""


# ---- rectification ---------------------------------------------------------------------


def _describe_items(items):
    liaisons = users_by_unit(Role.LIAISON, [i.station.unit_id for i in items])
    people = [i.responsible_user_id for i in items if i.responsible_user_id]
    people += [pk for ids in liaisons.values() for pk in ids]
    bosses_of = supervisors(people)
    office = office_ids()
    result = []
    for item in items:
        told = [item.responsible_user_id] if item.responsible_user_id else []
        told = told or liaisons.get(item.station.unit_id, [])
        bosses = {bosses_of[pk] for pk in told if pk in bosses_of}
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
        liaisons = users_by_unit(Role.LIAISON, [p.station.unit_id for p in plans])
        office = office_ids()
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
            queryset=lambda: RectificationItem.objects.active().select_related(
                "finding", "station__unit"
            ),
            due_field="deadline",
            describe=_describe_items,
        )
    )
