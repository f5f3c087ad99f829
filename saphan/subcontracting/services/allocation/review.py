"""Review of a proposed run: change a lot's pieces or take it out (capacity re-checked with the
engine's own formulas), then publish the lots to the groups or discard the run."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from engines.allocation import great_circle_km, problem_from_json
from saphan.core.errors import ApplicationError
from saphan.registry.models import Establishment
from saphan.subcontracting import access, weeks
from saphan.subcontracting.capacity import Overload, overloads, utilisation
from saphan.subcontracting.models import (
    AllocationRun,
    Lot,
    LotStatus,
    MachineType,
    OfferStatus,
    RunOffer,
    RunStatus,
    WorkOffer,
)
from saphan.subcontracting.selectors.offers import committed_pieces_of, sam_by_type
from saphan.subcontracting.selectors.readiness import group_states
from saphan.subcontracting.services.allocation.runs import release_waiting, schedule_json
from saphan.subcontracting.services.common import forbidden, invalid, lazy_date, state_error


def _reviewable(user: Any, lot: Lot) -> None:
    if not access.may_plan(user, lot.run.province_id):
        raise forbidden()
    # One change of a run at a time: capacity is checked against the run's other lots.
    run = AllocationRun.objects.select_for_update().get(pk=lot.run_id)
    lot.refresh_from_db(fields=["status", "group", "pieces", "schedule"])
    if run.status != RunStatus.PROPOSED or lot.status != LotStatus.PROPOSED:
        raise state_error(_("Only a proposed lot of a run in review can change."), "lot_state")


def _capacity_error(run: AllocationRun, found: list[Overload], field: str) -> ApplicationError:
    """The first overload, in words: the week (its Monday), the machines or the members."""
    over = found[0]
    params = {
        "week": over.week,
        "date": lazy_date(weeks.week_start(run.week1_on, over.week)),
        "need": round(over.need_minutes),
        "cap": round(over.capacity_minutes),
    }
    if over.machine_type and over.machine_type != MachineType.HAND:
        label = dict(MachineType.choices).get(over.machine_type, over.machine_type)
        # Lazy, so that each language of the error names the machines in its own words.
        machine = lazy(lambda: str(label).lower(), str)()
        return invalid(
            field,
            _(
                "Too much for the group's %(machine)s machines in week %(week)s (from "
                "%(date)s): it would need %(need)s sewing minutes of the %(cap)s they have left."
            ),
            "capacity",
            machine=machine,
            **params,
        )
    return invalid(
        field,
        _(
            "Too much for the group in week %(week)s (from %(date)s): it would need "
            "%(need)s sewing minutes of the %(cap)s it has left."
        ),
        "capacity",
        **params,
    )


def _sam_types(offer_pks: list[int]) -> dict[int, dict[str, Decimal]]:
    return {
        pk: sam_by_type(list(o.operations.all()))
        for pk, o in WorkOffer.objects.prefetch_related("operations").in_bulk(offer_pks).items()
    }


def _group_plans(run: AllocationRun, group_id: int) -> dict[int, dict[int, int]]:
    plans: dict[int, dict[int, int]] = {}
    for lot in Lot.objects.filter(run=run, group_id=group_id, status=LotStatus.PROPOSED):
        plans[lot.offer_id] = {t["week"]: int(t["pieces"]) for t in lot.schedule}
    return plans


def _q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


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
    sam_types = _sam_types(list(plans))
    found = overloads(engine, problem.safety_margin, plans, sam_types)
    if found:
        raise _capacity_error(run, found, "pieces")
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
def lot_move(*, user: Any, lot: Lot, group_id: int) -> Lot:
    """Give a proposed lot, whole and in the same weeks, to another group of the run: one with
    every skill and machine type of the style, paid at least its minimum wage, available and
    with room in those weeks (capacity re-checked with the engine's formulas, its other work
    in this run and earlier ones counted)."""
    _reviewable(user, lot)
    run, offer = lot.run, lot.offer
    problem = problem_from_json(run.problem)
    target = next((g for g in problem.groups if g.id == str(group_id)), None)
    if target is None:
        raise invalid(
            "group_id",
            _("This group was not part of the run (not ready, left, or its province has no "
              "minimum wage)."),
            "not_in_run",
        )  # fmt: skip
    if group_id == lot.group_id:
        raise invalid("group_id", _("The lot is already this group's."), "same_group")
    if f"o{offer.pk}" not in target.skills:
        raise invalid(
            "group_id",
            _("This group cannot take the offer: it lacks a skill or a machine type of the "
              "style, gives the work itself, or declined it before."),
            "cannot_sew",
        )  # fmt: skip
    if Lot.objects.filter(
        run=run, offer=offer, group_id=group_id, status=LotStatus.PROPOSED
    ).exists():
        raise invalid(
            "group_id",
            _("This group already has a lot of the offer in this plan: change its pieces."),
            "has_lot",
        )
    sent = next(o for o in problem.offers if o.skill == f"o{offer.pk}")
    earnings = target.earnings_baht_per_member_hour(sent)
    if not target.pays_enough(sent):
        raise invalid(
            "group_id",
            _("At this group's efficiency a member would earn %(earn)s baht an hour, below its "
              "minimum wage of %(floor)s (Home Workers Protection Act, section 16)."),
            "below_floor",
            earn=f"{earnings:,.2f}",
            floor=f"{target.wage_floor_baht_per_hour:,.2f}",
        )  # fmt: skip
    closed = [t["week"] for t in lot.schedule if not target.available(t["week"])]
    if closed:
        raise invalid(
            "group_id",
            _("The group cannot sew in week %(week)s (from %(date)s)."),
            "unavailable",
            week=closed[0],
            date=lazy_date(weeks.week_start(run.week1_on, closed[0])),
        )
    plans = _group_plans(run, group_id)
    plans[offer.pk] = {t["week"]: int(t["pieces"]) for t in lot.schedule}
    sam_types = _sam_types(list(plans))
    found = overloads(target, problem.safety_margin, plans, sam_types)
    if found:
        raise _capacity_error(run, found, "group_id")
    state = group_states([Establishment.objects.get(pk=group_id)])[group_id]
    lot.group_id = group_id
    lot.earnings_per_hour = _q2(Decimal(str(earnings)))
    lot.planning_efficiency = Decimal(str(target.efficiency)).quantize(Decimal("0.001"))
    lot.floor_per_hour = _q2(Decimal(str(target.wage_floor_baht_per_hour)))
    lot.main_income_per_hour = state.main_income_per_hour
    lot.utilisation = utilisation(
        target, problem.safety_margin, plans, sam_types, sorted(plans[offer.pk])
    )
    lot.km = Decimal(str(round(great_circle_km(sent.location_deg, target.location_deg), 1)))
    lot.level_before = Decimal(
        str(round(target.previous_earnings_baht / target.earnings_target(problem.horizon_weeks), 4))
    )
    lot.engine_why = ""
    lot.adjusted = True
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
