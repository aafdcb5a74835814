"""Browser pages: the office's rectification desk and the unit liaison's portal.

Every object is first found in `visible_to(user)` (404 otherwise); every change runs a
rectification service through `run_service`, whose refusals are shown next to the form's
fields; buttons are offered by `{% transitions %}` / `{% may %}` in the templates.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from findings.models import Finding
from inspection.browser import FAILED, run_service, visible_or_404
from inspection.dashboards.ledgers import LedgerColumn, LedgerExportView
from inspection.documents import docx_response
from inspection.permissions import require
from inspection.scoping import scoped
from inspection.uploads import download_response
from inspection.views import ScopedDetailView, ScopedListView
from rectification import forms, services
from rectification.filtersets import ItemFilterSet
from rectification.models import (
    Evidence,
    ItemKind,
    ItemResult,
    ItemStatus,
    RectificationItem,
    RectificationPlan,
    SupervisionLetter,
    closed_q,
)
from rectification.transitions import ITEM_FLOW, PLAN_FLOW
from tours.models import Station

ITEM_RELATED = ("finding", "station__unit", "station__group", "responsible_user")


class PlanListView(ScopedListView):
    queryset = RectificationPlan.objects.select_related("station__unit", "station__group")
    template_name = "rectification/plan_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_list"] = plans = list(context["object_list"])
        items = RectificationItem.objects.visible_to(self.request.user)
        stations = [plan.station_id for plan in plans]
        rates = services.rates(items.filter(station_id__in=stations))
        by_station = {row["key"]: row for row in rates}
        for plan in plans:
            plan.rates = by_station.get(plan.station_id, {})
        return context


@login_required
def station_detail(request, pk, status=200, **forms_):
    station = visible_or_404(Station.objects.select_related("unit", "group", "round"), request, pk)
    plan = RectificationPlan.objects.filter(station=station).select_related("station").first()
    items = scoped(RectificationItem.objects, request.user).filter(station=station)
    findings = (
        scoped(Finding.objects.select_related("station"), request.user)
        .fed_back()
        .filter(station=station)
    )
    context = {
        "station": station,
        "plan": plan,
        "items": items.with_flags().select_related(*ITEM_RELATED),
        "findings": findings,
        "letters": scoped(SupervisionLetter.objects, request.user).filter(station=station),
        "totals": services.totals(items),
        "plan_form": forms_.get("plan_form")
        or forms.PlanForm(initial={"summary": plan.summary if plan else ""}),
        "report_form": forms_.get("report_form") or forms.ReportForm(),
        "review_form": forms_.get("review_form") or forms.ReasonForm(),
    }
    return render(request, "rectification/station_detail.html", context, status=status)


def _may_run(flow, name, request, obj):
    """A role that may not run the transition gets 403 whatever it posted (the service
    asks the same predicate again under the lock)."""
    transition = flow[name]
    require(request.user, transition.permission, obj, transition.refusal or None)


REASON = {"reason": "reason"}

# action → (transition, form, service, form's name on the page, {service arg: form field})
PLAN_ACTIONS = {
    "submit": ("submit", forms.PlanForm, services.submit_plan, "plan_form", {"summary": "summary"}),
    "report": (
        "report",
        forms.ReportForm,
        services.submit_report,
        "report_form",
        {"text": "report_text"},
    ),
    "approve": ("approve", forms.ReasonForm, services.approve_plan, "review_form", {}),
    "return": ("return", forms.ReasonForm, services.return_plan, "review_form", REASON),
}


@login_required
@require_POST
def plan_action(request, pk, action):
    station = visible_or_404(Station, request, pk)
    if action == "open":
        if run_service(request, services.open_plan, station) is not FAILED:
            messages.success(request, _("已开始整改。"))
        return redirect("rectification:station-detail", pk)
    if action not in PLAN_ACTIONS:
        raise Http404
    name, form_class, service, form_name, arguments = PLAN_ACTIONS[action]
    plan = get_object_or_404(RectificationPlan.objects.select_related("station"), station=station)
    _may_run(PLAN_FLOW, name, request, plan)
    form = form_class(request.POST)
    done = FAILED
    if form.is_valid():
        kwargs = {arg: form.cleaned_data[field] for arg, field in arguments.items()}
        done = run_service(request, service, plan, form=form, field_map=arguments, **kwargs)
    if done is FAILED:
        return station_detail(request, pk, status=400, **{form_name: form})
    messages.success(request, _("已保存。"))
    return redirect("rectification:station-detail", pk)


class ItemListView(ScopedListView):
    queryset = RectificationItem.objects.with_flags().select_related(*ITEM_RELATED)
    template_name = "rectification/item_list.html"

    def get_queryset(self):
        self.filterset = ItemFilterSet(self.request.GET, queryset=super().get_queryset())
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        return context


class ItemDetailView(ScopedDetailView):
    queryset = RectificationItem.objects.with_flags().select_related(*ITEM_RELATED, "plan")
    template_name = "rectification/item_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        context["progress"] = item.progress_reports.select_related("reported_by").prefetch_related(
            "evidence"
        )
        context["progress_form"] = kwargs.get("progress_form") or forms.ProgressForm()
        context["review_form"] = kwargs.get("review_form") or forms.ClosureReviewForm()
        context["letters"] = item.letters.all()
        return context


def _progress(request, item):
    form = forms.ProgressForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, FAILED
    text, files = form.cleaned_data["text"], form.cleaned_data["evidence"]
    done = run_service(request, services.report_progress, item, form=form, text=text, files=files)
    return form, done


def _request_closure(request, item):
    return None, run_service(request, services.request_closure, item)


def _approve(request, item):
    form = forms.ClosureReviewForm(request.POST)
    if not form.is_valid():
        return form, FAILED
    result = form.cleaned_data["result"]
    return form, run_service(request, services.approve_closure, item, form=form, result=result)


def _return(request, item):
    form = forms.ClosureReviewForm(request.POST)
    if not form.is_valid():
        return form, FAILED
    reason = form.cleaned_data["reason"]
    return form, run_service(request, services.return_closure, item, form=form, reason=reason)


# action → (transition, runner, form's name on the page)
ITEM_ACTIONS = {
    "progress": ("progress", _progress, "progress_form"),
    "request-closure": ("request_closure", _request_closure, None),
    "approve": ("approve_closure", _approve, "review_form"),
    "return": ("return_closure", _return, "review_form"),
}


@login_required
@require_POST
def item_action(request, pk, action):
    item = visible_or_404(RectificationItem.objects.select_related("station"), request, pk)
    if action not in ITEM_ACTIONS:
        raise Http404
    name, run, form_name = ITEM_ACTIONS[action]
    _may_run(ITEM_FLOW, name, request, item)
    form, done = run(request, item)
    if done is FAILED:
        view = ItemDetailView(request=request, kwargs={"pk": pk})
        view.object = view.get_object()
        context = view.get_context_data(**({form_name: form} if form is not None else {}))
        return render(request, view.template_name, context, status=400)
    messages.success(request, _("已保存。"))
    return redirect("rectification:item-detail", pk)


@login_required
def item_create(request, finding_pk):
    finding = visible_or_404(Finding.objects.select_related("station__unit"), request, finding_pk)
    require(request.user, "rectification.add_item", finding)
    form = forms.ItemForm(request.POST or None, unit=finding.station.unit)
    if request.method == "POST" and form.is_valid():
        item = run_service(request, services.create_item, finding, form=form, **form.cleaned_data)
        if item is not FAILED:
            return redirect("rectification:item-detail", item.pk)
    return render(request, "rectification/item_form.html", {"form": form, "finding": finding})


@login_required
def evidence_download(request, pk):
    evidence = visible_or_404(Evidence, request, pk)
    return download_response(
        evidence.file.open("rb"),
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


class RectificationLedger(LedgerExportView):
    """The rectification ledger (整改台账), filtered like the item list."""

    model = RectificationItem
    sheet_title = gettext_lazy("整改台账")
    filename = "rectification-ledger"
    columns = [
        LedgerColumn(gettext_lazy("编号"), "id"),
        LedgerColumn(gettext_lazy("被巡视单位"), "station__unit__name"),
        LedgerColumn(gettext_lazy("问题"), "finding__title"),
        LedgerColumn(gettext_lazy("整改措施"), "measures"),
        LedgerColumn(gettext_lazy("整改类型"), "kind", labels=dict(ItemKind.choices)),
        LedgerColumn(gettext_lazy("责任领导"), "responsible_leader"),
        LedgerColumn(gettext_lazy("责任部门"), "responsible_department"),
        LedgerColumn(gettext_lazy("责任人"), "responsible_person"),
        LedgerColumn(gettext_lazy("完成时限"), "deadline"),
        LedgerColumn(gettext_lazy("验收标准"), "acceptance_standard"),
        LedgerColumn(gettext_lazy("状态"), "status", labels=dict(ItemStatus.choices)),
        LedgerColumn(gettext_lazy("整改结果"), "result", labels=dict(ItemResult.choices)),
        LedgerColumn(gettext_lazy("退回次数"), "return_count"),
    ]

    def filter_queryset(self, queryset):
        items = ItemFilterSet(self.request.GET, queryset=queryset).qs
        return items.order_by("station_id", "deadline", "id")


@login_required
def rates_page(request):
    items = scoped(RectificationItem.objects, request.user)
    by = request.GET.get("by", "station")
    if by not in services.GROUPINGS:
        by = "station"
    context = {"rows": services.rates(items, by=by), "totals": services.totals(items), "by": by}
    return render(request, "rectification/rates.html", context)


class LetterListView(ScopedListView):
    queryset = SupervisionLetter.objects.select_related("station__unit")
    template_name = "rectification/letter_list.html"


class LetterDetailView(ScopedDetailView):
    queryset = SupervisionLetter.objects.select_related("station__unit", "station__group")
    template_name = "rectification/letter_detail.html"


@login_required
def letter_create(request, pk):
    station = visible_or_404(Station, request, pk)
    require(request.user, "rectification.issue_letter", station)
    items = scoped(RectificationItem.objects, request.user).filter(station=station)
    items = items.exclude(closed_q()).select_related("finding")
    form = forms.LetterForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        letter = run_service(request, services.issue_letter, station, form=form, **data)
        if letter is not FAILED:
            return redirect("rectification:letter-detail", letter.pk)
    return render(request, "rectification/letter_form.html", {"form": form, "station": station})


@login_required
def letter_download(request, pk):
    letter = visible_or_404(SupervisionLetter.objects.select_related("station__unit"), request, pk)
    return docx_response(services.letter_docx(letter), f"{letter.number}.docx")
