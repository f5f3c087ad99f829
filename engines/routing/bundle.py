"""Joint visits: bundle each establishment's open service requests into as few visits as can be.

The brief's joint service: the working groups visit an establishment together and solve several
problems in one visit. A bundled visit lasts the sum of its requests' service minutes, needs
the union of their skills, and keeps only the times every request allows (the intersection of
their windows and of their days). Requests are split over more than one visit only when they
cannot go together: no common day, windows too short for the summed service, a day's budget
(`max_minutes`) exceeded, or — when the teams are known — no single team with all the skills.
Among the splits, the one with fewest visits is chosen (exact search up to `EXACT_UP_TO`
requests per establishment, first fit beyond; real establishments have a handful). A visit's
priority is the highest of its requests': an urgent request makes its whole visit urgent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from engines.routing.model import Location, Visit

EXACT_UP_TO = 8


@dataclass(frozen=True, slots=True)
class ServiceRequest:
    """One open request of one establishment, served by the working group with `skill`.
    `window` is minutes after midnight; `days`, when given, the only days it may be served;
    `priority` as a visit's (0 by default; higher is more urgent)."""

    id: str
    establishment: str
    location: Location
    service_minutes: int
    skill: str
    window: tuple[int, int] | None = None
    days: tuple[dt.date, ...] | None = None
    priority: int = 0


@dataclass(frozen=True, slots=True)
class Bundle:
    """A visit and the requests it serves (to move each request along once it is done)."""

    visit: Visit
    requests: tuple[str, ...]


@dataclass(slots=True)
class _Group:
    members: list[ServiceRequest]
    minutes: int
    skills: frozenset[str]
    window: tuple[int, int] | None
    days: frozenset[dt.date] | None


def bundle(
    requests: Iterable[ServiceRequest],
    *,
    team_skills: Iterable[frozenset[str]] | None = None,
    max_minutes: int | None = None,
) -> tuple[Bundle, ...]:
    """One visit per establishment where the requests allow it (see the module docstring).

    Establishments come out in the order of their first request, requests in input order. A
    visit's id is the establishment's id, or `"<establishment>/<k>"` (k = 1, 2, …) when its
    requests need several visits. Raises `ValueError` for a repeated request id or an
    establishment given two locations."""
    teams = None if team_skills is None else [frozenset(s) for s in team_skills]
    by_establishment: dict[str, list[ServiceRequest]] = {}
    seen: set[str] = set()
    for request in requests:
        if request.id in seen:
            raise ValueError(f"request {request.id!r} is listed twice")
        seen.add(request.id)
        same_place = by_establishment.setdefault(request.establishment, [])
        if same_place and same_place[0].location != request.location:
            raise ValueError(
                f"request {request.id!r}: establishment {request.establishment!r} is at "
                f"{same_place[0].location}, not {request.location}"
            )
        same_place.append(request)
    bundles: list[Bundle] = []
    for establishment, items in by_establishment.items():
        groups = _partition(items, teams, max_minutes)
        for k, group in enumerate(groups, start=1):
            visit_id = establishment if len(groups) == 1 else f"{establishment}/{k}"
            bundles.append(_bundle(visit_id, group))
    return tuple(bundles)


def unbundled(requests: Iterable[ServiceRequest]) -> tuple[Bundle, ...]:
    """One visit per request, as each working group plans alone (the comparison baseline)."""
    return tuple(_bundle(r.id, _join(None, r)) for r in requests)


def _bundle(visit_id: str, group: _Group) -> Bundle:
    first = group.members[0]
    visit = Visit(
        id=visit_id,
        location=first.location,
        service_minutes=group.minutes,
        skills=group.skills,
        window=group.window,
        days=None if group.days is None else tuple(sorted(group.days)),
        priority=max(r.priority for r in group.members),
    )
    return Bundle(visit=visit, requests=tuple(r.id for r in group.members))


def _join(group: _Group | None, request: ServiceRequest) -> _Group:
    """The group with `request` added (a new group when `group` is None); not checked."""
    days = None if request.days is None else frozenset(request.days)
    if group is None:
        skills = frozenset({request.skill})
        return _Group([request], request.service_minutes, skills, request.window, days)
    window = group.window
    if request.window is not None:
        if window is None:
            window = request.window
        else:
            window = (max(window[0], request.window[0]), min(window[1], request.window[1]))
    if group.days is not None:
        days = group.days if days is None else group.days & days
    return _Group(
        [*group.members, request],
        group.minutes + request.service_minutes,
        group.skills | {request.skill},
        window,
        days,
    )


def _valid(group: _Group, teams: Sequence[frozenset[str]] | None, max_minutes: int | None) -> bool:
    if len(group.members) == 1:
        return True  # a request alone is always its own visit; the planner explains the rest
    if group.window is not None and group.window[1] - group.window[0] < group.minutes:
        return False
    if group.days is not None and not group.days:
        return False
    if max_minutes is not None and group.minutes > max_minutes:
        return False
    return teams is None or any(group.skills <= skills for skills in teams)


def _partition(
    items: list[ServiceRequest], teams: Sequence[frozenset[str]] | None, max_minutes: int | None
) -> list[_Group]:
    if len(items) > EXACT_UP_TO:
        return _first_fit(items, teams, max_minutes)
    # Adding a request only tightens a group, so an invalid group stays invalid: backtracking
    # over "join an existing group or open a new one" with k groups at most finds the fewest.
    for k in range(1, len(items) + 1):
        found = _assign(items, 0, [], k, teams, max_minutes)
        if found is not None:
            return found
    raise AssertionError("one request per visit is always valid")


def _assign(
    items: list[ServiceRequest],
    i: int,
    groups: list[_Group],
    k: int,
    teams: Sequence[frozenset[str]] | None,
    max_minutes: int | None,
) -> list[_Group] | None:
    if i == len(items):
        return groups
    request = items[i]
    for g, group in enumerate(groups):
        joined = _join(group, request)
        if _valid(joined, teams, max_minutes):
            found = _assign(
                items, i + 1, [*groups[:g], joined, *groups[g + 1 :]], k, teams, max_minutes
            )
            if found is not None:
                return found
    if len(groups) < k:
        return _assign(items, i + 1, [*groups, _join(None, request)], k, teams, max_minutes)
    return None


def _first_fit(
    items: list[ServiceRequest], teams: Sequence[frozenset[str]] | None, max_minutes: int | None
) -> list[_Group]:
    groups: list[_Group] = []
    for request in items:
        for g, group in enumerate(groups):
            joined = _join(group, request)
            if _valid(joined, teams, max_minutes):
                groups[g] = joined
                break
        else:
            groups.append(_join(None, request))
    return groups
