"""Petitions registers its own deadline rules, including the named reporter's notice date."""

import datetime

import pytest

from inspection.notifications import services as notifications
from inspection.notifications.models import Notification, Reminder
from inspection.notifications.rules import get_rule
from petitions import services
from petitions.models import TransferStatus
from tests.petitions.helpers import register

D = datetime.date


def test_rules_are_registered_by_petitions():
    for key in ("petitions.routing", "petitions.transfer_reply", "petitions.transfer_notice"):
        assert get_rule(key).describe.__module__ == "petitions.reminders"


@pytest.mark.django_db
def test_named_accusation_transfer_is_reminded_of_its_notice_date_until_replied(users):
    petition = register(users.office, users.station_a, reporter={"name": "实名举报人"})
    services.triage(users.office, petition, in_scope=True, routing_class="accusation")
    record = services.transfer(
        users.office, petition, receiving_body=users.body_a, sent_on=D(2024, 4, 12)
    )
    anonymous = register(users.office, users.station_a, "匿名反映问题")
    services.triage(users.office, anonymous, in_scope=True, routing_class="accusation")
    other = services.transfer(
        users.office, anonymous, receiving_body=users.body_a, sent_on=D(2024, 4, 12)
    )
    assert record.notice_due_on is not None and other.notice_due_on is None
    assert record.notice_due_on > D(2024, 4, 12) + datetime.timedelta(days=15)  # working days
    notifications.sweep(record.notice_due_on)
    reminders = Reminder.objects.filter(rule="petitions.transfer_notice")
    assert list(reminders.values_list("object_id", flat=True)) == [record.pk]
    told = Notification.objects.filter(reminder__rule="petitions.transfer_notice")
    assert set(told.values_list("recipient", flat=True)) == {users.official_a.pk}
    services.record_reply(users.official_a, record, replied_on=D(2024, 5, 6))
    assert record.status == TransferStatus.REPLIED
    notifications.sweep(record.notice_due_on + datetime.timedelta(days=7))
    assert reminders.count() == 1
