"""The promotion landing page's figures, all through the scope."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from saphan.promotion.models import RequestState
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
    return {
        "counts": counts,
        "open_count": open_count,
        "recent": list(recent),
        "today": timezone.localdate(),
    }
