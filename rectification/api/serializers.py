from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from inspection.validation import COUNT_LIMITS
from rectification import services
from rectification.models import (
    Evidence,
    LetterKind,
    ProgressReport,
    RectificationItem,
    RectificationPlan,
    SupervisionLetter,
)


class PlanSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="station.unit.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = RectificationPlan
        fields = (
            "id",
            "station",
            "unit_name",
            "status",
            "status_label",
            "due_on",
            "report_due_on",
            "summary",
            "submitted_at",
            "reviewed_at",
            "return_reason",
            "return_count",
            "report_text",
            "report_submitted_on",
        )
        read_only_fields = fields


class ItemSerializer(serializers.ModelSerializer):
    finding_title = serializers.CharField(source="finding.title", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = RectificationItem
        fields = (
            "id",
            "station",
            "finding",
            "finding_title",
            "plan",
            "measures",
            "kind",
            "responsible_leader",
            "responsible_department",
            "responsible_person",
            "responsible_user",
            "deadline",
            "original_deadline",
            "acceptance_standard",
            "status",
            "status_label",
            "result",
            "closure_requested_on",
            "closed_on",
            "return_count",
            "return_reason",
        )
        read_only_fields = (
            "station",
            "plan",
            "original_deadline",
            "status",
            "result",
            "closure_requested_on",
            "closed_on",
            "return_count",
            "return_reason",
        )


@extend_schema_serializer(component_name="RectificationEvidence")
class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ("id", "original_name", "content_type", "size")


class ProgressSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = ("id", "item", "text", "reported_by", "reported_at", "evidence")
        read_only_fields = fields


class LetterSerializer(serializers.ModelSerializer):
    """A letter as read, and what issuing one takes (services.issue_letter)."""

    kind = serializers.ChoiceField(choices=LetterKind.choices)

    class Meta:
        model = SupervisionLetter
        fields = ("id", "kind", "station", "items", "number", "body", "new_deadline", "issued_on")
        read_only_fields = ("number", "issued_on")

    def to_internal_value(self, data):
        # Counted before each id is looked up, so a huge list costs nothing.
        if hasattr(data, "getlist"):
            raw = data.getlist("items")
        else:
            raw = data.get("items") if isinstance(data, dict) else None
        limit = COUNT_LIMITS["items_per_letter"]
        if isinstance(raw, list | tuple) and len(raw) > limit:
            raise serializers.ValidationError(
                {"items": [_("最多%(limit)s项。") % {"limit": limit}]}
            )
        return super().to_internal_value(data)


class StationRatesSerializer(serializers.Serializer):
    """A station with its rectification figures (annotated by services.rate_aggregates)."""

    id = serializers.IntegerField()
    unit_name = serializers.CharField(source="unit.name")
    total = serializers.IntegerField()
    completed = serializers.IntegerField()
    closed = serializers.IntegerField()
    overdue = serializers.IntegerField()
    returned_repeatedly = serializers.IntegerField()
    rectification_rate = serializers.SerializerMethodField()
    on_time_rate = serializers.SerializerMethodField()

    def get_rectification_rate(self, station) -> float | None:
        return services.rectification_rate(station.completed, station.total)

    def get_on_time_rate(self, station) -> float | None:
        return services.rectification_rate(station.closed_on_time, station.closed)
