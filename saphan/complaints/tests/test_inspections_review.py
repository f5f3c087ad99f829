"""Review h4 (A1–A7, C1–C3): measurements, follow-ups, standards and the dashboard refuse what
they cannot hold or would judge wrongly, naming the field and the rule in Thai and English."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from saphan.complaints.judging import Reading, judge
from saphan.complaints.models import Complaint, Inspection, Measurement, Order, Standard
from saphan.complaints.selectors.dashboard import (
    dashboard_for_user,
    dashboard_tables,
    default_since,
    export_rows,
)
from saphan.complaints.selectors.staff import standard_rows
from saphan.complaints.services import inspections
from saphan.complaints.tests.helpers import submit
from saphan.core.errors import ApplicationError
from saphan.core.tests.factories import PASSWORD, person
from saphan.core.thai import format_date
from saphan.registry.tests.factories import establishment

pytestmark = pytest.mark.django_db

API = "/api/v1/complaints"


@pytest.fixture
def admin_client(client: Client) -> Client:
    person("admin", "PIO86", "administrator")
    client.login(username="admin", password=PASSWORD)
    return client


def _post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(API + path, json.dumps(body), content_type="application/json")


def _visit(officer: Any, **kw: Any) -> Inspection:
    kw.setdefault("visited_at", timezone.now() - dt.timedelta(hours=3))
    kw.setdefault("establishment", establishment("โรงงานทดสอบ"))
    return inspections.inspection_create(user=officer, **kw)


def _measurement(**kw: Any) -> dict[str, Any]:
    body = {
        "pollutant": "pm10",
        "value": "80",
        "unit": "ug_m3",
        "averaging_period": "24h",
        "where": "ambient",
        "measured_at": (timezone.now() - dt.timedelta(hours=4)).isoformat(),
    }
    body.update(kw)
    return body


def _field(response: Any, name: str) -> list[dict[str, str]]:
    return list(response.json()["error"]["fields"][name])


# --- A1: a value the column cannot hold -----------------------------------------------------------


def test_a_value_too_large_or_too_precise_is_refused_and_nothing_breaks(
    officer: Any, officer_client: Client
) -> None:
    visit = _visit(officer)
    too_big = _post(
        officer_client, f"/inspections/{visit.pk}/measurements", _measurement(value="1000000000")
    )
    assert too_big.status_code == 422
    assert _field(too_big, "value") == [
        {
            "code": "max_whole_digits",
            "message": "ใส่ตัวเลขหน้าจุดทศนิยมได้ไม่เกิน 8 หลัก (น้อยกว่า 100,000,000)",
            "message_th": "ใส่ตัวเลขหน้าจุดทศนิยมได้ไม่เกิน 8 หลัก (น้อยกว่า 100,000,000)",
            "message_en": "Use at most 8 digits before the decimal point (less than 100,000,000).",
        }
    ]
    tiny = _post(
        officer_client, f"/inspections/{visit.pk}/measurements", _measurement(value="1e-9")
    )
    assert [(e["code"], e["message_en"]) for e in _field(tiny, "value")] == [
        ("max_decimal_places", "Use at most 4 digits after the decimal point.")
    ]
    # 330.00001 was stored and judged as 330.0000: refused instead of rounded.
    assert (
        _field(
            _post(
                officer_client,
                f"/inspections/{visit.pk}/measurements",
                _measurement(value="330.00001"),
            ),
            "value",
        )[0]["code"]
        == "max_decimal_places"
    )
    assert Measurement.objects.count() == 0
    # The largest value the column holds, and trailing zeros, are fine; every page still works.
    ok = _post(
        officer_client,
        f"/inspections/{visit.pk}/measurements",
        _measurement(value="99999999.99990"),
    )
    assert ok.status_code == 201
    assert [m["value"] for m in ok.json()["measurements"]] == ["99999999.9999"]
    assert officer_client.get(f"{API}/inspections").status_code == 200
    assert officer_client.get(f"/complaints/inspections/{visit.pk}/").status_code == 200


def test_the_measurement_form_says_the_digit_rule_in_thai(
    officer: Any, officer_client: Client
) -> None:
    visit = _visit(officer)
    page = officer_client.post(
        f"/complaints/inspections/{visit.pk}/measurements/",
        {
            "pollutant": "pm10",
            "value": "1000000000",
            "unit": "ug_m3",
            "averaging_period": "24h",
            "where": "ambient",
            "measured_on": format_numeric(timezone.localdate()),
            "measured_time": "08:00",
        },
    )
    assert page.status_code == 422
    text = page.content.decode()
    assert "ใส่ตัวเลขหน้าจุดทศนิยมได้ไม่เกิน 8 หลัก (น้อยกว่า 100,000,000)" in text
    assert "Ensure that" not in text
    assert Measurement.objects.count() == 0


def format_numeric(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


# --- A2: what counts as a follow-up -------------------------------------------------------------


def test_a_follow_up_is_at_the_ordered_establishment_and_not_before_the_order(
    officer: Any, officer_client: Client
) -> None:
    visit = _visit(officer)
    other = establishment("โรงงานอื่น")
    today = timezone.localdate()
    order = inspections.order_create(
        user=officer,
        establishment=visit.establishment,
        inspection=visit,
        description="แก้ไขฝุ่น",
        deadline=today + dt.timedelta(days=14),
    )
    early = _post(
        officer_client,
        "/inspections",
        {
            "visited_at": (timezone.now() - dt.timedelta(days=35)).isoformat(),
            "kind": "follow_up",
            "follow_up_of": order.pk,
        },
    )
    assert early.status_code == 422
    assert _field(early, "visited_at")[0]["code"] == "before_order"
    assert _field(early, "visited_at")[0]["message_th"] == (
        f"การตรวจติดตามต้องไม่อยู่ก่อนวันออกคำสั่งที่ติดตาม (ออกคำสั่งเมื่อ {format_date(today)})"
    )
    elsewhere = _post(
        officer_client,
        "/inspections",
        {
            "visited_at": timezone.now().isoformat(),
            "kind": "follow_up",
            "follow_up_of": order.pk,
            "establishment_id": other.pk,
        },
    )
    assert elsewhere.status_code == 422
    assert _field(elsewhere, "establishment_id")[0]["message_en"] == (
        f"Order {order.pk} is to โรงงานทดสอบ: its follow-up visit is to the same establishment."
    )
    assert Inspection.objects.filter(follow_up_of=order).count() == 0
    # Follow-ups recorded before this check (old data) do not let the order close as complied.
    Inspection.objects.create(
        kind="follow_up",
        establishment=other,
        province_id="86",
        office=visit.office,
        visited_at=timezone.now(),
        follow_up_of=order,
    )
    Inspection.objects.create(
        kind="follow_up",
        establishment=visit.establishment,
        province_id="86",
        office=visit.office,
        visited_at=timezone.now() - dt.timedelta(days=35),
        follow_up_of=order,
    )
    refused = _post(officer_client, f"/orders/{order.pk}/close", {"status": "complied"})
    assert refused.status_code == 422
    assert _field(refused, "status")[0]["message_en"] == (
        "No follow-up of this order counts: it must be a visit to โรงงานทดสอบ on or after "
        f"{translation.override('en')(lambda: format_date(today))()}, the day the order was "
        "issued."
    )
    page = officer_client.post(
        f"/complaints/orders/{order.pk}/close/", {"status": "complied"}, follow=True
    ).content.decode()
    assert (
        "ยังไม่มีการตรวจติดตามที่ใช้ได้ การตรวจติดตามต้องตรวจที่ โรงงานทดสอบ "
        f"ตั้งแต่วันที่ {format_date(today)} ซึ่งเป็นวันออกคำสั่งเป็นต้นไป"
    ) in page
    assert Order.objects.get(pk=order.pk).status == "open"
    good = _post(
        officer_client,
        "/inspections",
        {"visited_at": timezone.now().isoformat(), "kind": "follow_up", "follow_up_of": order.pk},
    )
    assert good.status_code == 201
    closed = _post(officer_client, f"/orders/{order.pk}/close", {"status": "complied"})
    assert (closed.status_code, closed.json()["status"]) == (200, "complied")


# --- A3, A6: standards --------------------------------------------------------------------------


def _standard(**kw: Any) -> dict[str, Any]:
    body = {
        "pollutant": "pm10",
        "where": "ambient",
        "averaging_period": "24h",
        "limit": "100",
        "unit": "ug_m3",
        "legal_source": "ประกาศทดสอบ",
    }
    body.update(kw)
    return body


def test_a_negative_limit_is_refused_through_the_api_and_the_page(admin_client: Client) -> None:
    before = Standard.objects.count()
    api = _post(admin_client, "/standards", _standard(limit="-5", effective_from="2030-01-01"))
    assert api.status_code == 422
    assert _field(api, "limit") == [
        {
            "code": "range",
            "message": "ค่ามาตรฐานต้องเป็นศูนย์หรือมากกว่า",
            "message_th": "ค่ามาตรฐานต้องเป็นศูนย์หรือมากกว่า",
            "message_en": "A limit is zero or more.",
        }
    ]
    huge = _post(admin_client, "/standards", _standard(limit="1e15"))
    assert [(e["code"], e["message_th"]) for e in _field(huge, "limit")] == [
        ("max_whole_digits", "ใส่ตัวเลขหน้าจุดทศนิยมได้ไม่เกิน 8 หลัก (น้อยกว่า 100,000,000)")
    ]
    bad = _post(admin_client, "/standards", _standard(pollutant="zz"))
    assert _field(bad, "pollutant")[0]["message_th"] == "โปรดเลือกค่าจากรายการ"
    page = admin_client.post(
        "/complaints/standards/new/", {**_standard(limit="-5"), "effective_from": "01/01/2573"}
    )
    assert page.status_code == 200
    assert "ค่ามาตรฐานต้องเป็นศูนย์หรือมากกว่า" in page.content.decode()
    assert Standard.objects.count() == before


def test_an_overlapping_standard_is_refused_naming_the_one_in_force(admin_client: Client) -> None:
    seeded = Standard.objects.get(pollutant="pm10", averaging_period="24h")
    before = Standard.objects.count()
    overlap = _post(admin_client, "/standards", _standard())
    assert overlap.status_code == 422
    assert _field(overlap, "effective_from") == [
        {
            "code": "overlap",
            "message": (
                f"ค่ามาตรฐานรายการที่ {seeded.pk} (120 µg/m³, "
                "ไม่ระบุวันเริ่มและวันสิ้นสุดการใช้บังคับ, "
                f"{seeded.legal_source}) ใช้กับสารมลพิษ จุดตรวจวัด และช่วงเวลาเฉลี่ยนี้"
                "ในวันเดียวกันอยู่แล้ว ให้กำหนดวันสิ้นสุดของรายการนั้นเป็นวันก่อนวันเริ่มของ"
                "รายการนี้ หรือเปลี่ยนวันที่ของรายการนี้"
            ),
            "message_th": (
                f"ค่ามาตรฐานรายการที่ {seeded.pk} (120 µg/m³, "
                "ไม่ระบุวันเริ่มและวันสิ้นสุดการใช้บังคับ, "
                f"{seeded.legal_source}) ใช้กับสารมลพิษ จุดตรวจวัด และช่วงเวลาเฉลี่ยนี้"
                "ในวันเดียวกันอยู่แล้ว ให้กำหนดวันสิ้นสุดของรายการนั้นเป็นวันก่อนวันเริ่มของ"
                "รายการนี้ หรือเปลี่ยนวันที่ของรายการนี้"
            ),
            "message_en": (
                f"Standard no. {seeded.pk} (120 µg/m³, in force with no start or end date, "
                f"{seeded.legal_source}) already applies to this pollutant, place and averaging "
                "period on these dates: end it the day before this one starts, or change these "
                "dates."
            ),
        }
    ]
    # The PM2.5 change of 1 June 2023 is two standards that meet without overlapping.
    pm25 = _post(
        admin_client,
        "/standards",
        _standard(
            pollutant="pm25", limit="30", effective_from="2023-05-31", effective_until="2023-06-01"
        ),
    )
    assert pm25.status_code == 422
    assert _field(pm25, "effective_from")[0]["message_en"].startswith("Standard no. ")
    assert "in force until 31 May 2566 BE" in _field(pm25, "effective_from")[0]["message_en"]
    assert Standard.objects.count() == before
    # Ending the old one first, then the new one from the next day: accepted, and it is used.
    response = admin_client.put(
        f"{API}/standards/{seeded.pk}",
        json.dumps(
            _standard(limit="120", legal_source=seeded.legal_source, effective_until="2029-12-31")
        ),
        content_type="application/json",
    )
    assert response.status_code == 200
    new = _post(admin_client, "/standards", _standard(effective_from="2030-01-01"))
    assert new.status_code == 201
    reading = Reading("pm10", "ambient", "24h", Decimal("110"), "ug_m3", dt.date(2030, 1, 1))
    assert judge(reading, standard_rows()).standard.id == new.json()["id"]  # type: ignore[union-attr]


def test_a_period_ending_before_it_starts_names_the_field_in_both_languages(
    admin_client: Client,
) -> None:
    api = _post(
        admin_client,
        "/standards",
        _standard(
            pollutant="noise",
            where="boundary",
            averaging_period="1h",
            unit="dba",
            effective_from="2027-01-01",
            effective_until="2026-01-01",
        ),
    )
    assert api.status_code == 422
    assert _field(api, "effective_until") == [
        {
            "code": "period_order",
            "message": "วันสิ้นสุดการใช้บังคับอยู่ก่อนวันเริ่ม (1 ม.ค. 2570)",
            "message_th": "วันสิ้นสุดการใช้บังคับอยู่ก่อนวันเริ่ม (1 ม.ค. 2570)",
            "message_en": "The end of the period is before its start (1 Jan 2570 BE).",
        }
    ]
    page = admin_client.post(
        "/complaints/standards/new/",
        {
            **_standard(pollutant="noise", where="boundary", averaging_period="1h", unit="dba"),
            "effective_from": "01/01/2570",
            "effective_until": "01/01/2569",
        },
    ).content.decode()
    assert "วันสิ้นสุดการใช้บังคับอยู่ก่อนวันเริ่ม (1 ม.ค. 2570)" in page
    assert "standard_period_order" not in page


# --- A4: dates in the future, Buddhist-era years --------------------------------------------------


def test_measurement_and_order_dates_in_the_future_are_refused(
    officer: Any, officer_client: Client
) -> None:
    visit = _visit(officer)
    future = _post(
        officer_client,
        f"/inspections/{visit.pk}/measurements",
        _measurement(measured_at=(timezone.now() + dt.timedelta(days=2)).isoformat()),
    )
    assert future.status_code == 422
    assert _field(future, "measured_at")[0] == {
        "code": "future",
        "message": "วันเวลาที่ตรวจวัดต้องไม่อยู่ในอนาคต",
        "message_th": "วันเวลาที่ตรวจวัดต้องไม่อยู่ในอนาคต",
        "message_en": "A measurement cannot be dated in the future.",
    }
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page = officer_client.post(
        f"/complaints/inspections/{visit.pk}/measurements/",
        {
            "pollutant": "pm10",
            "value": "80",
            "unit": "ug_m3",
            "averaging_period": "24h",
            "where": "ambient",
            "measured_on": format_numeric(tomorrow + dt.timedelta(days=1)),
        },
    )
    assert page.status_code == 422
    assert "วันเวลาที่ตรวจวัดต้องไม่อยู่ในอนาคต" in page.content.decode()
    order = _post(
        officer_client,
        "/orders",
        {
            "establishment_id": visit.establishment_id,
            "description": "แก้ไข",
            "issued_on": tomorrow.isoformat(),
            "deadline": (tomorrow + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert order.status_code == 422
    assert _field(order, "issued_on")[0]["message_en"] == "An order cannot be dated in the future."
    assert (Measurement.objects.count(), Order.objects.count()) == (0, 0)


def test_buddhist_era_years_in_the_api_are_read_as_such(
    officer: Any, officer_client: Client
) -> None:
    visit = _visit(officer)
    added = _post(
        officer_client,
        f"/inspections/{visit.pk}/measurements",
        _measurement(measured_at="2566-07-01T10:30:00+07:00"),
    )
    assert added.status_code == 201
    assert Measurement.objects.get().measured_at == dt.datetime(2023, 7, 1, 3, 30, tzinfo=dt.UTC)
    today = timezone.localdate()
    deadline = today + dt.timedelta(days=20)
    order = _post(
        officer_client,
        "/orders",
        {
            "establishment_id": visit.establishment_id,
            "description": "แก้ไข",
            "issued_on": f"{today.year + 543}-{today:%m-%d}",
            "deadline": f"{deadline.year + 543}-{deadline:%m-%d}",
        },
    )
    assert order.status_code == 201
    assert (order.json()["issued_on"], order.json()["deadline"]) == (
        today.isoformat(),
        deadline.isoformat(),
    )


# --- Texts too long: the project's words in both languages, through the API too ------------------


def _too_long(limit: int, length: int) -> dict[str, str]:
    return {
        "code": "too_long",
        "message": f"โปรดเขียนไม่เกิน {limit} ตัวอักษร (ขณะนี้ {length})",
        "message_th": f"โปรดเขียนไม่เกิน {limit} ตัวอักษร (ขณะนี้ {length})",
        "message_en": f"Keep it under {limit} characters (now {length}).",
    }


def test_texts_too_long_for_their_column_are_refused_through_the_api(
    officer: Any, officer_client: Client
) -> None:
    visit = _visit(officer)
    inspection = _post(
        officer_client,
        "/inspections",
        {
            "visited_at": timezone.now().isoformat(),
            "establishment_id": visit.establishment_id,
            "findings": "ก" * 20000,
            "public_summary": "ข" * 2001,
        },
    )
    assert inspection.status_code == 422
    assert _field(inspection, "findings") == [_too_long(8000, 20000)]
    assert _field(inspection, "public_summary") == [_too_long(2000, 2001)]
    measurement = _post(
        officer_client,
        f"/inspections/{visit.pk}/measurements",
        _measurement(method="ม" * 201, instrument="ค" * 200, note="น" * 401),
    )
    assert measurement.status_code == 422
    assert set(measurement.json()["error"]["fields"]) == {"method", "note"}
    assert _field(measurement, "method") == [_too_long(200, 201)]
    assert _field(measurement, "note") == [_too_long(400, 401)]
    order = _post(
        officer_client,
        "/orders",
        {
            "establishment_id": visit.establishment_id,
            "description": "ก" * 5000,
            "deadline": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert order.status_code == 422
    assert _field(order, "description") == [_too_long(4000, 5000)]
    assert (Inspection.objects.count(), Measurement.objects.count(), Order.objects.count()) == (
        1,
        0,
        0,
    )
    # Spaces around the text are not counted: what is kept is the text itself.
    kept = _post(
        officer_client,
        "/orders",
        {
            "establishment_id": visit.establishment_id,
            "description": "ก" * 4000 + "  \n",
            "deadline": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert kept.status_code == 201
    assert Order.objects.get().description == "ก" * 4000


# --- A5, A7: the inspection page and the verdict's sentence ---------------------------------------


def test_the_inspection_page_shows_when_and_how_each_measurement_was_taken(
    officer: Any, officer_client: Client
) -> None:
    visit = _visit(officer, visited_at=timezone.make_aware(dt.datetime(2023, 6, 2, 9, 0)))
    for day, instrument in ((31, "เครื่อง A"), (1, "เครื่อง B")):
        month = 5 if day == 31 else 6
        inspections.measurement_add(
            user=officer,
            inspection=visit,
            pollutant="pm25",
            value=Decimal("45"),
            unit="ug_m3",
            averaging_period="24h",
            where="ambient",
            measured_at=timezone.make_aware(dt.datetime(2023, month, day, 8, 0)),
            method="เบต้าเรย์",
            instrument=instrument,
        )
    page = officer_client.get(f"/complaints/inspections/{visit.pk}/").content.decode()
    assert page.count('data-testid="measured-at"') == 2
    assert (
        '<td data-label="วันเวลาที่ตรวจวัด" data-testid="measured-at">31 พ.ค. 2566 08:00 น.</td>'
        in page
    )
    assert (
        '<td data-label="วันเวลาที่ตรวจวัด" data-testid="measured-at">1 มิ.ย. 2566 08:00 น.</td>' in page
    )
    assert "เบต้าเรย์" in page and "เครื่อง A" in page and "เครื่อง B" in page


def test_a_standard_with_no_start_date_has_no_in_force_since_clause() -> None:
    rows = standard_rows()
    pm10 = judge(
        Reading("pm10", "ambient", "24h", Decimal("120"), "ug_m3", dt.date(2026, 1, 5)), rows
    )
    source = pm10.standard.legal_source  # type: ignore[union-attr]
    with translation.override("th"):
        assert pm10.reason == (f"120 µg/m³ ไม่เกินค่ามาตรฐาน 120 µg/m³ ของค่าเฉลี่ย 24 ชั่วโมง ({source})")
    with translation.override("en"):
        assert pm10.reason == (
            f"120 µg/m³ is within the limit of 120 µg/m³ for a 24 hours average ({source})."
        )
        above = judge(
            Reading("pm10", "ambient", "24h", Decimal("121"), "ug_m3", dt.date(2026, 1, 5)), rows
        )
        assert above.reason.endswith(f"for a 24 hours average ({source}).")
        dated = judge(
            Reading("pm25", "ambient", "24h", Decimal("45"), "ug_m3", dt.date(2026, 1, 5)), rows
        )
        assert "in force since 1 Jun 2566 BE" in dated.reason


# --- C1, C2, C3: the dashboard -------------------------------------------------------------------


def test_dashboard_dates_out_of_range_are_refused(officer_client: Client) -> None:
    response = officer_client.get(f"{API}/dashboard?since=0001-01-01&until=9999-12-31")
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert sorted(fields) == ["since", "until"]
    assert fields["until"][0]["code"] == "range"
    assert fields["until"][0]["message_en"] == (
        "Choose a date from 1 Jan 2443 BE to 31 Dec 2742 BE."
    )
    assert fields["until"][0]["message_th"] == "เลือกวันที่ตั้งแต่ 1 ม.ค. 2443 ถึง 31 ธ.ค. 2742"


def test_dashboard_refuses_a_to_date_before_the_from_date(officer_client: Client) -> None:
    response = officer_client.get(f"{API}/dashboard?since=2026-06-30&until=2026-06-01")
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {
        "until": [
            {
                "code": "before_since",
                "message": "วันที่ “ถึง” ต้องเป็นวันเดียวกับหรือหลังวันที่ “ตั้งแต่”",
                "message_th": "วันที่ “ถึง” ต้องเป็นวันเดียวกับหรือหลังวันที่ “ตั้งแต่”",
                "message_en": "The “to” date must be on or after the “from” date.",
            }
        ]
    }
    page = officer_client.get("/complaints/dashboard/?since=30/06/2569&until=01/06/2569")
    assert page.status_code == 200
    text = page.content.decode()
    assert "วันที่ “ถึง” ต้องเป็นวันเดียวกับหรือหลังวันที่ “ตั้งแต่”" in text
    today = timezone.localdate()
    assert f"{format_date(default_since(today))} ถึง {format_date(today)}" in text
    # "To" left empty means today: a "from" after it is the date to mend.
    future = today + dt.timedelta(days=40)
    alone = officer_client.get(
        f"/complaints/dashboard/?since={future:%d/%m}/{future.year + 543}&until="
    ).content.decode()
    assert "วันที่ “ตั้งแต่” อยู่หลังวันนี้ (ไม่ได้ระบุวันที่ “ถึง”)" in alone
    assert "วันที่ “ถึง” ต้องเป็นวันเดียวกับหรือหลังวันที่ “ตั้งแต่”" not in alone


def test_dashboard_api_default_period_is_the_pages(officer_client: Client) -> None:
    today = timezone.localdate()
    body = officer_client.get(f"{API}/dashboard").json()
    assert (body["since"], body["until"]) == (default_since(today).isoformat(), today.isoformat())
    assert default_since(dt.date(2026, 12, 7)) == dt.date(2025, 12, 1)
    assert default_since(dt.date(2024, 3, 31)) == dt.date(2023, 3, 1)
    # Buddhist-era years read as such, as the page reads them.
    be = officer_client.get(f"{API}/dashboard?since=2569-06-01&until=2569-06-30").json()
    assert (be["since"], be["until"]) == ("2026-06-01", "2026-06-30")


def test_dashboard_export_months_are_in_the_buddhist_era_like_the_page(officer: Any) -> None:
    submit()
    with translation.override("th"):
        board = dashboard_for_user(officer, since=dt.date(2025, 12, 1), until=dt.date(2026, 2, 10))
        _headings, rows = dashboard_tables(board)
        months = [r[1] for r in rows if str(r[0]) == "ตามเดือน"]
        period = [(str(r[0]), r[2]) for r in rows if str(r[0]) in {"ตั้งแต่", "ถึง"}]
    assert months == ["ธ.ค. 2568", "ม.ค. 2569", "ก.พ. 2569"]
    assert period == [("ตั้งแต่", "1 ธ.ค. 2568"), ("ถึง", "10 ก.พ. 2569")]
    with translation.override("en"):
        board = dashboard_for_user(officer, since=dt.date(2025, 12, 1), until=dt.date(2026, 2, 10))
        _headings, rows = dashboard_tables(board)
        assert [r[1] for r in rows if str(r[0]) == "By month"] == [
            "Dec 2568 BE",
            "Jan 2569 BE",
            "Feb 2569 BE",
        ]


def test_case_export_times_are_whole_seconds(officer: Any) -> None:
    case = submit().complaint
    [row] = export_rows(Complaint.objects.filter(pk=case.pk))
    assert row[1] == timezone.localtime(case.received_at).replace(tzinfo=None, microsecond=0)
    assert row[1].microsecond == 0


def test_services_refuse_without_writing(officer: Any) -> None:
    visit = _visit(officer)
    with pytest.raises(ApplicationError) as caught:
        inspections.measurement_add(
            user=officer,
            inspection=visit,
            pollutant="pm10",
            value=Decimal("NaN"),
            unit="ug_m3",
            averaging_period="24h",
            where="ambient",
            measured_at=timezone.now(),
        )
    assert [e.code for e in caught.value.fields["value"]] == ["invalid"]
    assert Measurement.objects.count() == 0


def test_the_admin_applies_the_standards_rules_too(client: Client) -> None:
    person("admin86", "PIO86", "administrator")
    client.login(username="admin86", password=PASSWORD)
    before = Standard.objects.count()
    base = {
        "pollutant": "pm10", "where": "ambient", "averaging_period": "24h", "limit": "120",
        "unit": "ug_m3", "legal_source": "ทดสอบ", "note": "",
    }  # fmt: skip
    negative = client.post(
        "/admin/complaints/standard/add/", {**base, "pollutant": "tsp", "limit": "-5"}
    )
    assert negative.status_code == 200  # the form again, with its errors
    assert "<title>Error:" in negative.content.decode()
    overlap = client.post("/admin/complaints/standard/add/", base)
    assert overlap.status_code == 200
    assert "ใช้กับสารมลพิษ จุดตรวจวัด และช่วงเวลาเฉลี่ยนี้" in overlap.content.decode()
    assert Standard.objects.count() == before
