"""Reads for joint visits: teams and plans in scope, itineraries, and the routing problem a plan
asks the engine to solve (built here from the database; the engine knows nothing of Django)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engines.routing import Bundle, Depot, Problem, bundle, unbundled
from engines.routing import ServiceRequest as EngineRequest
from engines.routing import Team as EngineTeam
from saphan.core.models import Office, User
from saphan.core.scoping import Action
from saphan.promotion.models import (
    ItemOutcome,
    LeftOut,
    Plan,
    PlannedVisit,
    RequestItem,
    RequestState,
    Route,
    Skill,
    Team,
    TeamDayOff,
    VisitState,
)
from saphan.promotion.models.requests import TIME_WINDOWS, URGENCY_PRIORITY
from saphan.promotion.selectors.catalog import Place, centres, office_places, skills_of
from saphan.promotion.selectors.common import office_scoped
from saphan.registry.selectors import establishment_contacts

# Reasons the application itself gives before the engine (the engine's are in
# engines.routing.REASONS).
REASON_NO_LOCATION = "no_location"


def team_list_for_user(user: Any, action: Action = Action.VIEW) -> QuerySet[Team]:
    return (
        office_scoped(user, Team.objects.all(), action)
        .select_related("office", "start_office")
        .prefetch_related(Prefetch("members", queryset=User.objects.order_by("first_name")))
        .order_by("office__code", "name")
    )


def team_get_for_user(user: Any, pk: int, action: Action = Action.VIEW) -> Team:
    return team_list_for_user(user, action).get(pk=pk)


def team_skills(teams: list[Team]) -> dict[int, frozenset[str]]:
    """A team can give what any of its officers can."""
    members = {t.pk: [m.pk for m in t.members.all()] for t in teams}
    known = skills_of([uid for ids in members.values() for uid in ids])
    return {
        pk: frozenset().union(*(known.get(uid, frozenset()) for uid in ids))
        for pk, ids in members.items()
    }


def _plans_seen(user: Any, action: Action = Action.VIEW) -> QuerySet[Plan]:
    """Plans of offices in scope; and, to read, plans where one of the person's teams goes."""
    scoped = office_scoped(user, Plan.objects.all(), action).values("pk")
    if action is not Action.VIEW or getattr(user, "pk", None) is None:
        return Plan.objects.filter(pk__in=scoped)
    return Plan.objects.filter(Q(pk__in=scoped) | Q(teams__members=user.pk)).distinct()


def plan_list_for_user(user: Any) -> QuerySet[Plan]:
    return (
        _plans_seen(user)
        .select_related("office", "job")
        .prefetch_related("teams")
        .order_by("-first_day", "-id")
    )


def plan_get_for_user(user: Any, pk: int, action: Action = Action.VIEW) -> Plan:
    return (
        _plans_seen(user, action)
        .select_related("office", "job")
        .prefetch_related("teams__start_office")
        .get(pk=pk)
    )


def plan_routes(
    plan: Plan, team: Team | None = None, *, with_contacts: bool = False
) -> list[Route]:
    """Routes with their visits, establishments and services; `with_contacts` also fetches
    the establishments' contacts (the printed schedule shows them to those allowed)."""
    visits = (
        PlannedVisit.objects.select_related("establishment__province", "establishment__district")
        .prefetch_related(
            Prefetch("items", queryset=RequestItem.objects.select_related("service", "request"))
        )
        .order_by("order")
    )
    if with_contacts:
        visits = visits.prefetch_related("establishment__contacts")
    routes = plan.routes.select_related("team").prefetch_related(
        Prefetch("visits", queryset=visits)
    )
    if team is not None:
        routes = routes.filter(team=team)
    return list(routes.order_by("day", "team__name"))


def schedule_contacts(user: Any, routes: list[Route]) -> dict[int, str]:
    """A phone number per establishment on the routes, only where the person may see its
    contacts (the registry decides); routes from `plan_routes(..., with_contacts=True)`."""
    out: dict[int, str] = {}
    for route in routes:
        for visit in route.visits.all():
            est = visit.establishment
            if est.pk not in out:
                contacts = establishment_contacts(user, est)
                out[est.pk] = next((c.phone for c in contacts if c.phone), "")
    return out


def team_day_off_get(team: Team, pk: int) -> TeamDayOff:
    return TeamDayOff.objects.get(pk=pk, team=team)


def plan_left_out(plan: Plan) -> list[LeftOut]:
    return list(
        plan.left_out.select_related("establishment__province").prefetch_related("requests")
    )


@dataclass(frozen=True)
class LeftOutRow:
    row: LeftOut
    why: str  # in the language of the page


def left_out_reason(row: LeftOut, skill_names: dict[str, str]) -> str:
    """Why requests were left out, in the current language (the engine's `detail` is English,
    for the API and logs)."""
    if row.reason == "no_team_with_skills":
        codes = [c for c in row.skills.split(",") if c]
        if codes:
            return _("No team has every skill these services need: %(skills)s.") % {
                "skills": ", ".join(skill_names.get(c, c) for c in codes)
            }
    texts = {
        "no_team_with_skills": _("No team has every skill these services need."),
        "no_team_on_days": _("No team with the skills works on the days asked for."),
        "outside_working_hours": _(
            "It cannot fit in a working day, even alone: %(minutes)s minutes on site with the "
            "drive there and back."
        )
        % {"minutes": row.service_minutes},
        "no_time_left": _("The days it could go are full."),
        REASON_NO_LOCATION: _("The establishment has no location, nor located records nearby."),
    }
    return str(texts.get(row.reason, row.reason))


def left_out_rows(plan: Plan) -> list[LeftOutRow]:
    rows = plan_left_out(plan)
    names = {s.code: s.name for s in Skill.objects.all()}
    return [LeftOutRow(row, left_out_reason(row, names)) for row in rows]


def visit_get_for_user(user: Any, pk: int) -> PlannedVisit:
    """A visit of a plan the person sees (its office in scope), or of their own team."""
    plans = _plans_seen(user).values("pk")
    return (
        PlannedVisit.objects.filter(route__plan__in=plans)
        .select_related("route__team", "route__plan", "establishment__province")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=RequestItem.objects.select_related("service__working_group", "request"),
            )
        )
        .distinct()
        .get(pk=pk)
    )


def visits_of_user_on(user: Any, day: dt.date) -> int:
    return PlannedVisit.objects.filter(
        route__team__members=user, route__day=day, route__plan__state="ready"
    ).count()


# ---------------------------------------------------------------------------------------------
# The routing problem of a plan


@dataclass
class PlanInput:
    """What the engine is asked, and what the application needs to read its answer."""

    problem: Problem
    bundles: tuple[Bundle, ...]
    items: dict[str, RequestItem]  # engine request id → item
    establishments: dict[str, int]  # engine establishment key → establishment id
    locations: dict[int, tuple[float, float, bool]]  # establishment → lat, lon, approximate
    teams: dict[str, Team]
    left_out: list[tuple[int, list[RequestItem], str, str]] = field(default_factory=list)
    unbundled_visits: int = 0


class PlanNotReady(ValueError):
    """The plan cannot be solved as it stands; `field` and the message say what to fix."""

    def __init__(self, field: str, message: Any, **params: Any) -> None:
        super().__init__(str(message) % params if params else str(message))
        self.field, self.message, self.params = field, message, params


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def team_days(team: Team, plan: Plan) -> tuple[dt.date, ...]:
    off = {d.day for d in team.days_off.all()}
    return tuple(d for d in plan.days() if team.works_on(d) and d not in off)


def candidate_items(plan: Plan) -> list[RequestItem]:
    """Services still to give to establishments in the provinces of the plan's office: requests
    that are new, or in progress with services not yet delivered and no other visit planned,
    and whose preferred days (if any) meet the plan's period."""
    office = plan.office
    items = (
        RequestItem.objects.filter(
            Q(request__state__in=[RequestState.NEW, RequestState.IN_PROGRESS])
            # Planning again: what this plan had planned is planned anew.
            | Q(request__state=RequestState.PLANNED, visit__route__plan=plan),
            outcome__in=[ItemOutcome.PENDING, ItemOutcome.FOLLOW_UP, ItemOutcome.NOT_DONE],
        )
        .exclude(request__preferred_to__lt=plan.first_day)
        .exclude(request__preferred_from__gt=plan.last_day)
    )
    if not office.covers_all_provinces:
        items = items.filter(request__establishment__province__in=office.provinces.values("code"))
    # Already on a visit another plan still has to make.
    busy = PlannedVisit.objects.filter(state=VisitState.PLANNED).exclude(route__plan=plan)
    items = items.exclude(visit__in=busy)
    return list(
        items.select_related("request__establishment", "service__skill").order_by(
            "request__created_at", "request_id", "id"
        )
    )


def plan_input(plan: Plan, *, speed_kmh: float, road_factor: float) -> PlanInput:
    """The engine's problem for a plan: its teams from their start offices on their working
    days, and each establishment's open services bundled into joint visits."""
    teams = list(plan.teams.filter(active=True).prefetch_related("members", "days_off"))
    if not teams:
        raise PlanNotReady("teams", gettext_lazy("Choose at least one active team."))
    starts = office_places(
        list(
            Office.objects.filter(pk__in={t.start_office_id for t in teams})
            .select_related("subdistrict")
            .prefetch_related("provinces")
        )
    )
    skills = team_skills(teams)
    depots: dict[str, Depot] = {}
    engine_teams: list[EngineTeam] = []
    by_id: dict[str, Team] = {}
    for team in teams:
        place: Place | None = starts.get(team.start_office_id)
        if place is None:
            raise PlanNotReady(
                "teams",
                gettext_lazy(
                    "%(team)s starts from %(office)s, whose location is not known: set it on "
                    "the start points page."
                ),
                team=team.name,
                office=team.start_office.code,
            )
        depot_id = f"o{team.start_office_id}"
        depots[depot_id] = Depot(depot_id, (place.latitude, place.longitude))
        team_id = f"t{team.pk}"
        by_id[team_id] = team
        engine_teams.append(
            EngineTeam(
                id=team_id,
                depot=depot_id,
                skills=skills[team.pk],
                days=team_days(team, plan),
                day_start=_minutes(team.day_start),
                day_end=_minutes(team.day_end),
            )
        )
    items = candidate_items(plan)
    establishments = {i.request.establishment for i in items}
    centre = centres(
        districts=[e.district_id for e in establishments if e.district_id],
        provinces=[e.province_id for e in establishments],
    )
    locations: dict[int, tuple[float, float, bool]] = {}
    for est in establishments:
        if est.latitude is not None and est.longitude is not None:
            locations[est.pk] = (float(est.latitude), float(est.longitude), False)
        elif est.district_id and est.district_id in centre:
            locations[est.pk] = (*centre[est.district_id], True)
        elif est.province_id in centre:
            locations[est.pk] = (*centre[est.province_id], True)
    plan_days = set(plan.days())
    left: dict[int, list[RequestItem]] = defaultdict(list)
    requests: list[EngineRequest] = []
    by_item: dict[str, RequestItem] = {}
    for item in items:
        est = item.request.establishment
        if est.pk not in locations:
            left[est.pk].append(item)
            continue
        lat, lon, _approximate = locations[est.pk]
        request = item.request
        days = None
        if request.preferred_from or request.preferred_to:
            first = request.preferred_from or plan.first_day
            last = request.preferred_to or plan.last_day
            days = tuple(sorted(d for d in plan_days if first <= d <= last))
        key = f"i{item.pk}"
        by_item[key] = item
        requests.append(
            EngineRequest(
                id=key,
                establishment=f"e{est.pk}",
                location=(lat, lon),
                service_minutes=item.minutes,
                skill=item.service.skill.code,
                window=TIME_WINDOWS.get(request.preferred_time),
                days=days,
                priority=URGENCY_PRIORITY.get(request.urgency, 0),
            )
        )
    longest = max(t.day_end - t.day_start for t in engine_teams)
    bundles = bundle(requests, team_skills=[t.skills for t in engine_teams], max_minutes=longest)
    problem = Problem(
        depots=tuple(depots.values()),
        teams=tuple(engine_teams),
        visits=tuple(b.visit for b in bundles),
        speed_kmh=speed_kmh,
        road_factor=road_factor,
    )
    return PlanInput(
        problem=problem,
        bundles=bundles,
        items=by_item,
        establishments={f"e{e.pk}": e.pk for e in establishments},
        locations=locations,
        teams=by_id,
        left_out=[
            (est_id, its, REASON_NO_LOCATION, "no coordinates, nor located records nearby")
            for est_id, its in left.items()
        ],
        unbundled_visits=len(unbundled(requests)),
    )
