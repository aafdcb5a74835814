"""What each rectification action takes (validated before the service runs; the schema shows it).

Lengths come from the model fields (TEXT_LIMITS); a wrongly typed field is a 400 naming it.
Empty texts pass here so that the service's own message ("请填写……") is the one shown.
"""

from rest_framework import serializers

from inspection.validation import COUNT_LIMITS, TEXT_LIMITS, no_control_characters
from rectification.models import ItemResult


def _text(limit, **kwargs):
    return serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=TEXT_LIMITS[limit],
        validators=[no_control_characters],
        **kwargs,
    )


class PlanSubmitInput(serializers.Serializer):
    text = _text("long", source="summary", help_text="整改方案")


class ReportInput(serializers.Serializer):
    text = _text("long", help_text="整改情况报告")


class ReasonInput(serializers.Serializer):
    reason = _text("short", help_text="退回理由")


class ApproveClosureInput(serializers.Serializer):
    result = serializers.ChoiceField(choices=ItemResult.choices)


class ProgressInput(serializers.Serializer):
    text = _text("text", help_text="进展情况")
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        max_length=COUNT_LIMITS["files"],
        help_text="佐证材料",
    )
