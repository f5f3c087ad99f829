"""The registry's card on the home page."""

from __future__ import annotations

import pytest
from django.test import Client

from saphan.core.tests.factories import PASSWORD, person
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
