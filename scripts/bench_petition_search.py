"""Benchmark: two-character Chinese search among generated petitions on PostgreSQL.

    DATABASE_URL=postgres://… .venv/bin/python scripts/bench_petition_search.py [--rows 200000]
        [--term 钱芳] [--keep]

Generates petitions (psycopg 3 COPY) on a dedicated bench station with a reported person
each, rebuilds the bigram indexes, runs the register's search as office staff (first page
of 50 and the total count), prints EXPLAIN (ANALYZE, BUFFERS) and the timings, then deletes
the generated rows unless --keep is given.
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
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.db import connection  # noqa: E402

SURNAMES = "赵钱孙李周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉萍红娥玲芬燕"
FILLER = (
    "反映单位领导干部违规收受礼金工程项目招标存在问题群众意见较大请求巡视组核查处理有关情况"
    "公车私用超标准接待选人用人不正之风征地拆迁补偿款未按时足额发放扶贫资金被挪用截留"
)
TOPICS = ("违规收受礼金", "插手工程项目", "违规提拔干部", "公车私用", "拖欠工程款", "作风粗暴")
PREFIX = "BENCH-"


def _bench_station():
    from tours.models import InspectionGroup, Round, Station, Term, TermLevel, Unit, UnitKind

    unit, _ = Unit.objects.get_or_create(
        name="基准测试单位", defaults={"kind": UnitKind.DEPARTMENT}
    )
    term, _ = Term.objects.get_or_create(
        committee="基准测试",
        name="第一届",
        defaults={"level": TermLevel.PROVINCIAL, "starts_on": datetime.date(2024, 1, 1)},
    )
    rnd, _ = Round.objects.get_or_create(term=term, number=1, defaults={"name": "基准测试轮"})
    group, _ = InspectionGroup.objects.get_or_create(
        round=rnd, number=1, defaults={"name": "测试组"}
    )
    station, _ = Station.objects.get_or_create(round=rnd, unit=unit, defaults={"group": group})
    return station


def _name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _rows(count, station_id, rng):
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    for i in range(count):
        name = _name(rng)
        received = start + datetime.timedelta(minutes=i * 3)
        content = "".join(rng.choice(FILLER) for _ in range(rng.randint(60, 140)))
        yield (
            f"{PREFIX}{i:07d}",
            2024,
            i + 1,
            "hotline",
            received,
            received,
            False,
            f"反映{name}{rng.choice(TOPICS)}问题",
            content,
            "registered",
            False,
            received.date() + datetime.timedelta(days=7),
            "",
            "",
            "",
            station_id,
            name,
        )


def generate(count, seed=7):
    station = _bench_station()
    rng = random.Random(seed)
    raw = connection.connection
    t0 = time.perf_counter()
    with raw.cursor() as cur:
        for index in (
            "petition_summary_bigrams",
            "petition_content_bigrams",
            "reported_person_name_bigrams",
        ):
            cur.execute(f"DROP INDEX IF EXISTS {index}")
        cur.execute("CREATE TEMP TABLE bench_names (number text PRIMARY KEY, name text)")
        columns = (
            "number, year, sequence, channel, received_at, registered_at, is_named, summary,"
            " content, status, is_late, routing_due_on, routing_class, triage_note,"
            " conclusion, station_id"
        )
        people = []
        with cur.copy(f"COPY petitions_petition ({columns}) FROM STDIN") as petitions:
            for row in _rows(count, station.pk, rng):
                petitions.write_row(row[:-1])
                people.append((row[0], row[-1]))
        with cur.copy("COPY bench_names (number, name) FROM STDIN") as names:
            for row in people:
                names.write_row(row)
        cur.execute(
            "INSERT INTO petitions_reportedperson (petition_id, name, position, unit_name,"
            " cadre_level) SELECT p.id, n.name, '处长', '基准测试单位', 'division'"
            " FROM petitions_petition p JOIN bench_names n ON n.number = p.number"
        )
        t1 = time.perf_counter()
        cur.execute("SET maintenance_work_mem = '256MB'")
        for name, table, column in (
            ("petition_summary_bigrams", "petitions_petition", "summary"),
            ("petition_content_bigrams", "petitions_petition", "content"),
            ("reported_person_name_bigrams", "petitions_reportedperson", "name"),
        ):
            cur.execute(f"CREATE INDEX {name} ON {table} USING gin (bigrams({column}))")
        cur.execute("ANALYZE petitions_petition")
        cur.execute("ANALYZE petitions_reportedperson")
    raw.commit()
    t2 = time.perf_counter()
    print(
        f"generated {count} petitions + people by COPY in {t1 - t0:.1f} s;"
        f" bigram indexes built in {t2 - t1:.1f} s"
    )


def cleanup():
    with connection.cursor() as cur:
        cur.execute(
            "DELETE FROM petitions_reportedperson WHERE petition_id IN"
            " (SELECT id FROM petitions_petition WHERE number LIKE %s)",
            [PREFIX + "%"],
        )
        cur.execute("DELETE FROM petitions_petition WHERE number LIKE %s", [PREFIX + "%"])


def measure(term, repeats=5):
    from django.contrib.auth import get_user_model

    from inspection.accounts.models import Role
    from petitions.models import Petition
    from petitions.search import search

    office = get_user_model()(username="bench", role=Role.OFFICE, is_active=True)
    qs = search(Petition.objects.visible_to(office), term).order_by("-received_at", "-id")
    page = qs.values_list("pk", flat=True)[:50]
    print(f"\nEXPLAIN (ANALYZE, BUFFERS) first page for {term!r}:\n")
    print(page.explain(analyze=True, buffers=True))
    timings = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        ids = list(page)
        total = qs.count()
        timings.append((time.perf_counter() - t0) * 1000)
    print(
        f"\nsearch {term!r}: {total} matches; first page ({len(ids)} rows) + count in "
        f"min {min(timings):.1f} ms, median {sorted(timings)[len(timings) // 2]:.1f} ms, "
        f"max {max(timings):.1f} ms over {repeats} runs"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--term", default="钱芳")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    cleanup()
    generate(args.rows)
    try:
        measure(args.term)
    finally:
        if not args.keep:
            cleanup()


if __name__ == "__main__":
    main()
