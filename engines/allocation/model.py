"""The allocation engine's data: problem and result as frozen dataclasses with explicit units.

Everything here is plain data. `contract.problem_from_json` is the only way in from outside (the
command line, the application's job): it checks every field and raises `ProblemError` naming
the first bad one as a path, e.g. `offers[3].due_week`. Collections are stored sorted so that
nothing downstream depends on the order of the input file.

Money is `float` baht here, not `Decimal`: the engine only compares and sums amounts for
planning, and the application converts at its boundary (results are rounded to 0.01 baht).
"""

from __future__ import annotations

import math
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

    def minutes_per_piece(self, offer: Offer, machine_type: str | None = None) -> float:
        """Capacity one accepted piece takes, all machines (or on one machine type): its SAM (or
        the SAM of its operations on that type) plus the share sewn again for rejects."""
        minutes = offer.sam_minutes if machine_type is None else offer.minutes_on(machine_type)
        return minutes / (1.0 - self.reject_rate)

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
        """Skill and every machine type of the style match (the wage floor is checked apart)."""
        return offer.skill in self.skills and all(
            self.machine_count(machine_type) > 0 for machine_type, _ in offer.machine_needs
        )

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
    # A style of several operations: SAM minutes a piece on each machine type it needs, sorted
    # by type (their sum at most `sam_minutes`; `machine_type` is one of them). Empty: the
    # whole SAM on `machine_type`.
    machine_minutes: tuple[tuple[str, float], ...] = ()
    # Staged deliveries of one order are offers with the same `order`: at most `max_groups`
    # groups (the smallest value among them) take lots of any of them. Empty: the offer alone.
    order: str = ""

    @property
    def weeks(self) -> range:
        return range(self.release_week, self.due_week + 1)

    @property
    def machine_needs(self) -> tuple[tuple[str, float], ...]:
        """(machine type, SAM minutes a piece on it), sorted by type."""
        return self.machine_minutes or ((self.machine_type, self.sam_minutes),)

    def minutes_on(self, machine_type: str) -> float:
        return sum(minutes for kind, minutes in self.machine_needs if kind == machine_type)

    @property
    def order_key(self) -> tuple[str, str]:
        """Offers with equal keys share `max_groups`: the order, else the offer alone."""
        return ("order", self.order) if self.order else ("offer", self.id)

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
