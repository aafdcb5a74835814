"""Dashboard charts on lead disposal (registered from FindingsConfig.ready)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from findings.models import DisposalMethod, Finding, FindingStatus, Lead, LeadStatus, OutcomeForm
from inspection.dashboards.charts import counts_by_choice
from inspection.dashboards.registry import ChartData, Series, register_chart


def leads_by_disposal(user, selection):
    """Handed-over leads per disposal method, split into reported back and not yet.

    A lead handed over but not yet disposed of is shown as "未处置" so the bars add up to
    every lead handed over.
    """
    leads = selection.narrow(Lead.objects.visible_to(user)).filter(handed_over_on__isnull=False)
    rows = {
        row["disposal_method"]: row
        for row in leads.order_by()
        .values("disposal_method")
        .annotate(total=Count("pk"), reported=Count("pk", filter=Q(reported_back_on__isnull=False)))
    }
    choices = [("", _("未处置")), *DisposalMethod.choices]
    reported = [rows.get(value, {}).get("reported", 0) for value, _label in choices]
    totals = [rows.get(value, {}).get("total", 0) for value, _label in choices]
    return ChartData(
        labels=[label for _value, label in choices],
        series=[
            Series(_("已报告处置结果"), reported),
            Series(_("未报告处置结果"), [t - r for t, r in zip(totals, reported, strict=True)]),
        ],
        stacked=True,
    )


def leads_by_outcome_form(user, selection):
    """Leads per form of the four forms applied (a lead concerns one person)."""
    leads = selection.narrow(Lead.objects.visible_to(user)).filter(outcome_form__isnull=False)
    counts = dict(leads.order_by().values_list("outcome_form").annotate(n=Count("pk")))
    return ChartData(
        labels=[label for _value, label in OutcomeForm.choices],
        series=[Series(_("人数"), [counts.get(value, 0) for value, _label in OutcomeForm.choices])],
    )


def findings_by_status(user, selection):
    findings = selection.narrow(Finding.objects.visible_to(user))
    return counts_by_choice(findings, "status", FindingStatus.choices)


def leads_by_status(user, selection):
    leads = selection.narrow(Lead.objects.visible_to(user))
    return counts_by_choice(leads, "status", LeadStatus.choices)


def register():
    register_chart(
        "findings_by_status", _("发现问题按状态"), findings_by_status, section="findings", order=10
    )
    register_chart(
        "leads_by_status", _("问题线索处置情况"), leads_by_status, section="findings", order=20
    )
    register_chart(
        "leads_by_disposal",
        _("移交线索处置方式"),
        leads_by_disposal,
        section="findings",
        order=30,
    )
    register_chart(
        "leads_by_outcome_form",
        _("线索处置运用“四种形态”"),
        leads_by_outcome_form,
        section="findings",
        order=40,
    )
