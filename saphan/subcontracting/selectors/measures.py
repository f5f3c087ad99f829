"""Measures of groups from their receipts: on-time rate, reject rate, measured efficiency and
earnings per member-hour (what planning uses once receipts exist, and what the dashboard shows)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from saphan.subcontracting.models import OfferOperation, Receipt

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
    """Figures of each group from all its receipts (two queries)."""
    ids = sorted(set(group_ids))
    figures = {gid: GroupFigures() for gid in ids}
    receipts = list(
        Receipt.objects.filter(lot__group_id__in=ids).values(
            "lot__group_id", "lot__offer_id", "lot__due_on", "lot__offer__piece_rate_baht",
            "received_on", "accepted", "rejected", "rework", "member_hours",
        )
    )  # fmt: skip
    sam = offer_sam(r["lot__offer_id"] for r in receipts)
    for r in receipts:
        f = figures[r["lot__group_id"]]
        f.receipts += 1
        f.accepted += r["accepted"]
        f.rejected += r["rejected"]
        f.rework += r["rework"]
        if r["received_on"] <= r["lot__due_on"]:
            f.accepted_on_time += r["accepted"]
        if r["member_hours"]:
            f.member_hours += r["member_hours"]
            f.standard_minutes += (r["accepted"] + r["rejected"]) * sam.get(
                r["lot__offer_id"], Decimal(0)
            )
            f.earned_in_hours += r["accepted"] * r["lot__offer__piece_rate_baht"]
    return figures
