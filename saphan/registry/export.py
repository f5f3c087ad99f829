"""Export of establishments as CSV, XLSX or JSON, streamed, through the person's scope.

Personal data (contacts, operators) appears only in rows whose province the person may change
(officers and above); everyone else gets those columns empty, and `person=None` (the command
line without --as) never gets them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from saphan.core.scoping import Action, scope_for
from saphan.registry.models import Establishment, EstablishmentContact

COLUMNS = [
    "id", "kind", "name_th", "name_en", "juristic_id", "activity", "house_no", "moo", "soi",
    "road", "subdistrict_code", "subdistrict", "district", "province_code", "province",
    "postal_code", "latitude", "longitude", "status", "office", "verified_at", "completeness",
    "validity", "currency", "factory_registration_no", "factory_fid", "factory_type_code",
    "factory_class", "factory_horsepower", "factory_workers_total", "factory_investment_total",
    "factory_licence_status", "mine_concession_no", "mine_minerals", "mine_area_rai",
    "mine_expires_on", "mine_concession_status", "enterprise_registration_code",
    "enterprise_members_count", "enterprise_products", "village_community",
    "operator_name", "contact_name", "contact_phone", "contact_email",
]  # fmt: skip
PERSONAL = {"operator_name", "contact_name", "contact_phone", "contact_email"}
DETAIL_COLUMNS = {
    "factory": ("registration_no", "fid", "type_code", "factory_class", "horsepower",
                "workers_total", "investment_total", "licence_status"),
    "mine": ("concession_no", "minerals", "area_rai", "expires_on", "concession_status"),
    "enterprise": ("registration_code", "members_count", "products"),
    "village": ("community",),
}  # fmt: skip
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}  # fmt: skip


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def export_rows(person: Any, records: QuerySet[Establishment]) -> Iterator[dict[str, Any]]:
    scope = scope_for(person) if person is not None else None
    records = records.select_related(
        "province",
        "district",
        "subdistrict",
        "office",
        "factory",
        "mine",
        "enterprise",
        "village",
        "quality_score",
    ).prefetch_related(Prefetch("contacts", queryset=EstablishmentContact.objects.order_by("id")))
    for est in records.iterator(chunk_size=2000):
        row: dict[str, Any] = {
            "id": est.pk, "kind": est.kind, "name_th": est.name_th, "name_en": est.name_en,
            "juristic_id": est.juristic_id, "activity": est.activity, "house_no": est.house_no,
            "moo": est.moo, "soi": est.soi, "road": est.road,
            "subdistrict_code": est.subdistrict_id or "",
            "subdistrict": est.subdistrict.name_th if est.subdistrict else "",
            "district": est.district.name_th if est.district else "",
            "province_code": est.province_id, "province": est.province.name_th,
            "postal_code": est.postal_code, "latitude": est.latitude, "longitude": est.longitude,
            "status": est.status, "office": est.office.code if est.office else "",
            "verified_at": est.verified_at, "completeness": est.completeness,
            "validity": est.validity, "currency": est.currency,
        }  # fmt: skip
        detail = est.detail()
        relation = est.detail_relation
        for rel, fields in DETAIL_COLUMNS.items():
            mine = detail is not None and relation == rel
            for name in fields:
                # factory_class is already prefixed; the others get their relation's name.
                column = name if name.startswith(f"{rel}_") else f"{rel}_{name}"
                row[column] = getattr(detail, name) if mine else ""
        personal = scope is not None and scope.allows(est.province_id, Action.CHANGE)
        contact = est.contacts.all()[0] if personal and est.contacts.all() else None
        row["operator_name"] = getattr(detail, "operator_name", "") if personal else ""
        row["contact_name"] = contact.name if contact else ""
        row["contact_phone"] = contact.phone if contact else ""
        row["contact_email"] = contact.email if contact else ""
        yield {column: _plain(row.get(column)) for column in COLUMNS}


def write_csv(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """UTF-8 with a BOM so that Excel opens Thai correctly."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    buffer.write("\ufeff")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_json(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + json.dumps(row, ensure_ascii=False)
    yield "]"


def write_xlsx(rows: Iterable[dict[str, Any]], target: Any) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("establishments")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    book.save(target)
