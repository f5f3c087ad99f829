"""What happens to a lot once offered: the group accepts (an agreement is made) or declines (the
pieces are re-allocated), reports progress; the lot is completed when its ledger balances."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.subcontracting import access
from saphan.subcontracting.models import (
    AllocationRun,
    Lot,
    LotStatus,
    ProgressReport,
)
from saphan.subcontracting.selectors.ledger import reconciliation
from saphan.subcontracting.services.allocation import reallocation_start
from saphan.subcontracting.services.common import (
    forbidden,
    full_clean,
    invalid,
    lazy_date,
    state_error,
)
from saphan.subcontracting.services.ledger import agreement_create


def _decidable(user: Any, lot: Lot) -> None:
    if not access.may_decide_lot(user, lot):
        raise forbidden()
    if lot.status != LotStatus.OFFERED:
        raise state_error(_("This lot is not waiting for the group's answer."), "lot_state")


@transaction.atomic
def lot_accept(*, user: Any, lot: Lot) -> Lot:
    """The group takes the lot: the home-work agreement is drawn up."""
    lot = Lot.objects.select_for_update().select_related("run", "offer__party").get(pk=lot.pk)
    _decidable(user, lot)
    lot.status = LotStatus.ACCEPTED
    lot.decided_at = timezone.now()
    lot.decided_by = user if getattr(user, "is_authenticated", False) else None
    lot.save(update_fields=["status", "decided_at", "decided_by"])
    agreement_create(lot=lot, user=user)
    return lot


@transaction.atomic
def lot_decline(*, user: Any, lot: Lot, reason: str) -> tuple[Lot, AllocationRun | None]:
    """The group turns the lot down (saying why); its pieces go to a re-allocation run, without
    this group. Returns the lot and that run (None when it has to wait, see reallocation_start)."""
    lot = Lot.objects.select_for_update().select_related("run", "offer__party").get(pk=lot.pk)
    _decidable(user, lot)
    if not reason.strip():
        raise invalid(
            "reason", _("Say why the group declines: it helps offer better work."), "required"
        )
    lot.status = LotStatus.DECLINED
    lot.decline_reason = reason.strip()[:300]
    lot.decided_at = timezone.now()
    lot.decided_by = user if getattr(user, "is_authenticated", False) else None
    lot.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
    run = reallocation_start(user=user, lot=lot)
    return lot, run


@transaction.atomic
def lot_progress(
    *,
    user: Any,
    lot: Lot,
    reported_on: dt.date,
    pieces_done: int,
    member_hours: Decimal | None = None,
    note: str = "",
) -> ProgressReport:
    """The group reports how many pieces it has sewn so far."""
    if not access.may_decide_lot(user, lot):
        raise forbidden()
    lot = Lot.objects.select_for_update().get(pk=lot.pk)
    if lot.status != LotStatus.ACCEPTED:
        raise state_error(_("Progress is reported on an accepted lot."), "lot_state")
    if reported_on > timezone.localdate():
        raise invalid("reported_on", _("The date cannot be in the future."), "future")
    if pieces_done < 0:
        raise invalid("pieces_done", _("Counts cannot be negative."), "min_value")
    if member_hours is not None and member_hours < 0:
        raise invalid("member_hours", _("Counts cannot be negative."), "min_value")
    if pieces_done > lot.pieces:
        raise invalid(
            "pieces_done", _("The lot has %(pieces)s pieces."), "over_lot", pieces=lot.pieces
        )
    last = lot.progress_reports.order_by("-reported_on", "-id").first()
    if last is not None and pieces_done < last.pieces_done:
        raise invalid(
            "pieces_done",
            _("Count all pieces sewn so far: %(date)s's report already said %(pieces)s."),
            "backwards",
            date=lazy_date(last.reported_on),
            pieces=last.pieces_done,
        )
    report = ProgressReport(
        lot=lot,
        reported_on=reported_on,
        pieces_done=pieces_done,
        member_hours=member_hours,
        note=note.strip()[:500],
        reported_by=user if getattr(user, "is_authenticated", False) else None,
    )
    full_clean(report, exclude=["lot", "reported_by"])
    report.save()
    return report


@transaction.atomic
def lot_complete(*, user: Any, lot: Lot) -> Lot:
    """Close an accepted lot once its materials reconcile (issued = accepted + rejected +
    returned + scrap) and nothing is still with the group."""
    if not access.may_keep_ledger(user, lot):
        raise forbidden()
    lot = Lot.objects.select_for_update().select_related("offer").get(pk=lot.pk)
    if lot.status != LotStatus.ACCEPTED:
        raise state_error(_("Only an accepted lot can be completed."), "lot_state")
    rec = reconciliation(lot)
    if rec.issued == 0:
        raise state_error(
            _("No materials were recorded as issued: the lot cannot be reconciled."),
            "nothing_issued",
        )
    if rec.difference != 0:
        raise state_error(
            _(
                "The materials do not reconcile: %(issued)s issued, %(accounted)s accounted for "
                "(accepted, rejected, returned, scrapped); %(difference)s still with the group."
            ),
            "not_reconciled",
            issued=rec.issued,
            accounted=rec.accounted,
            difference=rec.difference,
        )
    lot.status = LotStatus.COMPLETED
    lot.completed_at = timezone.now()
    lot.save(update_fields=["status", "completed_at"])
    return lot
