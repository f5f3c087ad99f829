"""The promotion landing page's figures, all through the scope."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from saphan.core.scoping import Action, scope_for
from saphan.promotion.models import RequestState
from saphan.promotion.selectors.demand import DemandFilters, fiscal_year_of, fiscal_year_span
from saphan.promotion.selectors.demand import training_need as need_rows
from saphan.promotion.selectors.funds import fund_list_for_user
from saphan.promotion.selectors.planning import visits_of_user_on
from saphan.promotion.selectors.projects import project_list_for_user
from saphan.promotion.selectors.requests import request_base_for_user, request_counts_by_state


def dashboard_for(user: Any) -> dict[str, Any]:
    counts = request_counts_by_state(user)
    open_count = sum(
        counts[s] for s in (RequestState.NEW, RequestState.PLANNED, RequestState.IN_PROGRESS)
    )
    recent = (
        request_base_for_user(user)
        .select_related("establishment")
        .prefetch_related("items__service")
        .order_by("-created_at", "-id")[:8]
    )
    today = timezone.localdate()
    year = fiscal_year_of(today)
    first, last = fiscal_year_span(year)
    staff = bool(scope_for(user).provinces(Action.VIEW))
    return {
        "counts": counts,
        "open_count": open_count,
        "recent": list(recent),
        "today": today,
        "visits_today": visits_of_user_on(user, today) if staff else None,
        "flagged_projects": (
            sum(1 for r in project_list_for_user(user, year=year) if r.shares.flagged)
            if staff
            else None
        ),
        "training_need": (
            len({r.province.code for r in need_rows(user, DemandFilters(first, last)) if r.short})
            if staff
            else None
        ),
        "funds": fund_list_for_user(user, year=year) if staff else [],
    }
