"""Outside accounts see and act only for their own establishment; members are personal data;
officers only in their provinces. Every refused attempt leaves the records as they were."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from saphan.core.models import User
from saphan.core.tests.factories import PASSWORD, person
from saphan.registry.services import representative_add
from saphan.subcontracting.models import (
    AllocationRun,
    Lot,
    LotStatus,
    Member,
    MemberShare,
    Receipt,
    WorkOffer,
)
from saphan.subcontracting.services import allocation, ledger, lots, readiness
from saphan.subcontracting.tests import factories as f

pytestmark = pytest.mark.django_db


def _rep(manager: User, est: Any, username: str) -> Client:
    representative_add(
        user=manager, establishment=est, username=username, first_name="ตัวแทน", password=PASSWORD
    )
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    """Two companies, two groups; each company's offer goes to one group (published)."""
    officer = f.officer()
    manager = person("manager86", "PIO86", "manager")
    g1 = f.group("กลุ่มหนึ่ง")
    g2 = f.group("กลุ่มสอง", location=("10.900000", "99.400000"))
    a = f.company("บริษัท เอ จำกัด")
    b = f.company("บริษัท บี จำกัด", latitude="10.910000", longitude="99.410000")
    offer_a = f.offer(officer, a, pieces=700, max_groups=1, title="เสื้อเอ")
    offer_b = f.offer(officer, b, pieces=700, max_groups=1, title="เสื้อบี")
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    allocation.run_publish(user=officer, run=run)
    lot_a = Lot.objects.get(offer=offer_a)
    lot_b = Lot.objects.get(offer=offer_b)
    assert (lot_a.group, lot_b.group) == (g1, g2)  # each to the group nearest its company
    return {
        "officer": officer, "manager": manager, "g1": g1, "g2": g2, "a": a, "b": b,
        "offer_a": offer_a, "offer_b": offer_b, "lot_a": lot_a, "lot_b": lot_b, "run": run,
        "group_rep": _rep(manager, g1, "rep.group1"),
        "company_rep": _rep(manager, a, "rep.companya"),
    }  # fmt: skip


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(item["id"] for item in response.json()["items"])


def _state() -> tuple[Any, ...]:
    return (
        sorted(Lot.objects.values_list("pk", "status", "pieces")),
        Receipt.objects.count(),
        AllocationRun.objects.count(),
        WorkOffer.objects.count(),
        sorted(Member.objects.values_list("pk", "full_name", "active")),
        MemberShare.objects.count(),
    )


def test_group_representative_sees_and_acts_only_for_its_group(world: dict[str, Any]) -> None:
    client = world["group_rep"]
    lot_a, lot_b, g1, g2 = world["lot_a"], world["lot_b"], world["g1"], world["g2"]
    assert _ids(client.get("/api/v1/subcontracting/lots")) == [lot_a.pk]
    assert client.get(f"/api/v1/subcontracting/lots/{lot_b.pk}").status_code == 404
    assert _ids(client.get("/api/v1/subcontracting/groups")) == [g1.pk]
    assert len(client.get(f"/api/v1/subcontracting/groups/{g1.pk}/members").json()) == 10
    assert client.get(f"/api/v1/subcontracting/groups/{g2.pk}/members").status_code == 404
    assert _ids(client.get("/api/v1/subcontracting/offers")) == []
    page = client.get("/subcontracting/my/").content.decode()
    assert "เสื้อเอ" in page and "เสื้อบี" not in page
    before = _state()
    # Not its lot: not found, and nothing happens.
    assert client.post(f"/api/v1/subcontracting/lots/{lot_b.pk}/accept").status_code == 404
    # Not an officer: no run, no ledger of the company's.
    response = client.post(
        "/api/v1/subcontracting/runs", json.dumps({"province_code": "86"}),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403
    response = client.post(
        f"/api/v1/subcontracting/lots/{lot_a.pk}/receipts",
        json.dumps({"received_on": timezone.localdate().isoformat(), "accepted": 5}),
        content_type="application/json",
    )
    assert response.status_code == 403
    # Its own lot it may accept.
    assert _state() == before
    assert client.post(f"/api/v1/subcontracting/lots/{lot_a.pk}/accept").status_code == 200
    assert Lot.objects.get(pk=lot_a.pk).status == LotStatus.ACCEPTED


def test_company_representative_sees_its_offers_lots_never_members(world: dict[str, Any]) -> None:
    client = world["company_rep"]
    lot_a, lot_b, g1 = world["lot_a"], world["lot_b"], world["g1"]
    assert _ids(client.get("/api/v1/subcontracting/offers")) == [world["offer_a"].pk]
    assert client.get(f"/api/v1/subcontracting/offers/{world['offer_b'].pk}").status_code == 404
    assert _ids(client.get("/api/v1/subcontracting/lots")) == [lot_a.pk]
    assert client.get(f"/api/v1/subcontracting/groups/{g1.pk}/members").status_code == 404
    lot_page = client.get(f"/subcontracting/lots/{lot_a.pk}/").content.decode()
    assert "กลุ่มหนึ่ง" in lot_page and "สมาชิก กลุ่มหนึ่ง 1" not in lot_page
    before = _state()
    # The group decides, not the company.
    assert client.post(f"/api/v1/subcontracting/lots/{lot_a.pk}/accept").status_code == 403
    assert client.post(f"/api/v1/subcontracting/lots/{lot_b.pk}/accept").status_code == 404
    assert _state() == before
    # Once accepted, the company keeps the ledger of its lot.
    lot_a = lots.lot_accept(user=world["officer"], lot=lot_a)
    response = client.post(
        f"/api/v1/subcontracting/lots/{lot_a.pk}/receipts",
        json.dumps({"received_on": timezone.localdate().isoformat(), "accepted": 5}),
        content_type="application/json",
    )
    assert response.status_code == 201
    payment = ledger.payment_record(
        user=world["officer"], lot=lot_a, paid_on=timezone.localdate(),
        amount_baht=lot_a.offer.piece_rate_baht * 5, method="cash",
    )  # fmt: skip
    # Members' shares are the group's business: the company sees none of them.
    assert client.get(f"/api/v1/subcontracting/payments/{payment.pk}/shares").status_code == 403
    slip = client.get(f"/subcontracting/payments/{payment.pk}/slip.pdf")
    assert slip.status_code == 200


def test_viewers_do_not_see_members_and_other_provinces_see_nothing(world: dict[str, Any]) -> None:
    person("viewer86", "PIO86", "viewer")
    person("officer52", "PIO52", "officer")
    g1, run = world["g1"], world["run"]
    viewer = Client()
    viewer.login(username="viewer86", password=PASSWORD)
    assert viewer.get(f"/api/v1/subcontracting/groups/{g1.pk}").status_code == 200
    assert viewer.get(f"/api/v1/subcontracting/groups/{g1.pk}/members").status_code == 403
    page = viewer.get(f"/subcontracting/groups/{g1.pk}/").content.decode()
    assert "สมาชิก กลุ่มหนึ่ง 1" not in page and "นางสมศรี" not in page
    # Who confirmed the company's willingness is a contact: officers see the name, viewers not.
    readiness.company_profile_update(
        user=world["officer"], party=world["a"],
        data={"signed_on": dt.date(2025, 5, 1), "signed_by": "นายวิชัย ผู้จัดการโรงงาน"},
    )  # fmt: skip
    url = f"/subcontracting/companies/{world['a'].pk}/"
    assert "นายวิชัย" not in viewer.get(url).content.decode()
    officer = Client()
    officer.login(username="officer86", password=PASSWORD)
    assert "นายวิชัย" in officer.get(url).content.decode()
    lampang = Client()
    lampang.login(username="officer52", password=PASSWORD)
    assert lampang.get(f"/api/v1/subcontracting/runs/{run.pk}").status_code == 404
    assert _ids(lampang.get("/api/v1/subcontracting/lots")) == []
    before = _state()
    assert lampang.post(f"/api/v1/subcontracting/runs/{run.pk}/discard").status_code == 404
    response = lampang.post(
        "/api/v1/subcontracting/runs", json.dumps({"province_code": "86"}),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403
    assert _state() == before


def test_groups_do_not_see_a_plan_before_it_is_published(world: dict[str, Any]) -> None:
    officer, g1 = world["officer"], world["g1"]
    f.offer(officer, world["a"], pieces=300, title="เสื้อใหม่")
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    proposed = Lot.objects.filter(run=run)
    assert proposed.exists()
    client = world["group_rep"]
    for lot in proposed:
        assert client.get(f"/api/v1/subcontracting/lots/{lot.pk}").status_code == 404
    assert client.get(f"/api/v1/subcontracting/runs/{run.pk}").status_code == 404
    page = client.get("/subcontracting/my/").content.decode()
    assert "เสื้อใหม่" not in page
    assert g1.pk in {lot.group_id for lot in proposed}  # a lot of its own, still hidden
