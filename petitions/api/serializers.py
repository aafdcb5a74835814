from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from petitions.duplicates import people_with_repeat_counts
from petitions.models import (
    CadreLevel,
    Channel,
    Discipline,
    Petition,
    PetitionDiscipline,
    ReportedPerson,
    RevealLog,
    RoutingClass,
    Transfer,
)
from petitions.services import PersonData, ReporterData
from tours.models import Station, Unit


def petition_queryset(user):
    """Everything a petition row shows, in a constant number of queries."""
    people = people_with_repeat_counts(ReportedPerson.objects.order_by("id"), user)
    return Petition.objects.select_related("station__unit", "station__group").prefetch_related(
        Prefetch("people", queryset=people),
        Prefetch("discipline_rows", queryset=PetitionDiscipline.objects.order_by("discipline")),
    )


class ReportedPersonSerializer(serializers.ModelSerializer):
    repeat_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ReportedPerson
        fields = ("id", "name", "position", "unit_name", "cadre_level", "repeat_count")


class PetitionSerializer(serializers.ModelSerializer):
    station_name = serializers.CharField(source="station.__str__", read_only=True, default="")
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    disciplines = serializers.SerializerMethodField()
    people = ReportedPersonSerializer(many=True, read_only=True)
    reporter = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = (
            "id",
            "number",
            "station",
            "station_name",
            "channel",
            "channel_label",
            "received_at",
            "registered_at",
            "summary",
            "content",
            "status",
            "status_label",
            "is_late",
            "routing_due_on",
            "in_scope",
            "routing_class",
            "duplicate_of",
            "disciplines",
            "people",
            "reporter",
        )
        read_only_fields = fields

    def get_disciplines(self, obj) -> list[str]:
        return [row.discipline for row in obj.discipline_rows.all()]

    def get_reporter(self, obj) -> str:
        # Never the identity itself: only whether there is one.
        return str(_("实名（已隐藏）")) if obj.is_named else str(_("匿名"))


class PersonInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    position = serializers.CharField(max_length=100, required=False, allow_blank=True)
    unit_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    cadre_level = serializers.ChoiceField(CadreLevel.choices, required=False, allow_blank=True)


class ReporterInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    work_unit = serializers.CharField(max_length=200, required=False, allow_blank=True)


class RegisterSerializer(serializers.Serializer):
    station = serializers.PrimaryKeyRelatedField(
        queryset=Station.objects.all(), allow_null=True, required=False
    )
    channel = serializers.ChoiceField(Channel.choices)
    received_at = serializers.DateTimeField()
    summary = serializers.CharField(max_length=500)
    content = serializers.CharField(required=False, allow_blank=True)
    disciplines = serializers.ListField(
        child=serializers.ChoiceField(Discipline.choices), required=False
    )
    people = PersonInputSerializer(many=True, required=False)
    reporter = ReporterInputSerializer(required=False, allow_null=True)

    def to_service_kwargs(self):
        data = dict(self.validated_data)
        data["people"] = [PersonData(**p) for p in data.get("people", [])]
        reporter = data.get("reporter")
        data["reporter"] = ReporterData(**reporter) if reporter else None
        data.setdefault("station", None)
        return data


class TriageSerializer(serializers.Serializer):
    in_scope = serializers.BooleanField(allow_null=True)
    routing_class = serializers.ChoiceField(RoutingClass.choices)
    note = serializers.CharField(required=False, allow_blank=True)
    outcome = serializers.CharField(required=False, allow_blank=True)


class TransferInputSerializer(serializers.Serializer):
    receiving_body = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    letter_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    sent_on = serializers.DateField(required=False)


class DuplicateSerializer(serializers.Serializer):
    original = serializers.IntegerField()


class ConcludeSerializer(serializers.Serializer):
    conclusion = serializers.CharField(required=False, allow_blank=True)


class RevealSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True)


class ReplySerializer(serializers.Serializer):
    replied_on = serializers.DateField()


class TransferSerializer(serializers.ModelSerializer):
    petition_number = serializers.CharField(source="petition.number", read_only=True)
    receiving_body_name = serializers.CharField(source="receiving_body.name", read_only=True)

    class Meta:
        model = Transfer
        fields = (
            "id",
            "petition",
            "petition_number",
            "receiving_body",
            "receiving_body_name",
            "letter_number",
            "sent_on",
            "reply_due_on",
            "notice_due_on",
            "replied_on",
        )
        read_only_fields = fields


class RevealLogSerializer(serializers.ModelSerializer):
    user_name = serializers.CharField(source="user.__str__", read_only=True)
    petition_number = serializers.CharField(source="petition.number", read_only=True)

    class Meta:
        model = RevealLog
        fields = ("id", "petition", "petition_number", "user", "user_name", "revealed_at", "reason")
        read_only_fields = fields


# Response shapes of the actions that return plain data (documented for REST clients).


class RevealedIdentitySerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    id_number = serializers.CharField(allow_blank=True)
    address = serializers.CharField(allow_blank=True)
    work_unit = serializers.CharField(allow_blank=True)


class DuplicateSuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    summary = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class AttachmentCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()


class BreakdownSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class PetitionFiguresSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    late = serializers.IntegerField()
    overdue = serializers.IntegerField()
    open = serializers.IntegerField()
    by_channel = BreakdownSerializer(many=True)
    by_routing_class = BreakdownSerializer(many=True)
    by_discipline = BreakdownSerializer(many=True)
