"""Working days: Saturdays, Sundays and the holiday calendar are not counted (pure functions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

from django.core.exceptions import ImproperlyConfigured

from saphan.complaints.models.choices import OPEN_STATES

ONE_DAY = dt.timedelta(days=1)


def is_working_day(day: dt.date, holidays: Collection[dt.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: dt.date, days: int, holidays: Collection[dt.date]) -> dt.date:
    """The date `days` working days after `start` (the day itself does not count): a case
    received on a Friday evening with one working day is due on Monday, or on Tuesday if
    Monday is a holiday. Zero days gives the next working day on or after `start`."""
    day = start
    if days <= 0:
        while not is_working_day(day, holidays):
            day += ONE_DAY
        return day
    counted = 0
    while counted < days:
        day += ONE_DAY
        if is_working_day(day, holidays):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date, holidays: Collection[dt.date]) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += ONE_DAY
        if is_working_day(day, holidays):
            count += 1
    return count


def parse_state_days(text: str) -> dict[str, int]:
    """ "received:1,acknowledged:3,…" → {"received": 1, …}; every open state must be given."""
    days: dict[str, int] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        name, _sep, value = part.partition(":")
        name = name.strip()
        if name not in OPEN_STATES or not value.strip().isdigit():
            raise ImproperlyConfigured(
                f"SAPHAN_COMPLAINTS_STATE_DAYS: '{part}' is not state:days with a known state"
            )
        days[name] = int(value)
    missing = [s for s in OPEN_STATES if s not in days]
    if missing:
        raise ImproperlyConfigured(f"SAPHAN_COMPLAINTS_STATE_DAYS lacks {', '.join(missing)}")
    return days


def state_due(
    state: str, entered: dt.date, state_days: Mapping[str, int], holidays: Collection[dt.date]
) -> dt.date:
    return add_working_days(entered, state_days[state], holidays)


def expected_resolution(
    state: str, due: dt.date, state_days: Mapping[str, int], holidays: Collection[dt.date]
) -> dt.date:
    """When the case should be settled if every later state keeps its deadline."""
    later = OPEN_STATES[OPEN_STATES.index(state) + 1 :]
    return add_working_days(due, sum(state_days[s] for s in later), holidays)
