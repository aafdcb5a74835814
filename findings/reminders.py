"""The lead report-back deadline (DESIGN §4), registered with the reminder engine.

Open leads are those handed over and not yet reported back (`Lead.objects.awaiting_report_back`,
the same condition `Lead.objects.overdue()` narrows to the past due dates). The receiving
body's officials are told, the office when the body has none; escalation reaches the office
and the officials' supervisors.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from findings.models import Lead
from inspection.accounts.models import Role
from inspection.notifications.rules import DeadlineRule, Due, register_rule


def _active_users():
    return get_user_model().objects.filter(is_active=True)


def _officials_by_body(body_ids) -> dict[int, list[int]]:
    found = defaultdict(list)
    rows = _active_users().filter(role=Role.OFFICIAL, unit_id__in=set(body_ids))
    for unit_id, pk in rows.values_list("unit_id", "pk"):
        found[unit_id].append(pk)
    return found


def describe_leads(leads):
    leads = list(leads)
    officials = _officials_by_body([lead.receiving_body_id for lead in leads])
    told_ids = {pk for ids in officials.values() for pk in ids}
    supervisors = dict(
        _active_users()
        .filter(pk__in=told_ids, supervisor__isnull=False)
        .values_list("pk", "supervisor_id")
    )
    office = list(_active_users().filter(role=Role.OFFICE).values_list("pk", flat=True))
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
