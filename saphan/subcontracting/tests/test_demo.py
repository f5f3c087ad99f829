"""The demo: deterministic, idempotent, and showing every part (refused offer, batik from a
group, a published run, a group's lot waiting for its answer, the past season's measures)."""

from __future__ import annotations

import pytest
from django.test import Client

from saphan.core.demo import DEMO_PASSWORD, demo_create
from saphan.subcontracting.models import (
    Agreement,
    GroupProfile,
    Lot,
    LotStatus,
    MemberShare,
    Payment,
    Receipt,
    RunStatus,
    WorkOffer,
)

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[object, ...]:
    return (
        sorted(GroupProfile.objects.values_list("establishment_id", "intent_signed_on", "left_on")),
        sorted(WorkOffer.objects.values_list("title", "status", "pieces", "piece_rate_baht")),
        sorted(Lot.objects.values_list("offer__title", "group_id", "pieces", "status")),
        Receipt.objects.count(),
        Payment.objects.count(),
        MemberShare.objects.count(),
        Agreement.objects.count(),
    )


def test_demo_is_idempotent_and_shows_every_part() -> None:
    first = demo_create(province_name="ชุมพร")
    before = _snapshot()
    second = demo_create(province_name="ชุมพร")
    assert _snapshot() == before
    assert first["subcontracting_lots"] == second["subcontracting_lots"] > 0
    logins = {lg["username"]: lg["role"] for lg in second["logins"]}
    assert logins["demo.group"] == logins["demo.company"] == "outside"

    offers = {o.title: o for o in WorkOffer.objects.select_related("party")}
    assert offers["ชุดนักเรียน"].below_floor  # refused: the poster sees why
    assert offers["ผ้าบาติกตัดเย็บ"].party.kind in ("group", "enterprise")  # a group gives work
    assert not offers["เสื้อยืดคอกลม"].below_floor
    assert Lot.objects.filter(run__status=RunStatus.PUBLISHED, status=LotStatus.OFFERED).exists()
    assert Lot.objects.filter(status=LotStatus.COMPLETED).count() == 4
    assert GroupProfile.objects.filter(left_on__isnull=False).count() == 1

    group = Client()
    assert group.login(username="demo.group", password=DEMO_PASSWORD)
    page = group.get("/subcontracting/my/").content.decode()
    assert 'data-testid="offered-lot"' in page
    officer = Client()
    assert officer.login(username="demo.officer", password=DEMO_PASSWORD)
    dashboard = officer.get("/subcontracting/").content.decode()
    assert "ปฏิเสธ 2 จาก 2 ล็อตงานล่าสุด" in dashboard  # a group at risk, with the reason
