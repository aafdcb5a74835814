"""Browser pages for tours. Every query starts from visible_to(user); changes call services.

Each write view asks first the permission its service asks (403 before the form is read),
then runs the service with `inspection.browser.run_service`, which shows its refusals next to
the form's fields. Buttons come from `{% transitions %}` and `{% may %}` in the templates.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspection.browser import run_service, visible_or_404
from inspection.excel import XLSX_CONTENT_TYPE, write_sheet
from inspection.figures import figures_for, station_figures
from inspection.permissions import may, require
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
)
from tours.models import InspectionGroup, Member, Round, Station, StationStatus, Term
from tours.transitions import INTO_PHASE, STATION_FLOW


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
        context["phase_forms"] = _phase_forms(station, kwargs.get("transition_form"))
        context["contact_form"] = kwargs.get("contact_form") or ContactForm(instance=station)
        context["phases"] = _phase_steps(station)
        return context


def _phase_forms(station, bound=None):
    """(transition, phase label, form) for every phase move; the template shows those that
    `{% transitions %}` offers (the bound form, when a move was refused, replaces its own)."""
    forms = []
    for move in STATION_FLOW:
        if move.target is None:
            continue
        to = str(move.target)
        form = bound if bound is not None and bound["to"].value() == to else None
        forms.append(
            (move, StationStatus(to).label, form or TransitionForm(station=station, to=to))
        )
    return forms


def _phase_steps(station):
    order = list(StationStatus)
    current = order.index(station.status)
    return [(phase.label, i < current, i == current) for i, phase in enumerate(order)]


def _station_for(request, pk):
    return visible_or_404(Station.objects.select_related("group", "unit", "round"), request, pk)


def _render_station(request, station, status=200, **forms):
    view = StationDetailView()
    view.setup(request, pk=station.pk)
    view.object = station
    context = view.get_context_data(object=station, **forms)
    return render(request, view.template_name, context, status=status)


@login_required
@require_POST
def station_transition(request, pk):
    """Move the station into the phase `to`; a move the station no longer offers (another
    request made it first) answers 409 with the reason as a message."""
    station = _station_for(request, pk)
    require(request.user, "tours.move_station", station)
    form = TransitionForm(request.POST, station=station, to=request.POST.get("to", ""))
    if form.is_valid():
        data = dict(form.cleaned_data)
        if run_service(request, services.transition, station, form=form, **data) is not None:
            messages.success(request, _("阶段已更新。"))
            return redirect("tours:station-detail", pk=pk)
        station = _station_for(request, pk)
        name = INTO_PHASE.get(data["to"])
        if name is not None and not STATION_FLOW.allows(name, request.user, station):
            for error in form.non_field_errors():
                messages.error(request, error)
            return _render_station(request, station, status=409)
    return _render_station(request, station, transition_form=form)


@login_required
@require_POST
def station_contact(request, pk):
    station = _station_for(request, pk)
    require(request.user, "tours.edit_station_contact", station)
    form = ContactForm(request.POST, instance=Station.objects.get(pk=station.pk))
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        if run_service(request, services.update_station_contact, station, form=form, **data):
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
        if may(self.request.user, "tours.plan"):
            context["blank_round_form"] = RoundForm()
            context["round_form"] = kwargs.get("round_form") or context["blank_round_form"]
            context["round_form_term"] = kwargs.get("round_form_term")
        return context


@login_required
@require_POST
def round_create(request, pk):
    """A new round of a term, from the small form under the term on the term list."""
    term = visible_or_404(Term, request, pk)
    require(request.user, "tours.plan")
    form = RoundForm(request.POST)
    if form.is_valid():
        round_ = run_service(
            request, services.save_round, form=form, term=term, **form.cleaned_data
        )
        if round_ is not None:
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
    member = visible_or_404(Member.objects.select_related("group", "person"), request, pk)
    round_id = member.group.round_id
    run_service(request, services.remove_member, member)
    messages.success(
        request,
        _("已将%(person)s移出%(group)s。") % {"person": member.person, "group": member.group},
    )
    return redirect("tours:round-plan", pk=round_id)


@login_required
def term_coverage(request, pk):
    term = visible_or_404(Term, request, pk)
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
            "state_labels": coverage.STATE_LABELS,
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
    data = form.cleaned_data
    if action == "group":
        return run_service(
            request, services.create_group, round_, data["number"], data["name"], form=form
        )
    if action == "member":
        return run_service(
            request,
            services.add_member,
            data["group"],
            data["person"],
            data["role"],
            form=form,
        )
    return run_service(
        request,
        services.create_station,
        form=form,
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
    round_ = visible_or_404(Round.objects.select_related("term"), request, pk)
    forms = _plan_forms(round_)
    if request.method == "POST":
        require(request.user, "tours.plan", round_)
        action = request.POST.get("action")
        if action not in PLAN_FORMS:
            return redirect("tours:round-plan", pk=pk)
        forms = _plan_forms(round_, action, request.POST)
        form = forms[action]
        if form.is_valid() and _save_plan(request, round_, action, form) is not None:
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
        },
    )


@login_required
def unit_import(request):
    require(request.user, "tours.import_units")
    form, errors = UnitImportForm(), []
    if request.GET.get("template"):
        return _import_template()
    if request.method == "POST":
        form = UnitImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = run_service(request, imports.import_units, upload, upload.name, form=form)
            errors = result.errors if result is not None else []
            if result is not None and not errors:
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
