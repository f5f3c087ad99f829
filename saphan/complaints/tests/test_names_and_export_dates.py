"""Names and dates in the page's language on the officers' side: the case page's area and its
forward list, the case export's places, dates and date headings, the dashboard's month axis."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zoneinfo
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from saphan.complaints.models import Complaint
from saphan.complaints.selectors.dashboard import dashboard_for_user, export_headings
from saphan.complaints.tests.helpers import submit
from saphan.core.models import Office
from saphan.core.tests.factories import PASSWORD, person

pytestmark = pytest.mark.django_db

BANGKOK_TIME = zoneinfo.ZoneInfo("Asia/Bangkok")


def _english(client: Client) -> Client:
    client.cookies["saphan_language"] = "en"
    return client


def _area(page: str) -> str:
    match = re.search(r"<dt>(?:Area|พื้นที่)</dt><dd>([^<]*)</dd>", page)
    assert match is not None
    return match[1]


def _forward_options(page: str) -> list[str]:
    select = re.search(r'<select name="forward-office"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select[1])


def test_the_case_pages_area_in_both_languages(officer_client: Client) -> None:
    case = submit(district_code="8606", subdistrict_code="860604").complaint  # Phra Rak, Phato
    url = f"/complaints/{case.code}/"
    assert _area(officer_client.get(url).content.decode()) == "ต.พระรักษ์ อ.พะโต๊ะ จ.ชุมพร"
    english = _english(officer_client).get(url).content.decode()
    assert _area(english) == "Phra Rak · Phato · Chumphon"
    assert "<dd>Chumphon Provincial Industry Office</dd>" in english


def test_a_bangkok_case_reads_as_a_bangkok_address(client: Client) -> None:
    person("bkk", "PIO10", "officer")
    client.login(username="bkk", password=PASSWORD)
    case = submit(
        province_code="10",
        district_code="1004",
        subdistrict_code="100402",
        latitude=None,
        longitude=None,
        location_source="",
    ).complaint
    url = f"/complaints/{case.code}/"
    assert _area(client.get(url).content.decode()) == "แขวงสีลม เขตบางรัก กรุงเทพมหานคร"
    assert _area(_english(client).get(url).content.decode()) == "Si Lom · Bang Rak · Bangkok"


def test_the_forward_list_names_offices_in_the_pages_language_and_order(
    officer_client: Client,
) -> None:
    case = submit().complaint
    url = f"/complaints/{case.code}/"
    thai = _forward_options(officer_client.get(url).content.decode())
    assert len(thai) == Office.objects.count() - 1  # every office but the case's own
    assert "สำนักงานอุตสาหกรรมจังหวัดชุมพร" not in thai
    assert thai[:4] == [
        "กรมส่งเสริมอุตสาหกรรม",
        "กระทรวงอุตสาหกรรม",
        "ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 1 (เชียงใหม่)",
        "ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 2 (พิษณุโลก)",
    ]
    # The regional centres by number (2 before 10), not letter by letter.
    centres = [o for o in thai if o.startswith("ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ ")]
    numbers = [int(o.split("ภาคที่ ")[1].split()[0]) for o in centres]
    assert numbers == list(range(1, len(centres) + 1)) and len(centres) >= 11
    # Thai dictionary order: เชียงใหม่ under ช, before ตรัง; นครปฐม before เพชรบุรี (under พ).
    provincial = [o for o in thai if o.startswith("สำนักงานอุตสาหกรรมจังหวัด")]
    assert provincial.index("สำนักงานอุตสาหกรรมจังหวัดเชียงใหม่") < provincial.index(
        "สำนักงานอุตสาหกรรมจังหวัดตรัง"
    )
    english = _forward_options(_english(officer_client).get(url).content.decode())
    assert english[:4] == [
        "Amnat Charoen Provincial Industry Office",
        "Ang Thong Provincial Industry Office",
        "Bangkok Provincial Industry Office",
        "Bueng Kan Provincial Industry Office",
    ]
    assert "Department of Industrial Promotion" in english
    assert "Ministry of Industry" in english
    assert english == sorted(
        english, key=lambda name: re.sub(r"\d+", lambda m: m[0].zfill(8), name.casefold())
    )
    assert not [o for o in english if re.search("[\u0e00-\u0e7f]", o)]  # no Thai left


def test_forwarding_with_an_english_page_still_works(officer_client: Client) -> None:
    case = submit().complaint
    target = Office.objects.get(code="PIO84")
    response = _english(officer_client).post(
        f"/complaints/{case.code}/do/forward/",
        {"forward-office": target.pk, "forward-reason": "Upstream factory"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.office_id == target.pk


def _known_case() -> Complaint:
    case = submit(district_code="8606", subdistrict_code="860604").complaint
    Complaint.objects.filter(pk=case.pk).update(
        received_at=dt.datetime(2026, 12, 7, 21, 10, 23, 500, tzinfo=BANGKOK_TIME),
        closed_at=dt.datetime(2026, 12, 20, 9, 5, 0, tzinfo=BANGKOK_TIME),
        state_due=dt.date(2026, 12, 10),
        expected_date=dt.date(2026, 12, 30),
        status="resolved",
    )
    return case


def _csv(client: Client) -> list[list[str]]:
    text = client.get("/complaints/export/?format=csv").content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx(client: Client) -> list[list[Any]]:
    content = client.get("/complaints/export/?format=xlsx").content
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_case_export_in_thai_has_buddhist_era_dates_and_thai_places(
    officer_client: Client,
) -> None:
    case = _known_case()
    expected = [
        case.code,
        "7 ธ.ค. 2569 21:10 น.",
        "ฝุ่น ควัน หรือหมอกควัน",
        "แก้ไขแล้ว",
        "ชุมพร",
        "พะโต๊ะ",
        "PIO86",
        "",
        "10 ธ.ค. 2569",
        "",
        "30 ธ.ค. 2569",
        "20 ธ.ค. 2569 09:05 น.",
        "1",
        "0",
    ]
    _headings, row = _csv(officer_client)
    assert row == expected
    _headings_x, cells = _xlsx(officer_client)
    assert cells == [None if v == "" else int(v) if v.isdigit() else v for v in expected]


def test_the_case_export_in_english_has_english_places_and_iso_dates(
    officer_client: Client,
) -> None:
    case = _known_case()
    client = _english(officer_client)
    headings, row = _csv(client)
    assert headings == [
        "Tracking code",
        "Received on",
        "Category",
        "Status",
        "Province",
        "District",
        "Responsible office",
        "Establishment",
        "Due in this state",
        "Overdue",
        "Expected date",
        "Closed on",
        "People involved",
        "Times reopened",
    ]
    assert row == [
        case.code,
        "2026-12-07 21:10:23",
        "Dust, smoke or haze",
        "Resolved",
        "Chumphon",
        "Phato",
        "PIO86",
        "",
        "2026-12-10",
        "",
        "2026-12-30",
        "2026-12-20 09:05:00",
        "1",
        "0",
    ]
    _headings, cells = _xlsx(client)
    assert cells[1] == dt.datetime(2026, 12, 7, 21, 10, 23)
    assert cells[4:6] == ["Chumphon", "Phato"]
    assert cells[8] == dt.datetime(2026, 12, 10)  # a date cell (XLSX keeps dates as times)
    assert cells[10:12] == [dt.datetime(2026, 12, 30), dt.datetime(2026, 12, 20, 9, 5)]


def test_the_case_exports_thai_date_headings_are_dates_not_statuses() -> None:
    """Needs the Thai catalogue with "Received on" and "Closed on"."""
    with translation.override("th"):
        headings = [str(h) for h in export_headings()]
    assert (headings[1], headings[11]) == ("วันที่รับเรื่อง", "วันที่ปิดเรื่อง")


def test_the_dashboards_month_axis_reads_in_both_languages(officer_client: Client) -> None:
    officer = person("viewer", "PIO86", "officer")
    submit()
    since, until = dt.date(2025, 12, 1), dt.date(2026, 2, 10)
    with translation.override("th"):
        board = dashboard_for_user(officer, since=since, until=until)
    assert [(r["short"], r["year"], r["name"]) for r in board.by_month] == [
        ("ธ.ค.", "68", "ธ.ค. 2568"),
        ("ม.ค.", "69", "ม.ค. 2569"),
        ("ก.พ.", "", "ก.พ. 2569"),
    ]
    with translation.override("en"):
        board = dashboard_for_user(officer, since=since, until=until)
    assert [(r["short"], r["year"], r["name"]) for r in board.by_month] == [
        ("Dec", "2025", "Dec 2025"),
        ("Jan", "2026", "Jan 2026"),
        ("Feb", "", "Feb 2026"),
    ]
    # The export keeps writing its months in the Buddhist era, like its other dates.
    assert [r["label"] for r in board.by_month] == ["Dec 2568 BE", "Jan 2569 BE", "Feb 2569 BE"]
    page = (
        _english(officer_client)
        .get("/complaints/dashboard/?since=2025-12-01&until=2026-02-10")
        .content.decode()
    )
    assert '<div class="month" title="Jan 2026: 0">' in page
    assert '<span class="m">Jan</span><span class="y">2026</span>' in page
    assert '<span class="y">69</span>' not in page
