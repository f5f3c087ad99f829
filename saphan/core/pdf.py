"""Printable Thai documents (agreements, slips, schedules, certificates) as PDF.

fpdf2 with HarfBuzz text shaping (uharfbuzz) places Thai vowels and tone marks correctly; the
Sarabun font comes from its PyPI package (`fontpkg-sarabun`), nothing is copied into the repo.
Apps build a document with `ThaiDocument` and answer with `pdf_response`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import fontpkg_sarabun
from django.http import HttpResponse
from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos

FONT_DIR = Path(fontpkg_sarabun.__file__).parent / "files"
FAMILY = "Sarabun"


class ThaiDocument(FPDF):
    """An A4 page (or landscape) in Sarabun with shaping, a header line and page numbers."""

    def __init__(
        self, *, title: str, header: str = "", footer: str = "", landscape: bool = False
    ) -> None:
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.doc_title = title
        self.header_text = header
        self.footer_text = footer
        self.set_title(title)
        self.set_creator("Saphan")
        self.add_font(FAMILY, "", str(FONT_DIR / "Sarabun-Regular.ttf"))
        self.add_font(FAMILY, "B", str(FONT_DIR / "Sarabun-Bold.ttf"))
        self.add_font(FAMILY, "I", str(FONT_DIR / "Sarabun-Italic.ttf"))
        self.set_text_shaping(True)
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_page()

    # fpdf2 calls these on every page.
    def header(self) -> None:
        if self.header_text:
            self.set_font(FAMILY, "", 9)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, self.header_text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="R")
            self.set_text_color(0, 0, 0)
            self.ln(2)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FAMILY, "", 9)
        self.set_text_color(90, 90, 90)
        text = f"{self.footer_text}    {self.page_no()}/{{nb}}" if self.footer_text else ""
        self.cell(0, 5, text or f"{self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: float = 16, align: str = "C") -> None:
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, size * 0.5, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def paragraph(self, text: str, size: float = 12, bold: bool = False) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def facts(
        self, rows: Sequence[tuple[str, Any]], size: float = 12, label_mm: float = 55
    ) -> None:
        """Label : value lines, the value wrapping under itself."""
        for label, value in rows:
            self.set_font(FAMILY, "B", size)
            y = self.get_y()
            self.multi_cell(label_mm, size * 0.55, str(label), new_x=XPos.RIGHT, new_y=YPos.TOP)
            self.set_font(FAMILY, "", size)
            self.multi_cell(0, size * 0.55, str(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_y(max(self.get_y(), y + size * 0.55))

    def table_rows(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        widths: Sequence[float] | None = None,
        size: float = 10,
        align_right: Sequence[int] = (),
    ) -> None:
        """A ruled table; the heading row repeats on each new page."""
        self.set_font(FAMILY, "", size)
        aligns = tuple("RIGHT" if i in align_right else "LEFT" for i in range(len(headings)))
        with self.table(
            col_widths=tuple(widths) if widths else None,
            text_align=aligns,
            line_height=size * 0.55,
            headings_style=FontFace(emphasis="BOLD", fill_color=(235, 238, 243)),
            first_row_as_headings=True,
            repeat_headings=1,
        ) as table:
            head = table.row()
            for text in headings:
                head.cell(str(text))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell("" if value is None else str(value))
        self.ln(2)

    def signatures(self, labels: Sequence[str], size: float = 12) -> None:
        """Signature blocks side by side: a dotted line, then the label in brackets."""
        self.ln(10)
        width = (self.w - self.l_margin - self.r_margin) / max(len(labels), 1)
        self.set_font(FAMILY, "", size)
        y = self.get_y()
        for i, label in enumerate(labels):
            self.set_xy(self.l_margin + i * width, y)
            self.cell(width, 7, "ลงชื่อ ........................................", align="C")
            self.set_xy(self.l_margin + i * width, y + 8)
            self.cell(width, 7, f"({label})", align="C")
        self.set_y(y + 18)

    def render(self) -> bytes:
        self.alias_nb_pages()
        return bytes(self.output())


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
