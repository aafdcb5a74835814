"""Gap-free numbers per scope and year (registration numbers, letter numbers).

`next_number("petition:station:12", 2024)` returns 1, 2, 3 … Safe under concurrency: the
counter row is locked (PostgreSQL) or the database is serialised (SQLite) for the length of
the caller's transaction, so two requests never get the same number. Call it inside the
transaction that stores the numbered object: a rollback gives the number back.
"""

from django.db import IntegrityError, transaction
from django.db.models import F

from inspection.models import Sequence


def next_number(scope: str, year: int) -> int:
    with transaction.atomic():
        updated = Sequence.objects.filter(scope=scope, year=year).update(
            last_value=F("last_value") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    Sequence.objects.create(scope=scope, year=year, last_value=1)
                    return 1
            except IntegrityError:  # another transaction created it first
                Sequence.objects.filter(scope=scope, year=year).update(
                    last_value=F("last_value") + 1
                )
        return Sequence.objects.get(scope=scope, year=year).last_value


def format_number(prefix: str, year: int, value: int, width: int = 4) -> str:
    """E.g. format_number("川巡四信", 2024, 7) -> "川巡四信〔2024〕0007号"-style sortable text."""
    return f"{prefix}〔{year}〕{value:0{width}d}号"
