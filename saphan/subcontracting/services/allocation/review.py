"""Review of a proposed run: change a lot's pieces or take it out (capacity re-checked with the
engine's own formulas), then publish the lots to the groups or discard the run."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engines.allocation import problem_from_json
from saphan.subcontracting import access, weeks
from saphan.subcontracting.capacity import overloads, utilisation
from saphan.subcontracting.models import (
    AllocationRun,
    Lot,
    LotStatus,
    OfferStatus,
    RunOffer,
    RunStatus,
    WorkOffer,
)
from saphan.subcontracting.selectors.offers import committed_pieces_of, sam_by_type
from saphan.subcontracting.services.allocation.runs import release_waiting, schedule_json
from saphan.subcontracting.services.common import forbidden, invalid, state_error


def _reviewable(user: Any, lot: Lot) -> None:
    if not access.may_plan(user, lot.run.province_id):
        raise forbidden()
    if lot.run.status != RunStatus.PROPOSED or lot.status != LotStatus.PROPOSED:
        raise state_error(_("Only a proposed lot of a run in review can change."), "lot_state")


def _group_plans(run: AllocationRun, group_id: int) -> dict[int, dict[int, int]]:
    plans: dict[int, dict[int, int]] = {}
    for lot in Lot.objects.filter(run=run, group_id=group_id, status=LotStatus.PROPOSED):
        plans[lot.offer_id] = {t["week"]: int(t["pieces"]) for t in lot.schedule}
    return plans


def _scaled(schedule: list[dict[str, Any]], pieces: int) -> dict[int, int]:
    """The same weeks, in the same proportions, adding up to `pieces`."""
    old = sum(int(t["pieces"]) for t in schedule)
    exact = {t["week"]: Decimal(int(t["pieces"]) * pieces) / old for t in schedule}
    out = {w: int(v) for w, v in exact.items()}
    for w in sorted(exact, key=lambda w: (-(exact[w] - out[w]), w))[: pieces - sum(out.values())]:
        out[w] += 1
    return out


@transaction.atomic
def lot_adjust(*, user: Any, lot: Lot, pieces: int) -> Lot:
    """Change a proposed lot's pieces (same weeks, same proportions) within the group's capacity
    and the offer's rules."""
    _reviewable(user, lot)
    run = lot.run
    offer = lot.offer
    asked = RunOffer.objects.get(run=run, offer=offer).pieces
    others = (
        Lot.objects.filter(run=run, offer=offer, status=LotStatus.PROPOSED)
        .exclude(pk=lot.pk)
        .aggregate(n=Sum("pieces"))["n"]
        or 0
    )
    if pieces < 1:
        raise invalid(
            "pieces", _("A lot has at least one piece; take it out instead."), "min_value"
        )
    if pieces < min(offer.min_lot_pieces, asked):
        raise invalid(
            "pieces", _("The offer's minimum lot is %(min)s pieces."), "min_lot",
            min=offer.min_lot_pieces,
        )  # fmt: skip
    if others + pieces > asked:
        raise invalid(
            "pieces",
            _("The run may place %(left)s more pieces of this offer at most."),
            "over_offer",
            left=asked - others,
        )
    problem = problem_from_json(run.problem)
    engine = next(g for g in problem.groups if g.id == str(lot.group_id))
    plans = _group_plans(run, lot.group_id)
    plans[offer.pk] = _scaled(lot.schedule, pieces)
    sam_types = {
        pk: sam_by_type(list(o.operations.all()))
        for pk, o in WorkOffer.objects.prefetch_related("operations").in_bulk(list(plans)).items()
    }
    found = overloads(engine, problem.safety_margin, plans, sam_types)
    if found:
        over = found[0]
        raise invalid(
            "pieces",
            _(
                "Too much for the group in week %(week)s (from %(date)s): it would need "
                "%(need)s sewing minutes of the %(cap)s it has left."
            ),
            "capacity",
            week=over.week,
            date=weeks.week_start(run.week1_on, over.week).isoformat(),
            need=round(over.need_minutes),
            cap=round(over.capacity_minutes),
        )
    tranches = sorted((w, n) for w, n in plans[offer.pk].items() if n > 0)
    lot.pieces = pieces
    lot.schedule = schedule_json(run.week1_on, tranches)
    lot.finish_on = weeks.week_end(run.week1_on, tranches[-1][0])
    lot.adjusted = True
    lot.utilisation = utilisation(
        engine, problem.safety_margin, plans, sam_types, [w for w, _ in tranches]
    )
    lot.save()
    return lot


@transaction.atomic
def lot_withdraw(*, user: Any, lot: Lot) -> Lot:
    """Take a proposed lot out of the plan in review; its pieces stay with the offer."""
    _reviewable(user, lot)
    lot.status = LotStatus.WITHDRAWN
    lot.save(update_fields=["status"])
    return lot


@transaction.atomic
def run_publish(*, user: Any, run: AllocationRun) -> AllocationRun:
    """Offer the reviewed lots to their groups."""
    run = AllocationRun.objects.select_for_update().get(pk=run.pk)
    if not access.may_plan(user, run.province_id):
        raise forbidden()
    if run.status != RunStatus.PROPOSED:
        raise state_error(_("Only a run in review can be published."), "run_state")
    lots = list(Lot.objects.filter(run=run, status=LotStatus.PROPOSED).select_related("offer"))
    if not lots:
        raise state_error(_("There is no lot left to publish: discard the run."), "run_empty")
    by_offer: dict[int, int] = {}
    for lot in lots:
        by_offer[lot.offer_id] = by_offer.get(lot.offer_id, 0) + lot.pieces
    committed = committed_pieces_of(list(by_offer))
    for lot in lots:
        offer = lot.offer
        if offer.status != OfferStatus.POSTED:
            raise state_error(
                _("Offer “%(offer)s” was closed or cancelled since this run: discard it."),
                "offer_state",
                offer=offer.title,
            )
        if committed.get(offer.pk, 0) + by_offer[offer.pk] > offer.pieces:
            raise state_error(
                _("Offer “%(offer)s” has fewer pieces left than this run places: run again."),
                "run_stale",
                offer=offer.title,
            )
    now = timezone.now()
    Lot.objects.filter(pk__in=[lot.pk for lot in lots]).update(
        status=LotStatus.OFFERED, offered_at=now
    )
    run.status = RunStatus.PUBLISHED
    run.published_at = now
    run.published_by = user if getattr(user, "is_authenticated", False) else None
    run.save(update_fields=["status", "published_at", "published_by"])
    release_waiting(user=user, province_code=run.province_id)
    return run


@transaction.atomic
def run_discard(*, user: Any, run: AllocationRun) -> AllocationRun:
    """Drop a run in review, a failed or queued one, or a waiting re-allocation (its pieces
    then wait for the next run); a re-allocation waiting for this run starts."""
    if not access.may_plan(user, run.province_id):
        raise forbidden()
    if run.status not in (
        RunStatus.PROPOSED, RunStatus.FAILED, RunStatus.QUEUED, RunStatus.WAITING
    ):  # fmt: skip
        raise state_error(
            _("Only a run in review (or a failed or waiting one) can be discarded."), "run_state"
        )
    was_waiting = run.status == RunStatus.WAITING
    Lot.objects.filter(run=run, status=LotStatus.PROPOSED).update(status=LotStatus.WITHDRAWN)
    run.status = RunStatus.DISCARDED
    run.save(update_fields=["status"])
    if not was_waiting:
        release_waiting(user=user, province_code=run.province_id)
    return run
