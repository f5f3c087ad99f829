"""Weeks and dates (pure): which accepted pieces came after the end of their weekly tranche."""

from __future__ import annotations

import datetime as dt

from saphan.subcontracting.weeks import late_pieces

SUNDAY_1 = dt.date(2025, 7, 13)  # end of week 1 of a run starting Monday 7 July 2025
SUNDAY_2 = dt.date(2025, 7, 20)
TRANCHES = [(SUNDAY_1, 300), (SUNDAY_2, 200)]


def test_weekly_deliveries_on_time_are_not_late() -> None:
    deliveries = [(SUNDAY_1, 300), (SUNDAY_2, 200)]
    assert late_pieces(TRANCHES, SUNDAY_2, deliveries) == [0, 0]


def test_one_batch_by_the_due_date_is_late_for_the_first_week() -> None:
    # The source story: everything at the end. The lot's due date is kept, but the 300 pieces
    # promised for week 1 came a week late.
    assert late_pieces(TRANCHES, SUNDAY_2, [(SUNDAY_2, 500)]) == [300]


def test_pieces_fill_the_tranches_in_the_order_they_arrive() -> None:
    deliveries = [
        (SUNDAY_1 - dt.timedelta(days=2), 120),  # week 1: on time
        (SUNDAY_1 + dt.timedelta(days=1), 230),  # 180 of week 1 late, 50 of week 2 on time
        (SUNDAY_2 + dt.timedelta(days=3), 150),  # the rest of week 2, late
    ]
    assert late_pieces(TRANCHES, SUNDAY_2, deliveries) == [0, 180, 150]


def test_pieces_beyond_the_tranches_are_due_by_the_due_date() -> None:
    assert late_pieces([], SUNDAY_2, [(SUNDAY_2, 10), (SUNDAY_2 + dt.timedelta(days=1), 5)]) == [
        0,
        5,
    ]
    assert late_pieces([(SUNDAY_1, 10)], SUNDAY_2, [(SUNDAY_2, 15)]) == [10]
