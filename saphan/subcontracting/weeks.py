"""Engine weeks ↔ calendar dates (pure: no database).

Week 1 starts on the run's Monday (`week_one`: the given day if it is a Monday, else the next
Monday); week w runs Monday to Sunday, from week1 + 7(w − 1). A tranche planned in week w is
delivered by that Sunday. So that nothing is planned before the materials are ready or after the
due date:
- an offer's release week is the first week that starts on or after its release date
  (week 1 when that date has passed);
- its due week is the last week that ends on or before its due date (a due date on a Friday
  leaves that week out: the plan never counts on days it cannot see);
- a group is unavailable in a week when its unavailable periods (harvest, festivals) cover
  UNAVAILABLE_DAYS or more of that week's seven days; shorter absences are left to the safety
  margin;
- a piece is on time when it arrives by the end of the week of its tranche: accepted pieces fill
  the lot's tranches in the order they arrive (`late_pieces`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

UNAVAILABLE_DAYS = 3


def week_one(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def week_start(week1: dt.date, week: int) -> dt.date:
    return week1 + dt.timedelta(days=7 * (week - 1))


def week_end(week1: dt.date, week: int) -> dt.date:
    return week_start(week1, week) + dt.timedelta(days=6)


def week_of(week1: dt.date, day: dt.date) -> int:
    """The week a day falls in (0 or below: before week 1)."""
    return (day - week1).days // 7 + 1


def release_week(week1: dt.date, release_on: dt.date) -> int:
    if release_on <= week1:
        return 1
    return -(-(release_on - week1).days // 7) + 1


def due_week(week1: dt.date, due_on: dt.date) -> int:
    """The last week ending on or before the due date (0: none does)."""
    return ((due_on - week1).days + 1) // 7


def unavailable_weeks(
    week1: dt.date, horizon: int, periods: Iterable[tuple[dt.date, dt.date]]
) -> list[int]:
    covered: dict[int, set[dt.date]] = {}
    last = week_end(week1, horizon)
    for start, end in periods:
        day = max(start, week1)
        while day <= min(end, last):
            covered.setdefault(week_of(week1, day), set()).add(day)
            day += dt.timedelta(days=1)
    return sorted(w for w, days in covered.items() if len(days) >= UNAVAILABLE_DAYS)


def late_pieces(
    tranches: Sequence[tuple[dt.date, int]],
    due_on: dt.date,
    deliveries: Sequence[tuple[dt.date, int]],
) -> list[int]:
    """For each delivery (received on, accepted pieces), in the order they arrived, how many of
    its pieces came after their tranche's end (tranches: (last day, pieces), in order). The
    first pieces delivered fill the first tranche, and so on; pieces beyond the tranches (or a
    lot without any) are due by `due_on`."""
    # Each tranche as the range of pieces (first, last] it holds, and its last day.
    spans: list[tuple[int, int, dt.date]] = []
    total = 0
    for ends_on, pieces in tranches:
        spans.append((total, total + pieces, ends_on))
        total += pieces
    out: list[int] = []
    done = 0
    for received_on, accepted in deliveries:
        first, last = done, done + accepted
        late = 0
        for low, high, ends_on in spans:
            overlap = min(last, high) - max(first, low)
            if overlap > 0 and received_on > ends_on:
                late += overlap
        beyond = last - max(first, total)
        if beyond > 0 and received_on > due_on:
            late += beyond
        out.append(late)
        done = last
    return out
