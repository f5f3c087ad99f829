"""Reading and cleaning import files: encodings, cells, identifiers, places, layouts, rows."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from saphan.core.validators import thai_id_check_digit
from saphan.registry import models
from saphan.registry.cleaning import (
    CONCESSION_WORDS,
    GROUP_KIND_WORDS,
    LICENCE_WORDS,
    STATUS_WORDS,
    CellError,
    GeoMatcher,
    RegistrationNo,
    TableError,
    clean_row,
    clean_text,
    normalize_fid,
    parse_date_cell,
    parse_decimal,
    parse_int,
    parse_registration_no,
    parse_type_code,
    parse_year,
    province_code_from_abbr,
    read_table,
    type_code_from_registration,
)
from saphan.registry.layouts import (
    DATA_GO_TH_FACTORIES,
    DIW_FACTORY_DATA,
    DIW_OPERATION_PERMIT,
    KINDS,
    TARGET_FIELDS,
    MappingError,
    detect_layout,
    mapping_from,
    targets_for_kind,
)

DATA_GO_TH_HEADERS = (
    "เลขทะเบียนโรงงานเดิม,fid,รหัสประเภท,ประเภทโรงงาน,จำพวก,ปีที่อนุญาต,ชื่อโรงงาน,ประกอบกิจการ,"
    "เลขที่,หมู่,ซอย,ถนน,ตำบล,อำเภอ,จังหวัด,รหัสไปรษณีย์,เงินทุนรวม (ล้านบาท),คนงานรวม,แรงม้า"
)
DIW_HEADERS = [
    "FACREG", "DISPFACREG", "FID", "FACTYPE", "FNAME", "ONAME", "OBJECT", "FADDR", "FMOO",
    "FSOI", "FROAD", "FTUMNAME", "FAMPNAME", "FPROVNAME", "TOTAL_CAP", "TOTAL_WORKER", "HP",
    "LAT", "LNG", "ISIC_CODE", "ESTATE", "ESTATE_NAME_TH", "LAST_UPDATE",
]  # fmt: skip


@pytest.fixture(scope="module")
def geo() -> GeoMatcher:
    return GeoMatcher()


def write(tmp_path: Path, name: str, data: bytes) -> bytes:
    """Write the fixture file as a user would upload it, and give back its bytes."""
    path = tmp_path / name
    path.write_bytes(data)
    return path.read_bytes()


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading files ---------------------------------------------------------------------------


def test_cp874_csv_is_read_as_thai(tmp_path: Path) -> None:
    # Given a data.go.th export saved in Windows-874 (TIS-620) as government offices do
    text = (
        DATA_GO_TH_HEADERS + "\r\n"
        "จ3-9(6)-100/51ปจ,10250000125417,00906,9(6),3,2551,โรงสีข้าวทองดี,สีข้าว,"
        '12/3,๕,-,สุวรรณศร,ท่างาม,เมือง,ปราจีนบุรี,25000,"1,250.5",๒๕,150.5\r\n'
    )
    data = write(tmp_path, "factories.csv", text.encode("cp874"))
    # When it is read
    table = read_table(data, "factories.csv")
    # Then the encoding is detected and the Thai text comes back intact
    assert table.encoding == "cp874"
    assert table.file_format == "csv"
    assert table.delimiter == ","
    assert table.headers == DATA_GO_TH_HEADERS.split(",")
    assert list(table.numbered_rows()) == [
        (2, [
            "จ3-9(6)-100/51ปจ", "10250000125417", "00906", "9(6)", "3", "2551",
            "โรงสีข้าวทองดี", "สีข้าว", "12/3", "๕", "-", "สุวรรณศร", "ท่างาม", "เมือง",
            "ปราจีนบุรี", "25000", "1,250.5", "๒๕", "150.5",
        ]),
    ]  # fmt: skip
    assert detect_layout(table.headers) is DATA_GO_TH_FACTORIES


def test_utf8_bom_csv_headers_have_no_bom(tmp_path: Path) -> None:
    data = write(
        tmp_path,
        "diw.csv",
        ("\ufeff" + ",".join(DIW_HEADERS) + "\n" + ",".join(["x"] * 23) + "\n").encode("utf-8"),
    )
    table = read_table(data, "diw.csv")
    assert table.encoding == "utf-8-sig"
    assert table.headers[0] == "FACREG"
    assert detect_layout(table.headers) is DIW_FACTORY_DATA


def test_plain_utf8_csv(tmp_path: Path) -> None:
    data = write(tmp_path, "a.CSV", "ชื่อ,จังหวัด\nก,ข\n".encode())
    table = read_table(data, "a.CSV")
    assert (table.encoding, table.headers, list(table.rows)) == (
        "utf-8",
        ["ชื่อ", "จังหวัด"],
        [["ก", "ข"]],
    )


def test_semicolon_csv_with_quoted_commas(tmp_path: Path) -> None:
    data = write(tmp_path, "semi.csv", 'ชื่อ;ทุน;จังหวัด\n"ก, จำกัด";"1,000";ชุมพร\n\n;;\n'.encode())
    table = read_table(data, "semi.csv")
    assert table.delimiter == ";"
    # Blank rows (also ";;" rows) are skipped, row numbers stay those of the file.
    assert list(table.numbered_rows()) == [(2, ["ก, จำกัด", "1,000", "ชุมพร"])]


def test_excel_sep_line_names_the_delimiter(tmp_path: Path) -> None:
    data = write(tmp_path, "sep.csv", "sep=;\r\nชื่อ,ย่อ;จังหวัด\r\nก,ข;ชุมพร\r\n".encode())
    table = read_table(data, "sep.csv")
    assert (table.delimiter, table.headers, list(table.rows)) == (
        ";", ["ชื่อ,ย่อ", "จังหวัด"], [["ก,ข", "ชุมพร"]],
    )  # fmt: skip


def test_tab_separated_and_short_rows_are_padded(tmp_path: Path) -> None:
    data = write(tmp_path, "t.txt", b"a\tb\tc\n1\t2\n")
    table = read_table(data, "t.txt")
    assert table.delimiter == "\t"
    assert list(table.rows) == [["1", "2", None]]


def test_xlsx_with_title_row_dates_and_numbers(tmp_path: Path) -> None:
    # Given a workbook with a title above the headers, as provincial offices make them
    data = write(
        tmp_path,
        "book.xlsx",
        xlsx_bytes(
            [
                ["รายชื่อโรงงาน จังหวัดชุมพร"],
                ["  ชื่อโรงงาน ", "วันที่อนุญาต", "คนงาน", "วันที่ (ตัวเลข)"],
                ["โรงงาน ก", dt.datetime(2020, 1, 16), 25, 43846],
                [None, None, None, None],
                ["โรงงาน ข", "16/01/2563", 3.5, "43846"],
            ]
        ),
    )
    # When it is read
    table = read_table(data, "book.xlsx")
    # Then the header row is found and cells keep their types
    assert (table.encoding, table.file_format, table.header_row) == (None, "xlsx", 2)
    assert table.headers == ["ชื่อโรงงาน", "วันที่อนุญาต", "คนงาน", "วันที่ (ตัวเลข)"]
    rows = list(table.numbered_rows())
    assert rows == [
        (3, ["โรงงาน ก", dt.datetime(2020, 1, 16), 25, 43846]),
        (5, ["โรงงาน ข", "16/01/2563", 3.5, "43846"]),
    ]
    # And the rows can be read again
    assert list(table.numbered_rows()) == rows
    assert [parse_date_cell(r[1][1]) for r in rows] == [dt.date(2020, 1, 16)] * 2
    assert [parse_date_cell(r[1][3]) for r in rows] == [dt.date(2020, 1, 16)] * 2


def test_xlsx_renamed_to_csv_is_still_read(tmp_path: Path) -> None:
    data = write(tmp_path, "wrong.csv", xlsx_bytes([["a", "b"], [1, 2]]))
    table = read_table(data, "wrong.csv")
    assert (table.file_format, list(table.rows)) == ("xlsx", [[1, 2]])


def test_headers_only_file_has_no_rows(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "h.csv", b"a,b\n"), "h.csv")
    assert (table.headers, list(table.rows)) == (["a", "b"], [])


@pytest.mark.parametrize(
    ("data", "name", "rule"),
    [
        (b"", "empty.csv", "file_empty"),
        (b"  \r\n\r\n", "spaces.csv", "file_empty"),
        (b"\xef\xbb\xbf", "bom.csv", "file_empty"),
        (b",,\n,,\n", "commas.csv", "file_empty"),
        # 0x81 and 0xDB are undefined in Windows-874 and invalid as UTF-8.
        (b"name\n\x81\xdb\xfc\n", "broken.csv", "file_encoding"),
        (b"PK\x03\x04 this is not a workbook", "broken.xlsx", "file_unreadable"),
        (b"name,other\n1,2\n", "text.xlsx", "file_unreadable"),
        (b"a,b\x00\x00\n", "nul.csv", "file_unreadable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.xls", "file_xls"),
        (b"%PDF-1.4", "report.pdf", "file_type"),
        (b"a,b", "noextension", "file_type"),
    ],
)
def test_unreadable_files_say_why_in_both_languages(
    tmp_path: Path, data: bytes, name: str, rule: str
) -> None:
    with pytest.raises(TableError) as caught:
        read_table(write(tmp_path, name, data) if data else data, name)
    assert caught.value.rule == rule
    assert name in caught.value.message_th
    assert name in caught.value.message_en
    assert str(caught.value) == caught.value.message_th  # Thai is the default language


def test_empty_workbook_is_empty(tmp_path: Path) -> None:
    with pytest.raises(TableError) as caught:
        read_table(write(tmp_path, "e.xlsx", xlsx_bytes([])), "e.xlsx")
    assert caught.value.rule == "file_empty"


# --- cells -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("   ", ""),
        ("\u00a0\t ", ""),
        ("  โรงงาน\u00a0 ทองดี \n จำกัด ", "โรงงาน ทองดี จำกัด"),
        ("เลขที่ ๑๒/๓", "เลขที่ 12/3"),
        ("ทอง\u200bดี", "ทองดี"),
        ("จ\u0e4d\u0e32พวก", "จำพวก"),
        ('="0105536012345"', "0105536012345"),
        (10200.0, "10200"),
        (12, "12"),
    ],
)
def test_clean_text(value: object, expected: str) -> None:
    assert clean_text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1,234", 1234), ("๑๒", 12), (12.0, 12), (7, 7), ("", None), ("-", None), (None, None),
     ("  ", None), ("12.00", 12), ("-3", -3)],
)  # fmt: skip
def test_parse_int(value: object, expected: int | None) -> None:
    assert parse_int(value) == expected


@pytest.mark.parametrize(
    ("value", "rule"), [("12.5", "number_not_whole"), (2.5, "number_not_whole"),
                        ("abc", "number_format"), ("12 คน", "number_format"),
                        (float("nan"), "number_format"), (True, "number_format")],
)  # fmt: skip
def test_parse_int_errors(value: object, rule: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_int(value)
    assert caught.value.rule == rule


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1,250,000.50", Decimal("1250000.50")), ("๑.๕", Decimal("1.5")), ("-", None),
     ("", None), ("-5", Decimal("-5")), (0.1, Decimal("0.1")), (3, Decimal(3)),
     (" 1 250 ", Decimal("1250"))],
)  # fmt: skip
def test_parse_decimal(value: object, expected: Decimal | None) -> None:
    assert parse_decimal(value) == expected


@pytest.mark.parametrize("value", ["nan", "Infinity", "12,5 บาท", True])
def test_parse_decimal_errors(value: object) -> None:
    with pytest.raises(CellError) as caught:
        parse_decimal(value)
    assert caught.value.rule == "number_format"


JAN_16_2020 = dt.date(2020, 1, 16)


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2020, 1, 16, 10, 30),
        JAN_16_2020,
        43846,
        43846.75,
        "43846",
        "43846.0",
        "16/01/2563",
        "16/1/2020",
        "2020-01-16",
        "2020-01-16 00:00:00",
        "16 มกราคม 2563",
        "16 ม.ค. 2563",
        "๑๖/๐๑/๒๕๖๓",
        "16/01/63",
        "16-01-63",
        "16 ม.ค. 63",
        "  16/01/2563  ",
    ],
)
def test_parse_date_cell_reads_every_form(value: object) -> None:
    assert parse_date_cell(value) == JAN_16_2020


@pytest.mark.parametrize("value", [None, "", "   ", "-"])
def test_blank_dates_are_none(value: object) -> None:
    assert parse_date_cell(value) is None


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("2563", "date_year_only"),
        (2563, "date_year_only"),
        (2020, "date_year_only"),
        (100, "date_serial_range"),
        ("99999", "date_serial_range"),
        ("31/02/2563", "date_invalid"),
        ("16/13/2563", "date_invalid"),
        ("เมื่อวาน", "date_format"),
        ("16 Foo 2563", "date_format"),
        ("16/01/1563", "date_range"),
        (float("nan"), "date_serial_range"),
        (True, "date_format"),
    ],
)
def test_parse_date_cell_errors(value: object, rule: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_date_cell(value)
    assert caught.value.rule == rule
    assert caught.value.message_th and caught.value.message_en


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2563", 2020), ("63", 2020), ("2020", 2020), (2563, 2020), (2563.0, 2020),
     ("พ.ศ. 2563", 2020), ("๒๕๖๓", 2020), ("51", 2008), (JAN_16_2020, 2020), ("", None),
     ("-", None)],
)  # fmt: skip
def test_parse_year(value: object, expected: int | None) -> None:
    assert parse_year(value) == expected


@pytest.mark.parametrize("value", ["1", "256", "3000", "ปีนี้", 2563.5, float("nan")])
def test_parse_year_errors(value: object) -> None:
    with pytest.raises(CellError) as caught:
        parse_year(value)
    assert caught.value.rule == "year_format"


# --- identifiers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("10180000125417", "10180000125417"), ("1-0180-00012541-7", "10180000125417"),
     ("๑๐๑๘๐๐๐๐๑๒๕๔๑๗", "10180000125417"), (10180000125417, "10180000125417"),
     (10180000125417.0, "10180000125417"), (" 1018 0000 125417 ", "10180000125417"),
     ('="10180000125417"', "10180000125417"), ("", None), ("-", None)],
)  # fmt: skip
def test_normalize_fid(value: object, expected: str | None) -> None:
    assert normalize_fid(value) == expected


@pytest.mark.parametrize("value", ["1018000012541", "101800001254170", "1.01800001254E+13"])
def test_normalize_fid_errors(value: str) -> None:
    with pytest.raises(CellError) as caught:
        normalize_fid(value)
    assert caught.value.rule == "fid_format"


@pytest.mark.parametrize(
    ("text", "expected", "type_code"),
    [
        ("จ3-9(6)-100/51ปจ", RegistrationNo("จ3-9(6)-100/51ปจ", "จ", 3, 9, 6, 100, 51, "ปจ"),
         "00906"),
        ("3-105-1/45ชพ", RegistrationNo("3-105-1/45ชพ", "", 3, 105, None, 1, 45, "ชพ"),
         "10500"),
        ("น.3-64(2)-3/55ลป", RegistrationNo("น.3-64(2)-3/55ลป", "น.", 3, 64, 2, 3, 55, "ลป"),
         "06402"),
        ("3 - 105 - 1 / 45 ชพ", RegistrationNo("3-105-1/45ชพ", "", 3, 105, None, 1, 45, "ชพ"),
         "10500"),
        ("ข๑-๓(๑)-๑๒/๖๐ชม", RegistrationNo("ข1-3(1)-12/60ชม", "ข", 1, 3, 1, 12, 60, "ชม"),
         "00301"),
    ],
)  # fmt: skip
def test_parse_registration_no(text: str, expected: RegistrationNo, type_code: str) -> None:
    assert parse_registration_no(text) == expected
    assert type_code_from_registration(text) == type_code


@pytest.mark.parametrize("text", ["1-10-1/2560", "3-105/45ชพ", "ABC", "3-9(6)-100/51"])
def test_registration_no_in_other_forms_is_an_error(text: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_registration_no(text)
    assert caught.value.rule == "registration_no_format"


def test_blank_registration_no() -> None:
    assert parse_registration_no("  ") is None
    assert type_code_from_registration("") is None


@pytest.mark.parametrize(
    ("abbr", "code"),
    [("ปจ", "25"), ("ชพ", "86"), ("ลป", "52"), ("กทม", "10"), ("ป.จ.", "25"), ("สฎ", "84"),
     ("ZZ", None), ("", None)],
)  # fmt: skip
def test_province_code_from_abbr(abbr: str, code: str | None) -> None:
    assert province_code_from_abbr(abbr) == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [("00906", "00906"), ("906", "00906"), (906, "00906"), ("9(6)", "00906"),
     ("๙(๖)", "00906"), ("9 (6)", "00906"), ("10500", "10500"), ("", None)],
)  # fmt: skip
def test_parse_type_code(value: object, expected: str | None) -> None:
    assert parse_type_code(value) == expected


@pytest.mark.parametrize("value", ["0", "10900", "abc", "123456"])
def test_parse_type_code_errors(value: str) -> None:
    with pytest.raises(CellError) as caught:
        parse_type_code(value)
    assert caught.value.rule == "type_code_format"


# --- geography -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "codes"),
    [
        # prefixes with and without dots and spaces
        (("จ.เชียงใหม่", "อ.เมือง", "ต.หนองหอย", "50000"), ("50", "5001", "500111")),
        (("จังหวัดเชียงใหม่", "อำเภอเมืองเชียงใหม่", "ตำบลหนองหอย", ""), ("50", "5001", "500111")),
        (("จ. เชียงใหม่", "อ. เมือง", "ต. หนองหอย", ""), ("50", "5001", "500111")),
        (("เชียงใหม่", "เมืองเชียงใหม่", "หนองหอย", ""), ("50", "5001", "500111")),
        # English, any case
        (("CHIANG MAI", "mueang chiang mai", "Nong Hoi", ""), ("50", "5001", "500111")),
        (("Chiang Mai Province", "Mueang District", "nong hoi", ""), ("50", "5001", "500111")),
        # Bangkok: เขต/แขวง, short names
        (("กรุงเทพมหานคร", "เขตบางรัก", "แขวงสีลม", "10500"), ("10", "1004", "100402")),
        (("กทม.", "บางรัก", "สีลม", ""), ("10", "1004", "100402")),
        (("กรุงเทพฯ", "Bang Rak", "Si Lom", ""), ("10", "1004", "100402")),
        (("กรุงเทพมหานคร", "อ.เขตบางรัก", "ต.แขวงสีลม", ""), ("10", "1004", "100402")),
        (("Bangkok", "Khet Bang Rak", "Khwaeng Si Lom", ""), ("10", "1004", "100402")),
        # กิ่งอำเภอ, Ayutthaya's capital district
        (("ชลบุรี", "กิ่งอ.เกาะจันทร์", "", ""), ("20", "2011", None)),
        (("ชลบุรี", "กิ่งอำเภอเกาะจันทร์", "", ""), ("20", "2011", None)),
        (("อยุธยา", "อ.เมือง", "", ""), ("14", "1401", None)),
        # the subdistrict alone, when unique in the province
        (("ชลบุรี", "", "บางปลาสร้อย", ""), ("20", "2001", "200101")),
        # the postal code fills a missing subdistrict when it names one in the district
        (("ชลบุรี", "บางละมุง", "", "20150"), ("20", "2004", None)),
        (("ชุมพร", "เมือง", "", "86000"), ("86", "8601", None)),
        (("", "", "", ""), (None, None, None)),
    ],
)
def test_geo_match(
    geo: GeoMatcher, address: tuple[str, str, str, str], codes: tuple[str | None, ...]
) -> None:
    match = geo.match(*address)
    assert (match.province_code, match.district_code, match.subdistrict_code) == codes
    assert match.ok is (codes[0] is not None)


def test_postal_code_names_the_only_subdistrict_of_the_district(geo: GeoMatcher) -> None:
    # Given 50160, shared by six subdistricts of Chom Thong: nothing is guessed
    match = geo.match("เชียงใหม่", "จอมทอง", "", "50160")
    assert (match.district_code, match.subdistrict_code, match.notes, match.ok) == (
        "5002", None, (), True,
    )  # fmt: skip
    # When the postal code (10500, used all over Bangkok) names one subdistrict of the district
    match = geo.match("กรุงเทพมหานคร", "เขตปทุมวัน", "", "10500")
    # Then that subdistrict is used, and a note says so
    assert match.subdistrict_code == "100703"
    assert [(n.rule, n.column) for n in match.notes] == [
        ("geo_from_postal_code", "subdistrict_name")
    ]
    assert match.ok


@pytest.mark.parametrize(
    ("address", "codes", "written", "read_as"),
    [
        # one letter missing, a tone mark missing, a tone mark wrong
        (("เชียงใหม่", "เมือง", "หนองหอ", ""), ("50", "5001", "500111"), "หนองหอ", "หนองหอย"),
        (("ชลบุรี", "เมือง", "บางปลาสรอย", ""), ("20", "2001", "200101"),
         "บางปลาสรอย", "บางปลาสร้อย"),
        (("เชียงใหม", "จอมทอง", "", ""), ("50", "5002", None), "เชียงใหม", "เชียงใหม่"),
        (("ชลบุรี", "บางละมง", "", ""), ("20", "2004", None), "บางละมง", "บางละมุง"),
        (("Chaing Mai", "", "", ""), ("50", None, None), "Chaing Mai", "Chiang Mai"),
    ],
)  # fmt: skip
def test_misspelled_names_are_read_and_noted(
    geo: GeoMatcher,
    address: tuple[str, str, str, str],
    codes: tuple[str | None, ...],
    written: str,
    read_as: str,
) -> None:
    match = geo.match(*address)
    assert (match.province_code, match.district_code, match.subdistrict_code) == codes
    assert match.ok
    assert [(n.rule, n.value) for n in match.notes] == [("geo_spelling", written)]
    assert read_as in match.notes[0].message_th or read_as in match.notes[0].message_en


def test_misspelling_is_sought_only_inside_the_matched_district(geo: GeoMatcher) -> None:
    # หนองหอ is one letter from หนองหอย (เมืองเชียงใหม่) but จอมทอง has no such subdistrict.
    match = geo.match("เชียงใหม่", "จอมทอง", "หนองหอ", "")
    assert (match.district_code, match.subdistrict_code) == ("5002", None)
    assert match.rule == "subdistrict_unknown"
    assert match.message_th == "ไม่พบตำบล/แขวง “หนองหอ” ในอำเภอจอมทอง"
    assert match.message_en == "There is no subdistrict “หนองหอ” in Chom Thong."


def test_postal_code_disagreeing_with_names_is_said(geo: GeoMatcher) -> None:
    match = geo.match("ชลบุรี", "อ.เมือง", "ต.บางปลาสร้อย", "50000")
    assert (match.province_code, match.district_code, match.subdistrict_code) == (
        "20",
        "2001",
        "200101",
    )
    assert not match.ok
    assert match.rule == "postal_code_mismatch"
    assert match.message_th == (
        "รหัสไปรษณีย์ 50000 ไม่ตรงกับ ตำบลบางปลาสร้อย อำเภอเมืองชลบุรี จังหวัดชลบุรี (รหัสไปรษณีย์ที่ถูกคือ 20000)"
    )
    assert match.message_en == (
        "The postal code 50000 does not belong to Bang Pla Soi, Mueang Chon Buri, Chon Buri "
        "(its postal code is 20000)."
    )


@pytest.mark.parametrize(
    ("address", "rule", "column"),
    [
        (("ชลบุรี", "บางละมุง", "หนองปรือ", "10200"), "postal_code_mismatch", "postal_code"),
        (("ชลบุรี", "", "", "50000"), "postal_code_mismatch", "postal_code"),
        (("ชลบุรี", "", "", "99999"), "postal_code_unknown", "postal_code"),
        (("แอตแลนติส", "", "", ""), "province_unknown", "province_name"),
        (("", "เมือง", "", ""), "province_missing", "province_name"),
        (("ชลบุรี", "เชียงดาว", "", ""), "district_unknown", "district_name"),
        (("กรุงเทพมหานคร", "เมือง", "", ""), "district_unknown", "district_name"),
        (("ชลบุรี", "", "หนองปรือ", ""), "subdistrict_ambiguous", "subdistrict_name"),
        (("ชลบุรี", "บางละมุง", "สีลม", ""), "subdistrict_unknown", "subdistrict_name"),
    ],
)
def test_geo_failures(
    geo: GeoMatcher, address: tuple[str, str, str, str], rule: str, column: str
) -> None:
    match = geo.match(*address)
    assert not match.ok
    assert (match.rule, match.errors[0].column) == (rule, column)
    assert match.message_th and match.message_en


def test_ambiguous_subdistrict_names_the_candidates(geo: GeoMatcher) -> None:
    match = geo.match("ชลบุรี", "", "หนองปรือ", "")
    assert match.message_th == (
        "ตำบล/แขวง “หนองปรือ” ตรงกับหลายแห่งในจังหวัดชลบุรี: หนองปรือ (อำเภอบางละมุง), "
        "หนองปรือ (อำเภอพนัสนิคม) กรุณาระบุอำเภอ"
    )
    assert match.message_en == (
        "The subdistrict “หนองปรือ” fits several in Chon Buri: Nong Prue (Bang Lamung), "
        "Nong Prue (Phanat Nikhom); give the district."
    )


def test_ambiguous_subdistrict_is_settled_by_the_postal_code(geo: GeoMatcher) -> None:
    match = geo.match("ชลบุรี", "", "หนองปรือ", "20150")
    assert (match.district_code, match.subdistrict_code, match.ok) == ("2004", "200402", True)


def test_province_and_district_from_the_postal_code_alone(geo: GeoMatcher) -> None:
    match = geo.match("", "", "", "50000")
    assert (match.province_code, match.district_code, match.subdistrict_code) == (
        "50",
        "5001",
        None,
    )
    assert [n.column for n in match.notes] == ["province_name", "district_name"]


def test_results_are_memoised(geo: GeoMatcher) -> None:
    first = geo.match("จ.ชุมพร", "อ.เมือง", "ต.ท่าตะเภา", "86000")
    assert geo.match("จ.ชุมพร", "อ.เมือง", "ต.ท่าตะเภา", "86000") is first
    assert first.subdistrict_code == "860101"


# --- layouts ---------------------------------------------------------------------------------


def test_diw_layout_is_detected_whatever_the_case_and_spaces() -> None:
    headers = [f"  {h.lower()} " for h in DIW_HEADERS]
    headers[0] = "\ufeff" + headers[0]
    assert detect_layout(headers) is DIW_FACTORY_DATA
    binding = DIW_FACTORY_DATA.bind(headers)
    assert binding.positions["name_th"] == 4
    assert binding.headers["name_th"] == "  fname "
    assert "FACREG".casefold() not in binding.positions  # known, not imported


def test_diw_factory_data_with_permit_columns_is_still_factory_data() -> None:
    assert detect_layout([*DIW_HEADERS, "POKDATE", "STATUS"]) is DIW_FACTORY_DATA


def test_diw_permit_layout_is_detected() -> None:
    headers = ["DISPFACREG", "FID", "FNAME", "ONAME", "OBJECT", "POKDATE", "STATUS", "LAST_UPDATE"]
    assert detect_layout(headers) is DIW_OPERATION_PERMIT


def test_data_go_th_layout_tolerates_spaces_in_headers() -> None:
    headers = DATA_GO_TH_HEADERS.replace(" (ล้านบาท)", "(ล้านบาท)").upper().split(",")
    layout = detect_layout(headers)
    assert layout is DATA_GO_TH_FACTORIES
    assert layout.bind(headers).positions["factory.investment_total_million"] == 16


def test_sara_am_typed_as_two_characters_in_headers() -> None:
    headers = DATA_GO_TH_HEADERS.replace("จำพวก", "จ\u0e4d\u0e32พวก").split(",")
    assert DATA_GO_TH_FACTORIES.bind(headers).positions["factory.factory_class"] == 4


def test_unknown_headers_have_no_layout() -> None:
    assert detect_layout(["ชื่อ", "ที่อยู่", "โทรศัพท์"]) is None
    assert detect_layout([]) is None


def test_binding_reads_rows_by_target() -> None:
    binding = DIW_OPERATION_PERMIT.bind(["FNAME", "DISPFACREG", "POKDATE"])
    assert binding.raw(["ก", "3-105-1/45ชพ"]) == {
        "name_th": "ก",
        "factory.registration_no": "3-105-1/45ชพ",
        "factory.permit_date": None,
    }


def test_mapping_from_a_saved_mapping() -> None:
    layout = mapping_from(
        ["ชื่อ", "จว.", "หมายเหตุ"],
        {"ชื่อ": "name_th", " จว. ": "province_name", "หมายเหตุ": ""},
        kind="factory",
        name="สอจ.ชุมพร",
    )
    binding = layout.bind(["ชื่อ", "จว.", "หมายเหตุ"])
    assert binding.positions == {"name_th": 0, "province_name": 1}
    assert layout.kind == "factory"


def test_mapping_from_lists_every_problem_in_both_languages() -> None:
    with pytest.raises(MappingError) as caught:
        mapping_from(
            ["ชื่อ", "ชื่อเล่น", "แร่", "x"],
            {
                "ชื่อ": "name_th",
                "ชื่อเล่น": "name_th",
                "แร่": "mine.minerals",
                "x": "nonsense",
                "ไม่มีในไฟล์": "road",
            },
            kind="factory",
        )
    problems = caught.value.problems
    assert [(p.rule, p.header) for p in problems] == [
        ("mapping_target_twice", "ชื่อเล่น"),
        ("mapping_target_kind", "แร่"),
        ("mapping_target_unknown", "x"),
        ("mapping_header_missing", "ไม่มีในไฟล์"),
    ]
    assert problems[0].message_th == "คอลัมน์ “ชื่อ” และ “ชื่อเล่น” ถูกจับคู่กับช่อง “ชื่อ (ภาษาไทย)” เดียวกัน"
    assert problems[0].message_en == "Columns “ชื่อ” and “ชื่อเล่น” are both mapped to “Thai name”."
    assert "ไม่มีในไฟล์" in caught.value.message_th


def test_target_fields_are_model_fields() -> None:
    # Every target (but the inputs that clean_row turns into other fields) is a model field,
    # with the model's length.
    derived = {"subdistrict_name", "district_name", "province_name", "factory.permit_year",
               "factory.investment_total_million"}  # fmt: skip
    tables = {
        "": models.Establishment,
        "factory": models.FactoryLicence,
        "mine": models.MineConcession,
        "enterprise": models.EnterpriseProfile,
        "village": models.VillageProfile,
    }
    for name, spec in TARGET_FIELDS.items():
        if name in derived:
            continue
        model_field = tables[spec.namespace]._meta.get_field(name.split(".")[-1])
        if spec.parser == "text":
            assert spec.max_length == getattr(model_field, "max_length", None), name
        if spec.max_digits is not None:
            assert spec.max_digits == getattr(model_field, "max_digits", None), name


def test_choices_mirror_the_models() -> None:
    assert set(KINDS) == set(models.EstablishmentKind.values)
    assert set(STATUS_WORDS.values()) == set(models.EstablishmentStatus.values)
    assert set(LICENCE_WORDS.values()) == set(models.LicenceStatus.values)
    assert set(CONCESSION_WORDS.values()) == set(models.ConcessionStatus.values)
    assert set(GROUP_KIND_WORDS.values()) == set(models.GroupKind.values)


def test_targets_for_kind() -> None:
    names = [f.name for f in targets_for_kind("mine")]
    assert names[0] == "name_th"
    assert "mine.area_rai" in names
    assert not any(n.startswith(("factory.", "village.")) for n in names)
    assert "enterprise.members_count" in [f.name for f in targets_for_kind("group")]


# --- rows ------------------------------------------------------------------------------------


def data_go_th_row(changes: dict[str, str] | None = None) -> dict[str, object]:
    # A dict, not keyword arguments: Python NFKC-normalises identifiers, which splits the
    # "ำ" of จำพวก into "ํ" + "า".
    headers = DATA_GO_TH_HEADERS.split(",")
    cells = [
        "จ3-9(6)-100/51ปจ", "๑๐๒๕๐๐๐๐๑๒๕๔๑๗", "906", "9(6)", "3", "51", " โรงสีข้าว  ทองดี ",
        "สีข้าว", "12/3", "๕", "-", "สุวรรณศร", "ต.ท่างาม", "อ.เมือง", "จ.ปราจีนบุรี",
        "25000", "1.25", "๒๕", "150.5",
    ]  # fmt: skip
    row = dict(zip(headers, cells, strict=True)) | (changes or {})
    return DATA_GO_TH_FACTORIES.bind(headers).raw([row[h] for h in headers])


def test_clean_row_data_go_th(geo: GeoMatcher) -> None:
    # Given a data.go.th row with Thai digits, prefixes and a capital in millions of baht
    raw = data_go_th_row()
    # When it is cleaned
    row = clean_row(raw, kind="factory", geo=geo, row_number=2)
    # Then every value is in registry form
    assert (row.errors, row.warnings, row.rejected) == ([], [], False)
    assert row.values == {
        "factory.registration_no": "จ3-9(6)-100/51ปจ",
        "factory.fid": "10250000125417",
        "factory.type_code": "00906",
        "factory.factory_class": 3,
        "factory.permit_year": 2008,
        "name_th": "โรงสีข้าว ทองดี",
        "activity": "สีข้าว",
        "house_no": "12/3",
        "moo": "5",
        "soi": "",
        "road": "สุวรรณศร",
        "subdistrict_name": "ต.ท่างาม",
        "district_name": "อ.เมือง",
        "province_name": "จ.ปราจีนบุรี",
        "postal_code": "25000",
        "factory.investment_total": Decimal("1250000.00"),
        "factory.workers_total": 25,
        "factory.horsepower": Decimal("150.50"),
        "province_code": "25",
        "district_code": "2501",
        "subdistrict_code": "250105",
    }


def test_registration_number_fills_type_and_class(geo: GeoMatcher) -> None:
    raw = data_go_th_row({"รหัสประเภท": "", "จำพวก": " "})
    row = clean_row(raw, kind="factory", geo=geo, row_number=2)
    assert not row.rejected
    assert (row.values["factory.type_code"], row.values["factory.factory_class"]) == ("00906", 3)


def test_registration_number_disagreeing_with_type_and_class_is_kept_and_warned(
    geo: GeoMatcher,
) -> None:
    raw = data_go_th_row({"รหัสประเภท": "00101", "จำพวก": "2"})
    row = clean_row(
        raw, kind="factory", geo=geo, row_number=7,
        headers=DATA_GO_TH_FACTORIES.bind(DATA_GO_TH_HEADERS.split(",")).headers,
    )  # fmt: skip
    assert not row.rejected
    assert (row.values["factory.type_code"], row.values["factory.factory_class"]) == ("00101", 2)
    mismatches = [
        (w.rule, w.column, w.value) for w in row.warnings if w.rule.startswith("registration_")
    ]
    assert mismatches == [
        ("registration_type_mismatch", "รหัสประเภท", "00101"),
        ("registration_class_mismatch", "จำพวก", "2"),
    ]
    assert row.warnings[0].message_th == (
        "รหัสประเภท 00101 ไม่ตรงกับเลขทะเบียน จ3-9(6)-100/51ปจ (00906)"
    )


def test_row_errors_name_the_column_and_value(geo: GeoMatcher) -> None:
    headers = DATA_GO_TH_FACTORIES.bind(DATA_GO_TH_HEADERS.split(",")).headers
    raw = data_go_th_row({"fid": "12345", "คนงานรวม": "-3", "รหัสไปรษณีย์": "20000"})
    row = clean_row(raw, kind="factory", geo=geo, row_number=9, headers=headers)
    assert [(e.rule, e.column, e.value) for e in row.errors] == [
        ("fid_format", "fid", "12345"),
        ("count_range", "คนงานรวม", "-3"),
        ("postal_code_mismatch", "รหัสไปรษณีย์", "20000"),
    ]
    assert row.values["factory.fid"] is None
    assert row.rejected


def test_name_and_province_are_required(geo: GeoMatcher) -> None:
    row = clean_row({"name_th": "  ", "province_name": "-"}, kind="business", geo=geo,
                    row_number=3)  # fmt: skip
    assert [(e.rule, e.column) for e in row.errors] == [
        ("province_missing", "province_name"),
        ("required", "name_th"),
    ]


def test_diw_row_with_licence_status_and_coordinates(geo: GeoMatcher) -> None:
    cells = {
        "FACREG": '="10300000225451"', "DISPFACREG": "3-105-1/45ชพ",
        "FID": "10860000125451", "FACTYPE": "10500", "FNAME": "บริษัท ปาล์มทอง จำกัด",
        "ONAME": "บริษัท ปาล์มทอง จำกัด", "OBJECT": "สกัดน้ำมันปาล์ม", "FADDR": "99",
        "FMOO": "4", "FSOI": "", "FROAD": "เพชรเกษม", "FTUMNAME": "ท่าตะเภา",
        "FAMPNAME": "เมืองชุมพร", "FPROVNAME": "ชุมพร", "TOTAL_CAP": "25,000,000",
        "TOTAL_WORKER": "120", "HP": "1500.25", "LAT": "10.4930551", "LNG": "99.1800003",
        "ISIC_CODE": "10401", "ESTATE": "OUT", "ESTATE_NAME_TH": "", "LAST_UPDATE": "",
        "POKDATE": "2002-03-15 00:00:00", "STATUS": "2",
    }  # fmt: skip
    headers = list(cells)
    binding = DIW_FACTORY_DATA.bind(headers)
    row = clean_row(binding.raw(list(cells.values())), kind="factory", geo=geo, row_number=2)
    assert row.errors == []
    values = row.values
    assert values["factory.licence_status"] == "struck_off"
    assert values["status"] == "closed"
    assert values["factory.permit_date"] == dt.date(2002, 3, 15)
    assert values["factory.investment_total"] == Decimal("25000000.00")
    assert (values["latitude"], values["longitude"]) == (Decimal("10.493055"), Decimal("99.180000"))
    assert (values["factory.type_code"], values["factory.factory_class"]) == ("10500", 3)
    assert (values["province_code"], values["district_code"], values["subdistrict_code"]) == (
        "86", "8601", "860101",
    )  # fmt: skip


def test_permit_row_takes_its_province_from_the_registration_number(geo: GeoMatcher) -> None:
    headers = ["DISPFACREG", "FID", "FNAME", "ONAME", "OBJECT", "POKDATE", "STATUS", "LAST_UPDATE"]
    binding = DIW_OPERATION_PERMIT.bind(headers)
    raw = binding.raw(["จ3-9(6)-100/51ปจ", "", "โรงสี", "", "", "43846", "ดำเนินการ", ""])
    row = clean_row(raw, kind="factory", geo=geo, row_number=4, headers=binding.headers)
    assert not row.rejected
    assert row.values["province_code"] == "25"
    assert row.values["factory.permit_date"] == dt.date(2020, 1, 16)
    assert row.values["factory.licence_status"] == "operating"
    assert [(w.rule, w.column) for w in row.warnings] == [
        ("province_from_registration", "DISPFACREG")
    ]


def test_registration_number_in_another_form_is_kept_with_a_warning(geo: GeoMatcher) -> None:
    raw = {"name_th": "ก", "province_name": "ชุมพร", "factory.registration_no": "1 - 10 - 1 / 2560"}
    row = clean_row(raw, kind="factory", geo=geo, row_number=2)
    assert not row.rejected
    assert row.values["factory.registration_no"] == "1-10-1/2560"
    assert [w.rule for w in row.warnings] == ["registration_no_format"]


def test_misspelled_place_is_a_warning_not_an_error(geo: GeoMatcher) -> None:
    raw = {"name_th": "ก", "province_name": "เชียงใหม่", "district_name": "เมือง",
           "subdistrict_name": "หนองหอ"}  # fmt: skip
    row = clean_row(raw, kind="enterprise", geo=geo, row_number=2)
    assert (row.rejected, row.values["subdistrict_code"]) == (False, "500111")
    assert [(w.rule, w.column, w.value) for w in row.warnings] == [
        ("geo_spelling", "subdistrict_name", "หนองหอ")
    ]


WRONG_CHECK_DIGIT = "010553601234" + str((thai_id_check_digit("010553601234") + 1) % 10)


def test_other_kinds(geo: GeoMatcher) -> None:
    mine = clean_row(
        {"name_th": "เหมืองหินปูน", "province_name": "สระบุรี", "mine.area_rai": "๒๕๐.๕",
         "mine.issued_on": "01/10/2550", "mine.expires_on": 73050,
         "mine.concession_status": "สิ้นอายุ"},
        kind="mine", geo=geo, row_number=2,
    )  # fmt: skip
    assert mine.errors == []
    assert (mine.values["mine.area_rai"], mine.values["mine.issued_on"]) == (
        Decimal("250.50"),
        dt.date(2007, 10, 1),
    )
    assert mine.values["mine.expires_on"] == dt.date(2099, 12, 31)
    assert mine.values["mine.concession_status"] == "expired"
    group = clean_row(
        {"name_th": "กลุ่มทอผ้า", "province_name": "น่าน", "enterprise.group_kind": "กลุ่มชาวบ้าน",
         "enterprise.members_count": "๓๒", "juristic_id": WRONG_CHECK_DIGIT},
        kind="group", geo=geo, row_number=2,
    )  # fmt: skip
    assert [(e.rule, e.column) for e in group.errors] == [("juristic_id_invalid", "juristic_id")]
    assert group.values["enterprise.group_kind"] == "unregistered"
    assert group.values["enterprise.members_count"] == 32


def test_juristic_id_lost_its_leading_zero_in_excel(geo: GeoMatcher) -> None:
    valid = "010553601234" + str(thai_id_check_digit("010553601234"))
    row = clean_row({"name_th": "ก", "province_name": "ชุมพร", "juristic_id": float(valid)},
                    kind="business", geo=geo, row_number=2)  # fmt: skip
    assert (row.errors, row.values["juristic_id"]) == ([], valid)


def test_too_long_text_and_bad_choices_are_errors(geo: GeoMatcher) -> None:
    row = clean_row(
        {"name_th": "ก" * 301, "province_name": "ชุมพร", "status": "ไม่รู้",
         "moo": "12345678901"},
        kind="business", geo=geo, row_number=2,
    )  # fmt: skip
    assert [(e.rule, e.column) for e in row.errors] == [
        ("text_too_long", "name_th"),
        ("status_unknown", "status"),
        ("text_too_long", "moo"),
    ]


def test_mapping_mistakes_are_programming_errors(geo: GeoMatcher) -> None:
    with pytest.raises(ValueError, match="nonsense"):
        clean_row({"nonsense": 1}, kind="factory", geo=geo, row_number=2)
    with pytest.raises(ValueError, match=r"mine\.minerals"):
        clean_row({"mine.minerals": "x"}, kind="factory", geo=geo, row_number=2)
    with pytest.raises(ValueError, match="spaceship"):
        clean_row({}, kind="spaceship", geo=geo, row_number=2)


def test_from_file_to_clean_rows(tmp_path: Path, geo: GeoMatcher) -> None:
    # Given a cp874 data.go.th file with one good and one bad row
    text = (
        DATA_GO_TH_HEADERS + "\n"
        "3-105-1/45ชพ,,10500,,3,2545,โรงงานปาล์ม,สกัดน้ำมัน,1,2,,,ท่าตะเภา,เมือง,ชุมพร,"
        "86000,12,30,500\n"
        ",,,,,,,,,,,,,,,,,,\n"
        "3-105-2/45ชพ,,10500,,3,2545,,สกัดน้ำมัน,1,2,,,ท่าตะเภา,เมือง,ชุมพร,86000,12,30,500\n"
    )
    table = read_table(write(tmp_path, "f.csv", text.encode("cp874")), "f.csv")
    layout = detect_layout(table.headers)
    assert layout is not None
    binding = layout.bind(table.headers)
    # When every row is cleaned
    rows = [
        clean_row(binding.raw(cells), kind=layout.kind, geo=geo, row_number=number,
                  headers=binding.headers)
        for number, cells in table.numbered_rows()
    ]  # fmt: skip
    # Then the good row is kept and the bad one is rejected with its file row number
    assert [(r.row_number, r.rejected) for r in rows] == [(2, False), (4, True)]
    assert rows[0].values["subdistrict_code"] == "860101"
    assert rows[0].values["factory.investment_total"] == Decimal("12000000.00")
    assert [(e.rule, e.column) for e in rows[1].errors] == [("required", "ชื่อโรงงาน")]


def test_cell_error_speaks_the_active_language() -> None:
    from django.utils import translation

    error = CellError("x", "ไทย", "English")
    with translation.override("en"):
        assert str(error) == "English"
    with translation.override("th"):
        assert str(error) == "ไทย"
