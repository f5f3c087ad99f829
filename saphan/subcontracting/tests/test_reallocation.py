"""A decline never waits silently: with another run of the province open, the declined pieces
wait in a visible re-allocation that starts by itself once that run is published or discarded."""

from __future__ import annotations

import pytest
from django.test import Client

from saphan.core import jobs
from saphan.core.models import JobState, User
from saphan.core.tests.factories import PASSWORD
from saphan.subcontracting.models import AllocationRun, Lot, LotStatus, RunKind, RunStatus
from saphan.subcontracting.services import allocation, lots, offers
from saphan.subcontracting.tests import factories as f

pytestmark = pytest.mark.django_db


def _published_and_open() -> tuple[Lot, Lot, AllocationRun, User]:
    """Run 1 published (two lots of 756 offered to two groups) and run 2 (a new offer) open in
    review; a third group has room for the declined pieces."""
    officer = f.officer()
    f.group("กลุ่มเอ")
    f.group("กลุ่มบี")
    f.group("กลุ่มไกล", location=("10.900000", "99.400000"))
    f.offer(officer, f.company(), pieces=1512, max_groups=2, min_lot=100)
    first = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    allocation.run_publish(user=officer, run=first)
    lot_a, lot_b = first.lots.order_by("group__name_th")
    f.offer(officer, f.company("บริษัท ระนองการ์เมนต์ จำกัด"), pieces=100, title="ผ้ากันเปื้อน")
    second = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    assert second.status == RunStatus.PROPOSED
    return lot_a, lot_b, second, officer


def test_a_decline_while_a_run_is_open_waits_visibly_and_gathers_the_next_decline() -> None:
    lot_a, lot_b, open_run, officer = _published_and_open()
    # When the first group declines while run 2 is in review
    _declined, waiting = lots.lot_decline(user=officer, lot=lot_a, reason="ไม่ว่าง")
    # Then its pieces wait in a re-allocation that names the run it waits for
    assert waiting is not None
    assert (waiting.kind, waiting.status, waiting.waits_for) == (
        RunKind.REALLOCATION,
        RunStatus.WAITING,
        open_run,
    )
    assert list(waiting.run_offers.values_list("offer_id", "pieces")) == [(lot_a.offer_id, 756)]
    assert waiting.lots.count() == 0
    # And a second decline joins the same waiting re-allocation
    _declined, again = lots.lot_decline(user=officer, lot=lot_b, reason="ค่าแรงน้อย")
    assert again == waiting
    assert list(waiting.run_offers.values_list("pieces", flat=True)) == [1512]
    # A waiting run does not block the province: run 2 is still the open one.
    assert AllocationRun.objects.filter(status=RunStatus.WAITING).count() == 1


def test_publishing_the_open_run_starts_the_waiting_one_as_a_job() -> None:
    lot_a, _lot_b, open_run, officer = _published_and_open()
    _declined, waiting = lots.lot_decline(user=officer, lot=lot_a, reason="ไม่ว่าง")
    assert waiting is not None
    # When run 2 is published
    allocation.run_publish(user=officer, run=open_run)
    waiting.refresh_from_db()
    # Then the re-allocation is queued as a job, and solving it places the declined pieces
    # with the far group (the decliner is left out; the other group's weeks are booked), in
    # the room run 2's 100 aprons left it.
    assert waiting.status == RunStatus.QUEUED and waiting.job is not None
    assert jobs.job_run(str(waiting.job.pk)) == JobState.SUCCEEDED
    waiting.refresh_from_db()
    assert waiting.status == RunStatus.PROPOSED
    (moved,) = waiting.lots.all()
    assert open_run.lots.get().group == moved.group
    assert (moved.group.name_th, moved.pieces) == ("กลุ่มไกล", 656)
    assert list(waiting.shortfalls.values_list("pieces", "code")) == [(100, "capacity")]


def test_discarding_the_open_run_starts_it_too_and_nothing_left_is_said() -> None:
    lot_a, _lot_b, open_run, officer = _published_and_open()
    _declined, waiting = lots.lot_decline(user=officer, lot=lot_a, reason="ไม่ว่าง")
    assert waiting is not None
    # The offer is cancelled before the open run is discarded: nothing is left to re-allocate.
    offers.offer_cancel(user=officer, offer=lot_a.offer)
    allocation.run_discard(user=officer, run=open_run)
    waiting.refresh_from_db()
    assert waiting.status == RunStatus.DISCARDED
    assert waiting.job is None and waiting.run_offers.count() == 0
    client = Client()
    assert client.login(username="officer86", password=PASSWORD)
    page = client.get(f"/subcontracting/runs/{waiting.pk}/?lang=en").content.decode()
    assert "Nothing was left to re-allocate: the offers are placed or closed." in page


def test_the_pages_and_the_api_say_what_happened() -> None:
    lot_a, _lot_b, open_run, _officer = _published_and_open()
    client = Client()
    assert client.login(username="officer86", password=PASSWORD)
    response = client.post(
        f"/api/v1/subcontracting/lots/{lot_a.pk}/decline",
        {"reason": "ไม่ว่าง"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    body = response.json()
    waiting = AllocationRun.objects.get(status=RunStatus.WAITING)
    assert body["reallocation_run_id"] == waiting.pk
    assert body["reallocation_status"] == "waiting"
    assert body["reallocation_note"] == (
        f"Run #{open_run.pk} of the province is still open: the declined pieces wait in "
        f"re-allocation #{waiting.pk}, which starts by itself when run #{open_run.pk} is "
        "published or discarded."
    )
    page = client.get(f"/subcontracting/runs/{waiting.pk}/?lang=en").content.decode()
    assert 'data-testid="waiting-note"' in page
    page = client.get(f"/subcontracting/runs/{open_run.pk}/?lang=en").content.decode()
    assert 'data-testid="waiting-for-this"' in page
    assert f"re-allocation #{waiting.pk}" in page
    listing = client.get("/api/v1/subcontracting/runs?status=waiting").json()
    assert [(r["id"], r["waits_for_run_id"]) for r in listing["items"]] == [
        (waiting.pk, open_run.pk)
    ]
    assert Lot.objects.get(pk=lot_a.pk).status == LotStatus.DECLINED
