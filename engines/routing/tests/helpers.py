"""Builders for small, hand-checkable routing problems on the equator.

At the equator one kilometre east is `1 / KM_PER_DEGREE` degrees of longitude, so with
`road_factor` 1 and 60 km/h a place k km east of the depot is k km and k minutes away.
"""

from __future__ import annotations

import datetime as dt
import math

from engines.routing import Depot, Problem, Team, Visit, parse_hhmm
from engines.routing.distance import EARTH_RADIUS_KM

KM_PER_DEGREE = 2 * math.pi * EARTH_RADIUS_KM / 360
DAY1 = dt.date(2025, 6, 2)
DAY2 = dt.date(2025, 6, 3)


def east(km: float) -> tuple[float, float]:
    return (0.0, km / KM_PER_DEGREE)


def at(hhmm: str) -> int:
    return parse_hhmm(hhmm, "test")


def team(
    id: str = "t1",
    *,
    depot: str = "office",
    skills: frozenset[str] = frozenset(),
    days: tuple[dt.date, ...] = (DAY1,),
    hours: tuple[str, str] = ("08:00", "17:00"),
) -> Team:
    return Team(id, depot, skills, days, at(hours[0]), at(hours[1]))


def visit(
    id: str,
    km: float,
    *,
    minutes: int = 30,
    skills: frozenset[str] = frozenset(),
    window: tuple[str, str] | None = None,
    days: tuple[dt.date, ...] | None = None,
    priority: int = 0,
) -> Visit:
    return Visit(
        id,
        east(km),
        minutes,
        skills,
        None if window is None else (at(window[0]), at(window[1])),
        days,
        priority,
    )


def problem(teams: list[Team], visits: list[Visit]) -> Problem:
    return Problem(
        depots=(Depot("office", east(0)),),
        teams=tuple(teams),
        visits=tuple(visits),
        speed_kmh=60.0,
        road_factor=1.0,
    )
