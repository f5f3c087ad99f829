"""Registry pages and exports: filters, sorting, pagination, empty states, map data, and personal
data only where the role allows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from saphan.core.tests.factories import PASSWORD, person
from saphan.registry.models import EstablishmentContact, FactoryLicence
from saphan.registry.tests.factories import establishment

pytestmark = pytest.mark.django_db


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def data() -> dict[str, object]:
    palm = establishment(
        "บริษัท ปาล์มทอง จำกัด", latitude=Decimal("10.5"), longitude=Decimal("99.2"),
        factory={"registration_no": "จ3-64-1/45ชพ", "type_code": "06400", "factory_class": 3,
                 "operator_name": "นายสมชาย ใจดี"},
    )  # fmt: skip
    ice = establishment(
        "โรงน้ำแข็งชุมพร", kind="business", latitude=Decimal("10.51"), longitude=Decimal("99.21")
    )
    group = establishment("กลุ่มผ้าบาติก", kind="group", subdistrict="860201")
    establishment("ลำปางเซรามิก", subdistrict="520101")
    EstablishmentContact.objects.create(establishment=palm, name="มาลี ทองดี", phone="0812345678")
    return {"palm": palm, "ice": ice, "group": group}


def test_list_filters_sort_and_empty_state(client: Client, data: dict[str, object]) -> None:
    person("viewer", "PIO86", "viewer")
    client.login(username="viewer", password=PASSWORD)
    body = client.get("/registry/").content.decode()
    assert body.count('<td data-label="ชื่อ">') == 3 and "ลำปางเซรามิก" not in body
    body = client.get("/registry/", {"kind": "factory", "factory_class": "3"}).content.decode()
    assert "ปาล์มทอง" in body and "น้ำแข็ง" not in body
    body = client.get("/registry/", {"district": "8602"}).content.decode()
    assert "กลุ่มผ้าบาติก" in body and "ปาล์มทอง" not in body
    body = client.get("/registry/", {"sort": "-name"}).content.decode()
    assert body.index("โรงน้ำแข็ง") < body.index("กลุ่มผ้าบาติก")
    body = client.get("/registry/", {"q": "ไม่มีแน่นอน"}).content.decode()
    assert "ไม่มีรายการในขอบเขตของคุณที่ตรงกับ “ไม่มีแน่นอน”" in body


def test_export_csv_without_personal_data_for_a_viewer(
    client: Client, data: dict[str, object]
) -> None:
    person("viewer", "PIO86", "viewer")
    client.login(username="viewer", password=PASSWORD)
    response = client.get("/registry/export/", {"format": "csv", "kind": "factory"})
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["name_th"] for r in rows] == ["บริษัท ปาล์มทอง จำกัด"]
    assert (rows[0]["contact_name"], rows[0]["operator_name"]) == ("", "")
    assert rows[0]["factory_registration_no"] == "จ3-64-1/45ชพ"
    assert "มาลี" not in text and "สมชาย" not in text


def test_export_for_an_officer_has_contacts_and_xlsx_json(
    client: Client, data: dict[str, object]
) -> None:
    person("officer", "PIO86", "officer")
    client.login(username="officer", password=PASSWORD)
    response = client.get("/registry/export/", {"format": "json", "q": "ปาล์ม"})
    rows = json.loads(_body(response))
    assert [(r["contact_name"], r["operator_name"]) for r in rows] == [("มาลี ทองดี", "นายสมชาย ใจดี")]
    response = client.get("/registry/export/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(_body(response))).active
    values = list(sheet.values)
    assert values[0][:3] == ("id", "kind", "name_th")
    assert sorted(v[2] for v in values[1:]) == sorted(
        ["บริษัท ปาล์มทอง จำกัด", "โรงน้ำแข็งชุมพร", "กลุ่มผ้าบาติก"]
    )


def test_export_command_never_has_personal_data_without_as(
    data: dict[str, object], tmp_path: Path
) -> None:
    target = tmp_path / "all.csv"
    call_command("export", "establishments", "--format", "csv", "--output", str(target))
    text = target.read_text(encoding="utf-8")
    assert "ลำปางเซรามิก" in text and "มาลี" not in text and "สมชาย" not in text
    person("officer", "PIO86", "officer")
    call_command("export", "establishments", "--as", "officer", "--output", str(target))
    text = target.read_text(encoding="utf-8")
    assert "ลำปางเซรามิก" not in text and "มาลี ทองดี" in text


def test_map_points_cluster_and_points(client: Client, data: dict[str, object]) -> None:
    person("viewer", "PIO86", "viewer")
    client.login(username="viewer", password=PASSWORD)
    far = client.get("/registry/map/points/", {"zoom": "6"}).json()
    assert far["points"] == [] and sum(c["count"] for c in far["clusters"]) == 2
    near = client.get("/registry/map/points/", {"zoom": "15", "bbox": "99,10,100,11"}).json()
    assert sorted(p["name"] for p in near["points"]) == ["บริษัท ปาล์มทอง จำกัด", "โรงน้ำแข็งชุมพร"]
    only = client.get(
        "/registry/map/points/", {"zoom": "15", "bbox": "99,10,100,11", "kind": "business"}
    ).json()
    assert [p["name"] for p in only["points"]] == ["โรงน้ำแข็งชุมพร"]
    none = client.get("/registry/map/points/", {"zoom": "15", "kind": "none"}).json()
    assert none == {"clusters": [], "points": []}


def test_create_page_with_validation_errors(client: Client) -> None:
    person("officer", "PIO86", "officer")
    client.login(username="officer", password=PASSWORD)
    form = {
        "kind": "factory", "name_th": "บริษัท ใหม่ จำกัด", "juristic_id": "0865551000018",
        "province": "86", "district": "8601", "subdistrict": "860101", "postal_code": "86000",
        "status": "active", "d-fid": "12", "d-permit_date": "16/01/2563",
    }  # fmt: skip
    response = client.post("/registry/new/?kind=factory", form)
    body = response.content.decode()
    assert response.status_code == 200
    assert "ไม่ตรงกับเลขตรวจสอบ" in body and "FID" in body
    form.update({"juristic_id": "0865551000012", "d-fid": "10860000125417"})
    response = client.post("/registry/new/?kind=factory", form)
    assert response.status_code == 302
    licence = FactoryLicence.objects.get()
    assert (licence.fid, licence.permit_date) == ("10860000125417", dt.date(2020, 1, 16))
