"""Allocation runs: start one (inline, or as a background job when large), solve it and save the
engine's plan as proposed lots; re-allocate what a group declines."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from engines.allocation import Result, problem_to_json, result_to_json, solve
from saphan.core.jobs import job_start
from saphan.core.models import Province
from saphan.subcontracting import access, weeks
from saphan.subcontracting.capacity import utilisation
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
)
from saphan.subcontracting.selectors.offers import (
    committed_pieces_of,
    open_offers,
    remaining_pieces,
)
from saphan.subcontracting.selectors.problem import Built, build_problem
from saphan.subcontracting.services.common import forbidden, invalid, state_error

JOB_KIND = "subcontracting.allocate"
OPEN = (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.PROPOSED)
Progress = Callable[[int, int, str], None]
logger = logging.getLogger(__name__)


def _open_run(province_code: str) -> AllocationRun | None:
    return AllocationRun.objects.filter(province_id=province_code, status__in=OPEN).first()


def _lock_province(province_code: str) -> None:
    """Runs of one province start one at a time (the open-run check, then the new run)."""
    Province.objects.select_for_update().filter(code=province_code).first()


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
    if not Province.objects.filter(code=province_code).exists():
        raise invalid(
            "province_code", _("No province has the code %(code)s."), "unknown", code=province_code
        )
    if not access.may_plan(user, province_code):
        raise forbidden()
    today = timezone.localdate()
    if week1_on is not None and week1_on < today:
        raise invalid("week1_on", _("Week 1 cannot start before today."), "past")
    if not Decimal(0) <= safety_margin <= Decimal("0.5"):
        raise invalid(
            "safety_margin", _("The safety margin is a share between 0 and 0.5."), "range"
        )
    _lock_province(province_code)
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
    committed = committed_pieces_of([o.pk for o in offers])
    asked = [(o, left) for o in offers if (left := o.pieces - committed.get(o.pk, 0)) > 0]
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


def _launch(run: AllocationRun, user: Any, offers: int, *, background: bool = False) -> None:
    """Solve now when small (unless `background`), else as the allocation job."""
    small = _pairs(run.province_id, offers) <= settings.SAPHAN_SUBCONTRACTING_INLINE_PAIRS
    if small and not background:
        run_execute(run.pk, raise_errors=False)
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
    """After a decline: a run restricted to the declined pieces, without the groups that
    declined this offer. When another run of the province is open, the pieces join the
    province's waiting re-allocation (made if need be), which starts by itself once that run
    is published or discarded (`release_waiting`). None only when there is nothing to
    re-allocate: the offer takes no more work, or its pieces are all placed."""
    offer = lot.offer
    province = lot.run.province_id
    if offer.status != OfferStatus.POSTED:
        return None
    pieces = min(lot.pieces, remaining_pieces(offer))
    if pieces <= 0:
        return None
    _lock_province(province)
    current = _open_run(province)
    waiting = AllocationRun.objects.filter(province_id=province, status=RunStatus.WAITING).first()
    if current is None and waiting is None:
        run = _reallocation(user, lot, RunStatus.QUEUED, None)
        RunOffer.objects.create(run=run, offer=offer, pieces=pieces)
        _launch(run, user, 1)
        return run
    if waiting is None:
        waiting = _reallocation(user, lot, RunStatus.WAITING, current)
    asked, _made = RunOffer.objects.get_or_create(run=waiting, offer=offer, defaults={"pieces": 0})
    asked.pieces = min(asked.pieces + pieces, remaining_pieces(offer))
    asked.save(update_fields=["pieces"])
    return waiting


def _reallocation(
    user: Any, lot: Lot, status: str, waits_for: AllocationRun | None
) -> AllocationRun:
    return AllocationRun.objects.create(
        province_id=lot.run.province_id,
        kind=RunKind.REALLOCATION,
        declined_lot=lot,
        status=status,
        waits_for=waits_for,
        week1_on=weeks.week_one(timezone.localdate()),
        safety_margin=lot.run.safety_margin,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


def release_waiting(*, user: Any, province_code: str) -> AllocationRun | None:
    """Start the province's waiting re-allocation (its open run was just published or
    discarded), as a background job so that publishing never waits for it. What was declined
    is asked again as far as it is still left; with nothing left it is discarded, saying why."""
    waiting = (
        AllocationRun.objects.select_for_update()
        .filter(province_id=province_code, status=RunStatus.WAITING)
        .first()
    )
    if waiting is None:
        return None
    rows = list(RunOffer.objects.filter(run=waiting).select_related("offer"))
    committed = committed_pieces_of([r.offer_id for r in rows])
    live = 0
    for row in rows:
        left = row.offer.pieces - committed.get(row.offer_id, 0)
        row.pieces = min(row.pieces, left) if row.offer.status == OfferStatus.POSTED else 0
        if row.pieces > 0:
            row.save(update_fields=["pieces"])
            live += 1
        else:
            row.delete()
    if not live:
        # Its page says why (a re-allocation discarded with nothing asked).
        waiting.status = RunStatus.DISCARDED
        waiting.save(update_fields=["status"])
        return waiting
    waiting.status = RunStatus.QUEUED
    waiting.week1_on = max(waiting.week1_on, weeks.week_one(timezone.localdate()))
    waiting.save(update_fields=["status", "week1_on"])
    _launch(waiting, user, live, background=True)
    return waiting


def run_execute(
    run_id: int, progress: Progress | None = None, *, raise_errors: bool = True
) -> dict[str, Any]:
    """Build the problem, solve it, save the plan. Safe to run again (a retried job). A solve
    that fails marks the run failed with the engine's message; a job re-raises (so the job
    shows it failed), an inline run does not (its page shows it, instead of an error page)."""
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
        logger.exception("allocation run %s failed", run.pk)
        AllocationRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        if raise_errors:
            raise
        return {"run": run.pk, "status": RunStatus.FAILED}
    report(2, 3, str(_("Saving the plan")))
    lots = _save_plan(run, built, result)
    report(3, 3, str(pgettext_lazy("job", "Done")))
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
                    schedule=schedule_json(run.week1_on, tranches),
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


def schedule_json(week1: dt.date, tranches: list[tuple[int, int]]) -> list[dict[str, Any]]:
    return [
        {
            "week": w,
            "pieces": n,
            "starts_on": weeks.week_start(week1, w).isoformat(),
            "ends_on": weeks.week_end(week1, w).isoformat(),
        }
        for w, n in tranches
    ]
