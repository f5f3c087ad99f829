"""Styles sewn on several machine types, and orders of staged deliveries sharing max_groups:
hand-solved cases, the contract's checks, and the baseline on such styles."""

from __future__ import annotations

import pytest

from engines.allocation import (
    ProblemError,
    greedy_allocate,
    problem_from_json,
    problem_to_json,
    solve,
)
from engines.allocation.model import REASON_LOT_RULES, REASON_NO_MATCH
from engines.allocation.tests.helpers import group, offer, problem, schedule_of, violations

# The helpers' group: 10 members × 480 min × 5 days × efficiency 0.5 × (1 − 0.10) = 10,800
# sewing minutes a week, and 1,080 a week per machine.
TSHIRT_GROUP = {"machines": {"overlock": 3, "coverstitch": 2, "lockstitch": 10}, "skills": ["tee"]}
# A T-shirt: 5.5 SAM, of which 3 on the overlock, 1.5 on the coverstitch, 1 on the lockstitch.
TSHIRT = {
    "sam_minutes": 5.5,
    "machine_type": "overlock",
    "machine_minutes": {"overlock": 3, "coverstitch": 1.5, "lockstitch": 1},
    "skill": "tee",
    "piece_rate_baht": 10,  # 10 × 60 × 0.5 ÷ 5.5 = 54.5 baht per member-hour ≥ 40
}


def test_a_style_is_planned_on_each_machine_type_it_needs() -> None:
    # Given 3,000 T-shirts due in two weeks and a group whose three overlocks give 3,240
    # minutes a week: 3,240 ÷ 3 = 1,080 T-shirts a week (the coverstitch allows 2,160 ÷ 1.5 =
    # 1,440, the lockstitch 10,800, the members 10,800 ÷ 5.5 = 1,963).
    p = problem([group("g1", **TSHIRT_GROUP)], [offer("tee", pieces=3000, **TSHIRT)])
    result = solve(p)
    # Then the overlock sets the pace — not the whole 5.5 SAM on the overlock, which would
    # allow only 3,240 ÷ 5.5 = 589 a week.
    assert violations(p, result) == []
    assert schedule_of(result, "tee", "g1") == [(1, 1080), (2, 1080)]
    assert [(u.pieces, u.code) for u in result.unallocated] == [(840, "capacity")]
    assert result.objective.pieces_on_time_bound == 2160
    assert result.status == "optimal"


def test_a_group_without_one_of_the_machines_cannot_take_the_style() -> None:
    no_coverstitch = {**TSHIRT_GROUP, "machines": {"overlock": 3, "lockstitch": 10}}
    p = problem([group("g1", **no_coverstitch)], [offer("tee", pieces=500, **TSHIRT)])
    result = solve(p)
    assert result.lots == ()
    (gap,) = result.unallocated
    assert (gap.pieces, gap.code) == (500, REASON_NO_MATCH)
    assert gap.reason == (
        "no group has skill 'tee' and 'coverstitch' and 'lockstitch' and 'overlock' machines"
    )


def test_two_styles_share_the_overlock_by_the_pieces_it_makes() -> None:
    # Polo (a): 3 overlock + 2.5 lockstitch minutes; tank top (b): 2 overlock + 1 coverstitch.
    # One week, 3,240 overlock minutes: most pieces = all 1,000 tank tops (2,000 minutes),
    # then ⌊1,240 ÷ 3⌋ = 413 polos — the flow alone would give each its whole order.
    polo = offer(
        "a", pieces=500, sam_minutes=5.5, machine_type="overlock", skill="tee", due_week=1,
        machine_minutes={"overlock": 3, "lockstitch": 2.5}, piece_rate_baht=10, min_lot_pieces=1,
    )  # fmt: skip
    tank = offer(
        "b", pieces=1000, sam_minutes=3, machine_type="overlock", skill="tee", due_week=1,
        machine_minutes={"overlock": 2, "coverstitch": 1}, piece_rate_baht=10, min_lot_pieces=1,
    )  # fmt: skip
    p = problem([group("g1", **TSHIRT_GROUP)], [polo, tank], horizon_weeks=1)
    result = solve(p)
    assert violations(p, result) == []
    assert [(lot.offer_id, lot.pieces) for lot in result.lots] == [("a", 413), ("b", 1000)]
    assert [(u.offer_id, u.pieces, u.code) for u in result.unallocated] == [("a", 87, "capacity")]


def test_a_style_of_several_types_and_one_of_one_type_share_a_machine() -> None:
    # The polo takes 3 overlock minutes a piece, a plain overlock style 4: the polos first
    # (1,500 minutes), then ⌊1,740 ÷ 4⌋ = 435 of the other.
    polo = offer(
        "a", pieces=500, sam_minutes=5.5, machine_type="overlock", skill="tee", due_week=1,
        machine_minutes={"overlock": 3, "lockstitch": 2.5}, piece_rate_baht=10, min_lot_pieces=1,
    )  # fmt: skip
    plain = offer(
        "c", pieces=1000, sam_minutes=4, machine_type="overlock", skill="tee", due_week=1,
        piece_rate_baht=10, min_lot_pieces=1,
    )  # fmt: skip
    p = problem([group("g1", **TSHIRT_GROUP)], [polo, plain], horizon_weeks=1)
    result = solve(p)
    assert violations(p, result) == []
    assert [(lot.offer_id, lot.pieces) for lot in result.lots] == [("a", 500), ("c", 435)]


def test_the_baseline_sews_the_style_at_its_tightest_machine() -> None:
    p = problem([group("g1", **TSHIRT_GROUP)], [offer("tee", pieces=3000, **TSHIRT)])
    (lot,) = greedy_allocate(p).lots
    # No margin for the baseline: 3 × 480 × 5 × 0.5 = 3,600 overlock minutes, 1,200 a week.
    assert [(s.week, s.pieces) for s in lot.schedule] == [(1, 1200), (2, 1200), (3, 600)]
    assert greedy_allocate(p).objective.pieces_late == 600


def test_staged_deliveries_of_an_order_stay_within_its_groups() -> None:
    # Two deliveries of one order, 540 pieces in week 1 and 540 in week 2, at most one group:
    # each of two equal groups could sew one delivery, but the order may use only one.
    first = offer("order-a-1", pieces=540, due_week=1, order="A", max_groups=1)
    second = offer("order-a-2", pieces=540, due_week=2, order="A", max_groups=1)
    p = problem([group("g1"), group("g2")], [first, second], horizon_weeks=2)
    result = solve(p)
    assert violations(p, result) == []
    assert [(lot.offer_id, lot.group_id) for lot in result.lots] == [
        ("order-a-1", "g1"),
        ("order-a-2", "g1"),
    ]
    assert schedule_of(result, "order-a-1", "g1") == [(1, 540)]
    assert schedule_of(result, "order-a-2", "g1") == [(2, 540)]


def test_an_order_that_needs_more_groups_than_it_may_use_says_so() -> None:
    # Both deliveries are due in week 1: one group sews only 540 of the 1,080.
    first = offer("order-a-1", pieces=540, due_week=1, order="A", max_groups=1)
    second = offer("order-a-2", pieces=540, due_week=1, order="A", max_groups=1)
    p = problem([group("g1"), group("g2")], [first, second], horizon_weeks=1)
    result = solve(p)
    assert violations(p, result) == []
    assert sum(lot.pieces for lot in result.lots) == 540
    assert len({lot.group_id for lot in result.lots}) == 1
    (gap,) = result.unallocated
    assert (gap.pieces, gap.code) == (540, REASON_LOT_RULES)
    assert gap.reason.endswith("within 1 group (for all of order 'A')")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"machine_minutes": {"overlock": 3, "coverstitch": 3}}, "offers[0].machine_minutes",
         "adds up to 6 minutes, more than sam_minutes (5.5)"),
        ({"machine_minutes": {"coverstitch": 1.5, "lockstitch": 1}}, "offers[0].machine_type",
         "'overlock' is not in machine_minutes"),
        ({"machine_minutes": {"overlock": 0}}, "offers[0].machine_minutes.overlock",
         "must be > 0, got 0"),
        ({"machine_minutes": {}}, "offers[0].machine_minutes",
         "expected a non-empty object {type: minutes}"),
        ({"order": ""}, "offers[0].order", "expected a non-empty string, got ''"),
    ],
)  # fmt: skip
def test_the_contract_names_the_bad_field(
    change: dict[str, object], field: str, message: str
) -> None:
    data = {
        "horizon_weeks": 2,
        "groups": [group("g1")],
        "offers": [offer("o", **{**TSHIRT, **change})],
    }
    with pytest.raises(ProblemError) as caught:
        problem_from_json(data)
    assert (caught.value.field, caught.value.message) == (field, message)


def test_an_order_has_one_max_groups() -> None:
    offers = [offer("a", order="A", max_groups=2), offer("b", order="A", max_groups=3)]
    with pytest.raises(ProblemError) as caught:
        problem_from_json({"horizon_weeks": 2, "groups": [], "offers": offers})
    assert caught.value.field == "offers[1].max_groups"
    assert caught.value.message == "3 differs from offers[0] of the same order (2)"


def test_styles_and_orders_survive_a_round_trip() -> None:
    p = problem(
        [group("g1", **TSHIRT_GROUP)],
        [offer("tee", pieces=3000, order="T", **TSHIRT), offer("plain")],
    )
    data = problem_to_json(p)
    offers = data["offers"]
    assert isinstance(offers, list)
    plain, tee = offers  # sorted by id
    assert tee["machine_minutes"] == {"coverstitch": 1.5, "lockstitch": 1, "overlock": 3}
    assert tee["order"] == "T"
    assert "machine_minutes" not in plain and "order" not in plain
    assert problem_from_json(data) == p
