"""Cell text and the bilingual errors of cleaning: `clean_text` tidies what a cell holds,
`CellError` and `TableError` carry a message in Thai and in English."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.utils import translation

CellValue = str | int | float | Decimal | bool | dt.date | dt.datetime | dt.time | None


# ---------------------------------------------------------------------------------------------
# Errors


class _Bilingual(ValueError):
    """An error with its message in Thai and in English; str() gives the active language's."""

    message_th: str
    message_en: str

    @property
    def message(self) -> str:
        language = translation.get_language() or "th"
        return self.message_en if language.startswith("en") else self.message_th

    def __str__(self) -> str:
        return self.message


class CellError(_Bilingual):
    """A cell that could not be read: the rule it broke, in Thai and English.

    `column` and `value` are filled by `clean_row` (a parser does not know its column).
    """

    def __init__(
        self, rule: str, message_th: str, message_en: str, *, column: str = "", value: str = ""
    ) -> None:
        super().__init__(message_en)
        self.rule = rule
        self.message_th = message_th
        self.message_en = message_en
        self.column = column
        self.value = value

    def at(self, column: str, value: object) -> CellError:
        """A copy placed at a column and cell value, for a row's error list."""
        return CellError(
            self.rule, self.message_th, self.message_en, column=column, value=display(value)
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Rows are cleaned in a second process (importer): errors must travel back whole.
        return (
            CellError,
            (self.rule, self.message_th, self.message_en),
            {"column": self.column, "value": self.value},
        )

    def __repr__(self) -> str:
        return f"CellError({self.rule!r}, column={self.column!r}, value={self.value!r})"


class TableError(_Bilingual):
    """A file that cannot be read as a table at all (empty, corrupt, unsupported)."""

    def __init__(self, rule: str, message_th: str, message_en: str) -> None:
        super().__init__(message_en)
        self.rule = rule
        self.message_th = message_th
        self.message_en = message_en


def display(value: object) -> str:
    """A cell value as a rejection shows it (ImportRejection.value holds 300 characters)."""
    return clean_text(value)[:300]


# ---------------------------------------------------------------------------------------------
# Cells

# One translate() does Thai digits, odd spaces and invisible marks: the hot path of a big file.
_CELL_TABLE = str.maketrans(
    {
        **{ord(t): str(i) for i, t in enumerate("๐๑๒๓๔๕๖๗๘๙")},
        **{ord(c): " " for c in "\u00a0\u2007\u202f\u3000"},
        **{ord(c): None for c in "\u200b\u200c\u200d\ufeff"},
    }
)
# Excel-protected values such as ="0105536012345" (kept as text by their exporter).
_EXCEL_TEXT = re.compile(r'^="(.*)"$', re.S)
# What government files write for "nothing" in a cell.
BLANK_MARKS = frozenset({"-", "--", "–", "—", "ไม่มี", "ไม่ระบุ", "n/a", "N/A", "null", "NULL"})


def clean_text(value: object) -> str:
    """A cell as tidy text: Thai digits to 0-9, odd spaces to plain ones, single spaces, no
    leading or trailing space; None and blank cells give ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))  # Excel stores 10200 as 10200.0
    else:
        text = str(value)
    if not text.isascii():  # ASCII text (most numbers and codes) has nothing to translate
        text = text.translate(_CELL_TABLE)
        if "\u0e4d" in text:  # sara am typed as nikhahit + sara aa: looks the same, compares not
            text = text.replace("\u0e4d\u0e32", "\u0e33")
    text = " ".join(text.split())
    if text.startswith('="') and (m := _EXCEL_TEXT.match(text)):
        text = m[1].strip()
    return text


def text_or_blank(value: object) -> str:
    text = clean_text(value)
    return "" if text in BLANK_MARKS else text
