"""Report pages: assembling, the committee's approval, feedback, the Word documents; figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from findings import documents, figures, forms, services
from findings.models import Finding, Report
from findings.transitions import REPORT_FLOW
from findings.views._common import available, form_errors
from inspection.browser import run_service, visible_or_404
from inspection.documents import docx_response
from inspection.permissions import may
from inspection.views import ScopedDetailView, ScopedListView

# Transition → (form, service) for the report's page.
REPORT_ACTIONS = {
    "approve": (forms.ApproveReportForm, services.approve_report),
    "feed_back": (forms.FeedBackForm, services.feed_back_report),
}


class ReportListView(ScopedListView):
    queryset = Report.objects.select_related("station__group", "station__unit")
    template_name = "findings/report_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = forms.AssembleForm(user=user)
        stations = form.fields["station"].queryset
        # Offered to office staff and to the leader of at least one of the listed stations.
        offered = any(may(user, "findings.assemble_report", s) for s in stations[:200])
        return super().get_context_data(assemble_form=form if offered else None, **kwargs)


class ReportDetailView(ScopedDetailView):
    queryset = Report.objects.select_related("station__group", "station__unit")
    template_name = "findings/report_detail.html"

    def get_context_data(self, **kwargs):
        user, report = self.request.user, self.object
        findings = (
            Finding.objects.visible_to(user)
            .filter(report=report)
            .select_related("category")
            .order_by("category__order", "id")
        )
        can = available(REPORT_FLOW, user, report)
        return super().get_context_data(
            grouped=documents._by_category(findings),
            action_forms={
                name: (can[name], form_class())
                for name, (form_class, _service) in REPORT_ACTIONS.items()
                if name in can
            },
            **kwargs,
        )


@require_POST
@login_required
def report_assemble(request):
    form = forms.AssembleForm(request.POST, user=request.user)
    if form.is_valid():
        report = run_service(
            request,
            services.assemble_report,
            form.cleaned_data["station"],
            form.cleaned_data["drafted_on"],
        )
        if report:
            messages.success(request, _("报告已按审定的问题汇总。"))
            return redirect("findings:report-detail", report.pk)
    else:
        messages.error(request, _("请选择进驻。"))
    return redirect("findings:report-list")


@require_POST
@login_required
def report_transition(request, pk, action):
    report = visible_or_404(Report, request, pk)
    if action not in REPORT_ACTIONS:
        return redirect("findings:report-detail", pk)
    form_class, service = REPORT_ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    elif run_service(request, service, report, **form.cleaned_data):
        messages.success(request, _("操作成功。"))
    return redirect("findings:report-detail", pk)


@login_required
def report_docx(request, pk, kind):
    report = visible_or_404(Report, request, pk)
    if kind not in ("draft", "feedback") or (kind == "draft" and request.user.is_liaison):
        raise Http404  # the unit receives the feedback opinion, never the group's draft
    build = documents.report_draft if kind == "draft" else documents.feedback_opinion
    return docx_response(*build(report, request.user))


@login_required
def figures_view(request):
    by = request.GET.get("by", "station")
    if by not in figures.GROUPINGS:
        by = "station"
    rows = figures.summary(request.user, by)
    categories = sorted({name for row in rows for name in row["findings_by_category"]})
    for row in rows:
        row["category_cells"] = [row["findings_by_category"].get(name, 0) for name in categories]
    return render(
        request,
        "findings/figures.html",
        {"rows": rows, "by": by, "groupings": figures.GROUPING_LABELS, "categories": categories},
    )
