"""The JSON contract of the routing engine: problems in, results out (and back, for stores).

Times are "HH:MM" strings, days ISO dates, locations [latitude, longitude]. Every parsing error
is a `ProblemError` naming the field (`visits[3].window[1]`), so the command line and the
application can tell the user exactly what to fix. Unknown fields are refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from engines.routing.model import (
    DEFAULT_ROAD_FACTOR,
    DEFAULT_SPEED_KMH,
    Depot,
    Location,
    Problem,
    ProblemError,
    Result,
    Route,
    Stop,
    Team,
    Unassigned,
    Visit,
    check_days,
    check_location,
    finite,
    format_hhmm,
    parse_hhmm,
)


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
    if not finite(value):
        raise ProblemError(field, f"expected a number, got {value!r}")
    assert isinstance(value, int | float)
    return float(value)


def _whole(value: object, field: str) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProblemError(field, f"expected a whole number, got {value!r}")
    return value


def _location(value: object, field: str) -> Location:
    items = _list(value, field)
    if len(items) != 2:
        raise ProblemError(field, f"expected [latitude, longitude], got {value!r}")
    location = (_number(items[0], f"{field}[0]"), _number(items[1], f"{field}[1]"))
    check_location(location, field)
    return location


def _skills(value: object, field: str) -> frozenset[str]:
    items = _list(value, field)
    return frozenset(_string(item, f"{field}[{i}]") for i, item in enumerate(items))


def _days(value: object, field: str) -> tuple[dt.date, ...]:
    items = _list(value, field)
    days = tuple(_parse_date(item, f"{field}[{i}]") for i, item in enumerate(items))
    check_days(days, field)
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
            item,
            where,
            ("id", "location", "service_minutes"),
            ("skills", "window", "days", "priority"),
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
                priority=_whole(obj.get("priority", 0), f"{where}.priority"),
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
        if visit.priority:
            item["priority"] = visit.priority
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
