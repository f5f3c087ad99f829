"""Real browser: a group's representative on a 360 px phone sees the lot offered to the group,
accepts it and reports progress. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

from typing import Any

import pytest

from saphan.core.tests.browser import ARTIFACTS, sign_in
from saphan.core.tests.factories import PASSWORD, person
from saphan.registry.services import representative_add
from saphan.subcontracting.models import Lot, LotStatus, ProgressReport
from saphan.subcontracting.services import allocation
from saphan.subcontracting.tests import factories as f


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_group_accepts_a_lot_and_reports_progress_on_a_phone(
    browser: Any, live_server: Any, reference_data: None
) -> None:
    f.ensure_minimum_wages()
    officer = f.officer()
    manager = person("manager86", "PIO86", "manager")
    group = f.group("กลุ่มตัดเย็บบ้านนาโพธิ์")
    f.offer(officer, f.company(), pieces=700, title="เสื้อเชิ้ตนักเรียน")
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    allocation.run_publish(user=officer, run=run)
    lot = Lot.objects.get(group=group)
    representative_add(
        user=manager, establishment=group, username="rep.napho", first_name="มาลี",
        password=PASSWORD,
    )  # fmt: skip

    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/subcontracting/my/")
    sign_in(page, live_server.url, "rep.napho", "/subcontracting/my/")

    # Given the lot offered to the group, shown on the phone with its weeks and pay
    card = page.get_by_test_id("offered-lot")
    assert card.count() == 1
    text = card.inner_text()
    assert "เสื้อเชิ้ตนักเรียน" in text and "700" in text
    assert "สัปดาห์ 1" in text and "378" in text and "322" in text
    assert "47.25 บาท" in text  # earnings per member-hour at the planning efficiency
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(ARTIFACTS / "subcontracting-offered-360.png"), full_page=True)

    # When the group accepts it
    card.get_by_role("button", name="รับงาน").click()
    page.wait_for_url(f"{live_server.url}/subcontracting/my/")
    assert "รับงานแล้ว" in page.locator(".messages").inner_text()
    assert page.get_by_test_id("offered-lot").count() == 0
    sewing = page.get_by_test_id("accepted-lot")
    assert sewing.count() == 1
    lot.refresh_from_db()
    assert lot.status == LotStatus.ACCEPTED

    # And reports 150 pieces sewn, with 60 member-hours
    sewing.get_by_label("จำนวนชิ้นที่เย็บแล้ว").fill("150")
    sewing.get_by_label("ชั่วโมงทำงานรวมของสมาชิกตั้งแต่รายงานครั้งก่อน").fill("60")
    sewing.get_by_role("button", name="รายงานความคืบหน้า").click()
    page.wait_for_url(f"{live_server.url}/subcontracting/my/")
    assert "บันทึกความคืบหน้าแล้ว" in page.locator(".messages").inner_text()
    assert "เย็บแล้ว 150 ชิ้น" in page.get_by_test_id("accepted-lot").inner_text()
    report = ProgressReport.objects.get(lot=lot)
    assert (report.pieces_done, str(report.member_hours)) == (150, "60.0")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(ARTIFACTS / "subcontracting-progress-360.png"), full_page=True)

    # The agreement can be printed from the lot's page
    page.goto(f"{live_server.url}{lot.get_absolute_url()}")
    assert page.get_by_role("link", name="พิมพ์ข้อตกลง (PDF)").is_visible()
    page.screenshot(path=str(ARTIFACTS / "subcontracting-lot-360.png"), full_page=True)
    context.close()
