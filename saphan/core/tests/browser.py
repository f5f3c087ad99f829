"""Real-browser tests: Chromium through Playwright (Debian's package), screenshots kept in
test-artifacts/. Without Chromium the tests are skipped with a message, unless
SAPHAN_REQUIRE_BROWSER=1 (CI) makes them mandatory."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from saphan.core.tests.factories import PASSWORD

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _chromium() -> str | None:
    explicit = os.environ.get("SAPHAN_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        message = (
            "Chromium is not installed: browser tests skipped. "
            "Install it with: sudo apt install chromium"
        )
        if os.environ.get("SAPHAN_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (SAPHAN_REQUIRE_BROWSER=1 makes them mandatory)")
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself (not the server) are safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


def sign_in(page: Any, base: str, login: str, target: str) -> None:
    page.get_by_label("ชื่อผู้ใช้หรืออีเมล").fill(login)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(f"{base}{target}")
