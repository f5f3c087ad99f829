"""Small helpers for the charts the templates draw (SVG and CSS bars, no JavaScript library)."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from pythainlp.util.date import thai_abbr_months

from saphan.core.thai import BE_OFFSET, EN_ABBR_MONTHS


def month_label(month: dt.date) -> str:
    """ "ต.ค. 68" / "Oct 68": a month with its two-digit Buddhist-era year."""
    year = str(month.year + BE_OFFSET)[-2:]
    if translation.get_language() == "en":
        return f"{EN_ABBR_MONTHS[month.month - 1]} {year}"
    return f"{thai_abbr_months[month.month - 1]} {year}"


def percent(value: float | int, whole: float | int) -> float:
    """Share of `whole` in percent for a bar's width (0 when there is no whole)."""
    return round(float(value) * 100 / float(whole), 1) if whole else 0.0
