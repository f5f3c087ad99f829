"""Measures (rates from receipts, groups at risk with the reason, export without personal data)
and large runs as a background job with progress."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from saphan.core import jobs
from saphan.core.models import JobState
from saphan.core.tests.factories import PASSWORD
from saphan.subcontracting.models import Lot, LotStatus, RunStatus
from saphan.subcontracting.selectors import measures
from saphan.subcontracting.services import allocation, ledger, lots
from saphan.subcontracting.tests import factories as f

pytestmark = pytest.mark.django_db


def _accepted(officer: Any, **offer: Any) -> Any:
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    allocation.run_publish(user=officer, run=run)
    return [lots.lot_accept(user=officer, lot=lot) for lot in run.lots.all()]


def test_rates_from_receipts_and_the_risks_they_raise() -> None:
    officer = f.officer()
    group = f.group("กลุ่มช้า", income=Decimal("450"))  # 56.25 baht an hour from its main work
    f.offer(officer, f.company(), pieces=700)
    (lot,) = _accepted(officer)
    # Receipts in the past: the lot's two weekly tranches (378 and 322 pieces) moved back so
    # that the late delivery is already history.
    due = timezone.localdate() - dt.timedelta(days=10)
    schedule = [
        {**lot.schedule[0], "ends_on": (due - dt.timedelta(days=7)).isoformat()},
        {**lot.schedule[1], "ends_on": due.isoformat()},
    ]
    Lot.objects.filter(pk=lot.pk).update(due_on=due, schedule=schedule)
    lot.refresh_from_db()
    on_time = due - dt.timedelta(days=8)  # within the first tranche's week
    late = due + dt.timedelta(days=5)
    # 200 accepted on time (the first tranche's), then 300 late (the rest of the first tranche
    # and the second), 100 rejected: 40% on time.
    ledger.receipt_record(
        user=officer, lot=lot, received_on=on_time, accepted=200, rejected=100,
        reasons="ตะเข็บไม่ตรง", member_hours=Decimal("300"),
    )  # fmt: skip
    ledger.receipt_record(
        user=officer, lot=lot, received_on=late, accepted=300, member_hours=Decimal("250"),
    )  # fmt: skip
    figures = measures.group_figures([group.pk])[group.pk]
    assert (figures.accepted, figures.rejected, figures.accepted_on_time) == (500, 100, 200)
    assert figures.on_time_rate == Decimal("0.400")
    assert figures.reject_rate == Decimal("0.167")
    # 600 pieces × 20 min ÷ (550 h × 60) = 0.364
    assert figures.efficiency == Decimal("0.364")
    # 500 × 45 baht ÷ 550 h = 40.91 baht an hour
    assert figures.earnings_per_hour == Decimal("40.91")
    with translation.override("en"):
        (row,) = measures.group_rows_for_user(officer)
    # Unpaid for five days only: not yet a risk.
    assert row.risks == [
        "It earns 40.91 baht an hour, less than the 56.25 of its members' main occupation.",
        "Only 40% of its pieces arrived on time: it may have too much work at once.",
        "17% of its pieces were rejected: it may need training.",
    ]
    assert row.active and row.ready
    # The next plan uses what was measured.
    f.offer(officer, f.company("บริษัท ใหม่ จำกัด"), pieces=100, title="แบบใหม่")
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    (sent,) = run.problem["groups"]
    assert (sent["efficiency"], sent["on_time_rate"], sent["reject_rate"]) == (0.364, 0.4, 0.167)


def test_dashboard_and_export_carry_no_personal_data() -> None:
    officer = f.officer()
    f.group("กลุ่มหนึ่ง")
    f.offer(officer, f.company(), pieces=300)
    (lot,) = _accepted(officer)
    ledger.receipt_record(user=officer, lot=lot, received_on=timezone.localdate(), accepted=100)
    client = Client()
    client.login(username="officer86", password=PASSWORD)
    response = client.get("/subcontracting/export.csv?province=86")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "กลุ่ม" and len(rows) == 2
    assert rows[1][0] == "กลุ่มหนึ่ง" and rows[1][7] == "100"
    assert "สมาชิก" not in response.content.decode("utf-8-sig")  # no member's name
    xlsx = client.get("/subcontracting/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    page = client.get("/subcontracting/?province=86").content.decode()
    assert "กลุ่มหนึ่ง" in page


def test_a_large_run_is_a_background_job_with_progress(settings: Any) -> None:
    settings.SAPHAN_SUBCONTRACTING_INLINE_PAIRS = 0
    officer = f.officer()
    f.group()
    f.offer(officer, f.company(), pieces=700)
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    assert run.status == RunStatus.QUEUED and run.job is not None
    assert run.lots.count() == 0
    client = Client()
    client.login(username="officer86", password=PASSWORD)
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'id="job-progress"' in page  # the progress bar polls the job
    assert jobs.job_run(str(run.job.pk)) == JobState.SUCCEEDED
    run.refresh_from_db()
    run.job.refresh_from_db()
    assert run.status == RunStatus.PROPOSED
    assert (run.job.done, run.job.total, run.job.result["lots"]) == (3, 3, 1)
    assert run.lots.get().status == LotStatus.PROPOSED
    # Running it again changes nothing (a retried job).
    assert allocation.run_execute(run.pk) == {"run": run.pk, "status": RunStatus.PROPOSED}
    assert run.lots.count() == 1
