"""Reads of a lot's ledger: reconciliation of materials, money due and paid, documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from saphan.subcontracting.models import (
    Agreement,
    Lot,
    LotStatus,
    MaterialKind,
    MaterialMovement,
    Payment,
    ProgressReport,
    Receipt,
    ReceiptPhoto,
)
from saphan.subcontracting.selectors.measures import tranche_lateness


@dataclass
class Reconciliation:
    """issued = accepted + rejected + returned + scrap once the lot is done; until then the
    difference is what is still with the group (sewing, or back for rework)."""

    issued: int = 0
    returned: int = 0
    scrap: int = 0
    accepted: int = 0
    rejected: int = 0
    rework: int = 0
    lot_pieces: int = 0
    value_accepted: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    flags: list[Any] = field(default_factory=list)

    @property
    def accounted(self) -> int:
        return self.accepted + self.rejected + self.returned + self.scrap

    @property
    def difference(self) -> int:
        return self.issued - self.accounted

    @property
    def unpaid(self) -> Decimal:
        return self.value_accepted - self.paid

    @property
    def mismatch(self) -> bool:
        return bool(self.flags)


def reconciliation(lot: Lot) -> Reconciliation:
    return reconciliations([lot])[lot.pk]


def reconciliations(lots: list[Lot]) -> dict[int, Reconciliation]:
    """The reconciliation of many lots in three queries."""
    recs = {lot.pk: Reconciliation(lot_pieces=lot.pieces) for lot in lots}
    ids = sorted(recs)
    moved = (
        MaterialMovement.objects.filter(lot_id__in=ids)
        .values("lot_id", "kind")
        .annotate(n=Sum("pieces"))
    )
    for row in moved:
        rec = recs[row["lot_id"]]
        if row["kind"] == MaterialKind.ISSUED:
            rec.issued = row["n"]
        elif row["kind"] == MaterialKind.RETURNED:
            rec.returned = row["n"]
        else:
            rec.scrap = row["n"]
    sums = (
        Receipt.objects.filter(lot_id__in=ids)
        .values("lot_id")
        .annotate(a=Sum("accepted"), r=Sum("rejected"), w=Sum("rework"))
    )
    for total in sums:
        rec = recs[total["lot_id"]]
        rec.accepted, rec.rejected = total["a"] or 0, total["r"] or 0
        rec.rework = total["w"] or 0
    paid = Payment.objects.filter(lot_id__in=ids).values("lot_id").annotate(n=Sum("amount_baht"))
    for money in paid:
        recs[money["lot_id"]].paid = money["n"] or Decimal(0)
    for lot in lots:
        recs[lot.pk].value_accepted = recs[lot.pk].accepted * lot.offer.piece_rate_baht
        _flag(recs[lot.pk], lot)
    return recs


def _flag(rec: Reconciliation, lot: Lot) -> None:
    """The mismatches a lot's ledger shows."""
    if rec.accounted > rec.issued:
        rec.flags.append(
            _("%(n)s more pieces are accounted for than were issued.")
            % {"n": rec.accounted - rec.issued}
        )
    if rec.accepted + rec.rejected > lot.pieces:
        rec.flags.append(
            _("%(n)s more pieces were delivered than the lot holds.")
            % {"n": rec.accepted + rec.rejected - lot.pieces}
        )
    delivered_all = rec.accepted + rec.returned + rec.scrap >= lot.pieces
    if (delivered_all or lot.status == LotStatus.COMPLETED) and rec.difference > 0:
        rec.flags.append(_("%(n)s pieces issued are not accounted for.") % {"n": rec.difference})
    if rec.paid > rec.value_accepted:
        rec.flags.append(_("More was paid than the accepted pieces are worth."))


def last_progress(lots: list[Lot]) -> dict[int, ProgressReport]:
    """The latest progress report of each lot (one query)."""
    out: dict[int, ProgressReport] = {}
    reports = ProgressReport.objects.filter(lot_id__in=[lot.pk for lot in lots]).order_by(
        "lot_id", "-reported_on", "-id"
    )
    for report in reports:
        out.setdefault(report.lot_id, report)
    return out


def lot_ledger(lot: Lot) -> dict[str, Any]:
    """Everything the lot's ledger page shows, newest last."""
    receipts = list(
        Receipt.objects.filter(lot=lot).prefetch_related("photos").order_by("received_on", "id")
    )
    # How many accepted pieces of each receipt came after the end of their weekly tranche.
    for receipt, late in zip(
        receipts, tranche_lateness(lot.schedule, lot.due_on, receipts), strict=True
    ):
        receipt.late_pieces = late  # type: ignore[attr-defined]
    return {
        "materials": list(MaterialMovement.objects.filter(lot=lot).order_by("moved_on", "id")),
        "receipts": receipts,
        "payments": list(Payment.objects.filter(lot=lot).order_by("paid_on", "id")),
        "reconciliation": reconciliation(lot),
    }


def receipt_get_for_user(user: Any, pk: int) -> Receipt:
    from saphan.subcontracting.selectors.allocation import lot_get_for_user

    receipt = Receipt.objects.select_related("lot").prefetch_related("photos").get(pk=pk)
    lot_get_for_user(user, receipt.lot_id)  # DoesNotExist when the lot is not theirs to see
    return receipt


def payment_get_for_user(user: Any, pk: int) -> Payment:
    from saphan.subcontracting.selectors.allocation import lot_get_for_user

    payment = Payment.objects.get(pk=pk)
    payment.lot = lot_get_for_user(user, payment.lot_id)
    return payment


def payment_shares(payment: Payment) -> list[Any]:
    return list(payment.shares.select_related("member").order_by("member__full_name", "id"))


def photo_get_for_user(user: Any, pk: int) -> ReceiptPhoto:
    from saphan.subcontracting.selectors.allocation import lot_get_for_user

    photo = ReceiptPhoto.objects.select_related("receipt").get(pk=pk)
    lot_get_for_user(user, photo.receipt.lot_id)
    return photo


def agreement_of(lot: Lot) -> Agreement | None:
    return Agreement.objects.filter(lot=lot).first()
