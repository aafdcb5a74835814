import datetime

import pytest
from django.core.management import call_command

from findings.models import Finding, FindingStatus, Lead, Report, WorkingPaper
from inspection.accounts.models import User

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Finding.objects.count(),
        WorkingPaper.objects.count(),
        Report.objects.count(),
        Lead.objects.count(),
    )


def test_demo_loader_is_idempotent_and_shows_each_stage():
    call_command("load_demo")
    call_command("load_demo_findings")
    first = _counts()
    call_command("load_demo_findings")
    assert _counts() == first == (3, 3, 1, 3)
    report = Report.objects.get()
    assert set(report.findings.values_list("status", flat=True)) == {FindingStatus.APPROVED}
    assert report.findings.count() == 2
    overdue = Lead.objects.overdue(datetime.date(2026, 1, 1))
    assert list(overdue.values_list("person_name", flat=True)) == ["王某"]
    official = User.objects.get(username="official")
    assert Lead.objects.visible_to(official).count() == 2


def test_demo_loader_skips_without_the_tour_demo():
    call_command("load_demo_findings")
    assert _counts() == (0, 0, 0, 0)
