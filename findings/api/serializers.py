"""API shapes. Writes go through findings.services (see findings.api.views); related choices
are scoped to the user; input actions take findings.api.inputs."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from findings.models import (
    Category,
    DocumentRequest,
    Evidence,
    Finding,
    HandoverLetter,
    Lead,
    Report,
    TalkRecord,
    WorkingPaper,
)
from findings.models.lead import MEASURE_FIELDS
from inspection.validation import check_count
from petitions.models import Petition
from tours.models import Station, Unit


class ScopedRelationsMixin:
    """Limits every writable relation to what the requesting user may see."""

    scoped_relations: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name, model in self.scoped_relations.items():
            field = self.fields.get(name)
            if field is None or field.read_only:
                continue
            target = field.child_relation if hasattr(field, "child_relation") else field
            target.queryset = model.objects.visible_to(user)

    @property
    def user(self):
        return self.context["request"].user


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ("id", "code", "name", "order", "is_active")


class FindingSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    RELATIONS = ("disciplines", "petitions", "talks", "document_requests")
    scoped_relations = {
        "station": Station,
        "petitions": Petition,
        "talks": TalkRecord,
        "document_requests": DocumentRequest,
    }
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True, default="")
    station_name = serializers.CharField(source="station.__str__", read_only=True)

    class Meta:
        model = Finding
        fields = (
            "id",
            "station",
            "station_name",
            "title",
            "description",
            "status",
            "status_label",
            "category",
            "category_name",
            "disciplines",
            "severity",
            "responsible_kind",
            "responsible_name",
            "petitions",
            "talks",
            "document_requests",
            "from_questionnaire",
            "from_special_check",
            "immediate_rectification",
            "rectification_notice_number",
            "rectify_by",
            "report",
            "created_at",
        )
        read_only_fields = ("status", "report", "created_at")


@extend_schema_serializer(component_name="WorkingPaperEvidence")
class EvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = (
            "id",
            "working_paper",
            "original_name",
            "content_type",
            "size",
            "description",
            "uploaded_at",
            "download_url",
        )

    def get_download_url(self, evidence) -> str:
        return reverse("findings:evidence-download", args=[evidence.pk])


class WorkingPaperSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    scoped_relations = {"finding": Finding}
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    prepared_by_name = serializers.CharField(source="prepared_by.__str__", read_only=True)
    reviewed_by_name = serializers.CharField(
        source="reviewed_by.__str__", read_only=True, default=""
    )
    signed_by_name = serializers.CharField(source="signed_by.__str__", read_only=True, default="")
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = WorkingPaper
        fields = (
            "id",
            "finding",
            "number",
            "prepared_on",
            "source",
            "facts_who",
            "facts_what",
            "facts_when",
            "status",
            "status_label",
            "prepared_by_name",
            "reviewed_by_name",
            "reviewed_at",
            "signed_by_name",
            "signed_at",
            "evidence",
        )
        read_only_fields = ("number", "status", "reviewed_at", "signed_at")
        extra_kwargs = {"prepared_on": {"required": False}}


class StationRecordSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    scoped_relations = {"station": Station}


class TalkRecordSerializer(StationRecordSerializer):
    class Meta:
        model = TalkRecord
        fields = (
            "id",
            "station",
            "talked_on",
            "interviewee_name",
            "interviewee_position",
            "summary",
        )


class DocumentRequestSerializer(StationRecordSerializer):
    class Meta:
        model = DocumentRequest
        fields = ("id", "station", "requested_on", "documents", "provided_by", "returned_on")


class ReportSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    station_name = serializers.CharField(source="station.__str__", read_only=True)
    findings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Report
        fields = (
            "id",
            "station",
            "station_name",
            "number",
            "status",
            "status_label",
            "drafted_on",
            "approved_on",
            "approving_body",
            "fed_back_on",
            "fed_back_to",
            "feedback_number",
            "findings",
        )
        read_only_fields = fields


class AssembleSerializer(ScopedRelationsMixin, serializers.Serializer):
    scoped_relations = {"station": Station}
    station = serializers.PrimaryKeyRelatedField(queryset=Station.objects.none())
    drafted_on = serializers.DateField(required=False)


class LeadSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    RELATIONS = ("findings", "petitions")
    scoped_relations = {
        "station": Station,
        "findings": Finding,
        "petitions": Petition,
        "receiving_body": Unit,
    }
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    station_name = serializers.CharField(source="station.__str__", read_only=True)
    receiving_body_name = serializers.CharField(
        source="receiving_body.name", read_only=True, default=""
    )
    handover_letter_number = serializers.CharField(
        source="handover_letter.number", read_only=True, default=""
    )
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Lead
        fields = (
            "id",
            "station",
            "station_name",
            "person_name",
            "person_position",
            "person_unit",
            "cadre_level",
            "facts",
            "findings",
            "petitions",
            "receiving_body",
            "receiving_body_name",
            "status",
            "status_label",
            "approved_on",
            "handover_letter",
            "handover_letter_number",
            "handed_over_on",
            "report_back_due_on",
            "acknowledged_on",
            "disposal_method",
            "disposed_on",
            "outcome_form",
            *MEASURE_FIELDS,
            "outcome_summary",
            "reported_back_on",
            "is_overdue",
        )
        read_only_fields = (
            "status",
            "approved_on",
            "handover_letter",
            "handed_over_on",
            "report_back_due_on",
            "acknowledged_on",
            "disposal_method",
            "disposed_on",
            "outcome_form",
            *MEASURE_FIELDS,
            "outcome_summary",
            "reported_back_on",
        )


class HandoverLetterSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    scoped_relations = {"leads": Lead}
    receiving_body_name = serializers.CharField(source="receiving_body.name", read_only=True)
    leads = serializers.PrimaryKeyRelatedField(many=True, queryset=Lead.objects.none())
    receiving_body = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.receiving_bodies())

    class Meta:
        model = HandoverLetter
        fields = ("id", "number", "receiving_body", "receiving_body_name", "sent_on", "leads")
        read_only_fields = ("number",)

    def validate_leads(self, leads):
        check_count(leads, "leads_per_letter", "leads")
        return leads


class FiguresRowSerializer(serializers.Serializer):
    """One row of findings and lead figures (per station, round or term)."""

    id = serializers.IntegerField()
    label = serializers.CharField()
    findings_by_category = serializers.DictField(child=serializers.IntegerField())
    findings = serializers.IntegerField()
    leads_handed_over = serializers.IntegerField()
    leads_acknowledged = serializers.IntegerField()
    leads_disposed = serializers.IntegerField()
    leads_overdue = serializers.IntegerField()
    disposal_rate = serializers.FloatField(allow_null=True)
    people_by_form = serializers.DictField(child=serializers.IntegerField())
