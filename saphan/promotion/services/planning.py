"""Writes for joint visits: teams and their days off, plans (create, run as a job, save the
engine's answer, release, delete) and the outcome of each service on a visit, which moves its
request along."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engines.routing import Result
from engines.routing.model import REASON_SKILLS
from saphan.core.errors import ApplicationError
from saphan.core.jobs import job_start
from saphan.core.models import ROLE_RANK, Membership, Office, User
from saphan.core.scoping import Action, scope_for
from saphan.promotion.models import (
    ItemOutcome,
    LeftOut,
    Plan,
    PlannedVisit,
    PlanState,
    RequestItem,
    RequestState,
    Route,
    ServiceRequest,
    Team,
    TeamDayOff,
    VisitState,
)
from saphan.promotion.selectors.planning import PlanInput
from saphan.promotion.services.common import (
    assign,
    clean,
    forbidden,
    invalid,
    office_allowed,
    require_office,
    unknown_fields,
)
from saphan.promotion.services.requests import request_move, request_progress

TEAM_FIELDS = ("name", "start_office", "day_start", "day_end", "workdays", "active")
PLAN_FIELDS = ("name", "first_day", "last_day")
MAX_PLAN_DAYS = 31
JOB_KIND = "promotion.plan"


def _check_members(user: Any, members: list[User], team_office: Office) -> None:
    if not members:
        raise invalid("members", _("A team needs at least one officer."), "required")
    officer_ranks = [r for r, rank in ROLE_RANK.items() if rank >= ROLE_RANK["officer"]]
    offices = Membership.objects.filter(
        user__in=members, role__in=officer_ranks, user__is_active=True
    ).values_list("user_id", "office_id")
    # Joint service: besides officers of offices in the person's scope, officers of an office
    # covering one of the team office's provinces (the province's regional center) may join.
    provinces = team_office.provinces.all()
    covering = set(Office.objects.filter(provinces__in=provinces).values_list("pk", flat=True))
    allowed: set[int] = set()
    for user_id, office_id in offices:
        if office_id in covering or office_allowed(user, office_id, Action.VIEW):
            allowed.add(user_id)
    strangers = [m.get_full_name() or m.username for m in members if m.pk not in allowed]
    if strangers:
        raise invalid(
            "members",
            _("Not officers of an office in your scope: %(names)s"),
            "not_officer",
            names=", ".join(strangers),
        )


def _check_team(user: Any, team: Team) -> None:
    clean(team, exclude=["office"])
    if team.day_end <= team.day_start:
        raise invalid("day_end", _("The working day must end after it starts."), "time_order")
    if not office_allowed(user, team.start_office, Action.VIEW):
        raise invalid("start_office", _("Choose an office in your scope."), "out_of_scope")


@transaction.atomic
def team_create(*, user: Any, office: Office, data: dict[str, Any], members: list[User]) -> Team:
    require_office(user, office, Action.MANAGE)
    unknown_fields(data, TEAM_FIELDS)
    team = Team(office=office, **data)
    _check_team(user, team)
    _check_members(user, members, office)
    team.save()
    team.members.set(members)
    return team


@transaction.atomic
def team_update(
    *, user: Any, team: Team, data: dict[str, Any], members: list[User] | None = None
) -> Team:
    require_office(user, team.office_id, Action.MANAGE)
    unknown_fields(data, TEAM_FIELDS)
    changed = assign(team, data)
    _check_team(user, team)
    if changed:
        team.save(update_fields=changed)
    if members is not None:
        _check_members(user, members, team.office)
        team.members.set(members)
    return team


@transaction.atomic
def team_day_off_add(*, user: Any, team: Team, day: dt.date, note: str = "") -> TeamDayOff:
    require_office(user, team.office_id, Action.MANAGE)
    off, _created = TeamDayOff.objects.get_or_create(team=team, day=day, defaults={"note": note})
    return off


@transaction.atomic
def team_day_off_remove(*, user: Any, day_off: TeamDayOff) -> None:
    require_office(user, day_off.team.office_id, Action.MANAGE)
    day_off.delete()


def _check_plan(user: Any, plan: Plan, teams: list[Team]) -> None:
    clean(plan, exclude=["office", "job", "created_by"])
    if plan.last_day < plan.first_day:
        raise invalid("last_day", _("The last day is before the first."), "date_order")
    if (plan.last_day - plan.first_day).days + 1 > MAX_PLAN_DAYS:
        raise invalid(
            "last_day", _("A plan covers at most %(days)s days."), "too_long", days=MAX_PLAN_DAYS
        )
    if not teams:
        raise invalid("teams", _("Choose at least one team."), "required")
    for team in teams:
        if not team.active or not office_allowed(user, team.office_id, Action.VIEW):
            raise invalid(
                "teams", _("%(team)s cannot go on this plan."), "team_unavailable", team=team.name
            )


def _has_outcomes(plan: Plan) -> bool:
    return (
        RequestItem.objects.filter(visit__route__plan=plan)
        .exclude(outcome=ItemOutcome.PENDING)
        .exists()
        or PlannedVisit.objects.filter(route__plan=plan).exclude(state=VisitState.PLANNED).exists()
    )


@transaction.atomic
def plan_create(*, user: Any, office: Office, data: dict[str, Any], teams: list[Team]) -> Plan:
    require_office(user, office, Action.CHANGE)
    unknown_fields(data, PLAN_FIELDS)
    plan = Plan(office=office, created_by=user, **data)
    _check_plan(user, plan, teams)
    plan.save()
    plan.teams.set(teams)
    return plan


@transaction.atomic
def plan_update(*, user: Any, plan: Plan, data: dict[str, Any], teams: list[Team]) -> Plan:
    require_office(user, plan.office_id, Action.CHANGE)
    unknown_fields(data, PLAN_FIELDS)
    if plan.state == PlanState.RUNNING:
        raise ApplicationError(
            _("The plan is being made: wait for it."), code="plan_running", status=409
        )
    changed = assign(plan, data)
    _check_plan(user, plan, teams)
    if changed:
        plan.save(update_fields=changed)
    plan.teams.set(teams)
    return plan


@transaction.atomic
def plan_run(*, user: Any, plan: Plan) -> Plan:
    """Queue the planning job; the page follows its progress."""
    require_office(user, plan.office_id, Action.CHANGE)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.state == PlanState.RUNNING:
        raise ApplicationError(
            _("The plan is being made: wait for it."), code="plan_running", status=409
        )
    if _has_outcomes(plan):
        raise ApplicationError(
            _("Outcomes are recorded on this plan's visits: make a new plan instead."),
            code="plan_has_outcomes",
            status=409,
        )
    job = job_start(
        kind=JOB_KIND,
        params={"plan_id": plan.pk},
        user=user,
        office=plan.office,
        message=str(_("Waiting for the planner")),
    )
    plan.state, plan.job, plan.error = PlanState.RUNNING, job, ""
    plan.save(update_fields=["state", "job", "error"])
    return plan


def plan_release(plan: Plan) -> None:
    """Undo a plan's result: its services are unplanned and requests planned only by it are
    new again."""
    RequestItem.objects.filter(visit__route__plan=plan, outcome=ItemOutcome.PENDING).update(
        visit=None
    )
    planned = ServiceRequest.objects.filter(
        planned_visits__route__plan=plan, state=RequestState.PLANNED
    ).distinct()
    for request in planned:
        others = request.planned_visits.exclude(route__plan=plan).filter(state=VisitState.PLANNED)
        if not others.exists():
            request_move(request, RequestState.NEW)
    plan.routes.all().delete()
    plan.left_out.all().delete()


def _time(minutes: int) -> dt.time:
    minutes = max(0, min(minutes, 24 * 60 - 1))
    return dt.time(minutes // 60, minutes % 60)


@transaction.atomic
def plan_result_save(*, plan: Plan, given: PlanInput, result: Result) -> Plan:
    """Keep the engine's answer: routes, visits with the services they give, what was left out
    and why; requests planned move to "planned"."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    plan_release(plan)
    bundles = {b.visit.id: b for b in given.bundles}
    moved: set[int] = set()
    for r in result.routes:
        route = Route.objects.create(
            plan=plan,
            team=given.teams[r.team],
            day=r.day,
            depart=_time(r.depart),
            return_at=_time(r.return_at),
            km=Decimal(str(r.km)),
            travel_minutes=r.travel_minutes,
        )
        for order, stop in enumerate(r.stops, start=1):
            found = bundles[stop.visit]
            est_id = given.establishments[stop.visit.split("/")[0]]
            lat, lon, approximate = given.locations[est_id]
            items = [given.items[key] for key in found.requests]
            visit = PlannedVisit.objects.create(
                route=route,
                order=order,
                establishment_id=est_id,
                arrive=_time(stop.arrive),
                start=_time(stop.start),
                end=_time(stop.end),
                service_minutes=found.visit.service_minutes,
                approximate_location=approximate,
                latitude=Decimal(str(round(lat, 6))),
                longitude=Decimal(str(round(lon, 6))),
            )
            visit.requests.set(sorted({i.request_id for i in items}))
            RequestItem.objects.filter(pk__in=[i.pk for i in items]).update(visit=visit)
            moved.update(i.request_id for i in items)
    left = 0
    team_skills = frozenset().union(*(t.skills for t in given.problem.teams))
    for u in result.unassigned:
        found = bundles[u.visit]
        items = [given.items[key] for key in found.requests]
        missing = ""
        if u.reason == REASON_SKILLS:
            # The skills nobody has; or, when each is somewhere, all those no single team has.
            missing = ",".join(sorted(found.visit.skills - team_skills or found.visit.skills))
        row = LeftOut.objects.create(
            plan=plan,
            establishment_id=given.establishments[u.visit.split("/")[0]],
            reason=u.reason,
            detail=u.detail[:400],
            skills=missing[:200],
            service_minutes=found.visit.service_minutes,
        )
        row.requests.set(sorted({i.request_id for i in items}))
        left += 1
    for est_id, items, reason, detail in given.left_out:
        row = LeftOut.objects.create(
            plan=plan,
            establishment_id=est_id,
            reason=reason,
            detail=detail,
            service_minutes=sum(i.minutes for i in items),
        )
        row.requests.set(sorted({i.request_id for i in items}))
        left += 1
    for request in ServiceRequest.objects.filter(pk__in=moved, state=RequestState.NEW):
        request_move(request, RequestState.PLANNED)
    considered = {i.request_id for i in given.items.values()}
    considered |= {i.request_id for _e, items, _r, _d in given.left_out for i in items}
    plan.state = PlanState.READY
    plan.requests_count = len(considered)
    plan.unbundled_visits = given.unbundled_visits + sum(len(x[1]) for x in given.left_out)
    plan.visits_count = result.visits
    plan.left_out_count = left
    plan.km = Decimal(str(result.km))
    plan.travel_minutes = result.travel_minutes
    plan.stopped_by = result.stopped_by
    plan.planned_at = timezone.now()
    plan.error = ""
    plan.save()
    return plan


def plan_failed(plan: Plan, error: str) -> None:
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.FAILED, error=error[:2000])


def plan_stopped(plan: Plan) -> None:
    """A cancelled run leaves the plan as it was before."""
    state = PlanState.READY if plan.routes.exists() else PlanState.DRAFT
    Plan.objects.filter(pk=plan.pk).update(state=state)


@transaction.atomic
def plan_delete(*, user: Any, plan: Plan) -> None:
    require_office(user, plan.office_id, Action.CHANGE)
    if plan.state == PlanState.RUNNING:
        raise ApplicationError(
            _("The plan is being made: wait for it."), code="plan_running", status=409
        )
    if _has_outcomes(plan):
        raise ApplicationError(
            _("Outcomes are recorded on this plan's visits: it is kept as the record."),
            code="plan_has_outcomes",
            status=409,
        )
    plan_release(plan)
    plan.delete()


def visit_may_record(user: Any, visit: PlannedVisit) -> bool:
    """The team's officers and officers of the establishment's province record outcomes."""
    if user.pk is not None and visit.route.team.members.filter(pk=user.pk).exists():
        return True
    return scope_for(user).allows(visit.establishment.province_id, Action.CHANGE)


@transaction.atomic
def visit_record(
    *,
    user: Any,
    visit: PlannedVisit,
    took_place: bool,
    outcomes: dict[int, tuple[str, str]] | None = None,
    note: str = "",
) -> PlannedVisit:
    """What came of a visit: each service's outcome (delivered, needs another visit, not done);
    requests move to "in progress", and to "delivered" once all their services are. A visit
    that did not take place frees its requests for the next plan."""
    if not visit_may_record(user, visit):
        raise forbidden()
    if visit.route.plan.state != PlanState.READY:
        raise ApplicationError(_("This plan is not ready."), code="plan_not_ready", status=409)
    visit.note = note.strip()
    items = list(visit.items.select_related("request"))
    if not took_place:
        if any(i.outcome != ItemOutcome.PENDING for i in items):
            raise invalid(
                "took_place",
                _("Outcomes are recorded on this visit: it took place."),
                "outcomes_recorded",
            )
        visit.state = VisitState.MISSED
        visit.save(update_fields=["state", "note"])
        for request in {i.request for i in items}:
            still = request.planned_visits.filter(state=VisitState.PLANNED).exists()
            if request.state == RequestState.PLANNED and not still:
                request_move(request, RequestState.NEW)
        return visit
    outcomes = outcomes or {}
    allowed = {ItemOutcome.DELIVERED, ItemOutcome.FOLLOW_UP, ItemOutcome.NOT_DONE}
    now = timezone.now()
    for item in items:
        if item.pk not in outcomes or not item.request.is_open:
            continue
        outcome, item_note = outcomes[item.pk]
        if outcome not in allowed:
            raise invalid(
                f"outcome-{item.pk}",
                _("Choose what came of %(service)s."),
                "required",
                service=item.service.name_th,
            )
        item.outcome, item.note = outcome, item_note.strip()
        item.recorded_at, item.recorded_by = now, user
        item.save(update_fields=["outcome", "note", "recorded_at", "recorded_by"])
    if not any(i.outcome != ItemOutcome.PENDING for i in items):
        raise invalid("outcomes", _("Record the outcome of at least one service."), "required")
    visit.state = VisitState.DONE
    visit.save(update_fields=["state", "note"])
    for request in {i.request_id: i.request for i in items}.values():
        request.refresh_from_db()
        if request.is_open:
            request_progress(request)
    return visit
