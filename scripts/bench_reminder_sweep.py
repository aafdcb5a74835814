"""Benchmark: a reminder sweep over 100,000 open rectification items of which 1,000 are due.

    DATABASE_URL=postgres://… .venv/bin/python scripts/bench_reminder_sweep.py [--items N] [--due M]

Everything is created inside one transaction that is rolled back at the end, so the database
is left as it was. Prints the queries the sweep ran, the plan PostgreSQL chose for the item
rule, and the time: the sweep reads only the due rows (through the partial index on active
items' deadlines), so its cost follows the number of due items, not the total.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspection.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from findings.models import Finding, FindingStatus  # noqa: E402
from inspection.accounts.models import Role, User  # noqa: E402
from inspection.notifications import services  # noqa: E402
from inspection.notifications.rules import get_rule  # noqa: E402
from rectification.models import RectificationItem  # noqa: E402
from tours.models import InspectionGroup, Round, Station, Term, TermLevel, Unit, UnitKind  # noqa: E402

TODAY = datetime.date(2025, 3, 3)
STATIONS = 50


class Rollback(Exception):
    pass


def build(total: int, due: int):
    term = Term.objects.create(
        committee="基准测试党委", name="基准届", level=TermLevel.PROVINCIAL, starts_on=TODAY
    )
    rnd = Round.objects.create(term=term, number=1, name="基准轮")
    group = InspectionGroup.objects.create(round=rnd, number=1, name="基准组")
    units = Unit.objects.bulk_create(
        [Unit(name=f"基准单位{n}", kind=UnitKind.DEPARTMENT) for n in range(STATIONS)]
    )
    User.objects.bulk_create(
        [User(username=f"bench{n}", role=Role.LIAISON, unit=u) for n, u in enumerate(units)]
    )
    stations = Station.objects.bulk_create(
        [Station(round=rnd, group=group, unit=u, feedback_on=TODAY) for u in units]
    )
    findings = Finding.objects.bulk_create(
        [Finding(station=s, title=f"问题{s.pk}", status=FindingStatus.RECTIFYING) for s in stations]
    )
    rng = random.Random(7)
    # Due today: deadlines in the reminder window (7 days ahead .. 6 days late) or on an
    # overdue repeat day; the rest are months away and must not be read.
    due_offsets = [*range(-6, 8), -7, -14, -21, -28]
    items = []
    for n in range(total):
        finding = findings[n % STATIONS]
        offset = due_offsets[n % len(due_offsets)] if n < due else rng.randint(30, 700)
        deadline = TODAY + datetime.timedelta(days=offset)
        items.append(
            RectificationItem(
                station_id=finding.station_id,
                finding=finding,
                measures="措施",
                deadline=deadline,
                original_deadline=deadline,
            )
        )
    RectificationItem.objects.bulk_create(items, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE rectification_rectificationitem")


def explain_item_rule() -> str:
    rule = get_rule("rectification.item_deadline")
    queryset = rule.queryset().filter(services.due_filter(rule, TODAY))
    return queryset.explain(analyze=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the figures are for PostgreSQL.")
    call_command("migrate", verbosity=0)
    # Earlier runs were rolled back; their dead index entries would inflate the plan's counts.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM rectification_rectificationitem")
    try:
        with transaction.atomic():
            started = time.perf_counter()
            build(args.items, args.due)
            print(
                f"built {args.items} open items ({args.due} due) in "
                f"{time.perf_counter() - started:.1f} s"
            )
            print("\nEXPLAIN ANALYZE of the item rule's selection:")
            print(explain_item_rule())
            # A worker process loads the URL configuration once; do it before timing.
            reverse("rectification:item-detail", args=[1])
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                result = services.sweep(TODAY)
                elapsed = time.perf_counter() - started
            print(f"\nqueries run by the sweep ({len(queries)}):")
            for query in queries.captured_queries:
                print(f"  [{float(query['time']) * 1000:7.1f} ms] {query['sql'][:300]}")
            items_read = result.selected
            print(
                f"\nsweep: {elapsed * 1000:.0f} ms; due objects read: {items_read}; "
                f"reminders: {result.reminders}; notifications: {result.notifications}"
            )
            started = time.perf_counter()
            services.sweep(TODAY)
            print(f"second sweep (nothing new): {(time.perf_counter() - started) * 1000:.0f} ms")
            raise Rollback
    except Rollback:
        print("(rolled back: the database is unchanged)")


if __name__ == "__main__":
    main()
