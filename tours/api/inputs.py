"""What each tours write takes, validated before the service runs (400 naming the field).

The phase moves share one endpoint, `POST /api/v1/stations/{id}/transition/` with `to` and
that phase's dates; `TransitionInput` checks `to`, then the dates with the phase's own input
(`PrepareInput`, `EnterInput`, …, named in tours/transitions.py), so a date another phase
records is refused by name.
"""

from django.utils.translation import gettext as _
from rest_framework import serializers

from tours.models import Station, StationStatus
from tours.transitions import INTO_PHASE, STATION_FLOW


class PrepareInput(serializers.Serializer):
    notice_on = serializers.DateField(required=False)
    planned_entry_on = serializers.DateField(required=False)
    planned_onsite_end_on = serializers.DateField(required=False)


class EnterInput(serializers.Serializer):
    entry_on = serializers.DateField(required=False)
    petition_cutoff_on = serializers.DateField(required=False)


class EndOnsiteInput(serializers.Serializer):
    onsite_end_on = serializers.DateField(required=False)


class FeedBackInput(serializers.Serializer):
    report_on = serializers.DateField(required=False)
    feedback_on = serializers.DateField(required=False)


PHASE_INPUTS = {
    "prepare": PrepareInput,
    "enter": EnterInput,
    "end_onsite": EndOnsiteInput,
    "feed_back": FeedBackInput,
}
DATE_FIELDS = {name for input_ in PHASE_INPUTS.values() for name in input_().fields}


class TransitionInput(serializers.Serializer):
    """The phase to move into and the dates that phase records."""

    # Every phase but the first can be moved into.
    to = serializers.ChoiceField(choices=StationStatus.choices[1:])
    notice_on = serializers.DateField(required=False)
    planned_entry_on = serializers.DateField(required=False)
    planned_onsite_end_on = serializers.DateField(required=False)
    entry_on = serializers.DateField(required=False)
    petition_cutoff_on = serializers.DateField(required=False)
    onsite_end_on = serializers.DateField(required=False)
    report_on = serializers.DateField(required=False)
    feedback_on = serializers.DateField(required=False)

    def validate(self, attrs):
        name = INTO_PHASE[attrs["to"]]
        allowed = set(PHASE_INPUTS.get(name, serializers.Serializer)().fields)
        wrong = sorted(field for field in attrs if field in DATE_FIELDS and field not in allowed)
        if wrong:
            label = STATION_FLOW[name].label
            raise serializers.ValidationError(
                {field: [_("“%(action)s”不填写该日期。") % {"action": label}] for field in wrong}
            )
        return attrs


class ContactInput(serializers.ModelSerializer):
    """Any of hotline, hours and mailbox (the model's limits apply)."""

    class Meta:
        model = Station
        fields = ("hotline", "hotline_hours", "mailbox")


class UnitImportInput(serializers.Serializer):
    file = serializers.FileField()


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
