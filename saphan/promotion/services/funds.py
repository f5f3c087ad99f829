"""Writes of funds: funds, their activities and budget lines, commitments and spending. Going
past what remains (a line's budget, or a fund's amount when lines are added) needs a manager's
override with a reason, kept as a BudgetOverride and in the history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.errors import ApplicationError
from saphan.core.scoping import Action
from saphan.core.thai import format_baht
from saphan.promotion.figures import line_figures
from saphan.promotion.models import (
    Activity,
    BudgetLine,
    BudgetOverride,
    Commitment,
    Fund,
    OverrideKind,
    Spending,
)
from saphan.promotion.services.common import (
    assign,
    clean,
    forbidden,
    invalid,
    office_allowed,
    require_office,
    unknown_fields,
)

FUND_FIELDS = ("name", "source", "source_note", "amount", "fiscal_year", "note")
ACTIVITY_FIELDS = ("name", "description", "starts_on", "ends_on")
ENTRY_FIELDS = ("on", "amount", "description", "reference")


@transaction.atomic
def fund_create(*, user: Any, office: Any, data: dict[str, Any]) -> Fund:
    require_office(user, office, Action.MANAGE)
    unknown_fields(data, FUND_FIELDS)
    fund = Fund(office=office, **data)
    clean(fund, exclude=["office"])
    fund.save()
    return fund


@transaction.atomic
def fund_update(*, user: Any, fund: Fund, data: dict[str, Any]) -> Fund:
    require_office(user, fund.office_id, Action.MANAGE)
    unknown_fields(data, FUND_FIELDS)
    fund = Fund.objects.select_for_update().get(pk=fund.pk)
    changed = assign(fund, data)
    clean(fund, exclude=["office"])
    if "amount" in changed:
        allocated = sum((line.planned for line in _fund_lines(fund)), Decimal("0"))
        if fund.amount < allocated:
            raise invalid(
                "amount",
                _("The budget lines already take %(allocated)s: the fund cannot be smaller."),
                "below_allocated",
                allocated=format_baht(allocated),
            )
    if changed:
        fund.save(update_fields=changed)
    return fund


def _fund_lines(fund: Fund) -> list[BudgetLine]:
    return list(BudgetLine.objects.filter(activity__fund=fund))


@transaction.atomic
def activity_create(*, user: Any, fund: Fund, data: dict[str, Any]) -> Activity:
    require_office(user, fund.office_id, Action.CHANGE)
    unknown_fields(data, ACTIVITY_FIELDS)
    activity = Activity(fund=fund, **data)
    _check_activity(activity)
    activity.save()
    return activity


@transaction.atomic
def activity_update(*, user: Any, activity: Activity, data: dict[str, Any]) -> Activity:
    require_office(user, activity.fund.office_id, Action.CHANGE)
    unknown_fields(data, ACTIVITY_FIELDS)
    changed = assign(activity, data)
    _check_activity(activity)
    if changed:
        activity.save(update_fields=changed)
    return activity


def _check_activity(activity: Activity) -> None:
    clean(activity, exclude=["fund"])
    if activity.starts_on and activity.ends_on and activity.ends_on < activity.starts_on:
        raise invalid("ends_on", _("The activity ends before it starts."), "date_order")


def _override(
    *, user: Any, fund: Fund, reason: str, over_by: Decimal, left: Decimal, what: Any
) -> str:
    """Allow going past the limit only with a manager's reason; the reason, cleaned."""
    reason = (reason or "").strip()
    if not reason:
        message = _(
            "%(what)s goes over by %(over)s (%(left)s left). A manager may allow it with a reason."
        )
        params = {"what": what, "over": format_baht(over_by), "left": format_baht(left)}
        raise ApplicationError(
            message,
            code="over_budget",
            status=409,
            fields={
                "override_reason": [ValidationError(message, code="override_needed", params=params)]
            },
            params=params,
        )
    if not office_allowed(user, fund.office_id, Action.MANAGE):
        raise forbidden(_("Only a manager of the fund's office may allow going over the budget."))
    return reason


@transaction.atomic
def line_create(
    *, user: Any, activity: Activity, name: str, planned: Decimal, override_reason: str = ""
) -> BudgetLine:
    """A budget line; lines above the fund's amount need a manager's override."""
    fund = Fund.objects.select_for_update().get(pk=activity.fund_id)
    require_office(user, fund.office_id, Action.CHANGE)
    line = BudgetLine(activity=activity, name=name, planned=planned)
    clean(line, exclude=["activity"])
    allocated = sum((x.planned for x in _fund_lines(fund)), Decimal("0"))
    over_by = allocated + planned - fund.amount
    reason = ""
    if over_by > 0:
        reason = _override(
            user=user,
            fund=fund,
            reason=override_reason,
            over_by=over_by,
            left=fund.amount - allocated,
            what=_("This budget line"),
        )
    line.save()
    if reason:
        BudgetOverride.objects.create(
            fund=fund,
            line=line,
            kind=OverrideKind.ALLOCATION,
            amount=planned,
            over_by=over_by,
            reason=reason,
            approved_by=user,
        )
    return line


def _line_used_after(
    line: BudgetLine,
    *,
    commitment: Decimal = Decimal("0"),
    spending: Decimal = Decimal("0"),
    pays: int | None = None,
) -> tuple[Decimal, Decimal]:
    """(used before, used after) the new entry."""
    commitments = [(c.reverses_id or c.pk, c.amount) for c in line.commitments.all()]
    spendings = [(s.amount, s.commitment_id) for s in line.spendings.all()]
    before = line_figures(line.planned, commitments, spendings)
    if commitment:
        commitments.append((-1, commitment))
    if spending:
        spendings.append((spending, pays))
    after = line_figures(line.planned, commitments, spendings)
    return before.used, after.used


def _entry(data: dict[str, Any]) -> dict[str, Any]:
    unknown_fields(data, ENTRY_FIELDS)
    return data


def _save_with_override(
    *,
    user: Any,
    fund: Fund,
    line: BudgetLine,
    entry: Commitment | Spending,
    kind: str,
    used: tuple[Decimal, Decimal],
    override_reason: str,
    what: Any,
) -> None:
    """Save a commitment or a payment; past the line's budget only with a manager's reason,
    kept as a BudgetOverride. `used` is what the line uses before and after the entry (a
    payment of an open commitment does not add to it)."""
    before, after = used
    reason = ""
    if after > line.planned and after > before:
        reason = _override(
            user=user,
            fund=fund,
            reason=override_reason,
            over_by=after - line.planned,
            left=line.planned - before,
            what=what,
        )
    entry.save()
    if reason:
        BudgetOverride.objects.create(
            fund=fund,
            line=line,
            kind=kind,
            amount=entry.amount,
            over_by=after - line.planned,
            reason=reason,
            approved_by=user,
            **{kind: entry},
        )


def _locked_line(user: Any, line: BudgetLine) -> tuple[BudgetLine, Fund]:
    line = BudgetLine.objects.select_for_update().select_related("activity__fund").get(pk=line.pk)
    require_office(user, line.activity.fund.office_id, Action.CHANGE)
    return line, line.activity.fund


@transaction.atomic
def commitment_add(
    *, user: Any, line: BudgetLine, data: dict[str, Any], override_reason: str = ""
) -> Commitment:
    line, fund = _locked_line(user, line)
    commitment = Commitment(line=line, created_by=user, **_entry(data))
    clean(commitment, exclude=["line", "created_by"])
    _save_with_override(
        user=user,
        fund=fund,
        line=line,
        entry=commitment,
        kind=OverrideKind.COMMITMENT,
        used=_line_used_after(line, commitment=commitment.amount),
        override_reason=override_reason,
        what=_("This commitment"),
    )
    return commitment


@transaction.atomic
def spending_add(
    *,
    user: Any,
    line: BudgetLine,
    data: dict[str, Any],
    commitment: Commitment | None = None,
    override_reason: str = "",
) -> Spending:
    """Money paid; paying a commitment uses what it promised first."""
    line, fund = _locked_line(user, line)
    if commitment is not None and commitment.line_id != line.pk:
        raise invalid(
            "commitment", _("This commitment belongs to another budget line."), "wrong_line"
        )
    if commitment is not None and (
        commitment.reverses_id is not None
        or Commitment.objects.filter(reverses=commitment).exists()
    ):
        raise invalid("commitment", _("This commitment was reversed."), "reversed")
    spending = Spending(line=line, commitment=commitment, created_by=user, **_entry(data))
    clean(spending, exclude=["line", "created_by", "commitment"])
    _save_with_override(
        user=user,
        fund=fund,
        line=line,
        entry=spending,
        kind=OverrideKind.SPENDING,
        used=_line_used_after(
            line, spending=spending.amount, pays=commitment.pk if commitment else None
        ),
        override_reason=override_reason,
        what=_("This payment"),
    )
    return spending


def _reversal_checks(entry: Commitment | Spending, reason: str) -> str:
    if entry.reverses_id is not None:
        raise ApplicationError(
            _("This entry is itself a reversal: record the right entry again instead."),
            code="entry_is_reversal",
            status=409,
        )
    if type(entry).objects.filter(reverses_id=entry.pk).exists():
        raise ApplicationError(
            _("This entry is already reversed."), code="entry_reversed", status=409
        )
    reason = (reason or "").strip()
    if not reason:
        raise invalid("reason", _("Say why the entry is reversed."), "required")
    return reason


@transaction.atomic
def commitment_reverse(*, user: Any, commitment: Commitment, reason: str) -> Commitment:
    """Undo a wrong commitment by a reversal entry (kept with the original in the history);
    payments against it must be reversed first. Record the right one anew if there is one."""
    line, _fund = _locked_line(user, commitment.line)
    commitment = Commitment.objects.get(pk=commitment.pk)
    reason = _reversal_checks(commitment, reason)
    standing = commitment.spendings.filter(reverses__isnull=True, reversal__isnull=True)
    if standing.exists():
        raise ApplicationError(
            _("Payments are recorded against this commitment: reverse them first."),
            code="commitment_paid",
            status=409,
        )
    reversal = Commitment(
        line=line,
        on=timezone.localdate(),
        amount=-commitment.amount,
        description=commitment.description,
        reference=commitment.reference,
        reverses=commitment,
        reason=reason,
        created_by=user,
    )
    clean(reversal, exclude=["line", "created_by"])
    reversal.save()
    return reversal


@transaction.atomic
def spending_reverse(*, user: Any, spending: Spending, reason: str) -> Spending:
    """Undo a wrong payment by a reversal entry (kept with the original in the history); the
    commitment it paid is open again by as much."""
    line, _fund = _locked_line(user, spending.line)
    spending = Spending.objects.get(pk=spending.pk)
    reason = _reversal_checks(spending, reason)
    reversal = Spending(
        line=line,
        commitment_id=spending.commitment_id,
        on=timezone.localdate(),
        amount=-spending.amount,
        description=spending.description,
        reference=spending.reference,
        reverses=spending,
        reason=reason,
        created_by=user,
    )
    clean(reversal, exclude=["line", "created_by", "commitment"])
    reversal.save()
    return reversal
