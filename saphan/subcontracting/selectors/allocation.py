"""Reads of allocation runs and lots, through the scope; the words that explain a lot's group,
a shortfall and a group left out of a run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saphan.core.scoping import Action, scope_for
from saphan.registry.models import Establishment
from saphan.subcontracting.models import (
    AllocationRun,
    Lot,
    LotStatus,
    RunOffer,
    RunStatus,
    Shortfall,
)

SHORTFALL_REASONS: dict[str, Any] = {
    "no_skill_or_machine": gettext_lazy(
        "No ready group has every skill and machine this style needs."
    ),
    "below_wage_floor": gettext_lazy(
        "It pays below the minimum wage for every group that could sew it (Home Workers "
        "Protection Act, section 16)."
    ),
    "no_group_available": gettext_lazy(
        "No group that could sew it is available before the due date."
    ),
    "capacity": gettext_lazy("Not enough capacity before the due date."),
    "lot_rules": gettext_lazy(
        "The minimum lot and the maximum number of groups leave these pieces out."
    ),
    "window": gettext_lazy(
        "There is no whole week between the materials' release and the due date."
    ),
}
LEFT_OUT_REASONS: dict[str, Any] = {
    "left": gettext_lazy("It left the programme."),
    "not_ready": gettext_lazy(
        "Not ready: intent, five consenting members, machines and a location needed."
    ),
    "no_minimum_wage": gettext_lazy("No minimum wage is recorded for its province."),
}


def shortfall_reason(code: str) -> str:
    return str(SHORTFALL_REASONS.get(code, code))


def left_out_reason(code: str) -> str:
    return str(LEFT_OUT_REASONS.get(code, code))


def lot_reason(lot: Lot) -> str:
    """Why the lot went to this group, in the reader's language."""
    weeks = [t["week"] for t in lot.schedule]
    if not weeks:
        return ""
    params = {
        "weeks": str(weeks[0]) if weeks[0] == weeks[-1] else f"{weeks[0]}–{weeks[-1]}",
        "level": f"{lot.level_before * 100:.0f}",
        "km": f"{lot.km:.0f}",
        "earn": f"{lot.earnings_per_hour:,.2f}",
        "floor": f"{lot.floor_per_hour:,.2f}",
    }
    if lot.adjusted and not lot.engine_why:  # moved to this group in review
        return (
            _(
                "Moved to this group in review, its capacity checked in weeks %(weeks)s; it stood "
                "at %(level)s%% of its earnings target before this plan; it is %(km)s km from the "
                "pick-up point; a member earns %(earn)s baht an hour (minimum wage %(floor)s)."
            )
            % params
        )
    return (
        _(
            "It had room in weeks %(weeks)s; it stood at %(level)s%% of its earnings target before "
            "this plan (groups furthest below go first); it is %(km)s km from the pick-up point; a "
            "member earns %(earn)s baht an hour (minimum wage %(floor)s)."
        )
        % params
    )


def reallocation_note(run: AllocationRun | None) -> str:
    """What happens to a declined lot's pieces, for the officers (pages, the API)."""
    if run is None:
        return _(
            "The offer takes no more work, or all its pieces are placed: the declined pieces "
            "are not re-allocated."
        )
    params = {"run": run.pk, "open": run.waits_for_id or "?"}
    if run.status == RunStatus.WAITING:
        return (
            _(
                "Run #%(open)s of the province is still open: the declined pieces wait in "
                "re-allocation #%(run)s, which starts by itself when run #%(open)s is published or "
                "discarded."
            )
            % params
        )
    if run.status in (RunStatus.QUEUED, RunStatus.RUNNING):
        return _("Re-allocation #%(run)s is being worked out for the declined pieces.") % params
    if run.status == RunStatus.PROPOSED:
        return (
            _(
                "Re-allocation #%(run)s proposes lots for the declined pieces: review and "
                "publish it."
            )
            % params
        )
    return _("Re-allocation #%(run)s: %(status)s.") % {
        **params,
        "status": run.get_status_display(),
    }


def run_base_for_user(user: Any, action: Action = Action.VIEW) -> QuerySet[AllocationRun]:
    return scope_for(user).filter(AllocationRun.objects.all(), action)


def _sum_of(model: Any, field: str, **exclude: Any) -> Any:
    rows = model.objects.filter(run=OuterRef("pk"))
    if exclude:
        rows = rows.exclude(**exclude)
    return Coalesce(Subquery(rows.values("run").annotate(n=Sum(field)).values("n")[:1]), Value(0))


def run_list_for_user(
    user: Any, *, province: str = "", status: str = ""
) -> QuerySet[AllocationRun]:
    """Runs with their pieces asked, placed and short (one query for the page)."""
    runs = run_base_for_user(user).select_related("province", "created_by", "job", "waits_for")
    if province:
        runs = runs.filter(province_id=province)
    if status:
        runs = runs.filter(status=status)
    return runs.annotate(
        asked=_sum_of(RunOffer, "pieces"),
        placed=_sum_of(Lot, "pieces", status=LotStatus.WITHDRAWN),
        short=_sum_of(Shortfall, "pieces"),
    ).order_by("-created_at", "-id")


def run_get_for_user(user: Any, pk: int) -> AllocationRun:
    return (
        run_base_for_user(user)
        .select_related("province", "created_by", "job", "waits_for")
        .get(pk=pk)
    )


def runs_waiting_for(run: AllocationRun) -> QuerySet[AllocationRun]:
    """Re-allocations that start once this run is published or discarded."""
    return AllocationRun.objects.filter(waits_for=run, status=RunStatus.WAITING).order_by("pk")


@dataclass(frozen=True)
class RunPieces:
    asked: int
    placed: int
    short: int


def run_pieces(run: AllocationRun) -> RunPieces:
    asked = RunOffer.objects.filter(run=run).aggregate(n=Sum("pieces"))["n"] or 0
    placed = (
        Lot.objects.filter(run=run)
        .exclude(status=LotStatus.WITHDRAWN)
        .aggregate(n=Sum("pieces"))["n"]
        or 0
    )
    short = Shortfall.objects.filter(run=run).aggregate(n=Sum("pieces"))["n"] or 0
    return RunPieces(asked=asked, placed=placed, short=short)


def run_lots(run: AllocationRun) -> QuerySet[Lot]:
    return (
        Lot.objects.filter(run=run)
        .select_related("group", "offer", "offer__party")
        .order_by("offer__due_on", "offer_id", "group__name_th", "id")
    )


def move_targets(run: AllocationRun) -> dict[int, list[tuple[int, str]]]:
    """For each offer of a run in review, the groups its lots may move to: those the run sent
    to the engine as able to sew it, without a proposed lot of it (two queries)."""
    able: dict[int, list[int]] = {}
    for group in run.problem.get("groups", []):
        for token in group.get("skills", []):
            if token.startswith("o") and token[1:].isdigit():
                able.setdefault(int(token[1:]), []).append(int(group["id"]))
    holding = set(
        Lot.objects.filter(run=run, status=LotStatus.PROPOSED).values_list("offer_id", "group_id")
    )
    ids = sorted({g for groups in able.values() for g in groups})
    names = dict(Establishment.objects.filter(pk__in=ids).values_list("pk", "name_th"))
    return {
        offer: sorted(
            ((g, names.get(g, str(g))) for g in groups if (offer, g) not in holding),
            key=lambda item: (item[1], item[0]),
        )
        for offer, groups in able.items()
    }


def run_shortfalls(run: AllocationRun) -> QuerySet[Shortfall]:
    return Shortfall.objects.filter(run=run).select_related("offer").order_by("offer_id", "code")


def lot_base_for_user(user: Any) -> QuerySet[Lot]:
    """Lots the person may see: officers by province; a group its own; a company the lots of
    its offers."""
    scope = scope_for(user)
    q = scope.province_q(Lot.scope_province_field, Action.VIEW)
    if scope.establishments:
        q |= scope.establishment_q("group_id") | scope.establishment_q("offer__party_id")
    return Lot.objects.filter(q)


def lot_list_for_user(
    user: Any,
    *,
    status: str = "",
    group: int | None = None,
    offer: int | None = None,
    party: int | None = None,
    hide_proposed: bool = False,
) -> QuerySet[Lot]:
    lots = lot_base_for_user(user)
    if status:
        lots = lots.filter(status=status)
    if group:
        lots = lots.filter(group_id=group)
    if offer:
        lots = lots.filter(offer_id=offer)
    if party:
        lots = lots.filter(offer__party_id=party)
    if hide_proposed:
        lots = lots.exclude(status__in=(LotStatus.PROPOSED, LotStatus.WITHDRAWN))
    return lots.select_related("group", "offer", "offer__party", "run").order_by(
        "-created_at", "-id"
    )


def lot_get_for_user(user: Any, pk: int) -> Lot:
    lot = (
        lot_base_for_user(user)
        .select_related(
            "group", "group__province", "offer", "offer__party", "offer__province", "run"
        )
        .get(pk=pk)
    )
    scope = scope_for(user)
    # A group sees a lot only once it is offered to it (not while officers review the plan).
    if lot.status in (LotStatus.PROPOSED, LotStatus.WITHDRAWN) and not scope.allows(
        lot.run.province_id, Action.VIEW
    ):
        raise Lot.DoesNotExist
    return lot
