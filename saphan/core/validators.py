"""Validators for Thai identifiers: 13-digit national/juristic ids, phones, postal codes."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from saphan.core.thai import to_arabic_digits

_NON_DIGITS = re.compile(r"[\s\-.]")


def thai_id_check_digit(first_twelve: str) -> int:
    """The mod-11 check digit of a 13-digit Thai national or juristic-person id."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first_twelve))
    return (11 - total % 11) % 10


def normalize_thai_id(value: str) -> str:
    return _NON_DIGITS.sub("", to_arabic_digits(value or ""))


def is_valid_thai_id(value: str) -> bool:
    digits = normalize_thai_id(value)
    return (
        len(digits) == 13
        and digits.isdigit()
        and thai_id_check_digit(digits[:12]) == int(digits[12])
    )


def validate_thai_id(value: str) -> None:
    digits = normalize_thai_id(value)
    if len(digits) != 13 or not digits.isdigit():
        raise ValidationError(
            _("An identification number has exactly 13 digits (got %(value)s)."),
            code="id_length",
            params={"value": value},
        )
    if thai_id_check_digit(digits[:12]) != int(digits[12]):
        raise ValidationError(
            _("The last digit of %(value)s is not the mod-11 check digit of the first 12."),
            code="id_checksum",
            params={"value": value},
        )


def normalize_thai_phone(value: str) -> str:
    """Digits only, national form: '+66 81 234 5678' -> '0812345678'."""
    digits = re.sub(r"[^\d+]", "", to_arabic_digits(value or ""))
    if digits.startswith("+66"):
        digits = "0" + digits[3:]
    elif digits.startswith("66") and len(digits) in (10, 11):
        digits = "0" + digits[2:]
    return digits


def is_valid_thai_phone(value: str) -> bool:
    digits = normalize_thai_phone(value)
    # Mobile: 06/08/09 + 8 digits. Fixed line: 02-07 + 7 digits. Hotlines such as 1111 are
    # four digits starting with 1.
    return bool(
        re.fullmatch(r"0[689]\d{8}", digits)
        or re.fullmatch(r"0[2-7]\d{7}", digits)
        or re.fullmatch(r"1\d{3}", digits)
    )


def validate_thai_phone(value: str) -> None:
    if not is_valid_thai_phone(value):
        raise ValidationError(
            _(
                "%(value)s is not a Thai phone number: use 10 digits for a mobile "
                "(08x-xxx-xxxx) or 9 for a fixed line (0x-xxx-xxxx)."
            ),
            code="phone_format",
            params={"value": value},
        )


def is_postal_code(value: str) -> bool:
    digits = to_arabic_digits(value or "").strip()
    # Thai postal codes are five digits; the first two are 10–96 (a province's zone).
    return bool(re.fullmatch(r"\d{5}", digits)) and 10 <= int(digits[:2]) <= 96


def validate_postal_code(value: str) -> None:
    if not is_postal_code(value):
        raise ValidationError(
            _("%(value)s is not a Thai postal code: five digits starting 10–96."),
            code="postal_code_format",
            params={"value": value},
        )
