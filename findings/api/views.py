"""Scoped API viewsets; each transition is a POST action calling findings.services."""

from django.db.models import BooleanField, ExpressionWrapper
from django.http import Http404, HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from findings import documents, figures, services
from findings.api import serializers as s
from findings.filtersets import FindingFilter, LeadFilter
from findings.models import (
    Category,
    DocumentRequest,
    Finding,
    HandoverLetter,
    Lead,
    LeadQuerySet,
    Report,
    TalkRecord,
    WorkingPaper,
)
from inspection.api.viewsets import ScopedCreateReadUpdateViewSet, ScopedReadOnlyModelViewSet


class TransitionMixin:
    """Runs a service on the scoped object and answers with the object's new state."""

    def _transition(self, request, service, input_serializer=None):
        obj = self.get_object()
        data = {}
        if input_serializer is not None:
            checked = input_serializer(data=request.data, context={"request": request})
            checked.is_valid(raise_exception=True)
            data = checked.validated_data
        result = service(request.user, obj, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=result.pk)).data)


def _docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


class CategoryViewSet(ScopedReadOnlyModelViewSet):
    queryset = Category.objects.all()
    serializer_class = s.CategorySerializer
    pagination_class = None


class FindingViewSet(TransitionMixin, ScopedCreateReadUpdateViewSet):
    queryset = Finding.objects.for_list().prefetch_related(
        "petitions", "talks", "document_requests"
    )
    serializer_class = s.FindingSerializer
    filterset_class = FindingFilter
    ordering_fields = ("id", "created_at", "status")

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """The deputy leader reviews a draft finding."""
        return self._transition(request, services.review_finding)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The leader approves a reviewed finding (needs a signed working paper)."""
        return self._transition(request, services.approve_finding)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_draft(self, request, pk=None):
        """The leader or deputy sends a finding back to draft."""
        return self._transition(request, services.return_finding)


class WorkingPaperViewSet(TransitionMixin, ScopedCreateReadUpdateViewSet):
    http_method_names = ("get", "post", "head", "options")
    queryset = WorkingPaper.objects.select_related(
        "prepared_by", "reviewed_by", "signed_by"
    ).prefetch_related("evidence")
    serializer_class = s.WorkingPaperSerializer
    filterset_fields = ("finding", "status", "finding__station")
    parser_classes = (JSONParser, MultiPartParser, FormParser)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return self._transition(request, services.review_working_paper)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        return self._transition(request, services.sign_working_paper)

    @extend_schema(request=s.EvidenceUploadSerializer, responses=s.EvidenceSerializer)
    @action(detail=True, methods=["post"])
    def evidence(self, request, pk=None):
        """Attach a photo or PDF (multipart field `file`)."""
        paper = self.get_object()
        upload = s.EvidenceUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        evidence = services.add_evidence(
            request.user,
            paper,
            upload.validated_data["file"],
            upload.validated_data.get("description", ""),
        )
        return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class TalkRecordViewSet(ScopedCreateReadUpdateViewSet):
    http_method_names = ("get", "post", "head", "options")
    queryset = TalkRecord.objects.all()
    serializer_class = s.TalkRecordSerializer
    filterset_fields = ("station",)


class DocumentRequestViewSet(ScopedCreateReadUpdateViewSet):
    http_method_names = ("get", "post", "head", "options")
    queryset = DocumentRequest.objects.all()
    serializer_class = s.DocumentRequestSerializer
    filterset_fields = ("station",)


class ReportViewSet(TransitionMixin, ScopedReadOnlyModelViewSet):
    queryset = Report.objects.select_related("station__group", "station__unit").prefetch_related(
        "findings"
    )
    serializer_class = s.ReportSerializer
    filterset_fields = ("station", "status", "station__round")

    @extend_schema(request=s.AssembleSerializer)
    @action(detail=False, methods=["post"])
    def assemble(self, request):
        """Build (or rebuild) a station's draft report from its approved findings."""
        checked = s.AssembleSerializer(data=request.data, context={"request": request})
        checked.is_valid(raise_exception=True)
        report = services.assemble_report(
            request.user,
            checked.validated_data["station"],
            checked.validated_data.get("drafted_on"),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data)

    @extend_schema(request=s.ApproveReportSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._transition(request, services.approve_report, s.ApproveReportSerializer)

    @extend_schema(request=s.FeedBackSerializer)
    @action(detail=True, methods=["post"], url_path="feed-back")
    def feed_back(self, request, pk=None):
        return self._transition(request, services.feed_back_report, s.FeedBackSerializer)

    @action(detail=True, methods=["get"], url_path="draft-docx")
    def draft_docx(self, request, pk=None):
        report = self.get_object()
        if request.user.is_liaison:
            raise Http404  # the unit receives the feedback opinion, never the group's draft
        return _docx_response(*documents.report_draft(report, request.user))

    @action(detail=True, methods=["get"], url_path="feedback-docx")
    def feedback_docx(self, request, pk=None):
        report = self.get_object()
        return _docx_response(*documents.feedback_opinion(report, request.user))


def with_overdue(queryset):
    return queryset.annotate(
        is_overdue=ExpressionWrapper(LeadQuerySet.overdue_q(), output_field=BooleanField())
    )


class LeadViewSet(TransitionMixin, ScopedCreateReadUpdateViewSet):
    queryset = Lead.objects.for_list().prefetch_related("findings", "petitions")
    serializer_class = s.LeadSerializer
    filterset_class = LeadFilter
    ordering_fields = ("report_back_due_on", "handed_over_on", "id")

    def get_queryset(self):
        return with_overdue(super().get_queryset())

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._transition(request, services.approve_lead)

    @extend_schema(request=s.HandOverSerializer)
    @action(detail=True, methods=["post"], url_path="hand-over")
    def hand_over(self, request, pk=None):
        """Hand the lead over in a new letter, or in an existing `letter` to the same body."""
        lead = self.get_object()
        checked = s.HandOverSerializer(data=request.data)
        checked.is_valid(raise_exception=True)
        data = checked.validated_data
        services.hand_over(
            request.user,
            [lead],
            data.get("receiving_body") or lead.receiving_body,
            data.get("handed_over_on"),
            data.get("letter"),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=lead.pk)).data)

    @extend_schema(request=s.AcknowledgeSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return self._transition(request, services.acknowledge_lead, s.AcknowledgeSerializer)

    @extend_schema(request=s.DisposeSerializer)
    @action(detail=True, methods=["post"])
    def dispose(self, request, pk=None):
        return self._transition(request, services.dispose_lead, s.DisposeSerializer)

    @extend_schema(request=s.ReportBackSerializer)
    @action(detail=True, methods=["post"], url_path="report-back")
    def report_back(self, request, pk=None):
        return self._transition(request, services.report_back, s.ReportBackSerializer)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._transition(request, services.close_lead)

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


class HandoverLetterViewSet(ScopedCreateReadUpdateViewSet):
    http_method_names = ("get", "post", "head", "options")
    queryset = HandoverLetter.objects.select_related("receiving_body").prefetch_related("leads")
    serializer_class = s.HandoverLetterSerializer
    filterset_fields = ("receiving_body",)

    @action(detail=True, methods=["get"])
    def docx(self, request, pk=None):
        letter = self.get_object()
        return _docx_response(*documents.handover_letter(letter, request.user))
