"""The routing engine's data: frozen problem and result types and their validation.

Times are minutes after midnight (ints) inside the engine ("HH:MM" strings in the JSON contract,
`jsonio.py`); days are `datetime.date`; locations are (latitude, longitude) in degrees. Every
error is a `ProblemError` naming the field it is about (`visits[3].window[1]`), so the command
line and the application can tell the user exactly what to fix.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

Location = tuple[float, float]
"""(latitude, longitude) in degrees."""

DEFAULT_SPEED_KMH = 50.0
DEFAULT_ROAD_FACTOR = 1.3
MINUTES_PER_DAY = 24 * 60
# A visit's priority is 0 (the default) to MAX_PRIORITY; leaving it out costs 1 + priority
# times as much as leaving out a visit of priority 0 (see solve.py, "Objective").
MAX_PRIORITY = 100

# Reasons a visit is left unassigned, as stable codes (the application translates them).
REASON_SKILLS = "no_team_with_skills"
REASON_DAYS = "no_team_on_days"
REASON_HOURS = "outside_working_hours"
REASON_TIME = "no_time_left"
REASONS = (REASON_SKILLS, REASON_DAYS, REASON_HOURS, REASON_TIME)

STATUS_SOLVED = "solved"
STATUS_PARTIAL = "partial"


class ProblemError(ValueError):
    """Bad input: `field` is the path of the offending value (e.g. `teams[0].day_start`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


# ---------------------------------------------------------------------------------------------
# Types


@dataclass(frozen=True, slots=True)
class Depot:
    id: str
    location: Location


@dataclass(frozen=True, slots=True)
class Team:
    """Officers who travel together from `depot`; one route per day in `days`.

    `day_start` and `day_end` are minutes after midnight: the team leaves the depot no earlier
    than `day_start` and is back no later than `day_end`.
    """

    id: str
    depot: str
    skills: frozenset[str]
    days: tuple[dt.date, ...]
    day_start: int
    day_end: int


@dataclass(frozen=True, slots=True)
class Visit:
    """One trip to one place. `window` (minutes after midnight) bounds the whole service: it
    starts at or after `window[0]` and ends at or before `window[1]`. `days`, when given, are
    the only days the visit may take place. `priority` (0–MAX_PRIORITY) says how much it
    matters when not everything fits: leaving it out weighs 1 + priority (urgent requests)."""

    id: str
    location: Location
    service_minutes: int
    skills: frozenset[str] = frozenset()
    window: tuple[int, int] | None = None
    days: tuple[dt.date, ...] | None = None
    priority: int = 0


@dataclass(frozen=True, slots=True)
class Problem:
    depots: tuple[Depot, ...]
    teams: tuple[Team, ...]
    visits: tuple[Visit, ...]
    speed_kmh: float = DEFAULT_SPEED_KMH
    road_factor: float = DEFAULT_ROAD_FACTOR

    def __post_init__(self) -> None:
        validate(self)


@dataclass(frozen=True, slots=True)
class Stop:
    """A visit on a route: `arrive` at the place, `start` the service (after waiting for the
    window to open, if it must), `end` it; minutes after midnight."""

    visit: str
    arrive: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Route:
    """One team's day: leave the depot at `depart`, make `stops` in order, be back at
    `return_at`. `km` and `travel_minutes` count the driving only."""

    team: str
    day: dt.date
    depart: int
    return_at: int
    stops: tuple[Stop, ...]
    km: float
    travel_minutes: int


@dataclass(frozen=True, slots=True)
class Unassigned:
    """A visit left out of the plan; `reason` is one of `REASONS`, `detail` says why in words."""

    visit: str
    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class Result:
    """A plan. `status` is "solved" when every visit is planned, "partial" otherwise.

    `stopped_by` says what ended the search: "budget" (the deterministic budget of `steps`:
    the same input and seed give the same plan), "finished" (the search ran out of moves
    before the budget; as deterministic), "time_limit" (the wall-clock safety net fired first,
    so a rerun on a busier machine may differ), "stopped" (the caller's progress callback
    asked to stop: the best plan found so far) or "no_search" (nothing to route)."""

    status: str
    routes: tuple[Route, ...]
    unassigned: tuple[Unassigned, ...]
    visits: int
    km: float
    travel_minutes: int
    service_minutes: int
    seed: int = 0
    stopped_by: str = "no_search"
    steps: int = 0


# ---------------------------------------------------------------------------------------------
# Times and dates


def parse_hhmm(value: object, field: str) -> int:
    """ "HH:MM" (00:00–24:00) → minutes after midnight."""
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
        raise ProblemError(field, f'expected a time "HH:MM", got {value!r}')
    hh, mm = value[:2], value[3:]
    if not (hh.isdigit() and mm.isdigit() and hh.isascii() and mm.isascii()):
        raise ProblemError(field, f'expected a time "HH:MM", got {value!r}')
    minutes = int(hh) * 60 + int(mm)
    if int(mm) >= 60 or minutes > MINUTES_PER_DAY:
        raise ProblemError(field, f"not a time of day: {value!r}")
    return minutes


def format_hhmm(minutes: int) -> str:
    """Minutes after midnight → "HH:MM" (past midnight keeps counting: 24:30)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# ---------------------------------------------------------------------------------------------
# Validation (also for problems built in Python, not only parsed)


def validate(problem: Problem) -> None:
    """Raise `ProblemError` unless ids are unique and every value is in range."""
    if not (finite(problem.speed_kmh) and problem.speed_kmh > 0):
        raise ProblemError("speed_kmh", f"must be a positive number, got {problem.speed_kmh!r}")
    if not (finite(problem.road_factor) and problem.road_factor >= 1):
        raise ProblemError("road_factor", f"must be a number ≥ 1, got {problem.road_factor!r}")
    depot_ids: set[str] = set()
    for i, depot in enumerate(problem.depots):
        _check_id(depot.id, depot_ids, f"depots[{i}].id")
        check_location(depot.location, f"depots[{i}].location")
    team_ids: set[str] = set()
    for i, team in enumerate(problem.teams):
        where = f"teams[{i}]"
        _check_id(team.id, team_ids, f"{where}.id")
        if team.depot not in depot_ids:
            raise ProblemError(f"{where}.depot", f"no depot has the id {team.depot!r}")
        _check_skills(team.skills, f"{where}.skills")
        check_days(team.days, f"{where}.days")
        _check_span(team.day_start, team.day_end, f"{where}.day_start", f"{where}.day_end")
    visit_ids: set[str] = set()
    for i, visit in enumerate(problem.visits):
        where = f"visits[{i}]"
        _check_id(visit.id, visit_ids, f"{where}.id")
        check_location(visit.location, f"{where}.location")
        minutes = visit.service_minutes
        if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
            raise ProblemError(
                f"{where}.service_minutes", f"must be a whole number ≥ 0, got {minutes!r}"
            )
        if minutes > MINUTES_PER_DAY:
            raise ProblemError(f"{where}.service_minutes", f"longer than a day: {minutes}")
        _check_skills(visit.skills, f"{where}.skills")
        if visit.window is not None:
            _check_span(
                visit.window[0], visit.window[1], f"{where}.window[0]", f"{where}.window[1]"
            )
        if visit.days is not None:
            check_days(visit.days, f"{where}.days")
        priority = visit.priority
        if isinstance(priority, bool) or not isinstance(priority, int):
            raise ProblemError(f"{where}.priority", f"expected a whole number, got {priority!r}")
        if not 0 <= priority <= MAX_PRIORITY:
            raise ProblemError(
                f"{where}.priority", f"must be 0 to {MAX_PRIORITY}, got {priority!r}"
            )


def finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_id(value: object, seen: set[str], field: str) -> None:
    if not isinstance(value, str) or not value:
        raise ProblemError(field, f"expected a non-empty string, got {value!r}")
    if value in seen:
        raise ProblemError(field, f"duplicate id {value!r}")
    seen.add(value)


def check_location(value: object, field: str) -> None:
    if not (isinstance(value, tuple) and len(value) == 2 and all(finite(v) for v in value)):
        raise ProblemError(field, f"expected [latitude, longitude], got {value!r}")
    lat, lon = value
    if not -90 <= lat <= 90:
        raise ProblemError(f"{field}[0]", f"latitude out of range: {lat!r}")
    if not -180 <= lon <= 180:
        raise ProblemError(f"{field}[1]", f"longitude out of range: {lon!r}")


def _check_skills(value: object, field: str) -> None:
    if not isinstance(value, frozenset) or not all(isinstance(s, str) and s for s in value):
        raise ProblemError(field, f"expected a set of non-empty strings, got {value!r}")


def check_days(value: object, field: str) -> None:
    if not isinstance(value, tuple) or not all(isinstance(d, dt.date) for d in value):
        raise ProblemError(field, f"expected dates, got {value!r}")
    if len(set(value)) != len(value):
        raise ProblemError(field, "a day is listed twice")


def _check_span(start: object, end: object, start_field: str, end_field: str) -> None:
    for value, field in ((start, start_field), (end, end_field)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ProblemError(field, f"expected minutes after midnight, got {value!r}")
        if not 0 <= value <= MINUTES_PER_DAY:
            raise ProblemError(field, f"not a time of day: {value!r} minutes")
    assert isinstance(start, int) and isinstance(end, int)
    if end <= start:
        raise ProblemError(end_field, f"must be after {format_hhmm(start)}")
