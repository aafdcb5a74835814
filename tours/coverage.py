"""Coverage of a term (全覆盖): which of the units it must cover were inspected, are being
inspected, or not yet; the share by sector; and look-back candidates. All in SQL.

A unit counts as inspected once one of the term's stations at it has left the on-site phase
(reporting or later), as being inspected while a station is preparing or on site, and as not
yet inspected otherwise (a merely planned station does not cover anything).
"""

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.fields import CharField, IntegerField
from django.utils.translation import gettext_lazy

from tours.models import RoundKind, Station, UnitKind
from tours.services import FED_BACK_OR_LATER, IN_PROGRESS, INSPECTED

INSPECTED_STATE = "inspected"
IN_PROGRESS_STATE = "in_progress"
NOT_YET_STATE = "not_yet"
# What the coverage page prints for each state.
STATE_LABELS = {
    INSPECTED_STATE: gettext_lazy("已巡视"),
    IN_PROGRESS_STATE: gettext_lazy("正在巡视"),
    NOT_YET_STATE: gettext_lazy("尚未巡视"),
}


@dataclass
class SectorShare:
    kind: str
    label: str
    total: int
    inspected: int
    in_progress: int
    not_yet: int

    def percent(self, part):
        return round(100 * part / self.total, 1) if self.total else 0.0

    @property
    def inspected_pct(self):
        return self.percent(self.inspected)

    @property
    def in_progress_pct(self):
        return self.percent(self.in_progress)

    @property
    def not_yet_pct(self):
        return self.percent(self.not_yet)


def units_with_state(term, stations):
    """The term's units annotated with `state` and the latest station's round and id."""
    at_unit = stations.filter(round__term=term, unit=OuterRef("pk"))
    latest = at_unit.order_by("-round__number")
    return (
        term.units.annotate(
            done=Exists(at_unit.filter(status__in=INSPECTED)),
            ongoing=Exists(at_unit.filter(status__in=IN_PROGRESS)),
        )
        .annotate(
            state=Case(
                When(done=True, then=Value(INSPECTED_STATE)),
                When(ongoing=True, then=Value(IN_PROGRESS_STATE)),
                default=Value(NOT_YET_STATE),
                output_field=CharField(),
            ),
            station_id=Subquery(latest.values("pk")[:1]),
            station_round=Subquery(latest.values("round__name")[:1]),
        )
        .order_by("kind", "name")
    )


def gaps_first(units):
    """Order units not yet inspected first, then those in progress, then the inspected."""
    rank = Case(
        When(state=NOT_YET_STATE, then=Value(0)),
        When(state=IN_PROGRESS_STATE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return units.alias(rank=rank).order_by("rank", "kind", "name")


def _counts():
    return {
        "total": Count("pk"),
        "inspected": Count("pk", filter=Q(state=INSPECTED_STATE)),
        "in_progress": Count("pk", filter=Q(state=IN_PROGRESS_STATE)),
        "not_yet": Count("pk", filter=Q(state=NOT_YET_STATE)),
    }


def sector_shares(term, stations):
    rows = (
        units_with_state(term, stations)
        .order_by()
        .values("kind")
        .annotate(**_counts())
        .order_by("kind")
    )
    labels = dict(UnitKind.choices)
    return [SectorShare(label=str(labels.get(row["kind"], row["kind"])), **row) for row in rows]


def totals(term, stations):
    row = units_with_state(term, stations).order_by().aggregate(**_counts())
    return SectorShare(kind="", label="", **row)


def look_back_candidates(term, stations):
    """Stations of the term fed back and not yet revisited, oldest feedback first."""
    return (
        stations.filter(round__term=term, status__in=FED_BACK_OR_LATER)
        .exclude(round__kind=RoundKind.LOOK_BACK)
        .exclude(Exists(Station.objects.filter(revisits=OuterRef("pk"))))
        .select_related("unit", "group", "round")
        .order_by("feedback_on", "pk")
    )
