"""The planning page and a team's itinerary in real Chromium: plan with the job's progress,
see the map and the order of the day, record a visit's outcome. Screenshots in
test-artifacts/ (desktop and 360 px)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from saphan.core.models import Office
from saphan.core.tests.browser import ARTIFACTS, sign_in
from saphan.core.tests.factories import person
from saphan.promotion.models import Plan, ServiceRequest, Spending
from saphan.promotion.services import funds as fund_services
from saphan.promotion.services import training as training_services
from saphan.promotion.tests.factories import (
    located,
    officer,
    place_office,
    request_for,
    seed,
    service,
    team,
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_plan_in_the_browser_then_the_team_itinerary_and_an_outcome(
    browser: Any, live_server: Any, reference_data: None, settings: Any
) -> None:
    settings.SAPHAN_PROMOTION_ROAD_FACTOR = 1.0
    settings.SAPHAN_PROMOTION_SPEED_KMH = 60.0
    seed("PIO86", "IPC10")
    place_office("PIO86", 0)
    designer = officer(
        "designer",
        "PIO86",
        "packaging_design",
        "product_design",
        "standards",
        first_name="วิไลวรรณ",
        last_name="ศรีสุข",
    )
    joint = team("ทีมร่วมบริการ สายเหนือ", "PIO86", [designer])
    person("planner", "PIO86", "officer")
    a, b = located("วิสาหกิจชุมชนกล้วยเล็บมือ", 10.3), located("บริษัท ชุมพรปาล์ม จำกัด", 20.5)
    request_for(a, service("IPC10", "packaging-design"))
    request_for(a, service("PIO86", "community-standard"))
    request_for(b, service("IPC10", "product-design"), preferred_time="morning")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/promotion/plans/new/%3Foffice%3DPIO86")
    sign_in(page, live_server.url, "planner", "/promotion/plans/new/?office=PIO86")
    page.get_by_label("ชื่อ").fill("สัปดาห์ที่ 23")
    page.get_by_label("วันแรก").fill("02/06/2574")
    page.get_by_label("วันสุดท้าย").fill("02/06/2574")
    page.get_by_label("ทีมร่วมบริการ สายเหนือ · PIO86").check()
    page.get_by_role("button", name="บันทึกและวางแผน").click()
    page.wait_for_selector("#plan-progress")
    plan = Plan.objects.get()
    assert plan.state == "running"
    page.screenshot(path=str(ARTIFACTS / "promotion-plan-running.png"), full_page=True)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    # The progress card notices the end and reloads the page with the plan.
    page.wait_for_selector(".badge.plan-ready", timeout=20_000)
    tiles = page.locator(".tiles .tile strong").all_inner_texts()
    assert tiles == ["2", "1", "41.0", "0"]  # visits, trips saved, km, left out
    assert page.locator(".stop-pin").count() == 2
    page.screenshot(path=str(ARTIFACTS / "promotion-plan-desktop.png"), full_page=True)

    # The team's officer opens the itinerary on a phone.
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    mobile = phone.new_page()
    target = f"/promotion/plans/{plan.pk}/teams/{joint.pk}/"
    mobile.goto(f"{live_server.url}/accounts/login/?next={target}")
    sign_in(mobile, live_server.url, "designer", target)
    stops = mobile.locator("ol.stops li.stop").all_inner_texts()
    assert [s.split("\n")[1] for s in stops] == ["08:30–10:30", "10:41–13:41"]
    assert "บริษัท ชุมพรปาล์ม จำกัด" in stops[0] and "วิสาหกิจชุมชนกล้วยเล็บมือ" in stops[1]
    assert "ออกแบบบรรจุภัณฑ์" in stops[1] and "มผช." in stops[1]
    assert mobile.locator(".stop-pin").count() == 2
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 360
    mobile.screenshot(path=str(ARTIFACTS / "promotion-itinerary-360.png"), full_page=True)

    # On the second stop the officer records both services as delivered.
    mobile.get_by_role("link", name="วิสาหกิจชุมชนกล้วยเล็บมือ").click()
    for radio in mobile.get_by_label("ส่งมอบแล้ว").all():
        radio.check()
    mobile.get_by_label("หมายเหตุการลงพื้นที่").fill("ส่งแบบถุงและเอกสาร มผช. ครบ")
    mobile.screenshot(path=str(ARTIFACTS / "promotion-visit-360.png"), full_page=True)
    mobile.get_by_role("button", name="บันทึกผล").click()
    mobile.wait_for_selector(".messages .success")
    states = ServiceRequest.objects.filter(establishment=a).values_list("state", flat=True)
    assert sorted(states) == ["delivered", "delivered"]
    assert ServiceRequest.objects.get(establishment=b).state == "planned"
    assert Office.objects.get(code="PIO86").promotion_location is not None
    phone.close()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_a_payment_is_reversed_and_a_participant_removed_after_a_confirm(
    browser: Any, live_server: Any, reference_data: None
) -> None:
    officer_ = person("ipc.o", "IPC10", "officer")
    office = Office.objects.get(code="IPC10")
    fund = fund_services.fund_create(
        user=person("ipc.m", "IPC10", "manager"),
        office=office,
        data={"name": "กองทุนประชารัฐ", "source": "pracharath", "amount": "500000",
              "fiscal_year": 2568},
    )  # fmt: skip
    activity = fund_services.activity_create(user=officer_, fund=fund, data={"name": "อบรม"})
    line = fund_services.line_create(
        user=officer_, activity=activity, name="ค่าวัสดุ", planned=Decimal("60000")
    )
    fund_services.spending_add(
        user=officer_,
        line=line,
        data={"on": "2025-01-10", "amount": Decimal("9000"), "description": "ชุดอุปกรณ์"},
    )
    event = training_services.training_create(
        user=officer_,
        office=office,
        data={"topic": "ออกแบบฉลาก", "starts_on": "2025-03-04", "ends_on": "2025-03-05",
              "place": "ศภ.10", "trainers": "วิทยากร"},
    )  # fmt: skip
    trainee = person("trainee", "PIO86", "officer", first_name="สมศรี", last_name="ใจดี")
    training_services.participants_add(user=officer_, event=event, officers=[trainee])

    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = phone.new_page()
    confirms: list[str] = []

    def answer(dialog: Any) -> None:
        confirms.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    target = activity.get_absolute_url()
    page.goto(f"{live_server.url}/accounts/login/?next={target}")
    sign_in(page, live_server.url, "ipc.o", target)
    page.get_by_text("กลับรายการ…").click()
    page.get_by_label("เหตุผลที่กลับรายการ").fill("บันทึกผิดบรรทัด")
    page.get_by_role("button", name="กลับรายการ", exact=True).click()
    page.wait_for_selector(".messages .success")
    assert confirms == ["กลับรายการนี้? รายการเดิมและรายการกลับรายการจะยังอยู่ในประวัติ"]
    assert list(Spending.objects.order_by("id").values_list("amount", flat=True)) == [
        Decimal("9000.00"),
        Decimal("-9000.00"),
    ]
    assert page.locator("tr.reversed").count() == 1 and page.locator("tr.reversal").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(ARTIFACTS / "promotion-reversal-360.png"), full_page=True)

    page.goto(f"{live_server.url}{event.get_absolute_url()}")
    page.get_by_role("button", name="ลบ", exact=True).click()
    page.wait_for_selector(".messages .success")
    assert confirms[-1] == "นำ สมศรี ใจดี ออกจากการฝึกอบรมนี้?"
    assert not event.participants.exists()
    page.screenshot(path=str(ARTIFACTS / "promotion-participant-removed-360.png"), full_page=True)
    phone.close()
