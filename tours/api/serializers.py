"""Thin serializers: field shapes only; rules live in tours.services.

Model serializers inherit the models' limits (max_length, no control characters); the inputs
of the other writes are in tours/api/inputs.py.
"""

from django.utils.translation import gettext as _
from rest_framework import serializers

from inspection.validation import no_control_characters
from tours.models import (
    DeclaredRelation,
    InspectionGroup,
    Member,
    Person,
    Round,
    Station,
    Term,
    Unit,
)
from tours.services import MAX_UNITS_PER_TERM
from tours.transitions import NEXT_PHASE


class UnitIdsField(serializers.ListField):
    """Unit ids, at most `MAX_UNITS_PER_TERM`, resolved in one query (unknown ids named)."""

    child = serializers.IntegerField(min_value=1)

    def __init__(self, **kwargs):
        super().__init__(max_length=MAX_UNITS_PER_TERM, **kwargs)

    def to_internal_value(self, data):
        ids = super().to_internal_value(data)
        found = Unit.objects.in_bulk(set(ids))
        missing = sorted({pk for pk in ids if pk not in found})
        if missing:
            raise serializers.ValidationError(
                _("找不到单位：%(ids)s") % {"ids": "、".join(map(str, missing))}
            )
        return [found[pk] for pk in dict.fromkeys(ids)]

    def to_representation(self, value):
        return [unit.pk for unit in value.all()]


class UnitSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    parent_name = serializers.CharField(
        source="parent.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Unit
        fields = (
            "id",
            "name",
            "kind",
            "kind_label",
            "parent",
            "parent_name",
            "region",
            "leader_name",
            "leader_title",
            "is_active",
        )


class TermSerializer(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    units = UnitIdsField(required=False)

    class Meta:
        model = Term
        fields = (
            "id",
            "committee",
            "name",
            "level",
            "level_label",
            "starts_on",
            "ends_on",
            "units",
        )


class RoundSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Round
        fields = (
            "id",
            "term",
            "number",
            "name",
            "kind",
            "kind_label",
            "batch_count",
            "mobilised_on",
            "focus",
        )
        validators = []  # uniqueness is checked (and named) by the service


class GroupSerializer(serializers.ModelSerializer):
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=InspectionGroup._meta.get_field("name").max_length,
        validators=[no_control_characters],
    )
    member_count = serializers.IntegerField(read_only=True)
    station_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = InspectionGroup
        fields = ("id", "round", "number", "name", "member_count", "station_count")
        validators = []


class MemberSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Member
        fields = ("id", "group", "group_name", "person", "person_name", "role", "role_label")
        validators = []


class RelationSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = DeclaredRelation
        fields = ("id", "unit", "unit_name", "kind", "kind_label", "note")


class PersonSerializer(serializers.ModelSerializer):
    expertise_label = serializers.CharField(source="get_expertise_display", read_only=True)
    home_unit_name = serializers.CharField(
        source="home_unit.name", read_only=True, default=None, allow_null=True
    )
    relations = RelationSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = (
            "id",
            "name",
            "title",
            "expertise",
            "expertise_label",
            "home_unit",
            "home_unit_name",
            "relations",
        )


class StationSerializer(serializers.ModelSerializer):
    term = serializers.IntegerField(source="round.term_id", read_only=True)
    round_name = serializers.CharField(source="round.name", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    sector = serializers.CharField(source="unit.kind", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    next_phase = serializers.SerializerMethodField()

    class Meta:
        model = Station
        fields = (
            "id",
            "term",
            "round",
            "round_name",
            "group",
            "group_name",
            "unit",
            "unit_name",
            "sector",
            "batch",
            "status",
            "status_label",
            "next_phase",
            "planned_entry_on",
            "planned_onsite_end_on",
            "notice_on",
            "entry_on",
            "petition_cutoff_on",
            "onsite_end_on",
            "report_on",
            "feedback_on",
            "hotline",
            "hotline_hours",
            "mailbox",
            "revisits",
        )
        # Actual dates are recorded by transitions, never edited directly.
        read_only_fields = ("status", "entry_on", "onsite_end_on", "report_on", "feedback_on")
        validators = []

    def get_next_phase(self, station) -> str | None:
        phase = NEXT_PHASE.get(station.status)
        return str(phase) if phase else None
