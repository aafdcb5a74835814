"""Tours benchmark: station list (API and page) and term coverage on a synthetic term.

    DATABASE_URL=postgres://… .venv/bin/python scripts/bench_tours.py --rounds 15 --repeat 20

Loads the demo plus a synthetic term of N rounds (idempotent), then prints, for each measured
path, the median and worst wall time over the repeats and the number of SQL queries.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspection.settings")
# A local measurement, not a deployment: development keys and settings are fine.
os.environ.setdefault("DEBUG", "1")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from tours import coverage
    from tours.demo import load_demo
    from tours.models import Station
    from tours.synthetic import load_scale

    started = time.perf_counter()
    load_demo()
    term = load_scale(args.rounds)
    print(f"setup: {time.perf_counter() - started:.1f} s (demo + synthetic term, idempotent)")
    print(f"database: {connection.vendor}; stations in all: {Station.objects.count()}")

    office = get_user_model().objects.get(username="office")
    leader = get_user_model().objects.get(username="groupleader")
    api, browser = APIClient(), Client()
    api.force_authenticate(office)
    browser.force_login(office)
    api_leader = APIClient()
    api_leader.force_authenticate(leader)

    def measure(label, call):
        times, queries = [], 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                call()
                times.append((time.perf_counter() - start) * 1000)
            queries = len(ctx)
        print(
            f"{label:<48} median {statistics.median(times):7.1f} ms"
            f"  max {max(times):7.1f} ms  queries {queries}"
        )

    def ok(response):
        assert response.status_code == 200, response.status_code
        return response

    measure("API station list, 50 rows (office)", lambda: ok(api.get("/api/v1/stations/")))
    measure(
        "API station list, term + status filter",
        lambda: ok(api.get("/api/v1/stations/", {"term": term.pk, "status": "closed"})),
    )
    measure(
        "API station list, page 10",
        lambda: ok(api.get("/api/v1/stations/", {"page": 10})),
    )
    measure("API station list (group leader)", lambda: ok(api_leader.get("/api/v1/stations/")))
    measure("page station list, 50 rows", lambda: ok(browser.get("/tours/stations/")))
    measure("API term coverage", lambda: ok(api.get(f"/api/v1/terms/{term.pk}/coverage/")))
    measure("page term coverage", lambda: ok(browser.get(f"/tours/terms/{term.pk}/coverage/")))
    stations = Station.objects.all()
    measure("coverage.sector_shares (SQL only)", lambda: coverage.sector_shares(term, stations))


if __name__ == "__main__":
    main()
