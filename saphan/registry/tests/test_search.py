"""Search: substrings of Thai and English names, activities and exact ids; the same rows on
SQLite (FTS5 trigram, plain scan under three characters) and PostgreSQL (pg_trgm)."""

from __future__ import annotations

import pytest
from django.test import Client

from saphan.core.tests.factories import PASSWORD, person
from saphan.registry.models import Establishment
from saphan.registry.search import normalize, search_filter
from saphan.registry.tests.factories import establishment

pytestmark = pytest.mark.django_db


@pytest.fixture
def records() -> dict[str, Establishment]:
    return {
        "palm": establishment(
            "บริษัท ชุมพรปาล์มออยล์ จำกัด",
            name_en="Chumphon Palm Oil Co., Ltd.",
            activity="ผลิตน้ำมันปาล์มดิบ",
            juristic_id="0865551000019",
            factory={
                "registration_no": "จ3-64-12/45ชพ",
                "fid": "10860000125417",
                "type_code": "06400",
            },
        ),
        "rubber": establishment(
            "สหกรณ์กองทุนสวนยางท่าแซะ",
            name_en="Tha Sae Rubber Cooperative",
            activity="ผลิตยางแผ่นรมควัน 100% (เกรดพิเศษ)",
            subdistrict="860201",
        ),
        "ice": establishment("โรงน้ำแข็ง ก.", activity="ผลิตน้ำแข็ง", kind="business"),
        "coffee": establishment("กลุ่มกาแฟโรบัสต้า", activity="คั่วกาแฟ", kind="group"),
        "lampang": establishment("ลำปางเซรามิก", activity="ผลิตเซรามิก", subdistrict="520101"),
    }


def _ids(query: str) -> set[int]:
    return set(search_filter(Establishment.objects.all(), query).values_list("id", flat=True))


def _reference(query: str) -> set[int]:
    """What a substring search must return, computed in Python."""
    pattern = normalize(query)
    return {e.pk for e in Establishment.objects.all() if pattern in e.search_text}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ปาล์ม", {"palm"}),
        ("น้ำมันปาล์ม", {"palm"}),
        ("PALM oil", {"palm"}),
        ("10860000125417", {"palm"}),
        ("0865551000019", {"palm"}),
        ("จ3-64-12/45ชพ", {"palm"}),
        ("ยาง", {"rubber"}),
        ("100%", {"rubber"}),
        ("(เกรด", {"rubber"}),
        ("น้ำแข็ง", {"ice"}),
        ("ก.", {"ice"}),
        ("ผลิต", {"palm", "rubber", "ice", "lampang"}),
        ("กา", {"coffee"}),
        ("ก", {"palm", "rubber", "ice", "coffee", "lampang"}),
        ("๑๐๘๖๐๐๐๐๑๒๕๔๑๗", {"palm"}),
        ("ไม่มีคำนี้", set()),
        ('"', set()),
        ("_", set()),
    ],
)
def test_substring_search_returns_exactly_these(
    records: dict[str, Establishment], query: str, expected: set[str]
) -> None:
    want = {records[name].pk for name in expected}
    assert _ids(query) == want
    assert _reference(query) == want


def test_filters_combine_with_search_and_scope(
    records: dict[str, Establishment], client: Client
) -> None:
    person("chumphon.officer", "PIO86", "officer")
    client.login(username="chumphon.officer", password=PASSWORD)
    data = client.get("/api/v1/registry/establishments/search", {"q": "ผลิต"}).json()
    assert {item["id"] for item in data["items"]} == {
        records[n].pk for n in ("palm", "rubber", "ice")
    }
    data = client.get("/api/v1/registry/establishments", {"q": "ผลิต", "kind": "factory"}).json()
    assert {item["id"] for item in data["items"]} == {records["palm"].pk, records["rubber"].pk}
    data = client.get("/api/v1/registry/establishments", {"q": "เซรามิก"}).json()
    assert data == {"items": [], "count": 0}


def test_search_text_follows_edits(records: dict[str, Establishment]) -> None:
    from saphan.registry import services

    editor = person("chumphon.officer", "PIO86", "officer")
    services.establishment_update(
        user=editor, establishment=records["ice"], data={"name_th": "โรงน้ำแข็งหลังสวน"}
    )
    assert _ids("หลังสวน") == {records["ice"].pk}
    assert _ids("ก.") == set()
