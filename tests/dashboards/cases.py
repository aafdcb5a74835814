"""Case data on both sides of the role world, for the dashboard and scope-walk tests."""

import datetime

from django.utils import timezone

from findings.models import Finding, FindingStatus, Lead, LeadStatus
from petitions.models import Channel, Petition, Transfer
from rectification.models import ItemStatus, RectificationItem
from tours.models import StationStatus, Unit, UnitKind


def _petition(station, channel, n):
    return Petition.objects.create(
        station=station,
        number=f"XF-{n}",
        channel=channel,
        received_at=timezone.now(),
        summary="反映某单位问题",
    )


def add_cases(w):
    """Adds petitions, findings, leads and rectification items on both sides of the world.

    Group A's station is on site with three petitions, a draft and a fed-back finding, a lead
    handed to body A and one not yet handed over, and three rectification items; group B's
    station is rectifying, with one petition (transferred to body A), an approved finding, a
    lead handed to body B and one item. A third unit of the term (a university) has no station yet.
    """
    w.station_b.status = StationStatus.RECTIFYING
    w.station_b.save()
    w.unit_c = Unit.objects.create(name="甲省理工大学", kind=UnitKind.UNIVERSITY)
    w.term.units.add(w.unit_c)

    _petition(w.station_a, Channel.HOTLINE, 1)
    _petition(w.station_a, Channel.HOTLINE, 2)
    _petition(w.station_a, Channel.MAILBOX, 3)
    transferred = _petition(w.station_b, Channel.VISIT, 4)
    Transfer.objects.create(
        petition=transferred,
        receiving_body=w.body_a,
        sent_on=datetime.date(2024, 4, 1),
        reply_due_on=datetime.date(2024, 5, 1),
    )

    draft = Finding.objects.create(station=w.station_a, title="问题一")
    fed_back = Finding.objects.create(
        station=w.station_a, title="问题二", status=FindingStatus.FED_BACK
    )
    Finding.objects.create(station=w.station_b, title="问题三", status=FindingStatus.APPROVED)
    assert draft.status == FindingStatus.DRAFT

    Lead.objects.create(
        station=w.station_a,
        person_name="某甲",
        receiving_body=w.body_a,
        status=LeadStatus.HANDED_OVER,
        handed_over_on=datetime.date(2024, 5, 1),
    )
    Lead.objects.create(station=w.station_a, person_name="某乙")
    Lead.objects.create(
        station=w.station_b,
        person_name="某丙",
        receiving_body=w.body_b,
        status=LeadStatus.HANDED_OVER,
        handed_over_on=datetime.date(2024, 5, 1),
    )

    def item(station, deadline, status):
        return RectificationItem.objects.create(
            station=station, finding=fed_back, measures="整改措施", deadline=deadline, status=status
        )

    item(w.station_a, datetime.date(2024, 5, 10), ItemStatus.CLOSED)
    item(w.station_a, datetime.date(2024, 5, 20), ItemStatus.IN_PROGRESS)
    item(w.station_a, datetime.date(2024, 6, 15), ItemStatus.OPEN)
    item(w.station_b, datetime.date(2024, 5, 5), ItemStatus.OPEN)
    return w
