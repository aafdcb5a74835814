"""Leads (问题线索): registered by the group or the office, approved and handed over by the
office in numbered letters (移交函), acknowledged, disposed of and reported back on by the
receiving body, closed by the office."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from findings import conf
from findings.models import HandoverLetter, Lead
from findings.models.lead import MEASURE_FIELDS
from findings.services._common import number, set_related
from findings.transitions import LEAD_FLOW
from inspection.dates import add_months
from inspection.permissions import require
from inspection.validation import COUNT_LIMITS, check_count
from tours.models import RECEIVING_BODY_KINDS

LINK_FIELDS = ("findings", "petitions")


def _validate_receiving_body(body, field="receiving_body"):
    if body is not None and body.kind not in RECEIVING_BODY_KINDS:
        raise ValidationError({field: [_("移交机关须为纪委监委、组织部或其他主管部门。")]})


def _validate_lead(lead):
    errors = {}
    if not lead.person_name.strip():
        errors["person_name"] = [_("请填写反映对象。")]
    if not lead.facts.strip():
        errors["facts"] = [_("请填写主要问题。")]
    if errors:
        raise ValidationError(errors)
    _validate_receiving_body(lead.receiving_body)


@transaction.atomic
def register_lead(user, station, relations=None, **fields) -> Lead:
    require(user, "findings.register_lead", station, _("只有本组成员可以执行此操作。"))
    lead = Lead(station=station, registered_by=user, **fields)
    _validate_lead(lead)
    lead.save()
    set_related(lead, relations or {}, LINK_FIELDS)
    return lead


def update_lead(user, lead, relations=None, **fields) -> Lead:
    fields.pop("station", None)  # a lead never moves between stations
    with LEAD_FLOW.run("edit", user, lead) as lead:
        for name, value in fields.items():
            setattr(lead, name, value)
        _validate_lead(lead)
        set_related(lead, relations or {}, LINK_FIELDS)
    return lead


def approve_lead(user, lead, approved_on=None) -> Lead:
    with LEAD_FLOW.run("approve", user, lead) as lead:
        lead.approved_by, lead.approved_on = user, approved_on or timezone.localdate()
    return lead


def report_back_due(lead, handed_over_on) -> datetime.date:
    return add_months(handed_over_on, conf.report_back_months(lead.station.round.term.level))


def hand_over(user, leads, receiving_body, handed_over_on=None, letter=None) -> HandoverLetter:
    """Hand approved leads to one receiving body in a numbered letter (new, or one given).

    The leads are locked and checked first; only then is a new letter numbered, so a refused
    or losing concurrent request consumes no number and leaves no empty letter.
    """
    leads = list(leads)
    if not leads:
        raise ValidationError({"leads": [_("请选择要移交的线索。")]})
    check_count(leads, "leads_per_letter", "leads")
    if receiving_body is None:
        raise ValidationError({"receiving_body": [_("请选择移交机关。")]})
    _validate_receiving_body(receiving_body)
    with LEAD_FLOW.run_many("hand_over", user, leads) as locked:
        if letter is None:
            handed_over_on = handed_over_on or timezone.localdate()
            letter = HandoverLetter.objects.create(
                number=number("handover", handed_over_on),
                receiving_body=receiving_body,
                sent_on=handed_over_on,
                sent_by=user,
            )
        else:
            letter = HandoverLetter.objects.select_for_update().get(pk=letter.pk)
            if letter.receiving_body_id != receiving_body.pk:
                raise ValidationError({"letter": [_("移交函的接收机关与所选机关不一致。")]})
            already = letter.leads.count()
            if already + len(locked) > COUNT_LIMITS["leads_per_letter"]:
                raise ValidationError(
                    {
                        "letter": [
                            _("一份移交函最多%(limit)s条线索。")
                            % {"limit": COUNT_LIMITS["leads_per_letter"]}
                        ]
                    }
                )
            handed_over_on = letter.sent_on
        for lead in locked:
            lead.receiving_body = receiving_body
            lead.handover_letter = letter
            lead.handed_over_on = handed_over_on
            lead.report_back_due_on = report_back_due(lead, handed_over_on)
    return letter


def hand_over_lead(user, lead, receiving_body=None, handed_over_on=None, letter=None) -> Lead:
    """One lead, in a new letter or in an existing `letter` to the same body."""
    hand_over(user, [lead], receiving_body or lead.receiving_body, handed_over_on, letter)
    lead.refresh_from_db()
    return lead


def create_letter(user, leads, receiving_body, sent_on=None) -> HandoverLetter:
    """A new numbered letter carrying several approved leads to one body."""
    return hand_over(user, leads, receiving_body, sent_on)


def acknowledge_lead(user, lead, acknowledged_on=None) -> Lead:
    with LEAD_FLOW.run("acknowledge", user, lead) as lead:
        acknowledged_on = acknowledged_on or timezone.localdate()
        if acknowledged_on < lead.handed_over_on:
            raise ValidationError({"acknowledged_on": [_("签收日期不能早于移交日期。")]})
        lead.acknowledged_by, lead.acknowledged_on = user, acknowledged_on
    return lead


def dispose_lead(user, lead, disposal_method="", disposed_on=None) -> Lead:
    with LEAD_FLOW.run("dispose", user, lead) as lead:
        if not disposal_method:
            raise ValidationError({"disposal_method": [_("请选择处置方式。")]})
        lead.disposal_method = disposal_method
        lead.disposed_on = disposed_on or timezone.localdate()
        lead.full_clean(exclude=[f.name for f in Lead._meta.fields if f.name != "disposal_method"])
    return lead


def report_back(
    user, lead, reported_back_on=None, outcome_form=None, outcome_summary="", **counts
) -> Lead:
    """The receiving body's report on the lead: the outcome and the people per measure."""
    unknown = set(counts) - set(MEASURE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("未知字段。")] for name in sorted(unknown)})
    with LEAD_FLOW.run("report_back", user, lead) as lead:
        errors = {}
        for field in MEASURE_FIELDS:
            value = counts.get(field) or 0
            if int(value) < 0:
                errors[field] = [_("人次不能为负数。")]
            setattr(lead, field, int(value))
        if not (outcome_summary or "").strip():
            errors["outcome_summary"] = [_("请填写办理结果。")]
        if errors:
            raise ValidationError(errors)
        lead.outcome_form = outcome_form or None
        lead.outcome_summary = outcome_summary.strip()
        lead.reported_back_on = reported_back_on or timezone.localdate()
        lead.full_clean(
            exclude=[f.name for f in Lead._meta.fields if f.name not in ("outcome_summary",)]
        )
    return lead


def close_lead(user, lead) -> Lead:
    with LEAD_FLOW.run("close", user, lead) as lead:
        pass
    return lead
