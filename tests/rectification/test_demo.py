import pytest
from django.core.management import call_command

from inspection.notifications.models import Notification
from rectification.models import ItemStatus, RectificationItem, RectificationPlan

pytestmark = pytest.mark.django_db


def test_demo_loader_is_idempotent():
    call_command("load_demo")
    call_command("load_demo_rectification")
    call_command("load_demo_rectification")
    plan = RectificationPlan.objects.get(station__unit__name="四川省国土资源厅")
    assert plan.status == "submitted"
    items = RectificationItem.objects.filter(station=plan.station)
    assert items.count() == 5
    assert items.filter(status=ItemStatus.CLOSED).count() == 1
    assert plan.station.feedback_on is not None
    # Overdue items and the passed plan deadline produced reminders for the liaison.
    assert Notification.objects.filter(recipient__username="liaison").exists()
