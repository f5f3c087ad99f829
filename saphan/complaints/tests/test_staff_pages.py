"""Officers' pages and API: the case list (filters, export, query count), every action on the
case page, the intake of a call, inspections and measurements with their judgement, orders,
standards, explainers, templates, holidays, privacy."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from saphan.complaints.models import (
    Complainant,
    Complaint,
    Explainer,
    Holiday,
    Inspection,
    Measurement,
    Order,
    ResponseTemplate,
    Standard,
)
from saphan.complaints.services import content
from saphan.complaints.tests.helpers import submit
from saphan.core.errors import ApplicationError
from saphan.core.models import Office, Subdistrict, User
from saphan.core.tests.factories import PASSWORD, person
from saphan.registry.tests.factories import establishment

pytestmark = pytest.mark.django_db


def test_case_list_filters_and_query_count(
    officer_client: Client, django_assert_max_num_queries: Any
) -> None:
    for category in ("dust", "noise", "dust", "odour"):
        submit(category=category)
    submit(province_code="52", district_code="", subdistrict_code="")  # not in the scope
    with django_assert_max_num_queries(14):
        page = officer_client.get("/complaints/?category=dust").content.decode()
    dust = Complaint.objects.filter(category="dust")
    assert {c for c in dust.values_list("code", flat=True) if c in page} == set(
        dust.filter(province_id="86").values_list("code", flat=True)
    )
    assert page.count('<td data-label="รหัส">') == 2
    with django_assert_max_num_queries(8):
        api = officer_client.get("/api/v1/complaints/complaints?status=open").json()
    assert api["count"] == 4
    csv = officer_client.get("/complaints/export/?format=csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("รหัสติดตามเรื่อง,")
    assert len(csv.strip().splitlines()) == 5


def test_every_action_on_the_case_page(officer_client: Client) -> None:
    person("manager", "PIO86", "manager")
    case = submit().complaint
    url = f"/complaints/{case.code}/do"
    explainer = Explainer.objects.get()

    def post(action: str, data: dict[str, Any]) -> Any:
        return officer_client.post(f"{url}/{action}/", data)

    assert post("take", {}).status_code == 302
    assert case.assigned.get().username == "officer"
    assert post("status", {"status-to_state": "acknowledged", "status-text": ""}).status_code == 302
    bad = post("status", {"status-to_state": "received"})
    assert bad.status_code == 422
    assert (
        post("update", {"update-text": "นัดตรวจวันศุกร์", "update-explainer": explainer.pk}).status_code
        == 302
    )
    assert post("note", {"note-text": "โทรคุยกับโรงงานแล้ว"}).status_code == 302
    assert post("summary", {"summary-text": "ฝุ่นจากลานกองวัตถุดิบ"}).status_code == 302
    factory = establishment("โรงงานต้นเหตุ")
    assert (
        post(
            "establishment",
            {"establishment-establishment": factory.pk, "establishment-confirmed": "on"},
        ).status_code
        == 302
    )
    assert (
        post(
            "place",
            {"place-subdistrict": "860102", "place-latitude": "10.45", "place-longitude": "99.2"},
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert (case.status, case.public_summary, case.establishment_id, case.subdistrict_id) == (
        "acknowledged",
        "ฝุ่นจากลานกองวัตถุดิบ",
        factory.pk,
        "860102",
    )
    # Escalation is a manager's: the officer gets 403 and nothing changes.
    assert post("escalate", {"escalate-reason": "เรื้อรัง"}).status_code == 403
    case.refresh_from_db()
    assert case.escalated_at is None
    page = officer_client.get(f"/complaints/{case.code}/").content.decode()
    assert "โทรคุยกับโรงงานแล้ว" in page and "นัดตรวจวันศุกร์" in page
    template = ResponseTemplate.objects.get(state="acknowledged")
    filled = officer_client.get(
        f"/complaints/{case.code}/template/", {"update-template": template.pk}
    ).content.decode()
    assert case.code in filled and "{code}" not in filled
    assert 'name="update-text"' in filled and "required" in filled
    # The status form (a closing's text) starts from a template too.
    resolved = ResponseTemplate.objects.get(state="resolved")
    closing = officer_client.get(
        f"/complaints/{case.code}/template/", {"status-template": resolved.pk}
    ).content.decode()
    assert 'name="status-text"' in closing and case.code in closing
    assert 'id="id_status-template"' in page
    assert (
        officer_client.get(f"/complaints/{case.code}/template/", {"status-template": "x"})
        .content.decode()
        .strip()
        .endswith("></textarea>")
    )
    other = submit().complaint
    assert (
        officer_client.post(
            f"/complaints/{other.code}/do/merge/", {"merge-into": case.code.lower()}
        ).status_code
        == 302
    )
    other.refresh_from_db()
    assert other.merged_into_id == case.pk
    assert (
        post(
            "refer",
            {
                "refer-agency": "เทศบาลเมืองชุมพร",
                "refer-level": "local",
                "refer-reason": "เรื่องเผาขยะ",
            },
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.status == "referred"
    assert officer_client.post(f"{url}/nonsense/", {}).status_code == 404


def test_recording_a_call(officer_client: Client) -> None:
    response = officer_client.post(
        "/complaints/new/",
        {
            "channel": "phone",
            "category": "noise",
            "description": "เสียงเครื่องจักรตอนกลางคืน",
            "province": "86",
            "district": "8601",
            "name": "ผู้โทรมา",
            "phone": "0811231234",
        },
    )
    case = Complaint.objects.get()
    assert response["Location"] == f"/complaints/{case.code}/"
    assert (case.channel, case.source_client.username) == ("phone", "officer")  # type: ignore[union-attr]
    viewer = Client()
    person("viewer", "PIO86", "viewer")
    viewer.login(username="viewer", password=PASSWORD)
    assert viewer.get("/complaints/new/").status_code == 403


def test_inspection_measurements_and_order_pages(officer_client: Client) -> None:
    factory = establishment("โรงงานตรวจวัด")
    case = submit(establishment_id=factory.pk).complaint
    response = officer_client.post(
        "/complaints/inspections/new/",
        {
            "kind": "complaint",
            "visited_on": "01/07/2566",
            "visited_time": "10:30",
            "complaints": case.code,
            "findings": "ปล่องชำรุด",
            "public_summary": "ตรวจแล้ว",
        },
    )
    inspection = Inspection.objects.get()
    assert response["Location"] == f"/complaints/inspections/{inspection.pk}/"
    assert (
        inspection.visited_at.date() == dt.date(2023, 7, 1) and inspection.establishment == factory
    )
    for value, period in (("45", "24h"), ("30", "24h")):
        officer_client.post(
            f"/complaints/inspections/{inspection.pk}/measurements/",
            {
                "pollutant": "pm25",
                "value": value,
                "unit": "ug_m3",
                "averaging_period": period,
                "where": "ambient",
                "measured_on": "01/07/2566",
                "measured_time": "10:30",
            },
        )
    assert Measurement.objects.count() == 2
    page = officer_client.get(f"/complaints/inspections/{inspection.pk}/").content.decode()
    assert page.count('data-testid="verdict"') == 2
    assert "เกินค่ามาตรฐาน</span>" in page and "ไม่เกินค่ามาตรฐาน</span>" in page
    officer_client.post(
        "/complaints/orders/new/",
        {
            "establishment": factory.pk,
            "inspection": inspection.pk,
            "description": "ซ่อมปล่อง",
            "deadline": "31/08/2566",
            "issued_on": "02/07/2566",
        },
    )
    order = Order.objects.get()
    assert (order.deadline, list(order.complaints.all())) == (dt.date(2023, 8, 31), [case])
    assert "ซ่อมปล่อง" in officer_client.get(f"/complaints/orders/{order.pk}/").content.decode()
    api = officer_client.get(f"/api/v1/complaints/inspections/{inspection.pk}").json()
    assert [m["outcome"] for m in api["measurements"]] == ["exceeds", "within"]


def test_standards_are_edited_by_administrators_only(client: Client) -> None:
    person("officer", "PIO86", "officer")
    person("admin", "PIO86", "administrator")
    stack = Standard.objects.get(pollutant="particulate")
    data = {
        "pollutant": "particulate",
        "where": "stack",
        "averaging_period": "spot",
        "limit": "240",
        "unit": "mg_m3",
        "legal_source": "ประกาศกระทรวงอุตสาหกรรม",
        "to_confirm": "on",
    }
    client.login(username="officer", password=PASSWORD)
    assert client.post(f"/complaints/standards/{stack.pk}/", data).status_code == 403
    client.login(username="admin", password=PASSWORD)
    assert client.post(f"/complaints/standards/{stack.pk}/", data).status_code == 302
    stack.refresh_from_db()
    assert stack.limit == 240 and stack.to_confirm
    listed = client.get("/complaints/standards/").content.decode()
    assert "ค่ามาตรฐานต้องยืนยัน" in listed and "37.5" in listed
    api = client.post(
        "/api/v1/complaints/standards",
        json.dumps(
            {
                "pollutant": "noise",
                "where": "boundary",
                "averaging_period": "1h",
                "limit": "70",
                "unit": "dba",
                "legal_source": "ทดสอบ",
                "effective_from": "2027-01-01",
                "effective_until": "2026-01-01",
            }
        ),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert api.status_code == 422


def test_explainers_templates_and_holidays(officer_client: Client) -> None:
    response = officer_client.post(
        "/complaints/explainers/new/",
        {
            "slug": "noise-at-night",
            "title_th": "เสียงดังกลางคืน",
            "title_en": "Noise at night",
            "body_th": "ย่อหน้าแรก\n\nย่อหน้าสอง",
            "body_en": "First\n\nSecond",
            "is_published": "on",
        },
    )
    assert response["Location"] == "/explainers/noise-at-night/"
    assert Client().get("/explainers/noise-at-night/").status_code == 200
    # "Every office" is not offered to an officer: an empty office is the field's error.
    form = officer_client.get("/complaints/templates/new/").content.decode()
    office_select = re.search(r'<select name="office".*?</select>', form, re.S)
    assert office_select is not None
    assert re.findall(r'<option value="([^"]*)"', office_select.group()) == [
        str(Office.objects.get(code="PIO86").pk)
    ]
    empty = officer_client.post(
        "/complaints/templates/new/",
        {"title": "นัดตรวจ", "body_th": "นัดตรวจเรื่อง {code}", "active": "on", "office": ""},
    )
    assert empty.status_code == 200
    assert empty.context["form"].errors["office"] == ["ต้องกรอกช่องนี้"]
    assert not ResponseTemplate.objects.filter(title="นัดตรวจ").exists()
    office = Office.objects.get(code="PIO86")
    assert (
        officer_client.post(
            "/complaints/templates/new/",
            {
                "title": "นัดตรวจ",
                "body_th": "นัดตรวจเรื่อง {code}",
                "active": "on",
                "office": office.pk,
            },
        ).status_code
        == 302
    )
    assert ResponseTemplate.objects.filter(office=office).count() == 1
    page = officer_client.get("/complaints/holidays/?year=2570").content.decode()
    assert "วันมาฆบูชา" in page and "21 กุมภาพันธ์ 2570" in page
    holiday = Holiday.objects.filter(date__year=2027).first()
    assert officer_client.post(f"/complaints/holidays/{holiday.pk}/delete/").status_code == 403  # type: ignore[union-attr]


def test_the_calendar_and_every_offices_templates_are_the_whole_countrys(client: Client) -> None:
    """A provincial administrator's reach is a province: the holiday calendar (every office's
    deadlines) and templates for every office are kept by an administrator for the whole
    country."""
    person("admin86", "PIO86", "administrator")
    person("national", "MOI", "administrator")
    holiday = Holiday.objects.filter(date__year=2027).first()
    assert holiday is not None
    client.login(username="admin86", password=PASSWORD)
    page = client.get("/complaints/holidays/?year=2027").content.decode()
    assert "/complaints/holidays/seed/" not in page and "holiday-delete" not in page
    assert f"/complaints/holidays/{holiday.pk}/delete/" not in page
    assert client.post(f"/complaints/holidays/{holiday.pk}/delete/").status_code == 403
    assert client.post("/complaints/holidays/seed/", {"year": "2035"}).status_code == 403
    refused = client.post(
        "/api/v1/complaints/holidays",
        json.dumps({"date": "2027-03-01", "name_th": "วันหยุดท้องถิ่น"}),
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["message_en"] == (
        "The holiday calendar sets every office's deadlines: only an administrator for the "
        "whole country changes it."
    )
    with pytest.raises(ApplicationError) as caught:
        content.template_save(
            user=User.objects.get(username="admin86"),
            template=None,
            data={"title": "t", "body_th": "ข้อความ", "office": None, "active": True},
        )
    assert caught.value.status == 403
    assert Holiday.objects.filter(pk=holiday.pk).exists()
    assert not Holiday.objects.filter(date__year=2035).exists()

    client.login(username="national", password=PASSWORD)
    page = client.get("/complaints/holidays/?year=2027").content.decode()
    assert f"/complaints/holidays/{holiday.pk}/delete/" in page
    assert client.post(f"/complaints/holidays/{holiday.pk}/delete/").status_code == 302
    assert not Holiday.objects.filter(pk=holiday.pk).exists()
    assert client.post("/complaints/holidays/seed/", {"year": "2035"}).status_code == 302
    assert Holiday.objects.filter(date__year=2035).count() > 10
    saved = content.template_save(
        user=User.objects.get(username="national"),
        template=None,
        data={"title": "t", "body_th": "ข้อความ", "office": None, "active": True},
    )
    assert saved.office_id is None


def test_dashboard_page_and_api(officer_client: Client) -> None:
    submit()
    page = officer_client.get("/complaints/dashboard/").content.decode()
    assert 'data-testid="kpi-total">1<' in page
    assert "ไม่มีเรื่องเกินกำหนด" in page and 'class="overdue"' not in page  # no red zero
    # The period fields show the period the figures are for, in the Buddhist era.
    today = timezone.localdate()
    since = today.replace(day=1) - dt.timedelta(days=365)
    since = since.replace(day=1)
    assert f'name="since" value="{since:%d/%m}/{since.year + 543}"' in page
    assert f'name="until" value="{today:%d/%m}/{today.year + 543}"' in page
    api = officer_client.get("/api/v1/complaints/dashboard").json()
    assert (api["total"], api["open"]) == (1, 1)
    xlsx = officer_client.get("/complaints/dashboard/export/?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_privacy_page_answers_requests(client: Client) -> None:
    done = submit(who={"email": "asker@example.org"})
    from saphan.complaints.services import privacy

    request = privacy.request_create(complainant=done.complainant, kind="copy")
    person("manager", "PIO86", "manager")
    client.login(username="manager", password=PASSWORD)
    page = client.get("/complaints/privacy/").content.decode()
    assert done.complaint.code in page
    assert (
        client.post(f"/complaints/privacy/requests/{request.pk}/", {"note": ""}).status_code == 302
    )
    request.refresh_from_db()
    assert request.status == "done"
    assert timezone.localdate() <= request.due_on


def test_the_case_page_query_count_does_not_grow_with_the_case(client: Client) -> None:
    """Events, photos, supporters, duplicates, inspections and orders: a constant number of
    queries for the case page, whatever their count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from saphan.complaints.services import handling, inspections, intake
    from saphan.complaints.tests.helpers import contact, jpeg

    manager = person("manager", "PIO86", "manager")
    officer = person("officer", "PIO86", "officer")
    factory = establishment("โรงงาน ทดสอบ จำกัด")
    code = submit(
        establishment_id=factory.pk, photos=[jpeg()], who={"email": "a@example.org"}
    ).complaint.code
    client.force_login(manager)

    def grow(round_: int) -> None:
        complaint = Complaint.objects.get(code=code)
        handling.complaint_assign(user=manager, complaint=complaint, officer=officer)
        handling.complaint_note(user=officer, complaint=complaint, text=f"บันทึก {round_}")
        handling.complaint_update(user=officer, complaint=complaint, text=f"ความคืบหน้า {round_}")
        intake.complaint_follow(complaint=complaint, contact=contact(email=f"f{round_}@ex.org"))
        intake.photo_add(complaint=complaint, uploads=[jpeg()], staff=officer)
        other = submit(establishment_id=factory.pk).complaint
        handling.complaint_merge(user=officer, duplicate=other, into=complaint)
        inspection = inspections.inspection_create(
            user=officer,
            visited_at=timezone.now(),
            establishment=factory,
            complaints=[complaint],
            findings="ตรวจ",
        )
        inspections.order_create(
            user=officer,
            establishment=factory,
            description="ให้แก้ไข",
            deadline=timezone.localdate() + dt.timedelta(days=30),
            inspection=inspection,
            complaints=[complaint],
        )
        officer_ = person(f"officer{round_}", "PIO86", "officer")
        handling.complaint_assign(user=manager, complaint=complaint, officer=officer_)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/complaints/{code}/").status_code == 200
        return len(queries.captured_queries)

    grow(1)
    first = count()
    # session, person and scope (6), the case and what it holds (its ratings and the names of
    # the officers its timeline assigns among them), the forms
    assert first <= 29
    grow(2)
    grow(3)
    assert count() == first


def test_the_inspection_and_request_lists_of_the_api_page_with_few_queries(
    client: Client,
) -> None:
    """Only the page is read; complaints, measurements and the standards are read once for
    the page, not once per inspection."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from saphan.complaints.services import inspections, privacy

    officer = person("officer", "PIO86", "officer")
    manager = person("manager", "PIO86", "manager")
    factory = establishment("โรงงาน ตรวจวัด จำกัด")
    client.force_login(officer)

    def add(n: int) -> None:
        for _i in range(n):
            done = submit(establishment_id=factory.pk, who={"email": "x@example.org"})
            inspection = inspections.inspection_create(
                user=officer,
                visited_at=timezone.now(),
                establishment=factory,
                complaints=[done.complaint],
            )
            for value in ("0.05", "0.40"):
                inspections.measurement_add(
                    user=officer,
                    inspection=inspection,
                    pollutant="tsp",
                    value=Decimal(value),
                    unit="mg_m3",
                    averaging_period="24h",
                    where="ambient",
                    measured_at=timezone.now(),
                )
            privacy.request_create(complainant=done.complainant, kind="copy")

    def count(url: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).json()
        return body["count"], len(queries.captured_queries)

    add(1)
    inspections_one = count("/api/v1/complaints/inspections")
    client.force_login(manager)
    requests_one = count("/api/v1/complaints/requests")
    add(3)
    client.force_login(officer)
    assert count("/api/v1/complaints/inspections") == (4, inspections_one[1])
    client.force_login(manager)
    assert count("/api/v1/complaints/requests") == (4, requests_one[1])
    page = client.get("/api/v1/complaints/inspections").json()["items"][0]
    assert [m["outcome"] for m in page["measurements"]] == ["within", "exceeds"]


def test_forwarding_out_of_ones_provinces_lands_on_the_list(officer_client: Client) -> None:
    case = submit().complaint
    surat = Office.objects.get(code="PIO84")
    response = officer_client.post(
        f"/complaints/{case.code}/do/forward/",
        {"forward-office": surat.pk, "forward-reason": "เกิดเหตุที่สุราษฎร์ธานี"},
        follow=True,
    )
    assert response.redirect_chain == [("/complaints/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        f"ส่งต่อไปยัง{surat.name_th}แล้ว: เรื่องนี้อยู่นอกจังหวัดที่ท่านรับผิดชอบแล้ว"
    ]
    case.refresh_from_db()
    assert (case.office_id, case.province_id) == (surat.pk, "84")


def test_a_place_outside_thailand_is_a_field_error(officer_client: Client) -> None:
    case = submit().complaint
    response = officer_client.post(
        f"/complaints/{case.code}/do/place/",
        {"place-subdistrict": "", "place-latitude": "89", "place-longitude": "99.2"},
    )
    assert response.status_code == 422
    assert "อยู่นอกประเทศไทย" in response.content.decode()
    case.refresh_from_db()
    assert case.latitude == Decimal("10.493817")


def test_due_soonest_lists_open_cases_before_closed_ones(officer_client: Client) -> None:
    officer = person("officer2", "PIO86", "officer")
    closed = submit().complaint
    from saphan.complaints.services import handling

    handling.complaint_transition(user=officer, complaint=closed, to_state="resolved", text="แล้ว")
    open_case = submit().complaint
    rows = officer_client.get("/api/v1/complaints/complaints?sort=due").json()["items"]
    assert [r["code"] for r in rows] == [open_case.code, closed.code]


def test_the_case_page_offers_managers_to_take_a_closing_back(client: Client) -> None:
    officer = person("officer2", "PIO86", "officer")
    person("manager", "PIO86", "manager")
    case = submit().complaint
    from saphan.complaints.services import handling

    handling.complaint_transition(user=officer, complaint=case, to_state="resolved", text="แล้ว")
    client.login(username="officer2", password=PASSWORD)
    assert "do/undo/" not in client.get(f"/complaints/{case.code}/").content.decode()
    client.login(username="manager", password=PASSWORD)
    page = client.get(f"/complaints/{case.code}/").content.decode()
    assert f"/complaints/{case.code}/do/undo/" in page
    refused = client.post(f"/complaints/{case.code}/do/undo/", {"undo-reason": ""})
    assert refused.status_code == 422
    done = client.post(f"/complaints/{case.code}/do/undo/", {"undo-reason": "ปิดผิด"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == "received"


def test_api_dates_in_either_era_and_a_day_not_in_the_calendar(client: Client) -> None:
    person("root", is_superuser=True, is_staff=True)
    client.login(username="root", password=PASSWORD)

    def holiday(day: str) -> Any:
        body = json.dumps({"date": day, "name_th": "วันทดสอบ"})
        return client.post(
            "/api/v1/complaints/holidays", body, content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )  # fmt: skip

    assert holiday("2569-12-30").json()["date"] == "2026-12-30"
    assert holiday("2026-12-29").json()["date"] == "2026-12-29"
    wrong = holiday("2569-02-31")
    assert wrong.status_code == 422
    assert wrong.json()["error"]["fields"]["date"][0]["message_en"] == (
        "“2569-02-31” does not exist in the calendar."
    )


def test_the_api_takes_a_closing_back_and_never_caches_who_complained(client: Client) -> None:
    officer = person("officer2", "PIO86", "officer")
    person("manager", "PIO86", "manager")
    done = submit(who={"name": "มาลี", "email": "malee@example.org"})
    case = done.complaint
    from saphan.complaints.services import handling

    handling.complaint_transition(user=officer, complaint=case, to_state="resolved", text="แล้ว")
    client.login(username="manager", password=PASSWORD)
    undone = client.post(
        f"/api/v1/complaints/complaints/{case.code}/undo-closing",
        json.dumps({"reason": "ปิดผิด"}),
        content_type="application/json",
    )
    assert (undone.status_code, undone.json()["status"]) == (200, "received")
    who = client.get(f"/api/v1/complaints/complaints/{case.code}/identity")
    assert who.status_code == 200 and who["Cache-Control"] == "no-store, private"


def test_the_explainer_api_gives_ids_and_keeps_drafts_to_office_staff(client: Client) -> None:
    Explainer.objects.create(
        slug="draft-noise", title_th="ร่าง", title_en="Draft", body_th="ก", body_en="a",
        is_published=False,
    )  # fmt: skip
    person("officer2", "PIO86", "officer")
    person("outsider")  # an account of no office, as a company's representative
    client.login(username="officer2", password=PASSWORD)
    staff = client.get("/api/v1/complaints/explainers").json()
    assert {e["slug"] for e in staff} == {"pm25-haze-and-stack-dust", "draft-noise"}
    assert {e["id"] for e in staff} == set(Explainer.objects.values_list("pk", flat=True))
    client.login(username="outsider", password=PASSWORD)
    other = client.get("/api/v1/complaints/explainers").json()
    assert [e["slug"] for e in other] == ["pm25-haze-and-stack-dust"]


def test_the_case_page_names_who_was_assigned_and_shows_the_ratings(client: Client) -> None:
    from saphan.complaints.services import complainant as complainant_services
    from saphan.complaints.services import handling

    officer = person("officer2", "PIO86", "officer", first_name="สมศรี", last_name="ใจดี")
    done = submit(who={"email": "malee@example.org"})
    case = done.complaint
    handling.complaint_assign(user=officer, complaint=case, officer=officer)
    handling.complaint_transition(user=officer, complaint=case, to_state="resolved", text="แล้ว")
    complainant_services.complaint_rate(complainant=done.complainant, stars=4, comment="เร็วดี")
    client.login(username="officer2", password=PASSWORD)
    page = client.get(f"/complaints/{case.code}/").content.decode()
    # The assignment's line names the officer given the case (not only who did it).
    assert re.search(r"<strong>[^<]+</strong>\s*· สมศรี ใจดี", page)
    assert page.count('data-testid="rating"') == 1
    assert "★★★★☆</strong> 4/5" in page and "เร็วดี" in page


def test_api_errors_name_the_fields_the_client_sent(officer_client: Client) -> None:
    case = submit().complaint
    base = f"/api/v1/complaints/complaints/{case.code}"

    def post(path: str, body: dict[str, Any]) -> Any:
        return officer_client.post(
            f"{base}/{path}", json.dumps(body), content_type="application/json"
        )

    checks: list[tuple[str, dict[str, Any], str]] = [
        ("transition", {"to_state": "acknowledged", "explainer_id": 99999}, "explainer_id"),
        ("updates", {"text": "x", "explainer_id": 99999}, "explainer_id"),
        ("forward", {"office_code": "PIO86", "reason": "x"}, "office_code"),
        ("merge", {"into": "ZZZZ-ZZZZ"}, "into"),
        ("assignments", {"username": "nobody-here"}, "username"),
    ]
    for path, body, field in checks:
        response = post(path, body)
        assert response.status_code == 422, (path, response.content)
        assert list(response.json()["error"]["fields"]) == [field], path


def test_the_place_correction_lists_subdistricts_district_by_district_in_thai_order(
    officer_client: Client,
) -> None:
    case = submit().complaint
    page = officer_client.get(f"/complaints/{case.code}/").content.decode()
    select = re.search(r'<select name="place-subdistrict".*?</select>', page, re.S)
    assert select is not None
    labels = re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select.group())
    assert len(labels) == Subdistrict.objects.filter(province_id="86").count()
    districts = list(dict.fromkeys(label.split(" · ")[1] for label in labels))
    # เมืองชุมพร under ม (plain Unicode order put it last).
    assert districts == ["ท่าแซะ", "ทุ่งตะโก", "ปะทิว", "พะโต๊ะ", "เมืองชุมพร", "ละแม", "สวี", "หลังสวน"]


def test_a_call_is_recorded_with_the_language_the_complainant_is_told_in(
    officer_client: Client,
) -> None:
    call = {
        "category": "noise",
        "description": "Loud compressor at night",
        "province_code": "86",
        "district_code": "8601",
        "channel": "phone",
        "email": "caller@example.org",
    }
    made = officer_client.post(
        "/api/v1/complaints/complaints",
        json.dumps({**call, "language": "en"}),
        content_type="application/json",
    )
    assert made.status_code == 201
    case = Complaint.objects.get(code=made.json()["code"])
    assert Complainant.objects.get(complaint=case).language == "en"
    wrong = officer_client.post(
        "/api/v1/complaints/complaints",
        json.dumps({**call, "language": "fr"}),
        content_type="application/json",
    )
    assert wrong.status_code == 422
    [error] = wrong.json()["error"]["fields"]["language"]
    assert (error["code"], error["message_en"]) == ("choice", "Choose th or en.")
    # The page: a select, Thai unless said.
    form = officer_client.get("/complaints/new/").content.decode()
    assert '<select name="message_language"' in form


def test_api_dates_in_the_forms_forms_with_errors_in_both_languages(client: Client) -> None:
    person("manager", "PIO86", "manager")
    client.login(username="manager", password=PASSWORD)

    def dashboard(since: str, language: str = "th") -> Any:
        return client.get(
            "/api/v1/complaints/dashboard", {"since": since, "until": "2569-12-31"},
            HTTP_ACCEPT_LANGUAGE=language,
        )  # fmt: skip

    for typed in ("01/12/2569", "1 ธ.ค. 2569", "1 December 2026", "2026-12-01", "2569-12-01"):
        answered = dashboard(typed)
        assert answered.status_code == 200, typed
        assert answered.json()["since"] == "2026-12-01", typed
    for language in ("th", "en"):
        [error] = dashboard("2569-02-31", language).json()["error"]["fields"]["since"]
        assert error == {
            "code": "date_invalid",
            "message": error[f"message_{language}"],
            "message_th": "ไม่มีวันที่ “2569-02-31” ในปฏิทิน",
            "message_en": "“2569-02-31” does not exist in the calendar.",
        }
    [error] = dashboard("abc", "en").json()["error"]["fields"]["since"]
    assert (error["code"], error["message_en"]) == (
        "date_format",
        "“abc” is not a date. Write it as 16/01/2563, 2020-01-16 or 16 January 2020 "
        "(Buddhist or common era).",
    )


def test_templates_are_titled_in_the_pages_language(officer_client: Client) -> None:
    seeded = ResponseTemplate.objects.get(title="ไม่ใช่แหล่งจากโรงงาน (หมอกควัน)", office=None)
    assert seeded.title_en == "Not a factory source (haze)"
    thai = officer_client.get("/complaints/templates/").content.decode()
    # Every office's templates are listed to an officer, not offered for editing.
    assert ">ไม่ใช่แหล่งจากโรงงาน (หมอกควัน)</td>" in thai
    assert f"/complaints/templates/{seeded.pk}/" not in thai
    officer_client.cookies["saphan_language"] = "en"
    english = officer_client.get("/complaints/templates/").content.decode()
    assert ">Not a factory source (haze)</td>" in english
    assert "หมอกควัน" not in english
    case = submit().complaint
    page = officer_client.get(f"/complaints/{case.code}/").content.decode()
    label = "Closed: not a factory source: Not a factory source (haze)"
    assert f'<option value="{seeded.pk}">{label}</option>' in page


def test_an_officer_cannot_take_over_a_template_for_every_office(officer_client: Client) -> None:
    national = ResponseTemplate.objects.filter(office=None).first()
    assert national is not None
    office = Office.objects.get(code="PIO86")
    edit = f"/complaints/templates/{national.pk}/"
    assert officer_client.get(edit).status_code == 403
    taken = officer_client.post(
        edit, {"title": national.title, "body_th": national.body_th, "office": office.pk}
    )
    assert taken.status_code == 403
    national.refresh_from_db()
    assert national.office_id is None
    with pytest.raises(ApplicationError) as caught:
        content.template_save(
            user=User.objects.get(username="officer"),
            template=national,
            data={"office": office, "title": "ของฉัน"},
        )
    assert caught.value.status == 403
    assert ResponseTemplate.objects.get(pk=national.pk).office_id is None


def test_the_admin_keeps_the_calendar_and_every_offices_templates_to_the_whole_country(
    client: Client,
) -> None:
    person("admin86", "PIO86", "administrator")
    person("national", "MOI", "administrator")
    holiday = Holiday.objects.order_by("date").first()
    national = ResponseTemplate.objects.filter(office=None).first()
    assert holiday is not None and national is not None
    own = ResponseTemplate.objects.create(
        title="ของสำนักงาน", body_th="ข้อความ", office=Office.objects.get(code="PIO86")
    )
    other = ResponseTemplate.objects.create(
        title="ของจังหวัดอื่น", body_th="ข้อความ", office=Office.objects.get(code="PIO84")
    )
    add = {"date": "2035-03-01", "name_th": "วันหยุดท้องถิ่น", "name_en": ""}
    client.login(username="admin86", password=PASSWORD)
    assert client.get("/admin/complaints/holiday/").status_code == 200  # seen
    assert client.post("/admin/complaints/holiday/add/", add).status_code == 403
    assert (
        client.post(f"/admin/complaints/holiday/{holiday.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Holiday.objects.filter(pk=holiday.pk).exists()
    listed = client.get("/admin/complaints/responsetemplate/").content.decode()
    assert "ของสำนักงาน" in listed and "ของจังหวัดอื่น" not in listed
    changed = client.post(
        f"/admin/complaints/responsetemplate/{national.pk}/change/",
        {"title": "ยึด", "body_th": "x", "office": own.office_id, "active": "on"},
    )
    assert changed.status_code == 403
    assert ResponseTemplate.objects.get(pk=national.pk).office_id is None
    assert client.get(f"/admin/complaints/responsetemplate/{other.pk}/change/").status_code == 302
    client.login(username="national", password=PASSWORD)
    assert client.post("/admin/complaints/holiday/add/", add).status_code == 302
    assert Holiday.objects.filter(name_th="วันหยุดท้องถิ่น").count() == 1
