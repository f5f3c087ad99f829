"""The complaints card on the home page: new, open, one's own and overdue cases through the
person's scope; no card for people without offices."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from saphan.complaints.home import complaints_home_card
from saphan.complaints.models import Complaint
from saphan.complaints.services import handling
from saphan.complaints.tests.helpers import submit
from saphan.core.models import User
from saphan.core.tests.factories import PASSWORD, person

pytestmark = pytest.mark.django_db


def _figures(user: User) -> list[tuple[int, bool]]:
    card = complaints_home_card(user)
    assert card is not None
    return [(fig.value, fig.alert) for fig in card.figures]


def test_the_card_counts_new_open_own_and_overdue_cases() -> None:
    officer = person("officer86", "PIO86", "officer")
    other = person("other86", "PIO86", "officer")
    lampang = person("lampang", "PIO52", "officer")
    first, second, third = (submit().complaint for _ in range(3))
    assert _figures(officer) == [(3, False), (3, False), (0, False), (0, False)]

    handling.complaint_assign(user=officer, complaint=first, officer=officer)
    handling.complaint_transition(user=officer, complaint=first, to_state="acknowledged")
    handling.complaint_transition(
        user=officer, complaint=third, to_state="not_substantiated", text="ไม่พบฝุ่นจากโรงงาน"
    )
    Complaint.objects.filter(pk=second.pk).update(
        state_due=timezone.localdate() - dt.timedelta(days=1)
    )
    assert _figures(officer) == [(1, False), (2, False), (1, False), (1, True)]
    assert _figures(other) == [(1, False), (2, False), (0, False), (1, True)]
    assert _figures(lampang) == [(0, False), (0, False), (0, False), (0, False)]


def test_no_card_without_offices_and_the_home_page_links_to_the_cases(client: Client) -> None:
    assert complaints_home_card(person("nobody")) is None
    officer = person("officer86", "PIO86", "officer")
    submit()
    assert client.login(username=officer.username, password=PASSWORD)
    body = client.get("/").content.decode()
    assert '<a href="/complaints/?status=received"><strong>1</strong>' in body
