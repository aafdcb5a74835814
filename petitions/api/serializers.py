from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from inspection.disciplines import Discipline
from inspection.scoping import ScopedPrefetch
from inspection.validation import COUNT_LIMITS, TEXT_LIMITS, no_control_characters
from petitions.duplicates import RepeatCountPrefetch
from petitions.models import (
    AttachmentKind,
    CadreLevel,
    Channel,
    Petition,
    PetitionDiscipline,
    ReportedPerson,
    RevealLog,
    RevealReason,
    RoutingClass,
    Transfer,
)
from petitions.services import REPORTER_LIMITS, PersonData, ReporterData
from tours.models import Station, Unit

NO_CONTROL = [no_control_characters]


def petition_queryset(user, people_limit=None):
    """Everything a petition row shows, in a constant number of queries.

    Repeat counts are computed for the fetched rows only, in one grouped query
    (`RepeatCountPrefetch`); transfers pass through `Transfer.visible_to(user)`. A register
    page passes `people_limit`: each row then carries its first reported people only
    (`shown_people`) and `people_count`, so a petition naming thousands costs no more than
    one naming five.
    """
    people = ReportedPerson.objects.order_by("id")
    qs = Petition.objects.with_routing_overdue()
    if people_limit is not None:
        people = people[:people_limit]
        counted = (
            ReportedPerson.objects.filter(petition=OuterRef("pk"))
            .order_by()
            .values("petition")
            .annotate(n=Count("id"))
            .values("n")
        )
        qs = qs.annotate(people_count=Coalesce(Subquery(counted), 0))
    # A sliced prefetch needs its own attribute (`shown_people`); `people` stays whole.
    to_attr = "shown_people" if people_limit is not None else None
    return qs.select_related("station__unit", "station__group").prefetch_related(
        RepeatCountPrefetch("people", user, people, to_attr=to_attr),
        Prefetch("discipline_rows", queryset=PetitionDiscipline.objects.order_by("discipline")),
        ScopedPrefetch(
            "transfers", user, Transfer.objects.select_related("receiving_body").order_by("id")
        ),
    )


class ReportedPersonSerializer(serializers.ModelSerializer):
    repeat_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ReportedPerson
        fields = ("id", "name", "position", "unit_name", "cadre_level", "repeat_count")


def _transfer_status():
    # A plain code in the schema: "status" enums of other models already own the name.
    return serializers.CharField(read_only=True, help_text="sent | replied")


class PetitionTransferSerializer(serializers.ModelSerializer):
    """A transfer as shown on its petition (only those the caller may see)."""

    receiving_body_name = serializers.CharField(source="receiving_body.name", read_only=True)
    status = _transfer_status()

    class Meta:
        model = Transfer
        fields = (
            "id",
            "receiving_body",
            "receiving_body_name",
            "letter_number",
            "sent_on",
            "reply_due_on",
            "notice_due_on",
            "status",
            "replied_on",
        )
        read_only_fields = fields


class PetitionSerializer(serializers.ModelSerializer):
    station_name = serializers.CharField(source="station.__str__", read_only=True, default="")
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    disciplines = serializers.SerializerMethodField()
    people = ReportedPersonSerializer(many=True, read_only=True)
    reporter = serializers.SerializerMethodField()
    transfers = PetitionTransferSerializer(many=True, read_only=True)

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
            "transfers",
        )
        read_only_fields = fields

    def get_disciplines(self, obj) -> list[str]:
        return [row.discipline for row in obj.discipline_rows.all()]

    def get_reporter(self, obj) -> str:
        # Never the identity itself: only whether there is one.
        return str(_("实名（已隐藏）")) if obj.is_named else str(_("匿名"))


class PersonInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50, validators=NO_CONTROL)
    position = serializers.CharField(
        max_length=100, required=False, allow_blank=True, validators=NO_CONTROL
    )
    unit_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, validators=NO_CONTROL
    )
    cadre_level = serializers.ChoiceField(CadreLevel.choices, required=False, allow_blank=True)


def _reporter_field(name):
    return serializers.CharField(
        max_length=REPORTER_LIMITS[name], required=False, allow_blank=True, validators=NO_CONTROL
    )


class ReporterInputSerializer(serializers.Serializer):
    name = _reporter_field("name")
    phone = _reporter_field("phone")
    id_number = _reporter_field("id_number")
    address = _reporter_field("address")
    work_unit = _reporter_field("work_unit")


class RegisterSerializer(serializers.Serializer):
    station = serializers.PrimaryKeyRelatedField(
        queryset=Station.objects.all(), allow_null=True, required=False
    )
    channel = serializers.ChoiceField(Channel.choices)
    received_at = serializers.DateTimeField()
    summary = serializers.CharField(max_length=TEXT_LIMITS["short"], validators=NO_CONTROL)
    content = serializers.CharField(
        required=False, allow_blank=True, max_length=TEXT_LIMITS["long"], validators=NO_CONTROL
    )
    disciplines = serializers.ListField(
        child=serializers.ChoiceField(Discipline.choices),
        required=False,
        max_length=COUNT_LIMITS["disciplines"],
    )
    # ListSerializer refuses an over-long list before validating any of its items.
    people = PersonInputSerializer(
        many=True, required=False, max_length=COUNT_LIMITS["reported_persons"]
    )
    reporter = ReporterInputSerializer(required=False, allow_null=True)

    def to_service_kwargs(self):
        return self.service_kwargs(self.validated_data)

    @staticmethod
    def service_kwargs(validated):
        data = dict(validated)
        data["people"] = [PersonData(**p) for p in data.get("people", [])]
        reporter = data.get("reporter")
        data["reporter"] = ReporterData(**reporter) if reporter else None
        data.setdefault("station", None)
        return data


class TriageSerializer(serializers.Serializer):
    in_scope = serializers.BooleanField(allow_null=True)
    routing_class = serializers.ChoiceField(RoutingClass.choices)
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=TEXT_LIMITS["text"], validators=NO_CONTROL
    )
    outcome = serializers.CharField(
        required=False, allow_blank=True, max_length=30, validators=NO_CONTROL
    )


class TransferInputSerializer(serializers.Serializer):
    receiving_body = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    letter_number = serializers.CharField(
        max_length=60, required=False, allow_blank=True, validators=NO_CONTROL
    )
    sent_on = serializers.DateField(required=False)


@extend_schema_field(OpenApiTypes.INT)
class VisiblePetitionField(serializers.PrimaryKeyRelatedField):
    """A petition the caller may see (any other id is refused as not found)."""

    def get_queryset(self):
        request = self.context.get("request")
        return Petition.objects.visible_to(getattr(request, "user", None))


class DuplicateSerializer(serializers.Serializer):
    original = VisiblePetitionField()


class ConcludeSerializer(serializers.Serializer):
    conclusion = serializers.CharField(
        required=False, allow_blank=True, max_length=TEXT_LIMITS["text"], validators=NO_CONTROL
    )


class RevealSerializer(serializers.Serializer):
    purpose = serializers.PrimaryKeyRelatedField(
        queryset=RevealReason.objects.active(),
        help_text="One of the office's purposes (GET /api/v1/reveal-reasons/).",
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=TEXT_LIMITS["short"],
        validators=NO_CONTROL,
        help_text="The explanation: at least four letters or CJK characters.",
    )


class RevealReasonSerializer(serializers.ModelSerializer):
    class Meta:
        model = RevealReason
        fields = ("id", "name", "is_active")
        read_only_fields = fields


class ReplySerializer(serializers.Serializer):
    replied_on = serializers.DateField()


class AttachmentInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(AttachmentKind.choices)
    file = serializers.FileField(max_length=200)


class TransferSerializer(serializers.ModelSerializer):
    petition_number = serializers.CharField(source="petition.number", read_only=True)
    status = _transfer_status()
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
            "status",
            "replied_on",
        )
        read_only_fields = fields


class RevealLogSerializer(serializers.ModelSerializer):
    user_name = serializers.CharField(source="user.__str__", read_only=True)
    petition_number = serializers.CharField(source="petition.number", read_only=True)
    purpose_name = serializers.CharField(source="purpose.name", read_only=True, default="")

    class Meta:
        model = RevealLog
        fields = (
            "id",
            "petition",
            "petition_number",
            "user",
            "user_name",
            "revealed_at",
            "kind",
            "purpose",
            "purpose_name",
            "reason",
        )
        read_only_fields = fields


# Response shapes of the actions that return plain data (documented for REST clients).


class RevealedIdentitySerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    id_number = serializers.CharField(allow_blank=True)
    address = serializers.CharField(allow_blank=True)
    work_unit = serializers.CharField(allow_blank=True)


class SameReporterPetitionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    summary = serializers.CharField()


class SameReporterSerializer(serializers.Serializer):
    petitions = SameReporterPetitionSerializer(many=True)


class SameReporterCountSerializer(serializers.Serializer):
    count = serializers.IntegerField(allow_null=True)


class DuplicateSuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    summary = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class AttachmentCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
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
