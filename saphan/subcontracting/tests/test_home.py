"""The subcontracting card on the home page: counts through the person's scope (province for
officers, their own lots for a group), lots past their due date flagged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from saphan.core.models import User
from saphan.core.tests.factories import PASSWORD, person
from saphan.registry.services import representative_add
from saphan.subcontracting.home import subcontracting_home_card
from saphan.subcontracting.models import Lot
from saphan.subcontracting.services import allocation, lots
from saphan.subcontracting.tests import factories as f

pytestmark = pytest.mark.django_db


def _figures(user: User) -> list[tuple[int, bool]]:
    card = subcontracting_home_card(user)
    assert card is not None
    return [(fig.value, fig.alert) for fig in card.figures]


def test_the_card_follows_a_lot_from_offered_to_late_for_each_person() -> None:
    officer = f.officer()
    manager = person("manager86", "PIO86", "manager")
    group = f.group("กลุ่มนาโพธิ์")
    f.group("กลุ่มอื่น", subdistrict="860102")
    representative_add(
        user=manager, establishment=group, username="rep.g", first_name="ผู้แทน", password=PASSWORD
    )
    rep = User.objects.get(username="rep.g")
    lampang = person("lampang", "PIO52", "officer")
    f.offer(officer, f.company(), pieces=700)
    f.offer(officer, f.company("บริษัท สอง จำกัด"), pieces=300, post=False)
    assert _figures(officer) == [(1, False), (0, False), (0, False), (0, False)]

    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    allocation.run_publish(user=officer, run=run)
    offered = run.lots.filter(group=group).count()
    assert offered == 1
    total = run.lots.count()
    assert _figures(officer) == [(1, False), (total, False), (0, False), (0, False)]
    assert _figures(rep) == [(0, False), (1, False), (0, False), (0, False)]

    lot = lots.lot_accept(user=officer, lot=run.lots.get(group=group))
    assert _figures(rep) == [(0, False), (0, False), (1, False), (0, False)]
    Lot.objects.filter(pk=lot.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    assert _figures(rep) == [(0, False), (0, False), (1, False), (1, True)]
    assert _figures(officer)[2:] == [(1, False), (1, True)]
    assert _figures(lampang) == [(0, False), (0, False), (0, False), (0, False)]


def test_no_card_without_offices_and_the_home_page_links_to_the_work(client: Client) -> None:
    assert subcontracting_home_card(person("nobody")) is None
    officer = f.officer()
    f.offer(officer, f.company())
    assert client.login(username=officer.username, password=PASSWORD)
    body = client.get("/").content.decode()
    assert '<a href="/subcontracting/offers/?status=posted"><strong>1</strong>' in body
