"""Deadline rules and their tiers.

The case apps describe each deadline once (which objects, which indexed date column, who is
told, who is told when it is badly overdue) and register it here; the sweep never imports
them. A rule counts days through a `DayCounter`, so a rule in working days only swaps the
counter.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings


@dataclass(frozen=True)
class DayCounter:
    """`shift(day, n)`: the day n units later (n may be negative); `between(a, b)`: b - a."""

    shift: Callable[[datetime.date, int], datetime.date]
    between: Callable[[datetime.date, datetime.date], int]


CALENDAR_DAYS = DayCounter(
    shift=lambda day, n: day + datetime.timedelta(days=n),
    between=lambda a, b: (b - a).days,
)


def working_days() -> DayCounter:
    """Chinese working days when the calendar module is installed, else calendar days."""
    try:
        from inspection import workdays
    except ImportError:
        return CALENDAR_DAYS
    return DayCounter(shift=workdays.add_working_days, between=workdays.working_days_between)


@dataclass(frozen=True)
class Tiers:
    before: tuple[int, ...]  # days before the deadline; 0 is "on the day"
    overdue_every: int  # then one reminder each this many days overdue (0: none)
    escalate_after: int  # days overdue after which the escalation recipients are told
    overdue_horizon: int  # how many overdue repeats are looked for

    @classmethod
    def from_settings(cls, **overrides):
        values = {
            "before": tuple(sorted(settings.REMINDER_DAYS_BEFORE, reverse=True)),
            "overdue_every": settings.REMINDER_OVERDUE_EVERY_DAYS,
            "escalate_after": settings.REMINDER_ESCALATE_AFTER_DAYS,
            "overdue_horizon": settings.REMINDER_OVERDUE_REPEATS,
        }
        values.update(overrides)
        return cls(**values)

    def tier_for(self, days_left: int) -> str | None:
        """The tier key for a deadline `days_left` units away (negative: overdue)."""
        if days_left > 0 or (days_left == 0 and 0 not in self.before):
            for n, smaller in zip(self.before, (*self.before[1:], None), strict=True):
                if days_left <= n and (smaller is None or days_left > smaller) and n > 0:
                    return f"before-{n}"
            return None
        overdue = -days_left
        every = self.overdue_every
        if every and overdue >= every:
            return f"overdue-{overdue // every * every}"
        # On the day, or a late first sight before the first repeat: the "due" reminder.
        return "due" if (0 in self.before or overdue > 0) else None

    def escalates(self, days_left: int) -> bool:
        return self.escalate_after > 0 and -days_left >= self.escalate_after

    def offsets(self) -> tuple[tuple[int, int], list[int]]:
        """(window, exact days): the day offsets from today whose deadlines may be due today.

        The window covers the before-tiers and the first overdue days; beyond it only the
        repeat days and the escalation day are looked at, so long-overdue objects cost
        nothing on the days they are not due.
        """
        first = -(self.overdue_every - 1) if self.overdue_every else 0
        window = (first, max(self.before, default=0))
        exact = [-self.overdue_every * k for k in range(1, self.overdue_horizon + 1)]
        if self.escalate_after:
            exact.append(-self.escalate_after)
        return window, sorted(set(exact) - set(range(window[0], window[1] + 1)))


@dataclass(frozen=True)
class Due:
    """What a rule says about one due object."""

    object_id: int
    due_on: datetime.date
    case_label: str
    recipients: list[int]  # user ids told at every tier
    escalation: list[int] = field(default_factory=list)  # user ids told once escalated
    url: str = ""
    note: str = ""  # added to the escalation reason (e.g. the unit's principal leader)


@dataclass(frozen=True)
class DeadlineRule:
    """A deadline the sweep watches.

    `queryset()` returns only the objects still open (closed ones never get reminders);
    `due_field` is an indexed date column on it; `describe(objects)` turns the selected
    objects into `Due` entries with their recipients, in a constant number of queries.
    """

    key: str
    reason: str  # e.g. "整改任务完成时限" (lazy translation)
    queryset: Callable
    due_field: str
    describe: Callable
    days: DayCounter | Callable[[], DayCounter] = CALENDAR_DAYS
    tiers: Tiers | None = None
    remind_overdue: bool = True

    def counter(self) -> DayCounter:
        return self.days() if callable(self.days) else self.days

    def effective_tiers(self) -> Tiers:
        tiers = self.tiers or Tiers.from_settings()
        if not self.remind_overdue:
            tiers = Tiers(tiers.before, 0, 0, 0)
        return tiers


_rules: dict[str, DeadlineRule] = {}


def register_rule(rule: DeadlineRule):
    _rules[rule.key] = rule
    return rule


def registered_rules() -> list[DeadlineRule]:
    return [_rules[key] for key in sorted(_rules)]


def get_rule(key: str) -> DeadlineRule:
    return _rules[key]
