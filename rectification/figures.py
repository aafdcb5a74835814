"""Station figures for the tours pages, counting only the items the user may see."""

from django.db.models import Count

from rectification.models import RectificationItem, completed_q, overdue_q


def _items(stations, user):
    return (
        RectificationItem.objects.visible_to(user)
        .filter(station__in=stations)
        .order_by()
        .values("station_id")
    )


def rectification_rate(stations, user) -> dict:
    done = Count("id", filter=completed_q())
    rows = _items(stations, user).annotate(total=Count("id"), done=done)
    return {row["station_id"]: round(row["done"] / row["total"], 4) for row in rows}


def overdue_items(stations, user) -> dict:
    rows = _items(stations, user).annotate(n=Count("id", filter=overdue_q()))
    return {row["station_id"]: row["n"] for row in rows}
