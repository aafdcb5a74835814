"""What each findings action takes (validated before the service runs; 400 naming the field)."""

from rest_framework import serializers

from findings.models import DisposalMethod, HandoverLetter, OutcomeForm
from inspection.validation import TEXT_LIMITS, no_control_characters
from tours.models import Unit


def _text(limit, **kwargs):
    return serializers.CharField(
        max_length=TEXT_LIMITS[limit], validators=[no_control_characters], **kwargs
    )


class ApproveReportInput(serializers.Serializer):
    approved_on = serializers.DateField()
    approving_body = _text("title")


class FeedBackInput(serializers.Serializer):
    fed_back_on = serializers.DateField()
    fed_back_to = _text("title", required=False, allow_blank=True)


class ApproveLeadInput(serializers.Serializer):
    approved_on = serializers.DateField(required=False)


class HandOverInput(serializers.Serializer):
    receiving_body = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.receiving_bodies(), required=False
    )
    handed_over_on = serializers.DateField(required=False)
    letter = serializers.PrimaryKeyRelatedField(
        queryset=HandoverLetter.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        self.fields["letter"].queryset = HandoverLetter.objects.visible_to(user)


class AcknowledgeInput(serializers.Serializer):
    acknowledged_on = serializers.DateField(required=False)


class DisposeInput(serializers.Serializer):
    disposal_method = serializers.ChoiceField(choices=DisposalMethod.choices)
    disposed_on = serializers.DateField(required=False)


class ReportBackInput(serializers.Serializer):
    reported_back_on = serializers.DateField(required=False)
    outcome_form = serializers.ChoiceField(
        choices=OutcomeForm.choices, required=False, allow_null=True
    )
    outcome_summary = _text("text")
    criticism_count = serializers.IntegerField(min_value=0, max_value=10000, default=0)
    admonishment_count = serializers.IntegerField(min_value=0, max_value=10000, default=0)
    sanction_count = serializers.IntegerField(min_value=0, max_value=10000, default=0)
    case_filed_count = serializers.IntegerField(min_value=0, max_value=10000, default=0)
    judicial_transfer_count = serializers.IntegerField(min_value=0, max_value=10000, default=0)


class EvidenceInput(serializers.Serializer):
    file = serializers.FileField()
    description = _text("short", required=False, allow_blank=True)
