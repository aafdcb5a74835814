"""Browser pages. Every query starts from the model's visible_to(user); rules live in services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, ExpressionWrapper
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from findings import documents, figures, forms, services
from findings.filtersets import FindingFilter, LeadFilter
from findings.models import (
    DocumentRequest,
    Evidence,
    Finding,
    HandoverLetter,
    Lead,
    LeadQuerySet,
    LeadStatus,
    Report,
    TalkRecord,
    WorkingPaper,
)
from inspection.excel import XLSX_CONTENT_TYPE, write_sheet
from inspection.scoping import scoped
from inspection.views import ScopedDetailView, ScopedListView, object_history


def _visible(model, request, pk, queryset=None):
    return get_object_or_404(scoped(queryset or model.objects.all(), request.user), pk=pk)


def _run(request, service, *args, form=None, **kwargs):
    """Call a service; on refusal show the reason (next to the field when there is a form)."""
    try:
        result = service(request.user, *args, **kwargs)
    except ValidationError as exc:
        if form is not None:
            forms.apply_errors(form, exc)
        else:
            for field_messages in exc.message_dict.values():
                for message in field_messages:
                    messages.error(request, message)
        return None
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("您无权执行此操作。"))
        return None
    return result


def _form_errors(request, form):
    """Form errors as messages, each naming its field (for forms posted from a detail page)."""
    for field, field_errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for message in field_errors:
            text = _("%(label)s：%(message)s") % {"label": label, "message": message}
            messages.error(request, text if label else message)


def _docx(content, filename):
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


# --------------------------------------------------------------------------- findings


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
        actions = [
            (name, label)
            for name, label in FINDING_ACTIONS_LABELS
            if services.can(user, name, finding)
        ]
        return super().get_context_data(
            papers=papers.select_related("prepared_by"),
            actions=actions,
            can_add_paper=bool(services.group_roles(user, finding.station))
            and finding.status in ("draft", "reviewed"),
            **kwargs,
        )


SOURCE_FIELDS = ("disciplines", "petitions", "talks", "document_requests")

FINDING_ACTIONS = {
    "review_finding": services.review_finding,
    "approve_finding": services.approve_finding,
    "return_finding": services.return_finding,
}
FINDING_ACTIONS_LABELS = (
    ("review_finding", gettext_lazy("副组长审核")),
    ("approve_finding", gettext_lazy("组长审定")),
    ("return_finding", gettext_lazy("退回修改")),
)


@login_required
def finding_create(request):
    """Log a finding on site, optionally with its working paper and a photo, in one step."""
    finding_form = forms.FindingForm(request.POST or None, user=request.user)
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
        try:
            finding = services.log_finding_on_site(
                request.user,
                station,
                relations,
                paper=paper,
                uploads=[photo] if photo else (),
                **data,
            )
        except ValidationError as exc:
            for field, field_messages in exc.message_dict.items():
                target = paper_form if field in paper_form.fields else finding_form
                if field == "file":
                    field, target = "photo", paper_form
                target.add_error(field if field in target.fields else None, field_messages)
        except PermissionDenied as exc:
            finding_form.add_error("station", str(exc))
        else:
            messages.success(request, _("问题已登记。"))
            return redirect("findings:finding-detail", finding.pk)
    return render(
        request,
        "findings/finding_form.html",
        {"form": finding_form, "paper_form": paper_form},
    )


@login_required
def finding_edit(request, pk):
    finding = _visible(Finding, request, pk)
    form = forms.FindingForm(request.POST or None, instance=finding, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        relations = {name: data.pop(name) for name in SOURCE_FIELDS}
        finding.refresh_from_db()
        if _run(request, services.update_finding, finding, relations, form=form, **data):
            messages.success(request, _("已保存。"))
            return redirect("findings:finding-detail", finding.pk)
    return render(request, "findings/finding_form.html", {"form": form, "object": finding})


@require_POST
@login_required
def finding_transition(request, pk, action):
    finding = _visible(Finding, request, pk)
    if action not in FINDING_ACTIONS:
        return redirect("findings:finding-detail", pk)
    if _run(request, FINDING_ACTIONS[action], finding):
        messages.success(request, _("操作成功。"))
    return redirect("findings:finding-detail", pk)


def finding_history(request, pk):
    return object_history(request, Finding.objects.all(), pk)


@login_required
def findings_export(request):
    queryset = FindingFilter(
        request.GET, queryset=Finding.objects.visible_to(request.user), request=request
    ).qs.select_related("station__group", "station__unit", "category")
    rows = (
        [
            f.pk,
            f.station.group.name,
            f.station.unit.name,
            f.title,
            f.category.name if f.category else "",
            f.get_severity_display(),
            f.get_responsible_kind_display(),
            f.responsible_name,
            _("是") if f.immediate_rectification else _("否"),
            f.rectification_notice_number,
            f.get_status_display(),
        ]
        for f in queryset.iterator(chunk_size=2000)
    )
    content = write_sheet(
        _("问题清单"),
        [
            _("编号"),
            _("巡视组"),
            _("被巡视单位"),
            _("问题"),
            _("问题类别"),
            _("严重程度"),
            _("责任主体类型"),
            _("责任主体"),
            _("立行立改"),
            _("立行立改通知编号"),
            _("状态"),
        ],
        rows,
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = "attachment; filename=findings.xlsx"
    return response


# --------------------------------------------------------------------------- working papers


class WorkingPaperDetailView(ScopedDetailView):
    queryset = WorkingPaper.objects.select_related(
        "finding__station__group",
        "finding__station__unit",
        "prepared_by",
        "reviewed_by",
        "signed_by",
    )
    template_name = "findings/paper_detail.html"

    def get_context_data(self, **kwargs):
        user, paper = self.request.user, self.object
        actions = [
            (name, label) for name, label in PAPER_ACTIONS_LABELS if services.can(user, name, paper)
        ]
        return super().get_context_data(
            evidence=Evidence.objects.visible_to(user).filter(working_paper=paper),
            actions=actions,
            evidence_form=forms.EvidenceForm() if paper.status != "signed" else None,
            **kwargs,
        )


PAPER_ACTIONS = {
    "review_paper": services.review_working_paper,
    "sign_paper": services.sign_working_paper,
}
PAPER_ACTIONS_LABELS = (
    ("review_paper", gettext_lazy("副组长审核")),
    ("sign_paper", gettext_lazy("组长签字")),
)


@login_required
def paper_create(request, finding_pk):
    finding = _visible(Finding, request, finding_pk)
    form = forms.WorkingPaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo", None)
        if data.get("prepared_on") is None:
            data.pop("prepared_on", None)
        try:
            paper = services.create_working_paper(
                request.user, finding, uploads=[photo] if photo else (), **data
            )
        except ValidationError as exc:
            errors = exc.message_dict
            if "file" in errors:
                errors["photo"] = errors.pop("file")
            forms.apply_errors(form, ValidationError(errors))
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("底稿已保存。"))
            return redirect("findings:paper-detail", paper.pk)
    return render(request, "findings/paper_form.html", {"form": form, "finding": finding})


@require_POST
@login_required
def paper_transition(request, pk, action):
    paper = _visible(WorkingPaper, request, pk)
    if action in PAPER_ACTIONS and _run(request, PAPER_ACTIONS[action], paper):
        messages.success(request, _("操作成功。"))
    return redirect("findings:paper-detail", pk)


@require_POST
@login_required
def evidence_add(request, pk):
    paper = _visible(WorkingPaper, request, pk)
    form = forms.EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        if _run(
            request,
            services.add_evidence,
            paper,
            form.cleaned_data["file"],
            form.cleaned_data["description"],
        ):
            messages.success(request, _("证据材料已上传。"))
    else:
        _form_errors(request, form)
    return redirect("findings:paper-detail", pk)


@login_required
def evidence_download(request, pk):
    """The only way to a stored attachment: found first among what the user may see."""
    evidence = _visible(Evidence, request, pk)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------- talks & documents


class TalkRecordListView(ScopedListView):
    queryset = TalkRecord.objects.select_related("station__group", "station__unit")
    template_name = "findings/talk_list.html"


class TalkRecordDetailView(ScopedDetailView):
    queryset = TalkRecord.objects.select_related("station__group", "station__unit", "recorded_by")
    template_name = "findings/talk_detail.html"


class DocumentRequestListView(ScopedListView):
    queryset = DocumentRequest.objects.select_related("station__group", "station__unit")
    template_name = "findings/document_list.html"


def _station_record_create(request, model, form_class, list_url):
    form = form_class(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        station = data.pop("station")
        if _run(request, services.create_station_record, model, station, form=form, **data):
            messages.success(request, _("已登记。"))
            return redirect(list_url)
    return render(
        request, "findings/simple_form.html", {"form": form, "title": model._meta.verbose_name}
    )


@login_required
def talk_create(request):
    return _station_record_create(request, TalkRecord, forms.TalkRecordForm, "findings:talk-list")


@login_required
def document_create(request):
    return _station_record_create(
        request, DocumentRequest, forms.DocumentRequestForm, "findings:document-list"
    )


# --------------------------------------------------------------------------- reports


class ReportListView(ScopedListView):
    queryset = Report.objects.select_related("station__group", "station__unit")
    template_name = "findings/report_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        assemble = forms.AssembleForm(user=user) if _may_assemble(user) else None
        return super().get_context_data(assemble_form=assemble, **kwargs)


def _may_assemble(user):
    return (
        user.is_office_staff
        or forms.my_stations(user)
        .filter(group__members__person__user=user, group__members__role="leader")
        .exists()
    )


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
        return super().get_context_data(
            grouped=documents._by_category(findings),
            approve_form=forms.ApproveReportForm()
            if services.can(user, "approve_report", report)
            else None,
            feedback_form=forms.FeedBackForm()
            if services.can(user, "feed_back_report", report)
            else None,
            **kwargs,
        )


@require_POST
@login_required
def report_assemble(request):
    form = forms.AssembleForm(request.POST, user=request.user)
    if form.is_valid():
        report = _run(
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
    report = _visible(Report, request, pk)
    form_class, service = {
        "approve": (forms.ApproveReportForm, services.approve_report),
        "feed-back": (forms.FeedBackForm, services.feed_back_report),
    }.get(action, (None, None))
    if form_class is None:
        return redirect("findings:report-detail", pk)
    form = form_class(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    elif _run(request, service, report, **form.cleaned_data):
        messages.success(request, _("操作成功。"))
    return redirect("findings:report-detail", pk)


@login_required
def report_docx(request, pk, kind):
    report = _visible(Report, request, pk)
    if kind not in ("draft", "feedback") or (kind == "draft" and request.user.is_liaison):
        raise Http404  # the unit receives the feedback opinion, never the group's draft
    build = documents.report_draft if kind == "draft" else documents.feedback_opinion
    return _docx(*build(report, request.user))


# --------------------------------------------------------------------------- leads


def with_overdue(queryset):
    return queryset.annotate(
        is_overdue=ExpressionWrapper(LeadQuerySet.overdue_q(), output_field=BooleanField())
    )


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
        action_forms = {}
        for name, (form_class, _service, check) in LEAD_ACTIONS.items():
            if services.can(user, check, lead):
                action_forms[name] = form_class() if form_class else None
        if "hand-over" in action_forms:
            action_forms["hand-over"] = forms.HandOverForm(
                leads=Lead.objects.filter(pk=lead.pk),
                initial={"receiving_body": lead.receiving_body_id, "leads": [lead.pk]},
            )
        return super().get_context_data(
            action_forms=action_forms,
            linked_findings=Finding.objects.visible_to(user).filter(leads=lead),
            can_edit=lead.status in (LeadStatus.REGISTERED, LeadStatus.APPROVED)
            and (user.is_office_staff or bool(services.group_roles(user, lead.station))),
            **kwargs,
        )


def _hand_over_one(user, lead, receiving_body, handed_over_on=None, leads=None):
    return services.hand_over(user, [lead], receiving_body, handed_over_on)


LEAD_ACTIONS = {
    "approve": (None, services.approve_lead, "approve_lead"),
    "hand-over": (forms.HandOverForm, _hand_over_one, "hand_over"),
    "acknowledge": (forms.AcknowledgeForm, services.acknowledge_lead, "acknowledge"),
    "dispose": (forms.DisposeForm, services.dispose_lead, "dispose"),
    "report-back": (forms.ReportBackForm, services.report_back, "report_back"),
    "close": (None, services.close_lead, "close_lead"),
}


@require_POST
@login_required
def lead_transition(request, pk, action):
    lead = _visible(Lead, request, pk)
    if action not in LEAD_ACTIONS:
        return redirect("findings:lead-detail", pk)
    form_class, service, _check = LEAD_ACTIONS[action]
    data = {}
    if form_class is forms.HandOverForm:
        form = form_class(request.POST, leads=Lead.objects.filter(pk=lead.pk))
    elif form_class:
        form = form_class(request.POST)
    else:
        form = None
    if form is not None:
        if not form.is_valid():
            _form_errors(request, form)
            return redirect("findings:lead-detail", pk)
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    if _run(request, service, lead, **data):
        messages.success(request, _("操作成功。"))
    return redirect("findings:lead-detail", pk)


@login_required
def lead_create(request):
    form = forms.LeadForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        station = data.pop("station")
        relations = {"findings": data.pop("findings")}
        lead = _run(request, services.register_lead, station, relations, form=form, **data)
        if lead:
            messages.success(request, _("线索已登记。"))
            return redirect("findings:lead-detail", lead.pk)
    return render(request, "findings/simple_form.html", {"form": form, "title": _("登记问题线索")})


@login_required
def lead_edit(request, pk):
    lead = _visible(Lead, request, pk)
    form = forms.LeadForm(request.POST or None, instance=lead, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        relations = {"findings": data.pop("findings")}
        lead.refresh_from_db()
        if _run(request, services.update_lead, lead, relations, form=form, **data):
            messages.success(request, _("已保存。"))
            return redirect("findings:lead-detail", lead.pk)
    return render(request, "findings/simple_form.html", {"form": form, "title": _("修改问题线索")})


def lead_history(request, pk):
    return object_history(request, Lead.objects.all(), pk)


@login_required
def leads_export(request):
    queryset = with_overdue(
        LeadFilter(request.GET, queryset=Lead.objects.visible_to(request.user), request=request).qs
    ).select_related("station__group", "station__unit", "receiving_body", "handover_letter")
    rows = (
        [
            lead.pk,
            lead.station.group.name,
            lead.station.unit.name,
            lead.person_name,
            lead.person_position,
            lead.get_cadre_level_display(),
            lead.receiving_body.name if lead.receiving_body else "",
            lead.handover_letter.number if lead.handover_letter else "",
            lead.handed_over_on,
            lead.report_back_due_on,
            lead.acknowledged_on,
            lead.get_disposal_method_display(),
            lead.get_outcome_form_display() if lead.outcome_form else "",
            lead.reported_back_on,
            lead.get_status_display(),
            _("是") if lead.is_overdue else _("否"),
        ]
        for lead in queryset.order_by("report_back_due_on", "id").iterator(chunk_size=2000)
    )
    content = write_sheet(
        _("线索台账"),
        [
            _("编号"),
            _("巡视组"),
            _("被巡视单位"),
            _("反映对象"),
            _("职务"),
            _("干部管理权限"),
            _("移交机关"),
            _("移交函编号"),
            _("移交日期"),
            _("反馈期限"),
            _("签收日期"),
            _("处置方式"),
            _("运用形态"),
            _("反馈日期"),
            _("状态"),
            _("逾期"),
        ],
        rows,
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = "attachment; filename=leads.xlsx"
    return response


# --------------------------------------------------------------------------- handover letters


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
    approved = (
        Lead.objects.visible_to(request.user)
        .filter(status=LeadStatus.APPROVED)
        .select_related("station__unit", "receiving_body")
    )
    form = forms.HandOverForm(request.POST or None, leads=approved)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        letter = _run(
            request,
            services.hand_over,
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
    letter = _visible(HandoverLetter, request, pk)
    return _docx(*documents.handover_letter(letter, request.user))


# --------------------------------------------------------------------------- figures


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
