"""The routing engine's data: frozen problem and result types and their JSON contract.

Times are minutes after midnight (ints) inside the engine and "HH:MM" strings in JSON; days are
`datetime.date` inside and ISO dates in JSON; locations are (latitude, longitude) in degrees.
Every parsing error is a `ProblemError` naming the field it is about (`visits[3].window[1]`), so
the command line and the application can tell the user exactly what to fix.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Location = tuple[float, float]
"""(latitude, longitude) in degrees."""

DEFAULT_SPEED_KMH = 50.0
DEFAULT_ROAD_FACTOR = 1.3
MINUTES_PER_DAY = 24 * 60

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
    the only days the visit may take place."""

    id: str
    location: Location
    service_minutes: int
    skills: frozenset[str] = frozenset()
    window: tuple[int, int] | None = None
    days: tuple[dt.date, ...] | None = None


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


def _parse_date(value: object, field: str) -> dt.date:
    if not isinstance(value, str):
        raise ProblemError(field, f'expected an ISO date "YYYY-MM-DD", got {value!r}')
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ProblemError(field, f'expected an ISO date "YYYY-MM-DD", got {value!r}') from None


# ---------------------------------------------------------------------------------------------
# Validation (also for problems built in Python, not only parsed)


def validate(problem: Problem) -> None:
    """Raise `ProblemError` unless ids are unique and every value is in range."""
    if not (_finite(problem.speed_kmh) and problem.speed_kmh > 0):
        raise ProblemError("speed_kmh", f"must be a positive number, got {problem.speed_kmh!r}")
    if not (_finite(problem.road_factor) and problem.road_factor >= 1):
        raise ProblemError("road_factor", f"must be a number ≥ 1, got {problem.road_factor!r}")
    depot_ids: set[str] = set()
    for i, depot in enumerate(problem.depots):
        _check_id(depot.id, depot_ids, f"depots[{i}].id")
        _check_location(depot.location, f"depots[{i}].location")
    team_ids: set[str] = set()
    for i, team in enumerate(problem.teams):
        where = f"teams[{i}]"
        _check_id(team.id, team_ids, f"{where}.id")
        if team.depot not in depot_ids:
            raise ProblemError(f"{where}.depot", f"no depot has the id {team.depot!r}")
        _check_skills(team.skills, f"{where}.skills")
        _check_days(team.days, f"{where}.days")
        _check_span(team.day_start, team.day_end, f"{where}.day_start", f"{where}.day_end")
    visit_ids: set[str] = set()
    for i, visit in enumerate(problem.visits):
        where = f"visits[{i}]"
        _check_id(visit.id, visit_ids, f"{where}.id")
        _check_location(visit.location, f"{where}.location")
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
            _check_days(visit.days, f"{where}.days")


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_id(value: object, seen: set[str], field: str) -> None:
    if not isinstance(value, str) or not value:
        raise ProblemError(field, f"expected a non-empty string, got {value!r}")
    if value in seen:
        raise ProblemError(field, f"duplicate id {value!r}")
    seen.add(value)


def _check_location(value: object, field: str) -> None:
    if not (isinstance(value, tuple) and len(value) == 2 and all(_finite(v) for v in value)):
        raise ProblemError(field, f"expected [latitude, longitude], got {value!r}")
    lat, lon = value
    if not -90 <= lat <= 90:
        raise ProblemError(f"{field}[0]", f"latitude out of range: {lat!r}")
    if not -180 <= lon <= 180:
        raise ProblemError(f"{field}[1]", f"longitude out of range: {lon!r}")


def _check_skills(value: object, field: str) -> None:
    if not isinstance(value, frozenset) or not all(isinstance(s, str) and s for s in value):
        raise ProblemError(field, f"expected a set of non-empty strings, got {value!r}")


def _check_days(value: object, field: str) -> None:
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


# ---------------------------------------------------------------------------------------------
# JSON → Problem


def _object(
    value: object, field: str, required: Iterable[str], optional: Iterable[str] = ()
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProblemError(field, f"expected an object, got {type(value).__name__}")
    required, optional = tuple(required), tuple(optional)
    prefix = f"{field}." if field else ""
    for key in required:
        if key not in value:
            raise ProblemError(f"{prefix}{key}", "missing")
    for key in value:
        if key not in required and key not in optional:
            raise ProblemError(f"{prefix}{key}", "unknown field")
    return value


def _list(value: object, field: str) -> list[Any]:
    if not isinstance(value, list):
        raise ProblemError(field, f"expected a list, got {type(value).__name__}")
    return value


def _string(value: object, field: str) -> str:
    if not isinstance(value, str) or not value:
        raise ProblemError(field, f"expected a non-empty string, got {value!r}")
    return value


def _number(value: object, field: str) -> float:
    if not _finite(value):
        raise ProblemError(field, f"expected a number, got {value!r}")
    assert isinstance(value, int | float)
    return float(value)


def _location(value: object, field: str) -> Location:
    items = _list(value, field)
    if len(items) != 2:
        raise ProblemError(field, f"expected [latitude, longitude], got {value!r}")
    location = (_number(items[0], f"{field}[0]"), _number(items[1], f"{field}[1]"))
    _check_location(location, field)
    return location


def _skills(value: object, field: str) -> frozenset[str]:
    items = _list(value, field)
    return frozenset(_string(item, f"{field}[{i}]") for i, item in enumerate(items))


def _days(value: object, field: str) -> tuple[dt.date, ...]:
    items = _list(value, field)
    days = tuple(_parse_date(item, f"{field}[{i}]") for i, item in enumerate(items))
    _check_days(days, field)
    return days


def _window(value: object, field: str) -> tuple[int, int]:
    items = _list(value, field)
    if len(items) != 2:
        raise ProblemError(field, f'expected ["HH:MM", "HH:MM"], got {value!r}')
    return parse_hhmm(items[0], f"{field}[0]"), parse_hhmm(items[1], f"{field}[1]")


def problem_from_json(data: object) -> Problem:
    """Parse the JSON contract (already decoded) into a `Problem`; `ProblemError` names the
    field when anything is missing, unknown, mistyped or out of range."""
    top = _object(data, "", ("depots", "teams", "visits"), ("speed_kmh", "road_factor"))
    depots = []
    for i, item in enumerate(_list(top["depots"], "depots")):
        where = f"depots[{i}]"
        obj = _object(item, where, ("id", "location"))
        depots.append(
            Depot(
                id=_string(obj["id"], f"{where}.id"),
                location=_location(obj["location"], f"{where}.location"),
            )
        )
    teams = []
    for i, item in enumerate(_list(top["teams"], "teams")):
        where = f"teams[{i}]"
        obj = _object(item, where, ("id", "depot", "skills", "days", "day_start", "day_end"))
        teams.append(
            Team(
                id=_string(obj["id"], f"{where}.id"),
                depot=_string(obj["depot"], f"{where}.depot"),
                skills=_skills(obj["skills"], f"{where}.skills"),
                days=_days(obj["days"], f"{where}.days"),
                day_start=parse_hhmm(obj["day_start"], f"{where}.day_start"),
                day_end=parse_hhmm(obj["day_end"], f"{where}.day_end"),
            )
        )
    visits = []
    for i, item in enumerate(_list(top["visits"], "visits")):
        where = f"visits[{i}]"
        obj = _object(
            item, where, ("id", "location", "service_minutes"), ("skills", "window", "days")
        )
        minutes = obj["service_minutes"]
        if isinstance(minutes, float) and minutes.is_integer():
            minutes = int(minutes)
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            raise ProblemError(
                f"{where}.service_minutes", f"expected whole minutes, got {minutes!r}"
            )
        window = obj.get("window")
        days = obj.get("days")
        visits.append(
            Visit(
                id=_string(obj["id"], f"{where}.id"),
                location=_location(obj["location"], f"{where}.location"),
                service_minutes=minutes,
                skills=_skills(obj.get("skills", []), f"{where}.skills"),
                window=None if window is None else _window(window, f"{where}.window"),
                days=None if days is None else _days(days, f"{where}.days"),
            )
        )
    speed = top.get("speed_kmh", DEFAULT_SPEED_KMH)
    factor = top.get("road_factor", DEFAULT_ROAD_FACTOR)
    return Problem(
        depots=tuple(depots),
        teams=tuple(teams),
        visits=tuple(visits),
        speed_kmh=_number(speed, "speed_kmh"),
        road_factor=_number(factor, "road_factor"),
    )


# ---------------------------------------------------------------------------------------------
# Problem → JSON, Result ↔ JSON


def problem_to_json(problem: Problem) -> dict[str, Any]:
    visits: list[dict[str, Any]] = []
    for visit in problem.visits:
        item: dict[str, Any] = {
            "id": visit.id,
            "location": list(visit.location),
            "service_minutes": visit.service_minutes,
            "skills": sorted(visit.skills),
        }
        if visit.window is not None:
            item["window"] = [format_hhmm(visit.window[0]), format_hhmm(visit.window[1])]
        if visit.days is not None:
            item["days"] = [d.isoformat() for d in visit.days]
        visits.append(item)
    return {
        "depots": [{"id": d.id, "location": list(d.location)} for d in problem.depots],
        "teams": [
            {
                "id": t.id,
                "depot": t.depot,
                "skills": sorted(t.skills),
                "days": [d.isoformat() for d in t.days],
                "day_start": format_hhmm(t.day_start),
                "day_end": format_hhmm(t.day_end),
            }
            for t in problem.teams
        ],
        "visits": visits,
        "speed_kmh": problem.speed_kmh,
        "road_factor": problem.road_factor,
    }


def result_to_json(result: Result) -> dict[str, Any]:
    return {
        "status": result.status,
        "routes": [
            {
                "team": r.team,
                "day": r.day.isoformat(),
                "depart": format_hhmm(r.depart),
                "return": format_hhmm(r.return_at),
                "stops": [
                    {
                        "visit": s.visit,
                        "arrive": format_hhmm(s.arrive),
                        "start": format_hhmm(s.start),
                        "end": format_hhmm(s.end),
                    }
                    for s in r.stops
                ],
                "km": r.km,
                "minutes": r.travel_minutes,
            }
            for r in result.routes
        ],
        "unassigned": [
            {"visit": u.visit, "reason": u.reason, "detail": u.detail} for u in result.unassigned
        ],
        "totals": {
            "visits": result.visits,
            "unassigned": len(result.unassigned),
            "km": result.km,
            "minutes": result.travel_minutes,
            "service_minutes": result.service_minutes,
        },
        "search": {
            "seed": result.seed,
            "stopped_by": result.stopped_by,
            "steps": result.steps,
        },
    }


def result_from_json(data: object) -> Result:
    """Read a result back (the application stores the JSON the command line printed)."""
    top = _object(data, "", ("status", "routes", "unassigned", "totals"), ("search",))
    routes = []
    for i, item in enumerate(_list(top["routes"], "routes")):
        where = f"routes[{i}]"
        obj = _object(item, where, ("team", "day", "stops", "km"), ("depart", "return", "minutes"))
        stops = []
        for j, stop in enumerate(_list(obj["stops"], f"{where}.stops")):
            at = f"{where}.stops[{j}]"
            s = _object(stop, at, ("visit", "arrive", "start", "end"))
            stops.append(
                Stop(
                    visit=_string(s["visit"], f"{at}.visit"),
                    arrive=parse_hhmm(s["arrive"], f"{at}.arrive"),
                    start=parse_hhmm(s["start"], f"{at}.start"),
                    end=parse_hhmm(s["end"], f"{at}.end"),
                )
            )
        first = stops[0].arrive if stops else 0
        last = stops[-1].end if stops else 0
        routes.append(
            Route(
                team=_string(obj["team"], f"{where}.team"),
                day=_parse_date(obj["day"], f"{where}.day"),
                depart=parse_hhmm(obj["depart"], f"{where}.depart") if "depart" in obj else first,
                return_at=parse_hhmm(obj["return"], f"{where}.return") if "return" in obj else last,
                stops=tuple(stops),
                km=_number(obj["km"], f"{where}.km"),
                travel_minutes=int(_number(obj.get("minutes", 0), f"{where}.minutes")),
            )
        )
    unassigned = []
    for i, item in enumerate(_list(top["unassigned"], "unassigned")):
        where = f"unassigned[{i}]"
        obj = _object(item, where, ("visit", "reason"), ("detail",))
        reason = _string(obj["reason"], f"{where}.reason")
        detail = obj.get("detail", "")
        if not isinstance(detail, str):
            raise ProblemError(f"{where}.detail", f"expected a string, got {detail!r}")
        unassigned.append(
            Unassigned(visit=_string(obj["visit"], f"{where}.visit"), reason=reason, detail=detail)
        )
    totals = _object(
        top["totals"], "totals", ("visits", "km", "minutes"), ("unassigned", "service_minutes")
    )
    search = _object(top.get("search", {}), "search", (), ("seed", "stopped_by", "steps"))
    return Result(
        status=_string(top["status"], "status"),
        routes=tuple(routes),
        unassigned=tuple(unassigned),
        visits=int(_number(totals["visits"], "totals.visits")),
        km=_number(totals["km"], "totals.km"),
        travel_minutes=int(_number(totals["minutes"], "totals.minutes")),
        service_minutes=int(_number(totals.get("service_minutes", 0), "totals.service_minutes")),
        seed=int(_number(search.get("seed", 0), "search.seed")),
        stopped_by=_string(search.get("stopped_by", "no_search"), "search.stopped_by"),
        steps=int(_number(search.get("steps", 0), "search.steps")),
    )
