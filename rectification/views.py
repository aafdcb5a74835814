"""Browser pages: the office's rectification desk and the unit liaison's portal.

Every object is first found in `visible_to(user)` (404 otherwise); every change goes through
rectification.services, whose errors are shown next to the field they name.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from findings.models import FED_BACK_STATUSES, Finding
from inspection.excel import write_sheet
from inspection.scoping import scoped
from inspection.views import ScopedDetailView, ScopedListView
from rectification import forms, services
from rectification.filtersets import ItemFilterSet
from rectification.models import (
    Evidence,
    ItemStatus,
    RectificationItem,
    RectificationPlan,
    SupervisionLetter,
)
from tours.models import Station

ITEM_RELATED = ("finding", "station__unit", "station__group", "responsible_user")


def _show_errors(request, form, error: ValidationError):
    """Put a service's field errors on the form (or as messages when the form lacks it)."""
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            if form is not None and field in form.fields:
                form.add_error(field, message)
            else:
                messages.error(request, message)


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
def station_detail(request, pk, plan_form=None, report_form=None, review_form=None):
    station = get_object_or_404(
        scoped(Station.objects.select_related("unit", "group", "round"), request.user), pk=pk
    )
    plan = RectificationPlan.objects.filter(station=station).first()
    items = scoped(RectificationItem.objects, request.user).filter(station=station)
    findings = scoped(Finding.objects, request.user).filter(
        station=station, status__in=FED_BACK_STATUSES
    )
    context = {
        "station": station,
        "plan": plan,
        "items": items.select_related(*ITEM_RELATED),
        "findings": findings,
        "letters": scoped(SupervisionLetter.objects, request.user).filter(station=station),
        "totals": services.totals(items),
        "plan_form": plan_form or forms.PlanForm(initial={"summary": plan.summary if plan else ""}),
        "report_form": report_form or forms.ReportForm(),
        "review_form": review_form or forms.ReasonForm(),
        "can_act": request.user.is_office_staff
        or (request.user.is_liaison and request.user.unit_id == station.unit_id),
    }
    return render(request, "rectification/station_detail.html", context)


@login_required
@require_POST
def plan_action(request, pk, action):
    station = get_object_or_404(scoped(Station.objects, request.user), pk=pk)
    form = None
    try:
        if action == "open":
            services.open_plan(station)
            return redirect("rectification:station-detail", pk)
        plan = get_object_or_404(RectificationPlan, station=station)
        if action == "submit":
            form = forms.PlanForm(request.POST)
            services.submit_plan(plan, request.user, request.POST.get("summary", ""))
        elif action == "report":
            form = forms.ReportForm(request.POST)
            services.submit_report(plan, request.user, request.POST.get("report_text", ""))
        elif action in ("approve", "return"):
            form = forms.ReasonForm(request.POST)
            services.review_plan(
                plan, request.user, action == "approve", request.POST.get("reason", "")
            )
        else:
            raise Http404
    except ValidationError as error:
        form.is_valid() if form is not None else None
        _show_errors(request, form, error)
        key = {"submit": "plan_form", "report": "report_form"}.get(action, "review_form")
        return station_detail(request, pk, **{key: form})
    messages.success(request, _("已保存。"))
    return redirect("rectification:station-detail", pk)


class ItemListView(ScopedListView):
    queryset = RectificationItem.objects.select_related(*ITEM_RELATED)
    template_name = "rectification/item_list.html"

    def get_queryset(self):
        self.filterset = ItemFilterSet(self.request.GET, queryset=super().get_queryset())
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["today"] = timezone.localdate()
        return context


class ItemDetailView(ScopedDetailView):
    queryset = RectificationItem.objects.select_related(*ITEM_RELATED, "plan")
    template_name = "rectification/item_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        user = self.request.user
        context["progress"] = item.progress_reports.select_related("reported_by").prefetch_related(
            "evidence"
        )
        context["progress_form"] = kwargs.get("progress_form") or forms.ProgressForm()
        context["review_form"] = kwargs.get("review_form") or forms.ClosureReviewForm()
        context["can_act"] = user.is_office_staff or (
            user.is_liaison and user.unit_id == item.station.unit_id
        )
        context["letters"] = item.letters.all()
        return context


@login_required
@require_POST
def item_action(request, pk, action):
    item = get_object_or_404(scoped(RectificationItem.objects, request.user), pk=pk)
    form = None
    try:
        if action == "progress":
            form = forms.ProgressForm(request.POST, request.FILES)
            files = request.FILES.getlist("evidence")
            services.report_progress(item, request.user, request.POST.get("text", ""), files)
        elif action == "request-closure":
            services.request_closure(item, request.user)
        elif action == "approve":
            form = forms.ClosureReviewForm(request.POST)
            services.approve_closure(item, request.user, request.POST.get("result", ""))
        elif action == "return":
            form = forms.ClosureReviewForm(request.POST)
            services.return_closure(item, request.user, request.POST.get("reason", ""))
        else:
            raise Http404
    except ValidationError as error:
        if form is not None:
            form.is_valid()
        _show_errors(request, form, error)
        view = ItemDetailView(request=request, kwargs={"pk": pk})
        view.object = view.get_object()
        key = "progress_form" if action == "progress" else "review_form"
        context = view.get_context_data(**({key: form} if form is not None else {}))
        return render(request, view.template_name, context, status=400)
    messages.success(request, _("已保存。"))
    return redirect("rectification:item-detail", pk)


@login_required
def item_create(request, finding_pk):
    finding = get_object_or_404(
        scoped(Finding.objects.select_related("station__unit"), request.user), pk=finding_pk
    )
    unit = finding.station.unit
    form = forms.ItemForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_item(finding, request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(request, form, error)
        else:
            return redirect("rectification:item-detail", item.pk)
    return render(request, "rectification/item_form.html", {"form": form, "finding": finding})


@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(scoped(Evidence.objects, request.user), pk=pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type or "application/octet-stream",
    )


@login_required
def ledger_export(request):
    items = ItemFilterSet(
        request.GET, queryset=scoped(RectificationItem.objects, request.user)
    ).qs.order_by("station_id", "deadline", "id")
    header = [
        _("编号"),
        _("被巡视单位"),
        _("问题"),
        _("整改措施"),
        _("整改类型"),
        _("责任领导"),
        _("责任部门"),
        _("责任人"),
        _("完成时限"),
        _("验收标准"),
        _("状态"),
        _("整改结果"),
        _("退回次数"),
    ]
    rows = (
        [
            item.pk,
            item.station.unit.name,
            item.finding.title,
            item.measures,
            item.get_kind_display(),
            item.responsible_leader,
            item.responsible_department,
            item.responsible_person,
            item.deadline,
            item.acceptance_standard,
            item.get_status_display(),
            item.get_result_display(),
            item.return_count,
        ]
        for item in items.select_related("station__unit", "finding").iterator(chunk_size=2000)
    )
    content = write_sheet(_("整改台账"), header, rows)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="rectification-ledger.xlsx"'
    return response


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
    station = get_object_or_404(scoped(Station.objects, request.user), pk=pk)
    items = scoped(RectificationItem.objects, request.user).filter(station=station)
    items = items.exclude(status=ItemStatus.CLOSED).select_related("finding")
    form = forms.LetterForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.issue_letter(
                station,
                request.user,
                form.cleaned_data["kind"],
                form.cleaned_data["items"],
                form.cleaned_data["body"],
                form.cleaned_data["new_deadline"],
            )
        except ValidationError as error:
            _show_errors(request, form, error)
        else:
            return redirect("rectification:letter-detail", letter.pk)
    return render(request, "rectification/letter_form.html", {"form": form, "station": station})


@login_required
def letter_download(request, pk):
    letter = get_object_or_404(
        scoped(SupervisionLetter.objects.select_related("station__unit"), request.user), pk=pk
    )
    response = HttpResponse(
        services.letter_docx(letter),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="letter-{letter.pk}.docx"'
    return response
