"""A team's schedule (PDF) and calendar (.ics) and the training certificates, read back."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar, vGeo
from pypdf import PdfReader

from saphan.core.tests.factories import PASSWORD, person
from saphan.promotion.models import PlannedVisit, TrainingEvent
from saphan.promotion.services import training as training_services
from saphan.promotion.tests.conftest import run_plan
from saphan.promotion.tests.factories import located, officer, request_for, service
from saphan.registry.models import EstablishmentContact

pytestmark = pytest.mark.django_db
BANGKOK = ZoneInfo("Asia/Bangkok")


def _text(content: bytes) -> str:
    # Text extraction splits ำ (sara am) into its shaped parts and puts whatever the font's
    # map says for the second one right after it (a control mark, "/", a digit): drop it.
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"(?<=\u0e33)[^\u0e00-\u0e7f\s]", "", text)


def test_schedule_pdf_lists_each_stop_in_thai(planned: dict[str, Any]) -> None:
    client = Client()
    client.login(username="designer", password=PASSWORD)
    url = reverse("promotion:itinerary-pdf", args=[planned["plan"].pk, planned["team"].pk])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    compact = "".join(text.split())
    assert "กำหนดการลงพื้นที่ให้บริการร่วม" in compact
    assert "วันจันทร์ที่2มิถุนายน2574" in compact  # 2 June 2031 in the Buddhist era
    assert compact.index("ร้านข") < compact.index("ร้านก")
    for times in ("08:30–10:30", "10:41–13:41", "08:09", "13:52"):
        assert times in text, times
    assert "ออกแบบบรรจุภัณฑ์" in compact and "มผช." in compact


def test_calendar_has_one_event_per_visit_in_bangkok_time(planned: dict[str, Any]) -> None:
    client = Client()
    client.login(username="designer", password=PASSWORD)
    url = reverse("promotion:itinerary-ics", args=[planned["plan"].pk, planned["team"].pk])
    response = client.get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [(e.decoded("dtstart"), e.decoded("dtend")) for e in events] == [
        (
            dt.datetime(2031, 6, 2, 8, 30, tzinfo=BANGKOK),
            dt.datetime(2031, 6, 2, 10, 30, tzinfo=BANGKOK),
        ),
        (
            dt.datetime(2031, 6, 2, 10, 41, tzinfo=BANGKOK),
            dt.datetime(2031, 6, 2, 13, 41, tzinfo=BANGKOK),
        ),
    ]
    assert [str(e["summary"]) for e in events] == [
        "ลงพื้นที่ให้บริการร่วม: ร้าน ข",
        "ลงพื้นที่ให้บริการร่วม: ร้าน ก",
    ]
    visit = PlannedVisit.objects.get(establishment=planned["a"])
    assert str(events[1]["uid"]) == f"promotion-visit-{visit.pk}@saphan"
    geo = events[1]["geo"]
    assert isinstance(geo, vGeo)
    assert (geo.latitude, geo.longitude) == (
        float(visit.latitude),
        float(visit.longitude),
    )
    assert "ออกแบบบรรจุภัณฑ์" in str(events[1]["description"])


def test_certificates_are_numbered_and_printed_and_give_the_skill(world: dict[str, Any]) -> None:
    from saphan.core.models import Office
    from saphan.promotion.models import OfficerSkill, Skill

    organiser = person("ipc.o", "IPC10", "officer")
    trainee = officer("trainee", "PIO86")
    absent = officer("absent", "PIO86")
    event = training_services.training_create(
        user=organiser,
        office=Office.objects.get(code="IPC10"),
        data={
            "topic": "ออกแบบบรรจุภัณฑ์สำหรับเจ้าหน้าที่",
            "starts_on": dt.date(2024, 3, 4),
            "ends_on": dt.date(2024, 3, 6),
            "place": "ศภ.10 สุราษฎร์ธานี",
            "trainers": "อาจารย์ผู้เชี่ยวชาญ",
            "hours": 18,
            "skill": Skill.objects.get(code="packaging_design"),
        },
    )
    training_services.participants_add(user=organiser, event=event, officers=[trainee, absent])
    first = event.participants.get(user=trainee)
    training_services.attendance_set(user=organiser, event=event, attended={first.pk})
    assert training_services.certificates_issue(user=organiser, event=event) == 1
    first.refresh_from_db()
    assert first.certificate_no == f"IPC10-2567-{event.pk:04d}-001"
    assert list(OfficerSkill.objects.filter(user=trainee).values_list("skill__code", "source")) == [
        ("packaging_design", "training")
    ]
    assert not OfficerSkill.objects.filter(user=absent).exists()
    # Issuing again numbers nobody twice.
    assert training_services.certificates_issue(user=organiser, event=event) == 0
    client = Client()
    client.login(username="trainee", password=PASSWORD)
    response = client.get(reverse("promotion:training-certificate", args=[first.pk]))
    assert response.status_code == 200
    compact = "".join(_text(response.content).split())
    for part in (
        "เกียรติบัตรฉบับนี้ให้ไว้เพื่อแสดงว่า",
        "ออกแบบบรรจุภัณฑ์สำหรับเจ้าหน้าที่",
        "จำนวน18ชั่วโมง",
        "4มีนาคม2567",
        first.certificate_no,
    ):
        assert part in compact, part
    # Another officer cannot print someone else's certificate.
    other = Client()
    other.login(username="absent", password=PASSWORD)
    assert other.get(reverse("promotion:training-certificate", args=[first.pk])).status_code == 403
    assert TrainingEvent.objects.count() == 1


def test_the_schedule_shows_contacts_to_officers_only_in_few_queries(
    planned: dict[str, Any],
) -> None:
    for est, phone in ((planned["a"], "0812345678"), (planned["b"], "0898765432")):
        EstablishmentContact.objects.create(establishment=est, name="ผู้ติดต่อ", phone=phone)
    officer_client = Client()
    officer_client.force_login(planned["designer"])
    url = reverse("promotion:itinerary-pdf", args=[planned["plan"].pk, planned["team"].pk])

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            text = _text(officer_client.get(url).content)
        return len(captured), text

    two_stops, text = queries()
    assert "0812345678" in text and "0898765432" in text
    # Three more stops, each with a contact: the same number of queries (no query per stop).
    for km in (5.3, 12.7, 25.9):
        est = located(f"ร้านเพิ่ม {km}", km)
        EstablishmentContact.objects.create(establishment=est, name="ผู้ติดต่อ", phone="0811111111")
        request_for(est, service("PIO86", "fda"))
    run_plan(planned["plan"], planned["planner"])
    assert PlannedVisit.objects.filter(route__plan=planned["plan"]).count() == 5
    five_stops, text = queries()
    assert five_stops == two_stops and text.count("0811111111") == 3
    # A viewer on the team prints the schedule without anyone's phone.
    viewer = person("v86", "PIO86", "viewer")
    planned["team"].members.add(viewer)
    viewer_client = Client()
    viewer_client.force_login(viewer)
    text = _text(viewer_client.get(url).content)
    assert "ร้านก" in "".join(text.split())
    assert not any(p in text for p in ("0812345678", "0898765432", "0811111111"))
