"""Station figures for the tours pages, counting only the items the user may see."""

from django.db.models import Count, Q
from django.utils import timezone

from rectification.models import ItemResult, ItemStatus, RectificationItem


def _items(stations, user):
    return (
        RectificationItem.objects.visible_to(user)
        .filter(station__in=stations)
        .order_by()
        .values("station_id")
    )


def rectification_rate(stations, user) -> dict:
    completed = Q(status=ItemStatus.CLOSED, result=ItemResult.COMPLETED)
    rows = _items(stations, user).annotate(total=Count("id"), done=Count("id", filter=completed))
    return {row["station_id"]: round(row["done"] / row["total"], 4) for row in rows}


def overdue_items(stations, user) -> dict:
    late = Q(deadline__lt=timezone.localdate()) & ~Q(status=ItemStatus.CLOSED)
    rows = _items(stations, user).annotate(n=Count("id", filter=late))
    return {row["station_id"]: row["n"] for row in rows}
