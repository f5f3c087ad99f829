"""Working days, the Thai holiday calendar, and the deadlines they give each state (pure)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from saphan.complaints import workdays
from saphan.complaints.holidays import thai_public_holidays

D = dt.date
HOLIDAYS_2027 = {d.date for d in thai_public_holidays(2027)}
DAYS = {"received": 1, "acknowledged": 3, "investigating": 10, "inspected": 5, "action_ordered": 30}


def test_friday_plus_one_working_day_is_monday_or_after_a_holiday() -> None:
    # 19 Feb 2027 is a Friday; Monday 22 Feb is the substitute day for Makha Bucha (Sunday 21).
    assert workdays.add_working_days(D(2027, 2, 19), 1, set()) == D(2027, 2, 22)
    assert workdays.add_working_days(D(2027, 2, 19), 1, HOLIDAYS_2027) == D(2027, 2, 23)


def test_songkran_week_is_skipped() -> None:
    # Monday 12 Apr 2027 + 2 working days: 13–15 Songkran, so Friday 16 and Monday 19.
    assert workdays.add_working_days(D(2027, 4, 12), 2, HOLIDAYS_2027) == D(2027, 4, 19)


def test_zero_days_gives_the_next_working_day() -> None:
    assert workdays.add_working_days(D(2027, 2, 20), 0, HOLIDAYS_2027) == D(2027, 2, 23)
    assert workdays.add_working_days(D(2027, 2, 24), 0, HOLIDAYS_2027) == D(2027, 2, 24)


@given(
    start=st.dates(min_value=D(2026, 1, 1), max_value=D(2027, 12, 1)),
    days=st.integers(min_value=1, max_value=60),
)
def test_the_due_day_is_a_working_day_exactly_n_working_days_later(start: D, days: int) -> None:
    holidays = {d.date for d in thai_public_holidays(2026)} | HOLIDAYS_2027
    due = workdays.add_working_days(start, days, holidays)
    assert workdays.is_working_day(due, holidays)
    assert workdays.working_days_between(start, due, holidays) == days


def test_expected_resolution_adds_the_later_states() -> None:
    # Received Friday 19 Feb 2027: due Tue 23 (holiday Monday); then 3+10+5+30 = 48 working days.
    due = workdays.state_due("received", D(2027, 2, 19), DAYS, HOLIDAYS_2027)
    assert due == D(2027, 2, 23)
    expected = workdays.expected_resolution("received", due, DAYS, HOLIDAYS_2027)
    assert workdays.working_days_between(due, expected, HOLIDAYS_2027) == 48


def test_state_days_setting_is_checked() -> None:
    assert workdays.parse_state_days(
        "received:1,acknowledged:2,investigating:3,inspected:4,action_ordered:5"
    ) == {"received": 1, "acknowledged": 2, "investigating": 3, "inspected": 4, "action_ordered": 5}
    with pytest.raises(ImproperlyConfigured, match="lacks inspected, action_ordered"):
        workdays.parse_state_days("received:1,acknowledged:2,investigating:3")
    with pytest.raises(ImproperlyConfigured, match="'resolved:3'"):
        workdays.parse_state_days("resolved:3")


def test_thai_public_holidays_2569_and_2570() -> None:
    days_2026 = {d.date: d.name_th for d in thai_public_holidays(2026)}
    # An extra lunar month in 2569: Makha 3 Mar, Visakha 31 May (a Sunday: Monday 1 June off),
    # Asalha 29 Jul and Lent 30 Jul.
    assert days_2026[D(2026, 3, 3)] == "วันมาฆบูชา"
    assert days_2026[D(2026, 5, 31)] == "วันวิสาขบูชา"
    assert days_2026[D(2026, 6, 1)] == "ชดเชยวันวิสาขบูชา"
    assert days_2026[D(2026, 7, 29)] == "วันอาสาฬหบูชา"
    assert days_2026[D(2026, 7, 30)] == "วันเข้าพรรษา"
    assert days_2026[D(2026, 12, 7)] == "ชดเชยวันพ่อแห่งชาติ"
    assert len(days_2026) == 20
    days_2027 = {d.date: d.name_th for d in thai_public_holidays(2027)}
    assert days_2027[D(2027, 2, 21)] == "วันมาฆบูชา"
    assert days_2027[D(2027, 5, 20)] == "วันวิสาขบูชา"
    assert days_2027[D(2027, 7, 18)] == "วันอาสาฬหบูชา"
    assert days_2027[D(2027, 7, 20)] == "ชดเชยวันอาสาฬหบูชา"
    assert days_2027[D(2027, 10, 25)] == "ชดเชยวันปิยมหาราช"
    assert all(d.weekday() < 5 for d in days_2027 if days_2027[d].startswith("ชดเชย"))


@pytest.mark.django_db
def test_the_calendar_is_seeded_for_2569_and_2570() -> None:
    from saphan.complaints.models import Holiday

    seeded = set(Holiday.objects.values_list("date", flat=True))
    assert {d.date for d in thai_public_holidays(2026)} <= seeded
    assert seeded >= HOLIDAYS_2027
