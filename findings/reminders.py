"""The lead report-back deadline (DESIGN §4), registered with the reminder engine.

Open leads are those handed over and not yet reported back (`Lead.objects.awaiting_report_back`,
the same condition `Lead.objects.overdue()` narrows to the past due dates). The receiving
body's officials are told, the office when the body has none; escalation reaches the office
and the officials' supervisors.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from findings.models import Lead
from inspection.accounts.models import Role
from inspection.notifications.recipients import office_ids, supervisors, users_by_unit
from inspection.notifications.rules import DeadlineRule, Due, register_rule


def describe_leads(leads):
    leads = list(leads)
    officials = users_by_unit(Role.OFFICIAL, [lead.receiving_body_id for lead in leads])
    told_ids = {pk for ids in officials.values() for pk in ids}
    bosses = supervisors(told_ids)
    office = office_ids()
    result = []
    for lead in leads:
        told = officials.get(lead.receiving_body_id, []) or office
        boss_ids = {bosses[pk] for pk in told if pk in bosses}
        result.append(
            Due(
                object_id=lead.pk,
                due_on=lead.report_back_due_on,
                case_label=_("问题线索办理情况反馈：第 %(pk)d 号线索") % {"pk": lead.pk},
                recipients=told,
                escalation=sorted(set(office) | boss_ids),
                url=reverse("findings:lead-detail", args=[lead.pk]),
            )
        )
    return result


def register_rules():
    register_rule(
        DeadlineRule(
            key="findings.lead_report_back",
            reason=gettext_lazy("问题线索办理情况反馈期限"),
            queryset=lambda: Lead.objects.awaiting_report_back(),
            due_field="report_back_due_on",
            describe=describe_leads,
        )
    )
