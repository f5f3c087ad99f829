"""The privacy scan: plant distinctive personal data in every place it can be held, then crawl
every public page, fragment and public API response (Open311 included), in Thai and English,
and every log line, asserting none of it appears."""

from __future__ import annotations

import datetime as dt
import json
import logging
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern
from django.utils import timezone

from saphan.complaints import open311_urls, public_urls
from saphan.complaints.api import router
from saphan.complaints.models import Photo
from saphan.complaints.services import handling, inspections
from saphan.complaints.services import intake as intake_services
from saphan.complaints.tests.helpers import contact, intake, jpeg
from saphan.core.services import api_token_create
from saphan.core.tests.factories import person
from saphan.registry.models import EstablishmentContact, FactoryLicence
from saphan.registry.tests.factories import establishment

pytestmark = pytest.mark.django_db

PLANTED = {
    "name": "ศรีสุดาพลอยงามวิเศษ",
    "name2": "Zebediah Quillfeather",
    "phone": "0891234567",
    "phone_dashed": "089-123-4567",
    "email": "planted.person@example.org",
    "line": "planted_line_77",
    "health": "หอบหืดรุนแรงPLANTHEALTH",
    "words": "PLANTWORDS บ้านเลขที่ 99/1 ของฉัน",
    "address": "PLANTADDRESS ซอยลับ",
    "lat": "10.493817",
    "lon": "99.180426",
    "lat_short": "10.4938",
    "lon_short": "99.1804",
    "follower": "followerPLANT@example.org",
    "follower_phone": "0823334444",
    "contact": "ผู้ติดต่อลับPLANT",
    "contact_phone": "0817778888",
    "contact_email": "registry.contact@example.org",
    "operator": "นายผู้ประกอบการลับPLANT",
    "camera": "PlantedCamMaker",
}


@pytest.fixture
def planted(immediate_tasks: None, django_capture_on_commit_callbacks: Any) -> dict[str, Any]:
    officer = person("officer86", "PIO86", "officer")
    factory = establishment(
        "บริษัท ปาล์มสะอาด จำกัด",
        factory={"registration_no": "จ3-64-1/50ชพ", "operator_name": PLANTED["operator"]},
    )
    FactoryLicence.objects.filter(establishment=factory).update(operator_name=PLANTED["operator"])
    EstablishmentContact.objects.create(
        establishment=factory,
        name=PLANTED["contact"],
        phone=PLANTED["contact_phone"],
        email=PLANTED["contact_email"],
        line_id="registryline99",
    )
    with django_capture_on_commit_callbacks(execute=True):
        done = intake_services.complaint_submit(
            intake=intake(
                description=PLANTED["words"],
                address_text=PLANTED["address"],
                latitude=Decimal(PLANTED["lat"]),
                longitude=Decimal(PLANTED["lon"]),
                establishment_id=factory.pk,
                health_details=PLANTED["health"],
                health_consent=True,
            ),
            contact=contact(
                name=PLANTED["name"],
                phone=PLANTED["phone_dashed"],
                email=PLANTED["email"],
                line_id=PLANTED["line"],
            ),
            photos=[jpeg()],
        )
        case = done.complaint
        intake_services.complaint_follow(
            complaint=case,
            contact=contact(
                name=PLANTED["name2"], email=PLANTED["follower"], phone=PLANTED["follower_phone"]
            ),
        )
        handling.complaint_assign(user=officer, complaint=case, officer=officer)
        handling.complaint_transition(
            user=officer, complaint=case, to_state="acknowledged", text="รับเรื่องแล้ว"
        )
        handling.complaint_update(user=officer, complaint=case, text="นัดตรวจสัปดาห์หน้า")
        inspections.inspection_create(
            user=officer,
            visited_at=timezone.now(),
            complaints=[case],
            findings="ภายใน",
            public_summary="ตรวจแล้ว",
        )
        Photo.objects.filter(complaint=case).update(is_public=True)
        dup = intake_services.complaint_submit(
            intake=intake(
                description=PLANTED["words"],
                latitude=Decimal(PLANTED["lat"]),
                longitude=Decimal(PLANTED["lon"]),
            ),
            contact=contact(name=PLANTED["name"], email=PLANTED["email"]),
        )
        handling.complaint_merge(user=officer, duplicate=dup.complaint, into=case)
        closed = intake_services.complaint_submit(
            intake=intake(
                category="noise",
                description=PLANTED["words"],
                latitude=Decimal(PLANTED["lat"]),
                longitude=Decimal(PLANTED["lon"]),
            ),
            contact=contact(name=PLANTED["name"], line_id=PLANTED["line"]),
        )
        handling.complaint_transition(
            user=officer,
            complaint=closed.complaint,
            to_state="not_substantiated",
            text="ไม่พบเสียงดัง",
        )
    _token, key = api_token_create(user=officer, name="open311")
    return {
        "case": case,
        "key": done.key,
        "dup": dup.complaint,
        "closed": closed.complaint,
        "factory": factory,
        "api_key": key,
        "photo": Photo.objects.filter(complaint=case).first(),
    }


def _public_urls(data: dict[str, Any]) -> dict[str, list[str]]:
    """Every public page, fragment and endpoint, by URL name, with real arguments."""
    case, closed, dup = data["case"], data["closed"], data["dup"]
    photo = data["photo"]
    token = case.open311_token
    pages = {
        "complaint-report": ["/report/"],
        "complaint-nearby": [
            f"/report/nearby/?category=dust&latitude={PLANTED['lat']}&longitude={PLANTED['lon']}",
            "/report/nearby/?category=dust&subdistrict=860101",
            "/report/nearby/?category=noise&district=8601",
        ],
        "complaint-establishment-search": [
            "/report/establishments/?q=ปาล์ม",
            "/report/establishments/?q=ผู้ติดต่อ",
            "/report/establishments/?q=0817778888",
        ],
        "complaint-receipt": [f"/report/receipt/{case.code}/"],
        "complaint-lookup": ["/track/", f"/track/?code={case.code}"],
        "complaint-track": [f"/track/{c.code}/" for c in (case, closed, dup)],
        "complaint-follow": [],  # POST only: crawled below with a bad form
        "complaint-act": [f"/track/{case.code}/k/{data['key']}/"],
        "complaint-public-list": [
            "/public/complaints/",
            "/public/complaints/?status=closed",
            "/public/complaints/?province=86&district=8601",
        ],
        "complaint-public-map": ["/public/complaints/map/"],
        "complaint-public-points": ["/public/complaints/points.json"],
        "complaint-public-photo": [f"/public/photos/{photo.pk}.jpg"],
        "explainer-list": ["/explainers/"],
        "explainer-detail": ["/explainers/pm25-haze-and-stack-dust/"],
        "complaint-privacy": ["/privacy/complaints/"],
    }
    open311 = {
        "open311-discovery": ["/open311/v2/discovery.json"],
        "open311-services": ["/open311/v2/services.json", "/open311/v2/services.xml"],
        "open311-service": ["/open311/v2/services/dust.json", "/open311/v2/services/dust.xml"],
        "open311-requests": [
            "/open311/v2/requests.json",
            "/open311/v2/requests.xml",
            f"/open311/v2/requests.json?service_request_id={case.code},{dup.code},{closed.code}",
        ],
        "open311-request": [
            f"/open311/v2/requests/{c.code}.{f}"
            for c in (case, dup, closed)
            for f in ("json", "xml")
        ],
        "open311-token": [f"/open311/v2/tokens/{token}.json", f"/open311/v2/tokens/{token}.xml"],
        # Any other path: the spec's error list (a 404, checked as such below).
        "open311-not-found": [f"/open311/v2/requests/{case.code}/people.xml"],
    }
    api = {
        "/public/complaints": [
            "/api/v1/complaints/public/complaints",
            "/api/v1/complaints/public/complaints?status=closed",
        ],
        "/public/complaints/{code}": [
            f"/api/v1/complaints/public/complaints/{c.code}" for c in (case, dup, closed)
        ],
        "/public/stats": ["/api/v1/complaints/public/stats"],
        "/public/establishments": ["/api/v1/complaints/public/establishments?q=ปาล์ม"],
        "/public/explainers": ["/api/v1/complaints/public/explainers"],
        "/public/explainers/{slug}": [
            "/api/v1/complaints/public/explainers/pm25-haze-and-stack-dust"
        ],
    }
    return {**pages, **open311, **api}


def _assert_clean(where: str, body: bytes) -> None:
    text = body.decode("utf-8", errors="replace")
    found = [label for label, value in PLANTED.items() if value in text]
    assert found == [], f"{where} shows planted personal data: {found}"


def test_no_public_page_or_endpoint_shows_personal_data(
    planted: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    urls = _public_urls(planted)
    # The crawl covers every public route there is: a new one must be added here.
    page_names = {p.name for p in public_urls.urlpatterns if isinstance(p, URLPattern)}
    open311_names = {p.name for p in open311_urls.urlpatterns if isinstance(p, URLPattern)}
    public_api = {
        path
        for path, view in router.path_operations.items()
        if any(op.auth_param is None for op in view.operations)
    }
    assert page_names | open311_names | public_api == set(urls)
    client = Client()
    crawled = 0
    for language in ("th", "en"):
        for name, addresses in urls.items():
            for url in addresses:
                joiner = "&" if "?" in url else "?"
                response: Any = client.get(f"{url}{joiner}lang={language}", follow=True)
                expected = 404 if name == "open311-not-found" else 200
                assert response.status_code == expected, (url, response.status_code)
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                _assert_clean(f"{name} {url}", body)
                crawled += 1
    # A form sent back with errors shows only what was typed back to the sender, not others'.
    follow = client.post(f"/track/{planted['case'].code}/follow/", {"email": "bad"})
    _assert_clean("follow (invalid)", follow.content)
    assert crawled > 80
    for record in caplog.records:
        _assert_clean(f"log {record.name}", record.getMessage().encode())


def test_the_public_photo_has_no_metadata(planted: dict[str, Any]) -> None:
    response: Any = Client().get(f"/public/photos/{planted['photo'].pk}.jpg")
    body = b"".join(response.streaming_content)
    assert (
        body[:2] == b"\xff\xd8" and b"Exif" not in body and PLANTED["camera"].encode() not in body
    )


def test_open311_post_answer_carries_no_personal_data(planted: dict[str, Any]) -> None:
    response = Client().post(
        "/open311/v2/requests.json",
        {
            "api_key": planted["api_key"],
            "jurisdiction_id": "86",
            "service_code": "dust",
            "lat": PLANTED["lat"],
            "long": PLANTED["lon"],
            "first_name": PLANTED["name"],
            "email": PLANTED["email"],
            "phone": PLANTED["phone"],
            "description": PLANTED["words"],
        },
    )
    assert response.status_code == 201
    _assert_clean("open311 POST", response.content)
    code = json.loads(response.content)[0]["service_request_id"]
    for fmt in ("json", "xml"):
        _assert_clean(
            "open311 new request", Client().get(f"/open311/v2/requests/{code}.{fmt}").content
        )


def test_anonymous_staff_pages_redirect_and_show_nothing(planted: dict[str, Any]) -> None:
    client = Client()
    code = planted["case"].code
    for url in (
        "/complaints/",
        f"/complaints/{code}/",
        f"/complaints/{code}/identity/",
        "/complaints/export/?format=csv",
        "/complaints/dashboard/export/?format=csv",
        f"/api/v1/complaints/complaints/{code}/identity",
    ):
        response = client.get(url)
        assert response.status_code in (302, 401), url
        _assert_clean(url, response.content)


def test_nothing_personal_after_the_retention_either(planted: dict[str, Any]) -> None:
    from saphan.complaints.services.privacy import anonymise_due

    closed = planted["closed"]
    type(closed).objects.filter(pk=closed.pk).update(
        closed_at=timezone.now() - dt.timedelta(days=400)
    )
    assert anonymise_due() == {"complaints": 1, "people": 1}
    closed.refresh_from_db()
    assert (closed.latitude, closed.description) == (
        None,
        "(ลบแล้ว: ข้อมูลส่วนบุคคลถูกลบหลังปิดเรื่องตามระยะเวลาที่กำหนด)",
    )
