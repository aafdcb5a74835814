"""Working paper pages: writing one, sign-off, evidence upload and download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from findings import forms, services
from findings.models import Evidence, Finding, WorkingPaper
from findings.views._common import form_errors
from inspection.browser import run_service, visible_or_404
from inspection.uploads import download_response
from inspection.views import ScopedDetailView

PAPER_ACTIONS = {
    "review": services.review_working_paper,
    "sign": services.sign_working_paper,
}


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
        return super().get_context_data(
            evidence=Evidence.objects.visible_to(user).filter(working_paper=paper),
            buttons=list(PAPER_ACTIONS),
            evidence_form=forms.EvidenceForm(),
            **kwargs,
        )


@login_required
def paper_create(request, finding_pk):
    finding = visible_or_404(Finding, request, finding_pk)
    form = forms.WorkingPaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo", None)
        if data.get("prepared_on") is None:
            data.pop("prepared_on", None)
        paper = run_service(
            request,
            services.create_working_paper,
            finding,
            form=form,
            field_map={"file": "photo"},
            uploads=[photo] if photo else (),
            **data,
        )
        if paper is not None:
            messages.success(request, _("底稿已保存。"))
            return redirect("findings:paper-detail", paper.pk)
    return render(request, "findings/paper_form.html", {"form": form, "finding": finding})


@require_POST
@login_required
def paper_transition(request, pk, action):
    paper = visible_or_404(WorkingPaper, request, pk)
    service = PAPER_ACTIONS.get(action)
    if service is not None and run_service(request, service, paper):
        messages.success(request, _("操作成功。"))
    return redirect("findings:paper-detail", pk)


@require_POST
@login_required
def evidence_add(request, pk):
    paper = visible_or_404(WorkingPaper, request, pk)
    form = forms.EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors(request, form)
    elif run_service(
        request,
        services.add_evidence,
        paper,
        form.cleaned_data["file"],
        form.cleaned_data["description"],
    ):
        messages.success(request, _("证据材料已上传。"))
    return redirect("findings:paper-detail", pk)


@login_required
def evidence_download(request, pk):
    """The only way to a stored attachment: found first among what the user may see."""
    evidence = visible_or_404(Evidence, request, pk)
    return download_response(
        evidence.file.open("rb"),
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
