"""Reading and cleaning government spreadsheet files before they are upserted into the registry.

Pure logic, no database: `read_table` opens CSV (UTF-8, UTF-8 with BOM, TIS-620/Windows-874,
UTF-16) and XLSX files; the parsers turn cells into Python values or raise `CellError`;
`GeoMatcher` finds subdistrict, district and province codes from names as people write them;
`clean_row` applies all of that to one row mapped by a layout (`saphan.registry.layouts`).

Messages come in Thai and English side by side (`message_th`, `message_en`) because
rejections are stored with both (`ImportRejection`) and shown in the reader's language later.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING

import geothai
from django.core.exceptions import ValidationError
from django.utils import translation

from saphan.core import thai
from saphan.core.validators import is_valid_thai_id, normalize_thai_id, validate_postal_code
from saphan.registry.abbr import province_abbr_map
from saphan.registry.layouts import KINDS, TARGET_FIELDS, TargetField

if TYPE_CHECKING:
    from geothai.types import District, Subdistrict

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
            self.rule, self.message_th, self.message_en, column=column, value=_display(value)
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


def _display(value: object) -> str:
    """A cell value as a rejection shows it (ImportRejection.value holds 300 characters)."""
    return clean_text(value)[:300]


# ---------------------------------------------------------------------------------------------
# Reading files

_CSV_EXTENSIONS = {".csv", ".txt", ".tsv"}
_XLSX_EXTENSIONS = {".xlsx", ".xlsm"}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary .xls
_DELIMITERS = (",", ";", "\t", "|")
_QUOTED = re.compile(r'"[^"]*"')
# Government workbooks often put a title or two above the header row: the header is the first
# row with at least two filled cells among the first rows.
_HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class Table:
    """A file read as a header row and data rows.

    `rows` and `numbered_rows()` can be iterated again (each pass re-reads the bytes), skip
    blank rows, and pad or cut every row to the number of headers. Cells keep their types:
    strings from CSV; str, int, float, datetime, bool from XLSX.
    """

    headers: list[str]
    encoding: str | None  # "utf-8", "utf-8-sig", "cp874", "utf-16"; None for XLSX
    file_format: str  # "csv" or "xlsx"
    delimiter: str | None
    header_row: int  # 1-based row of the headers in the file
    _source: Callable[[], Iterator[list[CellValue]]] = field(repr=False)

    @property
    def rows(self) -> Iterator[list[CellValue]]:
        return (cells for _, cells in self.numbered_rows())

    def numbered_rows(self) -> Iterator[tuple[int, list[CellValue]]]:
        """(row number in the file, cells) for each non-blank data row."""
        width = len(self.headers)
        for number, cells in enumerate(self._source(), start=1):
            if number <= self.header_row or _blank_row(cells):
                continue
            if len(cells) != width:
                cells = [*cells[:width], *([None] * (width - len(cells)))]
            yield number, cells


def _blank_row(cells: Sequence[CellValue]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _header_index(first_rows: list[list[CellValue]]) -> int:
    for index, cells in enumerate(first_rows):
        if sum(1 for c in cells if clean_text(c)) >= 2:
            return index
    for index, cells in enumerate(first_rows):
        if not _blank_row(cells):
            return index
    return -1


def read_table(data: bytes, file_name: str) -> Table:
    """Read an uploaded CSV or XLSX file; raises TableError with a Thai and English message."""
    name = file_name.lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if not data or not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise TableError(
            "file_empty",
            f"ไฟล์ “{file_name}” ว่างเปล่า ไม่มีข้อมูล",
            f"The file “{file_name}” is empty.",
        )
    if data.startswith(_OLE2_MAGIC) or extension == ".xls":
        raise TableError(
            "file_xls",
            f"“{file_name}” เป็นไฟล์ Excel แบบเก่า (.xls) ซึ่งอ่านไม่ได้ "
            "กรุณาบันทึกเป็น .xlsx หรือ CSV แล้วนำเข้าใหม่",
            f"“{file_name}” is an old Excel file (.xls), which cannot be read: save it as .xlsx "
            "or CSV and import again.",
        )
    # A workbook renamed to .csv is still a workbook: read what the bytes are.
    if extension in _XLSX_EXTENSIONS or (extension in _CSV_EXTENSIONS and data[:4] == _ZIP_MAGIC):
        return _read_xlsx(data, file_name)
    if extension in _CSV_EXTENSIONS:
        return _read_csv(data, file_name)
    raise TableError(
        "file_type",
        f"ไม่รองรับไฟล์ “{file_name}”: นำเข้าได้เฉพาะไฟล์ .csv หรือ .xlsx",
        f"“{file_name}” is not supported: import a .csv or .xlsx file.",
    )


def _decode(data: bytes, file_name: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    else:
        # Strict UTF-8 first: TIS-620 Thai bytes are almost never valid UTF-8, so a file that
        # decodes is UTF-8, and one that does not is tried as Windows-874 (a TIS-620 superset).
        try:
            text = data.decode("utf-8-sig")
            return text, "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        except UnicodeDecodeError:
            pass
        try:
            return data.decode("cp874"), "cp874"
        except UnicodeDecodeError:
            pass
    raise TableError(
        "file_encoding",
        f"อ่านตัวอักษรในไฟล์ “{file_name}” ไม่ได้ (ไม่ใช่ UTF-8 หรือ TIS-620/Windows-874) "
        "กรุณาบันทึกเป็น CSV UTF-8 แล้วนำเข้าใหม่",
        f"The characters of “{file_name}” cannot be read (neither UTF-8 nor "
        "TIS-620/Windows-874): save it as CSV UTF-8 and import again.",
    )


def _sniff_delimiter(text: str) -> str:
    # Counted outside quotes over the first lines: csv.Sniffer guesses wrongly on Thai text
    # with few columns, and a header line rarely contains its own delimiter.
    sample = [_QUOTED.sub("", line) for line in text.splitlines()[:10] if line.strip()]
    counts = {d: sum(line.count(d) for line in sample) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _unreadable(file_name: str, detail: str) -> TableError:
    return TableError(
        "file_unreadable",
        f"อ่านไฟล์ “{file_name}” ไม่ได้ ไฟล์อาจเสียหรือไม่ใช่ตาราง ({detail})",
        f"“{file_name}” cannot be read: it may be damaged or not a table ({detail}).",
    )


_EXCEL_SEP_LINE = re.compile(r"^sep=(.)\r?\n")


def _read_csv(data: bytes, file_name: str) -> Table:
    text, encoding = _decode(data, file_name)
    if "\x00" in text:
        raise _unreadable(file_name, "binary data")
    # Excel writes and honours a first line "sep=;" naming the delimiter.
    if m := _EXCEL_SEP_LINE.match(text):
        delimiter, text = m[1], text[m.end() :]
    else:
        delimiter = _sniff_delimiter(text)

    def source() -> Iterator[list[CellValue]]:
        try:
            yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        except csv.Error as exc:
            raise _unreadable(file_name, str(exc)) from exc

    return _table(source, encoding, "csv", delimiter, file_name)


def _read_xlsx(data: bytes, file_name: str) -> Table:
    import openpyxl  # imported here: only XLSX imports need it

    def source() -> Iterator[list[CellValue]]:
        try:
            with warnings.catch_warnings():
                # "Workbook contains no default style" and the like: noise for a data import.
                warnings.simplefilter("ignore")
                book = openpyxl.load_workbook(
                    io.BytesIO(data), read_only=True, data_only=True, keep_links=False
                )
            try:
                if book.worksheets:
                    sheet = book.worksheets[0]
                    # Workbooks written by other programs often state wrong dimensions, which
                    # would cut the rows short in read-only mode.
                    sheet.reset_dimensions()
                    for values in sheet.iter_rows(values_only=True):
                        yield list(values)
            finally:
                book.close()
        except TableError:
            raise
        except Exception as exc:
            # A damaged workbook fails in many ways (BadZipFile, KeyError for a missing part,
            # XML parse errors, InvalidFileException): all mean the same to the person.
            raise _unreadable(file_name, type(exc).__name__) from exc

    return _table(source, None, "xlsx", None, file_name)


def _table(
    source: Callable[[], Iterator[list[CellValue]]],
    encoding: str | None,
    file_format: str,
    delimiter: str | None,
    file_name: str,
) -> Table:
    first: list[list[CellValue]] = []
    for cells in source():
        first.append(cells)
        if len(first) >= _HEADER_SEARCH_ROWS:
            break
    index = _header_index(first)
    if index < 0:
        raise TableError(
            "file_empty",
            f"ไฟล์ “{file_name}” ไม่มีข้อมูล (ไม่พบแถวหัวตาราง)",
            f"The file “{file_name}” has no data (no header row).",
        )
    headers = [clean_text(h) for h in first[index]]
    while headers and not headers[-1]:  # XLSX sheets often report empty trailing columns
        headers.pop()
    return Table(headers, encoding, file_format, delimiter, index + 1, source)


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


def _text_or_blank(value: object) -> str:
    text = clean_text(value)
    return "" if text in BLANK_MARKS else text


def _number_text(value: object) -> str:
    # Thousands separators and spaces inside numbers ("1,250,000", "1 250") go.
    return _text_or_blank(value).replace(",", "").replace(" ", "")


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
    text = _display(value)
    return CellError(
        "number_format",
        f"“{text}” ไม่ใช่ตัวเลข",
        f"“{text}” is not a number.",
    )


def _not_whole(value: object) -> CellError:
    text = _display(value)
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
        text = _display(shown)
        raise CellError(
            "date_serial_range",
            f"“{text}” ไม่ใช่วันที่ (เลขวันที่ของ Excel ต้องอยู่ระหว่างปี 2463–2643)",
            f"“{text}” is not a date (an Excel date number must fall in 1920–2100).",
        )
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _year_only(value: object) -> CellError:
    text = _display(value)
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
    text = _text_or_blank(value)
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
            shown = _display(value)
            raise CellError(
                "date_invalid",
                f"“{shown}” ไม่มีในปฏิทิน",
                f"“{shown}” does not exist in the calendar.",
            ) from None
        raise _not_date(value) from None
    if not _DATE_MIN_YEAR <= date.year <= _DATE_MAX_YEAR:
        shown = _display(value)
        raise CellError(
            "date_range",
            f"“{shown}” อยู่นอกช่วงปีที่รับได้ (พ.ศ. 2443–2643)",
            f"“{shown}” is outside the accepted years (1900–2100).",
        )
    return date


def _not_date(value: object) -> CellError:
    text = _display(value)
    return CellError(
        "date_format",
        f"“{text}” ไม่ใช่วันที่ เขียนเป็น 16/01/2563, 2020-01-16 หรือ 16 มกราคม 2563",
        f"“{text}” is not a date: write it as 16/01/2563, 2020-01-16 or 16 มกราคม 2563.",
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
    text = _ERA_WORDS.sub("", _text_or_blank(value)).strip()
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
    text = _display(value)
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
    text = _ID_SEPARATORS.sub("", _text_or_blank(value))
    if not text:
        return None
    if len(text) != 14 or not text.isdigit():
        shown = _display(value)
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


def _registration_text(value: object) -> str:
    # People and exports write "3 - 105 - 1/45 ชพ": spaces carry no meaning in the number.
    return "".join(_text_or_blank(value).split())


def parse_registration_no(value: object) -> RegistrationNo | None:
    """Split an old registration number; None when blank, CellError when not in that form."""
    text = _registration_text(value)
    if not text:
        return None
    m = REGISTRATION_PATTERN.match(text)
    if m is None or int(m[3]) > 999 or (m[4] is not None and int(m[4]) > 99):
        shown = _display(value)
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
    text = _registration_text(value)
    if not text:
        return None
    if m := _TYPE_ITEM.match(text):
        code = f"{int(m[1]):03d}{int(m[2]):02d}"
    elif text.isdigit() and len(text) <= 5:
        code = text.zfill(5)
    else:
        code = ""
    if not code or not 1 <= int(code[:3]) <= _TYPE_ITEM_MAX:
        shown = _display(value)
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


# ---------------------------------------------------------------------------------------------
# Geography

# Level words written before a name. Short forms need their dot: without it "อ" is the first
# letter of names such as อ่างทอง.
# Repeated, because files write both: "อ.เขตบางนา".
_GEO_PREFIX = re.compile(
    r"^(?:(?:จังหวัด|จ\.|กิ่ง\s*อำเภอ|กิ่ง\s*อ\.|อำเภอ|อ\.|ตำบล|ต\.|แขวง|เขต|"
    r"changwat\s|king\s+amphoe\s|amphoe\s|tambon\s|khet\s|khwaeng\s)\s*)+"
)
_GEO_SUFFIX = re.compile(r"\s+(?:sub-?district|district|province)$")
_GEO_MARKS = re.compile(r"[\s.'’\-ฯ]")
# Tone marks and other signs people leave out or misplace.
_TONE_MARKS = str.maketrans({c: None for c in "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d"})
_MUEANG = frozenset({"เมือง", "mueang", "muang", "meuang"})
_PROVINCE_ALIASES = {
    "กทม": "10",
    "กรุงเทพ": "10",
    "bkk": "10",
    "bangkokmetropolis": "10",
    "krungthepmahanakhon": "10",
    "อยุธยา": "14",
    "ayutthaya": "14",
}
_BANGKOK = "10"


def geo_key(text: object) -> str:
    """A place name in the form names are compared in: lower case, no level word, no spaces,
    dots or hyphens."""
    cleaned = clean_text(text).lower()
    cleaned = _GEO_SUFFIX.sub("", _GEO_PREFIX.sub("", cleaned))
    return _GEO_MARKS.sub("", cleaned)


def _loose(key: str) -> str:
    return key.translate(_TONE_MARKS)


def _within(a: str, b: str, limit: int) -> int | None:
    """Edit distance of a and b if at most `limit`, else None (bounded, for short names)."""
    if abs(len(a) - len(b)) > limit:
        return None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return None
        previous = current
    return previous[-1] if previous[-1] <= limit else None


class _Names:
    """The names of one set of places (the provinces, or one parent's children)."""

    def __init__(self) -> None:
        self.exact: dict[str, list[str]] = {}
        self.loose: dict[str, list[str]] = {}

    def add(self, code: str, *names: str) -> None:
        for name in names:
            key = geo_key(name)
            if not key:
                continue
            for index, k in ((self.exact, key), (self.loose, _loose(key))):
                codes = index.setdefault(k, [])
                if code not in codes:
                    codes.append(code)

    def find(self, key: str, prefer: frozenset[str] = frozenset()) -> tuple[list[str], bool]:
        """(codes, corrected): exact names first, then without tone marks, then names one or
        two letters off (one for short names). Several codes mean the name is ambiguous;
        `prefer` (the codes the postal code allows) settles ties. `corrected` is False only
        for an exact match."""
        if key in self.exact:
            return _narrow(self.exact[key], prefer), False
        if _loose(key) in self.loose:
            return _narrow(self.loose[_loose(key)], prefer), True
        loose = _loose(key)
        limit = 1 if len(loose) <= 5 else 2
        best: list[str] = []
        best_distance = limit + 1
        for name, codes in self.loose.items():
            distance = _within(loose, name, limit)
            if distance is None or distance > best_distance:
                continue
            if distance < best_distance:
                best, best_distance = [], distance
            best.extend(c for c in codes if c not in best)
        return _narrow(best, prefer), bool(best)


def _narrow(codes: list[str], prefer: frozenset[str]) -> list[str]:
    if len(codes) > 1 and prefer:
        preferred = [c for c in codes if c in prefer]
        if preferred:
            return preferred
    return codes


@dataclass(frozen=True, slots=True)
class GeoMatch:
    """Codes found for an address; `errors` say what did not fit, `notes` what was corrected
    or filled in (a misspelling read, a subdistrict taken from the postal code)."""

    province_code: str | None = None
    district_code: str | None = None
    subdistrict_code: str | None = None
    errors: tuple[CellError, ...] = ()
    notes: tuple[CellError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rule(self) -> str:
        return self.errors[0].rule if self.errors else ""

    @property
    def message_th(self) -> str:
        return self.errors[0].message_th if self.errors else ""

    @property
    def message_en(self) -> str:
        return self.errors[0].message_en if self.errors else ""


_POSTAL = re.compile(r"^\d{5}$")
_MEMO_LIMIT = 500_000


class GeoMatcher:
    """Finds DOPA codes for province, district, subdistrict names and a postal code.

    Build it once (it indexes geothai's 7,436 subdistricts) and reuse it for a whole file:
    results are memoised per input, and real files repeat the same addresses many times.
    """

    def __init__(self) -> None:
        self._provinces = _Names()
        self._province_names: dict[str, tuple[str, str]] = {}
        self._districts: dict[str, _Names] = {}
        self._district_info: dict[str, District] = {}
        self._subdistricts: dict[str, _Names] = {}
        self._province_subdistricts: dict[str, _Names] = {}
        self._subdistrict_info: dict[str, Subdistrict] = {}
        self._by_postal: dict[str, tuple[Subdistrict, ...]] = {}
        self._memo: dict[tuple[str, str, str, str], GeoMatch] = {}
        postal: dict[str, list[Subdistrict]] = {}
        for province in geothai.provinces():
            self._provinces.add(province.code, province.name_th, province.name_en)
            self._province_names[province.code] = (province.name_th, province.name_en)
            districts = self._districts[province.code] = _Names()
            everywhere = self._province_subdistricts[province.code] = _Names()
            for district in geothai.districts(province.code):
                districts.add(district.code, district.name_th, district.name_en)
                self._district_info[district.code] = district
                subdistricts = self._subdistricts[district.code] = _Names()
                for sub in geothai.subdistricts(district.code):
                    subdistricts.add(sub.code, sub.name_th, sub.name_en)
                    everywhere.add(sub.code, sub.name_th, sub.name_en)
                    self._subdistrict_info[sub.code] = sub
                    for code in sub.postal_codes:
                        postal.setdefault(code, []).append(sub)
        for alias, code in _PROVINCE_ALIASES.items():
            self._provinces.add(code, alias)
        self._by_postal = {code: tuple(subs) for code, subs in postal.items()}

    def match(
        self, province: object, district: object, subdistrict: object, postal_code: object
    ) -> GeoMatch:
        """Match one address. Blank parts are skipped; the postal code fills a missing
        subdistrict when it points to exactly one in the district, and is cross-checked."""
        # Memoised on the input as given (clean_row passes text), cleaned only on a miss.
        memo_key = (
            province if isinstance(province, str) else clean_text(province),
            district if isinstance(district, str) else clean_text(district),
            subdistrict if isinstance(subdistrict, str) else clean_text(subdistrict),
            postal_code if isinstance(postal_code, str) else clean_text(postal_code),
        )
        found = self._memo.get(memo_key)
        if found is None:
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            found = self._memo[memo_key] = self._match(*(clean_text(v) for v in memo_key))
        return found

    # The steps below read top to bottom as the address does: province, district, subdistrict,
    # then the postal code's word on all three.
    def _match(self, province: str, district: str, subdistrict: str, postal: str) -> GeoMatch:
        errors: list[CellError] = []
        notes: list[CellError] = []
        postal_subs: tuple[Subdistrict, ...] = ()
        if _POSTAL.match(postal):
            postal_subs = self._by_postal.get(postal, ())
            if not postal_subs:
                errors.append(
                    CellError(
                        "postal_code_unknown",
                        f"ไม่มีรหัสไปรษณีย์ {postal} ในประเทศไทย",
                        f"No Thai subdistrict has the postal code {postal}.",
                        column="postal_code",
                        value=postal,
                    )
                )
        allowed = frozenset(s.code for s in postal_subs)

        province_code = self._province(province, postal, postal_subs, errors, notes)
        if province_code is None:
            return GeoMatch(errors=tuple(errors), notes=tuple(notes))
        district_code = self._district(province_code, district, postal_subs, errors, notes)
        if district_code is None and geo_key(district):
            return GeoMatch(province_code, errors=tuple(errors), notes=tuple(notes))

        sub_code: str | None = None
        if geo_key(subdistrict):
            names = (
                self._subdistricts[district_code]
                if district_code
                else self._province_subdistricts[province_code]
            )
            codes, fuzzy = names.find(geo_key(subdistrict), allowed)
            if len(codes) == 1:
                sub_code = codes[0]
                if fuzzy:
                    notes.append(self._read_as("subdistrict_name", subdistrict, sub_code))
                district_code = district_code or sub_code[:4]
            else:
                errors.append(
                    self._subdistrict_problem(province_code, district_code, subdistrict, codes)
                )
        elif postal_subs:
            inside = [
                s
                for s in postal_subs
                if (s.district_code == district_code if district_code else True)
                and s.province_code == province_code
            ]
            if len(inside) == 1:
                sub_code = inside[0].code
                district_code = district_code or inside[0].district_code
                notes.append(self._from_postal("subdistrict_name", postal, sub_code))
            elif not district_code and len({s.district_code for s in inside}) == 1:
                district_code = inside[0].district_code
                notes.append(self._from_postal("district_name", postal, district_code))

        if postal_subs:
            if sub_code:
                agrees = postal in self._subdistrict_info[sub_code].postal_codes
            elif district_code:
                agrees = any(s.district_code == district_code for s in postal_subs)
            else:
                agrees = any(s.province_code == province_code for s in postal_subs)
            if not agrees:
                errors.append(self._postal_mismatch(postal, province_code, district_code, sub_code))
        return GeoMatch(province_code, district_code, sub_code, tuple(errors), tuple(notes))

    def _province(
        self,
        province: str,
        postal: str,
        postal_subs: tuple[Subdistrict, ...],
        errors: list[CellError],
        notes: list[CellError],
    ) -> str | None:
        key = geo_key(province)
        if not key:
            codes = sorted({s.province_code for s in postal_subs})
            if len(codes) == 1:
                notes.append(self._from_postal("province_name", postal, codes[0]))
                return codes[0]
            errors.append(
                CellError(
                    "province_missing",
                    "ไม่ได้ระบุจังหวัด",
                    "The province is missing.",
                    column="province_name",
                )
            )
            return None
        codes, fuzzy = self._provinces.find(key, frozenset(s.province_code for s in postal_subs))
        if len(codes) != 1:
            errors.append(
                CellError(
                    "province_unknown",
                    f"ไม่พบจังหวัด “{province}”",
                    f"There is no province “{province}”.",
                    column="province_name",
                    value=province,
                )
            )
            return None
        if fuzzy:
            notes.append(self._read_as("province_name", province, codes[0]))
        return codes[0]

    def _district(
        self,
        province_code: str,
        district: str,
        postal_subs: tuple[Subdistrict, ...],
        errors: list[CellError],
        notes: list[CellError],
    ) -> str | None:
        key = geo_key(district)
        if not key:
            return None
        _, province_en = self._province_names[province_code]
        # "อ.เมือง" is the capital district, whose code always ends in 01; Bangkok has none.
        if key in _MUEANG and province_code != _BANGKOK:
            return f"{province_code}01"
        allowed = frozenset(s.district_code for s in postal_subs)
        codes, fuzzy = self._districts[province_code].find(key, allowed)
        if len(codes) == 1:
            if fuzzy:
                notes.append(self._read_as("district_name", district, codes[0]))
            return codes[0]
        errors.append(
            CellError(
                "district_unknown",
                f"ไม่พบอำเภอ/เขต “{district}” ใน{self._province_label(province_code)}",
                f"There is no district “{district}” in {province_en}.",
                column="district_name",
                value=district,
            )
        )
        return None

    def _province_label(self, code: str) -> str:
        name = self._province_names[code][0]
        return name if code == _BANGKOK else "จังหวัด" + name

    def _district_label(self, code: str) -> str:
        # Bangkok's district names already begin with เขต.
        name = self._district_info[code].name_th
        return name if code[:2] == _BANGKOK else "อำเภอ" + name

    def _subdistrict_problem(
        self, province_code: str, district_code: str | None, name: str, codes: list[str]
    ) -> CellError:
        if district_code:
            where_th = self._district_label(district_code)
            where_en = self._district_info[district_code].name_en
        else:
            where_th = self._province_label(province_code)
            where_en = self._province_names[province_code][1]
        if codes:
            found = [self._subdistrict_info[c] for c in codes[:5]]
            places_th = ", ".join(
                f"{s.name_th} ({self._district_label(s.district_code)})" for s in found
            )
            places_en = ", ".join(
                f"{s.name_en} ({self._district_info[s.district_code].name_en})" for s in found
            )
            return CellError(
                "subdistrict_ambiguous",
                f"ตำบล/แขวง “{name}” ตรงกับหลายแห่งใน{where_th}: {places_th} "
                + ("กรุณาตรวจการสะกด" if district_code else "กรุณาระบุอำเภอ"),
                f"The subdistrict “{name}” fits several in {where_en}: {places_en}; "
                + ("check the spelling." if district_code else "give the district."),
                column="subdistrict_name",
                value=name,
            )
        return CellError(
            "subdistrict_unknown",
            f"ไม่พบตำบล/แขวง “{name}” ใน{where_th}",
            f"There is no subdistrict “{name}” in {where_en}.",
            column="subdistrict_name",
            value=name,
        )

    def _place_names(
        self, province_code: str, district_code: str | None, sub_code: str | None
    ) -> tuple[str, str]:
        parts_th: list[str] = []
        parts_en: list[str] = []
        if sub_code:
            sub = self._subdistrict_info[sub_code]
            parts_th.append(("แขวง" if province_code == _BANGKOK else "ตำบล") + sub.name_th)
            parts_en.append(sub.name_en)
        if district_code:
            parts_th.append(self._district_label(district_code))
            parts_en.append(self._district_info[district_code].name_en)
        parts_th.append(self._province_label(province_code))
        parts_en.append(self._province_names[province_code][1])
        return " ".join(parts_th), ", ".join(parts_en)

    def _postal_mismatch(
        self, postal: str, province_code: str, district_code: str | None, sub_code: str | None
    ) -> CellError:
        place_th, place_en = self._place_names(province_code, district_code, sub_code)
        expected = ""
        if sub_code:
            expected = " / ".join(self._subdistrict_info[sub_code].postal_codes)
        return CellError(
            "postal_code_mismatch",
            f"รหัสไปรษณีย์ {postal} ไม่ตรงกับ {place_th}"
            + (f" (รหัสไปรษณีย์ที่ถูกคือ {expected})" if expected else ""),
            f"The postal code {postal} does not belong to {place_en}"
            + (f" (its postal code is {expected})." if expected else "."),
            column="postal_code",
            value=postal,
        )

    def _name_of(self, code: str) -> tuple[str, str]:
        if len(code) == 2:
            return self._province_names[code]
        if len(code) == 4:
            d = self._district_info[code]
            return d.name_th, d.name_en
        s = self._subdistrict_info[code]
        return s.name_th, s.name_en

    def _read_as(self, column: str, written: str, code: str) -> CellError:
        name_th, name_en = self._name_of(code)
        return CellError(
            "geo_spelling",
            f"อ่าน “{written}” เป็น “{name_th}”",
            f"Read “{written}” as “{name_en}” ({name_th}).",
            column=column,
            value=written,
        )

    def _from_postal(self, column: str, postal: str, code: str) -> CellError:
        name_th, name_en = self._name_of(code)
        return CellError(
            "geo_from_postal_code",
            f"ใช้ “{name_th}” ตามรหัสไปรษณีย์ {postal}",
            f"Took “{name_en}” ({name_th}) from the postal code {postal}.",
            column=column,
            value=postal,
        )


@cache
def geo_matcher() -> GeoMatcher:
    """The process-wide matcher: building one takes a fraction of a second, so share it."""
    return GeoMatcher()


# ---------------------------------------------------------------------------------------------
# Choice fields

# Mirrors of the model choices (a test keeps them in step) with the words files use for them.
STATUS_WORDS: dict[str, str] = {
    "active": "active", "ดำเนินการ": "active", "ดำเนินกิจการ": "active", "เปิด": "active",
    "เปิดดำเนินการ": "active", "ปกติ": "active", "inactive": "inactive",
    "notoperating": "inactive", "หยุด": "inactive", "หยุดดำเนินการ": "inactive",
    "หยุดกิจการ": "inactive", "ไม่ดำเนินการ": "inactive", "ไม่ได้ดำเนินการ": "inactive",
    "closed": "closed", "ปิด": "closed", "ปิดกิจการ": "closed", "เลิก": "closed",
    "เลิกกิจการ": "closed", "เลิกประกอบกิจการ": "closed", "จำหน่าย": "closed",
}  # fmt: skip
# DIW's FFLAG / STATUS: 0 licensed, 1 operating, 2 struck off, 3 stopped.
LICENCE_WORDS: dict[str, str] = {
    "0": "licensed", "1": "operating", "2": "struck_off", "3": "stopped",
    "licensed": "licensed", "ได้รับใบอนุญาต": "licensed", "operating": "operating",
    "ดำเนินการ": "operating", "ประกอบกิจการ": "operating", "struckoff": "struck_off",
    "จำหน่าย": "struck_off", "จำหน่ายทะเบียน": "struck_off", "stopped": "stopped",
    "หยุดดำเนินการ": "stopped", "หยุดประกอบกิจการ": "stopped",
}  # fmt: skip
CONCESSION_WORDS: dict[str, str] = {
    "operating": "operating", "เปิดดำเนินการ": "operating", "notopened": "not_opened",
    "notyetopened": "not_opened", "ยังไม่ขออนุญาตเปิด": "not_opened", "stopped": "stopped",
    "หยุด": "stopped", "หยุดดำเนินการ": "stopped", "surrendered": "surrendered",
    "ขอคืนสิทธิ": "surrendered", "คืนสิทธิ": "surrendered", "expired": "expired",
    "สิ้นอายุ": "expired", "หมดอายุ": "expired",
}  # fmt: skip
GROUP_KIND_WORDS: dict[str, str] = {
    "enterprise": "enterprise", "communityenterprise": "enterprise",
    "วิสาหกิจชุมชน": "enterprise", "network": "network",
    "communityenterprisenetwork": "network", "เครือข่ายวิสาหกิจชุมชน": "network",
    "unregistered": "unregistered", "unregisteredgroup": "unregistered",
    "กลุ่มไม่ได้จดทะเบียน": "unregistered", "กลุ่มที่ไม่ได้จดทะเบียน": "unregistered",
    "ไม่ได้จดทะเบียน": "unregistered", "กลุ่มชาวบ้าน": "unregistered",
}  # fmt: skip
# A factory's licence says whether the establishment is active, when no status column does.
STATUS_FROM_LICENCE = {
    "licensed": "active",
    "operating": "active",
    "struck_off": "closed",
    "stopped": "inactive",
}


def _choice(
    words: dict[str, str], rule: str, label_th: str, label_en: str
) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = _text_or_blank(value)
        if not text:
            return ""
        found = words.get("".join(text.lower().replace("_", " ").split()))
        if found is None:
            shown = _display(value)
            raise CellError(
                rule,
                f"“{shown}” ไม่ใช่{label_th}ที่รู้จัก",
                f"“{shown}” is not a known {label_en}.",
            )
        return found

    return parse


# ---------------------------------------------------------------------------------------------
# Field parsers


def _parse_text(value: object, spec: TargetField) -> str:
    text = _text_or_blank(value)
    if spec.max_length is not None and len(text) > spec.max_length:
        raise CellError(
            "text_too_long",
            f"ข้อความยาว {len(text)} ตัวอักษร เกินที่รับได้ {spec.max_length} ตัวอักษร",
            f"The text has {len(text)} characters; at most {spec.max_length} fit.",
        )
    return text


_CENT = Decimal("0.01")
_MICRO = Decimal("0.000001")
_MILLION = Decimal(1_000_000)
_MAX_POSITIVE_INT = 2_147_483_647  # PositiveIntegerField on PostgreSQL


def _fit_decimal(number: Decimal, spec: TargetField, shown: object) -> Decimal:
    # The model keeps two decimal places; more digits than max_digits would fail the database.
    number = number.quantize(_CENT, rounding=ROUND_HALF_UP)
    digits = spec.max_digits or 18
    if len(number.as_tuple().digits) > digits:
        text = _display(shown)
        raise CellError(
            "number_too_large",
            f"“{text}” มากเกินไป (ได้ไม่เกิน {digits - 2} หลักก่อนจุดทศนิยม)",
            f"“{text}” is too large (at most {digits - 2} digits before the decimal point).",
        )
    return number


def _parse_decimal_field(value: object, spec: TargetField) -> Decimal | None:
    number = parse_decimal(value)
    return None if number is None else _fit_decimal(number, spec, value)


def _parse_million(value: object, spec: TargetField) -> Decimal | None:
    number = parse_decimal(value)
    return None if number is None else _fit_decimal(number * _MILLION, spec, value)


def _parse_count(value: object, spec: TargetField) -> int | None:
    number = parse_int(value)
    if number is not None and not 0 <= number <= _MAX_POSITIVE_INT:
        shown = _display(value)
        raise CellError(
            "count_range",
            f"“{shown}” ต้องเป็นจำนวนนับตั้งแต่ 0 ขึ้นไป",
            f"“{shown}” must be a count of 0 or more.",
        )
    return number


def _coordinate(
    limit: int, name_th: str, name_en: str
) -> Callable[[object, TargetField], Decimal | None]:
    def parse(value: object, spec: TargetField) -> Decimal | None:
        number = parse_decimal(value)
        if number is None:
            return None
        if not -limit <= number <= limit:
            shown = _display(value)
            raise CellError(
                f"{name_en}_range",
                f"{name_th} “{shown}” ต้องอยู่ระหว่าง −{limit} ถึง {limit}",
                f"The {name_en} “{shown}” must lie between −{limit} and {limit}.",
            )
        return number.quantize(_MICRO, rounding=ROUND_HALF_UP)

    return parse


def _parse_juristic_id(value: object, spec: TargetField) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    digits = normalize_thai_id(_text_or_blank(value))
    if not digits:
        return ""
    # Juristic ids start with 0 and Excel drops it from numbers; the check digit below keeps a
    # wrong guess out.
    if len(digits) == 12 and digits.isdigit():
        digits = "0" + digits
    if not is_valid_thai_id(digits):
        shown = _display(value)
        raise CellError(
            "juristic_id_invalid",
            f"“{shown}” ไม่ใช่เลขทะเบียนนิติบุคคล 13 หลักที่ถูกต้อง",
            f"“{shown}” is not a valid 13-digit juristic person id.",
        )
    return digits


def _parse_postal_code(value: object, spec: TargetField) -> str:
    text = _text_or_blank(value).replace(" ", "")
    if not text:
        return ""
    try:
        validate_postal_code(text)
    except ValidationError:
        shown = _display(value)
        raise CellError(
            "postal_code_format",
            f"“{shown}” ไม่ใช่รหัสไปรษณีย์ (ตัวเลข 5 หลัก ขึ้นต้นด้วย 10–96)",
            f"“{shown}” is not a postal code (five digits starting 10–96).",
        ) from None
    return text


def _parse_class(value: object, spec: TargetField) -> int | None:
    text = re.sub(r"^จำพวก(?:ที่)?", "", _text_or_blank(value)).strip()
    if not text:
        return None
    number = parse_int(text) if re.fullmatch(r"\d+(?:\.0+)?", text) else None
    if number not in (1, 2, 3):
        shown = _display(value)
        raise CellError(
            "factory_class_format",
            f"“{shown}” ไม่ใช่จำพวกโรงงาน (1, 2 หรือ 3)",
            f"“{shown}” is not a factory class (1, 2 or 3).",
        )
    return number


def _plain(parse: Callable[[object], object]) -> Callable[[object, TargetField], object]:
    return lambda value, spec: parse(value)


def _registration_field(value: object, spec: TargetField) -> str:
    # Stored as written (without spaces) even when it is not in the usual form; clean_row
    # parses it again to derive the type code and class.
    return _parse_text(_registration_text(value), spec)


PARSERS: dict[str, Callable[[object, TargetField], object]] = {
    "text": _parse_text,
    "int": _plain(parse_int),
    "count": _parse_count,
    "decimal": _parse_decimal_field,
    "decimal_million": _parse_million,
    "date": _plain(parse_date_cell),
    "year": _plain(parse_year),
    "fid": _plain(normalize_fid),
    "registration_no": _registration_field,
    "type_code": lambda value, spec: parse_type_code(value) or "",
    "factory_class": _parse_class,
    "juristic_id": _parse_juristic_id,
    "postal_code": _parse_postal_code,
    "latitude": _coordinate(90, "ละติจูด", "latitude"),
    "longitude": _coordinate(180, "ลองจิจูด", "longitude"),
    "status": _plain(_choice(STATUS_WORDS, "status_unknown", "สถานะ", "status")),
    "licence_status": _plain(
        _choice(LICENCE_WORDS, "licence_status_unknown", "สถานะใบอนุญาต", "licence status")
    ),
    "concession_status": _plain(
        _choice(
            CONCESSION_WORDS, "concession_status_unknown", "สถานะประทานบัตร", "concession status"
        )
    ),
    "group_kind": _plain(
        _choice(GROUP_KIND_WORDS, "group_kind_unknown", "ประเภทกลุ่ม", "group kind")
    ),
}


# ---------------------------------------------------------------------------------------------
# Rows


@cache
def _plan(
    kind: str,
) -> dict[str, tuple[Callable[[object, TargetField], object], TargetField, object]]:
    """For each target allowed for `kind`: its parser, its spec and its blank value. Worked
    out once per kind: clean_row runs a million times."""
    return {
        name: (PARSERS[spec.parser], spec, "" if spec.parser in _TEXT_PARSERS else None)
        for name, spec in TARGET_FIELDS.items()
        if spec.allowed_for(kind)
    }


# Parsers whose blank is "" (the model's CharFields are blank=True, not null).
_TEXT_PARSERS = frozenset(
    {"text", "registration_no", "type_code", "juristic_id", "postal_code", "status",
     "licence_status", "concession_status", "group_kind"}
)  # fmt: skip


@dataclass(slots=True)
class CleanRow:
    """One cleaned row: values by target field, ready for the models (blank is "" for text
    fields and None for the others, the FID included as it is unique), plus
    `province_code`, `district_code`, `subdistrict_code`. Rejected when it has any error;
    warnings say what was corrected or could not be derived and do not reject."""

    row_number: int
    values: dict[str, object]
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return bool(self.errors)


def clean_row(
    raw: Mapping[str, object],
    *,
    kind: str,
    geo: GeoMatcher,
    row_number: int,
    headers: Mapping[str, str] | None = None,
) -> CleanRow:
    """Parse one row's cells (keyed by target field, see `Binding.raw`) for an establishment
    of `kind`. `headers` (target -> header as written, `Binding.headers`) names the columns in
    errors; without it errors name the target field.

    Raises ValueError for a target that does not exist or does not suit `kind`: that is a
    mapping mistake (mapping_from catches it for users), not a cell problem.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown establishment kind {kind!r}")
    row = CleanRow(row_number, {})
    values = row.values
    names = headers or {}
    failed: set[str] = set()
    plan = _plan(kind)
    for target, cell in raw.items():
        step = plan.get(target)
        if step is None:
            raise ValueError(f"target {target!r} is not a field for {kind!r} establishments")
        parse, spec, blank = step
        if cell is None or cell == "":  # most cells of a sparse file: skip the parser
            values[target] = blank
            continue
        try:
            values[target] = parse(cell, spec)
        except CellError as exc:
            row.errors.append(exc.at(names.get(target, target), cell))
            values[target] = None
            failed.add(target)

    province_name = values.get("province_name") or ""
    if kind == "factory":
        province_name = _factory_details(raw, row, failed, names) or province_name

    match = geo.match(
        province_name,
        values.get("district_name") or "",
        values.get("subdistrict_name") or "",
        # A malformed postal code is an error of its own already: do not match on it.
        values.get("postal_code") or "",
    )
    values["province_code"] = match.province_code
    values["district_code"] = match.district_code
    values["subdistrict_code"] = match.subdistrict_code
    for found, into in ((match.errors, row.errors), (match.notes, row.warnings)):
        for problem in found:
            cell = raw.get(problem.column, problem.value)
            into.append(problem.at(names.get(problem.column, problem.column), cell))

    if not values.get("name_th") and "name_th" not in failed:
        row.errors.append(
            CellError(
                "required",
                "ต้องมีชื่อสถานประกอบการ (ภาษาไทย)",
                "The Thai name is required.",
                column=names.get("name_th", "name_th"),
            )
        )
    return row


def _factory_details(
    raw: Mapping[str, object], row: CleanRow, failed: set[str], names: Mapping[str, str]
) -> str:
    """Factory-only steps; returns a province name taken from the registration number when
    the row has none (the DIW permit feed has no address), else ""."""
    values = row.values
    million = values.pop("factory.investment_total_million", None)
    if million is not None and values.get("factory.investment_total") is None:
        values["factory.investment_total"] = million

    licence = values.get("factory.licence_status")
    if isinstance(licence, str) and licence and not values.get("status"):
        values["status"] = STATUS_FROM_LICENCE[licence]

    registration = values.get("factory.registration_no")
    if not isinstance(registration, str) or not registration:
        return ""
    column = names.get("factory.registration_no", "factory.registration_no")
    try:
        parsed = parse_registration_no(registration)
    except CellError as exc:
        # Other forms exist (e.g. newer numbers with a four-digit year and no province): keep
        # the number as written and say that nothing could be derived from it.
        row.warnings.append(exc.at(column, raw["factory.registration_no"]))
        return ""
    assert parsed is not None
    checks: tuple[tuple[str, object, str, str, str], ...] = (
        ("factory.type_code", parsed.type_code, "registration_type_mismatch",
         "รหัสประเภท", "type code"),
        ("factory.factory_class", parsed.factory_class, "registration_class_mismatch",
         "จำพวก", "class"),
    )  # fmt: skip
    for target, derived, rule, what_th, what_en in checks:
        current = values.get(target)
        if current in (None, ""):
            if target not in failed:
                values[target] = derived
        elif current != derived:
            # Kept as the file says and flagged: the data-quality rules
            # (agree.registration_type_code / agree.registration_class) list it for a person.
            row.warnings.append(
                CellError(
                    rule,
                    f"{what_th} {current} ไม่ตรงกับเลขทะเบียน {parsed.text} ({derived})",
                    f"The {what_en} {current} disagrees with the registration number "
                    f"{parsed.text} ({derived}).",
                    column=names.get(target, target),
                    value=_display(raw.get(target)),
                )
            )
    if values.get("province_name") or "province_name" in failed:
        return ""
    code = province_code_from_abbr(parsed.province_abbr)
    province = geothai.province(code) if code else None
    if province is None:
        return ""
    row.warnings.append(
        CellError(
            "province_from_registration",
            f"ใช้จังหวัด{province.name_th} ตามอักษรย่อ “{parsed.province_abbr}” ในเลขทะเบียน",
            f"Took the province {province.name_en} from the abbreviation "
            f"“{parsed.province_abbr}” of the registration number.",
            column=column,
            value=parsed.text,
        )
    )
    return province.name_th
