"""Measures: the dashboard's figures per group and province, months of activity."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from saphan.subcontracting import present
from saphan.subcontracting.schemas import DashboardOut
from saphan.subcontracting.selectors import measures

router = Router()


@router.get("/measures", response=DashboardOut)
def dashboard(request: HttpRequest, province: str = "") -> Any:
    """On-time and reject rates, measured efficiency, earnings per member-hour against the
    minimum wage and main occupation, groups at work by month, companies served, and the
    groups at risk of dropping out with the reasons."""
    rows = measures.group_rows_for_user(request.user, province=province)
    return {
        "provinces": [present.province(s) for s in measures.province_summaries(rows)],
        "months": measures.activity_by_month(request.user, province=province),
        "companies_served": measures.companies_served(request.user, province=province),
        "groups": [present.measure(row) for row in rows],
    }
