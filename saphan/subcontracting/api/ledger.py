"""Ledger endpoints: a lot's agreement, materials, receipts (photos by upload), payments and
members' shares, and its reconciliation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import File, Router, UploadedFile
from ninja.responses import Status

from saphan.subcontracting import access, present
from saphan.subcontracting.schemas import (
    LedgerOut,
    MaterialIn,
    MaterialOut,
    PaymentIn,
    PaymentOut,
    ReceiptIn,
    ReceiptOut,
    ShareOut,
    SharesIn,
)
from saphan.subcontracting.selectors import ledger as selectors
from saphan.subcontracting.selectors.allocation import lot_get_for_user
from saphan.subcontracting.services import ledger as services

router = Router()


def _receipt(r: Any) -> dict[str, Any]:
    return {
        "id": r.pk,
        "received_on": r.received_on,
        "accepted": r.accepted,
        "rejected": r.rejected,
        "rework": r.rework,
        "reasons": r.reasons,
        "member_hours": r.member_hours,
        "photos": [p.get_absolute_url() for p in r.photos.all()],
    }


@router.get("/lots/{lot_id}/ledger", response=LedgerOut)
def lot_ledger(request: HttpRequest, lot_id: int) -> Any:
    """Agreement, materials, receipts, payments, progress and the reconciliation of a lot."""
    lot = lot_get_for_user(request.user, lot_id)
    book = selectors.lot_ledger(lot)
    agreement = selectors.agreement_of(lot)
    return {
        "lot": present.lot(lot),
        "agreement": present.agreement(agreement) if agreement else None,
        "materials": book["materials"],
        "receipts": [_receipt(r) for r in book["receipts"]],
        "payments": [present.payment(p) for p in book["payments"]],
        "progress": list(lot.progress_reports.all()),
        "reconciliation": present.reconciliation(book["reconciliation"]),
    }


@router.post("/lots/{lot_id}/materials", response={201: MaterialOut})
def material_record(request: HttpRequest, lot_id: int, payload: MaterialIn) -> Any:
    lot = lot_get_for_user(request.user, lot_id)
    return Status(201, services.material_record(user=request.user, lot=lot, **payload.dict()))


@router.post("/lots/{lot_id}/receipts", response={201: ReceiptOut})
def receipt_record(request: HttpRequest, lot_id: int, payload: ReceiptIn) -> Any:
    lot = lot_get_for_user(request.user, lot_id)
    receipt = services.receipt_record(user=request.user, lot=lot, **payload.dict())
    return Status(201, _receipt(receipt))


@router.post("/receipts/{receipt_id}/photos", response={201: ReceiptOut})
def receipt_photos(
    request: HttpRequest,
    receipt_id: int,
    photos: list[UploadedFile] = File(...),  # noqa: B008
) -> Any:
    """Add photos (JPEG/PNG, up to 8 MB, five a receipt) of rejects or rework."""
    receipt = selectors.receipt_get_for_user(request.user, receipt_id)
    services.receipt_photos_add(user=request.user, receipt=receipt, photos=list(photos))
    return Status(201, _receipt(selectors.receipt_get_for_user(request.user, receipt_id)))


@router.post("/lots/{lot_id}/payments", response={201: PaymentOut})
def payment_record(request: HttpRequest, lot_id: int, payload: PaymentIn) -> Any:
    lot = lot_get_for_user(request.user, lot_id)
    return Status(
        201, present.payment(services.payment_record(user=request.user, lot=lot, **payload.dict()))
    )


@router.put("/payments/{payment_id}/shares", response=list[ShareOut])
def payment_shares(request: HttpRequest, payment_id: int, payload: SharesIn) -> Any:
    """Members' shares (personal data: the group and officers)."""
    payment = selectors.payment_get_for_user(request.user, payment_id)
    shares = services.payment_shares_set(
        user=request.user, payment=payment, basis=payload.basis, quantities=payload.quantities
    )
    return [_share(s) for s in shares]


@router.get("/payments/{payment_id}/shares", response=list[ShareOut])
def payment_share_list(request: HttpRequest, payment_id: int) -> Any:
    payment = selectors.payment_get_for_user(request.user, payment_id)
    if not access.may_see_members(request.user, payment.lot.group):
        raise PermissionDenied
    return [_share(s) for s in selectors.payment_shares(payment)]


def _share(s: Any) -> dict[str, Any]:
    return {
        "member_id": s.member_id,
        "member_name": s.member.full_name,
        "pieces": s.pieces,
        "hours": s.hours,
        "amount_baht": s.amount_baht,
    }
