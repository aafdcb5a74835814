import django_filters
from django.utils.translation import gettext_lazy as _

from rectification.models import ItemKind, ItemStatus, RectificationItem


class ItemFilterSet(django_filters.FilterSet):
    station = django_filters.NumberFilter(label=_("进驻"), field_name="station_id")
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ItemStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("整改类型"), choices=ItemKind.choices)
    overdue = django_filters.BooleanFilter(label=_("已逾期"), method="filter_overdue")
    deadline_before = django_filters.DateFilter(
        label=_("完成时限不晚于"), field_name="deadline", lookup_expr="lte"
    )

    class Meta:
        model = RectificationItem
        fields = ("status", "kind", "result")

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset.not_overdue()
