"""Helpers the apps' charts share. The charts themselves live in each app's charts.py and are
registered from its AppConfig.ready(), so the kernel never imports the case apps."""

import datetime

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from inspection.dashboards.registry import ChartData, Series


def counts_by_choice(queryset, field, choices):
    """One bar per choice, in the choices' order, zero where nothing matches (one query)."""
    counts = dict(queryset.values_list(field).annotate(n=Count("pk")).order_by())
    return ChartData(
        labels=[label for _value, label in choices],
        series=[Series(_("数量"), [counts.get(value, 0) for value, _label in choices])],
    )


def month_label(value):
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.strftime("%Y-%m") if value else ""
