"""Minimum wages: public figures (every signed-in person reads them), dated per province."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet

from saphan.subcontracting.models import MinimumWage


def minimum_wage_list(province_code: str = "") -> QuerySet[MinimumWage]:
    rows = MinimumWage.objects.select_related("province").order_by(
        "province__name_th", "province_id", "-effective_from"
    )
    return rows.filter(province_id=province_code) if province_code else rows


def minimum_wage_get(pk: int) -> MinimumWage:
    return MinimumWage.objects.select_related("province").get(pk=pk)


def minimum_wage_on(province_code: str, day: dt.date) -> MinimumWage | None:
    """The row in force on `day`: the latest that starts on or before it."""
    return (
        MinimumWage.objects.filter(province_id=province_code, effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )


def highest_daily_wages(
    province_codes: set[str], start: dt.date, end: dt.date
) -> dict[str, Decimal]:
    """Per province, the highest daily wage in force on some day of [start, end]: a plan that
    spans a rise must pay the new rate in its later weeks, so the floor is the higher one.
    Provinces with no known wage are absent."""
    found: dict[str, Decimal] = {}
    rows = MinimumWage.objects.filter(
        province_id__in=sorted(province_codes), effective_from__lte=end
    ).order_by("province_id", "effective_from")
    in_force: dict[str, Decimal] = {}
    for row in rows:
        if row.effective_from <= start:
            in_force[row.province_id] = row.baht_per_day  # later rows replace earlier ones
        else:
            found[row.province_id] = max(found.get(row.province_id, Decimal(0)), row.baht_per_day)
    for code, baht in in_force.items():
        found[code] = max(found.get(code, Decimal(0)), baht)
    return found
