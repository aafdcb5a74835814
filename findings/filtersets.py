"""Filters offered by the finding and lead lists (each backed by an index).

The choices of every related filter come from what the requesting user may see, so the
filter form itself never lists another group's stations or letters.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from findings.models import Category, Finding, HandoverLetter, Lead, LeadQuerySet
from tours.models import Station, Unit


def _visible(model):
    def queryset(request):
        return model.objects.visible_to(getattr(request, "user", None))

    return queryset


class FindingFilter(django_filters.FilterSet):
    station = django_filters.ModelChoiceFilter(queryset=_visible(Station), label=_("进驻"))
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
    station = django_filters.ModelChoiceFilter(queryset=_visible(Station), label=_("进驻"))
    round = django_filters.NumberFilter(field_name="station__round", label=_("轮次"))
    receiving_body = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.receiving_bodies(), label=_("移交机关")
    )
    handover_letter = django_filters.ModelChoiceFilter(
        queryset=_visible(HandoverLetter), label=_("移交函")
    )
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
