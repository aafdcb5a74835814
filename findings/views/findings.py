"""Finding pages: the list and its ledger, logging on site, editing, sign-off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from findings import forms, services
from findings.filtersets import FindingFilter
from findings.models import Finding, ResponsibleKind, Severity, WorkingPaper
from findings.models.finding import FindingStatus
from inspection.browser import require_somewhere, run_service, visible_or_404
from inspection.dashboards.ledgers import LedgerColumn, LedgerExportView, yes_no
from inspection.views import ScopedDetailView, ScopedListView, object_history

SOURCE_FIELDS = services.SOURCE_FIELDS

# Transitions offered as buttons on the finding's page (name → service).
FINDING_ACTIONS = {
    "review": services.review_finding,
    "approve": services.approve_finding,
    "return": services.return_finding,
}


class FindingListView(ScopedListView):
    queryset = Finding.objects.for_list()
    template_name = "findings/finding_list.html"

    def get_queryset(self):
        self.filterset = FindingFilter(
            self.request.GET, queryset=super().get_queryset(), request=self.request
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class FindingDetailView(ScopedDetailView):
    queryset = Finding.objects.for_list().select_related("report")
    template_name = "findings/finding_detail.html"

    def get_context_data(self, **kwargs):
        user, finding = self.request.user, self.object
        papers = WorkingPaper.objects.visible_to(user).filter(finding=finding)
        return super().get_context_data(
            papers=papers.select_related("prepared_by"),
            buttons=list(FINDING_ACTIONS),
            **kwargs,
        )


@login_required
def finding_create(request):
    """Log a finding on site, optionally with its working paper and a photo, in one step."""
    finding_form = forms.FindingForm(request.POST or None, user=request.user)
    require_somewhere(request, "findings.log_finding")
    paper_form = forms.QuickPaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and finding_form.is_valid() and paper_form.is_valid():
        data = dict(finding_form.cleaned_data)
        station = data.pop("station")
        relations = {name: data.pop(name) for name in SOURCE_FIELDS}
        paper = None
        if paper_form.has_paper():
            paper = {
                k: paper_form.cleaned_data[k]
                for k in ("source", "facts_who", "facts_what", "facts_when")
            }
        photo = paper_form.cleaned_data.get("photo")
        # Errors about the paper's fields go next to them; the photo's upload check names "file".
        paper_fields = {name: name for name in paper_form.fields}
        finding = run_service(
            request,
            _log_on_site,
            station,
            relations,
            paper,
            [photo] if photo else [],
            data,
            form=_Both(finding_form, paper_form),
            field_map={**paper_fields, "file": "photo"},
        )
        if finding is not None:
            messages.success(request, _("问题已登记。"))
            return redirect("findings:finding-detail", finding.pk)
    return render(
        request,
        "findings/finding_form.html",
        {"form": finding_form, "paper_form": paper_form},
    )


def _log_on_site(user, station, relations, paper, uploads, data):
    return services.log_finding_on_site(
        user, station, relations, paper=paper, uploads=uploads, **data
    )


class _Both:
    """Two forms shown as one: an error goes to the form that has the field."""

    def __init__(self, main, extra):
        self.main, self.extra = main, extra
        self.fields = {**main.fields, **extra.fields}

    def add_error(self, field, errors):
        target = self.extra if field in self.extra.fields else self.main
        target.add_error(field if field in target.fields else None, errors)


@login_required
def finding_edit(request, pk):
    finding = visible_or_404(Finding, request, pk)
    form = forms.FindingForm(request.POST or None, instance=finding, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        relations = {name: data.pop(name) for name in SOURCE_FIELDS}
        finding.refresh_from_db()
        if run_service(request, services.update_finding, finding, relations, form=form, **data):
            messages.success(request, _("已保存。"))
            return redirect("findings:finding-detail", finding.pk)
    return render(request, "findings/finding_form.html", {"form": form, "object": finding})


@require_POST
@login_required
def finding_transition(request, pk, action):
    finding = visible_or_404(Finding, request, pk)
    service = FINDING_ACTIONS.get(action)
    if service is not None and run_service(request, service, finding):
        messages.success(request, _("操作成功。"))
    return redirect("findings:finding-detail", pk)


def finding_history(request, pk):
    return object_history(request, Finding.objects.all(), pk)


class FindingLedger(LedgerExportView):
    """The finding ledger (问题清单), filtered like the list."""

    model = Finding
    sheet_title = gettext_lazy("问题清单")
    filename = "findings"
    columns = [
        LedgerColumn(gettext_lazy("编号"), "id"),
        LedgerColumn(gettext_lazy("巡视组"), "station__group__name"),
        LedgerColumn(gettext_lazy("被巡视单位"), "station__unit__name"),
        LedgerColumn(gettext_lazy("问题"), "title"),
        LedgerColumn(gettext_lazy("问题类别"), "category__name", render=lambda v: v or ""),
        LedgerColumn(gettext_lazy("严重程度"), "severity", labels=dict(Severity.choices)),
        LedgerColumn(
            gettext_lazy("责任主体类型"), "responsible_kind", labels=dict(ResponsibleKind.choices)
        ),
        LedgerColumn(gettext_lazy("责任主体"), "responsible_name"),
        LedgerColumn(gettext_lazy("立行立改"), "immediate_rectification", render=yes_no),
        LedgerColumn(gettext_lazy("立行立改通知编号"), "rectification_notice_number"),
        LedgerColumn(gettext_lazy("状态"), "status", labels=dict(FindingStatus.choices)),
    ]

    def filter_queryset(self, queryset):
        return FindingFilter(self.request.GET, queryset=queryset, request=self.request).qs
