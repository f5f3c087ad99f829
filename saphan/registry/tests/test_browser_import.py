"""The import flow in a real browser: upload a DIW file, watch the progress bar reach the end
while the worker runs, see the counts and the rejected row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from saphan.core.tests.browser import ARTIFACTS, sign_in
from saphan.core.tests.factories import person
from saphan.registry.models import Establishment
from saphan.registry.tests.test_import import ROWS, _csv


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_import_page_with_progress_bar(
    browser: Any,
    live_server: Any,
    reference_data: None,
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    person("officer", "PIO86", "officer")
    upload = tmp_path / "Factory_Data.csv"
    upload.write_bytes(_csv(*ROWS))
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/registry/import/")
    sign_in(page, live_server.url, "officer", "/registry/import/")
    page.get_by_label("ไฟล์ (CSV หรือ XLSX)").set_input_files(str(upload))
    page.get_by_label("ประเภทของรายการ").select_option("factory")
    page.get_by_role("button", name="อัปโหลดและนำเข้า").click()
    page.wait_for_url(f"{live_server.url}/registry/import/*/")
    assert page.locator("#job-progress progress").get_attribute("value") == "0"
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.wait_for_selector("#job-progress .badge.succeeded", timeout=15_000)
    assert page.locator("#job-progress progress").get_attribute("value") == "100"
    page.screenshot(path=str(ARTIFACTS / "import-progress-360.png"), full_page=True)
    page.reload()
    assert page.locator("dl.facts dd").nth(2).inner_text() == "2"  # new
    assert "scope.province" in page.locator("table.list").inner_text()
    assert Establishment.objects.count() == 2
    context.close()  # lets the live server's threads finish before the next test
