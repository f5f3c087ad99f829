"""The engine's JSON contract for problems: a problem file in (every field checked, the bad one
named as a path such as `offers[3].due_week`) and back out. Results: `results.py`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from engines.allocation.model import (
    DEFAULT_EFFICIENCY,
    DEFAULT_SAFETY_MARGIN,
    Group,
    Offer,
    Problem,
    ProblemError,
)

# ---------------------------------------------------------------------------------------------
# JSON in

_GROUP_FIELDS = {
    "id",
    "members",
    "minutes_per_day",
    "days_per_week",
    "efficiency",
    "machines",
    "skills",
    "unavailable_weeks",
    "location",
    "wage_floor_baht_per_hour",
    "on_time_rate",
    "reject_rate",
    "previous_earnings_baht",
    "earnings_target_baht",
    "booked",
}
_BOOKED_FIELDS = {"week", "machine_type", "minutes"}
_OFFER_FIELDS = {
    "id",
    "pieces",
    "sam_minutes",
    "machine_type",
    "skill",
    "piece_rate_baht",
    "release_week",
    "due_week",
    "min_lot_pieces",
    "max_groups",
    "location",
    "machine_minutes",
    "order",
}
_PROBLEM_FIELDS = {"horizon_weeks", "safety_margin", "groups", "offers"}

_MISSING = object()


def _object(value: object, path: str, allowed: set[str]) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise ProblemError(path or "problem", "expected an object")
    for key in sorted(str(k) for k in value):
        if key not in allowed:
            raise ProblemError(_join(path, key), "unknown field")
    return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _get(obj: Mapping[str, object], path: str, key: str, default: object = _MISSING) -> object:
    value = obj.get(key, _MISSING)
    if value is _MISSING or (value is None and default is not _MISSING):
        if default is _MISSING:
            raise ProblemError(_join(path, key), "missing")
        return default
    return value


def as_int(value: object, path: str, low: int | None = None, high: int | None = None) -> int:
    # JSON has one number type: accept 12.0 for 12, refuse booleans (a Python int subclass).
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProblemError(path, f"expected an integer, got {_shown(value)}")
    if isinstance(value, float):
        if not value.is_integer():
            raise ProblemError(path, f"expected an integer, got {value}")
        value = int(value)
    _check_range(value, path, low, high)
    return value


def as_number(
    value: object,
    path: str,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProblemError(path, f"expected a number, got {_shown(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise ProblemError(path, "expected a finite number")
    if low is not None and (number < low or (low_open and number == low)):
        raise ProblemError(path, f"must be {'>' if low_open else '≥'} {low:g}, got {number:g}")
    if high is not None and (number > high or (high_open and number == high)):
        raise ProblemError(path, f"must be {'<' if high_open else '≤'} {high:g}, got {number:g}")
    return number


def _check_range(value: int, path: str, low: int | None, high: int | None) -> None:
    if low is not None and value < low:
        raise ProblemError(path, f"must be ≥ {low}, got {value}")
    if high is not None and value > high:
        raise ProblemError(path, f"must be ≤ {high}, got {value}")


def _text(value: object, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ProblemError(path, f"expected a non-empty string, got {_shown(value)}")
    return value


def as_list(value: object, path: str) -> Sequence[object]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise ProblemError(path, f"expected a list, got {_shown(value)}")
    return value


def _location(value: object, path: str) -> tuple[float, float]:
    items = as_list(value, path)
    if len(items) != 2:
        raise ProblemError(path, "expected [latitude, longitude]")
    lat = as_number(items[0], f"{path}[0]", -90.0, 90.0)
    lon = as_number(items[1], f"{path}[1]", -180.0, 180.0)
    return (lat, lon)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _group(value: object, path: str, horizon_weeks: int) -> Group:
    obj = _object(value, path, _GROUP_FIELDS)
    group_id = _text(_get(obj, path, "id"), _join(path, "id"))
    machines_raw = _get(obj, path, "machines")
    if not isinstance(machines_raw, Mapping):
        raise ProblemError(_join(path, "machines"), "expected an object {type: count}")
    machines: list[tuple[str, int]] = []
    for key in sorted(str(k) for k in machines_raw):
        kpath = f"{path}.machines.{key}"
        _text(key, kpath)
        machines.append((key, as_int(machines_raw[key], kpath, 0)))
    skills_path = _join(path, "skills")
    skills = [
        _text(item, f"{skills_path}[{i}]")
        for i, item in enumerate(as_list(_get(obj, path, "skills"), skills_path))
    ]
    weeks_path = _join(path, "unavailable_weeks")
    weeks = [
        as_int(item, f"{weeks_path}[{i}]", 1, horizon_weeks)
        for i, item in enumerate(as_list(_get(obj, path, "unavailable_weeks", []), weeks_path))
    ]
    on_time = _get(obj, path, "on_time_rate", None)
    target = _get(obj, path, "earnings_target_baht", None)
    booked_path = _join(path, "booked")
    booked: dict[tuple[int, str], float] = {}
    for i, item in enumerate(as_list(_get(obj, path, "booked", []), booked_path)):
        item_path = f"{booked_path}[{i}]"
        entry = _object(item, item_path, _BOOKED_FIELDS)
        slot = (
            as_int(_get(entry, item_path, "week"), _join(item_path, "week"), 1, horizon_weeks),
            _text(_get(entry, item_path, "machine_type"), _join(item_path, "machine_type")),
        )
        minutes = as_number(_get(entry, item_path, "minutes"), _join(item_path, "minutes"), 0)
        booked[slot] = booked.get(slot, 0.0) + minutes
    return Group(
        id=group_id,
        members=as_int(_get(obj, path, "members"), _join(path, "members"), 1),
        minutes_per_day=as_number(
            _get(obj, path, "minutes_per_day"),
            _join(path, "minutes_per_day"),
            0,
            1440,
            low_open=True,
        ),
        days_per_week=as_number(
            _get(obj, path, "days_per_week"), _join(path, "days_per_week"), 0, 7, low_open=True
        ),
        machines=tuple(machines),
        skills=tuple(sorted(set(skills))),
        location_deg=_location(_get(obj, path, "location"), _join(path, "location")),
        wage_floor_baht_per_hour=as_number(
            _get(obj, path, "wage_floor_baht_per_hour"),
            _join(path, "wage_floor_baht_per_hour"),
            0,
        ),
        efficiency=as_number(
            _get(obj, path, "efficiency", DEFAULT_EFFICIENCY),
            _join(path, "efficiency"),
            0,
            1,
            low_open=True,
        ),
        unavailable_weeks=tuple(sorted(set(weeks))),
        on_time_rate=None
        if on_time is None
        else as_number(on_time, _join(path, "on_time_rate"), 0, 1, low_open=True),
        reject_rate=as_number(
            _get(obj, path, "reject_rate", 0.0), _join(path, "reject_rate"), 0, 1, high_open=True
        ),
        previous_earnings_baht=as_number(
            _get(obj, path, "previous_earnings_baht", 0.0),
            _join(path, "previous_earnings_baht"),
            0,
        ),
        earnings_target_baht=None
        if target is None
        else as_number(target, _join(path, "earnings_target_baht"), 0, low_open=True),
        booked=tuple((week, kind, minutes) for (week, kind), minutes in sorted(booked.items())),
    )


def _offer(value: object, path: str, horizon_weeks: int) -> Offer:
    obj = _object(value, path, _OFFER_FIELDS)
    offer_id = _text(_get(obj, path, "id"), _join(path, "id"))
    release = as_int(_get(obj, path, "release_week"), _join(path, "release_week"), 1, horizon_weeks)
    due_path = _join(path, "due_week")
    due = as_int(_get(obj, path, "due_week"), due_path, 1)
    if due > horizon_weeks:
        raise ProblemError(due_path, f"week {due} is after horizon_weeks ({horizon_weeks})")
    if due < release:
        raise ProblemError(due_path, f"week {due} is before release_week ({release})")
    sam = as_number(
        _get(obj, path, "sam_minutes"), _join(path, "sam_minutes"), 0, 10_000, low_open=True
    )
    machine_type = _text(_get(obj, path, "machine_type"), _join(path, "machine_type"))
    order = _get(obj, path, "order", None)
    return Offer(
        id=offer_id,
        pieces=as_int(_get(obj, path, "pieces"), _join(path, "pieces"), 1),
        sam_minutes=sam,
        machine_type=machine_type,
        skill=_text(_get(obj, path, "skill"), _join(path, "skill")),
        piece_rate_baht=as_number(
            _get(obj, path, "piece_rate_baht"), _join(path, "piece_rate_baht"), 0
        ),
        release_week=release,
        due_week=due,
        min_lot_pieces=as_int(_get(obj, path, "min_lot_pieces"), _join(path, "min_lot_pieces"), 1),
        max_groups=as_int(_get(obj, path, "max_groups"), _join(path, "max_groups"), 1),
        location_deg=_location(_get(obj, path, "location"), _join(path, "location")),
        machine_minutes=_machine_minutes(
            _get(obj, path, "machine_minutes", None), path, sam, machine_type
        ),
        order="" if order is None else _text(order, _join(path, "order")),
    )


def _machine_minutes(
    value: object, path: str, sam: float, machine_type: str
) -> tuple[tuple[str, float], ...]:
    """A style's SAM a piece on each machine type: positive, adding up to at most the SAM, the
    offer's `machine_type` among them."""
    if value is None:
        return ()
    mpath = _join(path, "machine_minutes")
    if not isinstance(value, Mapping) or not value:
        raise ProblemError(mpath, "expected a non-empty object {type: minutes}")
    needs: list[tuple[str, float]] = []
    for key in sorted(str(k) for k in value):
        kpath = f"{mpath}.{key}"
        _text(key, kpath)
        needs.append((key, as_number(value[key], kpath, 0, 10_000, low_open=True)))
    total = sum(minutes for _, minutes in needs)
    if total > sam * (1 + 1e-9):
        raise ProblemError(mpath, f"adds up to {total:g} minutes, more than sam_minutes ({sam:g})")
    if machine_type not in dict(needs):
        raise ProblemError(
            _join(path, "machine_type"), f"{machine_type!r} is not in machine_minutes"
        )
    return tuple(needs)


def _same_order_rules(offers: list[Offer]) -> None:
    """Staged deliveries of one order share one `max_groups`: it must be the same for all."""
    first: dict[str, tuple[int, int]] = {}
    for index, o in enumerate(offers):
        if not o.order:
            continue
        seen = first.setdefault(o.order, (index, o.max_groups))
        if seen[1] != o.max_groups:
            raise ProblemError(
                f"offers[{index}].max_groups",
                f"{o.max_groups} differs from offers[{seen[0]}] of the same order ({seen[1]})",
            )


def _unique_ids(kind: str, ids: list[str]) -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(ids):
        if item in seen:
            raise ProblemError(f"{kind}[{index}].id", f"{item!r} repeats {kind}[{seen[item]}].id")
        seen[item] = index


def problem_from_json(data: object) -> Problem:
    """Check and convert a decoded problem file; raises `ProblemError` naming the bad field."""
    obj = _object(data, "", _PROBLEM_FIELDS)
    horizon = as_int(_get(obj, "", "horizon_weeks"), "horizon_weeks", 1, 520)
    margin = as_number(
        _get(obj, "", "safety_margin", DEFAULT_SAFETY_MARGIN),
        "safety_margin",
        0,
        1,
        high_open=True,
    )
    groups = [
        _group(item, f"groups[{i}]", horizon)
        for i, item in enumerate(as_list(_get(obj, "", "groups"), "groups"))
    ]
    offers = [
        _offer(item, f"offers[{i}]", horizon)
        for i, item in enumerate(as_list(_get(obj, "", "offers"), "offers"))
    ]
    _unique_ids("groups", [g.id for g in groups])
    _unique_ids("offers", [o.id for o in offers])
    _same_order_rules(offers)
    return Problem(
        horizon_weeks=horizon,
        groups=tuple(sorted(groups, key=lambda g: g.id)),
        offers=tuple(sorted(offers, key=lambda o: o.id)),
        safety_margin=margin,
    )


# ---------------------------------------------------------------------------------------------
# JSON out (round trips, and problems written for the command line)


def problem_to_json(problem: Problem) -> dict[str, object]:
    return {
        "horizon_weeks": problem.horizon_weeks,
        "safety_margin": problem.safety_margin,
        "groups": [
            {
                "id": g.id,
                "members": g.members,
                "minutes_per_day": g.minutes_per_day,
                "days_per_week": g.days_per_week,
                "efficiency": g.efficiency,
                "machines": dict(g.machines),
                "skills": list(g.skills),
                "unavailable_weeks": list(g.unavailable_weeks),
                "location": list(g.location_deg),
                "wage_floor_baht_per_hour": g.wage_floor_baht_per_hour,
                "on_time_rate": g.on_time_rate,
                "reject_rate": g.reject_rate,
                "previous_earnings_baht": g.previous_earnings_baht,
                "earnings_target_baht": g.earnings_target_baht,
                "booked": [
                    {"week": week, "machine_type": kind, "minutes": minutes}
                    for week, kind, minutes in g.booked
                ],
            }
            for g in problem.groups
        ],
        "offers": [
            {
                "id": o.id,
                "pieces": o.pieces,
                "sam_minutes": o.sam_minutes,
                "machine_type": o.machine_type,
                "skill": o.skill,
                "piece_rate_baht": o.piece_rate_baht,
                "release_week": o.release_week,
                "due_week": o.due_week,
                "min_lot_pieces": o.min_lot_pieces,
                "max_groups": o.max_groups,
                "location": list(o.location_deg),
                # Optional fields only when set: a problem written back reads the same.
                **({"machine_minutes": dict(o.machine_minutes)} if o.machine_minutes else {}),
                **({"order": o.order} if o.order else {}),
            }
            for o in problem.offers
        ],
    }
