"""Dashboard charts, contributed by the apps that own the data.

A chart is a function `compute(user, selection) -> ChartData` that starts from the model's
`visible_to(user)` and aggregates in SQL (one query per chart, whatever the data size). Apps
register charts in their AppConfig.ready():

    from inspection.dashboards.registry import ChartData, Series, register_chart

    def petitions_by_discipline(user, selection):
        rows = selection.filter_petitions(Petition.objects.visible_to(user))...
        return ChartData(labels=[...], series=[Series(_("件数"), [...])])

    register_chart("petitions_by_discipline", _("信访件按违反纪律类别"),
                   petitions_by_discipline, section="petitions", order=20)

Registering an existing key replaces that chart, so an app may refine a chart drawn here from
its skeleton fields. The page draws every registered chart with plotly.js.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

SECTIONS = {
    "tours": _("巡视覆盖与进度"),
    "petitions": _("信访举报"),
    "findings": _("问题与线索"),
    "rectification": _("整改"),
}


@dataclass
class Series:
    name: str
    values: list
    kind: str = "bar"  # bar | line
    on_second_axis: bool = False  # e.g. a rate (%) beside counts

    def as_json(self):
        return {
            "name": str(self.name),
            "values": list(self.values),
            "kind": self.kind,
            "second_axis": self.on_second_axis,
        }


@dataclass
class ChartData:
    labels: list
    series: list[Series] = field(default_factory=list)
    stacked: bool = False
    second_axis_title: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(any(value for value in s.values) for s in self.series)

    def as_json(self):
        return {
            "labels": [str(label) for label in self.labels],
            "series": [s.as_json() for s in self.series],
            "stacked": self.stacked,
            "second_axis_title": str(self.second_axis_title),
        }


@dataclass(frozen=True)
class Chart:
    key: str
    title: str  # a lazy translation
    compute: Callable  # (user, Selection) -> ChartData
    section: str = "tours"
    order: int = 100


_charts: dict[str, Chart] = {}


def register_chart(key, title, compute, *, section="tours", order=100):
    if section not in SECTIONS:
        raise ValueError(f"unknown dashboard section {section!r}; one of {sorted(SECTIONS)}")
    _charts[key] = Chart(key, title, compute, section, order)


def charts() -> list[Chart]:
    return sorted(_charts.values(), key=lambda c: (list(SECTIONS).index(c.section), c.order, c.key))


def get_chart(key) -> Chart | None:
    return _charts.get(key)
