"""Reads of funds with their figures (what is allocated, committed, spent and what remains),
through the scope of the fund's owning office."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from saphan.core.scoping import Action
from saphan.promotion.figures import FundFigures, LineFigures, fund_figures, line_figures
from saphan.promotion.models import (
    Activity,
    BudgetLine,
    BudgetOverride,
    Commitment,
    Fund,
    Spending,
)
from saphan.promotion.selectors.common import office_scoped


def figures_of_line(line: BudgetLine) -> LineFigures:
    """The line's figures from its (prefetched) entries; a reversal counts under the
    commitment it reverses (figures.py)."""
    return line_figures(
        line.planned,
        [(c.reverses_id or c.pk, c.amount) for c in line.commitments.all()],
        [(s.amount, s.commitment_id) for s in line.spendings.all()],
    )


@dataclass(frozen=True)
class FundRow:
    fund: Fund
    figures: FundFigures

    @property
    def remaining(self) -> Any:
        return self.figures.remaining


def _with_lines(funds: QuerySet[Fund]) -> QuerySet[Fund]:
    return funds.prefetch_related(
        Prefetch(
            "activities__lines",
            queryset=BudgetLine.objects.prefetch_related("commitments", "spendings"),
        )
    )


def fund_list_for_user(user: Any, *, year: int | None = None) -> list[FundRow]:
    funds = office_scoped(user, Fund.objects.select_related("office"))
    if year:
        funds = funds.filter(fiscal_year=year)
    rows = []
    for fund in _with_lines(funds.order_by("-fiscal_year", "name", "id")):
        lines = [figures_of_line(line) for a in fund.activities.all() for line in a.lines.all()]
        rows.append(FundRow(fund, fund_figures(fund.amount, lines)))
    return rows


def fund_get_for_user(user: Any, pk: int, action: Action = Action.VIEW) -> Fund:
    return office_scoped(user, Fund.objects.select_related("office"), action).get(pk=pk)


@dataclass(frozen=True)
class ActivityRow:
    activity: Activity
    lines: list[tuple[BudgetLine, LineFigures]]

    @property
    def budget(self) -> Any:
        return sum((f.budget for _l, f in self.lines), 0)

    @property
    def used(self) -> Any:
        return sum((f.used for _l, f in self.lines), 0)

    @property
    def remaining(self) -> Any:
        return sum((f.remaining for _l, f in self.lines), 0)


def fund_detail(fund: Fund) -> tuple[FundFigures, list[ActivityRow], list[BudgetOverride]]:
    fund = _with_lines(Fund.objects.filter(pk=fund.pk)).get()
    activities = []
    all_lines = []
    for activity in fund.activities.all():
        lines = [(line, figures_of_line(line)) for line in activity.lines.all()]
        all_lines += [f for _l, f in lines]
        activities.append(ActivityRow(activity, lines))
    overrides = list(fund.overrides.select_related("line", "approved_by").order_by("-approved_at"))
    return fund_figures(fund.amount, all_lines), activities, overrides


def activity_get_for_user(user: Any, pk: int, action: Action = Action.VIEW) -> Activity:
    funds = office_scoped(user, Fund.objects.all(), action)
    return Activity.objects.select_related("fund__office").get(pk=pk, fund__in=funds)


@dataclass(frozen=True)
class EntryRow:
    """A commitment or a payment as the activity page lists it."""

    kind: str  # "commitment" or "spending"
    entry: Commitment | Spending
    reversed: bool  # a later entry reverses it


def activity_detail(activity: Activity) -> ActivityRow:
    lines = BudgetLine.objects.filter(activity=activity).prefetch_related(
        "commitments__created_by", "spendings__created_by", "spendings__commitment", "overrides"
    )
    return ActivityRow(activity, [(line, figures_of_line(line)) for line in lines])


def line_entries(line: BudgetLine) -> list[EntryRow]:
    """The line's (prefetched) commitments and payments in date order, each marked when a
    reversal undoes it."""
    entries: list[tuple[str, Commitment | Spending]] = [
        *(("commitment", c) for c in line.commitments.all()),
        *(("spending", s) for s in line.spendings.all()),
    ]
    reversed_ids = {(kind, e.reverses_id) for kind, e in entries if e.reverses_id}
    rows = [EntryRow(kind, e, (kind, e.pk) in reversed_ids) for kind, e in entries]
    return sorted(rows, key=lambda r: (r.entry.on, r.entry.created_at, r.kind, r.entry.pk))


def activity_lines(activity: Activity) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(activity=activity).order_by("id")


def open_commitments(lines: QuerySet[BudgetLine]) -> QuerySet[Commitment]:
    """Commitments a payment may settle: neither reversals nor reversed."""
    return Commitment.objects.filter(
        line__in=lines, reverses__isnull=True, reversal__isnull=True
    ).order_by("on", "id")


def commitment_get_for_user(user: Any, pk: int, action: Action = Action.CHANGE) -> Commitment:
    funds = office_scoped(user, Fund.objects.all(), action)
    return Commitment.objects.select_related("line__activity__fund").get(
        pk=pk, line__activity__fund__in=funds
    )


def spending_get_for_user(user: Any, pk: int, action: Action = Action.CHANGE) -> Spending:
    funds = office_scoped(user, Fund.objects.all(), action)
    return Spending.objects.select_related("line__activity__fund").get(
        pk=pk, line__activity__fund__in=funds
    )


def entry_get_for_user(user: Any, kind: str, pk: int) -> Commitment | Spending:
    """A commitment or a payment (by `kind`) of a fund the person may change."""
    if kind == "commitment":
        return commitment_get_for_user(user, pk)
    return spending_get_for_user(user, pk)


def line_get_for_user(user: Any, pk: int, action: Action = Action.CHANGE) -> BudgetLine:
    funds = office_scoped(user, Fund.objects.all(), action)
    return BudgetLine.objects.select_related("activity__fund").get(pk=pk, activity__fund__in=funds)


def activities_for_user(user: Any) -> QuerySet[Activity]:
    funds = office_scoped(user, Fund.objects.all())
    return (
        Activity.objects.filter(fund__in=funds)
        .select_related("fund")
        .order_by("-fund__fiscal_year", "fund__name", "name")
    )
