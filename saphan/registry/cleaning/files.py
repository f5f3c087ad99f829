"""Reading uploaded files as tables: CSV (UTF-8, UTF-8 with BOM, TIS-620/Windows-874, UTF-16)
and XLSX, with the header row found below any title rows."""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from saphan.registry.cleaning.text import CellValue, TableError, clean_text

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
