"""Reads of work offers: lists, a record with its style, what is left to allocate."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from saphan.core.scoping import Action, scope_for
from saphan.subcontracting.earnings import DEFAULT_EFFICIENCY, lowest_legal_rate
from saphan.subcontracting.models import Lot, OfferOperation, OfferStatus, WorkOffer
from saphan.subcontracting.models.allocation import COMMITTED

SORTS = {
    "-created": ("-created_at", "-id"),
    "due": ("due_on", "id"),
    "-due": ("-due_on", "-id"),
    "title": ("title", "id"),
}


@dataclass(frozen=True)
class OfferFilters:
    q: str = ""
    status: str = ""
    province: str = ""
    party: int | None = None
    sort: str = "-created"


def offer_base_for_user(user: Any, action: Action = Action.VIEW) -> QuerySet[WorkOffer]:
    return scope_for(user).filter(WorkOffer.objects.all(), action)


def offer_list_for_user(user: Any, filters: OfferFilters | None = None) -> QuerySet[WorkOffer]:
    f = filters or OfferFilters()
    offers = offer_base_for_user(user)
    if f.status:
        offers = offers.filter(status=f.status)
    if f.province:
        offers = offers.filter(province_id=f.province)
    if f.party:
        offers = offers.filter(party_id=f.party)
    if f.q:
        offers = offers.filter(
            Q(title__icontains=f.q)
            | Q(style_code__icontains=f.q)
            | Q(party__name_th__icontains=f.q)
        )
    return (
        offers.select_related("party", "province")
        .annotate(committed=Coalesce(Sum("lots__pieces", filter=Q(lots__status__in=COMMITTED)), 0))
        .order_by(*SORTS.get(f.sort, SORTS["-created"]))
    )


def offer_get_for_user(user: Any, pk: int) -> WorkOffer:
    return (
        offer_base_for_user(user)
        .select_related("party", "province", "party__province")
        .prefetch_related(
            Prefetch("operations", queryset=OfferOperation.objects.order_by("position", "id")),
            "stages",
        )
        .get(pk=pk)
    )


def committed_pieces(offer: WorkOffer) -> int:
    """Pieces in lots offered to, accepted by or completed by groups."""
    total = Lot.objects.filter(offer=offer, status__in=COMMITTED).aggregate(n=Sum("pieces"))["n"]
    return int(total or 0)


def committed_pieces_of(offer_ids: list[int]) -> dict[int, int]:
    """Committed pieces of many offers in one query (offers with none are left out)."""
    rows = (
        Lot.objects.filter(offer_id__in=sorted(set(offer_ids)), status__in=COMMITTED)
        .values("offer_id")
        .annotate(n=Sum("pieces"))
    )
    return {row["offer_id"]: int(row["n"]) for row in rows}


def remaining_pieces(offer: WorkOffer) -> int:
    return max(0, offer.pieces - committed_pieces(offer))


def sam_total(operations: list[Any]) -> Decimal:
    return sum((Decimal(op.sam_minutes) for op in operations), Decimal(0))


def sam_by_type(operations: list[Any]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for op in operations:
        out[op.machine_type] = out.get(op.machine_type, Decimal(0)) + Decimal(op.sam_minutes)
    return out


def principal_machine(operations: list[Any]) -> str:
    """The machine type with the most SAM: the one the engine plans the whole style on."""
    by_type = sam_by_type(operations)
    return min(by_type, key=lambda t: (-by_type[t], t)) if by_type else ""


def open_offers(province_code: str) -> QuerySet[WorkOffer]:
    """Posted offers of a province (with their operations and stages), oldest due first."""
    return (
        WorkOffer.objects.filter(province_id=province_code, status=OfferStatus.POSTED)
        .select_related("party")
        .prefetch_related(
            Prefetch("operations", queryset=OfferOperation.objects.order_by("position", "id")),
            "stages",
        )
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class Verdict:
    level: str  # "refused", "flagged", "ok", "unknown"
    message: str


def wage_verdict(offer: WorkOffer) -> Verdict | None:
    """What the poster is told about pay: refused below the legal floor (Home Workers
    Protection Act s.16), flagged below the members' main-occupation income. None before the
    offer is posted (no check made yet)."""
    if offer.check_earnings_per_hour is None:
        return None
    earn = offer.check_earnings_per_hour
    efficiency = f"{(offer.check_efficiency or DEFAULT_EFFICIENCY) * 100:.0f}"
    if offer.check_floor_per_hour is None:
        return Verdict(
            "refused",
            _(
                "No minimum wage is recorded for %(province)s, so the pay cannot be checked and "
                "the offer cannot be allocated. An administrator must enter the province's rate."
            )
            % {"province": offer.province.name_th},
        )
    sam = sam_total(list(offer.operations.all()))
    params = {
        "earn": f"{earn:,.2f}",
        "efficiency": efficiency,
        "floor": f"{offer.check_floor_per_hour:,.2f}",
        "daily": f"{offer.check_floor_per_day or 0:,.2f}",
        "province": offer.province.name_th,
        "rate": f"{lowest_legal_rate(offer.check_floor_per_hour, sam, DEFAULT_EFFICIENCY):,.2f}",
    }
    if earn < offer.check_floor_per_hour:
        return Verdict(
            "refused",
            _(
                "At the planning efficiency of %(efficiency)s%% a member earns %(earn)s baht an "
                "hour, below the minimum wage of %(floor)s baht an hour in %(province)s "
                "(%(daily)s baht a day ÷ 8 hours). Pay may not be below the minimum wage (Home "
                "Workers Protection Act B.E. 2553, section 16): this offer cannot be allocated. "
                "A piece rate of at least %(rate)s baht pays the minimum wage."
            )
            % params,
        )
    main = offer.check_main_income_per_hour
    if main is not None and earn < main:
        return Verdict(
            "flagged",
            _(
                "A member earns %(earn)s baht an hour, above the minimum wage (%(floor)s) but "
                "below the %(main)s baht an hour of the members' main occupation: groups may "
                "turn it down or drop out."
            )
            % {**params, "main": f"{main:,.2f}"},
        )
    return Verdict(
        "ok",
        _(
            "A member earns %(earn)s baht an hour at the planning efficiency of %(efficiency)s%%: "
            "at or above the minimum wage of %(floor)s baht an hour in %(province)s."
        )
        % params,
    )
