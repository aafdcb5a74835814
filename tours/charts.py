"""Dashboard charts on coverage and phases (registered from ToursConfig.ready)."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from inspection.dashboards.charts import counts_by_choice
from inspection.dashboards.registry import ChartData, Series, register_chart
from tours.models import TARGET_KINDS, Station, StationStatus, Unit, UnitKind


def coverage_by_sector(user, selection):
    """Units of the term per sector: inspected (a visible station in the term) or not yet."""
    if selection.term is None:
        return ChartData(labels=[])
    stations = Station.objects.visible_to(user).filter(
        round__term=selection.term, unit=OuterRef("pk")
    )
    rows = {
        row["kind"]: row
        for row in Unit.objects.visible_to(user)
        .filter(terms=selection.term)
        .annotate(covered=Exists(stations))
        .values("kind")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(covered=True)))
        .order_by()
    }
    kinds = [(v, label) for v, label in UnitKind.choices if v in TARGET_KINDS and v in rows]
    return ChartData(
        labels=[label for _value, label in kinds],
        series=[
            Series(_("已巡视"), [rows[v]["done"] for v, _label in kinds]),
            Series(_("未巡视"), [rows[v]["total"] - rows[v]["done"] for v, _label in kinds]),
        ],
        stacked=True,
    )


def stations_by_phase(user, selection):
    stations = selection.narrow(Station.objects.visible_to(user), via="")
    return counts_by_choice(stations, "status", StationStatus.choices)


def register():
    register_chart(
        "coverage_by_sector", _("本届巡视覆盖情况（按板块）"), coverage_by_sector, order=10
    )
    register_chart("stations_by_phase", _("进驻按阶段"), stations_by_phase, order=20)
