"""Parsers of single cells: numbers, dates (Excel serials, Buddhist-era years), years and the
identifiers of factories (FID, registration number, type code). Each returns a Python value,
None for a blank cell, or raises `CellError`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from django.core.exceptions import ValidationError

from saphan.core import thai
from saphan.registry.abbr import province_abbr_map
from saphan.registry.cleaning.text import CellError, clean_text, display, text_or_blank

# ---------------------------------------------------------------------------------------------
# Numbers and dates


def _number_text(value: object) -> str:
    # Thousands separators and spaces inside numbers ("1,250,000", "1 250") go.
    return text_or_blank(value).replace(",", "").replace(" ", "")


def parse_int(value: object) -> int | None:
    """A whole number; blank or "-" gives None. "1,234", "๑๒", 12.0 are read."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = _number_text(value)
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            pass  # "12.0", "1e3", words: parse_decimal judges
    number = parse_decimal(value)
    if number is None:
        return None
    if number == number.to_integral_value():
        return int(number)
    raise _not_whole(value)


def parse_decimal(value: object) -> Decimal | None:
    """A decimal number; blank or "-" gives None. Negative numbers are kept (rules judge them)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise _not_number(value)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        return Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))  # repr: the shortest text that reads back to the float
    else:
        text = _number_text(value)
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise _not_number(value) from None
    if not number.is_finite():
        raise _not_number(value)
    return number


def _not_number(value: object) -> CellError:
    text = display(value)
    return CellError(
        "number_format",
        f"“{text}” ไม่ใช่ตัวเลข",
        f"“{text}” is not a number.",
    )


def _not_whole(value: object) -> CellError:
    text = display(value)
    return CellError(
        "number_not_whole",
        f"“{text}” ต้องเป็นจำนวนเต็ม",
        f"“{text}” must be a whole number.",
    )


# Excel day 1 is 1900-01-01 but Excel counts a 29 Feb 1900 that never was: from day 61 on,
# day 0 is 1899-12-30. Serials are read only for 1920–2100 so that a bare year such as 2563
# is never taken for a day in 1907.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_MIN = (dt.date(1920, 1, 1) - _EXCEL_EPOCH).days
_SERIAL_MAX = (dt.date(2100, 12, 31) - _EXCEL_EPOCH).days
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.\d+)?$")
_TIME_PART = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*น\.)?$")
_BE_MARK = re.compile(r"พ\.\s*ศ\.")
_SHORT_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2})$")
_SHORT_WORDS = re.compile(r"^(\d{1,2})\s*([^\d\s][^\d]*?)\s*(\d{2})$")
_YEAR_ONLY = re.compile(r"^\d{4}$")
_DATE_MIN_YEAR, _DATE_MAX_YEAR = 1900, 2100


def _from_serial(serial: float, shown: object) -> dt.date:
    if not _SERIAL_MIN <= serial <= _SERIAL_MAX:
        text = display(shown)
        raise CellError(
            "date_serial_range",
            f"“{text}” ไม่ใช่วันที่ (เลขวันที่ของ Excel ต้องอยู่ระหว่างปี 2463–2643)",
            f"“{text}” is not a date (an Excel date number must fall in 1920–2100).",
        )
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _year_only(value: object) -> CellError:
    text = display(value)
    return CellError(
        "date_year_only",
        f"“{text}” มีแต่ปี ไม่ใช่วันที่ เขียนวันที่เช่น 16/01/2563",
        f"“{text}” is only a year, not a date: write a date such as 16/01/2563.",
    )


def parse_date_cell(value: object) -> dt.date | None:
    """A date from a cell: date objects, Excel serial numbers (43846 is 2020-01-16), text in
    the Buddhist or common era ("16/01/2563", "2020-01-16", "16 มกราคม 2563"), and two-digit
    Buddhist-era years ("16/01/63" is 2563 BE, 2020). A bare year is refused: use parse_year.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise _not_date(value)
    if isinstance(value, int | float | Decimal):
        number = float(value)
        if 1900 <= number <= 2100 or 2400 <= number <= 2700:
            raise _year_only(value)
        return _from_serial(number, value)
    text = text_or_blank(value)
    if not text:
        return None
    text = _TIME_PART.sub("", text).strip()
    if _SERIAL_TEXT.match(text):
        return _from_serial(float(text), value)
    if _YEAR_ONLY.match(text):
        raise _year_only(value)
    short = _BE_MARK.sub(" ", text).strip()
    if m := _SHORT_NUMERIC.match(short):
        text = f"{m[1]}/{m[2]}/25{m[3]}"
    elif (m := _SHORT_WORDS.match(short)) and not m[2].strip().isdigit():
        text = f"{m[1]} {m[2].strip()} 25{m[3]}"
    try:
        date = thai.parse_date(text)
    except ValidationError as exc:
        if exc.code == "date_invalid":
            shown = display(value)
            raise CellError(
                "date_invalid",
                f"“{shown}” ไม่มีในปฏิทิน",
                f"“{shown}” does not exist in the calendar.",
            ) from None
        raise _not_date(value) from None
    if not _DATE_MIN_YEAR <= date.year <= _DATE_MAX_YEAR:
        shown = display(value)
        raise CellError(
            "date_range",
            f"“{shown}” อยู่นอกช่วงปีที่รับได้ (พ.ศ. 2443–2643)",
            f"“{shown}” is outside the accepted years (1900–2100).",
        )
    return date


def _not_date(value: object) -> CellError:
    text = display(value)
    return CellError(
        "date_format",
        f"“{text}” ไม่ใช่วันที่ เขียนเป็น 16/01/2563, 2020-01-16 หรือ 16 มกราคม 2563",
        f"“{text}” is not a date: write it as 16/01/2563, 2020-01-16 or 16 January 2020.",
    )


_ERA_WORDS = re.compile(r"พ\.\s*ศ\.|ค\.\s*ศ\.|\b(?:b\.?e|a\.?d|c\.?e)\b\.?", re.I)


def parse_year(value: object) -> int | None:
    """A year in the common era: "2563", "63" (two digits are Buddhist era) and "2020" all
    give 2020; dates give their year."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, bool):
        raise _not_year(value)
    if isinstance(value, float | Decimal):
        if not Decimal(value).is_finite() or value != int(value):
            raise _not_year(value)
        value = int(value)
    text = _ERA_WORDS.sub("", text_or_blank(value)).strip()
    if not text:
        return None
    if not text.isdigit():
        raise _not_year(value)
    number = int(text)
    if len(text) == 2:
        return 2500 + number - thai.BE_OFFSET
    if len(text) == 4 and 2443 <= number <= 2743:
        return number - thai.BE_OFFSET
    if len(text) == 4 and _DATE_MIN_YEAR <= number <= _DATE_MAX_YEAR:
        return number
    raise _not_year(value)


def _not_year(value: object) -> CellError:
    text = display(value)
    return CellError(
        "year_format",
        f"“{text}” ไม่ใช่ปี เขียนเป็น พ.ศ. เช่น 2563 หรือ 63 หรือ ค.ศ. เช่น 2020",
        f"“{text}” is not a year: write it as 2563 or 63 (Buddhist era) or 2020.",
    )


# ---------------------------------------------------------------------------------------------
# Identifiers

_ID_SEPARATORS = re.compile(r"[\s\-./'’]")


def normalize_fid(value: object) -> str | None:
    """The 14-digit factory id (FID) with separators removed; None when blank.

    Only length and digits are checked: the check-digit rule of the FID is not published, and
    a guessed one would reject real factories.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # FIDs typed into Excel become numbers; 14 digits survive a float
    text = _ID_SEPARATORS.sub("", text_or_blank(value))
    if not text:
        return None
    if len(text) != 14 or not text.isdigit():
        shown = display(value)
        raise CellError(
            "fid_format",
            f"“{shown}” ไม่ใช่เลขทะเบียนโรงงาน 14 หลัก",
            f"“{shown}” is not a 14-digit factory id (FID).",
        )
    return text


REGISTRATION_PATTERN = re.compile(r"^(\D*)(\d)-(\d+)(?:\((\d+)\))?-(\d+)/(\d+)(\D+)$")


@dataclass(frozen=True, slots=True)
class RegistrationNo:
    """The parts of an old factory registration number such as จ3-9(6)-100/51ปจ."""

    text: str  # the number as compared and stored: no spaces, Arabic digits
    prefix: str  # "จ", "น." (industrial estate) or ""
    factory_class: int
    item: int  # ลำดับ in the ministerial regulation's list
    sub_item: int | None
    running: int
    year_be_2digit: int
    province_abbr: str

    @property
    def type_code(self) -> str:
        return f"{self.item:03d}{self.sub_item or 0:02d}"


def registration_text(value: object) -> str:
    # People and exports write "3 - 105 - 1/45 ชพ": spaces carry no meaning in the number.
    return "".join(text_or_blank(value).split())


def parse_registration_no(value: object) -> RegistrationNo | None:
    """Split an old registration number; None when blank, CellError when not in that form."""
    text = registration_text(value)
    if not text:
        return None
    m = REGISTRATION_PATTERN.match(text)
    if m is None or int(m[3]) > 999 or (m[4] is not None and int(m[4]) > 99):
        shown = display(value)
        raise CellError(
            "registration_no_format",
            f"“{shown}” ไม่อยู่ในรูปเลขทะเบียนโรงงาน เช่น จ3-9(6)-100/51ปจ",
            f"“{shown}” is not in the form of a factory registration number "
            "such as จ3-9(6)-100/51ปจ.",
        )
    return RegistrationNo(
        text=text,
        prefix=m[1],
        factory_class=int(m[2]),
        item=int(m[3]),
        sub_item=int(m[4]) if m[4] is not None else None,
        running=int(m[5]),
        year_be_2digit=int(m[6]),
        province_abbr=m[7],
    )


def type_code_from_registration(value: object) -> str | None:
    """The five-digit type code of a registration number: จ3-9(6)-100/51ปจ gives 00906."""
    parsed = value if isinstance(value, RegistrationNo) else parse_registration_no(value)
    return parsed.type_code if parsed else None


_TYPE_ITEM = re.compile(r"^(\d{1,3})\s*\(\s*(\d{1,2})\s*\)$")
_TYPE_ITEM_MAX = 107  # the last ลำดับ of the 1992 ministerial regulation's list


def parse_type_code(value: object) -> str | None:
    """A five-digit factory type code from "00906", "906" (Excel drops leading zeros) or "9(6)"."""
    text = registration_text(value)
    if not text:
        return None
    if m := _TYPE_ITEM.match(text):
        code = f"{int(m[1]):03d}{int(m[2]):02d}"
    elif text.isdigit() and len(text) <= 5:
        code = text.zfill(5)
    else:
        code = ""
    if not code or not 1 <= int(code[:3]) <= _TYPE_ITEM_MAX:
        shown = display(value)
        raise CellError(
            "type_code_format",
            f"“{shown}” ไม่ใช่รหัสประเภทโรงงาน (ลำดับ 3 หลักและข้อย่อย 2 หลัก เช่น 00906 หรือ 9(6))",
            f"“{shown}” is not a factory type code (item and sub-item, e.g. 00906 or 9(6)).",
        )
    return code


@cache
def _abbreviations() -> dict[str, str]:
    return province_abbr_map()


def province_code_from_abbr(abbr: str) -> str | None:
    """The province code of a Thai abbreviation ("ปจ" -> "25"), dots and spaces ignored."""
    key = re.sub(r"[\s.]", "", clean_text(abbr))
    return _abbreviations().get(key)
