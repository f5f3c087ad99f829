"""The list page on a search that matches many records, in a real browser on a phone's width:
the count says "more than", the next page follows, the last page gives the exact count; the
newest records come first and the sort links say so."""

from __future__ import annotations

from typing import Any

import pytest

from saphan.core.tests.browser import ARTIFACTS, sign_in
from saphan.core.tests.factories import person
from saphan.registry import search, selectors
from saphan.registry.tests.factories import establishment


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_large_search_pages_on_with_a_capped_count(
    browser: Any, live_server: Any, reference_data: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 30 records match; the list counts up to 20 and sorts up to 10 matches here (1,000 and
    # 5,000 in use), so the capped count and the ordered walk both show with few records.
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 20)
    monkeypatch.setattr(search, "SORT_LIMIT", 10)
    for i in range(30):
        establishment(f"โรงสีข้าว {i:02d}", activity="สีข้าว", kind="business")
    establishment("ร้านกาแฟ", activity="คั่วกาแฟ", kind="business")
    person("viewer", "PIO86", "viewer")
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/registry/")
    sign_in(page, live_server.url, "viewer", "/registry/")
    page.get_by_label("ค้นหาชื่อ กิจการ หรือเลขทะเบียน").fill("สีข้าว")
    page.get_by_role("button", name="ค้นหา", exact=True).click()
    page.wait_for_selector("#list-count")
    assert page.locator("#list-count").inner_text() == "มากกว่า 25 รายการ"  # 25 shown, more follow
    names = page.locator('td[data-label="ชื่อ"] a').all_inner_texts()
    assert names == [f"โรงสีข้าว {i:02d}" for i in range(29, 4, -1)]  # a search: newest first
    assert page.locator('a[aria-current="true"]').all_inner_texts() == ["ใหม่สุดก่อน"]
    page.screenshot(path=str(ARTIFACTS / "registry-large-search-360.png"), full_page=True)
    page.get_by_role("link", name="ถัดไป").click()
    page.wait_for_selector("text=หน้า 2 จาก 2")
    assert page.locator("#list-count").inner_text() == "30 รายการ"
    names = page.locator('td[data-label="ชื่อ"] a').all_inner_texts()
    assert names == [f"โรงสีข้าว {i:02d}" for i in range(4, -1, -1)]
    assert page.get_by_role("link", name="ถัดไป").count() == 0
    context.close()  # lets the live server's threads finish before the next test
