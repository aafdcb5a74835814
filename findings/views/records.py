"""Talk records and document requests: the light sources of findings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from findings import forms, services
from findings.models import DocumentRequest, TalkRecord
from inspection.browser import require_somewhere, run_service
from inspection.views import ScopedDetailView, ScopedListView


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
    require_somewhere(request, "findings.record_on_station")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        station = data.pop("station")
        if run_service(request, services.create_station_record, model, station, form=form, **data):
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
