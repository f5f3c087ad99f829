"""Earnings and wage arithmetic in Decimal baht (pure: no database).

Earnings per member-hour = piece rate × 60 × efficiency ÷ SAM (facts.md). The daily minimum
wage becomes an hourly floor over the normal working day of the Labour Protection Act (8 hours),
and so does a member's main-occupation income per day.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import TypeVar

WAGE_HOURS_PER_DAY = Decimal(8)
DEFAULT_EFFICIENCY = Decimal("0.35")  # plan village groups at 30–40% until receipts measure it
CENT = Decimal("0.01")

K = TypeVar("K")


def per_member_hour(piece_rate: Decimal, sam_minutes: Decimal, efficiency: Decimal) -> Decimal:
    """Baht a member earns in an hour sewing this style at this efficiency."""
    if sam_minutes <= 0:
        return Decimal(0)
    value = piece_rate * 60 * efficiency / sam_minutes
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def hourly(baht_per_day: Decimal) -> Decimal:
    return (baht_per_day / WAGE_HOURS_PER_DAY).quantize(CENT, rounding=ROUND_HALF_UP)


def lowest_legal_rate(
    floor_per_hour: Decimal, sam_minutes: Decimal, efficiency: Decimal
) -> Decimal:
    """The smallest piece rate (to the satang, rounded up) that pays the hourly floor."""
    if efficiency <= 0:
        return Decimal(0)
    return (floor_per_hour * sam_minutes / (60 * efficiency)).quantize(CENT, rounding=ROUND_CEILING)


def split_amount(amount: Decimal, weights: Mapping[K, Decimal]) -> dict[K, Decimal]:
    """Share `amount` in proportion to `weights`, to the satang, adding up exactly.

    Each share is rounded down; the satang left over go one each to the largest remainders
    (ties by the order of `weights`).
    """
    total = sum(weights.values(), Decimal(0))
    if total <= 0:
        raise ValueError("weights must add up to more than zero")
    cents = int((amount / CENT).to_integral_value(rounding=ROUND_HALF_UP))
    shares: dict[K, int] = {}
    remainders: list[tuple[Decimal, int, K]] = []
    for index, (key, weight) in enumerate(weights.items()):
        exact = Decimal(cents) * weight / total
        whole = int(exact.to_integral_value(rounding=ROUND_DOWN))
        shares[key] = whole
        remainders.append((exact - whole, -index, key))
    left = cents - sum(shares.values())
    for _rest, _index, key in sorted(remainders, key=lambda r: (r[0], r[1]), reverse=True)[:left]:
        shares[key] += 1
    return {key: Decimal(value) * CENT for key, value in shares.items()}
