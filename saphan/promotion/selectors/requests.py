"""Reads of service requests, through the scope: officers see their provinces', representatives
their own establishments'."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from saphan.core.scoping import Action, scope_for
from saphan.core.selectors import history_for
from saphan.promotion.models import (
    Attachment,
    PlannedVisit,
    RequestItem,
    RequestState,
    ServiceRequest,
)
from saphan.promotion.models.requests import OPEN_STATES, URGENCY_RANK

SORTS = {
    "-created": ("-created_at", "-id"),
    "created": ("created_at", "id"),
    "urgency": ("-urgency_rank", "created_at", "id"),
    "establishment": ("establishment__name_th", "id"),
    "state": ("state", "-created_at", "id"),
}


@dataclass(frozen=True)
class RequestFilters:
    q: str = ""
    state: str = ""
    open_only: bool = False
    service: int | None = None
    skill: str = ""
    province: str = ""
    urgency: str = ""
    establishment: int | None = None
    created_from: dt.date | None = None
    created_to: dt.date | None = None
    sort: str = "-created"


def request_base_for_user(user: Any, action: Action = Action.VIEW) -> QuerySet[ServiceRequest]:
    return scope_for(user).filter(ServiceRequest.objects.all(), action)


def request_list_for_user(user: Any, filters: RequestFilters) -> QuerySet[ServiceRequest]:
    requests = request_base_for_user(user)
    q = Q()
    if filters.state:
        q &= Q(state=filters.state)
    if filters.open_only:
        q &= Q(state__in=OPEN_STATES)
    if filters.service:
        q &= Q(items__service_id=filters.service)
    if filters.skill:
        q &= Q(items__service__skill__code=filters.skill)
    if filters.province:
        q &= Q(establishment__province_id=filters.province)
    if filters.urgency:
        q &= Q(urgency=filters.urgency)
    if filters.establishment:
        q &= Q(establishment_id=filters.establishment)
    if filters.created_from:
        q &= Q(created_at__date__gte=filters.created_from)
    if filters.created_to:
        q &= Q(created_at__date__lte=filters.created_to)
    if filters.q:
        text = filters.q.strip()
        found = Q(establishment__name_th__icontains=text) | Q(needs__icontains=text)
        if text.upper().startswith("SR") and "-" in text:
            number = text.rsplit("-", 1)[-1]
            if number.isdigit():
                found |= Q(pk=int(number))
        # The reference widens the text search only, never the other filters.
        q &= found
    requests = requests.filter(q)
    if filters.service or filters.skill:
        requests = requests.distinct()
    requests = requests.annotate(
        urgency_rank=Case(
            *[When(urgency=k, then=Value(v)) for k, v in URGENCY_RANK.items()],
            output_field=IntegerField(),
        )
    )
    return (
        requests.select_related("establishment__province", "establishment__district")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=RequestItem.objects.select_related("service__working_group__office"),
            )
        )
        .order_by(*SORTS.get(filters.sort, SORTS["-created"]))
    )


def request_get_for_user(user: Any, pk: int, action: Action = Action.VIEW) -> ServiceRequest:
    return (
        request_base_for_user(user, action)
        .select_related("establishment__province", "establishment__district", "created_by")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=RequestItem.objects.select_related(
                    "service__working_group__office", "service__skill", "visit__route"
                ),
            )
        )
        .get(pk=pk)
    )


def request_attachments(request: ServiceRequest) -> list[Attachment]:
    return list(request.attachments.select_related("uploaded_by"))


def attachment_get_for_user(user: Any, pk: int) -> Attachment:
    return (
        scope_for(user).filter(Attachment.objects.select_related("request"), Action.VIEW).get(pk=pk)
    )


def request_visits(request: ServiceRequest) -> list[PlannedVisit]:
    return list(
        request.planned_visits.select_related("route__team", "route__plan").order_by(
            "route__day", "start"
        )
    )


def request_history(request: ServiceRequest) -> list[dict[str, Any]]:
    rows = history_for(request)
    for item in request.items.all():
        rows.extend({**row, "item": item} for row in history_for(item))
    rows.sort(key=lambda r: r["timestamp"], reverse=True)
    return rows


def request_counts_by_state(user: Any) -> dict[str, int]:
    rows = request_base_for_user(user).values("state").annotate(n=Count("id"))
    counts = {state: 0 for state in RequestState.values}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def requests_of_establishment(user: Any, establishment_id: int) -> QuerySet[ServiceRequest]:
    return (
        request_base_for_user(user)
        .filter(establishment_id=establishment_id)
        .prefetch_related(Prefetch("items", queryset=RequestItem.objects.select_related("service")))
        .order_by("-created_at", "-id")
    )


def visits_of_establishment(user: Any, establishment_id: int) -> QuerySet[PlannedVisit]:
    return (
        scope_for(user)
        .filter(PlannedVisit.objects.all(), Action.VIEW)
        .filter(establishment_id=establishment_id)
        .select_related("route__team", "route__plan")
        .order_by("-route__day", "start")
    )
