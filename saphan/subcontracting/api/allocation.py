"""Allocation endpoints: start a run, review its lots (adjust, take out), publish or discard it;
the group accepts or declines a lot and reports progress."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from saphan.subcontracting import present
from saphan.subcontracting.api.common import Page, paged
from saphan.subcontracting.schemas import (
    DeclineIn,
    DeclineOut,
    LotAdjustIn,
    LotMoveIn,
    LotOut,
    ProgressIn,
    ProgressOut,
    RunDetail,
    RunIn,
    RunOut,
)
from saphan.subcontracting.selectors import allocation as selectors
from saphan.subcontracting.services import allocation as services
from saphan.subcontracting.services import lots as lot_services

router = Router()


class RunPage(Page):
    items: list[RunOut]


class LotPage(Page):
    items: list[LotOut]


def _run(request: HttpRequest, pk: int) -> dict[str, Any]:
    run = selectors.run_get_for_user(request.user, pk)
    return {
        **present.run(run, selectors.run_pieces(run)),
        "objective": run.objective,
        "lots": [present.lot(x) for x in selectors.run_lots(run)],
        "shortfalls": [present.shortfall(s) for s in selectors.run_shortfalls(run)],
        "left_out": [present.left_out(item) for item in run.left_out],
    }


def _lot(request: HttpRequest, pk: int) -> dict[str, Any]:
    return present.lot(selectors.lot_get_for_user(request.user, pk))


@router.get("/runs", response=RunPage)
def run_list(request: HttpRequest, province: str = "", status: str = "", page: int = 1) -> Any:
    runs = selectors.run_list_for_user(request.user, province=province, status=status)
    return paged(
        runs,
        page,
        lambda rows: [
            present.run(r, selectors.RunPieces(r.asked, r.placed, r.short)) for r in rows
        ],
        20,
    )


@router.post("/runs", response={201: RunDetail})
def run_start(request: HttpRequest, payload: RunIn) -> Any:
    """Allocate what is left of the province's posted offers. Small runs come back proposed;
    large ones come back queued with `job_id` (follow it at /api/v1/jobs/{job_id})."""
    run = services.run_start(
        user=request.user,
        province_code=payload.province_code,
        week1_on=payload.week1_on,
        safety_margin=payload.safety_margin,
        offer_ids=payload.offer_ids,
    )
    return Status(201, _run(request, run.pk))


@router.get("/runs/{run_id}", response=RunDetail)
def run_detail(request: HttpRequest, run_id: int) -> Any:
    return _run(request, run_id)


@router.post("/runs/{run_id}/publish", response=RunDetail)
def run_publish(request: HttpRequest, run_id: int) -> Any:
    services.run_publish(user=request.user, run=selectors.run_get_for_user(request.user, run_id))
    return _run(request, run_id)


@router.post("/runs/{run_id}/discard", response=RunDetail)
def run_discard(request: HttpRequest, run_id: int) -> Any:
    services.run_discard(user=request.user, run=selectors.run_get_for_user(request.user, run_id))
    return _run(request, run_id)


@router.get("/lots", response=LotPage)
def lot_list(
    request: HttpRequest,
    status: str = "",
    group: int | None = None,
    offer: int | None = None,
    page: int = 1,
) -> Any:
    """Lots the person may see: an officer's province, a group's own, a company's offers'."""
    lots = selectors.lot_list_for_user(
        request.user, status=status, group=group, offer=offer, hide_proposed=not status
    )
    return paged(lots, page, lambda rows: [present.lot(x) for x in rows])


@router.get("/lots/{lot_id}", response=LotOut)
def lot_detail(request: HttpRequest, lot_id: int) -> Any:
    return _lot(request, lot_id)


@router.patch("/lots/{lot_id}", response=LotOut)
def lot_adjust(request: HttpRequest, lot_id: int, payload: LotAdjustIn) -> Any:
    """In review: change the pieces (same weeks, same proportions, within capacity)."""
    lot = selectors.lot_get_for_user(request.user, lot_id)
    services.lot_adjust(user=request.user, lot=lot, pieces=payload.pieces)
    return _lot(request, lot_id)


@router.post("/lots/{lot_id}/move", response=LotOut)
def lot_move(request: HttpRequest, lot_id: int, payload: LotMoveIn) -> Any:
    """In review: give the lot, whole and in the same weeks, to another group of the run (its
    skills and machines, minimum wage, weeks off and capacity are checked again)."""
    lot = selectors.lot_get_for_user(request.user, lot_id)
    services.lot_move(user=request.user, lot=lot, group_id=payload.group_id)
    return _lot(request, lot_id)


@router.post("/lots/{lot_id}/withdraw", response=LotOut)
def lot_withdraw(request: HttpRequest, lot_id: int) -> Any:
    services.lot_withdraw(user=request.user, lot=selectors.lot_get_for_user(request.user, lot_id))
    return _lot(request, lot_id)


@router.post("/lots/{lot_id}/accept", response=LotOut)
def lot_accept(request: HttpRequest, lot_id: int) -> Any:
    """The group takes the lot; the home-work agreement is drawn up."""
    lot_services.lot_accept(user=request.user, lot=selectors.lot_get_for_user(request.user, lot_id))
    return _lot(request, lot_id)


@router.post("/lots/{lot_id}/decline", response=DeclineOut)
def lot_decline(request: HttpRequest, lot_id: int, payload: DeclineIn) -> Any:
    """The group turns the lot down; its pieces are re-allocated to other groups: at once, or
    (`reallocation_status` "waiting") once the province's open run is published or discarded;
    `reallocation_note` says which."""
    _lot_obj, run = lot_services.lot_decline(
        user=request.user,
        lot=selectors.lot_get_for_user(request.user, lot_id),
        reason=payload.reason,
    )
    return {
        "lot": _lot(request, lot_id),
        "reallocation_run_id": run.pk if run else None,
        "reallocation_status": run.status if run else None,
        "reallocation_note": selectors.reallocation_note(run),
    }


@router.post("/lots/{lot_id}/progress", response={201: ProgressOut})
def lot_progress(request: HttpRequest, lot_id: int, payload: ProgressIn) -> Any:
    report = lot_services.lot_progress(
        user=request.user, lot=selectors.lot_get_for_user(request.user, lot_id), **payload.dict()
    )
    return Status(201, report)


@router.post("/lots/{lot_id}/complete", response=LotOut)
def lot_complete(request: HttpRequest, lot_id: int) -> Any:
    """Close the lot: refused unless its materials reconcile."""
    lot_services.lot_complete(
        user=request.user, lot=selectors.lot_get_for_user(request.user, lot_id)
    )
    return _lot(request, lot_id)
