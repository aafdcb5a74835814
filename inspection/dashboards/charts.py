"""Charts drawn from the fields every app's first models already have.

Each starts from `visible_to(user)` and aggregates in SQL: one query per chart. The apps may
replace any of them (same key) once their models carry more (disciplines, disposal methods,
closure results).
"""

import datetime

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspection.dashboards.registry import ChartData, Series, register_chart


def _model(label):
    return apps.get_model(*label.split("."))


def _counts_by_choice(queryset, field, choices):
    """One bar per choice, in the choices' order, zero where nothing matches."""
    counts = dict(queryset.values_list(field).annotate(n=Count("pk")).order_by())
    return ChartData(
        labels=[label for _value, label in choices],
        series=[Series(_("数量"), [counts.get(value, 0) for value, _label in choices])],
    )


def coverage_by_sector(user, selection):
    """Units of the term per sector: inspected (a visible station in the term) or not yet."""
    Unit, Station = _model("tours.Unit"), _model("tours.Station")
    from tours.models import TARGET_KINDS, UnitKind

    if selection.term is None:
        return ChartData(labels=[])
    stations = Station.objects.visible_to(user).filter(
        round__term=selection.term, unit=OuterRef("pk")
    )
    rows = dict_rows(
        Unit.objects.visible_to(user)
        .filter(terms=selection.term)
        .annotate(covered=Exists(stations))
        .values("kind")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(covered=True)))
        .order_by()
    )
    kinds = [(value, label) for value, label in UnitKind.choices if value in TARGET_KINDS]
    kinds = [(value, label) for value, label in kinds if value in rows]
    done = [rows[value]["done"] for value, _label in kinds]
    return ChartData(
        labels=[label for _value, label in kinds],
        series=[
            Series(_("已巡视"), done),
            Series(_("未巡视"), [rows[value]["total"] - rows[value]["done"] for value, _ in kinds]),
        ],
        stacked=True,
    )


def dict_rows(values_queryset, key="kind"):
    return {row[key]: row for row in values_queryset}


def stations_by_phase(user, selection):
    Station = _model("tours.Station")
    from tours.models import StationStatus

    stations = selection.narrow(Station.objects.visible_to(user), via="")
    return _counts_by_choice(stations, "status", StationStatus.choices)


def petitions_by_channel(user, selection):
    Petition = _model("petitions.Petition")
    from petitions.models import Channel

    petitions = selection.narrow(Petition.objects.visible_to(user))
    return _counts_by_choice(petitions, "channel", Channel.choices)


def petitions_by_status(user, selection):
    Petition = _model("petitions.Petition")
    from petitions.models import PetitionStatus

    petitions = selection.narrow(Petition.objects.visible_to(user))
    return _counts_by_choice(petitions, "status", PetitionStatus.choices)


def findings_by_status(user, selection):
    Finding = _model("findings.Finding")
    from findings.models import FindingStatus

    findings = selection.narrow(Finding.objects.visible_to(user))
    return _counts_by_choice(findings, "status", FindingStatus.choices)


def leads_by_status(user, selection):
    Lead = _model("findings.Lead")
    from findings.models import LeadStatus

    leads = selection.narrow(Lead.objects.visible_to(user))
    return _counts_by_choice(leads, "status", LeadStatus.choices)


def items_by_status(user, selection):
    Item = _model("rectification.RectificationItem")
    from rectification.models import ItemStatus

    items = selection.narrow(Item.objects.visible_to(user))
    return _counts_by_choice(items, "status", ItemStatus.choices)


def rectification_by_month(user, selection, today=None):
    """Per month of the deadline: items due, closed, overdue (past due and not closed), rate."""
    Item = _model("rectification.RectificationItem")
    from rectification.models import ItemStatus

    today = today or timezone.localdate()
    closed = Q(status=ItemStatus.CLOSED)
    rows = list(
        selection.narrow(Item.objects.visible_to(user))
        .annotate(month=TruncMonth("deadline"))
        .values("month")
        .annotate(
            total=Count("pk"),
            closed=Count("pk", filter=closed),
            overdue=Count("pk", filter=~closed & Q(deadline__lt=today)),
        )
        .order_by("month")
    )
    return ChartData(
        labels=[_month_label(row["month"]) for row in rows],
        series=[
            Series(_("到期任务"), [row["total"] for row in rows]),
            Series(_("逾期未销号"), [row["overdue"] for row in rows]),
            Series(
                _("整改率（%）"),
                [round(100 * row["closed"] / row["total"], 1) for row in rows],
                kind="line",
                on_second_axis=True,
            ),
        ],
        second_axis_title=_("整改率（%）"),
    )


def _month_label(value):
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.strftime("%Y-%m") if value else ""


register_chart("coverage_by_sector", _("本届巡视覆盖情况（按板块）"), coverage_by_sector, order=10)
register_chart("stations_by_phase", _("进驻按阶段"), stations_by_phase, order=20)
register_chart(
    "petitions_by_channel",
    _("信访举报件按来源渠道"),
    petitions_by_channel,
    section="petitions",
    order=10,
)
register_chart(
    "petitions_by_status",
    _("信访举报件按办理状态"),
    petitions_by_status,
    section="petitions",
    order=30,
)
register_chart(
    "findings_by_status", _("发现问题按状态"), findings_by_status, section="findings", order=10
)
register_chart(
    "leads_by_status", _("问题线索处置情况"), leads_by_status, section="findings", order=20
)
register_chart(
    "rectification_by_month",
    _("整改率与逾期任务（按完成时限月份）"),
    rectification_by_month,
    section="rectification",
    order=10,
)
register_chart(
    "items_by_status", _("整改任务按状态"), items_by_status, section="rectification", order=20
)
