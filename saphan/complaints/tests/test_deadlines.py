"""Deadlines in working days with the holiday calendar; overdue cases flagged to officers (list,
reminder e-mail) and shown publicly."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client

from saphan.complaints.jobs import overdue_reminders
from saphan.complaints.models import Holiday
from saphan.complaints.selectors.public import PublicFilters, public_list, public_stats
from saphan.complaints.selectors.staff import ComplaintFilters, complaint_list_for_user
from saphan.complaints.services import content, handling
from saphan.complaints.services import intake as intake_services
from saphan.complaints.tests.helpers import contact, intake
from saphan.core.errors import ApplicationError
from saphan.core.tests.factories import PASSWORD, person

pytestmark = pytest.mark.django_db
BANGKOK = ZoneInfo("Asia/Bangkok")


def _received(when: dt.datetime) -> Any:
    return intake_services.complaint_submit(
        intake=intake(), contact=contact(), received_at=when
    ).complaint


def test_deadline_skips_weekends_and_holidays(settings: Any) -> None:
    settings.SAPHAN_COMPLAINTS_STATE_DAYS = (
        "received:1,acknowledged:3,investigating:10,inspected:5,action_ordered:30"
    )
    # Friday 19 Feb 2027; Monday 22 is the substitute day for Makha Bucha.
    case = _received(dt.datetime(2027, 2, 19, 16, 30, tzinfo=BANGKOK))
    assert case.state_due == dt.date(2027, 2, 23)
    period = case.periods.get()
    assert (period.state, period.due_date) == ("received", dt.date(2027, 2, 23))


def test_editing_the_calendar_changes_new_deadlines() -> None:
    admin = person("national", "MOI", "administrator")
    officer = person("admin86", "PIO86", "administrator")  # a province's, not the country's
    Holiday.objects.filter(date=dt.date(2027, 2, 22)).delete()
    assert _received(dt.datetime(2027, 2, 19, 9, tzinfo=BANGKOK)).state_due == dt.date(2027, 2, 22)
    with pytest.raises(ApplicationError) as caught:
        content.holiday_save(
            user=officer, holiday=None, data={"date": dt.date(2027, 2, 22), "name_th": "วันหยุดพิเศษ"}
        )
    assert caught.value.status == 403
    content.holiday_save(
        user=admin, holiday=None, data={"date": dt.date(2027, 2, 22), "name_th": "วันหยุดพิเศษ"}
    )
    assert _received(dt.datetime(2027, 2, 19, 9, tzinfo=BANGKOK)).state_due == dt.date(2027, 2, 23)


def test_overdue_cases_are_flagged_to_officers_and_shown_publicly(client: Client) -> None:
    officer = person("officer86", "PIO86", "officer", email="officer86@example.test")
    late = _received(dt.datetime.now(tz=BANGKOK) - dt.timedelta(days=20))
    fresh = _received(dt.datetime.now(tz=BANGKOK))
    handling.complaint_assign(user=officer, complaint=late, officer=officer)
    handling.complaint_assign(user=officer, complaint=fresh, officer=officer)
    assert late.is_overdue() and not fresh.is_overdue()
    listed = complaint_list_for_user(officer, ComplaintFilters(status="overdue"))
    assert [c.code for c in listed] == [late.code]
    rows, total = public_list(PublicFilters(status="overdue"))
    assert (total, [r.code for r in rows], rows[0].is_overdue) == (1, [late.code], True)
    assert public_stats()["overdue"] == 1
    page = client.get(f"/track/{late.code}/").content.decode()
    assert 'data-testid="overdue"' in page
    assert 'data-testid="overdue"' not in client.get(f"/track/{fresh.code}/").content.decode()
    client.login(username="officer86", password=PASSWORD)
    staff_page = client.get("/complaints/").content.decode()
    assert "1 เรื่องเกินกำหนด" in staff_page
    assert overdue_reminders() == 1
    assert [m.to for m in mail.outbox] == [["officer86@example.test"]]
    assert late.code in mail.outbox[0].body and fresh.code not in mail.outbox[0].body
    # Moving on starts the next state's clock: no longer overdue.
    handling.complaint_transition(user=officer, complaint=late, to_state="acknowledged")
    late.refresh_from_db()
    assert not late.is_overdue()
    first = late.periods.order_by("entered_at").first()
    assert first is not None and first.was_late


def test_overdue_cases_nobody_is_assigned_to_go_to_the_offices_managers() -> None:
    officer = person("officer86", "PIO86", "officer", email="officer86@example.test")
    person("manager86", "PIO86", "manager", email="manager86@example.test")
    person("manager50", "PIO50", "manager", email="manager50@example.test")
    person("quiet", "PIO86", "manager", email="")
    mine = _received(dt.datetime.now(tz=BANGKOK) - dt.timedelta(days=20))
    nobodys = _received(dt.datetime.now(tz=BANGKOK) - dt.timedelta(days=20))
    _received(dt.datetime.now(tz=BANGKOK))  # not overdue
    handling.complaint_assign(user=officer, complaint=mine, officer=officer)
    assert overdue_reminders() == 2
    sent = {m.to[0]: m.body for m in mail.outbox}
    assert set(sent) == {"officer86@example.test", "manager86@example.test"}
    assert mine.code in sent["officer86@example.test"]
    assert nobodys.code not in sent["officer86@example.test"]
    assert sent["manager86@example.test"].splitlines()[0] == (
        "เรื่องร้องเรียนของสำนักงานท่านต่อไปนี้เกินกำหนดและยังไม่มีเจ้าหน้าที่รับผิดชอบ:"
    )
    assert nobodys.code in sent["manager86@example.test"]
    assert mine.code not in sent["manager86@example.test"]
