"""Real-browser test: Chromium through Playwright signs in, switches language, and shows the home
page at 360 px. Screenshots are kept in test-artifacts/ for people to look at."""

from __future__ import annotations

from typing import Any

import pytest

from saphan.core.tests.browser import ARTIFACTS, sign_in
from saphan.core.tests.factories import person


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sign_in_switch_language_home_at_360px(
    browser: Any, live_server: Any, reference_data: None
) -> None:
    person("somchai", "PIO86", "officer", first_name="สมชาย", last_name="ใจดี")
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert page.locator("h1").inner_text() == "เข้าสู่ระบบ"

    sign_in(page, live_server.url, "somchai@example.test", "/")
    assert page.locator("h1").inner_text() == "ยินดีต้อนรับ คุณสมชาย ใจดี"
    page.screenshot(path=str(ARTIFACTS / "home-th-360.png"), full_page=True)

    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The Thai web font is served and used.
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Sarabun")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px Sarabun')") is True

    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Welcome, สมชาย ใจดี"
    assert page.get_by_role("navigation", name="Main menu").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(ARTIFACTS / "home-en-360.png"), full_page=True)

    page.get_by_test_id("lang-th").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "ยินดีต้อนรับ คุณสมชาย ใจดี"
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_address_picker_fills_from_postal_code(
    browser: Any, live_server: Any, reference_data: None
) -> None:
    from saphan.core.models import Office

    person("manager", "PIO86", "manager")
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/offices/PIO86/edit/")
    sign_in(page, live_server.url, "manager", "/offices/PIO86/edit/")

    page.get_by_label("รหัสไปรษณีย์").fill("86120")
    page.get_by_role("button", name="ปากน้ำ · เมืองชุมพร · ชุมพร").click()
    page.wait_for_function("document.getElementById('id_subdistrict').value === '860102'")
    assert page.locator("#id_province").input_value() == "86"
    assert page.locator("#id_district").input_value() == "8601"
    page.get_by_label("โทรศัพท์").fill("077-511-097")
    page.screenshot(path=str(ARTIFACTS / "office-edit-360.png"), full_page=True)
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url(f"{live_server.url}/offices/PIO86/")
    office = Office.objects.get(code="PIO86")
    assert (office.subdistrict_id, office.postal_code, office.phone) == (
        "860102",
        "86120",
        "077-511-097",
    )
    context.close()
