"""The dashboard's figures on a small known set, and the demo (every state, deterministic,
idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from saphan.complaints.models import (
    CLOSED_STATES,
    OPEN_STATES,
    Complaint,
    Inspection,
    Measurement,
    Order,
)
from saphan.complaints.selectors.dashboard import dashboard_for_user, dashboard_tables
from saphan.complaints.services import complainant as complainant_services
from saphan.complaints.services import handling
from saphan.complaints.services import intake as intake_services
from saphan.complaints.tests.helpers import contact, intake
from saphan.core.tests.factories import person

pytestmark = pytest.mark.django_db


def _case(days_ago: int, **kw: Any) -> Complaint:
    return intake_services.complaint_submit(
        intake=intake(**kw),
        contact=contact(),
        received_at=timezone.now() - dt.timedelta(days=days_ago),
    ).complaint


def test_dashboard_figures() -> None:
    officer = person("officer", "PIO86", "officer")
    today = timezone.localdate()
    fresh = _case(0)  # open, within its deadline
    late = _case(30, category="noise", district_code="8602", subdistrict_code="860201")
    closed_fast = _case(0, category="odour")
    handling.complaint_transition(
        user=officer, complaint=closed_fast, to_state="resolved", text="แก้ไขแล้ว"
    )
    referred = _case(0)
    handling.complaint_refer(
        user=officer,
        complaint=referred,
        agency="กรมควบคุมมลพิษ",
        level="national",
        reason="นอกอำนาจจังหวัด",
    )
    dup = _case(0)
    handling.complaint_merge(user=officer, duplicate=dup, into=fresh)
    Complaint.objects.filter(pk=closed_fast.pk).update(
        received_at=timezone.now() - dt.timedelta(days=4)
    )
    submitted = closed_fast.people.get()
    complainant_services.complaint_rate(complainant=submitted, stars=4)
    board = dashboard_for_user(officer, since=today - dt.timedelta(days=60), until=today)
    assert (board.total, board.open, board.overdue, board.closed) == (5, 2, 1, 2)
    assert {r["key"]: r["n"] for r in board.by_category} == {"dust": 3, "noise": 1, "odour": 1}
    assert {r["key"]: r["n"] for r in board.by_district} == {"8601": 4, "8602": 1}
    assert sum(r["n"] for r in board.by_month) == 5
    # Within every deadline: fresh, closed_fast, referred (3 of the 4 non-duplicates).
    assert board.within_deadline == 75.0
    assert board.median_days == 2.0  # 4 days and 0 days
    assert board.settled_in_province == 50.0  # the national referral is not
    assert board.rating == 4.0
    assert board.hotspots == [{"lat": 10.495, "lon": 99.185, "count": 5}]
    headings, rows = dashboard_tables(board)
    assert len(headings) == 3 and rows[0][2] == 5
    lampang = person("lampang", "PIO52", "officer")
    assert dashboard_for_user(lampang, since=today - dt.timedelta(days=60), until=today).total == 0
    assert late.is_overdue()


def test_demo_covers_every_state_and_adds_nothing_twice() -> None:
    from saphan.core.demo import demo_create

    first = demo_create(province_name="ชุมพร")
    assert first["complaints"] == 38
    states = set(Complaint.objects.values_list("status", flat=True))
    assert states == set(OPEN_STATES) | set(CLOSED_STATES)
    assert Inspection.objects.exists() and Measurement.objects.exists() and Order.objects.exists()
    assert Complaint.objects.filter(merged_into__isnull=False).count() == 2
    snapshot = sorted(Complaint.objects.values_list("code", "status"))
    again = demo_create(province_name="ชุมพร")
    assert (again["complaints"], again["complaint_inspections"]) == (0, 0)
    assert sorted(Complaint.objects.values_list("code", "status")) == snapshot
