"""API schemas of teams, visit plans, itineraries and outcomes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema

from saphan.promotion.schemas.catalog import ItemOut


class TeamOut(Schema):
    id: int
    office_code: str
    name: str
    members: list[str]
    start_office_code: str
    day_start: dt.time
    day_end: dt.time
    workdays: str
    active: bool

    @staticmethod
    def resolve_office_code(obj: Any) -> str:
        return str(obj.office.code)

    @staticmethod
    def resolve_start_office_code(obj: Any) -> str:
        return str(obj.start_office.code)

    @staticmethod
    def resolve_members(obj: Any) -> list[str]:
        return [m.username for m in obj.members.all()]


class TeamIn(Schema):
    office_code: str
    name: str
    members: list[str]
    start_office_code: str
    day_start: dt.time = dt.time(8, 30)
    day_end: dt.time = dt.time(16, 30)
    workdays: str = "01234"
    active: bool = True


class PlanIn(Schema):
    office_code: str
    name: str
    first_day: dt.date
    last_day: dt.date
    teams: list[int]
    run: bool = True


class PlanOut(Schema):
    id: int
    office_code: str
    name: str
    first_day: dt.date
    last_day: dt.date
    state: str
    job_id: str | None
    teams: list[int]
    requests_count: int
    unbundled_visits: int
    visits_count: int
    left_out_count: int
    km: Decimal
    travel_minutes: int
    distance_source: str
    error: str

    @staticmethod
    def resolve_office_code(obj: Any) -> str:
        return str(obj.office.code)

    @staticmethod
    def resolve_job_id(obj: Any) -> str | None:
        return str(obj.job_id) if obj.job_id else None

    @staticmethod
    def resolve_teams(obj: Any) -> list[int]:
        return [t.pk for t in obj.teams.all()]


class StopOut(Schema):
    visit_id: int
    order: int
    establishment_id: int
    establishment_name: str
    arrive: dt.time
    start: dt.time
    end: dt.time
    latitude: Decimal
    longitude: Decimal
    approximate_location: bool
    state: str
    requests: list[int]
    items: list[ItemOut]


class RouteOut(Schema):
    team_id: int
    day: dt.date
    depart: dt.time
    return_at: dt.time
    km: Decimal
    travel_minutes: int
    stops: list[StopOut]


class LeftOutOut(Schema):
    establishment_id: int
    requests: list[int]
    reason: str
    skills: list[str]  # for no_team_with_skills: the skills no (single) team has
    detail: str  # the engine's explanation, in English


class PlanFull(PlanOut):
    routes: list[RouteOut]
    left_out: list[LeftOutOut]

    # The endpoint puts the routes and what was left out on the plan it answers with.
    @staticmethod
    def resolve_routes(obj: Any) -> list[Any]:
        return list(obj.api_routes)

    @staticmethod
    def resolve_left_out(obj: Any) -> list[Any]:
        return list(obj.api_left_out)


class OutcomeIn(Schema):
    item_id: int
    outcome: str
    note: str = ""


class VisitRecordIn(Schema):
    took_place: bool = True
    outcomes: list[OutcomeIn] = []
    note: str = ""
