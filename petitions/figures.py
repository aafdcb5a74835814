"""Petition figures per station, round or term, computed in SQL for what the user may see."""

from django.db.models import Count, Q
from django.utils import timezone

from inspection.disciplines import Discipline
from inspection.figures import register_station_figure
from petitions.models import (
    OPEN_STATUSES,
    Channel,
    Petition,
    PetitionDiscipline,
    RoutingClass,
)


def _scope(user, station=None, round=None, term=None):
    qs = Petition.objects.visible_to(user)
    if station is not None:
        qs = qs.filter(station=station)
    if round is not None:
        qs = qs.filter(station__round=round)
    if term is not None:
        qs = qs.filter(station__round__term=term)
    return qs


def _breakdown(qs, field, choices):
    counts = dict(qs.order_by().values_list(field).annotate(n=Count("id")))
    return [
        {"key": key, "label": str(label), "count": counts.get(key, 0)} for key, label in choices
    ]


def petition_figures(user, *, station=None, round=None, term=None, today=None) -> dict:
    today = today or timezone.localdate()
    qs = _scope(user, station, round, term)
    totals = qs.aggregate(
        received=Count("id"),
        late=Count("id", filter=Q(is_late=True)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, routing_due_on__lt=today)),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
    )
    disciplines = dict(
        PetitionDiscipline.objects.filter(petition__in=qs)
        .order_by()
        .values_list("discipline")
        .annotate(n=Count("id"))
    )
    return {
        **totals,
        "by_channel": _breakdown(qs, "channel", Channel.choices),
        "by_routing_class": _breakdown(qs, "routing_class", RoutingClass.choices),
        "by_discipline": [
            {"key": key, "label": str(label), "count": disciplines.get(key, 0)}
            for key, label in Discipline.choices
        ],
    }


def _per_station(stations, user, extra=None):
    rows = (
        Petition.objects.visible_to(user)
        .filter(extra or Q(), station__in=stations)
        .order_by()
        .values_list("station_id")
        .annotate(n=Count("id"))
    )
    counts = dict(rows)
    return {pk: counts.get(pk, 0) for pk in stations.values_list("pk", flat=True)}


def received_per_station(stations, user):
    return _per_station(stations, user)


def overdue_per_station(stations, user):
    today = timezone.localdate()
    return _per_station(stations, user, Q(status__in=OPEN_STATUSES, routing_due_on__lt=today))


def register():
    from django.utils.translation import gettext_lazy as _

    register_station_figure("petitions_received", _("收到信访举报"), received_per_station, 10)
    register_station_figure("petitions_overdue", _("信访件逾期未分办"), overdue_per_station, 11)
