"""Reading and cleaning government spreadsheet files before they are upserted into the registry.

Pure logic, no database: `read_table` (files.py) opens CSV (UTF-8, UTF-8 with BOM,
TIS-620/Windows-874, UTF-16) and XLSX files; the parsers (values.py) turn cells into Python
values or raise `CellError` (text.py); `GeoMatcher` (geo.py) finds subdistrict, district and
province codes from names as people write them; `clean_row` (rows.py) applies all of that to
one row mapped by a layout (`saphan.registry.layouts`).

Messages come in Thai and English side by side (`message_th`, `message_en`) because
rejections are stored with both (`ImportRejection`) and shown in the reader's language later.
"""

from saphan.registry.cleaning.files import Table, read_table
from saphan.registry.cleaning.geo import GeoMatch, GeoMatcher, geo_key, geo_matcher
from saphan.registry.cleaning.rows import (
    CONCESSION_WORDS,
    GROUP_KIND_WORDS,
    LICENCE_WORDS,
    PARSERS,
    STATUS_FROM_LICENCE,
    STATUS_WORDS,
    CleanRow,
    clean_row,
    clean_rows,
)
from saphan.registry.cleaning.text import (
    BLANK_MARKS,
    CellError,
    CellValue,
    TableError,
    clean_text,
    display,
    text_or_blank,
)
from saphan.registry.cleaning.values import (
    REGISTRATION_PATTERN,
    RegistrationNo,
    normalize_fid,
    parse_date_cell,
    parse_decimal,
    parse_int,
    parse_registration_no,
    parse_type_code,
    parse_year,
    province_code_from_abbr,
    type_code_from_registration,
)

__all__ = [
    "BLANK_MARKS", "CONCESSION_WORDS", "GROUP_KIND_WORDS", "LICENCE_WORDS", "PARSERS",
    "REGISTRATION_PATTERN", "STATUS_FROM_LICENCE", "STATUS_WORDS", "CellError", "CellValue",
    "CleanRow", "GeoMatch", "GeoMatcher", "RegistrationNo", "Table", "TableError", "clean_row",
    "clean_rows",
    "clean_text", "display", "geo_key", "geo_matcher", "normalize_fid", "parse_date_cell",
    "parse_decimal", "parse_int", "parse_registration_no", "parse_type_code", "parse_year",
    "province_code_from_abbr", "read_table", "text_or_blank", "type_code_from_registration",
]  # fmt: skip
