"""The promotion card on the home page: counts through the scope, today's visits of one's teams."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.test import Client

from saphan.core.tests.factories import PASSWORD, person
from saphan.promotion.home import promotion_home_card
from saphan.promotion.tests.factories import MONDAY

pytestmark = pytest.mark.django_db


def _figures(user: Any) -> list[int]:
    card = promotion_home_card(user)
    assert card is not None
    return [f.value for f in card.figures]


def test_the_card_counts_requests_and_the_visits_of_the_persons_teams(
    planned: dict[str, Any],
) -> None:
    # The planned fixture: 3 requests planned for one Monday in 2 visits by the designer's team.
    with mock.patch("saphan.promotion.home.timezone.localdate", return_value=MONDAY):
        assert _figures(planned["designer"]) == [0, 3, 2]
        assert _figures(planned["planner"]) == [0, 3, 0]
    lampang = person("lampang", "PIO52", "officer")
    with mock.patch("saphan.promotion.home.timezone.localdate", return_value=MONDAY):
        assert _figures(lampang) == [0, 0, 0]


def test_no_card_for_a_person_without_offices_and_the_home_page_shows_it(
    planned: dict[str, Any], client: Client
) -> None:
    assert promotion_home_card(person("nobody")) is None
    client.login(username="designer", password=PASSWORD)
    body = client.get("/").content.decode()
    assert '<a href="/promotion/requests/?state=new"><strong>0</strong>' in body
