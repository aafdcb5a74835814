"""Filters offered by the finding and lead lists (each backed by an index)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from findings.models import Category, Finding, Lead, LeadQuerySet


class FindingFilter(django_filters.FilterSet):
    round = django_filters.NumberFilter(field_name="station__round", label=_("轮次"))
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(), label=_("问题类别")
    )
    discipline = django_filters.CharFilter(
        field_name="disciplines__code", label=_("涉及纪律"), distinct=True
    )

    class Meta:
        model = Finding
        fields = ("station", "round", "status", "category", "severity", "immediate_rectification")


class LeadFilter(django_filters.FilterSet):
    round = django_filters.NumberFilter(field_name="station__round", label=_("轮次"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("逾期未反馈"))

    class Meta:
        model = Lead
        fields = (
            "station",
            "round",
            "status",
            "receiving_body",
            "disposal_method",
            "cadre_level",
            "handover_letter",
        )

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = LeadQuerySet.overdue_q()
        return queryset.filter(condition) if value else queryset.exclude(condition)
