"""Template filters for Thai formats: {{ d|thdate }}, {{ d|thdate:"long" }}, {{ t|thdatetime }},
{{ amount|baht }}, {{ amount|bahttext }}, and {{ place|local }}: a place's or an office's name in
the page's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template

from saphan.core import thai

register = template.Library()


@register.filter
def thdate(value: dt.date | dt.datetime | None, style: str = "short") -> str:
    return thai.format_date(value, style)


@register.filter
def thdatetime(value: dt.datetime | None) -> str:
    return thai.format_datetime(value)


@register.filter
def baht(value: Decimal | int | float | None) -> str:
    return thai.format_baht(value)


@register.filter(name="bahttext")
def bahttext_filter(value: Decimal | int | float | None) -> str:
    return "" if value is None else thai.baht_in_words(value)


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def local(thing: Any) -> str:
    return "" if thing is None else thai.local_name(thing)
