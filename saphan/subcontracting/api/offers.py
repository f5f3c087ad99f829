"""Work offer endpoints: list, create, change, post (with the wage check), close, cancel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.responses import Status

from saphan.subcontracting import present
from saphan.subcontracting.api.common import Page, paged
from saphan.subcontracting.schemas import OfferIn, OfferOut, OfferPatch
from saphan.subcontracting.selectors import offers as selectors
from saphan.subcontracting.selectors.readiness import party_get_for_user
from saphan.subcontracting.services import offers as services

router = Router()


class OfferPage(Page):
    items: list[OfferOut]


class OfferQuery(Schema):
    q: str = ""
    status: str = ""
    province: str = ""
    party: int | None = None
    sort: str = "-created"
    page: int = 1


def _out(request: HttpRequest, pk: int) -> dict[str, Any]:
    offer = selectors.offer_get_for_user(request.user, pk)
    return present.offer(offer, selectors.committed_pieces(offer))


def _children(data: dict[str, Any]) -> tuple[Any, Any]:
    operations = data.pop("operations", None)
    stages = data.pop("stages", None)
    if "province_code" in data:
        data["province"] = data.pop("province_code")
    return operations, stages


@router.get("/offers", response=OfferPage)
def offer_list(request: HttpRequest, filters: Query[OfferQuery]) -> Any:
    data = filters.dict()
    page = data.pop("page")
    rows = selectors.offer_list_for_user(request.user, selectors.OfferFilters(**data))
    rows = rows.prefetch_related("operations", "stages")
    return paged(rows, page, lambda chunk: [present.offer(o, o.committed) for o in chunk])


@router.get("/offers/{offer_id}", response=OfferOut)
def offer_detail(request: HttpRequest, offer_id: int) -> Any:
    return _out(request, offer_id)


@router.post("/offers", response={201: OfferOut})
def offer_create(request: HttpRequest, payload: OfferIn) -> Any:
    """A draft; post it to have it checked and allocated."""
    data = payload.dict()
    party = party_get_for_user(request.user, data.pop("party_id"))
    operations, stages = _children(data)
    if data.get("province") is None:
        data.pop("province", None)
    offer = services.offer_create(
        user=request.user, party=party, data=data, operations=operations, stages=stages
    )
    return Status(201, _out(request, offer.pk))


@router.patch("/offers/{offer_id}", response=OfferOut)
def offer_update(request: HttpRequest, offer_id: int, payload: OfferPatch) -> Any:
    data = payload.dict(exclude_unset=True)
    operations, stages = _children(data)
    offer = selectors.offer_get_for_user(request.user, offer_id)
    services.offer_update(
        user=request.user, offer=offer, data=data, operations=operations, stages=stages
    )
    return _out(request, offer_id)


@router.post("/offers/{offer_id}/post", response=OfferOut)
def offer_post(request: HttpRequest, offer_id: int) -> Any:
    """Post: the answer's `wage_check` says whether it may be allocated, and why not."""
    services.offer_post(
        user=request.user, offer=selectors.offer_get_for_user(request.user, offer_id)
    )
    return _out(request, offer_id)


@router.post("/offers/{offer_id}/close", response=OfferOut)
def offer_close(request: HttpRequest, offer_id: int) -> Any:
    services.offer_close(
        user=request.user, offer=selectors.offer_get_for_user(request.user, offer_id)
    )
    return _out(request, offer_id)


@router.post("/offers/{offer_id}/cancel", response=OfferOut)
def offer_cancel(request: HttpRequest, offer_id: int) -> Any:
    services.offer_cancel(
        user=request.user, offer=selectors.offer_get_for_user(request.user, offer_id)
    )
    return _out(request, offer_id)
