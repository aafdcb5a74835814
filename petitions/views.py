"""Browser pages: register, intake, triage queue, petition page, transfer, reveal, Excel."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from inspection.browser import require_somewhere, run_service, visible_or_404
from inspection.dashboards.ledgers import LedgerColumn, LedgerExportView
from inspection.excel import XLSX_CONTENT_TYPE
from inspection.permissions import may, require
from inspection.scoping import scoped
from inspection.uploads import download_response
from inspection.views import ScopedDetailView, ScopedListView, object_history
from petitions import reveals, services
from petitions.api.serializers import petition_queryset
from petitions.duplicates import suggest_duplicates
from petitions.figures import petition_figures
from petitions.filtersets import PetitionFilter, RevealLogFilter
from petitions.forms import (
    AttachmentForm,
    ConcludeForm,
    DuplicateForm,
    ImportForm,
    IntakeForm,
    PersonFormSet,
    ReplyForm,
    RevealForm,
    RevealReasonForm,
    TransferForm,
    TriageForm,
)
from petitions.models import Attachment, Petition, RevealKind, RevealLog, RevealReason, Transfer
from petitions.register_excel import export_register, import_register
from petitions.transitions import PETITION_FLOW
from tours.models import Round, Station, Term


def _visible(request, pk):
    return visible_or_404(Petition, request, pk)


# Reported people shown per register row (the row says how many there are in all).
REGISTER_PEOPLE = 5


def _filtered(request, people_limit=REGISTER_PEOPLE):
    base = scoped(petition_queryset(request.user, people_limit), request.user)
    filterset = PetitionFilter(request.GET, queryset=base, request=request)
    try:
        qs = filterset.qs if filterset.is_valid() else base.none()
    except ValidationError as exc:
        for field, msgs in exc.message_dict.items():
            filterset.form.add_error(field if field in filterset.form.fields else None, msgs)
        qs = base.none()
    return filterset, qs


class PetitionListView(ScopedListView):
    """The register: filters, Chinese fragment search, export."""

    template_name = "petitions/petition_list.html"

    def get_queryset(self):
        self.filterset, qs = _filtered(self.request)
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["today"] = timezone.localdate()
        return context


class TriageQueueView(ScopedListView):
    """Open petitions, the nearest routing deadline first."""

    template_name = "petitions/triage_queue.html"

    def get_queryset(self):
        qs = scoped(petition_queryset(self.request.user, REGISTER_PEOPLE), self.request.user)
        return qs.open().order_by("routing_due_on", "received_at", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        return context


class PetitionDetailView(ScopedDetailView):
    template_name = "petitions/petition_detail.html"

    def get_queryset(self):
        return scoped(petition_queryset(self.request.user), self.request.user).select_related(
            "duplicate_of"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        petition, user = self.object, self.request.user
        may_triage = PETITION_FLOW.allows("assess", user, petition)
        context.update(
            today=timezone.localdate(),
            duplicates=suggest_duplicates(petition, user) if may_triage else [],
            # Scoped prefetch (petition_queryset): an official sees only their body's transfers.
            transfers=petition.transfers.all(),
            attachments=petition.attachments.all(),
            reply_form=ReplyForm(initial={"replied_on": timezone.localdate()}),
            suggestion=services.suggest_routing(petition),
            reporter=services.masked_identity(petition),
            same_reporter_count=reveals.same_reporter_count(user, petition),
        )
        if may_triage:
            suggestion = context["suggestion"]
            context["triage_form"] = kwargs.get("triage_form") or TriageForm(
                initial={
                    "routing_class": suggestion["routing_class"],
                    "in_scope": "1" if petition.in_scope is not False else "0",
                }
            )
        if PETITION_FLOW.allows("conclude", user, petition):
            context["conclude_form"] = ConcludeForm()
        if may(user, "petitions.act", petition):
            context["attachment_form"] = kwargs.get("attachment_form") or AttachmentForm()
        return context


@login_required
def intake(request):
    """One-page entry for a hotline operator or a mailbox clerk."""
    user = request.user
    require_somewhere(request, "petitions.register")
    form = IntakeForm(request.POST or None, user=user)
    people = PersonFormSet(request.POST or None, prefix="people")
    if request.method == "POST" and form.is_valid() and people.is_valid():
        data = form.cleaned_data
        reporter = None
        if data["named"]:
            reporter = services.ReporterData(
                name=data["reporter_name"],
                phone=data["reporter_phone"],
                id_number=data["reporter_id_number"],
                address=data["reporter_address"],
                work_unit=data["reporter_work_unit"],
            )
        try:
            petition = run_service(
                request,
                services.register_petition,
                form=form,
                station=form.station_object(),
                channel=data["channel"],
                received_at=data["received_at"],
                summary=data["summary"],
                content=data["content"],
                disciplines=data["disciplines"],
                people=[services.PersonData(**p) for p in people.cleaned_data if p.get("name")],
                reporter=reporter,
            )
        except PermissionDenied:
            form.add_error("station", _("您无权向该进驻登记信访件。"))
            petition = None
        if petition is not None:
            messages.success(request, _("已登记，登记编号：%s") % petition.number)
            if "another" in request.POST:
                return redirect("petitions:intake")
            return redirect("petitions:petition-detail", petition.pk)
    return render(request, "petitions/intake.html", {"form": form, "people": people})


def _act(request, pk, form_class, service, template=None, **extra):
    """POST a form to a service for a visible petition; errors go back next to the fields."""
    petition = _visible(request, pk)
    require(request.user, "petitions.act", petition)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, **{k: v(form.cleaned_data) for k, v in extra.items()}}
        if run_service(request, service, petition, form=form, **data) is not None:
            messages.success(request, _("已保存。"))
            return redirect("petitions:petition-detail", petition.pk)
    if template is None:
        messages.error(request, _("；").join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("petitions:petition-detail", petition.pk)
    return render(request, template, {"form": form, "petition": petition})


@login_required
@require_POST
def triage(request, pk):
    return _act(request, pk, TriageForm, services.triage)


@login_required
def transfer(request, pk):
    return _act(request, pk, TransferForm, services.transfer, "petitions/transfer_form.html")


@login_required
@require_POST
def confirm_duplicate(request, pk):
    return _act(
        request,
        pk,
        DuplicateForm,
        services.confirm_duplicate,
        original=lambda data: _visible(request, data["original"]),
    )


@login_required
@require_POST
def conclude(request, pk):
    return _act(request, pk, ConcludeForm, services.conclude)


@login_required
@require_POST
def record_reply(request, pk):
    """The receiving body's reply to a transfer (its officials, or office staff)."""
    record = visible_or_404(Transfer, request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        if run_service(request, services.record_reply, record, **form.cleaned_data) is not None:
            messages.success(request, _("已保存。"))
    else:
        messages.error(request, _("；").join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("petitions:petition-detail", record.petition_id)


@login_required
@require_POST
def upload_attachment(request, pk):
    petition = _visible(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        attachment = run_service(
            request,
            services.add_attachment,
            petition,
            file=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
        )
        if attachment is not None:
            messages.success(request, _("附件已上传。"))
    else:
        messages.error(request, _("；").join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("petitions:petition-detail", petition.pk)


@login_required
def download_attachment(request, pk):
    """Files are served only here, after the petition passed the scope check."""
    attachment = get_object_or_404(
        Attachment.objects.visible_to(request.user).select_related("petition"), pk=pk
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return download_response(
        handle,
        filename=attachment.original_name,
        content_type=mimetypes.guess_type(attachment.original_name)[0],
    )


def _reveal_page(request, pk, service, template):
    petition = _visible(request, pk)
    require(request.user, "petitions.reveal", petition)
    form = RevealForm(request.POST or None)
    revealed, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            revealed = run_service(request, service, petition, form=form, **form.cleaned_data)
        except PermissionDenied as exc:  # the daily limit: say so on the page
            form.add_error(None, str(exc))
            status = 403
    context = {"form": form, "petition": petition, "revealed": revealed}
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def reveal(request, pk):
    return _reveal_page(request, pk, reveals.reveal_identity, "petitions/reveal.html")


@login_required
def reveal_same_reporter(request, pk):
    """Which other petitions come from this reporter: a reveal like the identity itself."""
    return _reveal_page(
        request, pk, reveals.reveal_same_reporter, "petitions/reveal_same_reporter.html"
    )


def _reveal_report(request):
    base = RevealLog.objects.visible_to(request.user).select_related(
        "user", "petition__station__unit", "petition__station__group", "purpose"
    )
    filterset = RevealLogFilter(request.GET, queryset=base, request=request)
    return filterset, (filterset.qs if filterset.is_valid() else base.none())


class RevealLogView(ScopedListView):
    """The reveal report: who revealed what, when and why (office staff only)."""

    queryset = RevealLog.objects.all()
    template_name = "petitions/reveal_log.html"

    def get_queryset(self):
        self.filterset, qs = _reveal_report(self.request)
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["query"] = self.request.GET.urlencode()
        return context


class RevealLogLedger(LedgerExportView):
    """The reveal report as Excel, with the page's filters."""

    model = RevealLog
    sheet_title = "reveals"
    filename = "reveal-log"
    columns = [
        LedgerColumn(_l("查看时间"), "revealed_at"),
        LedgerColumn(_l("查看人"), "user__username"),
        LedgerColumn(_l("姓名"), "user__full_name"),
        LedgerColumn(_l("信访件"), "petition__number"),
        LedgerColumn(_l("被巡视单位"), "petition__station__unit__name"),
        LedgerColumn(_l("巡视组"), "petition__station__group__name"),
        LedgerColumn(_l("查看内容"), "kind", labels=dict(RevealKind.choices)),
        LedgerColumn(_l("查看事由"), "purpose__name"),
        LedgerColumn(_l("情况说明"), "reason"),
    ]

    def get_queryset(self):
        return _reveal_report(self.request)[1].order_by("revealed_at", "id")

    def filter_queryset(self, queryset):
        return queryset


@login_required
def reveal_reasons(request):
    """The office's list of purposes: add one, retire or restore one."""
    require(request.user, "petitions.manage_reveal_reasons")
    toggle = request.POST.get("toggle", "")
    form = RevealReasonForm(request.POST if request.method == "POST" and not toggle else None)
    done = None
    if toggle.isdigit():
        reason = get_object_or_404(RevealReason.objects.visible_to(request.user), pk=toggle)
        active = request.POST.get("active") == "1"
        done = run_service(request, reveals.set_reveal_reason_active, reason, active=active)
    elif form.is_bound and form.is_valid():
        done = run_service(request, reveals.add_reveal_reason, form=form, **form.cleaned_data)
    if done is not None:
        messages.success(request, _("已保存。"))
        return redirect("petitions:reveal-reasons")
    context = {"form": form, "reasons": RevealReason.objects.visible_to(request.user)}
    return render(request, "petitions/reveal_reasons.html", context)


@login_required
def export(request):
    _filterset, qs = _filtered(request, people_limit=None)
    content = export_register(qs.order_by("station_id", "year", "sequence", "id"))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    name = f"petitions-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def import_view(request):
    require_somewhere(request, "petitions.register")
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    errors = []
    if request.method == "POST" and form.is_valid():
        station = get_object_or_404(
            Station.objects.visible_to(request.user), pk=form.cleaned_data["station"]
        )
        try:
            created = import_register(request.user, form.cleaned_data["file"], station=station)
        except ValidationError as exc:
            errors = [m for ms in exc.message_dict.values() for m in ms]
        else:
            messages.success(request, _("已导入 %d 件信访举报。") % len(created))
            return redirect("petitions:petition-list")
    return render(request, "petitions/import.html", {"form": form, "row_errors": errors})


@login_required
def figures(request):
    user = request.user
    kwargs = {}
    for key, model in (("station", Station), ("round", Round), ("term", Term)):
        if request.GET.get(key, "").isdigit():
            kwargs[key] = get_object_or_404(model.objects.visible_to(user), pk=request.GET[key])
    context = {
        "figures": petition_figures(user, **kwargs),
        "selected": kwargs,
        "stations": Station.objects.visible_to(user).select_related("group", "unit"),
        "rounds": Round.objects.visible_to(user),
        "terms": Term.objects.visible_to(user),
    }
    return render(request, "petitions/figures.html", context)


def history(request, pk):
    return object_history(request, Petition.objects.all(), pk)
