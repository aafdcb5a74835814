"""Dashboard charts on rectification (registered from RectificationConfig.ready)."""

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inspection.dashboards.charts import counts_by_choice, month_label
from inspection.dashboards.registry import ChartData, Series, register_chart
from rectification.models import ItemStatus, RectificationItem, completed_q, overdue_q


def rectification_over_time(user, selection, today=None):
    """Per month of the items' current deadline: due, completed, overdue and the rate.

    completed and overdue as defined once in rectification.models (`completed_q`,
    `overdue_q`); rate = completed / due, in per cent.
    """
    today = today or timezone.localdate()
    rows = list(
        selection.narrow(RectificationItem.objects.visible_to(user))
        .annotate(month=TruncMonth("deadline"))
        .values("month")
        .annotate(
            due=Count("pk"),
            completed=Count("pk", filter=completed_q()),
            overdue=Count("pk", filter=overdue_q(today)),
        )
        .order_by("month")
    )
    return ChartData(
        labels=[month_label(row["month"]) for row in rows],
        series=[
            Series(_("到期任务"), [row["due"] for row in rows]),
            Series(_("已完成销号"), [row["completed"] for row in rows]),
            Series(_("逾期未销号"), [row["overdue"] for row in rows]),
            Series(
                _("整改率（%）"),
                [round(100 * row["completed"] / row["due"], 1) for row in rows],
                kind="line",
                on_second_axis=True,
            ),
        ],
        second_axis_title=_("整改率（%）"),
    )


def items_by_status(user, selection):
    items = selection.narrow(RectificationItem.objects.visible_to(user))
    return counts_by_choice(items, "status", ItemStatus.choices)


def register():
    register_chart(
        "items_by_status", _("整改任务按状态"), items_by_status, section="rectification", order=20
    )
    register_chart(
        "rectification_by_month",
        _("整改率与逾期任务（按完成时限月份）"),
        rectification_over_time,
        section="rectification",
        order=10,
    )
