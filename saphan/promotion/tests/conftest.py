"""Fixtures of the promotion tests: a small Chumphon world with a planned day."""

from __future__ import annotations

from typing import Any

import pytest

from saphan.core import jobs
from saphan.core.models import JobState, Office
from saphan.core.tests.factories import person
from saphan.promotion.models import Plan
from saphan.promotion.services import planning as planning_services
from saphan.promotion.tests.factories import (
    MONDAY,
    located,
    officer,
    place_office,
    request_for,
    seed,
    service,
    team,
)


@pytest.fixture
def world(settings: Any) -> dict[str, Any]:
    """The catalog of Chumphon's offices and Lampang's, the Chumphon office at (10, 99), a
    designer's team and an officer who plans; distances in whole minutes (see factories)."""
    settings.SAPHAN_PROMOTION_ROAD_FACTOR = 1.0
    settings.SAPHAN_PROMOTION_SPEED_KMH = 60.0
    settings.SAPHAN_PROMOTION_OSRM_URL = ""
    seed("PIO86", "IPC10", "PIO52", "IPC1")
    place_office("PIO86", 0)
    designer = officer("designer", "PIO86", "packaging_design", "product_design", "standards")
    planner = person("p", "PIO86", "officer")
    return {"team": team("ทีมออกแบบ", "PIO86", [designer]), "planner": planner, "designer": designer}


def run_plan(plan: Plan, user: Any) -> Plan:
    planning_services.plan_run(user=user, plan=plan)
    plan.refresh_from_db()
    assert plan.state == "running" and plan.job is not None
    # The worker would run it after the commit; the test runs it in place.
    assert jobs.job_run(str(plan.job.pk)) == JobState.SUCCEEDED
    plan.refresh_from_db()
    return plan


@pytest.fixture
def planned(world: dict[str, Any]) -> dict[str, Any]:
    """Two establishments, three requests across two working groups, planned for one Monday."""
    a, b = located("ร้าน ก", 10.3), located("ร้าน ข", 20.5)
    requests = [
        request_for(a, service("IPC10", "packaging-design")),
        request_for(a, service("PIO86", "community-standard")),
        request_for(b, service("IPC10", "product-design"), preferred_time="morning"),
    ]
    plan = planning_services.plan_create(
        user=world["planner"],
        office=Office.objects.get(code="PIO86"),
        data={"name": "สัปดาห์ที่ 1", "first_day": MONDAY, "last_day": MONDAY},
        teams=[world["team"]],
    )
    return {**world, "plan": run_plan(plan, world["planner"]), "requests": requests, "a": a, "b": b}
