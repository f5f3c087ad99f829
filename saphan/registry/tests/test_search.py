"""Search: substrings of Thai and English names, activities and exact ids; the same rows on
SQLite (FTS5 trigram, plain scan under three characters) and PostgreSQL (pg_trgm)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from saphan.core.tests.factories import PASSWORD, person
from saphan.registry import search, selectors
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


def _ids(query: str, **how: bool) -> set[int]:
    """`how`: walk=True or scan=True, the conditions for reading rows in an order (page_ids)."""
    found = search_filter(Establishment.objects.all(), query, **how)
    return set(found.values_list("id", flat=True))


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
    assert _ids(query, walk=True) == want
    assert _ids(query, scan=True) == want
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
    assert data == {"items": [], "count": 0, "count_is_exact": True, "has_next": False}


def test_search_text_follows_edits(records: dict[str, Establishment]) -> None:
    from saphan.registry import services

    editor = person("chumphon.officer", "PIO86", "officer")
    services.establishment_update(
        user=editor, establishment=records["ice"], data={"name_th": "โรงน้ำแข็งหลังสวน"}
    )
    assert _ids("หลังสวน") == {records["ice"].pk}
    assert _ids("ก.") == set()


# Nine records, eight with "ผลิต" (two of them only in their activity), in the name order the
# list pages through. Same names on both databases, so the order and pages are the same.
NAMES = [
    "กลุ่มทอผ้า", "ข้าวหอม", "คั่วกาแฟ", "งานจักสาน", "จันทร์ผลิตภัณฑ์",
    "ฉางข้าว", "ชาชัก", "ซอสถั่ว", "ฌานรสเด็ด",
]  # fmt: skip


@pytest.fixture
def nine(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The list stops counting at 3 here (1,000 in use), so the cap shows with few records."""
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 3)
    ids = {}
    for i in REGISTERED:  # registered out of name order: newest first is neither name order
        name = NAMES[i]
        activity = "ผลิตอาหาร" if i % 3 == 1 else ("ขายส่ง" if name == "ชาชัก" else "ผลิต")
        ids[i] = establishment(name, activity=activity, kind="business").pk
    return [ids[i] for i in range(len(NAMES))]


REGISTERED = [4, 0, 7, 2, 8, 1, 6, 3, 5]


def _api_page(
    client: Client, query: str, page: int, size: int = 2, sort: str = ""
) -> dict[str, Any]:
    url = "/api/v1/registry/establishments"
    params: dict[str, str | int] = {"q": query, "page": page, "page_size": size}
    if sort:
        params["sort"] = sort
    data = client.get(url, params).json()
    return {**data, "items": [item["id"] for item in data["items"]]}


@pytest.mark.parametrize("query", ["ผลิต", "ลิ"])  # FTS5 on SQLite, and a scan under 3 chars
@pytest.mark.parametrize("sort_limit", [5000, 2])  # matches sorted, or the ordered walk
@pytest.mark.parametrize("sort", ["", "name"])  # a search's default (newest first), or by name
@pytest.mark.parametrize(("probe", "window"), [(2000, 50_000), (2, 50_000), (4, 4)])
def test_api_counts_up_to_the_limit_and_says_when_a_next_page_exists(
    client: Client,
    nine: list[int],
    query: str,
    sort_limit: int,
    sort: str,
    probe: int,
    window: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same pages and counts whichever way a page is read. Newest first, the probe of
    2,000 ids holds every match, more than the count limit (3); the newest two ids hold two
    matches, which promise more in a window of 50,000; the newest four ids hold three
    (ชาชัก does not match), not more than the limit: the index or the walk gives the page."""
    monkeypatch.setattr(search, "SORT_LIMIT", sort_limit)
    monkeypatch.setattr(search, "NEWEST_PROBE", probe)
    monkeypatch.setattr(search, "NEWEST_WINDOW", window)
    person("viewer", "PIO86", "viewer")
    client.login(username="viewer", password=PASSWORD)
    found = [pk for pk, name in zip(nine, NAMES, strict=True) if name != "ชาชัก"]
    if not sort:  # newest registered first
        found = [nine[i] for i in reversed(REGISTERED) if NAMES[i] != "ชาชัก"]
    rice = [nine[1], nine[5]] if sort else [nine[5], nine[1]]
    assert _api_page(client, query, 1, sort=sort) == {
        "items": found[0:2], "count": 3, "count_is_exact": False, "has_next": True,
    }  # fmt: skip
    assert _api_page(client, query, 2, sort=sort) == {
        "items": found[2:4], "count": 4, "count_is_exact": False, "has_next": True,
    }  # fmt: skip
    assert _api_page(client, query, 4, sort=sort) == {
        "items": found[6:8], "count": 8, "count_is_exact": True, "has_next": False,
    }  # fmt: skip
    assert _api_page(client, query, 5, sort=sort) == {
        "items": [], "count": 3, "count_is_exact": False, "has_next": False,
    }  # fmt: skip
    assert _api_page(client, query, 1, 20, sort) == {
        "items": found, "count": 8, "count_is_exact": True, "has_next": False,
    }  # fmt: skip
    assert _api_page(client, "ข้าว", 1, sort=sort) == {
        "items": rice, "count": 2, "count_is_exact": True, "has_next": False,
    }  # fmt: skip


@pytest.mark.parametrize("query", ["ผลิต", "ลิ"])
def test_api_page_queries_do_not_grow_with_the_page(
    client: Client,
    nine: list[int],
    django_assert_num_queries: Any,
    monkeypatch: pytest.MonkeyPatch,
    query: str,
) -> None:
    """Session and person, the scope (four), the page's ids with the count of matches, their
    rows with their joins; when matches are many, the walk of the list's order. Newest
    first, the newest window holds more matches than the count limit (3): it alone gives the
    page's ids, however many matches the index would find."""
    person("viewer", "PIO86", "viewer")
    client.login(username="viewer", password=PASSWORD)

    def queries_of(sort: str, expected: int) -> None:
        params: dict[str, str | int] = {"q": query, "page_size": 2, "sort": sort}
        with django_assert_num_queries(expected):
            data = client.get("/api/v1/registry/establishments", params)
        assert len(data.json()["items"]) == 2

    queries_of("name", 8)
    queries_of("newest", 8)
    monkeypatch.setattr(search, "SORT_LIMIT", 2)  # more matches: the ordered walk, one more
    queries_of("name", 9)
    queries_of("newest", 8)
    monkeypatch.setattr(search, "NEWEST_PROBE", 2)  # two matches: then the window
    queries_of("newest", 9)
    monkeypatch.setattr(search, "NEWEST_WINDOW", 4)  # three in the window: then as by name
    queries_of("newest", 11)
    monkeypatch.setattr(search, "NEWEST_PROBE", 4)  # three in the probe, promising too few
    queries_of("newest", 10)
    monkeypatch.setattr(search, "SORT_LIMIT", 5000)
    queries_of("newest", 9)


def test_list_page_queries_do_not_grow_with_the_page(
    client: Client, nine: list[int], django_assert_num_queries: Any
) -> None:
    """As the API (8), plus the page's places by a query each (province, district,
    subdistrict) and the provinces of the filter."""
    person("viewer", "PIO86", "viewer")
    client.login(username="viewer", password=PASSWORD)
    with django_assert_num_queries(12):
        body = client.get("/registry/", {"q": "ผลิต"}).content.decode()
    assert body.count('<td data-label="ชื่อ">') == 8


def test_list_page_says_more_than_and_pages_on(
    client: Client, nine: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from saphan.registry import views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    person("viewer", "PIO86", "viewer")
    client.login(username="viewer", password=PASSWORD)
    body = client.get("/registry/", {"q": "ผลิต"}).content.decode()
    assert body.count('<td data-label="ชื่อ">') == 3
    assert '<p class="help" id="list-count">มากกว่า 3 รายการ</p>' in body
    assert "<span>หน้า 1</span>" in body and "ก่อนหน้า" not in body
    assert 'href="?q=%E0%B8%9C%E0%B8%A5%E0%B8%B4%E0%B8%95&page=2">ถัดไป</a>' in body
    body = client.get("/registry/", {"q": "ผลิต", "page": "3"}).content.decode()
    assert body.count('<td data-label="ชื่อ">') == 2
    assert '<p class="help" id="list-count">8 รายการ</p>' in body
    assert "<span>หน้า 3 จาก 3</span>" in body and "ถัดไป" not in body


@pytest.mark.parametrize("sort_limit", [5000, 1])  # sorted from the index; the ordered walk
def test_sorting_by_quality_reads_the_scores_table_with_unscored_records_as_zero(
    client: Client, monkeypatch: pytest.MonkeyPatch, sort_limit: int
) -> None:
    from django.utils import timezone

    from saphan.registry.models import QualityScore

    monkeypatch.setattr(search, "SORT_LIMIT", sort_limit)
    names = ["ผลิตน้ำดื่ม ก", "ผลิตน้ำดื่ม ข", "ผลิตน้ำดื่ม ค", "ผลิตน้ำดื่ม ง"]
    made = {name: establishment(name) for name in names}
    now = timezone.now()
    for name, validity, completeness in [("ก", 80, 90), ("ข", 40, 100), ("ค", 80, 50)]:
        QualityScore.objects.create(
            establishment=made[f"ผลิตน้ำดื่ม {name}"],
            validity=validity,
            completeness=completeness,
            currency=100,
            checked_at=now,
        )
    person("viewer", "PIO86", "viewer")
    client.login(username="viewer", password=PASSWORD)

    def order(sort: str) -> list[str]:
        data = client.get(
            "/api/v1/registry/establishments", {"q": "น้ำดื่ม", "sort": sort, "page_size": "10"}
        ).json()
        return [item["name_th"][-1] for item in data["items"]]

    assert order("quality") == ["ง", "ข", "ค", "ก"]  # ง has no score yet: 0
    assert order("-quality") == ["ก", "ค", "ข", "ง"]
    body = client.get("/registry/", {"q": "น้ำดื่ม", "sort": "quality"}).content.decode()
    assert body.index("ผลิตน้ำดื่ม ง") < body.index("ผลิตน้ำดื่ม ข") < body.index("ผลิตน้ำดื่ม ก")


def _current_sort(body: str) -> list[str]:
    """The sort links marked as the list's order."""
    return re.findall(r'&sort=([-\w]+)" aria-current="true">([^<]+)</a>', body)


def test_list_page_shows_the_order_it_uses(client: Client, nine: list[int]) -> None:
    """A search lists the newest records first unless the person chose an order; browsing
    without a search goes by name; the sort links mark the order in use."""
    person("viewer", "PIO86", "viewer")
    client.login(username="viewer", password=PASSWORD)

    def names(body: str) -> list[str]:
        return re.findall(r'<td data-label="ชื่อ"><a href="[^"]+">([^<]+)</a>', body)

    body = client.get("/registry/", {"q": "ข้าว"}).content.decode()
    assert names(body) == ["ฉางข้าว", "ข้าวหอม"]
    assert _current_sort(body) == [("newest", "ใหม่สุดก่อน")]
    body = client.get("/registry/", {"q": "ข้าว", "sort": "name"}).content.decode()
    assert names(body) == ["ข้าวหอม", "ฉางข้าว"]
    assert _current_sort(body) == [("name", "ชื่อ")]
    body = client.get("/registry/").content.decode()
    assert names(body) == NAMES
    assert _current_sort(body) == [("name", "ชื่อ")]
    body = client.get("/registry/", {"sort": "newest"}).content.decode()
    assert names(body) == [NAMES[i] for i in reversed(REGISTERED)]
    assert _current_sort(body) == [("newest", "ใหม่สุดก่อน")]
