"""The allocation engine's data: problem and result as frozen dataclasses, and their JSON contract.

Everything here is plain data with explicit units. `problem_from_json` is the only way in from
outside (the command line, the application's job): it checks every field and raises
`ProblemError` naming the first bad one as a path, e.g. `offers[3].due_week`. Collections are
stored sorted so that nothing downstream depends on the order of the input file.

Money is `float` baht here, not `Decimal`: the engine only compares and sums amounts for
planning, and the application converts at its boundary (results are rounded to 0.01 baht).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DEFAULT_EFFICIENCY = 0.35
DEFAULT_SAFETY_MARGIN = 0.10
EARTH_RADIUS_KM = 6371.0088

STATUSES = ("optimal", "feasible", "infeasible", "invalid")

# Codes of `Unallocated.code`: the application translates reasons from these, not from the
# English sentence.
REASON_NO_MATCH = "no_skill_or_machine"
REASON_WAGE_FLOOR = "below_wage_floor"
REASON_UNAVAILABLE = "no_group_available"
REASON_CAPACITY = "capacity"
REASON_LOT_RULES = "lot_rules"
REASON_CODES = (
    REASON_NO_MATCH,
    REASON_WAGE_FLOOR,
    REASON_UNAVAILABLE,
    REASON_CAPACITY,
    REASON_LOT_RULES,
)


class ProblemError(ValueError):
    """A problem file that breaks the contract; `field` is the path of the offending value."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# ---------------------------------------------------------------------------------------------
# Problem


@dataclass(frozen=True, slots=True)
class Group:
    """A villagers' sewing group: its people, machines, skills, place and pay floor."""

    id: str
    members: int
    minutes_per_day: float
    days_per_week: float
    machines: tuple[tuple[str, int], ...]  # (machine type, count), sorted by type
    skills: tuple[str, ...]  # sorted
    location_deg: tuple[float, float]  # (latitude, longitude)
    wage_floor_baht_per_hour: float
    efficiency: float = DEFAULT_EFFICIENCY  # measured from receipts, else the planning default
    unavailable_weeks: tuple[int, ...] = ()  # sorted, e.g. harvest or festival weeks
    on_time_rate: float | None = None  # share of past lots delivered on time, once measured
    reject_rate: float = 0.0  # share of sewn pieces rejected at receipt, once measured
    previous_earnings_baht: float = 0.0  # paid in earlier periods: rotation between periods
    earnings_target_baht: float | None = None  # for this horizon; None: see `earnings_target`
    # Work already planned for the group (lots of earlier runs it holds): (week, machine type,
    # sewing minutes), sorted. It is taken off the capacity left after the margin.
    booked: tuple[tuple[int, str, float], ...] = ()

    def machine_count(self, machine_type: str) -> int:
        for name, count in self.machines:
            if name == machine_type:
                return count
        return 0

    def margin(self, safety_margin: float) -> float:
        """Share of capacity kept free. A group late more often than the margin allows is
        planned with the slack its record shows it needs."""
        if self.on_time_rate is None:
            return safety_margin
        return max(safety_margin, 1.0 - self.on_time_rate)

    def available(self, week: int) -> bool:
        return week not in self.unavailable_weeks

    def booked_minutes(self, week: int, machine_type: str | None = None) -> float:
        """Sewing minutes already planned in `week` (on one machine type, or on all)."""
        return sum(
            minutes
            for booked_week, booked_type, minutes in self.booked
            if booked_week == week and (machine_type is None or booked_type == machine_type)
        )

    def week_minutes(self, week: int, safety_margin: float) -> float:
        """Sewing minutes (standard minutes, SAM) the group can still plan in `week`, all
        machines: its capacity less the margin, less the work it already holds."""
        if not self.available(week):
            return 0.0
        capacity = (
            self.members
            * self.minutes_per_day
            * self.days_per_week
            * self.efficiency
            * (1.0 - self.margin(safety_margin))
        )
        return max(0.0, capacity - self.booked_minutes(week))

    def machine_week_minutes(self, machine_type: str, week: int, safety_margin: float) -> float:
        """Sewing minutes the group can still plan in `week` on machines of one type."""
        if not self.available(week):
            return 0.0
        capacity = (
            self.machine_count(machine_type)
            * self.minutes_per_day
            * self.days_per_week
            * self.efficiency
            * (1.0 - self.margin(safety_margin))
        )
        return max(0.0, capacity - self.booked_minutes(week, machine_type))

    def minutes_per_piece(self, offer: Offer) -> float:
        """Capacity one accepted piece takes: its SAM plus the share sewn again for rejects."""
        return offer.sam_minutes / (1.0 - self.reject_rate)

    def earnings_baht_per_member_hour(self, offer: Offer) -> float:
        """piece rate × 60 × efficiency ÷ SAM, less the rejected pieces nobody pays for."""
        return (
            offer.piece_rate_baht
            * 60.0
            * self.efficiency
            * (1.0 - self.reject_rate)
            / offer.sam_minutes
        )

    def can_sew(self, offer: Offer) -> bool:
        """Skill and machine type match (the wage floor is checked apart)."""
        return offer.skill in self.skills and self.machine_count(offer.machine_type) > 0

    def pays_enough(self, offer: Offer) -> bool:
        """Home Workers Protection Act s.16: no lot that pays below the floor."""
        return self.earnings_baht_per_member_hour(offer) >= self.wage_floor_baht_per_hour - 1e-9

    def earnings_target(self, horizon_weeks: int) -> float:
        """Baht the group aims to earn over the horizon: given, or every available member-hour
        paid at its wage floor (full-time work at the minimum wage)."""
        if self.earnings_target_baht is not None:
            return self.earnings_target_baht
        weeks = sum(1 for week in range(1, horizon_weeks + 1) if self.available(week))
        hours = self.members * self.minutes_per_day * self.days_per_week * weeks / 60.0
        return max(hours * self.wage_floor_baht_per_hour, 1.0)


@dataclass(frozen=True, slots=True)
class Offer:
    """A company's sewing order to split into lots: how much, how hard, what it pays, when."""

    id: str
    pieces: int
    sam_minutes: float  # standard allowed minutes per piece
    machine_type: str
    skill: str
    piece_rate_baht: float
    release_week: int  # first week work may start (weeks count from 1)
    due_week: int  # last week work may be done
    min_lot_pieces: int
    max_groups: int
    location_deg: tuple[float, float]  # (latitude, longitude) where the work is picked up

    @property
    def weeks(self) -> range:
        return range(self.release_week, self.due_week + 1)

    @property
    def min_lot_effective(self) -> int:
        """An offer smaller than its minimum lot can still go whole to one group."""
        return min(self.min_lot_pieces, self.pieces)


@dataclass(frozen=True, slots=True)
class Problem:
    horizon_weeks: int
    groups: tuple[Group, ...]  # sorted by id
    offers: tuple[Offer, ...]  # sorted by id
    safety_margin: float = DEFAULT_SAFETY_MARGIN


# ---------------------------------------------------------------------------------------------
# Result


@dataclass(frozen=True, slots=True)
class WeekPieces:
    week: int
    pieces: int


@dataclass(frozen=True, slots=True)
class Lot:
    """Pieces of one offer given to one group, delivered in weekly tranches."""

    offer_id: str
    group_id: str
    pieces: int
    schedule: tuple[WeekPieces, ...]  # sorted by week, pieces > 0
    finish_week: int
    earnings_baht_per_member_hour: float
    km: float  # great-circle distance from the offer's pick-up point to the group
    why: str


@dataclass(frozen=True, slots=True)
class Unallocated:
    offer_id: str
    pieces: int
    code: str  # one of REASON_CODES
    reason: str


@dataclass(frozen=True, slots=True)
class WeekLoad:
    week: int
    minutes_planned: float
    minutes_capacity: float


@dataclass(frozen=True, slots=True)
class GroupLoad:
    """What the plan gives one group: its weeks' load and its earnings against its target."""

    group_id: str
    earnings_baht: float
    earnings_level_before: float  # previous earnings ÷ target
    earnings_level_after: float  # (previous + planned earnings) ÷ target
    weeks: tuple[WeekLoad, ...]


@dataclass(frozen=True, slots=True)
class Objective:
    """The objective's terms, tier by tier, and what they are measured against."""

    pieces_offered: int
    pieces_on_time: int  # tier 1
    pieces_late: int  # only a plan that ignores due weeks (the greedy baseline) has any
    pieces_unallocated: int
    pieces_on_time_bound: int  # no plan places more (see solve.py)
    fairness_penalty: float  # tier 2, in the model's units: see solve.py
    earnings_gini: float  # Gini of planned earnings per member over the groups that can sew
    lowest_earnings_level: float  # lowest (previous + planned) ÷ target among those groups
    transport_piece_km: float  # tier 3: pieces × km
    transport_lot_km: float  # one trip per lot: Σ km


@dataclass(frozen=True, slots=True)
class Result:
    status: str  # one of STATUSES
    lots: tuple[Lot, ...]  # sorted by (offer, group)
    unallocated: tuple[Unallocated, ...]  # sorted by (offer, code)
    objective: Objective
    groups: tuple[GroupLoad, ...] = ()  # groups with at least one lot, sorted by id
    repair_rounds: int = 0  # min lot / max groups re-solves the plan needed


# ---------------------------------------------------------------------------------------------
# Geography and measures


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance between two (lat, lon) points in degrees."""
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def gini(values: list[float]) -> float:
    """Gini coefficient of non-negative values: 0 when equal, towards 1 when one has all."""
    ordered = sorted(values)
    total = sum(ordered)
    n = len(ordered)
    if n == 0 or total <= 0:
        return 0.0
    weighted = sum((i + 1) * x for i, x in enumerate(ordered))
    return 2.0 * weighted / (n * total) - (n + 1) / n


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


def _int(value: object, path: str, low: int | None = None, high: int | None = None) -> int:
    # JSON has one number type: accept 12.0 for 12, refuse booleans (a Python int subclass).
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProblemError(path, f"expected an integer, got {_shown(value)}")
    if isinstance(value, float):
        if not value.is_integer():
            raise ProblemError(path, f"expected an integer, got {value}")
        value = int(value)
    _check_range(value, path, low, high)
    return value


def _number(
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


def _list(value: object, path: str) -> Sequence[object]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise ProblemError(path, f"expected a list, got {_shown(value)}")
    return value


def _location(value: object, path: str) -> tuple[float, float]:
    items = _list(value, path)
    if len(items) != 2:
        raise ProblemError(path, "expected [latitude, longitude]")
    lat = _number(items[0], f"{path}[0]", -90.0, 90.0)
    lon = _number(items[1], f"{path}[1]", -180.0, 180.0)
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
        machines.append((key, _int(machines_raw[key], kpath, 0)))
    skills_path = _join(path, "skills")
    skills = [
        _text(item, f"{skills_path}[{i}]")
        for i, item in enumerate(_list(_get(obj, path, "skills"), skills_path))
    ]
    weeks_path = _join(path, "unavailable_weeks")
    weeks = [
        _int(item, f"{weeks_path}[{i}]", 1, horizon_weeks)
        for i, item in enumerate(_list(_get(obj, path, "unavailable_weeks", []), weeks_path))
    ]
    on_time = _get(obj, path, "on_time_rate", None)
    target = _get(obj, path, "earnings_target_baht", None)
    booked_path = _join(path, "booked")
    booked: dict[tuple[int, str], float] = {}
    for i, item in enumerate(_list(_get(obj, path, "booked", []), booked_path)):
        item_path = f"{booked_path}[{i}]"
        entry = _object(item, item_path, _BOOKED_FIELDS)
        slot = (
            _int(_get(entry, item_path, "week"), _join(item_path, "week"), 1, horizon_weeks),
            _text(_get(entry, item_path, "machine_type"), _join(item_path, "machine_type")),
        )
        minutes = _number(_get(entry, item_path, "minutes"), _join(item_path, "minutes"), 0)
        booked[slot] = booked.get(slot, 0.0) + minutes
    return Group(
        id=group_id,
        members=_int(_get(obj, path, "members"), _join(path, "members"), 1),
        minutes_per_day=_number(
            _get(obj, path, "minutes_per_day"),
            _join(path, "minutes_per_day"),
            0,
            1440,
            low_open=True,
        ),
        days_per_week=_number(
            _get(obj, path, "days_per_week"), _join(path, "days_per_week"), 0, 7, low_open=True
        ),
        machines=tuple(machines),
        skills=tuple(sorted(set(skills))),
        location_deg=_location(_get(obj, path, "location"), _join(path, "location")),
        wage_floor_baht_per_hour=_number(
            _get(obj, path, "wage_floor_baht_per_hour"),
            _join(path, "wage_floor_baht_per_hour"),
            0,
        ),
        efficiency=_number(
            _get(obj, path, "efficiency", DEFAULT_EFFICIENCY),
            _join(path, "efficiency"),
            0,
            1,
            low_open=True,
        ),
        unavailable_weeks=tuple(sorted(set(weeks))),
        on_time_rate=None
        if on_time is None
        else _number(on_time, _join(path, "on_time_rate"), 0, 1, low_open=True),
        reject_rate=_number(
            _get(obj, path, "reject_rate", 0.0), _join(path, "reject_rate"), 0, 1, high_open=True
        ),
        previous_earnings_baht=_number(
            _get(obj, path, "previous_earnings_baht", 0.0),
            _join(path, "previous_earnings_baht"),
            0,
        ),
        earnings_target_baht=None
        if target is None
        else _number(target, _join(path, "earnings_target_baht"), 0, low_open=True),
        booked=tuple((week, kind, minutes) for (week, kind), minutes in sorted(booked.items())),
    )


def _offer(value: object, path: str, horizon_weeks: int) -> Offer:
    obj = _object(value, path, _OFFER_FIELDS)
    offer_id = _text(_get(obj, path, "id"), _join(path, "id"))
    release = _int(_get(obj, path, "release_week"), _join(path, "release_week"), 1, horizon_weeks)
    due_path = _join(path, "due_week")
    due = _int(_get(obj, path, "due_week"), due_path, 1)
    if due > horizon_weeks:
        raise ProblemError(due_path, f"week {due} is after horizon_weeks ({horizon_weeks})")
    if due < release:
        raise ProblemError(due_path, f"week {due} is before release_week ({release})")
    return Offer(
        id=offer_id,
        pieces=_int(_get(obj, path, "pieces"), _join(path, "pieces"), 1),
        sam_minutes=_number(
            _get(obj, path, "sam_minutes"), _join(path, "sam_minutes"), 0, 10_000, low_open=True
        ),
        machine_type=_text(_get(obj, path, "machine_type"), _join(path, "machine_type")),
        skill=_text(_get(obj, path, "skill"), _join(path, "skill")),
        piece_rate_baht=_number(
            _get(obj, path, "piece_rate_baht"), _join(path, "piece_rate_baht"), 0
        ),
        release_week=release,
        due_week=due,
        min_lot_pieces=_int(_get(obj, path, "min_lot_pieces"), _join(path, "min_lot_pieces"), 1),
        max_groups=_int(_get(obj, path, "max_groups"), _join(path, "max_groups"), 1),
        location_deg=_location(_get(obj, path, "location"), _join(path, "location")),
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
    horizon = _int(_get(obj, "", "horizon_weeks"), "horizon_weeks", 1, 520)
    margin = _number(
        _get(obj, "", "safety_margin", DEFAULT_SAFETY_MARGIN),
        "safety_margin",
        0,
        1,
        high_open=True,
    )
    groups = [
        _group(item, f"groups[{i}]", horizon)
        for i, item in enumerate(_list(_get(obj, "", "groups"), "groups"))
    ]
    offers = [
        _offer(item, f"offers[{i}]", horizon)
        for i, item in enumerate(_list(_get(obj, "", "offers"), "offers"))
    ]
    _unique_ids("groups", [g.id for g in groups])
    _unique_ids("offers", [o.id for o in offers])
    return Problem(
        horizon_weeks=horizon,
        groups=tuple(sorted(groups, key=lambda g: g.id)),
        offers=tuple(sorted(offers, key=lambda o: o.id)),
        safety_margin=margin,
    )


# ---------------------------------------------------------------------------------------------
# JSON out (and back in, for consumers and round-trip tests)


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
            }
            for o in problem.offers
        ],
    }


def result_to_json(result: Result) -> dict[str, object]:
    o = result.objective
    return {
        "status": result.status,
        "lots": [
            {
                "offer": lot.offer_id,
                "group": lot.group_id,
                "pieces": lot.pieces,
                "schedule": [{"week": s.week, "pieces": s.pieces} for s in lot.schedule],
                "finish_week": lot.finish_week,
                "earnings_baht_per_member_hour": lot.earnings_baht_per_member_hour,
                "km": lot.km,
                "why": lot.why,
            }
            for lot in result.lots
        ],
        "unallocated": [
            {"offer": u.offer_id, "pieces": u.pieces, "code": u.code, "reason": u.reason}
            for u in result.unallocated
        ],
        "objective": {
            "pieces_offered": o.pieces_offered,
            "pieces_on_time": o.pieces_on_time,
            "pieces_late": o.pieces_late,
            "pieces_unallocated": o.pieces_unallocated,
            "pieces_on_time_bound": o.pieces_on_time_bound,
            "fairness_penalty": o.fairness_penalty,
            "earnings_gini": o.earnings_gini,
            "lowest_earnings_level": o.lowest_earnings_level,
            "transport_piece_km": o.transport_piece_km,
            "transport_lot_km": o.transport_lot_km,
        },
        "groups": [
            {
                "group": g.group_id,
                "earnings_baht": g.earnings_baht,
                "earnings_level_before": g.earnings_level_before,
                "earnings_level_after": g.earnings_level_after,
                "weeks": [
                    {
                        "week": w.week,
                        "minutes_planned": w.minutes_planned,
                        "minutes_capacity": w.minutes_capacity,
                    }
                    for w in g.weeks
                ],
            }
            for g in result.groups
        ],
        "repair_rounds": result.repair_rounds,
    }


def _field(obj: object, key: str) -> object:
    if not isinstance(obj, Mapping) or key not in obj:
        raise ProblemError(key, "missing in result")
    value: object = obj[key]
    return value


def _fnum(obj: object, key: str) -> float:
    return _number(_field(obj, key), key)


def _fint(obj: object, key: str) -> int:
    return _int(_field(obj, key), key)


def _fstr(obj: object, key: str) -> str:
    value = _field(obj, key)
    if not isinstance(value, str):
        raise ProblemError(key, "expected a string")
    return value


def result_from_json(data: object) -> Result:
    """Read a result file back (what other tools consuming RESULT.json do)."""
    objective = _field(data, "objective")
    return Result(
        status=_fstr(data, "status"),
        lots=tuple(
            Lot(
                offer_id=_fstr(item, "offer"),
                group_id=_fstr(item, "group"),
                pieces=_fint(item, "pieces"),
                schedule=tuple(
                    WeekPieces(week=_fint(s, "week"), pieces=_fint(s, "pieces"))
                    for s in _list(_field(item, "schedule"), "schedule")
                ),
                finish_week=_fint(item, "finish_week"),
                earnings_baht_per_member_hour=_fnum(item, "earnings_baht_per_member_hour"),
                km=_fnum(item, "km"),
                why=_fstr(item, "why"),
            )
            for item in _list(_field(data, "lots"), "lots")
        ),
        unallocated=tuple(
            Unallocated(
                offer_id=_fstr(item, "offer"),
                pieces=_fint(item, "pieces"),
                code=_fstr(item, "code"),
                reason=_fstr(item, "reason"),
            )
            for item in _list(_field(data, "unallocated"), "unallocated")
        ),
        objective=Objective(
            pieces_offered=_fint(objective, "pieces_offered"),
            pieces_on_time=_fint(objective, "pieces_on_time"),
            pieces_late=_fint(objective, "pieces_late"),
            pieces_unallocated=_fint(objective, "pieces_unallocated"),
            pieces_on_time_bound=_fint(objective, "pieces_on_time_bound"),
            fairness_penalty=_fnum(objective, "fairness_penalty"),
            earnings_gini=_fnum(objective, "earnings_gini"),
            lowest_earnings_level=_fnum(objective, "lowest_earnings_level"),
            transport_piece_km=_fnum(objective, "transport_piece_km"),
            transport_lot_km=_fnum(objective, "transport_lot_km"),
        ),
        groups=tuple(
            GroupLoad(
                group_id=_fstr(item, "group"),
                earnings_baht=_fnum(item, "earnings_baht"),
                earnings_level_before=_fnum(item, "earnings_level_before"),
                earnings_level_after=_fnum(item, "earnings_level_after"),
                weeks=tuple(
                    WeekLoad(
                        week=_fint(w, "week"),
                        minutes_planned=_fnum(w, "minutes_planned"),
                        minutes_capacity=_fnum(w, "minutes_capacity"),
                    )
                    for w in _list(_field(item, "weeks"), "weeks")
                ),
            )
            for item in _list(_field(data, "groups"), "groups")
        ),
        repair_rounds=_fint(data, "repair_rounds"),
    )
