"""Calendar arithmetic shared by every deadline rule (DESIGN §4)."""

import datetime

from dateutil.relativedelta import relativedelta


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    return day + relativedelta(months=months)
