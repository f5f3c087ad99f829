"""Allocation through the application: exact answers on small cases solved by hand, the source
story, review (adjust, withdraw), publish, accept and decline with re-allocation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from engines.allocation import greedy_allocate, problem_from_json
from saphan.core.errors import ApplicationError
from saphan.subcontracting import weeks
from saphan.subcontracting.models import (
    Agreement,
    AllocationRun,
    Lot,
    LotStatus,
    RunKind,
    RunStatus,
    Shortfall,
)
from saphan.subcontracting.services import allocation, lots
from saphan.subcontracting.tests import factories as f

pytestmark = pytest.mark.django_db


def _lots(run: AllocationRun) -> list[tuple[str, int, list[tuple[int, int]]]]:
    return [
        (lot.group.name_th, lot.pieces, [(t["week"], t["pieces"]) for t in lot.schedule])
        for lot in run.lots.select_related("group").order_by("group__name_th")
    ]


def test_one_group_weekly_tranches_within_capacity() -> None:
    # Given one group of ten (7,560 sewing minutes a week) and 700 shirts of SAM 20 due in two
    # weeks: 378 a week fit.
    officer = f.officer()
    g = f.group("กลุ่มนาโพธิ์")
    offer = f.offer(officer, f.company(), pieces=700)
    start = f.week1()
    # When an officer runs the allocation
    run = allocation.run_start(user=officer, province_code="86", week1_on=start)
    # Then the group gets 378 in week 1 and 322 in week 2, on time
    assert run.status == RunStatus.PROPOSED
    assert run.week1_on == start
    assert _lots(run) == [("กลุ่มนาโพธิ์", 700, [(1, 378), (2, 322)])]
    lot = run.lots.get()
    assert lot.group == g and lot.offer == offer
    assert lot.schedule[0]["starts_on"] == start.isoformat()
    assert lot.schedule[1]["ends_on"] == (start + dt.timedelta(days=13)).isoformat()
    assert lot.finish_on == start + dt.timedelta(days=13) == lot.due_on
    # 45 × 60 × 0.35 ÷ 20 = 47.25 baht an hour against 351 ÷ 8 = 43.88; income 300 ÷ 8 = 37.50
    assert (lot.earnings_per_hour, lot.floor_per_hour) == (Decimal("47.25"), Decimal("43.88"))
    assert lot.main_income_per_hour == Decimal("37.50")
    assert lot.planning_efficiency == Decimal("0.350")
    assert lot.utilisation == Decimal("1.000")  # week 1 is full (after the margin)
    assert run.shortfalls.count() == 0
    assert run.engine_status == "optimal"


def test_two_groups_share_an_offer_too_big_for_one() -> None:
    officer = f.officer()
    f.group("กลุ่มเอ")
    f.group("กลุ่มบี")
    f.offer(officer, f.company(), pieces=1512, max_groups=2)
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    # Each can sew 378 a week, 756 in two weeks: the 1,512 pieces need both, every week full.
    assert _lots(run) == [
        ("กลุ่มบี", 756, [(1, 378), (2, 378)]),
        ("กลุ่มเอ", 756, [(1, 378), (2, 378)]),
    ]
    assert run.engine_status == "optimal"


def test_capacity_shortfall_is_reported_with_its_reason() -> None:
    officer = f.officer()
    f.group("กลุ่มเดียว")
    offer = f.offer(officer, f.company(), pieces=900, max_groups=1)
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    assert _lots(run) == [("กลุ่มเดียว", 756, [(1, 378), (2, 378)])]
    assert list(run.shortfalls.values_list("offer_id", "pieces", "code")) == [
        (offer.pk, 144, "capacity")
    ]


def test_the_source_story_one_batch_is_late_the_split_is_on_time() -> None:
    # The office's way: the whole order to the biggest group. Saphan's: split, weekly tranches.
    officer = f.officer()
    f.group("กลุ่มใหญ่", members=20, machines={"lockstitch": 20})
    f.group("กลุ่มกลาง", members=10)
    f.group("กลุ่มเล็ก", members=6, machines={"lockstitch": 6})
    start = f.week1()
    offer = f.offer(
        officer, f.company(), pieces=2400, max_groups=3, due_on=weeks.week_end(start, 2)
    )
    run = allocation.run_start(user=officer, province_code="86", week1_on=start)
    placed = run.lots.all()
    assert sum(lot.pieces for lot in placed) == 2400
    assert all(lot.finish_on <= offer.due_on for lot in placed)
    assert len(placed) == 3
    # By hand (the engine's baseline on the same problem): one batch to the biggest group, late.
    greedy = greedy_allocate(problem_from_json(run.problem))
    assert [(lot.group_id, lot.pieces) for lot in greedy.lots] == [
        (str(placed.get(group__name_th="กลุ่มใหญ่").group_id), 2400)
    ]
    assert greedy.objective.pieces_late > 0


def test_multi_operation_style_needs_every_skill_and_machine() -> None:
    officer = f.officer()
    f.group("กลุ่มจักรเดียว")  # lockstitch only
    able = f.group(
        "กลุ่มครบ",
        skills=("lockstitch_seam", "overlock_seam"),
        machines={"lockstitch": 10, "overlock": 2},
    )
    offer = f.offer(
        officer,
        f.company(),
        pieces=600,
        rate="60",
        operations=[
            ("lockstitch_seam", "lockstitch", "16"),
            ("overlock_seam", "overlock", "8"),
        ],
    )
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    # The members could sew 7,560 ÷ 24 = 315 a week, the lockstitches 7,560 ÷ 16 = 472, but the
    # two overlocks give 2 × 480 × 5 × 0.35 × 0.9 = 1,512 minutes: 189 pieces at 8 minutes.
    (lot,) = run.lots.all()
    assert lot.group == able
    assert [(t["week"], t["pieces"]) for t in lot.schedule] == [(1, 189), (2, 189)]
    assert list(Shortfall.objects.filter(run=run).values_list("code", "pieces")) == [
        ("capacity", 222)
    ]
    assert offer.pieces == 600


def test_a_style_is_planned_on_every_machine_type_it_needs() -> None:
    # Given T-shirts of 5.5 SAM (3 on the overlock, 1.5 on the coverstitch, 1 on the
    # lockstitch) and a group of ten with 4 overlocks, 2 coverstitches and 10 lockstitches:
    # each machine gives 480 × 5 × 0.35 × 0.9 = 756 minutes a week.
    officer = f.officer()
    f.group(
        "กลุ่มเสื้อยืด",
        skills=("lockstitch_seam", "overlock_seam", "coverstitch_hem"),
        machines={"overlock": 4, "coverstitch": 2, "lockstitch": 10},
    )
    offer = f.offer(
        officer,
        f.company(),
        pieces=2500,
        rate="12.50",  # 12.50 × 60 × 0.35 ÷ 5.5 = 47.73 baht an hour, above 43.88
        operations=[
            ("overlock_seam", "overlock", "3"),
            ("coverstitch_hem", "coverstitch", "1.5"),
            ("lockstitch_seam", "lockstitch", "1"),
        ],
    )
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    # Then the overlocks (3,024 ÷ 3) and the coverstitches (1,512 ÷ 1.5) allow 1,008 a week —
    # not the 3,024 ÷ 5.5 = 549 of planning the whole SAM on the overlock.
    (lot,) = run.lots.all()
    assert [(t["week"], t["pieces"]) for t in lot.schedule] == [(1, 1008), (2, 1008)]
    assert list(Shortfall.objects.filter(run=run).values_list("offer", "code", "pieces")) == [
        (offer.pk, "capacity", 484)
    ]
    assert lot.utilisation == Decimal("0.733")  # 1,008 × 5.5 of the 7,560 member-minutes
    sent = run.problem["offers"][0]
    assert sent["machine_minutes"] == {"coverstitch": 1.5, "lockstitch": 1.0, "overlock": 3.0}
    assert sent["machine_type"] == "overlock"
    # In review, more pieces than the machines can sew is refused, naming them: 1,050 a week
    # need 1,575 coverstitch minutes of the 1,512 (and 3,150 overlock minutes of 3,024).
    with pytest.raises(ApplicationError) as caught:
        allocation.lot_adjust(user=officer, lot=lot, pieces=2100)
    (error,) = caught.value.fields["pieces"]
    assert error.code == "capacity" and error.params is not None
    assert (error.params["week"], error.params["need"], error.params["cap"]) == (1, 1575, 1512)
    with translation.override("th"):
        assert str(error.message) % error.params == (
            f"เกินกำลังจักรลา (คัฟเวอร์สติตช์)ของกลุ่มในสัปดาห์ที่ 1 (เริ่ม {error.params['date']}) "
            "ต้องใช้ 1575 นาทีมาตรฐาน แต่จักรชนิดนี้เหลือ 1512 นาที"
        )
    with translation.override("en"):
        assert str(error.message) % error.params == (
            f"Too much for the group's coverstitch machines in week 1 (from "
            f"{error.params['date']}): it would need 1575 sewing minutes of the 1512 they have "
            "left."
        )


def test_staged_deliveries_share_the_offers_maximum_of_groups() -> None:
    # Two equal groups; 756 shirts in two deliveries of 378 (end of week 1, end of week 2), at
    # most one group: each group could sew one delivery, but the offer allows only one group.
    officer = f.officer()
    f.group("กลุ่มเอ")
    f.group("กลุ่มบี")
    start = f.week1()
    offer = f.offer(
        officer, f.company(), pieces=756, max_groups=1, min_lot=100,
        stages=[
            {"due_on": weeks.week_end(start, 1), "pieces": 378},
            {"due_on": weeks.week_end(start, 2), "pieces": 378},
        ],
    )  # fmt: skip
    run = allocation.run_start(user=officer, province_code="86", week1_on=start)
    # Then one group sews both, in its own weeks, as one lot due with the last delivery.
    (lot,) = run.lots.all()
    assert [(t["week"], t["pieces"]) for t in lot.schedule] == [(1, 378), (2, 378)]
    assert lot.due_on == weeks.week_end(start, 2) == offer.due_on
    assert {o["order"] for o in run.problem["offers"]} == {f"o{offer.pk}"}
    assert run.shortfalls.count() == 0


def test_adjust_within_capacity_and_refuse_beyond() -> None:
    officer = f.officer()
    f.group("กลุ่มเอ")
    f.offer(officer, f.company(), pieces=600, min_lot=100)
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    lot = run.lots.get()
    assert [(t["week"], t["pieces"]) for t in lot.schedule] == [(1, 378), (2, 222)]
    lot = allocation.lot_adjust(user=officer, lot=lot, pieces=300)
    assert (lot.pieces, lot.adjusted) == (300, True)
    assert [(t["week"], t["pieces"]) for t in lot.schedule] == [(1, 189), (2, 111)]
    with pytest.raises(ApplicationError) as caught:
        allocation.lot_adjust(user=officer, lot=lot, pieces=50)
    assert [e.code for e in caught.value.fields["pieces"]] == ["min_lot"]
    # 756 fit in two weeks but only 600 were asked.
    with pytest.raises(ApplicationError) as caught:
        allocation.lot_adjust(user=officer, lot=lot, pieces=601)
    assert [e.code for e in caught.value.fields["pieces"]] == ["over_offer"]
    lot.refresh_from_db()
    assert lot.pieces == 300


def test_publish_accept_makes_an_agreement_decline_reallocates() -> None:
    officer = f.officer()
    g1 = f.group("กลุ่มเอ")
    g2 = f.group("กลุ่มบี")
    far = f.group("กลุ่มไกล", location=("10.900000", "99.400000"))  # about 50 km away
    f.offer(officer, f.company(), pieces=1512, max_groups=2, min_lot=100)
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    # The two near groups fill both weeks; the far one is not needed.
    assert [name for name, *_ in _lots(run)] == ["กลุ่มบี", "กลุ่มเอ"]
    allocation.run_publish(user=officer, run=run)
    assert set(run.lots.values_list("status", flat=True)) == {LotStatus.OFFERED}
    lot1 = run.lots.get(group=g1)
    lot2 = run.lots.get(group=g2)
    lots.lot_accept(user=officer, lot=lot1)
    agreement = Agreement.objects.get(lot=lot1)
    assert (agreement.pieces, agreement.value_baht) == (756, Decimal("34020.00"))
    assert agreement.number.startswith("HW86-")
    assert agreement.keep_until.year == agreement.issued_on.year + 2
    declined, again = lots.lot_decline(user=officer, lot=lot2, reason="ช่วงเก็บเงาะ")
    assert declined.status == LotStatus.DECLINED
    assert again is not None and again.kind == RunKind.REALLOCATION
    assert again.declined_lot == declined
    # Only the declined 756 are asked again; the decliner is not sent, g1's weeks are booked
    # by its accepted lot: the far group takes them all, in the same two calendar weeks (the
    # re-allocation's week 1 is the coming Monday, so their numbers may differ).
    assert list(again.run_offers.values_list("pieces", flat=True)) == [756]
    moved = again.lots.get()
    assert moved.group == far
    start = run.week1_on
    assert [(t["starts_on"], t["pieces"]) for t in moved.schedule] == [
        (start.isoformat(), 378),
        ((start + dt.timedelta(days=7)).isoformat(), 378),
    ]
    assert again.shortfalls.count() == 0
    assert Lot.objects.filter(run=again, group__in=[g1, g2]).count() == 0


def test_a_group_that_declined_is_not_asked_again_and_booked_weeks_count() -> None:
    officer = f.officer()
    g1 = f.group("กลุ่มเอ")
    f.offer(officer, f.company(), pieces=500, min_lot=100)
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    allocation.run_publish(user=officer, run=run)
    lot = run.lots.get()
    _declined, again = lots.lot_decline(user=officer, lot=lot, reason="ไม่ว่าง")
    assert again is not None
    assert again.lots.count() == 0
    assert list(again.shortfalls.values_list("pieces", "code")) == [(500, "no_skill_or_machine")]
    assert again.left_out == []
    assert again.problem["groups"][0]["id"] == str(g1.pk)
    assert again.problem["groups"][0]["skills"] == []


def test_a_failed_solve_is_shown_on_the_run_not_as_an_error_page(monkeypatch: Any) -> None:
    # Fault injection: the engine has no input that makes it fail, so its call is made to.
    from saphan.subcontracting.services.allocation import runs

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("min-cost flow ended with status 3")

    monkeypatch.setattr(runs, "solve", broken)
    officer = f.officer()
    f.group()
    f.offer(officer, f.company())
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    assert (run.status, run.error) == (RunStatus.FAILED, "min-cost flow ended with status 3")
    assert run.lots.count() == 0
    # A failed run does not block the province: it can be discarded and run again.
    allocation.run_discard(user=officer, run=run)
    monkeypatch.undo()
    again = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    assert again.status == RunStatus.PROPOSED
