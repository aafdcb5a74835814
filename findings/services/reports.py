"""The station's report (巡视报告): assembled from its approved findings by the leader,
approved by the committee and fed back to the unit (both recorded by office staff)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from findings.models import Finding, FindingStatus, Report
from findings.services._common import acting, bulk_set, number
from findings.transitions import FINDING_FLOW, REPORT_FLOW
from inspection.permissions import require
from tours import services as tours_services
from tours.models import Station


@transaction.atomic
def assemble_report(user, station, drafted_on=None) -> Report:
    """(Re)build the station's draft report from exactly its approved findings."""
    require(user, "findings.assemble_report", station, _("只有本组组长可以汇总报告。"))
    # One report per station: concurrent assemblies of one station wait for each other.
    Station.objects.select_for_update().filter(pk=station.pk).exists()
    approved = Finding.objects.select_for_update().filter(
        station=station, status=FindingStatus.APPROVED
    )
    if not approved.exists():
        raise ValidationError({"findings": [_("该进驻还没有经组长审定的问题。")]})
    drafted_on = drafted_on or timezone.localdate()
    report = Report.objects.filter(station=station).first()
    if report is None:
        report = Report.objects.create(
            station=station,
            number=number("report", drafted_on),
            drafted_on=drafted_on,
            drafted_by=user,
        )
    else:
        with REPORT_FLOW.run("reassemble", user, report) as report:
            report.drafted_on, report.drafted_by = drafted_on, user
        bulk_set(report.findings.filter(~Q(status=FindingStatus.APPROVED)), user, report=None)
    bulk_set(approved.filter(Q(report__isnull=True) | ~Q(report=report)), user, report=report)
    return report


def approve_report(user, report, approved_on=None, approving_body="") -> Report:
    """The committee approved the report: its findings are now reported."""
    with REPORT_FLOW.run("approve", user, report) as report:
        errors = {}
        if not approved_on:
            errors["approved_on"] = [_("请填写审议日期。")]
        if not (approving_body or "").strip():
            errors["approving_body"] = [_("请填写审议机构。")]
        if errors:
            raise ValidationError(errors)
        report.approved_on, report.approving_body = approved_on, approving_body.strip()
        report.full_clean(exclude=["station", "drafted_by"])
        findings = report.findings.filter(status=FindingStatus.APPROVED)
        with acting(user), FINDING_FLOW.run_many("report", user, findings):
            pass
        tours_services.record_report(user, report.station, approved_on)
    return report


def feed_back_report(user, report, fed_back_on=None, fed_back_to="") -> Report:
    """Feedback to the unit's leadership team: the findings become the unit's problem list."""
    with REPORT_FLOW.run("feed_back", user, report) as report:
        if not fed_back_on:
            raise ValidationError({"fed_back_on": [_("请填写反馈日期。")]})
        report.fed_back_on = fed_back_on
        report.fed_back_to = (fed_back_to or "").strip() or _("%(unit)s领导班子") % {
            "unit": report.station.unit.name
        }
        report.full_clean(exclude=["station", "drafted_by"])
        tours_services.record_feedback(user, report.station, fed_back_on)
        findings = report.findings.filter(status=FindingStatus.REPORTED)
        with acting(user), FINDING_FLOW.run_many("feed_back", user, findings):
            pass
        # Numbered last: a refusal above consumes no number.
        report.feedback_number = number("feedback", fed_back_on)
    return report
