"""Filters shared by the register page and the API (every filter has an index)."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspection.disciplines import Discipline
from petitions.models import (
    OPEN_STATUSES,
    Channel,
    Petition,
    PetitionDiscipline,
    PetitionStatus,
    RevealLog,
    RoutingClass,
)
from petitions.search import search
from tours.models import Station


class PetitionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("检索（至少两个字）"), method="filter_q")
    channel = django_filters.ChoiceFilter(label=_("来源渠道"), choices=Channel.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=PetitionStatus.choices)
    routing_class = django_filters.ChoiceFilter(label=_("分类"), choices=RoutingClass.choices)
    discipline = django_filters.ChoiceFilter(
        label=_("违反纪律"), choices=Discipline.choices, method="filter_discipline"
    )
    is_late = django_filters.BooleanFilter(label=_("超过受理截止日期"))
    overdue = django_filters.BooleanFilter(label=_("逾期未分办"), method="filter_overdue")
    received_from = django_filters.DateFilter(
        label=_("收到日期起"), field_name="received_at", lookup_expr="date__gte"
    )
    received_to = django_filters.DateFilter(
        label=_("收到日期止"), field_name="received_at", lookup_expr="date__lte"
    )

    class Meta:
        model = Petition
        fields = ("station", "channel", "status", "routing_class", "is_late")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only the stations the user may see (their names are need-to-know too).
        user = getattr(self.request, "user", None)
        self.filters["station"].queryset = Station.objects.visible_to(user).select_related(
            "group", "unit"
        )

    def filter_q(self, queryset, name, value):
        return search(queryset, value) if value else queryset

    def filter_discipline(self, queryset, name, value):
        rows = PetitionDiscipline.objects.filter(petition=OuterRef("pk"), discipline=value)
        return queryset.filter(Exists(rows))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        overdue = queryset.filter(status__in=OPEN_STATUSES, routing_due_on__lt=today)
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class RevealLogFilter(django_filters.FilterSet):
    """The reveal report's filters (page, API and Excel export): who, when, which station."""

    petition = django_filters.NumberFilter(label=_("信访件编号"), widget=forms.HiddenInput)
    user = django_filters.ModelChoiceFilter(
        label=_("查看人"), queryset=get_user_model().objects.none()
    )
    station = django_filters.ModelChoiceFilter(
        label=_("进驻"), field_name="petition__station", queryset=Station.objects.none()
    )
    date_from = django_filters.DateFilter(
        label=_("查看日期起"), field_name="revealed_at", lookup_expr="date__gte"
    )
    date_to = django_filters.DateFilter(
        label=_("查看日期止"), field_name="revealed_at", lookup_expr="date__lte"
    )

    class Meta:
        model = RevealLog
        fields = ("petition", "user", "station", "date_from", "date_to")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        # The people who have revealed anything the reader may see, and the visible stations.
        seen = RevealLog.objects.visible_to(user).values("user")
        self.filters["user"].queryset = get_user_model().objects.filter(pk__in=seen)
        self.filters["station"].queryset = Station.objects.visible_to(user).select_related(
            "group", "unit"
        )
