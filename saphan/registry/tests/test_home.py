"""The registry's card on the home page."""

from __future__ import annotations

import pytest
from django.test import Client

from saphan.core.tests.factories import PASSWORD, person
from saphan.registry.services import representative_add
from saphan.registry.tests.factories import establishment

pytestmark = pytest.mark.django_db


def test_home_shows_the_registry_card_in_the_person_scope(client: Client) -> None:
    establishment("ในชุมพร")
    establishment("ในลำปาง", subdistrict="520101")
    person("officer", "PIO86", "officer")
    client.login(username="officer", password=PASSWORD)
    body = client.get("/").content.decode()
    assert "<strong>1</strong> <span>รายการ</span>" in body
    person("nobody")
    client.login(username="nobody", password=PASSWORD)
    assert "<strong>" not in client.get("/").content.decode()


def test_home_tells_an_outside_account_whom_it_acts_for(client: Client) -> None:
    shop = establishment("ร้านตัวแทน")
    manager = person("manager", "PIO86", "manager")
    representative_add(
        user=manager, establishment=shop, username="rep", first_name="ผู้แทน", password=PASSWORD
    )
    client.login(username="rep", password=PASSWORD)
    body = client.get("/").content.decode()
    assert "คุณทำงานแทนสถานประกอบการ 1 แห่ง" in body
    assert "คุณยังไม่ได้เป็นสมาชิกของหน่วยงานใด" not in body
    person("nobody")
    client.login(username="nobody", password=PASSWORD)
    body = client.get("/").content.decode()
    assert "คุณยังไม่ได้เป็นสมาชิกของหน่วยงานใด" in body and "ทำงานแทน" not in body
