"""Allocation runs: start one (inline, or as a background job when large), save the engine's plan
as proposed lots, adjust them in review, publish them to the groups, or discard the run."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engines.allocation import Group, problem_from_json, problem_to_json, result_to_json, solve
from engines.allocation.model import Result
from saphan.core.jobs import job_start
from saphan.subcontracting import access, weeks
from saphan.subcontracting.models import (
    AllocationRun,
    GroupProfile,
    Lot,
    LotStatus,
    OfferStatus,
    RunKind,
    RunOffer,
    RunStatus,
    Shortfall,
    WorkOffer,
)
from saphan.subcontracting.selectors.offers import (
    committed_pieces,
    open_offers,
    remaining_pieces,
    sam_by_type,
)
from saphan.subcontracting.selectors.problem import Built, build_problem
from saphan.subcontracting.services.common import forbidden, invalid, state_error

JOB_KIND = "subcontracting.allocate"
OPEN = (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.PROPOSED)
EPS = 1e-6
Progress = Callable[[int, int, str], None]

# ---------------------------------------------------------------------------------------------
# Capacity: the engine's own definitions, reused to check what people change in review.


@dataclass(frozen=True)
class Overload:
    week: int
    machine_type: str  # "" for the group's total sewing minutes
    need_minutes: float
    capacity_minutes: float


def overloads(
    group: Group,
    safety_margin: float,
    plans: dict[int, dict[int, int]],  # offer pk → {week: pieces}
    sam_types: dict[int, dict[str, Decimal]],
) -> list[Overload]:
    """Weeks (and machine types) where `plans` plus the group's booked work would exceed its
    capacity after the margin: never allowed."""
    good = 1.0 - group.reject_rate
    total: dict[int, float] = {}
    by_type: dict[tuple[int, str], float] = {}
    for offer_pk, schedule in plans.items():
        for week, pieces in schedule.items():
            for kind, sam in sam_types[offer_pk].items():
                minutes = pieces * float(sam) / good
                total[week] = total.get(week, 0.0) + minutes
                by_type[(week, kind)] = by_type.get((week, kind), 0.0) + minutes
    found = []
    for week, need in sorted(total.items()):
        cap = group.week_minutes(week, safety_margin)
        if need > cap + EPS:
            found.append(Overload(week, "", need, cap))
    for (week, kind), need in sorted(by_type.items()):
        cap = group.machine_week_minutes(kind, week, safety_margin)
        if need > cap + EPS:
            found.append(Overload(week, kind, need, cap))
    return found


def utilisation(
    group: Group,
    safety_margin: float,
    plans: dict[int, dict[int, int]],
    sam_types: dict[int, dict[str, Decimal]],
    lot_weeks: list[int],
) -> Decimal:
    """Peak share of the group's capacity (after the margin) in use in the lot's weeks, its
    booked work included."""
    free = dataclasses.replace(group, booked=())
    good = 1.0 - group.reject_rate
    peak = 0.0
    for week in lot_weeks:
        gross = free.week_minutes(week, safety_margin)
        used = group.booked_minutes(week) + sum(
            schedule.get(week, 0) * float(sum(sam_types[o].values())) / good
            for o, schedule in plans.items()
        )
        if gross > 0:
            peak = max(peak, used / gross)
    return Decimal(str(round(peak, 3)))


# ---------------------------------------------------------------------------------------------
# Runs


def _open_run(province_code: str) -> AllocationRun | None:
    return AllocationRun.objects.filter(province_id=province_code, status__in=OPEN).first()


def _pairs(province_code: str, offers: int) -> int:
    groups = GroupProfile.objects.filter(
        establishment__province_id=province_code, left_on__isnull=True
    ).count()
    return offers * groups


@transaction.atomic
def run_start(
    *,
    user: Any,
    province_code: str,
    week1_on: dt.date | None = None,
    safety_margin: Decimal = Decimal("0.10"),
    offer_ids: list[int] | None = None,
) -> AllocationRun:
    """Allocate what is left of the province's posted offers over its ready groups."""
    if not access.may_plan(user, province_code):
        raise forbidden()
    today = timezone.localdate()
    if week1_on is not None and week1_on < today:
        raise invalid("week1_on", _("Week 1 cannot start before today."), "past")
    if not Decimal(0) <= safety_margin <= Decimal("0.5"):
        raise invalid(
            "safety_margin", _("The safety margin is a share between 0 and 0.5."), "range"
        )
    current = _open_run(province_code)
    if current is not None:
        raise state_error(
            _("Run #%(run)s of this province is still open: publish or discard it first."),
            "run_open",
            run=current.pk,
        )
    offers = list(open_offers(province_code))
    if offer_ids is not None:
        offers = [o for o in offers if o.pk in set(offer_ids)]
    asked = [(o, left) for o in offers if (left := remaining_pieces(o)) > 0]
    if not asked:
        raise invalid(
            "offers", _("No posted offer of this province has pieces left to allocate."), "empty"
        )
    run = AllocationRun.objects.create(
        province_id=province_code,
        kind=RunKind.PLAN,
        week1_on=weeks.week_one(week1_on or today),
        safety_margin=safety_margin,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    RunOffer.objects.bulk_create([RunOffer(run=run, offer=o, pieces=n) for o, n in asked])
    _launch(run, user, len(asked))
    return run


def _launch(run: AllocationRun, user: Any, offers: int) -> None:
    if _pairs(run.province_id, offers) <= settings.SAPHAN_SUBCONTRACTING_INLINE_PAIRS:
        run_execute(run.pk)
        run.refresh_from_db()
        return
    job = job_start(
        kind=JOB_KIND,
        params={"run_id": run.pk},
        user=user if getattr(user, "is_authenticated", False) else None,
        message=str(_("Allocation run #%(run)s") % {"run": run.pk}),
    )
    run.job = job
    run.save(update_fields=["job"])


def reallocation_start(*, user: Any, lot: Lot) -> AllocationRun | None:
    """After a decline: another run restricted to the declined pieces, without the groups that
    declined this offer. None when another run of the province is open (its officers re-run
    once they have published or discarded it) or the offer no longer takes work."""
    offer = lot.offer
    if offer.status != OfferStatus.POSTED or _open_run(lot.run.province_id) is not None:
        return None
    pieces = min(lot.pieces, remaining_pieces(offer))
    if pieces <= 0:
        return None
    run = AllocationRun.objects.create(
        province_id=lot.run.province_id,
        kind=RunKind.REALLOCATION,
        declined_lot=lot,
        week1_on=weeks.week_one(timezone.localdate()),
        safety_margin=lot.run.safety_margin,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    RunOffer.objects.create(run=run, offer=offer, pieces=pieces)
    _launch(run, user, 1)
    return run


def run_execute(run_id: int, progress: Progress | None = None) -> dict[str, Any]:
    """Build the problem, solve it, save the plan. Safe to run again (a retried job)."""
    report = progress or (lambda done, total, message: None)
    run = AllocationRun.objects.get(pk=run_id)
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.FAILED):
        return {"run": run.pk, "status": run.status}
    AllocationRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, error="")
    asked = [
        (ro.offer, ro.pieces)
        for ro in RunOffer.objects.filter(run=run)
        .select_related("offer__party")
        .prefetch_related("offer__operations", "offer__stages")
    ]
    report(0, 3, str(_("Reading offers and groups")))
    built = build_problem(
        province_code=run.province_id,
        week1=run.week1_on,
        asked=asked,
        safety_margin=run.safety_margin,
    )
    report(1, 3, str(_("Solving")))
    try:
        result = solve(built.problem, time_limit_s=settings.SAPHAN_SUBCONTRACTING_TIME_LIMIT)
    except Exception as exc:
        AllocationRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    report(2, 3, str(_("Saving the plan")))
    lots = _save_plan(run, built, result)
    report(3, 3, str(_("Done")))
    return {"run": run.pk, "lots": lots, "status": result.status}


def _q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def _save_plan(run: AllocationRun, built: Built, result: Result) -> int:
    Lot.objects.filter(run=run, status=LotStatus.PROPOSED).delete()
    Shortfall.objects.filter(run=run).delete()
    margin = float(run.safety_margin)
    # Lots by (offer, group): stages of one offer merge into one lot with one schedule.
    plans: dict[str, dict[int, dict[int, int]]] = {}  # group id → offer pk → {week: pieces}
    dues: dict[tuple[int, str], dt.date] = {}
    km: dict[tuple[int, str], float] = {}
    why: dict[tuple[int, str], str] = {}
    short: dict[tuple[int, str], int] = {}
    for lot in result.lots:
        sent = built.offers[lot.offer_id]
        key = (sent.offer.pk, lot.group_id)
        schedule = plans.setdefault(lot.group_id, {}).setdefault(sent.offer.pk, {})
        for tranche in lot.schedule:
            schedule[tranche.week] = schedule.get(tranche.week, 0) + tranche.pieces
        dues[key] = max(dues.get(key, sent.due_on), sent.due_on)
        km[key] = lot.km
        why.setdefault(key, lot.why)
    for gap in result.unallocated:
        offer = built.offers[gap.offer_id].offer
        short[(offer.pk, gap.code)] = short.get((offer.pk, gap.code), 0) + gap.pieces
    for offer, pieces, code in built.skipped:
        short[(offer.pk, code)] = short.get((offer.pk, code), 0) + pieces
    offers = {s.offer.pk: s.offer for s in built.offers.values()}
    levels = {g.group_id: g.earnings_level_before for g in result.groups}
    new_lots: list[Lot] = []
    for group_id, group_plans in sorted(plans.items()):
        sent_group = built.groups[group_id]
        engine = sent_group.engine
        for offer_pk, schedule in sorted(group_plans.items()):
            tranches = sorted((w, n) for w, n in schedule.items() if n > 0)
            if not tranches:
                continue
            offer = offers[offer_pk]
            key = (offer_pk, group_id)
            sam = built.sam[offer_pk]
            earnings = _q2(
                offer.piece_rate_baht
                * 60
                * sent_group.efficiency
                * (1 - sent_group.reject_rate)
                / sam
            )
            new_lots.append(
                Lot(
                    run=run,
                    offer=offer,
                    group_id=int(group_id),
                    pieces=sum(n for _, n in tranches),
                    schedule=_schedule_json(run.week1_on, tranches),
                    finish_on=weeks.week_end(run.week1_on, tranches[-1][0]),
                    due_on=dues[key],
                    earnings_per_hour=earnings,
                    planning_efficiency=sent_group.efficiency,
                    floor_per_hour=sent_group.floor_per_hour,
                    main_income_per_hour=sent_group.state.main_income_per_hour,
                    utilisation=utilisation(
                        engine, margin, group_plans, built.sam_types, [w for w, _ in tranches]
                    ),
                    km=Decimal(str(km[key])),
                    level_before=Decimal(str(levels.get(group_id, 0.0))),
                    engine_why=why[key][:500],
                )
            )
    Lot.objects.bulk_create(new_lots)
    Shortfall.objects.bulk_create(
        [
            Shortfall(run=run, offer_id=offer_pk, pieces=pieces, code=code)
            for (offer_pk, code), pieces in sorted(short.items())
            if pieces > 0
        ]
    )
    payload = result_to_json(result)
    run.horizon_weeks = built.problem.horizon_weeks
    run.engine_status = result.status
    run.objective = dict(payload["objective"])  # type: ignore[call-overload]
    run.problem = problem_to_json(built.problem)
    run.left_out = built.left_out
    run.status = RunStatus.PROPOSED
    run.finished_at = timezone.now()
    run.save()
    return len(new_lots)


def _schedule_json(week1: dt.date, tranches: list[tuple[int, int]]) -> list[dict[str, Any]]:
    return [
        {
            "week": w,
            "pieces": n,
            "starts_on": weeks.week_start(week1, w).isoformat(),
            "ends_on": weeks.week_end(week1, w).isoformat(),
        }
        for w, n in tranches
    ]


# ---------------------------------------------------------------------------------------------
# Review


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
    lot.schedule = _schedule_json(run.week1_on, tranches)
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
    for lot in lots:
        offer = lot.offer
        if offer.status != OfferStatus.POSTED:
            raise state_error(
                _("Offer “%(offer)s” was closed or cancelled since this run: discard it."),
                "offer_state",
                offer=offer.title,
            )
        if committed_pieces(offer) + by_offer[offer.pk] > offer.pieces:
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
    return run


@transaction.atomic
def run_discard(*, user: Any, run: AllocationRun) -> AllocationRun:
    if not access.may_plan(user, run.province_id):
        raise forbidden()
    if run.status not in (RunStatus.PROPOSED, RunStatus.FAILED, RunStatus.QUEUED):
        raise state_error(
            _("Only a run in review (or a failed one) can be discarded."), "run_state"
        )
    Lot.objects.filter(run=run, status=LotStatus.PROPOSED).update(status=LotStatus.WITHDRAWN)
    run.status = RunStatus.DISCARDED
    run.save(update_fields=["status"])
    return run
