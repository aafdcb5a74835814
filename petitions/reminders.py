"""The petitions app's deadline rules (DESIGN §4), registered from PetitionsConfig.ready().

- routing: a registered or assessing petition is routed within 5 Chinese working days;
- transfer reply: the receiving body replies within 60 calendar days of the transfer;
- acceptance notice: for a named accusation, the reporter is told of the acceptance within
  15 Chinese working days of the transfer (`notice_due_on`), reminded until the body replies.
Each `describe` reads its recipients for all selected objects in a fixed number of queries.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspection.accounts.models import Role
from inspection.notifications.recipients import office_ids, users_by_unit
from inspection.notifications.rules import DeadlineRule, Due, register_rule, working_days
from petitions.models import OPEN_STATUSES, Petition, Transfer, TransferStatus
from tours.models import Station
from tours.reminders import group_members


def _describe_petitions(petitions):
    petitions = list(petitions)
    groups = dict(
        Station.objects.filter(pk__in={p.station_id for p in petitions}).values_list(
            "pk", "group_id"
        )
    )
    heads = group_members(groups.values())
    office = office_ids()
    return [
        Due(
            object_id=p.pk,
            due_on=p.routing_due_on,
            case_label=_("信访件分办：%(number)s") % {"number": p.number},
            recipients=heads.get(groups.get(p.station_id), []) or office,
            escalation=office,
            url=reverse("petitions:petition-detail", args=[p.pk]),
        )
        for p in petitions
    ]


def _describe_transfers(kind):
    def describe(transfers):
        transfers = list(transfers)
        officials = users_by_unit(Role.OFFICIAL, [t.receiving_body_id for t in transfers])
        office = office_ids()
        result = []
        for t in transfers:
            number = t.letter_number or t.pk
            if kind == "notice":
                label = _("实名检举控告受理告知：%(number)s") % {"number": number}
                due_on = t.notice_due_on
            else:
                label = _("转办件回复：%(number)s") % {"number": number}
                due_on = t.reply_due_on
            result.append(
                Due(
                    object_id=t.pk,
                    due_on=due_on,
                    case_label=label,
                    recipients=officials.get(t.receiving_body_id, []) or office,
                    escalation=office,
                )
            )
        return result

    return describe


def register_rules():
    register_rule(
        DeadlineRule(
            key="petitions.routing",
            reason=gettext_lazy("信访件分办期限"),
            queryset=lambda: Petition.objects.filter(status__in=OPEN_STATUSES),
            due_field="routing_due_on",
            describe=_describe_petitions,
            days=working_days,
        )
    )
    register_rule(
        DeadlineRule(
            key="petitions.transfer_reply",
            reason=gettext_lazy("转办件回复期限"),
            queryset=lambda: Transfer.objects.filter(status=TransferStatus.SENT),
            due_field="reply_due_on",
            describe=_describe_transfers("reply"),
        )
    )
    register_rule(
        DeadlineRule(
            key="petitions.transfer_notice",
            reason=gettext_lazy("实名检举控告受理告知期限"),
            queryset=lambda: Transfer.objects.filter(
                status=TransferStatus.SENT, notice_due_on__isnull=False
            ),
            due_field="notice_due_on",
            describe=_describe_transfers("notice"),
            days=working_days,
        )
    )
