"""Thai formats: Buddhist-era dates (show and read, both eras), Thai digits, baht amounts,
names in the page's language and Thai dictionary order."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from pythainlp.util import bahttext, thai_digit_to_arabic_digit
from pythainlp.util.date import thai_abbr_months, thai_full_months

BE_OFFSET = 543
EN_ABBR_MONTHS = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
]  # fmt: skip
EN_FULL_MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
]  # fmt: skip


def to_arabic_digits(text: str) -> str:
    return thai_digit_to_arabic_digit(text) if text else text


def _month_lookup() -> dict[str, int]:
    names: dict[str, int] = {}
    for i in range(12):
        for name in (
            thai_full_months[i],
            thai_abbr_months[i],
            thai_abbr_months[i].replace(".", ""),
            EN_ABBR_MONTHS[i].lower(),
            EN_FULL_MONTHS[i],
        ):
            names[name.lower()] = i + 1
    names["sept"] = 9
    return names


_MONTHS = _month_lookup()
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})\s*([^\d\s]+(?:\s*[^\d\s]+)?)\s*(\d{4})$")
# Era marks, never inside a word ("be" in "September" is not one).
_ERA_MARK = re.compile(r"(พ\.ศ\.|ค\.ศ\.|(?<![a-z])(?:b\.?e|a\.?d|c\.?e)\.?(?![a-z]))", re.I)
# Years 2400+ are Buddhist era (1857 CE onward); anything below is common era.
_BE_FROM = 2400


class DateParseError(ValidationError):
    pass


def _year_to_ce(year: int) -> int:
    return year - BE_OFFSET if year >= _BE_FROM else year


def parse_date(text: str) -> dt.date:
    """Read a date typed by a person, in the Buddhist or the common era.

    Accepts "16/01/2563", "16/1/2020", "2020-01-16", "2563-01-16", "16 มกราคม 2563",
    "16 ม.ค. 2563", "16 Jan 2020" and Thai digits. Raises DateParseError saying what it could
    not read.
    """
    raw = (text or "").strip()
    if not raw:
        raise DateParseError(_("Enter a date."), code="date_required")
    cleaned = re.sub(r"\s+", " ", to_arabic_digits(raw)).replace(",", " ").strip()
    cleaned = re.sub(r"^(วันที่|วัน)\s*", "", cleaned)
    cleaned = _ERA_MARK.sub(" ", cleaned).strip()
    day = month = year = None
    if m := _ISO.match(cleaned):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _NUMERIC.match(cleaned):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif m := _WORDS.match(cleaned):
        name = m[2].replace(" ", "").lower()
        month = _MONTHS.get(name) or _MONTHS.get(name.replace(".", ""))
        if month is None:
            raise DateParseError(
                _("“%(value)s”: the month “%(month)s” is not a month name."),
                code="date_month",
                params={"value": raw, "month": m[2]},
            )
        day, year = int(m[1]), int(m[3])
    else:
        raise DateParseError(
            _(
                "“%(value)s” is not a date. Write it as 16/01/2563, 2020-01-16 or "
                "16 January 2020 (Buddhist or common era)."
            ),
            code="date_format",
            params={"value": raw},
        )
    try:
        return dt.date(_year_to_ce(year), month, day)
    except ValueError:
        raise DateParseError(
            _("“%(value)s” does not exist in the calendar."),
            code="date_invalid",
            params={"value": raw},
        ) from None


def format_date(value: dt.date | dt.datetime | None, style: str = "short") -> str:
    """Show a date in the Buddhist era: "16 ม.ค. 2563" (short), "16 มกราคม 2563" (long).

    In English the era stays Buddhist, marked "BE": "16 Jan 2563 BE".
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    day, month, year_be = value.day, value.month, value.year + BE_OFFSET
    if translation.get_language() == "en":
        name = EN_ABBR_MONTHS[month - 1]
        if style == "long":
            name = EN_FULL_MONTHS[month - 1].capitalize()
        return f"{day} {name} {year_be} BE"
    name = thai_full_months[month - 1] if style == "long" else thai_abbr_months[month - 1]
    return f"{day} {name} {year_be}"


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    suffix = "" if translation.get_language() == "en" else " น."
    return f"{format_date(local)} {local:%H:%M}{suffix}"


def format_numeric_date(value: dt.date) -> str:
    """The form a date input shows back: "16/01/2563"."""
    return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"


def format_baht(amount: Decimal | int | float | None, with_unit: bool = True) -> str:
    if amount is None:
        return ""
    quantized = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{quantized:,.2f}"
    if not with_unit:
        return text
    return f"{text} บาท" if translation.get_language() != "en" else f"{text} baht"


def baht_in_words(amount: Decimal | int | float) -> str:
    """Amount in Thai words for payment documents: 1234.50 -> หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์."""
    quantized = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return str(bahttext(float(quantized)))


_LEAD_VOWEL = re.compile("([\u0e40-\u0e44])([\u0e01-\u0e2e])")
_TONE = re.compile("[\u0e47-\u0e4c]")


def thai_sort_key(name: str) -> tuple[str, str]:
    """Thai dictionary order, much as pythainlp's `collate` sorts (it offers no key): a
    leading vowel เ แ โ ใ ไ is read after its consonant, so เชียงใหม่ sorts under ช, and tone
    marks count only between words of the same letters."""
    return _LEAD_VOWEL.sub(r"\2\1", _TONE.sub("", name)), "".join(_TONE.findall(name))


def local_name(thing: Any) -> str:
    """A place's or an office's name (`name_th`, `name_en`) in the page's language: English
    when asked for and there is one, else Thai."""
    english = str(thing.name_en or "") if translation.get_language() == "en" else ""
    return english or str(thing.name_th)


_NUMBER = re.compile(r"\d+")


def _numbers_in_order(name: str) -> str:
    """Numbers compared as numbers: "ภาคที่ 2" before "ภาคที่ 10"."""
    return _NUMBER.sub(lambda m: m[0].zfill(8), to_arabic_digits(name))


def place_key(place: Any) -> tuple[Any, ...]:
    """A place's (or an office's) place in the page's order: Thai dictionary order, or A–Z of
    the English names; numbers in a name compared as numbers."""
    if translation.get_language() == "en":
        return (_numbers_in_order(local_name(place).casefold()),)
    return thai_sort_key(_numbers_in_order(place.name_th))


def places_in_order(places: Any) -> list[Any]:
    """Places in the order of the page's language: Thai dictionary order, or A–Z in English."""
    return sorted(places, key=lambda p: (place_key(p), p.pk))
