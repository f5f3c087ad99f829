"""Joint visits: each establishment's requests become as few visits as they allow."""

from __future__ import annotations

import datetime as dt

import pytest

from engines.routing import ServiceRequest, Visit, bundle, unbundled
from engines.routing.tests.helpers import DAY1, DAY2, at

HERE = (10.49, 99.18)
THERE = (10.25, 99.09)


def req(
    id: str,
    establishment: str,
    skill: str,
    minutes: int = 30,
    *,
    location: tuple[float, float] = HERE,
    window: tuple[str, str] | None = None,
    days: tuple[dt.date, ...] = (),
) -> ServiceRequest:
    return ServiceRequest(
        id,
        establishment,
        location,
        minutes,
        skill,
        None if window is None else (at(window[0]), at(window[1])),
        days or None,
    )


def test_one_visit_per_establishment_sums_minutes_and_unites_skills() -> None:
    bundles = bundle(
        [
            req("r1", "e1", "packaging", 30),
            req("r2", "e2", "ict", 20, location=THERE),
            req("r3", "e1", "product_design", 45),
            req("r4", "e1", "packaging", 15),
        ]
    )
    assert [(b.visit, b.requests) for b in bundles] == [
        (Visit("e1", HERE, 90, frozenset({"packaging", "product_design"})), ("r1", "r3", "r4")),
        (Visit("e2", THERE, 20, frozenset({"ict"})), ("r2",)),
    ]


def test_windows_and_days_intersect() -> None:
    (b,) = bundle(
        [
            req("r1", "e1", "a", window=("08:00", "12:00"), days=(DAY1, DAY2)),
            req("r2", "e1", "b", window=("10:00", "16:00"), days=(DAY2,)),
            req("r3", "e1", "c"),
        ]
    )
    assert (b.visit.window, b.visit.days, b.visit.service_minutes) == (
        (at("10:00"), at("12:00")),
        (DAY2,),
        90,
    )


def test_requests_that_cannot_go_together_are_split() -> None:
    bundles = bundle(
        [
            req("r1", "e1", "a", 60, window=("08:00", "10:00")),
            req("r2", "e1", "b", 60, window=("09:00", "12:00")),  # together: 120 min in 09–10
            req("r3", "e2", "a", days=(DAY1,)),
            req("r4", "e2", "b", days=(DAY2,)),  # no common day
        ]
    )
    assert [(b.visit.id, b.requests) for b in bundles] == [
        ("e1/1", ("r1",)),
        ("e1/2", ("r2",)),
        ("e2/1", ("r3",)),
        ("e2/2", ("r4",)),
    ]


def test_a_visit_never_needs_more_skills_than_one_team_has() -> None:
    teams = [frozenset({"a", "b"}), frozenset({"c", "d"}), frozenset({"a", "c"})]
    requests = [req("r1", "e", "a"), req("r2", "e", "c"), req("r3", "e", "b"), req("r4", "e", "d")]
    # First fit in this order would make three visits ({a, c}, {b}, {d}); two are enough.
    bundles = bundle(requests, team_skills=teams)
    assert [(b.visit.id, b.visit.skills, b.requests) for b in bundles] == [
        ("e/1", frozenset({"a", "b"}), ("r1", "r3")),
        ("e/2", frozenset({"c", "d"}), ("r2", "r4")),
    ]
    # A skill no team has still becomes a visit: the planner reports it unassigned.
    (lonely,) = bundle([req("r9", "x", "energy")], team_skills=teams)
    assert lonely.visit.skills == frozenset({"energy"})


def test_a_day_budget_splits_long_bundles() -> None:
    requests = [req(f"r{k}", "e", f"s{k}", 120) for k in range(4)]
    assert [b.visit.service_minutes for b in bundle(requests, max_minutes=300)] == [240, 240]
    assert [b.visit.service_minutes for b in bundle(requests)] == [480]


def test_many_requests_fall_back_to_first_fit() -> None:
    requests = [req(f"r{k}", "e", f"s{k % 3}", 10) for k in range(12)]
    (only,) = bundle(requests)
    assert (only.visit.service_minutes, len(only.requests)) == (120, 12)


def test_a_visit_is_as_urgent_as_its_most_urgent_request() -> None:
    requests = [
        ServiceRequest("r1", "e1", HERE, 30, "design", priority=1),
        ServiceRequest("r2", "e1", HERE, 30, "ict", priority=7),
        ServiceRequest("r3", "e2", THERE, 30, "ict"),
    ]
    visits = [b.visit for b in bundle(requests)]
    assert [(v.id, v.priority) for v in visits] == [("e1", 7), ("e2", 0)]
    assert [b.visit.priority for b in unbundled(requests)] == [1, 7, 0]


def test_unbundled_is_one_visit_per_request() -> None:
    bundles = unbundled(
        [req("r1", "e1", "a", 30), req("r2", "e1", "b", 45, window=("09:00", "11:00"))]
    )
    assert [(b.visit, b.requests) for b in bundles] == [
        (Visit("r1", HERE, 30, frozenset({"a"})), ("r1",)),
        (Visit("r2", HERE, 45, frozenset({"b"}), (at("09:00"), at("11:00"))), ("r2",)),
    ]


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="'r1' is listed twice"):
        bundle([req("r1", "e", "a"), req("r1", "e", "b")])
    with pytest.raises(ValueError, match="establishment 'e' is at"):
        bundle([req("r1", "e", "a"), req("r2", "e", "b", location=THERE)])
