"""The public form in a real browser at 360 px: category, the phone's location, the same-problem
suggestion, the address picker, a photo upload, the receipt. Screenshots are kept in
test-artifacts/ for people to look at."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from saphan.complaints.models import Complaint
from saphan.complaints.tests.helpers import jpeg, submit
from saphan.core.tests.browser import ARTIFACTS


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_form_at_360px_with_a_photo(
    browser: Any, live_server: Any, reference_data: None, settings: Any, tmp_path: Path
) -> None:
    # Map tiles from loopback only (tests reach no network); the pin works without tiles.
    settings.SAPHAN_MAP_TILES = f"{live_server.url}/static/no-tiles/{{z}}/{{x}}/{{y}}.png"
    neighbour = submit(
        category="odour", latitude=Decimal("10.4940"), longitude=Decimal("99.1800")
    ).complaint
    photo = tmp_path / "smell.jpg"
    photo.write_bytes(jpeg("smell.jpg", size=(1200, 900)).read())
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=1,
        geolocation={"latitude": 10.493817, "longitude": 99.180426},
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/report/")
    assert page.locator("h1").inner_text() == "แจ้งปัญหาจากอุตสาหกรรม"
    page.get_by_label("กลิ่นเหม็น").check()
    page.get_by_label("เกิดอะไรขึ้น").fill("กลิ่นเหม็นจากบ่อน้ำเสียทุกเย็น ลอยมาทางหมู่บ้าน")
    page.get_by_label("เกิดขึ้นช่วงเวลาใด").select_option("evening")
    page.get_by_label("เกิดบ่อยแค่ไหน").select_option("daily")
    page.get_by_role("button", name="ใช้ตำแหน่งของฉัน").click()
    page.wait_for_function("document.querySelector('[name=latitude]').value === '10.493817'")
    # The same-problem suggestion appears with the neighbour's open complaint.
    page.locator("#nearby .suggest").wait_for()
    assert neighbour.code in (page.locator("#nearby a").get_attribute("href") or "")
    page.get_by_label("รหัสไปรษณีย์").fill("86000")
    page.get_by_role("button", name="ท่าตะเภา · เมืองชุมพร · ชุมพร").click()
    page.wait_for_function("document.getElementById('id_subdistrict').value === '860101'")
    page.set_input_files("input[name=photos]", str(photo))
    assert page.locator("#photo-note").inner_text() == "smell.jpg"
    page.get_by_label("อีเมล", exact=True).fill("resident@example.org")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(ARTIFACTS / "complaint-form-360.png"), full_page=True)
    page.wait_for_timeout(3200)  # a person takes longer than the spam trap's 3 seconds
    page.get_by_role("button", name="ส่งเรื่องร้องเรียน").click()
    page.wait_for_url(f"{live_server.url}/report/receipt/**")
    code = page.get_by_test_id("tracking-code").inner_text()
    assert page.get_by_test_id("own-link").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(ARTIFACTS / "complaint-receipt-360.png"), full_page=True)
    case = Complaint.objects.get(code=code)
    assert (case.category, case.location_source, case.subdistrict_id) == ("odour", "gps", "860101")
    assert (case.latitude, case.longitude) == (Decimal("10.493817"), Decimal("99.180426"))
    stored = case.photos.get()
    with Image.open(io.BytesIO(stored.image.read())) as image:
        assert image.size == (1200, 900) and dict(image.getexif()) == {}
    assert case.people.get().email == "resident@example.org"
    page.goto(f"{live_server.url}/track/{code}/")
    assert page.get_by_test_id("status").inner_text() == "รับเรื่องแล้ว"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(ARTIFACTS / "complaint-track-360.png"), full_page=True)
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_dashboard_at_360px(browser: Any, live_server: Any, reference_data: None) -> None:
    """Thirteen months of columns, the category and district bars and the figures fit a phone
    without scrolling sideways."""
    import datetime as dt

    from django.utils import timezone

    from saphan.complaints.services.intake import complaint_submit
    from saphan.complaints.tests.helpers import contact, intake
    from saphan.core.tests.browser import sign_in
    from saphan.core.tests.factories import person

    person("manager", "PIO86", "manager")
    now = timezone.now()
    for months_ago in range(0, 13, 2):
        complaint_submit(
            intake=intake(category="dust"),
            contact=contact(),
            received_at=now - dt.timedelta(days=30 * months_ago),
        )
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/complaints/dashboard/")
    sign_in(page, live_server.url, "manager", "/complaints/dashboard/")
    assert page.get_by_test_id("kpi-total").inner_text() == "7"
    assert page.locator(".months .month").count() == 13
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Every month's label stays inside its own column.
    overflowing = page.evaluate(
        "[...document.querySelectorAll('.month .m')].filter(e => e.scrollWidth > e.clientWidth)"
        ".map(e => [e.textContent, e.scrollWidth, e.clientWidth])"
    )
    assert overflowing == [], overflowing
    page.screenshot(path=str(ARTIFACTS / "complaint-dashboard-360.png"), full_page=True)
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_manager_is_asked_before_escalating_in_english_too(
    browser: Any, live_server: Any, reference_data: None
) -> None:
    """The question's apostrophe (governor's) once ended the script's string: the form was
    sent without asking."""
    from saphan.core.tests.browser import sign_in
    from saphan.core.tests.factories import person

    person("manager86", "PIO86", "manager")
    case = submit().complaint
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/complaints/{case.code}/")
    sign_in(page, live_server.url, "manager86", f"/complaints/{case.code}/")
    page.goto(f"{live_server.url}/complaints/{case.code}/?lang=en")
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss()  # "Cancel": nothing is sent

    page.on("dialog", answer)
    page.locator("summary", has_text="Escalate to the governor's office").click()
    page.get_by_label("Why the governor's office should take it up").fill("ร้องเรียนซ้ำหลายครั้ง")
    page.get_by_role("button", name="Record the escalation").click()
    page.wait_for_timeout(300)
    assert asked == [
        "Record that the case went to the governor's office? The complainants are told."
    ]
    case.refresh_from_db()
    assert case.escalated_at is None
    context.close()
