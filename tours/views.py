"""Browser pages for tours. Every query starts from visible_to(user); changes call services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspection.excel import XLSX_CONTENT_TYPE, write_sheet
from inspection.figures import figures_for, station_figures
from inspection.scoping import scoped
from inspection.views import ScopedDetailView, ScopedListView, object_history
from tours import coverage, imports, services
from tours.filtersets import StationFilter
from tours.forms import (
    ContactForm,
    GroupForm,
    MemberForm,
    RoundForm,
    StationForm,
    TransitionForm,
    UnitImportForm,
    add_service_errors,
)
from tours.models import InspectionGroup, Member, Round, Station, StationStatus, Term


class StationListView(ScopedListView):
    queryset = Station.objects.select_related("group", "unit", "round")
    template_name = "tours/station_list.html"

    def get_queryset(self):
        self.filterset = StationFilter(self.request.GET or None, queryset=super().get_queryset())
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class StationDetailView(ScopedDetailView):
    queryset = Station.objects.select_related("group", "unit", "round", "revisits__round")
    template_name = "tours/station_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        station, user = self.object, self.request.user
        values = figures_for(Station.objects.filter(pk=station.pk), user).get(station.pk, {})
        context["figures"] = [(f.label, values.get(f.key)) for f in station_figures()]
        to = services.next_phase(station)
        if user.is_office_staff and to:
            context["next_phase"] = StationStatus(to)
            context["transition_form"] = kwargs.get("transition_form") or TransitionForm(
                station=station, to=to
            )
        if services.may_edit_contact(user, station):
            context["contact_form"] = kwargs.get("contact_form") or ContactForm(instance=station)
        context["phases"] = _phase_steps(station)
        return context


def _phase_steps(station):
    order = list(StationStatus)
    current = order.index(station.status)
    return [(phase.label, i < current, i == current) for i, phase in enumerate(order)]


def _station_for(request, pk):
    return get_object_or_404(
        scoped(Station.objects.select_related("group", "unit", "round"), request.user), pk=pk
    )


def _render_station(request, station, **forms):
    view = StationDetailView()
    view.setup(request, pk=station.pk)
    view.object = station
    return render(request, view.template_name, view.get_context_data(object=station, **forms))


@login_required
@require_POST
def station_transition(request, pk):
    station = _station_for(request, pk)
    form = TransitionForm(request.POST, station=station, to=request.POST.get("to", ""))
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.transition(request.user, station, data.pop("to"), **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("阶段已更新。"))
            return redirect("tours:station-detail", pk=pk)
    return _render_station(request, station, transition_form=form)


@login_required
@require_POST
def station_contact(request, pk):
    station = _station_for(request, pk)
    form = ContactForm(request.POST, instance=Station.objects.get(pk=station.pk))
    if form.is_valid():
        try:
            services.update_station_contact(
                request.user, station, **{k: form.cleaned_data[k] for k in form.fields}
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("值班电话和信箱已更新。"))
            return redirect("tours:station-detail", pk=pk)
    return _render_station(request, station, contact_form=form)


def station_history(request, pk):
    return object_history(request, Station.objects.all(), pk)


class TermListView(ScopedListView):
    queryset = Term.objects.prefetch_related("rounds")
    template_name = "tours/term_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.is_office_staff:
            context["blank_round_form"] = RoundForm()
            context["round_form"] = kwargs.get("round_form") or context["blank_round_form"]
            context["round_form_term"] = kwargs.get("round_form_term")
        return context


@login_required
@require_POST
def round_create(request, pk):
    """A new round of a term, from the small form under the term on the term list."""
    if not request.user.is_office_staff:
        raise PermissionDenied
    term = get_object_or_404(scoped(Term.objects.all(), request.user), pk=pk)
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            round_ = services.save_round(request.user, term=term, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已新建轮次，请组建巡视组。"))
            return redirect("tours:round-plan", pk=round_.pk)
    view = TermListView()
    view.setup(request)
    view.object_list = view.get_queryset()
    context = view.get_context_data(round_form=form, round_form_term=term.pk)
    return render(request, view.template_name, context)


@login_required
@require_POST
def member_remove(request, pk):
    member = get_object_or_404(scoped(Member.objects.all(), request.user), pk=pk)
    round_id = member.group.round_id
    services.remove_member(request.user, member)
    messages.success(
        request,
        _("已将%(person)s移出%(group)s。") % {"person": member.person, "group": member.group},
    )
    return redirect("tours:round-plan", pk=round_id)


@login_required
def term_coverage(request, pk):
    term = get_object_or_404(scoped(Term.objects.all(), request.user), pk=pk)
    stations = Station.objects.visible_to(request.user)
    return render(
        request,
        "tours/coverage.html",
        {
            "term": term,
            "total": coverage.totals(term, stations),
            "sectors": coverage.sector_shares(term, stations),
            "units": coverage.gaps_first(coverage.units_with_state(term, stations)),
            "candidates": coverage.look_back_candidates(term, stations)[:50],
        },
    )


# -- planning a round on one page ----------------------------------------------------------

PLAN_FORMS = {"group": GroupForm, "member": MemberForm, "station": StationForm}


def _plan_forms(round_, bound=None, posted=None):
    forms = {}
    for name, form_class in PLAN_FORMS.items():
        data = posted if name == bound else None
        kwargs = {} if form_class is GroupForm else {"round_": round_}
        forms[name] = form_class(data, prefix=name, **kwargs)
    return forms


def _save_plan(request, round_, action, form):
    data, user = form.cleaned_data, request.user
    if action == "group":
        return services.create_group(user, round_, data["number"], data["name"])
    if action == "member":
        return services.add_member(user, data["group"], data["person"], data["role"])
    return services.create_station(
        user,
        round_=round_,
        group=data["group"],
        unit=data["unit"],
        batch=data["batch"],
        planned_entry_on=data["planned_entry_on"],
        planned_onsite_end_on=data["planned_onsite_end_on"],
        revisits=data["revisits"],
    )


@login_required
def round_plan(request, pk):
    round_ = get_object_or_404(scoped(Round.objects.select_related("term"), request.user), pk=pk)
    forms = _plan_forms(round_)
    if request.method == "POST":
        if not request.user.is_office_staff:
            raise PermissionDenied
        action = request.POST.get("action")
        if action not in PLAN_FORMS:
            return redirect("tours:round-plan", pk=pk)
        forms = _plan_forms(round_, action, request.POST)
        form = forms[action]
        if form.is_valid():
            try:
                _save_plan(request, round_, action, form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已保存。"))
                return redirect("tours:round-plan", pk=pk)
    groups = (
        scoped(InspectionGroup.objects.filter(round=round_), request.user)
        .prefetch_related(
            Prefetch("members", Member.objects.select_related("person__home_unit")),
            Prefetch("stations", Station.objects.select_related("unit").order_by("batch", "pk")),
        )
        .order_by("number")
    )
    return render(
        request,
        "tours/round_plan.html",
        {
            "round": round_,
            "groups": groups,
            "forms": forms,
            "can_plan": request.user.is_office_staff,
        },
    )


@login_required
def unit_import(request):
    if not request.user.is_office_staff:
        raise PermissionDenied
    form, errors = UnitImportForm(), []
    if request.GET.get("template"):
        return _import_template()
    if request.method == "POST":
        form = UnitImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = imports.import_units(request.user, upload, upload.name)
            errors = result.errors
            if not errors:
                messages.success(
                    request,
                    _("导入完成：新增 %(created)d 个，更新 %(updated)d 个单位。")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("tours:unit-import")
    return render(
        request,
        "tours/unit_import.html",
        {"form": form, "errors": errors, "columns": imports.columns()},
    )


def _import_template():
    """An empty workbook with the import headers (no example rows that could be imported)."""
    header = [column.header for column in imports.columns()]
    response = HttpResponse(write_sheet("units", header, []), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="units-template.xlsx"'
    return response
