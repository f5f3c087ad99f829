"""Tables out as CSV (UTF-8 with BOM, so Excel shows Thai) or XLSX: dashboards and reports.

Callers decide the columns; personal data must already be left out by the selector that made
the rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from saphan.core.errors import ApplicationError

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)  # a number Excel can sum; baht carry two decimals at most
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    return value if isinstance(value, int | float | dt.date | str) else str(value)


def table_bytes(fmt: str, headings: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """The table in `fmt` ("csv" or "xlsx")."""
    if fmt not in CONTENT_TYPES:
        raise ApplicationError(
            _("Unknown format %(format)s: choose csv or xlsx."),
            code="format_unknown",
            params={"format": fmt},
        )
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow([str(h) for h in headings])
        for row in rows:
            writer.writerow(["" if v is None else str(v) for v in row])
        return ("\ufeff" + text.getvalue()).encode("utf-8")
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([str(h) for h in headings])
    for row in rows:
        sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_response(
    fmt: str, filename: str, headings: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """Download `filename`.`fmt` holding the table."""
    content = table_bytes(fmt, headings, rows)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
