"""Review: moving a proposed lot to another group of the run, with its capacity, machines, weeks
off and minimum wage checked again; refusals name the field and change nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from saphan.core.errors import ApplicationError
from saphan.core.tests.factories import PASSWORD, person
from saphan.registry.services import representative_add
from saphan.subcontracting import weeks
from saphan.subcontracting.models import AllocationRun, Lot, Unavailability
from saphan.subcontracting.selectors.allocation import lot_reason
from saphan.subcontracting.services import allocation
from saphan.subcontracting.tests import factories as f

pytestmark = pytest.mark.django_db
FAR = ("10.900000", "99.400000")  # about 50 km from the company


def _run() -> tuple[AllocationRun, Lot, dict[str, int]]:
    """700 shirts (SAM 20) for at most one group; the nearest, กลุ่มเอ, gets them all."""
    officer = f.officer()
    groups = {
        "near": f.group("กลุ่มเอ", location=("10.490000", "99.170000")).pk,
        "far": f.group("กลุ่มไกล", location=FAR).pk,
        "small": f.group("กลุ่มเล็ก", members=5, location=FAR).pk,
        "overlock": f.group(
            "กลุ่มโพ้ง", skills=("overlock_seam",), machines={"overlock": 10}, location=FAR
        ).pk,
        "harvest": f.group("กลุ่มเกี่ยวข้าว", location=FAR).pk,
        "not_ready": f.group("กลุ่มใหม่", intent=False, location=FAR).pk,
    }
    start = f.week1()
    Unavailability.objects.create(
        group_id=groups["harvest"], starts_on=start, ends_on=start + dt.timedelta(days=6),
        reason="harvest",
    )  # fmt: skip
    f.offer(officer, f.company(), pieces=700, max_groups=1, min_lot=100)
    run = allocation.run_start(user=officer, province_code="86", week1_on=start)
    lot = run.lots.get()
    assert lot.group_id == groups["near"]
    assert [(t["week"], t["pieces"]) for t in lot.schedule] == [(1, 378), (2, 322)]
    return run, lot, groups


def test_a_lot_moves_whole_to_a_group_with_room() -> None:
    run, lot, groups = _run()
    moved = allocation.lot_move(user=run.created_by, lot=lot, group_id=groups["far"])
    moved.refresh_from_db()
    assert moved.group_id == groups["far"] and moved.adjusted
    assert [(t["week"], t["pieces"]) for t in moved.schedule] == [(1, 378), (2, 322)]
    assert (moved.pieces, moved.finish_on) == (700, weeks.week_end(run.week1_on, 2))
    # 45 × 60 × 0.35 ÷ 20 = 47.25 baht an hour against 351 ÷ 8; about 50 km away.
    assert (moved.earnings_per_hour, moved.floor_per_hour) == (Decimal("47.25"), Decimal("43.88"))
    assert Decimal("45") < moved.km < Decimal("55")
    assert moved.utilisation == Decimal("1.000")  # week 1 full after the margin
    assert moved.engine_why == ""
    with translation.override("en"):
        assert lot_reason(moved) == (
            "Moved to this group in review, its capacity checked in weeks 1–2; it stood at 0% of "
            f"its earnings target before this plan; it is {moved.km:.0f} km from the pick-up "
            "point; a member earns 47.25 baht an hour (minimum wage 43.88)."
        )


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("not_ready", "not_in_run"),
        ("overlock", "cannot_sew"),
        ("harvest", "unavailable"),
        ("small", "capacity"),
        ("near", "same_group"),
    ],
)
def test_a_move_is_refused_with_the_reason_and_nothing_changes(target: str, code: str) -> None:
    run, lot, groups = _run()
    before = (lot.group_id, lot.schedule, lot.earnings_per_hour, lot.km)
    with pytest.raises(ApplicationError) as caught:
        allocation.lot_move(user=run.created_by, lot=lot, group_id=groups[target])
    assert [e.code for e in caught.value.fields["group_id"]] == [code]
    lot.refresh_from_db()
    assert (lot.group_id, lot.schedule, lot.earnings_per_hour, lot.km) == before


def test_the_capacity_refusal_names_the_week_in_thai() -> None:
    run, lot, groups = _run()
    with pytest.raises(ApplicationError) as caught:
        allocation.lot_move(user=run.created_by, lot=lot, group_id=groups["small"])
    (error,) = caught.value.fields["group_id"]
    assert error.params is not None
    assert error.params["week"] == 1 and error.params["cap"] == 3780
    assert error.params["need"] == 7560  # 378 shirts × 20 minutes
    assert error.params["date"].endswith(str(run.week1_on.year + 543))


def test_moving_through_the_page_and_the_api() -> None:
    run, lot, groups = _run()
    client = Client()
    assert client.login(username="officer86", password=PASSWORD)
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'data-testid="move-form"' in page
    assert f'<option value="{groups["far"]}">กลุ่มไกล</option>' in page
    # Not ready (so not in the run), or without the style's skills and machines: no choice.
    assert f'<option value="{groups["not_ready"]}">' not in page
    assert f'<option value="{groups["overlock"]}">' not in page
    client.post(f"/subcontracting/lots/{lot.pk}/review/move/", {"group_id": groups["far"]})
    lot.refresh_from_db()
    assert lot.group_id == groups["far"]
    assert client.post(f"/subcontracting/lots/{lot.pk}/review/nonsense/").status_code == 404
    response = client.post(
        f"/api/v1/subcontracting/lots/{lot.pk}/move",
        {"group_id": groups["small"]},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    field = response.json()["error"]["fields"]["group_id"][0]
    assert field["code"] == "capacity"
    assert field["message_en"].startswith("Too much for the group in week 1 (from ")
    response = client.post(
        f"/api/v1/subcontracting/lots/{lot.pk}/move",
        {"group_id": groups["near"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["group_id"] == groups["near"]


def test_a_group_representative_cannot_move_a_lot() -> None:
    _the_run, lot, groups = _run()
    representative_add(
        user=person("manager86", "PIO86", "manager"), establishment=lot.group,
        username="rep.a", first_name="ผู้แทน", password=PASSWORD,
    )  # fmt: skip
    client = Client()
    assert client.login(username="rep.a", password=PASSWORD)
    response = client.post(
        f"/api/v1/subcontracting/lots/{lot.pk}/move",
        {"group_id": groups["far"]},
        content_type="application/json",
    )
    assert response.status_code == 404  # a lot in review is not the group's to see
    lot.refresh_from_db()
    assert lot.group_id == groups["near"]
