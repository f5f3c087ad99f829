"""The planning job: build the plan's problem, solve it with engines.routing (progress shown,
cancel honoured), keep the answer."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engines.routing import DistanceError, GreatCircle, OsrmTable, Progress, TravelSource, solve
from saphan.core.jobs import JobCancelled, JobContext, job_handler
from saphan.promotion.models import Plan
from saphan.promotion.selectors.planning import PlanNotReady, plan_input
from saphan.promotion.services.planning import (
    JOB_KIND,
    plan_failed,
    plan_result_save,
    plan_stopped,
)


def travel_source() -> tuple[TravelSource, str]:
    """OSRM's table service when SAPHAN_PROMOTION_OSRM_URL is set, else great-circle × road
    factor; and how to name it on the plan."""
    url = settings.SAPHAN_PROMOTION_OSRM_URL
    if url:
        return OsrmTable(url), "osrm"
    return (
        GreatCircle(
            road_factor=settings.SAPHAN_PROMOTION_ROAD_FACTOR,
            speed_kmh=settings.SAPHAN_PROMOTION_SPEED_KMH,
        ),
        "great_circle",
    )


@job_handler(JOB_KIND, label=gettext_lazy("Plan joint visits"))
def plan_job(ctx: JobContext, *, plan_id: int) -> dict[str, Any]:
    plan = Plan.objects.select_related("office").get(pk=plan_id)
    try:
        ctx.progress(0, 100, _("Bundling requests into joint visits"))
        given = plan_input(
            plan,
            speed_kmh=settings.SAPHAN_PROMOTION_SPEED_KMH,
            road_factor=settings.SAPHAN_PROMOTION_ROAD_FACTOR,
        )
        travel, source = travel_source()
        visits = len(given.problem.visits)
        ctx.progress(
            0,
            100,
            _("Planning %(visits)s visits for %(teams)s teams")
            % {"visits": visits, "teams": len(given.problem.teams)},
        )
        cancelled = [False]

        def report(progress: Progress) -> bool:
            share = min(99, int(progress.steps * 100 / max(progress.budget, 1)))
            try:
                ctx.progress(
                    share,
                    100,
                    _("%(visits)s visits planned, %(km)s km")
                    % {"visits": progress.visits, "km": progress.km},
                )
            except JobCancelled:
                cancelled[0] = True
                return False
            return True

        result = solve(
            given.problem,
            time_limit_s=settings.SAPHAN_PROMOTION_PLAN_TIME_LIMIT_S,
            travel=travel,
            on_progress=report,
        )
        if cancelled[0]:
            raise JobCancelled
        Plan.objects.filter(pk=plan.pk).update(distance_source=source)
        saved = plan_result_save(plan=plan, given=given, result=result)
    except JobCancelled:
        plan_stopped(plan)
        raise
    except PlanNotReady as exc:
        plan_failed(plan, str(exc))
        raise
    except DistanceError as exc:
        plan_failed(plan, _("The distance service failed: %(error)s") % {"error": exc})
        raise
    except Exception as exc:
        plan_failed(plan, str(exc))
        raise
    ctx.progress(100, 100, _("Planned"))
    return {
        "visits": saved.visits_count,
        "left_out": saved.left_out_count,
        "km": float(saved.km),
        "without_bundling": saved.unbundled_visits,
    }
