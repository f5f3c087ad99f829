"""The order form on an inspection's page: refused, the page is drawn again with what was typed
and each error at its field, in the page's language; its address alone leads to the orders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from saphan.complaints.models import Inspection, Order
from saphan.complaints.services import inspections
from saphan.core import thai
from saphan.registry.tests.factories import establishment

pytestmark = pytest.mark.django_db

NEW = "/complaints/orders/new/"


@pytest.fixture
def visit(officer: Any) -> Inspection:
    return inspections.inspection_create(
        user=officer,
        visited_at=timezone.now() - dt.timedelta(hours=3),
        establishment=establishment("โรงงานทดสอบ"),
    )


def _order(visit: Inspection, **kw: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "establishment": visit.establishment_id,
        "inspection": visit.pk,
        "description": "",
        "issued_on": "",
        "deadline": "",
    }
    body.update(kw)
    return body


def _english(client: Client) -> Client:
    client.cookies["saphan_language"] = "en"
    return client


def _errors(response: Any, form: str = "order_form") -> dict[str, list[str]]:
    """The form's errors in the response's language (they are read after it was made)."""
    with translation.override(response["Content-Language"]):
        errors = response.context[form].errors.items()
        return {name: [str(e) for e in errors] for name, errors in errors}


def _not_a_date(text: str, language: str) -> str:
    with translation.override(language), pytest.raises(ValidationError) as refused:
        thai.parse_date(text)
    with translation.override(language):
        return str(refused.value.messages[0])


def _drawn_again(response: Any, visit: Inspection) -> str:
    assert response.status_code == 422
    assert response.templates[0].name == "complaints/staff/inspection_detail.html"
    assert response.context["inspection"] == visit
    assert Order.objects.count() == 0
    return str(response.content.decode())


def test_empty_fields_are_named_on_the_inspection_page_in_thai(
    officer_client: Client, visit: Inspection
) -> None:
    page = officer_client.post(NEW, _order(visit))
    text = _drawn_again(page, visit)
    assert _errors(page) == {"description": ["ต้องกรอกช่องนี้"], "deadline": ["ต้องกรอกช่องนี้"]}
    assert "<li>สิ่งที่ต้องดำเนินการ: ต้องกรอกช่องนี้</li>" in text
    assert "<li>กำหนดเสร็จ: ต้องกรอกช่องนี้</li>" in text
    assert "โปรดแก้ไขช่องที่มีเครื่องหมายด้านล่าง" in text
    # The joined flash of before is gone; the measurement form is drawn fresh and closed.
    assert "ต้องกรอกช่องนี้; ต้องกรอกช่องนี้" not in text
    assert list(get_messages(page.wsgi_request)) == []
    assert not page.context["form"].is_bound
    # The form still goes to the same place, for the same establishment and inspection.
    assert f'name="establishment" value="{visit.establishment_id}"' in text
    assert f'name="inspection" value="{visit.pk}"' in text


def test_empty_fields_are_named_in_english_with_the_cookie(
    officer_client: Client, visit: Inspection
) -> None:
    page = _english(officer_client).post(NEW, _order(visit))
    text = _drawn_again(page, visit)
    assert _errors(page) == {
        "description": ["This field is required."],
        "deadline": ["This field is required."],
    }
    assert "<li>What must be done: This field is required.</li>" in text
    assert "<li>Deadline: This field is required.</li>" in text


def test_wrong_dates_are_told_at_their_fields_and_what_was_typed_is_kept(
    officer_client: Client, visit: Inspection
) -> None:
    body = _order(
        visit, description="ติดตั้งระบบกรองฝุ่น\nภายใน 30 วัน", issued_on="abc", deadline="31/02/2569"
    )
    page = officer_client.post(NEW, body)
    text = _drawn_again(page, visit)
    assert _errors(page) == {
        # core.thai's own words for a text that is no date (the Thai says how to write one).
        "issued_on": [_not_a_date("abc", "th")],
        "deadline": ["ไม่มีวันที่ “31/02/2569” ในปฏิทิน"],
    }
    assert _not_a_date("abc", "th").startswith("“abc” ไม่ใช่วันที่ โปรดเขียนแบบ 16/01/2563")
    assert f"<li>ออกคำสั่งวันที่: {_not_a_date('abc', 'th')}</li>" in text
    assert "<li>กำหนดเสร็จ: ไม่มีวันที่ “31/02/2569” ในปฏิทิน</li>" in text
    assert 'name="issued_on" value="abc"' in text
    assert 'name="deadline" value="31/02/2569"' in text
    assert ">\nติดตั้งระบบกรองฝุ่น\nภายใน 30 วัน</textarea>" in text

    english = _english(officer_client).post(NEW, body)
    _drawn_again(english, visit)
    assert _errors(english) == {
        "issued_on": [_not_a_date("abc", "en")],
        "deadline": ["“31/02/2569” does not exist in the calendar."],
    }
    assert _not_a_date("abc", "en").startswith("“abc” is not a date. Write it as 16/01/2563")
    assert "<li>Deadline: “31/02/2569” does not exist in the calendar.</li>" in (
        english.content.decode()
    )


def test_the_services_refusal_is_told_at_its_field_too(
    officer_client: Client, visit: Inspection
) -> None:
    today = timezone.localdate()
    body = _order(
        visit,
        description="หยุดเผาขยะ",
        issued_on=f"{today.day:02d}/{today.month:02d}/{today.year + 543}",
        deadline="01/01/2560",
    )
    page = officer_client.post(NEW, body)
    text = _drawn_again(page, visit)
    assert _errors(page) == {"deadline": ["กำหนดเสร็จอยู่ก่อนวันที่ออกคำสั่ง"]}
    assert "<li>กำหนดเสร็จ: กำหนดเสร็จอยู่ก่อนวันที่ออกคำสั่ง</li>" in text
    assert 'name="deadline" value="01/01/2560"' in text


def test_a_valid_order_is_recorded_and_shown(officer_client: Client, visit: Inspection) -> None:
    page = officer_client.post(NEW, _order(visit, description="หยุดเผาขยะ", deadline="01/01/2600"))
    order = Order.objects.get()
    assert page.status_code == 302
    assert page["Location"] == f"/complaints/orders/{order.pk}/"
    assert (order.description, order.deadline, order.inspection) == (
        "หยุดเผาขยะ",
        dt.date(2057, 1, 1),
        visit,
    )


def test_the_address_itself_leads_to_the_orders(officer_client: Client) -> None:
    page = officer_client.get(NEW)
    assert page.status_code == 302
    assert page["Location"] == "/complaints/orders/"
    assert officer_client.get(NEW, follow=True).status_code == 200


def test_without_an_inspection_each_error_is_named_with_its_field(
    officer_client: Client, visit: Inspection
) -> None:
    page = officer_client.post(NEW, _order(visit, inspection=""))
    assert page.status_code == 302
    assert page["Location"] == "/complaints/orders/"
    assert [str(m) for m in get_messages(page.wsgi_request)] == [
        "สิ่งที่ต้องดำเนินการ: ต้องกรอกช่องนี้",
        "กำหนดเสร็จ: ต้องกรอกช่องนี้",
    ]


# --- Too long: the project's bilingual words, not Django's English ------------------------------


def test_an_order_description_too_long_is_told_in_thai_and_english(
    officer_client: Client, visit: Inspection
) -> None:
    body = _order(visit, description="ก" * 5000, deadline="01/01/2600")
    page = officer_client.post(NEW, body)
    text = _drawn_again(page, visit)
    assert _errors(page) == {"description": ["โปรดเขียนไม่เกิน 4000 ตัวอักษร (ขณะนี้ 5000)"]}
    assert "<li>สิ่งที่ต้องดำเนินการ: โปรดเขียนไม่เกิน 4000 ตัวอักษร (ขณะนี้ 5000)</li>" in text
    assert "Ensure this value" not in text
    english = _english(officer_client).post(NEW, body)
    assert _errors(english) == {"description": ["Keep it under 4000 characters (now 5000)."]}


def test_line_breaks_count_once_as_the_browser_counts_them(
    officer_client: Client, visit: Inspection
) -> None:
    # 2,000 lines of one letter: 4,000 characters in the browser, 6,000 as sent (CRLF).
    description = "ก\r\n" * 2000
    page = officer_client.post(NEW, _order(visit, description=description, deadline="01/01/2600"))
    assert page.status_code == 302
    assert Order.objects.get().description == ("ก\n" * 2000).strip()


def test_inspection_findings_too_long_are_told_in_thai_and_english(
    officer_client: Client, visit: Inspection
) -> None:
    body = {
        "kind": "complaint",
        "visited_on": "01/01/2567",
        "establishment": visit.establishment_id,
        "findings": "ก" * 20000,
        "public_summary": "ข" * 2001,
    }
    page = officer_client.post("/complaints/inspections/new/", body)
    assert page.status_code == 422
    text = page.content.decode()
    assert _errors(page, "form") == {
        "findings": ["โปรดเขียนไม่เกิน 8000 ตัวอักษร (ขณะนี้ 20000)"],
        "public_summary": ["โปรดเขียนไม่เกิน 2000 ตัวอักษร (ขณะนี้ 2001)"],
    }
    assert "<li>ผลการตรวจ (ภายใน): โปรดเขียนไม่เกิน 8000 ตัวอักษร (ขณะนี้ 20000)</li>" in text
    assert "Ensure this value" not in text
    english = _english(officer_client).post("/complaints/inspections/new/", body)
    assert _errors(english, "form")["findings"] == ["Keep it under 8000 characters (now 20000)."]
    assert Inspection.objects.count() == 1


def test_measurement_text_too_long_is_told_in_thai_and_english(
    officer_client: Client, visit: Inspection
) -> None:
    body = {
        "pollutant": "pm10",
        "value": "80",
        "unit": "ug_m3",
        "averaging_period": "24h",
        "where": "ambient",
        "measured_on": "01/01/2567",
        "method": "ม" * 201,
        "instrument": "ค" * 250,
        "note": "น" * 401,
    }
    path = f"/complaints/inspections/{visit.pk}/measurements/"
    page = officer_client.post(path, body)
    assert page.status_code == 422
    assert _errors(page, "form") == {
        "method": ["โปรดเขียนไม่เกิน 200 ตัวอักษร (ขณะนี้ 201)"],
        "instrument": ["โปรดเขียนไม่เกิน 200 ตัวอักษร (ขณะนี้ 250)"],
        "note": ["โปรดเขียนไม่เกิน 400 ตัวอักษร (ขณะนี้ 401)"],
    }
    text = page.content.decode()
    assert "<li>วิธีการ: โปรดเขียนไม่เกิน 200 ตัวอักษร (ขณะนี้ 201)</li>" in text
    assert "Ensure this value" not in text
    english = _english(officer_client).post(path, body)
    assert _errors(english, "form")["method"] == ["Keep it under 200 characters (now 201)."]
    assert visit.measurements.count() == 0
