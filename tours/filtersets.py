"""Filters for the API lists and the browser lists; each filtered column has an index."""

import django_filters as filters

from tours.models import (
    InspectionGroup,
    Member,
    Person,
    Round,
    RoundKind,
    Station,
    StationStatus,
    Term,
    Unit,
    UnitKind,
)


class UnitFilter(filters.FilterSet):
    name = filters.CharFilter(field_name="name", lookup_expr="contains")
    term = filters.NumberFilter(field_name="terms")

    class Meta:
        model = Unit
        fields = ("kind", "parent", "region", "is_active", "name", "term")


class TermFilter(filters.FilterSet):
    starts_on = filters.DateFromToRangeFilter()

    class Meta:
        model = Term
        fields = ("level", "starts_on")


class RoundFilter(filters.FilterSet):
    mobilised_on = filters.DateFromToRangeFilter()

    class Meta:
        model = Round
        fields = ("term", "kind", "mobilised_on")


class GroupFilter(filters.FilterSet):
    term = filters.NumberFilter(field_name="round__term")

    class Meta:
        model = InspectionGroup
        fields = ("round", "term", "number")


class MemberFilter(filters.FilterSet):
    round = filters.NumberFilter(field_name="group__round")

    class Meta:
        model = Member
        fields = ("group", "person", "role", "round")


class PersonFilter(filters.FilterSet):
    group = filters.NumberFilter(field_name="memberships__group", distinct=True)
    name = filters.CharFilter(field_name="name", lookup_expr="contains")

    class Meta:
        model = Person
        fields = ("expertise", "home_unit", "group", "name")


class StationFilter(filters.FilterSet):
    term = filters.NumberFilter(field_name="round__term")
    kind = filters.ChoiceFilter(field_name="round__kind", choices=RoundKind.choices)
    sector = filters.ChoiceFilter(field_name="unit__kind", choices=UnitKind.choices)
    status = filters.MultipleChoiceFilter(choices=StationStatus.choices)
    entry_on = filters.DateFromToRangeFilter()
    onsite_end_on = filters.DateFromToRangeFilter()
    feedback_on = filters.DateFromToRangeFilter()

    class Meta:
        model = Station
        fields = ("term", "round", "kind", "group", "unit", "sector", "status", "batch")
