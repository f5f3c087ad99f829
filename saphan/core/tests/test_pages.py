"""The shell: Thai by default, English complete on request, navigation by role, forms, health."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from saphan.core.demo import DEMO_PASSWORD, demo_create
from saphan.core.models import Membership, Office, User
from saphan.core.tests.factories import PASSWORD, person

pytestmark = pytest.mark.django_db


def test_home_is_thai_by_default_and_english_after_switch(client: Client) -> None:
    person("somchai", "PIO86", "officer", first_name="สมชาย", last_name="ใจดี")
    client.login(username="somchai", password=PASSWORD)
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="th">' in body
    assert "ยินดีต้อนรับ คุณสมชาย ใจดี" in body
    assert '<a href="/offices/PIO86/">สำนักงานอุตสาหกรรมจังหวัดชุมพร</a> — เจ้าหน้าที่' in body
    response = client.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Welcome, สมชาย ใจดี" in body
    assert '<a href="/offices/PIO86/">Chumphon Provincial Industry Office</a> — Officer' in body
    assert User.objects.get(username="somchai").preferred_language == "en"


def test_navigation_follows_role(client: Client) -> None:
    person("viewer", "PIO86", "viewer")
    person("admin", "PIO86", "administrator")
    client.login(username="viewer", password=PASSWORD)
    body = client.get("/").content.decode()
    assert (
        'href="/offices/"' in body and 'href="/jobs/"' not in body and 'href="/admin/"' not in body
    )
    client.login(username="admin", password=PASSWORD)
    body = client.get("/").content.decode()
    assert 'href="/jobs/"' in body and 'href="/admin/"' in body


def test_the_menu_marks_the_section_of_the_page(client: Client) -> None:
    person("officer", "PIO86", "officer")
    client.login(username="officer", password=PASSWORD)
    # A registry sub-page lights the registry, not home; tools sit under "More".
    body = client.get("/registry/map/").content.decode()
    assert body.count('aria-current="page"') == 1
    assert '<a href="/registry/map/" aria-current="page">' in body
    body = client.get("/registry/quality/").content.decode()
    assert '<details class="active"><summary>เพิ่มเติม</summary>' in body
    assert '<a href="/registry/quality/" aria-current="page">' in body
    body = client.get("/").content.decode()
    assert '<a href="/" aria-current="page">' in body and "<details >" in body


def test_current_office_switch(client: Client) -> None:
    user = person("two", "PIO86", "officer")
    Membership.objects.create(user=user, office=Office.objects.get(code="IPC10"), role="officer")
    client.login(username="two", password=PASSWORD)
    ipc10 = Office.objects.get(code="IPC10")
    client.post("/office/switch/", {"office": ipc10.pk, "next": "/"})
    body = client.get("/").content.decode()
    assert f'<option value="{ipc10.pk}" selected>' in body
    # An office the person does not belong to is ignored.
    lampang = Office.objects.get(code="PIO52")
    client.post("/office/switch/", {"office": lampang.pk})
    assert client.session["saphan_office_id"] == ipc10.pk


def test_office_edit_with_address_picker(client: Client) -> None:
    person("manager", "PIO86", "manager")
    client.login(username="manager", password=PASSWORD)
    url = "/offices/PIO86/edit/"
    form = {
        "name_th": "สำนักงานอุตสาหกรรมจังหวัดชุมพร",
        "name_en": "Chumphon Provincial Industry Office",
        "address": "ถนนไตรรัตน์",
        "province": "86",
        "district": "8601",
        "subdistrict": "860101",
        "postal_code": "86120",
        "phone": "12",
        "email": "",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    body = response.content.decode()
    assert "รหัสไปรษณีย์ 86120 ไม่ใช่ของตำบลท่าตะเภา" in body
    assert "ไม่ใช่หมายเลขโทรศัพท์ไทย" in body
    assert Office.objects.get(code="PIO86").address == ""

    form.update(postal_code="86000", phone="077-511-097")
    response = client.post(url, form)
    assert response.status_code == 302
    office = Office.objects.get(code="PIO86")
    assert (office.subdistrict_id, office.postal_code, office.phone) == (
        "860101",
        "86000",
        "077-511-097",
    )
    page = client.get("/offices/PIO86/").content.decode()
    history = page[page.index('id="history-h"') :]
    manager = User.objects.get(username="manager")
    assert f'<td data-label="ผู้แก้ไข">{manager.get_full_name()}</td>' in history
    assert "<strong>โทรศัพท์</strong>: — → 077-511-097" in history
    assert "<strong>ตำบล</strong>: — → ท่าตะเภา" in history


def test_lists_have_empty_states_and_pagination(client: Client) -> None:
    person("dip", "DIP", "manager")
    client.login(username="dip", password=PASSWORD)
    body = client.get("/offices/", {"q": "ไม่มีหน่วยงานนี้"}).content.decode()
    assert "ไม่พบหน่วยงานที่ตรงกับคำค้น" in body
    body = client.get("/offices/").content.decode()
    assert "หน้า 1 จาก 4" in body and "90 รายการ" in body
    body = client.get("/offices/", {"page": 4}).content.decode()
    assert body.count('<td data-label="รหัส">') == 15


def test_healthz(client: Client) -> None:
    data = client.get("/healthz").json()
    assert data["status"] == "ok"
    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1].replace("sqlite3", "sqlite")
    assert data["database"] == {"ok": True, "vendor": vendor}
    assert data["jobs"]["ok"] is True and data["jobs"]["ready"] == 0


def test_demo_is_deterministic_and_idempotent() -> None:
    first = demo_create(province_name="ชุมพร", scale=1)
    names = list(
        User.objects.order_by("username").values_list("username", "first_name", "last_name")
    )
    second = demo_create(province_name="Chumphon", scale=1)
    assert second["new_people"] == 0
    assert (
        list(User.objects.order_by("username").values_list("username", "first_name", "last_name"))
        == names
    )
    assert first["people"] == second["people"] == 7 + 16
    roles = {lg["username"]: (lg["role"], lg["office"]) for lg in first["logins"]}
    # Apps add their outside accounts (a group's, a company's representative) to the logins.
    outside = sorted(name for name, (role, _office) in roles.items() if role == "outside")
    assert all(name.startswith("demo.") for name in outside)
    for name in outside:
        assert User.objects.get(username=name).check_password(DEMO_PASSWORD)
        del roles[name]
    assert roles == {
        "demo.viewer": ("viewer", "PIO86"),
        "demo.officer": ("officer", "PIO86"),
        "demo.manager": ("manager", "PIO86"),
        "demo.admin": ("administrator", "PIO86"),
        "demo.region": ("officer", "IPC10"),
        "demo.department": ("manager", "DIP"),
        "demo.ministry": ("administrator", "MOI"),
    }
    assert User.objects.get(username="demo.officer").check_password(DEMO_PASSWORD)


def test_production_requires_secret_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(SAPHAN_ENV="production", SAPHAN_VAR_DIR=str(tmp_path), ALLOWED_HOSTS="example.org")
    result = subprocess.run(
        [sys.executable, "-c", "import saphan.settings"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when SAPHAN_ENV=production" in result.stderr
    env["SECRET_KEY"] = "x" * 50
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import saphan.settings as s; print(s.DEBUG, s.SECRET_KEY == 'x' * 50)",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["False", "True"]
    assert not (tmp_path / "secret_key").exists()
