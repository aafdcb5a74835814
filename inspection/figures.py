"""Headline figures per station, contributed by the apps that own the data.

The tours app shows a station's figures (petitions received, findings, leads, rectification
rate …) without importing the apps to its right: each of those apps registers a provider in
its AppConfig.ready(). A provider takes a queryset of stations and the user and returns
{station_id: value} computed in SQL for all of them at once (one query per provider, whatever
the number of stations), counting only what the user may see.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class StationFigure:
    key: str
    label: str  # a lazy translation
    compute: Callable  # (stations_queryset, user) -> dict[int, int | float | None]
    order: int = 100


_figures: dict[str, StationFigure] = {}


def register_station_figure(key, label, compute, order=100):
    _figures[key] = StationFigure(key, label, compute, order)


def station_figures():
    return sorted(_figures.values(), key=lambda figure: (figure.order, figure.key))


def figures_for(stations, user) -> dict[int, dict[str, object]]:
    """{station_id: {figure_key: value}} for the given stations, one query per figure."""
    ids = list(stations.values_list("pk", flat=True))
    result = {pk: {} for pk in ids}
    for figure in station_figures():
        values = figure.compute(stations.model.objects.filter(pk__in=ids), user)
        for pk in ids:
            result[pk][figure.key] = values.get(pk)
    return result
