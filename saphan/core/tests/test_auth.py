"""Signing in with a username or an e-mail, password reset by e-mail, admin for administrators."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from saphan.core.models import User
from saphan.core.tests.factories import PASSWORD, person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("login", ["somchai", "somchai@example.test", "SOMCHAI@example.test"])
def test_sign_in_with_username_or_email(client: Client, login: str) -> None:
    person("somchai", "PIO86")
    response = client.post("/accounts/login/", {"username": login, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_says_so_in_thai(client: Client) -> None:
    person("somchai", "PIO86")
    response = client.post("/accounts/login/", {"username": "somchai", "password": "nope"})
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรืออีเมลและรหัสผ่านไม่ตรงกับบัญชีที่ใช้งานได้" in response.content.decode()


def test_inactive_person_cannot_sign_in(client: Client) -> None:
    person("gone", "PIO86", is_active=False)
    response = client.post("/accounts/login/", {"username": "gone", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_shared_email_identifies_nobody(client: Client) -> None:
    person("a", "PIO86", email="shared@example.test")
    person("b", "PIO86", email="shared@example.test")
    response = client.post(
        "/accounts/login/", {"username": "shared@example.test", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client: Client) -> None:
    person("somchai", "PIO86")
    response = client.post("/accounts/password-reset/", {"email": "somchai@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["somchai@example.test"]
    assert message.subject == "สะพาน: ตั้งรหัสผ่านใหม่"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", str(message.body))
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "a-new-long-pass-2568", "new_password2": "a-new-long-pass-2568"}
    )
    assert done.status_code == 302
    assert User.objects.get(username="somchai").check_password("a-new-long-pass-2568")


def test_sign_out_is_a_post(client: Client) -> None:
    person("somchai", "PIO86")
    client.login(username="somchai", password=PASSWORD)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(("role", "allowed"), [("manager", False), ("administrator", True)])
def test_django_admin_is_for_administrators_only(client: Client, role: str, allowed: bool) -> None:
    person("p", "PIO86", role)
    client.login(username="p", password=PASSWORD)
    response = client.get("/admin/core/office/")
    if allowed:
        assert response.status_code == 200
        assert "PIO86" in response.content.decode()
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert client.get(response["Location"]).status_code == 403
        client.logout()
        login = client.get("/admin/login/?next=/admin/core/office/")
        assert login.status_code == 302
        assert login["Location"] == "/accounts/login/?next=/admin/core/office/"


def test_provincial_administrator_admin_is_cut_to_their_office(client: Client) -> None:
    from saphan.core.models import Office

    admin = person("chumphon.admin", "PIO86", "administrator")
    person("chumphon.officer", "PIO86", "officer")
    person("lampang.officer", "PIO52", "officer")
    client.login(username="chumphon.admin", password=PASSWORD)
    offices = client.get("/admin/core/office/").content.decode()
    assert "PIO86" in offices and "PIO52" not in offices
    lampang = Office.objects.get(code="PIO52")
    assert client.get(f"/admin/core/office/{lampang.pk}/change/").status_code == 302
    people = client.get("/admin/core/user/").content.decode()
    assert "chumphon.officer" in people and "lampang.officer" not in people
    page = client.get(f"/admin/core/user/{admin.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="username"' in page
    chumphon = Office.objects.get(code="PIO86")
    page = client.get(f"/admin/core/office/{chumphon.pk}/change/").content.decode()
    assert 'name="provinces"' not in page and 'name="name_th"' in page
    assert not User.objects.get(username="chumphon.admin").is_superuser
