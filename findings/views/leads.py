"""Lead pages: the ledger (an official's queue), registering, the lifecycle, handover letters."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, ExpressionWrapper
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from findings import documents, forms, services
from findings.filtersets import LeadFilter
from findings.models import (
    CadreLevel,
    DisposalMethod,
    Finding,
    HandoverLetter,
    Lead,
    LeadQuerySet,
    LeadStatus,
    OutcomeForm,
)
from findings.transitions import LEAD_FLOW
from findings.views._common import available, form_errors
from inspection.browser import require_somewhere, run_service, visible_or_404
from inspection.dashboards.ledgers import LedgerColumn, LedgerExportView, yes_no
from inspection.documents import docx_response
from inspection.views import ScopedDetailView, ScopedListView, object_history


def with_overdue(queryset):
    return queryset.annotate(
        is_overdue=ExpressionWrapper(LeadQuerySet.overdue_q(), output_field=BooleanField())
    )


def _hand_over_one(user, lead, receiving_body, handed_over_on=None):
    return services.hand_over_lead(user, lead, receiving_body, handed_over_on)


# Transition → (form class or None, service) for the lead's page.
LEAD_ACTIONS = {
    "approve": (None, services.approve_lead),
    "hand_over": (forms.HandOverOneForm, _hand_over_one),
    "acknowledge": (forms.AcknowledgeForm, services.acknowledge_lead),
    "dispose": (forms.DisposeForm, services.dispose_lead),
    "report_back": (forms.ReportBackForm, services.report_back),
    "close": (None, services.close_lead),
}


class LeadListView(ScopedListView):
    """The lead ledger; for an official, the queue of what was handed to their body."""

    queryset = Lead.objects.for_list()
    template_name = "findings/lead_list.html"

    def get_queryset(self):
        self.filterset = LeadFilter(
            self.request.GET, queryset=super().get_queryset(), request=self.request
        )
        return with_overdue(self.filterset.qs).order_by("report_back_due_on", "id")

    def get_context_data(self, **kwargs):
        transfers_url = None
        if self.request.user.is_official:
            try:
                transfers_url = reverse("petitions:transfer-list")
            except NoReverseMatch:
                transfers_url = None
        return super().get_context_data(
            filter=self.filterset, transfers_url=transfers_url, **kwargs
        )


class LeadDetailView(ScopedDetailView):
    queryset = Lead.objects.for_list()
    template_name = "findings/lead_detail.html"

    def get_queryset(self):
        return with_overdue(super().get_queryset())

    def get_context_data(self, **kwargs):
        user, lead = self.request.user, self.object
        can = available(LEAD_FLOW, user, lead)
        action_forms = {}
        for name, (form_class, _service) in LEAD_ACTIONS.items():
            if name not in can:
                continue
            form = None
            if form_class is forms.HandOverOneForm:
                form = form_class(initial={"receiving_body": lead.receiving_body_id})
            elif form_class is not None:
                form = form_class()
            action_forms[name] = (can[name], form)
        return super().get_context_data(
            action_forms=action_forms,
            linked_findings=Finding.objects.visible_to(user).filter(leads=lead),
            **kwargs,
        )


@require_POST
@login_required
def lead_transition(request, pk, action):
    lead = visible_or_404(Lead, request, pk)
    if action not in LEAD_ACTIONS:
        return redirect("findings:lead-detail", pk)
    form_class, service = LEAD_ACTIONS[action]
    data = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            form_errors(request, form)
            return redirect("findings:lead-detail", pk)
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    if run_service(request, service, lead, **data):
        messages.success(request, _("操作成功。"))
    return redirect("findings:lead-detail", pk)


@login_required
def lead_create(request):
    form = forms.LeadForm(request.POST or None, user=request.user)
    require_somewhere(request, "findings.register_lead")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        station = data.pop("station")
        relations = {"findings": data.pop("findings")}
        lead = run_service(request, services.register_lead, station, relations, form=form, **data)
        if lead:
            messages.success(request, _("线索已登记。"))
            return redirect("findings:lead-detail", lead.pk)
    return render(request, "findings/simple_form.html", {"form": form, "title": _("登记问题线索")})


@login_required
def lead_edit(request, pk):
    lead = visible_or_404(Lead, request, pk)
    form = forms.LeadForm(request.POST or None, instance=lead, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        relations = {"findings": data.pop("findings")}
        lead.refresh_from_db()
        if run_service(request, services.update_lead, lead, relations, form=form, **data):
            messages.success(request, _("已保存。"))
            return redirect("findings:lead-detail", lead.pk)
    return render(request, "findings/simple_form.html", {"form": form, "title": _("修改问题线索")})


def lead_history(request, pk):
    return object_history(request, Lead.objects.all(), pk)


class LeadLedger(LedgerExportView):
    """The lead ledger (线索台账), filtered like the list, overdue from the one rule."""

    model = Lead
    sheet_title = gettext_lazy("线索台账")
    filename = "leads"
    columns = [
        LedgerColumn(gettext_lazy("编号"), "id"),
        LedgerColumn(gettext_lazy("巡视组"), "station__group__name"),
        LedgerColumn(gettext_lazy("被巡视单位"), "station__unit__name"),
        LedgerColumn(gettext_lazy("反映对象"), "person_name"),
        LedgerColumn(gettext_lazy("职务"), "person_position"),
        LedgerColumn(gettext_lazy("干部管理权限"), "cadre_level", labels=dict(CadreLevel.choices)),
        LedgerColumn(gettext_lazy("移交机关"), "receiving_body__name", render=lambda v: v or ""),
        LedgerColumn(
            gettext_lazy("移交函编号"), "handover_letter__number", render=lambda v: v or ""
        ),
        LedgerColumn(gettext_lazy("移交日期"), "handed_over_on"),
        LedgerColumn(gettext_lazy("反馈期限"), "report_back_due_on"),
        LedgerColumn(gettext_lazy("签收日期"), "acknowledged_on"),
        LedgerColumn(
            gettext_lazy("处置方式"), "disposal_method", labels=dict(DisposalMethod.choices)
        ),
        LedgerColumn(gettext_lazy("运用形态"), "outcome_form", labels=dict(OutcomeForm.choices)),
        LedgerColumn(gettext_lazy("反馈日期"), "reported_back_on"),
        LedgerColumn(gettext_lazy("状态"), "status", labels=dict(LeadStatus.choices)),
        LedgerColumn(gettext_lazy("逾期"), "is_overdue", render=yes_no),
    ]

    def get_queryset(self):
        return with_overdue(super().get_queryset())

    def filter_queryset(self, queryset):
        queryset = LeadFilter(self.request.GET, queryset=queryset, request=self.request).qs
        return queryset.order_by("report_back_due_on", "id")


class HandoverLetterDetailView(ScopedDetailView):
    queryset = HandoverLetter.objects.select_related("receiving_body", "sent_by")
    template_name = "findings/letter_detail.html"

    def get_context_data(self, **kwargs):
        leads = (
            Lead.objects.visible_to(self.request.user)
            .filter(handover_letter=self.object)
            .select_related("station__unit")
        )
        return super().get_context_data(leads=leads, **kwargs)


@login_required
def letter_create(request):
    """Office staff put several approved leads to one body in one numbered letter."""
    ready = LEAD_FLOW["hand_over"].source
    approved = (
        Lead.objects.visible_to(request.user)
        .filter(status__in=ready)
        .select_related("station__unit", "receiving_body")
    )
    form = forms.HandOverForm(request.POST or None, leads=approved)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        letter = run_service(
            request,
            services.create_letter,
            data["leads"],
            data["receiving_body"],
            data["handed_over_on"],
            form=form,
        )
        if letter:
            messages.success(request, _("移交函已生成。"))
            return redirect("findings:letter-detail", letter.pk)
    return render(request, "findings/letter_form.html", {"form": form})


@login_required
def letter_docx(request, pk):
    letter = visible_or_404(HandoverLetter, request, pk)
    return docx_response(*documents.handover_letter(letter, request.user))
