import datetime
import logging

import pytest

from inspection.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # New Year 2025: 1 January off.
        (D(2024, 12, 30), 5, D(2025, 1, 7)),
        # Spring Festival 2025 (28 Jan - 4 Feb off; Sunday 26 Jan and Saturday 8 Feb worked).
        (D(2025, 1, 24), 5, D(2025, 2, 7)),
        # National Day 2024 (1-7 Oct off; Sunday 29 Sep and Saturday 12 Oct worked):
        # 29 Sep, 30 Sep, 8 Oct, 9 Oct, 10 Oct.
        (D(2024, 9, 27), 5, D(2024, 10, 10)),
        # Spring Festival 2024 (10-17 Feb off; Sunday 4 Feb and Sunday 18 Feb worked):
        # 8 Feb, 9 Feb, 18 Feb, 19 Feb, 20 Feb.
        (D(2024, 2, 7), 5, D(2024, 2, 20)),
        (D(2024, 9, 30), 1, D(2024, 10, 8)),
        (D(2024, 3, 4), 0, D(2024, 3, 4)),
    ],
)
def test_add_working_days_on_real_holidays(start, days, expected):
    assert add_working_days(start, days) == expected


def test_make_up_days_and_holidays():
    assert is_working_day(D(2024, 9, 29))  # Sunday, make-up working day
    assert is_working_day(D(2024, 2, 18))  # Sunday, make-up working day
    assert not is_working_day(D(2024, 10, 3))  # National Day, a Thursday
    assert not is_working_day(D(2024, 2, 12))  # Spring Festival, a Monday
    assert not is_working_day(D(2024, 3, 9))  # an ordinary Saturday
    assert working_days_between(D(2024, 9, 27), D(2024, 10, 10)) == 5


def test_unknown_year_falls_back_to_weekdays_and_warns(caplog):
    with caplog.at_level(logging.WARNING, logger="inspection.workdays"):
        # 2099-01-01 is a Thursday; Friday, then Monday to Wednesday.
        assert add_working_days(D(2099, 1, 1), 4) == D(2099, 1, 7)
    assert not is_working_day(D(2099, 1, 3))  # Saturday
    assert "2099" in caplog.text


def test_counting_backwards_mirrors_counting_forwards():
    # Five working days before 2025-02-07 (after Spring Festival) is 2025-01-24.
    assert add_working_days(D(2025, 2, 7), -5) == D(2025, 1, 24)
    assert working_days_between(D(2025, 2, 7), D(2025, 1, 24)) == -5
    assert working_days_between(D(2025, 1, 24), D(2025, 2, 7)) == 5
