"""Measures of groups from their receipts: on-time rate, reject rate, measured efficiency and
earnings per member-hour (what planning uses once receipts exist, and what the dashboard shows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from saphan.core.thai import format_date
from saphan.registry.selectors import establishment_base_for_user
from saphan.subcontracting import weeks
from saphan.subcontracting.models import (
    GROUP_KINDS,
    Lot,
    LotStatus,
    OfferOperation,
    Payment,
    ProgressReport,
    Receipt,
)
from saphan.subcontracting.selectors.allocation import lot_base_for_user
from saphan.subcontracting.selectors.readiness import group_states, open_offer_needs, readiness_of

# A measured efficiency needs this many member-hours of receipts behind it.
MIN_MEASURED_HOURS = Decimal(20)
EFFICIENCY_RANGE = (Decimal("0.05"), Decimal("1"))


@dataclass
class GroupFigures:
    receipts: int = 0
    accepted: int = 0
    rejected: int = 0
    rework: int = 0
    accepted_on_time: int = 0
    member_hours: Decimal = Decimal(0)  # of receipts that say how long they took
    standard_minutes: Decimal = Decimal(0)  # SAM × pieces sewn, same receipts
    earned_in_hours: Decimal = Decimal(0)  # baht of accepted pieces, same receipts

    @property
    def reject_rate(self) -> Decimal | None:
        sewn = self.accepted + self.rejected
        return (Decimal(self.rejected) / sewn).quantize(Decimal("0.001")) if sewn else None

    @property
    def on_time_rate(self) -> Decimal | None:
        if not self.accepted:
            return None
        return (Decimal(self.accepted_on_time) / self.accepted).quantize(Decimal("0.001"))

    @property
    def efficiency(self) -> Decimal | None:
        """Standard minutes sewn ÷ minutes worked, once enough hours are recorded."""
        if self.member_hours < MIN_MEASURED_HOURS:
            return None
        value = self.standard_minutes / (self.member_hours * 60)
        low, high = EFFICIENCY_RANGE
        return min(high, max(low, value)).quantize(Decimal("0.001"))

    @property
    def earnings_per_hour(self) -> Decimal | None:
        if not self.member_hours:
            return None
        return (self.earned_in_hours / self.member_hours).quantize(Decimal("0.01"))


def offer_sam(offer_ids: Iterable[int]) -> dict[int, Decimal]:
    rows = (
        OfferOperation.objects.filter(offer_id__in=sorted(set(offer_ids)))
        .values("offer_id")
        .annotate(sam=Sum("sam_minutes"))
    )
    return {row["offer_id"]: row["sam"] for row in rows}


def group_figures(group_ids: Iterable[int]) -> dict[int, GroupFigures]:
    """Figures of each group from all its receipts (two queries). A piece is on time when it
    arrives by the end of its weekly tranche (`weeks.late_pieces`)."""
    ids = sorted(set(group_ids))
    figures = {gid: GroupFigures() for gid in ids}
    receipts = list(
        Receipt.objects.filter(lot__group_id__in=ids)
        .values(
            "lot_id", "lot__group_id", "lot__offer_id", "lot__due_on", "lot__schedule",
            "lot__offer__piece_rate_baht", "received_on", "accepted", "rejected", "rework",
            "member_hours",
        )
        .order_by("lot_id", "received_on", "id")
    )  # fmt: skip
    sam = offer_sam(r["lot__offer_id"] for r in receipts)
    by_lot: dict[int, list[Any]] = {}
    for row in receipts:
        by_lot.setdefault(row["lot_id"], []).append(row)
    for rows in by_lot.values():
        late = tranche_lateness(rows[0]["lot__schedule"], rows[0]["lot__due_on"], rows)
        for r, late_pieces in zip(rows, late, strict=True):
            f = figures[r["lot__group_id"]]
            f.receipts += 1
            f.accepted += r["accepted"]
            f.rejected += r["rejected"]
            f.rework += r["rework"]
            f.accepted_on_time += r["accepted"] - late_pieces
            if r["member_hours"]:
                f.member_hours += r["member_hours"]
                f.standard_minutes += (r["accepted"] + r["rejected"]) * sam.get(
                    r["lot__offer_id"], Decimal(0)
                )
                f.earned_in_hours += r["accepted"] * r["lot__offer__piece_rate_baht"]
    return figures


def tranche_lateness(
    schedule: list[dict[str, Any]], due_on: dt.date, receipts: list[Any]
) -> list[int]:
    """Late accepted pieces of each receipt of a lot (in the order received), against the
    lot's weekly tranches; receipts as dicts or as `Receipt` rows."""

    def value(r: Any, name: str) -> Any:
        return r[name] if isinstance(r, dict) else getattr(r, name)

    tranches = [(dt.date.fromisoformat(t["ends_on"]), int(t["pieces"])) for t in schedule]
    deliveries = [(value(r, "received_on"), value(r, "accepted")) for r in receipts]
    return weeks.late_pieces(tranches, due_on, deliveries)


# ---------------------------------------------------------------------------------------------
# The dashboard: groups' measures, who is active, who is at risk of dropping out, by province.

ACTIVE_DAYS = 90
IDLE_DAYS = 60
UNPAID_DAYS = 30
LOW_ON_TIME = Decimal("0.6")
HIGH_REJECTS = Decimal("0.15")
MONTHS = 12


@dataclass
class GroupRow:
    group: Any
    figures: GroupFigures
    ready: bool = False
    lots_offered: int = 0
    lots_accepted: int = 0
    lots_declined: int = 0
    lots_completed: int = 0
    recent_decisions: list[str] = field(default_factory=list)  # newest first
    planned_earnings_sum: Decimal = Decimal(0)
    planned_lots: int = 0
    floor_per_hour: Decimal | None = None
    main_income_per_hour: Decimal | None = None
    last_activity: dt.date | None = None
    value_accepted: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    last_receipt: dt.date | None = None
    left_on: dt.date | None = None
    left_reason: str = ""
    risks: list[str] = field(default_factory=list)

    @property
    def earnings_per_hour(self) -> Decimal | None:
        """Measured from receipts with hours, else what the accepted lots planned."""
        if self.figures.earnings_per_hour is not None:
            return self.figures.earnings_per_hour
        if self.planned_lots:
            return (self.planned_earnings_sum / self.planned_lots).quantize(Decimal("0.01"))
        return None

    @property
    def active(self) -> bool:
        return (
            self.left_on is None
            and self.last_activity is not None
            and (timezone.localdate() - self.last_activity).days <= ACTIVE_DAYS
        )

    @property
    def unpaid(self) -> Decimal:
        return self.value_accepted - self.paid


def _pct(value: Decimal) -> str:
    return f"{value * 100:.0f}"


def _risks(row: GroupRow, today: dt.date) -> list[str]:
    out: list[str] = []
    if row.left_on is not None:
        out.append(
            _("It left the programme on %(date)s: %(reason)s")
            % {"date": format_date(row.left_on), "reason": row.left_reason}
        )
        return out
    earn, main = row.earnings_per_hour, row.main_income_per_hour
    if earn is not None and main is not None and earn < main:
        out.append(
            _("It earns %(earn)s baht an hour, less than the %(main)s of its members' main "
              "occupation.") % {"earn": f"{earn:,.2f}", "main": f"{main:,.2f}"}
        )  # fmt: skip
    declined = row.recent_decisions[:3].count(LotStatus.DECLINED)
    if declined >= 2:
        out.append(
            _("It declined %(n)s of its last %(m)s lots.")
            % {"n": declined, "m": len(row.recent_decisions[:3])}
        )
    f = row.figures
    if f.on_time_rate is not None and f.on_time_rate < LOW_ON_TIME:
        out.append(
            _("Only %(rate)s%% of its pieces arrived on time: it may have too much work at once.")
            % {"rate": _pct(f.on_time_rate)}
        )
    if f.reject_rate is not None and f.reject_rate > HIGH_REJECTS:
        out.append(
            _("%(rate)s%% of its pieces were rejected: it may need training.")
            % {"rate": _pct(f.reject_rate)}
        )
    if row.last_activity is not None and (today - row.last_activity).days > IDLE_DAYS:
        out.append(_("No work for %(days)s days.") % {"days": (today - row.last_activity).days})
    if (
        row.unpaid > 0
        and row.last_receipt is not None
        and (today - row.last_receipt).days > UNPAID_DAYS
    ):
        out.append(
            _("%(amount)s baht for accepted pieces unpaid for more than 30 days.")
            % {"amount": f"{row.unpaid:,.2f}"}
        )
    return out


def group_rows_for_user(user: Any, *, province: str = "") -> list[GroupRow]:
    """Every programme group the person may see, with its measures and risks."""
    groups = list(
        establishment_base_for_user(user)
        .filter(kind__in=GROUP_KINDS, subcontracting_group__isnull=False)
        .filter(**({"province_id": province} if province else {}))
        .select_related("province", "subcontracting_group")
        .order_by("province__name_th", "name_th", "id")
    )
    ids = [g.pk for g in groups]
    states = group_states(groups)
    needs = open_offer_needs({g.province_id for g in groups})
    figures = group_figures(ids)
    today = timezone.localdate()
    rows = {
        g.pk: GroupRow(
            group=g,
            figures=figures[g.pk],
            ready=readiness_of(states[g.pk], needs.get(g.province_id, []), today).ready,
            main_income_per_hour=states[g.pk].main_income_per_hour,
            left_on=g.subcontracting_group.left_on,
            left_reason=g.subcontracting_group.left_reason,
        )
        for g in groups
    }
    lots = (
        Lot.objects.filter(group_id__in=ids)
        .exclude(status__in=(LotStatus.PROPOSED, LotStatus.WITHDRAWN))
        .values(
            "group_id", "status", "decided_at", "offered_at", "earnings_per_hour",
            "floor_per_hour", "pieces", "offer__piece_rate_baht", "finish_on",
        )
        .order_by("-decided_at", "-offered_at", "-id")
    )  # fmt: skip
    for lot in lots:
        row = rows[lot["group_id"]]
        row.lots_offered += 1
        status = lot["status"]
        if status in (LotStatus.ACCEPTED, LotStatus.COMPLETED):
            row.lots_accepted += 1
            row.planned_earnings_sum += lot["earnings_per_hour"]
            row.planned_lots += 1
        if status == LotStatus.COMPLETED:
            row.lots_completed += 1
        if status == LotStatus.DECLINED:
            row.lots_declined += 1
        if status in (LotStatus.ACCEPTED, LotStatus.COMPLETED, LotStatus.DECLINED):
            row.recent_decisions.append(status)
        if row.floor_per_hour is None:
            row.floor_per_hour = lot["floor_per_hour"]
        decided = lot["decided_at"]
        if decided is not None and status != LotStatus.DECLINED:
            _touch(row, timezone.localtime(decided).date())
    for r in Receipt.objects.filter(lot__group_id__in=ids).values(
        "lot__group_id", "received_on", "accepted", "lot__offer__piece_rate_baht"
    ):
        row = rows[r["lot__group_id"]]
        _touch(row, r["received_on"])
        row.value_accepted += r["accepted"] * r["lot__offer__piece_rate_baht"]
        if row.last_receipt is None or r["received_on"] > row.last_receipt:
            row.last_receipt = r["received_on"]
    for report in ProgressReport.objects.filter(lot__group_id__in=ids).values(
        "lot__group_id", "reported_on"
    ):
        _touch(rows[report["lot__group_id"]], report["reported_on"])
    paid = Payment.objects.filter(lot__group_id__in=ids).values("lot__group_id")
    for total in paid.annotate(n=Sum("amount_baht")):
        rows[total["lot__group_id"]].paid = total["n"]
    for row in rows.values():
        row.risks = _risks(row, today)
    return list(rows.values())


def _touch(row: GroupRow, day: dt.date) -> None:
    if row.last_activity is None or day > row.last_activity:
        row.last_activity = day


def _month_starts(today: dt.date, months: int) -> list[dt.date]:
    first = today.replace(day=1)
    out = []
    for i in range(months - 1, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - i, 12)
        out.append(dt.date(year, month + 1, 1))
    return out


@dataclass
class MonthPoint:
    month: dt.date
    active_groups: int
    companies: int


def activity_by_month(user: Any, *, province: str = "", months: int = MONTHS) -> list[MonthPoint]:
    """Groups at work and companies served in each of the last months: a group is at work in a
    month when a lot it accepted runs in it or it delivered in it."""
    today = timezone.localdate()
    starts = _month_starts(today, months)
    lots = lot_base_for_user(user).filter(status__in=(LotStatus.ACCEPTED, LotStatus.COMPLETED))
    if province:
        lots = lots.filter(run__province_id=province)
    groups: dict[dt.date, set[int]] = {m: set() for m in starts}
    parties: dict[dt.date, set[int]] = {m: set() for m in starts}
    spans: dict[int, tuple[int, int, dt.date, dt.date]] = {}
    for lot in lots.values("pk", "group_id", "offer__party_id", "schedule", "finish_on"):
        first = (
            dt.date.fromisoformat(lot["schedule"][0]["starts_on"])
            if lot["schedule"]
            else lot["finish_on"]
        )
        spans[lot["pk"]] = (lot["group_id"], lot["offer__party_id"], first, lot["finish_on"])
    for r in Receipt.objects.filter(lot_id__in=list(spans)).values("lot_id", "received_on"):
        gid, pid, first, last = spans[r["lot_id"]]
        spans[r["lot_id"]] = (gid, pid, min(first, r["received_on"]), max(last, r["received_on"]))
    for gid, pid, first, last in spans.values():
        for m in starts:
            month_end = _month_starts(m, 1)[0].replace(day=28) + dt.timedelta(days=4)
            month_end = month_end - dt.timedelta(days=month_end.day)
            if first <= month_end and last >= m:
                groups[m].add(gid)
                parties[m].add(pid)
    return [MonthPoint(m, len(groups[m]), len(parties[m])) for m in starts]


@dataclass
class ProvinceSummary:
    province_code: str
    province_name: str
    groups: int = 0
    ready: int = 0
    active: int = 0
    at_risk: int = 0
    left: int = 0
    accepted: int = 0
    rejected: int = 0
    on_time: int = 0
    earnings: list[Decimal] = field(default_factory=list)
    floor_per_hour: Decimal | None = None

    @property
    def on_time_rate(self) -> Decimal | None:
        return (
            (Decimal(self.on_time) / self.accepted).quantize(Decimal("0.001"))
            if self.accepted
            else None
        )

    @property
    def reject_rate(self) -> Decimal | None:
        sewn = self.accepted + self.rejected
        return (Decimal(self.rejected) / sewn).quantize(Decimal("0.001")) if sewn else None

    @property
    def earnings_per_hour(self) -> Decimal | None:
        if not self.earnings:
            return None
        return (sum(self.earnings, Decimal(0)) / len(self.earnings)).quantize(Decimal("0.01"))


def province_summaries(rows: list[GroupRow]) -> list[ProvinceSummary]:
    """One line per province: what a regional center compares across its provinces."""
    out: dict[str, ProvinceSummary] = {}
    for row in rows:
        g = row.group
        s = out.setdefault(g.province_id, ProvinceSummary(g.province_id, g.province.name_th))
        s.groups += 1
        s.ready += row.ready
        s.active += row.active
        s.at_risk += bool(row.risks) and row.left_on is None
        s.left += row.left_on is not None
        s.accepted += row.figures.accepted
        s.rejected += row.figures.rejected
        s.on_time += row.figures.accepted_on_time
        if row.earnings_per_hour is not None:
            s.earnings.append(row.earnings_per_hour)
        if row.floor_per_hour is not None:
            s.floor_per_hour = row.floor_per_hour
    return sorted(out.values(), key=lambda s: s.province_name)


def companies_served(user: Any, *, province: str = "", days: int = 365) -> int:
    since = timezone.now() - dt.timedelta(days=days)
    lots = lot_base_for_user(user).filter(
        status__in=(LotStatus.ACCEPTED, LotStatus.COMPLETED), decided_at__gte=since
    )
    if province:
        lots = lots.filter(run__province_id=province)
    return lots.values("offer__party_id").distinct().count()
