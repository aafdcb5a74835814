"""Chinese working days: official holidays and make-up working days (调休).

The calendar comes from the `chinese-calendar` package, which ships the State Council's
yearly holiday notices. For a year it does not know yet (it raises NotImplementedError), we
fall back to "Monday to Friday are working days" and log a warning once per year, so a
deadline is still computed (possibly a few days early around holidays) rather than lost.
"""

import datetime
import logging

import chinese_calendar

logger = logging.getLogger(__name__)

_warned_years: set[int] = set()


def _fallback(day: datetime.date) -> bool:
    if day.year not in _warned_years:
        _warned_years.add(day.year)
        logger.warning(
            "chinese-calendar has no holiday data for %s; counting Monday-Friday as working days.",
            day.year,
        )
    return day.weekday() < 5


def is_working_day(day: datetime.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return _fallback(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (before it when `days` is negative).

    The start day itself is not counted.
    """
    step = datetime.timedelta(days=1 if days >= 0 else -1)
    day, remaining = start, abs(days)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Signed count of working days from `start` to `end`.

    Counts the working days after `start` up to and including `end`; negative (the working
    days after `end` up to and including `start`) when `end` is earlier, so that
    `add_working_days(a, working_days_between(a, b))` lands on `b` or the working day nearest
    after it in the direction of travel.
    """
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return count
