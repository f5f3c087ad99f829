"""Demand: requests by service, province and month; backlog and waiting days; delivered against
requested; the training-need indicator; and the scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from saphan.core.tests.factories import person
from saphan.promotion.models import RequestItem, ServiceRequest
from saphan.promotion.selectors.demand import (
    DemandFilters,
    demand_for_user,
    fiscal_year_of,
    fiscal_year_span,
)
from saphan.promotion.tests.factories import located, officer, request_for, seed, service

pytestmark = pytest.mark.django_db


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def test_fiscal_years_start_in_october() -> None:
    assert fiscal_year_of(dt.date(2019, 9, 30)) == 2562
    assert fiscal_year_of(dt.date(2019, 10, 1)) == 2563
    assert fiscal_year_span(2563) == (dt.date(2019, 10, 1), dt.date(2020, 9, 30))


def test_demand_figures_by_hand(settings: Any) -> None:
    settings.SAPHAN_PROMOTION_SERVICES_PER_OFFICER_MONTH = 1
    seed("PIO86", "IPC10", "PIO52", "IPC1")
    viewer = person("v86", "PIO86", "viewer")
    officer("designer", "PIO86", "packaging_design")  # one packaging designer, nobody for ICT
    a, b = located("ร้าน ก", 1.3), located("ร้าน ข", 2.5, subdistrict="860701")
    packaging, ict = service("IPC10", "packaging-design"), service("IPC10", "ict")
    first, last = fiscal_year_span(2567)  # 1 Oct 2023 – 30 Sep 2024
    made = [
        (a, [packaging, ict], dt.date(2023, 10, 5), "delivered", dt.date(2023, 10, 25)),
        (b, [packaging], dt.date(2023, 10, 20), "new", None),
        (b, [ict], dt.date(2024, 1, 10), "in_progress", None),
        (a, [ict], dt.date(2024, 2, 1), "cancelled", None),  # not counted
        (a, [ict], dt.date(2024, 10, 2), "new", None),  # next fiscal year
    ]
    for est, services, day, state, delivered in made:
        req = request_for(est, *services)
        ServiceRequest.objects.filter(pk=req.pk).update(
            created_at=_at(day),
            state=state,
            delivered_at=_at(delivered) if delivered else None,
        )
        if state == "delivered":
            RequestItem.objects.filter(request=req).update(outcome="delivered")
    # Lampang's demand is out of the Chumphon viewer's scope.
    request_for(located("ร้านลำปาง", None, subdistrict="520101"), service("IPC1", "ict"))

    d = demand_for_user(viewer, DemandFilters(first, last))
    rows = {r.service.code: r for r in d.services}
    assert [r.service.code for r in d.services] == ["ict", "packaging-design"]
    assert rows["packaging-design"].by_month[:4] == [2, 0, 0, 0]  # Oct, Nov, Dec, Jan
    assert rows["ict"].by_month[:5] == [1, 0, 0, 1, 0]
    assert (rows["ict"].requested, rows["ict"].delivered, rows["ict"].open) == (2, 1, 1)
    assert (rows["packaging-design"].requested, rows["packaging-design"].delivered) == (2, 1)
    assert rows["packaging-design"].delivered_percent == 50
    assert [p.code for p in d.provinces] == ["86"]
    assert d.by_province["86"] == {packaging.pk: 2, ict.pk: 2}
    # Open requests now (all time, the scope's): b's new one, b's in progress, a's next-year one.
    assert d.backlog == {"new": 2, "planned": 0, "in_progress": 1}
    assert d.delivery_days_average == 20.0
    today = timezone.localdate()
    waits = sorted([(today - dt.date(2023, 10, 20)).days, (today - dt.date(2024, 1, 10)).days])
    assert rows["ict"].waiting_days == [waits[0]]
    assert d.open_wait_max == waits[1]
    need = {(n.province.code, n.skill.code): n for n in d.need}
    assert (need[("86", "ict")].officers, need[("86", "ict")].capacity) == (0, 0)
    assert need[("86", "ict")].short is True
    assert (
        need[("86", "packaging_design")].officers,
        need[("86", "packaging_design")].capacity,
        need[("86", "packaging_design")].short,
    ) == (1, 12, False)
    assert d.need[0].skill.code == "ict"  # the short ones first
    # A regional center officer with the skill counts for each province it serves.
    officer("ipc.ict", "IPC10", "ict")
    again = demand_for_user(viewer, DemandFilters(first, last))
    ict_need = next(n for n in again.need if n.skill.code == "ict")
    assert (ict_need.officers, ict_need.capacity, ict_need.short) == (1, 12, False)
    # Filters by skill and province.
    only = demand_for_user(viewer, DemandFilters(first, last, province="86", skill="ict"))
    assert [r.service.code for r in only.services] == ["ict"]
