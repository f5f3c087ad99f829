"""Endpoints of teams, visit plans (made by a background job), itineraries and outcomes."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from saphan.core.scoping import Action
from saphan.promotion.api.common import office_of, one, users_of
from saphan.promotion.models import Plan
from saphan.promotion.schemas import PlanFull, PlanIn, PlanOut, TeamIn, TeamOut, VisitRecordIn
from saphan.promotion.selectors import planning as selectors
from saphan.promotion.services import planning as services

router = Router(tags=["promotion"])


@router.get("/teams", response=list[TeamOut])
@paginate(PageNumberPagination, page_size=100)
def team_list(request: HttpRequest) -> Any:
    return selectors.team_list_for_user(request.user)


@router.post("/teams", response={201: TeamOut})
def team_create(request: HttpRequest, payload: TeamIn) -> Any:
    """Managers make teams of officers of offices in their scope."""
    data = payload.dict(exclude={"office_code", "members", "start_office_code"})
    data["start_office"] = office_of(payload.start_office_code, "start_office_code")
    team = services.team_create(
        user=request.user,
        office=office_of(payload.office_code),
        data=data,
        members=users_of(payload.members, "members"),
    )
    return Status(201, selectors.team_get_for_user(request.user, team.pk))


def _full(plan: Plan) -> Plan:
    """The plan with `api_routes` and `api_left_out` for PlanFull."""
    routes = selectors.plan_routes(plan)
    plan.api_routes = [  # type: ignore[attr-defined]
        {
            "team_id": r.team_id,
            "day": r.day,
            "depart": r.depart,
            "return_at": r.return_at,
            "km": r.km,
            "travel_minutes": r.travel_minutes,
            "stops": [
                {
                    "visit_id": v.pk,
                    "order": v.order,
                    "establishment_id": v.establishment_id,
                    "establishment_name": v.establishment.name_th,
                    "arrive": v.arrive,
                    "start": v.start,
                    "end": v.end,
                    "latitude": v.latitude,
                    "longitude": v.longitude,
                    "approximate_location": v.approximate_location,
                    "state": v.state,
                    "requests": sorted({i.request_id for i in v.items.all()}),
                    "items": list(v.items.all()),
                }
                for v in r.visits.all()
            ],
        }
        for r in routes
    ]
    plan.api_left_out = [  # type: ignore[attr-defined]
        {
            "establishment_id": row.establishment_id,
            "requests": [r.pk for r in row.requests.all()],
            "reason": row.reason,
            "skills": [c for c in row.skills.split(",") if c],
            "detail": row.detail,
        }
        for row in selectors.plan_left_out(plan)
    ]
    return plan


@router.get("/plans", response=list[PlanOut])
@paginate(PageNumberPagination, page_size=50)
def plan_list(request: HttpRequest) -> Any:
    return selectors.plan_list_for_user(request.user)


@router.post("/plans", response={202: PlanOut, 201: PlanOut})
def plan_create(request: HttpRequest, payload: PlanIn) -> Any:
    """A plan for a period and teams; with `run` (default) the planning job starts at once:
    follow it at /plans/{id} (state) or /jobs/{job_id} (progress)."""
    teams = [
        one(selectors.team_list_for_user(request.user), "teams", pk, pk=pk) for pk in payload.teams
    ]
    plan = services.plan_create(
        user=request.user,
        office=office_of(payload.office_code),
        data={"name": payload.name, "first_day": payload.first_day, "last_day": payload.last_day},
        teams=teams,
    )
    if payload.run:
        services.plan_run(user=request.user, plan=plan)
    return Status(202 if payload.run else 201, selectors.plan_get_for_user(request.user, plan.pk))


@router.get("/plans/{pk}", response=PlanFull)
def plan_detail(request: HttpRequest, pk: int) -> Any:
    """The plan with each team-day's route, its stops and their services, and what was left
    out with the reason (no_team_with_skills, no_team_on_days, outside_working_hours,
    no_time_left, no_location)."""
    return _full(selectors.plan_get_for_user(request.user, pk))


@router.post("/plans/{pk}/run", response={202: PlanOut})
def plan_run(request: HttpRequest, pk: int) -> Any:
    plan = selectors.plan_get_for_user(request.user, pk, Action.CHANGE)
    services.plan_run(user=request.user, plan=plan)
    return Status(202, selectors.plan_get_for_user(request.user, pk))


@router.delete("/plans/{pk}", response={204: None})
def plan_delete(request: HttpRequest, pk: int) -> Any:
    services.plan_delete(
        user=request.user, plan=selectors.plan_get_for_user(request.user, pk, Action.CHANGE)
    )
    return Status(204, None)


@router.post("/visits/{pk}/outcome", response=PlanFull)
def visit_record(request: HttpRequest, pk: int, payload: VisitRecordIn) -> Any:
    """What came of a visit; each service's outcome moves its request along."""
    visit = selectors.visit_get_for_user(request.user, pk)
    services.visit_record(
        user=request.user,
        visit=visit,
        took_place=payload.took_place,
        note=payload.note,
        outcomes={o.item_id: (o.outcome, o.note) for o in payload.outcomes},
    )
    return _full(Plan.objects.select_related("office").get(pk=visit.route.plan_id))
