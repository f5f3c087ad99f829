"""Thai PDF documents and CSV/XLSX tables."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from saphan.core.errors import ApplicationError
from saphan.core.pdf import ThaiDocument, pdf_response
from saphan.core.tabular import table_bytes, table_response


def test_a_thai_document_renders_every_part_and_embeds_sarabun() -> None:
    doc = ThaiDocument(title="ข้อตกลง", header="สำนักงานอุตสาหกรรมจังหวัดชุมพร", footer="สะพาน")
    doc.heading("หนังสือข้อตกลงการจ้างงาน")
    doc.paragraph("ตามพระราชบัญญัติคุ้มครองผู้รับงานไปทำที่บ้าน พ.ศ. 2553")
    doc.facts([("ผู้รับงาน", "กลุ่มแม่บ้านตัดเย็บ"), ("จำนวนเงิน", "12,000.00 บาท")])
    doc.table_rows(["สัปดาห์", "ชิ้น"], [[1, 300], [2, 300]], align_right=(1,))
    doc.signatures(["ผู้จ้างงาน", "ผู้รับงาน"])
    content = doc.render()
    assert content.startswith(b"%PDF-")
    assert b"Sarabun" in content
    assert doc.page_no() == 1
    response = pdf_response(content, "agreement.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="agreement.pdf"'


def test_csv_has_a_bom_for_excel_and_keeps_thai() -> None:
    content = table_bytes("csv", ["จังหวัด", "จำนวน"], [["ชุมพร", 3], ["ลำปาง", None]])
    assert content.decode("utf-8") == "\ufeffจังหวัด,จำนวน\r\nชุมพร,3\r\nลำปาง,\r\n"


def test_xlsx_keeps_numbers_as_numbers() -> None:
    response = table_response("xlsx", "demand", ["บริการ", "บาท"], [["ออกแบบ", Decimal("12.50")]])
    assert response["Content-Disposition"] == 'attachment; filename="demand.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["บริการ", "บาท"],
        ["ออกแบบ", 12.5],
    ]


def test_an_unknown_format_is_refused_with_its_name() -> None:
    with pytest.raises(ApplicationError) as caught:
        table_bytes("pdf", ["a"], [])
    assert caught.value.code == "format_unknown"
    assert "pdf" in str(caught.value)
