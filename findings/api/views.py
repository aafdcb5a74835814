"""Scoped API viewsets; every write is a findings service (WriteViewSetMixin, service_action).

An action's attribute is named after its service (DRF dispatches by the handler's name).
"""

from django.db.models import BooleanField, ExpressionWrapper
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from findings import documents, figures, services
from findings.api import inputs
from findings.api import serializers as s
from findings.filtersets import FindingFilter, LeadFilter
from findings.models import (
    Category,
    DocumentRequest,
    Evidence,
    Finding,
    HandoverLetter,
    Lead,
    LeadQuerySet,
    Report,
    TalkRecord,
    WorkingPaper,
)
from inspection.api.actions import WriteViewSetMixin, service_action
from inspection.api.viewsets import ScopedCreateReadUpdateViewSet, ScopedReadOnlyModelViewSet
from inspection.documents import docx_response
from inspection.scoping import ScopedPrefetch
from petitions.models import Petition


def _split(data, names):
    return {name: data.pop(name) for name in names if name in data}


def _create_finding(user, station, **data):
    return services.create_finding(user, station, _split(data, services.SOURCE_FIELDS), **data)


def _update_finding(user, finding, **data):
    return services.update_finding(user, finding, _split(data, services.SOURCE_FIELDS), **data)


def _register_lead(user, station, **data):
    return services.register_lead(user, station, _split(data, ("findings", "petitions")), **data)


def _update_lead(user, lead, **data):
    return services.update_lead(user, lead, _split(data, ("findings", "petitions")), **data)


def _create_paper(user, finding, **data):
    return services.create_working_paper(user, finding, **data)


def _create_letter(user, leads, receiving_body, sent_on=None):
    return services.create_letter(user, leads, receiving_body, sent_on)


def _record_of(model):
    def create(user, station, **data):
        return services.create_station_record(user, model, station, **data)

    return create


class CategoryViewSet(ScopedReadOnlyModelViewSet):
    queryset = Category.objects.all()
    serializer_class = s.CategorySerializer
    pagination_class = None


class FindingViewSet(WriteViewSetMixin, ScopedCreateReadUpdateViewSet):
    queryset = Finding.objects.for_list()
    serializer_class = s.FindingSerializer
    filterset_class = FindingFilter
    ordering_fields = ("id", "created_at", "status")
    create_service = _create_finding
    update_service = _update_finding

    def get_queryset(self):
        user = self.request.user
        return (
            super()
            .get_queryset()
            .prefetch_related(
                ScopedPrefetch("petitions", user, Petition.objects),
                ScopedPrefetch("talks", user, TalkRecord.objects),
                ScopedPrefetch("document_requests", user, DocumentRequest.objects),
            )
        )

    review_finding = service_action(
        services.review_finding, url_path="review", doc="The deputy leader reviews a draft."
    )
    approve_finding = service_action(
        services.approve_finding,
        url_path="approve",
        doc="The leader approves a reviewed finding (needs a signed working paper).",
    )
    return_finding = service_action(
        services.return_finding,
        url_path="return",
        doc="The leader or deputy sends a finding back to draft.",
    )


class WorkingPaperViewSet(WriteViewSetMixin, ScopedCreateReadUpdateViewSet):
    http_method_names = ("get", "post", "head", "options")
    queryset = WorkingPaper.objects.select_related("prepared_by", "reviewed_by", "signed_by")
    serializer_class = s.WorkingPaperSerializer
    filterset_fields = ("finding", "status", "finding__station")
    parser_classes = (JSONParser, MultiPartParser, FormParser)
    create_service = _create_paper

    def get_queryset(self):
        evidence = ScopedPrefetch("evidence", self.request.user, Evidence.objects)
        return super().get_queryset().prefetch_related(evidence)

    review_working_paper = service_action(services.review_working_paper, url_path="review")
    sign_working_paper = service_action(services.sign_working_paper, url_path="sign")
    add_evidence = service_action(
        services.add_evidence,
        inputs.EvidenceInput,
        url_path="evidence",
        output_serializer=s.EvidenceSerializer,
        response_status=status.HTTP_201_CREATED,
        doc="Attach a photo or PDF (multipart field `file`).",
    )


class TalkRecordViewSet(WriteViewSetMixin, ScopedCreateReadUpdateViewSet):
    http_method_names = ("get", "post", "head", "options")
    queryset = TalkRecord.objects.all()
    serializer_class = s.TalkRecordSerializer
    filterset_fields = ("station",)
    create_service = _record_of(TalkRecord)


class DocumentRequestViewSet(WriteViewSetMixin, ScopedCreateReadUpdateViewSet):
    http_method_names = ("get", "post", "head", "options")
    queryset = DocumentRequest.objects.all()
    serializer_class = s.DocumentRequestSerializer
    filterset_fields = ("station",)
    create_service = _record_of(DocumentRequest)


class ReportViewSet(WriteViewSetMixin, ScopedReadOnlyModelViewSet):
    queryset = Report.objects.select_related("station__group", "station__unit")
    serializer_class = s.ReportSerializer
    filterset_fields = ("station", "status", "station__round")

    def get_queryset(self):
        findings = ScopedPrefetch("findings", self.request.user, Finding.objects)
        return super().get_queryset().prefetch_related(findings)

    assemble_report = service_action(
        services.assemble_report,
        s.AssembleSerializer,
        url_path="assemble",
        detail=False,
        doc="Build (or rebuild) a station's draft report from its approved findings.",
    )
    approve_report = service_action(
        services.approve_report, inputs.ApproveReportInput, url_path="approve"
    )
    feed_back_report = service_action(
        services.feed_back_report, inputs.FeedBackInput, url_path="feed-back"
    )

    @action(detail=True, methods=["get"], url_path="draft-docx")
    def draft_docx(self, request, pk=None):
        report = self.get_object()
        if request.user.is_liaison:
            raise Http404  # the unit receives the feedback opinion, never the group's draft
        return docx_response(*documents.report_draft(report, request.user))

    @action(detail=True, methods=["get"], url_path="feedback-docx")
    def feedback_docx(self, request, pk=None):
        report = self.get_object()
        return docx_response(*documents.feedback_opinion(report, request.user))


def with_overdue(queryset):
    return queryset.annotate(
        is_overdue=ExpressionWrapper(LeadQuerySet.overdue_q(), output_field=BooleanField())
    )


class LeadViewSet(WriteViewSetMixin, ScopedCreateReadUpdateViewSet):
    queryset = Lead.objects.for_list()
    serializer_class = s.LeadSerializer
    filterset_class = LeadFilter
    ordering_fields = ("report_back_due_on", "handed_over_on", "id")
    create_service = _register_lead
    update_service = _update_lead

    def get_queryset(self):
        user = self.request.user
        return with_overdue(super().get_queryset()).prefetch_related(
            ScopedPrefetch("findings", user, Finding.objects),
            ScopedPrefetch("petitions", user, Petition.objects),
        )

    approve_lead = service_action(
        services.approve_lead, inputs.ApproveLeadInput, url_path="approve"
    )
    hand_over_lead = service_action(
        services.hand_over_lead,
        inputs.HandOverInput,
        url_path="hand-over",
        doc="Hand the lead over in a new letter, or in an existing `letter` to the same body.",
    )
    acknowledge_lead = service_action(
        services.acknowledge_lead, inputs.AcknowledgeInput, url_path="acknowledge"
    )
    dispose_lead = service_action(services.dispose_lead, inputs.DisposeInput, url_path="dispose")
    report_back = service_action(
        services.report_back, inputs.ReportBackInput, url_path="report-back"
    )
    close_lead = service_action(services.close_lead, url_path="close")

    @extend_schema(
        responses=s.FiguresRowSerializer(many=True),
        filters=False,
        parameters=[OpenApiParameter("by", str, enum=list(figures.GROUPINGS))],
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def figures(self, request):
        """Findings and lead figures per station, round or term (`?by=`), scoped."""
        by = request.query_params.get("by", "station")
        if by not in figures.GROUPINGS:
            by = "station"
        return Response(figures.summary(request.user, by))


class HandoverLetterViewSet(WriteViewSetMixin, ScopedCreateReadUpdateViewSet):
    http_method_names = ("get", "post", "head", "options")
    queryset = HandoverLetter.objects.select_related("receiving_body")
    serializer_class = s.HandoverLetterSerializer
    filterset_fields = ("receiving_body",)
    create_service = _create_letter

    def get_queryset(self):
        leads = ScopedPrefetch("leads", self.request.user, Lead.objects)
        return super().get_queryset().prefetch_related(leads)

    @action(detail=True, methods=["get"])
    def docx(self, request, pk=None):
        letter = self.get_object()
        return docx_response(*documents.handover_letter(letter, request.user))
