"""Joint-visit pages: teams, plans (made by a background job with progress), the plan's map
and what was left out, each team's itinerary per day (map, PDF, .ics) and visit outcomes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.core.errors import ApplicationError
from saphan.core.pdf import pdf_response
from saphan.core.scoping import Action
from saphan.promotion import documents
from saphan.promotion.forms import DayOffForm, PlanForm, TeamForm
from saphan.promotion.models import ItemOutcome, PlanState, Team
from saphan.promotion.selectors import planning as selectors
from saphan.promotion.selectors.catalog import office_places, officers_for
from saphan.promotion.selectors.common import offices_for
from saphan.promotion.services import planning as services
from saphan.promotion.services.common import office_allowed
from saphan.promotion.views.common import apply_errors, field_errors, found, page_of, run_action
from saphan.promotion.views.offices import office_for_new


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    teams = list(selectors.team_list_for_user(request.user))
    skills = selectors.team_skills(teams)
    return render(
        request,
        "promotion/team_list.html",
        {
            "rows": [(t, sorted(skills[t.pk])) for t in teams],
            "can_create": offices_for(request.user, Action.MANAGE).exists(),
        },
    )


@login_required
def team_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    team = (
        found(lambda: selectors.team_get_for_user(request.user, pk, Action.MANAGE)) if pk else None
    )
    office = team.office if team else office_for_new(request, Action.MANAGE)
    form = TeamForm(
        request.POST or None,
        instance=team,
        officers=officers_for(request.user, office),
        offices=offices_for(request.user, Action.VIEW),
        initial={} if team else {"start_office": office},
    )
    if request.method == "POST" and form.is_valid():
        members = list(form.cleaned_data["members"])
        try:
            if team is None:
                team = services.team_create(
                    user=request.user, office=office, data=form.team_data(), members=members
                )
            else:
                services.team_update(
                    user=request.user, team=team, data=form.team_data(), members=members
                )
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Team saved."))
            return redirect("promotion:team-edit", pk=team.pk)
    return render(
        request,
        "promotion/team_form.html",
        {
            "form": form,
            "team": team,
            "office": office,
            "day_off_form": DayOffForm(),
            "days_off": list(team.days_off.all()) if team else [],
        },
    )


@login_required
@require_POST
def team_day_off(request: HttpRequest, pk: int) -> HttpResponse:
    team = found(lambda: selectors.team_get_for_user(request.user, pk, Action.MANAGE))
    remove = request.POST.get("remove", "")
    if remove.isdigit():
        day_off = found(lambda: selectors.team_day_off_get(team, int(remove)))
        run_action(
            request,
            lambda: services.team_day_off_remove(user=request.user, day_off=day_off),
            _("Day off removed."),
        )
        return redirect("promotion:team-edit", pk=team.pk)
    form = DayOffForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            lambda: services.team_day_off_add(user=request.user, team=team, **form.cleaned_data),
            _("Day off added."),
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("promotion:team-edit", pk=team.pk)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plan_list_for_user(request.user)
    return render(
        request,
        "promotion/plan_list.html",
        {
            "page": page_of(request, plans),
            "can_create": offices_for(request.user, Action.CHANGE).exists(),
        },
    )


@login_required
def plan_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    plan = (
        found(lambda: selectors.plan_get_for_user(request.user, pk, Action.CHANGE)) if pk else None
    )
    office = plan.office if plan else office_for_new(request, Action.CHANGE)
    teams = selectors.team_list_for_user(request.user).filter(active=True)
    initial: dict[str, Any] = {}
    if plan is not None:
        initial = {
            "name": plan.name,
            "first_day": plan.first_day,
            "last_day": plan.last_day,
            "teams": list(plan.teams.all()),
        }
    form = PlanForm(request.POST or None, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.PLAN_FIELDS}
        chosen = list(form.cleaned_data["teams"])
        try:
            if plan is None:
                plan = services.plan_create(
                    user=request.user, office=office, data=data, teams=chosen
                )
            else:
                services.plan_update(user=request.user, plan=plan, data=data, teams=chosen)
            if request.POST.get("run"):
                services.plan_run(user=request.user, plan=plan)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(plan.get_absolute_url())
    return render(
        request, "promotion/plan_form.html", {"form": form, "plan": plan, "office": office}
    )


def _map_data(routes: list[Any], depots: dict[int, Any]) -> dict[str, Any]:
    """Routes for Leaflet: the depot, the stops in order, per team-day."""
    data: dict[str, Any] = {"routes": []}
    for route in routes:
        depot = depots.get(route.team.start_office_id)
        data["routes"].append(
            {
                "team": route.team.name,
                "team_id": route.team_id,
                "day": route.day.isoformat(),
                "depot": [depot.latitude, depot.longitude] if depot else None,
                "stops": [
                    {
                        "n": v.order,
                        "lat": float(v.latitude),
                        "lon": float(v.longitude),
                        "name": v.establishment.name_th,
                        "time": f"{v.start:%H:%M}–{v.end:%H:%M}",
                        "approximate": v.approximate_location,
                        "url": v.get_absolute_url(),
                    }
                    for v in route.visits.all()
                ],
            }
        )
    return data


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = found(lambda: selectors.plan_get_for_user(request.user, pk))
    routes = selectors.plan_routes(plan)
    teams = list(plan.teams.all())
    depots = office_places([t.start_office for t in teams])
    by_team: dict[int, list[Any]] = {t.pk: [] for t in teams}
    for route in routes:
        by_team.setdefault(route.team_id, []).append(route)
    saved = plan.unbundled_visits - plan.visits_count - plan.left_out_count
    return render(
        request,
        "promotion/plan_detail.html",
        {
            "plan": plan,
            "teams": [(t, by_team.get(t.pk, [])) for t in teams],
            "left_out": selectors.left_out_rows(plan),
            "map_data": _map_data(routes, depots),
            "map_tiles": settings.SAPHAN_MAP_TILES,
            "map_attribution": settings.SAPHAN_MAP_ATTRIBUTION,
            "can_change": office_allowed(request.user, plan.office, Action.CHANGE),
            "saved_visits": max(saved, 0),
            "running": plan.state == PlanState.RUNNING,
        },
    )


@login_required
def plan_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled by the plan page while the job runs; reloads the page when it is done."""
    plan = found(lambda: selectors.plan_get_for_user(request.user, pk))
    if plan.state != PlanState.RUNNING:
        response = HttpResponse("")
        response["HX-Refresh"] = "true"
        return response
    return render(request, "promotion/partials/plan_progress.html", {"plan": plan})


@login_required
@require_POST
def plan_run(request: HttpRequest, pk: int) -> HttpResponse:
    plan = found(lambda: selectors.plan_get_for_user(request.user, pk, Action.CHANGE))
    run_action(
        request,
        lambda: services.plan_run(user=request.user, plan=plan),
        _("Planning started."),
    )
    return redirect(plan.get_absolute_url())


@login_required
@require_POST
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = found(lambda: selectors.plan_get_for_user(request.user, pk, Action.CHANGE))
    if run_action(
        request,
        lambda: services.plan_delete(user=request.user, plan=plan),
        _("Plan deleted; its requests wait for the next plan."),
    ):
        return redirect("promotion:plan-list")
    return redirect(plan.get_absolute_url())


def _team_of_plan(
    request: HttpRequest, pk: int, team_pk: int, *, with_contacts: bool = False
) -> tuple[Any, Team, list[Any]]:
    plan = found(lambda: selectors.plan_get_for_user(request.user, pk))
    team = next((t for t in plan.teams.all() if t.pk == team_pk), None)
    if team is None:
        raise Http404
    return plan, team, selectors.plan_routes(plan, team, with_contacts=with_contacts)


@login_required
def itinerary(request: HttpRequest, pk: int, team_pk: int) -> HttpResponse:
    plan, team, routes = _team_of_plan(request, pk, team_pk)
    wanted = request.GET.get("day", "")
    day_route = next(
        (r for r in routes if r.day.isoformat() == wanted), routes[0] if routes else None
    )
    depots = office_places([team.start_office])
    return render(
        request,
        "promotion/itinerary.html",
        {
            "plan": plan,
            "team": team,
            "routes": routes,
            "route": day_route,
            "day_heading": documents.day_heading(day_route.day) if day_route else "",
            "map_data": _map_data([day_route] if day_route else [], depots),
            "map_tiles": settings.SAPHAN_MAP_TILES,
            "map_attribution": settings.SAPHAN_MAP_ATTRIBUTION,
        },
    )


@login_required
def itinerary_pdf(request: HttpRequest, pk: int, team_pk: int) -> HttpResponse:
    plan, team, routes = _team_of_plan(request, pk, team_pk, with_contacts=True)
    contacts = selectors.schedule_contacts(request.user, routes)
    content = documents.schedule_pdf(plan, team, routes, contacts)
    return pdf_response(content, f"schedule-{plan.pk}-{team.pk}.pdf")


@login_required
def itinerary_ics(request: HttpRequest, pk: int, team_pk: int) -> HttpResponse:
    plan, team, routes = _team_of_plan(request, pk, team_pk)
    response = HttpResponse(
        documents.schedule_ics(plan, team, routes), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="visits-{plan.pk}-{team.pk}.ics"'
    return response


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = found(lambda: selectors.visit_get_for_user(request.user, pk))
    items = list(visit.items.all())
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        took_place = request.POST.get("took_place", "yes") == "yes"
        outcomes = {
            i.pk: (request.POST.get(f"outcome-{i.pk}", ""), request.POST.get(f"note-{i.pk}", ""))
            for i in items
            if request.POST.get(f"outcome-{i.pk}")
        }
        try:
            services.visit_record(
                user=request.user,
                visit=visit,
                took_place=took_place,
                outcomes=outcomes,
                note=request.POST.get("note", ""),
            )
        except ApplicationError as exc:
            if exc.status == 403:
                raise PermissionDenied from exc
            errors = field_errors(exc)
        else:
            messages.success(request, _("Outcome recorded."))
            return redirect(visit.get_absolute_url())
    route = visit.route
    return render(
        request,
        "promotion/visit_detail.html",
        {
            "visit": visit,
            "route": route,
            "items": items,
            "errors": errors,
            "outcomes": [(v, lbl) for v, lbl in ItemOutcome.choices if v != ItemOutcome.PENDING],
            "can_record": services.visit_may_record(request.user, visit)
            and route.plan.state == PlanState.READY,
            "itinerary_url": reverse("promotion:itinerary", args=[route.plan_id, route.team_id])
            + f"?day={route.day.isoformat()}",
            "day_heading": documents.day_heading(route.day),
        },
    )
