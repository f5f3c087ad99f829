"""Writes of the ledger: the home-work agreement (kept two years), materials, receipts with
photos, payments and members' shares."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from saphan.core.errors import ApplicationError
from saphan.core.scoping import Action, scope_for
from saphan.core.thai import BE_OFFSET
from saphan.registry.models import Establishment
from saphan.subcontracting import access
from saphan.subcontracting.earnings import split_amount
from saphan.subcontracting.models import (
    Agreement,
    Lot,
    LotStatus,
    MaterialKind,
    MaterialMovement,
    Member,
    MemberShare,
    Payment,
    PaymentMethod,
    Receipt,
    ReceiptPhoto,
    ShareBasis,
)
from saphan.subcontracting.models.ledger import RETENTION_YEARS
from saphan.subcontracting.selectors.ledger import reconciliation
from saphan.subcontracting.services.common import forbidden, full_clean, invalid, state_error

MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 8 * 1024 * 1024
PAYMENT_DAYS = 15


def address_of(est: Establishment) -> str:
    """A Thai postal address line of a registry record."""
    parts = [est.house_no]
    if est.moo:
        parts.append(f"ม.{est.moo}")
    if est.soi:
        parts.append(f"ซ.{est.soi}")
    if est.road:
        parts.append(f"ถ.{est.road}")
    if est.subdistrict_id:
        parts.append(f"ต.{est.subdistrict.name_th}")  # type: ignore[union-attr]
    if est.district_id:
        parts.append(f"อ.{est.district.name_th}")  # type: ignore[union-attr]
    parts.append(f"จ.{est.province.name_th}")
    parts.append(est.postal_code)
    return " ".join(p for p in parts if p)


def _numbered(model: Any, prefix: str, create: Any) -> Any:
    """Save a record numbered `prefix`-NNNN (the next free number; retried on a clash)."""
    for _attempt in range(5):
        count = model.objects.filter(number__startswith=prefix).count()
        try:
            with transaction.atomic():
                return create(f"{prefix}{count + 1:04d}")
        except IntegrityError:
            continue
    raise ApplicationError(_("Please try again."), code="number_clash", status=409)


def _year_be(day: dt.date) -> int:
    return day.year + BE_OFFSET


def agreement_create(*, lot: Lot, user: Any) -> Agreement:
    """The home-work agreement of an accepted lot (called by lot_accept, in its transaction)."""
    offer = lot.offer
    party = Establishment.objects.select_related("province", "district", "subdistrict").get(
        pk=offer.party_id
    )
    group = Establishment.objects.select_related(
        "province", "district", "subdistrict", "enterprise"
    ).get(pk=lot.group_id)
    issued = timezone.localdate()
    operations = ", ".join(
        f"{op.name or op.get_skill_display()} ({op.sam_minutes} min)"
        for op in offer.operations.all()
    )
    registration = getattr(getattr(group, "enterprise", None), "registration_code", "") or ""
    with translation.override("th"):
        work_type = f"{offer.title}" + (f" ({offer.style_code})" if offer.style_code else "")
        work_type += f": {operations}" if operations else ""
        terms = gettext(
            "Paid for the pieces accepted at each delivery, within %(days)s days of it."
        ) % {"days": PAYMENT_DAYS}
    keep_until = (
        issued.replace(year=issued.year + RETENTION_YEARS)
        if not (issued.month == 2 and issued.day == 29)
        else dt.date(issued.year + RETENTION_YEARS, 3, 1)
    )

    def create(number: str) -> Agreement:
        agreement = Agreement(
            lot=lot,
            number=number,
            issued_on=issued,
            employer_name=party.name_th,
            employer_address=address_of(party),
            employer_id=party.juristic_id,
            worker_name=group.name_th,
            worker_address=address_of(group),
            worker_id=registration,
            work_type=work_type,
            quality_spec=offer.quality_spec,
            pieces=lot.pieces,
            piece_rate_baht=offer.piece_rate_baht,
            value_baht=offer.piece_rate_baht * lot.pieces,
            due_on=lot.due_on,
            schedule_text="\n".join(
                f"{t['starts_on']}..{t['ends_on']}: {t['pieces']}" for t in lot.schedule
            ),
            delivery_place=offer.pickup_point,
            materials=offer.materials_supplied,
            payment_terms=terms,
            keep_until=keep_until,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        agreement.save()
        return agreement

    return _numbered(Agreement, f"HW{lot.run.province_id}-{_year_be(issued)}-", create)


@transaction.atomic
def agreement_delete(*, user: Any, agreement: Agreement) -> None:
    """Administrators may delete an agreement, never before it has been kept two years."""
    if not scope_for(user).allows(agreement.lot.run.province_id, Action.ADMINISTER):
        raise forbidden()
    agreement.delete()  # the model refuses before keep_until (RetentionError)


def _ledger_lot(user: Any, lot: Lot, *, completed_too: bool = False) -> None:
    if not access.may_keep_ledger(user, lot):
        raise forbidden()
    # One ledger write of a lot at a time: the checks against what was received or paid hold.
    lot.status = Lot.objects.select_for_update().values_list("status", flat=True).get(pk=lot.pk)
    allowed = (LotStatus.ACCEPTED, LotStatus.COMPLETED) if completed_too else (LotStatus.ACCEPTED,)
    if lot.status not in allowed:
        raise state_error(_("The ledger is kept for accepted lots."), "lot_state")


def _not_future(name: str, day: dt.date) -> None:
    if day > timezone.localdate():
        raise invalid(name, _("The date cannot be in the future."), "future")


@transaction.atomic
def material_record(
    *,
    user: Any,
    lot: Lot,
    kind: str,
    moved_on: dt.date,
    pieces: int,
    description: str = "",
) -> MaterialMovement:
    """Cut pieces issued to the group, or given back unused, or scrapped."""
    _ledger_lot(user, lot)
    if kind not in MaterialKind.values:
        raise invalid("kind", _("Choose issued, returned or scrapped."), "invalid_choice")
    _not_future("moved_on", moved_on)
    movement = MaterialMovement(
        lot=lot,
        kind=kind,
        moved_on=moved_on,
        pieces=pieces,
        description=description.strip(),
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    full_clean(movement, exclude=["lot", "recorded_by"])
    movement.save()
    return movement


def _check_photo(index: int, photo: UploadedFile) -> None:
    if photo.size is not None and photo.size > MAX_PHOTO_BYTES:
        raise invalid(f"photos.{index}", _("A photo is at most 8 MB."), "too_large")
    try:
        forms.ImageField().clean(photo)
    except ValidationError as exc:
        raise invalid(f"photos.{index}", _("This file is not a photo."), "invalid_image") from exc
    photo.seek(0)


@transaction.atomic
def receipt_record(
    *,
    user: Any,
    lot: Lot,
    received_on: dt.date,
    accepted: int,
    rejected: int = 0,
    rework: int = 0,
    reasons: str = "",
    member_hours: Decimal | None = None,
    photos: list[UploadedFile] | None = None,
) -> Receipt:
    """A delivery of sewn pieces checked by the receiver."""
    _ledger_lot(user, lot)
    _not_future("received_on", received_on)
    if min(accepted, rejected, rework) < 0:
        raise invalid("accepted", _("Counts cannot be negative."), "min_value")
    if accepted + rejected + rework == 0:
        raise invalid("accepted", _("A receipt has at least one piece."), "empty")
    if (rejected or rework) and not reasons.strip():
        raise invalid(
            "reasons", _("Say why pieces were rejected or sent back for rework."), "required"
        )
    photos = photos or []
    if len(photos) > MAX_PHOTOS:
        raise invalid("photos", _("At most five photos a receipt."), "too_many")
    for index, photo in enumerate(photos):
        _check_photo(index, photo)
    rec = reconciliation(lot)
    if rec.accepted + rec.rejected + accepted + rejected > lot.pieces:
        raise invalid(
            "accepted",
            _("The lot has %(pieces)s pieces and %(done)s were already received."),
            "over_lot",
            pieces=lot.pieces,
            done=rec.accepted + rec.rejected,
        )
    receipt = Receipt(
        lot=lot,
        received_on=received_on,
        accepted=accepted,
        rejected=rejected,
        rework=rework,
        reasons=reasons.strip(),
        member_hours=member_hours,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    full_clean(receipt, exclude=["lot", "recorded_by"])
    receipt.save()
    for photo in photos:
        ReceiptPhoto.objects.create(receipt=receipt, image=photo, caption="")
    return receipt


@transaction.atomic
def receipt_photos_add(*, user: Any, receipt: Receipt, photos: list[UploadedFile]) -> Receipt:
    """Photos of rejects or rework, added to a receipt afterwards."""
    lot = receipt.lot
    if not access.may_keep_ledger(user, lot):
        raise forbidden()
    Lot.objects.select_for_update().filter(pk=lot.pk).exists()  # one photo upload at a time
    if not photos:
        raise invalid("photos", _("Choose at least one photo."), "required")
    if receipt.photos.count() + len(photos) > MAX_PHOTOS:
        raise invalid("photos", _("At most five photos a receipt."), "too_many")
    for index, photo in enumerate(photos):
        _check_photo(index, photo)
    for photo in photos:
        ReceiptPhoto.objects.create(receipt=receipt, image=photo, caption="")
    return receipt


@transaction.atomic
def payment_record(
    *,
    user: Any,
    lot: Lot,
    paid_on: dt.date,
    amount_baht: Decimal,
    method: str,
    reference: str = "",
    note: str = "",
) -> Payment:
    """Money paid to the group for accepted pieces."""
    _ledger_lot(user, lot, completed_too=True)
    _not_future("paid_on", paid_on)
    if method not in PaymentMethod.values:
        raise invalid("method", _("Choose how it was paid."), "invalid_choice")
    if amount_baht <= 0:
        raise invalid("amount_baht", _("The amount is more than 0 baht."), "min_value")
    rec = reconciliation(lot)
    if amount_baht > rec.unpaid:
        raise invalid(
            "amount_baht",
            _("This is more than the accepted pieces still unpaid (%(unpaid)s baht)."),
            "over_due",
            unpaid=f"{rec.unpaid:,.2f}",
        )

    def create(number: str) -> Payment:
        payment = Payment(
            lot=lot,
            number=number,
            paid_on=paid_on,
            amount_baht=amount_baht,
            method=method,
            reference=reference.strip(),
            note=note.strip(),
            recorded_by=user if getattr(user, "is_authenticated", False) else None,
        )
        full_clean(payment, exclude=["lot", "recorded_by"])
        payment.save()
        return payment

    return _numbered(Payment, f"PAY{lot.run.province_id}-{_year_be(paid_on)}-", create)


@transaction.atomic
def payment_shares_set(
    *, user: Any, payment: Payment, basis: str, quantities: dict[int, Decimal]
) -> list[MemberShare]:
    """Each member's share of a payment, in proportion to their pieces or hours (to the satang,
    adding up to the payment). The group (or an officer) records it; members are personal
    data, so the paying company does not."""
    group = payment.lot.group
    if not access.may_change_group(user, group):
        raise forbidden()
    if basis not in ShareBasis.values:
        raise invalid("basis", _("Share by pieces or by hours."), "invalid_choice")
    quantities = {int(k): Decimal(v) for k, v in quantities.items() if Decimal(v) != 0}
    if not quantities:
        raise invalid("quantities", _("Give at least one member's pieces or hours."), "required")
    if any(v < 0 for v in quantities.values()):
        raise invalid("quantities", _("Counts cannot be negative."), "min_value")
    if basis == ShareBasis.PIECES and any(v != v.to_integral_value() for v in quantities.values()):
        raise invalid("quantities", _("Pieces are whole numbers."), "whole")
    members = Member.objects.in_bulk(list(quantities))
    strangers = [k for k in quantities if k not in members or members[k].group_id != group.pk]
    if strangers:
        raise invalid("quantities", _("These are not members of the group."), "not_member")
    if any(members[k].consent_on is None for k in quantities):
        raise invalid(
            "quantities", _("A member who withdrew consent cannot get a share."), "consent"
        )
    amounts = split_amount(payment.amount_baht, quantities)
    MemberShare.objects.filter(payment=payment).delete()
    shares = [
        MemberShare(
            payment=payment,
            member_id=k,
            pieces=int(v) if basis == ShareBasis.PIECES else None,
            hours=v if basis == ShareBasis.HOURS else None,
            amount_baht=amounts[k],
        )
        for k, v in quantities.items()
    ]
    MemberShare.objects.bulk_create(shares)
    payment.share_basis = basis
    payment.save(update_fields=["share_basis"])
    return shares
