"""Open311 GeoReport v2 as a client sees it: JSON parsed with json, XML with an XML parser,
the spec's errors, the filters and the 90-day window."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone

from saphan.complaints.models import Complaint
from saphan.complaints.services import handling
from saphan.complaints.services import intake as intake_services
from saphan.complaints.tests.helpers import contact, intake, submit
from saphan.core.services import api_token_create
from saphan.core.tests.factories import person

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"


@pytest.fixture
def key() -> str:
    _token, secret = api_token_create(user=person("partner", "PIO86", "officer"), name="chatbot")
    return secret


def _xml(response: Any) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314 — our own answer, parsed as a client would


def _json(response: Any) -> Any:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def _errors_xml(response: Any) -> list[tuple[str, str]]:
    root = _xml(response)
    assert root.tag == "errors"
    return [(e.findtext("code") or "", e.findtext("description") or "") for e in root]


def test_services_in_both_formats(client: Client) -> None:
    listed = _json(client.get(f"{BASE}/services.json", HTTP_ACCEPT_LANGUAGE="en"))
    assert [s["service_code"] for s in listed] == [
        "dust",
        "odour",
        "noise",
        "wastewater",
        "solid_waste",
        "vibration",
        "other",
    ]
    assert listed[0]["service_name"] == "Dust, smoke or haze"
    assert (listed[0]["metadata"], listed[0]["type"]) == (True, "realtime")
    root = _xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    names = [s.findtext("service_name") for s in root.findall("service")]
    assert names[:3] == ["ฝุ่น ควัน หรือหมอกควัน", "กลิ่นเหม็น", "เสียงดัง"]
    assert root.find("service/metadata").text == "true"  # type: ignore[union-attr]


def test_service_definition(client: Client) -> None:
    root = _xml(client.get(f"{BASE}/services/noise.xml"))
    assert (root.tag, root.findtext("service_code")) == ("service_definition", "noise")
    attrs = root.findall("attributes/attribute")
    assert [a.findtext("code") for a in attrs] == ["time_of_day", "frequency"]
    assert attrs[0].findtext("datatype") == "singlevaluelist"
    assert [v.findtext("key") for v in attrs[0].findall("values/value")] == [
        "morning",
        "afternoon",
        "evening",
        "night",
        "all_day",
    ]
    missing = client.get(f"{BASE}/services/smell.json", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404
    assert _json(missing) == [{"code": 404, "description": "No service has the code smell."}]


def test_post_a_request_form_encoded_then_read_it_and_its_token(client: Client, key: str) -> None:
    response = client.post(
        f"{BASE}/requests.xml",
        {
            "api_key": key,
            "jurisdiction_id": "PIO86",
            "service_code": "odour",
            "lat": "10.493817",
            "long": "99.180426",
            "description": "กลิ่นเหม็นตอนกลางคืน",
            "first_name": "มานะ",
            "last_name": "ทดสอบ",
            "email": "mana@example.org",
            "phone": "0891234567",
            "attribute[time_of_day]": "night",
            "attribute[frequency]": "daily",
            "media_url": "https://example.org/p.jpg",
        },
    )
    assert response.status_code == 201
    root = _xml(response)
    code = root.findtext("request/service_request_id")
    token = root.findtext("request/token")
    case = Complaint.objects.get(code=code)
    assert (case.channel, case.category, case.time_of_day, case.frequency) == (
        "open311",
        "odour",
        "night",
        "daily",
    )
    assert case.source_client.username == "partner"  # type: ignore[union-attr]
    person_ = case.people.get()
    assert (person_.name, person_.email, person_.phone) == (
        "มานะ ทดสอบ",
        "mana@example.org",
        "0891234567",
    )
    assert case.events.filter(kind="note", text__contains="https://example.org/p.jpg").exists()
    tokens = _json(client.get(f"{BASE}/tokens/{token}.json"))
    assert tokens == [{"service_request_id": code, "token": token}]
    one = _json(client.get(f"{BASE}/requests/{code}.json", HTTP_ACCEPT_LANGUAGE="en"))
    assert len(one) == 1
    row = one[0]
    assert (row["service_request_id"], row["status"], row["service_code"]) == (
        code,
        "open",
        "odour",
    )
    assert row["status_notes"] == "Received"
    assert (row["lat"], row["long"]) == (10.495, 99.185)
    assert row["agency_responsible"] == "Chumphon Provincial Industry Office"
    assert row["description"] == "Odour · Chumphon"  # never the complainant's own words
    assert row["expected_datetime"].endswith("+07:00")
    xml_one = _xml(client.get(f"{BASE}/requests/{code}.xml"))
    assert xml_one.findtext("request/service_request_id") == code


def test_post_errors_follow_the_spec(client: Client, key: str) -> None:
    good = {
        "api_key": key,
        "jurisdiction_id": "86",
        "service_code": "dust",
        "lat": "10.5",
        "long": "99.2",
    }
    cases = [
        ({**good, "api_key": ""}, 403, "A valid api_key is required to post a request."),
        ({**good, "api_key": "sph_wrong"}, 403, "A valid api_key is required to post a request."),
        (
            {**good, "service_code": "smoke"},
            400,
            "service_code is missing or unknown: see services.xml.",
        ),
        (
            {k: v for k, v in good.items() if k not in ("lat", "long")},
            400,
            "Give lat and long, address_string or address_id.",
        ),
        (
            {**good, "jurisdiction_id": ""},
            400,
            "jurisdiction_id is required: the province code (such as 86) or its office code "
            "(PIO86).",
        ),
        (
            {**good, "jurisdiction_id": "Atlantis"},
            404,
            "jurisdiction_id Atlantis is not a province we serve.",
        ),
        ({**good, "lat": "north"}, 400, "lat must be a number in decimal degrees."),
        (
            {**good, "description": "ก" * 4001},
            400,
            "description: Keep it under 4000 characters (now 4001).",
        ),
        ({**good, "email": "nope"}, 400, "email: This is not an e-mail address."),
    ]
    for data, status, description in cases:
        response = client.post(f"{BASE}/requests.xml", data, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == status, description
        assert _errors_xml(response) == [(str(status), description)]
    assert Complaint.objects.count() == 0


def test_address_string_names_the_province_and_district(client: Client, key: str) -> None:
    response = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": key,
            "service_code": "noise",
            "address_string": "หมู่ 3 อ.หลังสวน จ.ชุมพร",
        },
    )
    assert response.status_code == 201
    case = Complaint.objects.get(code=_json(response)[0]["service_request_id"])
    assert (case.province_id, case.district.name_th) == ("86", "หลังสวน")  # type: ignore[union-attr]
    assert (case.latitude, case.address_text) == (None, "หมู่ 3 อ.หลังสวน จ.ชุมพร")


def _old(days: int) -> Any:
    return intake_services.complaint_submit(
        intake=intake(), contact=contact(), received_at=timezone.now() - dt.timedelta(days=days)
    ).complaint


def test_request_list_filters_and_the_90_day_window(client: Client) -> None:
    officer = person("officer86", "PIO86", "officer")
    recent = submit().complaint
    noise = submit(category="noise").complaint
    closed = submit(category="odour").complaint
    handling.complaint_transition(
        user=officer, complaint=closed, to_state="not_substantiated", text="ตรวจแล้วไม่พบกลิ่น"
    )
    old = _old(120)
    lampang = submit(province_code="52", district_code="", subdistrict_code="").complaint

    def codes(query: str) -> list[str]:
        return [r["service_request_id"] for r in _json(client.get(f"{BASE}/requests.json{query}"))]

    assert set(codes("")) == {recent.code, noise.code, closed.code, lampang.code}
    assert set(codes("?service_code=noise,odour")) == {noise.code, closed.code}
    assert codes("?status=closed") == [closed.code]
    assert set(codes("?status=open&jurisdiction_id=86")) == {recent.code, noise.code}
    start = quote((timezone.now() - dt.timedelta(days=150)).isoformat())
    assert codes(f"?start_date={start}") == [old.code]
    # Ids ignore the other filters and the window.
    assert set(codes(f"?service_request_id={old.code},{noise.code}&status=closed")) == {
        old.code,
        noise.code,
    }
    closed_row = _json(client.get(f"{BASE}/requests/{closed.code}.json", HTTP_ACCEPT_LANGUAGE="en"))
    assert (closed_row[0]["status"], closed_row[0]["expected_datetime"]) == ("closed", None)
    assert closed_row[0]["status_notes"] == "Closed: not substantiated — ตรวจแล้วไม่พบกลิ่น"
    # Overdue shows in the notes.
    late = _old(20)
    late_row = _json(client.get(f"{BASE}/requests/{late.code}.json", HTTP_ACCEPT_LANGUAGE="en"))
    assert late_row[0]["status_notes"].startswith("Received — overdue since ")


def test_list_errors(client: Client) -> None:
    wide = "?start_date=2026-01-01T00:00:00%2B07:00&end_date=2026-06-01T00:00:00%2B07:00"
    checks = [
        (
            f"{BASE}/requests.xml{wide}",
            400,
            "start_date and end_date may be at most 90 days apart.",
        ),
        (
            f"{BASE}/requests.xml?start_date=yesterday",
            400,
            "start_date must be a W3C date-time such as 2026-11-29T09:00:00+07:00.",
        ),
        (
            f"{BASE}/requests.xml?status=pending",
            400,
            "status is open, closed, or both separated by a comma.",
        ),
        (f"{BASE}/requests.xml?service_code=fire", 400, "Unknown service_code: fire"),
        (f"{BASE}/requests/AAAA-BBBB.xml", 404, "No request has the id AAAA-BBBB."),
        (f"{BASE}/tokens/4b7c.xml", 404, "No request has the token 4b7c."),
        (
            f"{BASE}/requests.xml?jurisdiction_id=99",
            404,
            "jurisdiction_id 99 is not a province we serve.",
        ),
    ]
    for url, status, description in checks:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == status, url
        assert _errors_xml(response) == [(str(status), description)]
    csv = client.get(f"{BASE}/services.csv", HTTP_ACCEPT_LANGUAGE="en")
    assert csv.status_code == 404
    assert _json(csv) == [
        {"code": 404, "description": "Format csv is not offered: use json or xml."}
    ]


def test_list_query_count(client: Client, django_assert_num_queries: Any) -> None:
    for _i in range(8):
        submit()
    # The cases, their latest public texts and photos; the first time in this process also
    # the names of their province, district, subdistrict and office (one query a kind).
    with django_assert_num_queries(7):
        rows = _json(client.get(f"{BASE}/requests.json"))
    assert len(rows) == 8
    for _i in range(8):
        submit()
    with django_assert_num_queries(3):
        rows = _json(client.get(f"{BASE}/requests.json"))
    assert len(rows) == 16
