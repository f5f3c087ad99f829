"""Offers: validation that names the field, the wage check at posting (refused below the legal
floor with the reason, flagged below main-occupation income), minimum wages as dated data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from saphan.core.errors import ApplicationError
from saphan.core.tests.factories import PASSWORD
from saphan.subcontracting import weeks
from saphan.subcontracting.models import MinimumWage, OfferStatus, WorkOffer
from saphan.subcontracting.selectors.offers import wage_verdict
from saphan.subcontracting.selectors.wages import highest_daily_wages, minimum_wage_on
from saphan.subcontracting.services import allocation, offers, wages
from saphan.subcontracting.tests import factories as f

pytestmark = pytest.mark.django_db


def test_seeded_minimum_wages_are_dated() -> None:
    def daily(code: str, day: dt.date) -> Decimal | None:
        row = minimum_wage_on(code, day)
        return None if row is None else row.baht_per_day

    assert daily("86", dt.date(2025, 3, 1)) == Decimal("351.00")
    assert daily("52", dt.date(2025, 3, 1)) == Decimal("347.00")
    assert daily("10", dt.date(2025, 6, 30)) == Decimal("372.00")
    assert daily("10", dt.date(2025, 7, 1)) == Decimal("400.00")
    assert minimum_wage_on("86", dt.date(2024, 12, 31)) is None
    assert minimum_wage_on("50", dt.date(2025, 3, 1)) is None  # Chiang Mai: not entered yet
    # A plan spanning a rise pays the higher rate.
    assert highest_daily_wages({"10", "86", "50"}, dt.date(2025, 6, 2), dt.date(2025, 7, 27)) == {
        "10": Decimal("400.00"),
        "86": Decimal("351.00"),
    }


def test_offer_below_the_floor_is_refused_with_the_reason() -> None:
    officer = f.officer()
    f.group()
    # 30 × 60 × 0.35 ÷ 20 = 31.50 baht an hour < 351 ÷ 8 = 43.88; 41.80 × 21 ÷ 20 = 43.89 is the
    # lowest rate that pays it (41.79 gives 43.8795).
    offer = f.offer(officer, f.company(), rate="30")
    assert offer.status == OfferStatus.POSTED
    assert (offer.check_earnings_per_hour, offer.check_floor_per_hour) == (
        Decimal("31.50"),
        Decimal("43.88"),
    )
    assert offer.below_floor
    with translation.override("en"):
        verdict = wage_verdict(offer)
    assert verdict is not None and verdict.level == "refused"
    assert verdict.message == (
        "At the planning efficiency of 35% a member earns 31.50 baht an hour, below the minimum "
        "wage of 43.88 baht an hour in ชุมพร (351.00 baht a day ÷ 8 hours). Pay may not be below "
        "the minimum wage (Home Workers Protection Act B.E. 2553, section 16): this offer cannot "
        "be allocated. A piece rate of at least 41.80 baht pays the minimum wage."
    )
    with translation.override("th"):
        assert "มาตรา 16" in wage_verdict(offer).message  # type: ignore[union-attr]
    # The run never places it, and says why.
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    assert run.lots.count() == 0
    assert list(run.shortfalls.values_list("offer_id", "pieces", "code")) == [
        (offer.pk, 700, "below_wage_floor")
    ]


def test_offer_below_main_occupation_income_is_flagged_but_allocated() -> None:
    officer = f.officer()
    f.group(income=Decimal("400"))  # 50 baht an hour from rubber tapping
    offer = f.offer(officer, f.company(), rate="45")  # 47.25 an hour
    assert not offer.below_floor and offer.below_main_income
    assert offer.check_main_income_per_hour == Decimal("50.00")
    with translation.override("en"):
        verdict = wage_verdict(offer)
    assert verdict is not None and verdict.level == "flagged"
    assert "below the 50.00 baht an hour of the members' main occupation" in verdict.message
    run = allocation.run_start(user=officer, province_code="86", week1_on=f.week1())
    assert run.lots.get().pieces == 700


def test_province_without_a_wage_cannot_be_allocated() -> None:
    officer = f.officer("o57", "PIO57")
    party = f.company(subdistrict="570101")  # Chiang Rai: no wage entered
    offer = f.offer(officer, party)
    assert offer.check_floor_per_hour is None and offer.below_floor
    with translation.override("en"):
        assert "An administrator must enter the province's rate" in wage_verdict(offer).message  # type: ignore[union-attr]


def test_only_administrators_enter_wages_and_bad_input_names_the_field() -> None:
    officer = f.officer()
    admin = f.officer("admin86", role="administrator")
    before = MinimumWage.objects.count()
    with pytest.raises(ApplicationError) as caught:
        wages.minimum_wage_set(
            user=officer, province_code="86", effective_from=dt.date(2026, 1, 1),
            baht_per_day=Decimal("360"), source="ประกาศ",
        )  # fmt: skip
    assert caught.value.status == 403
    assert MinimumWage.objects.count() == before
    with pytest.raises(ApplicationError) as caught:
        wages.minimum_wage_set(
            user=admin, province_code="86", effective_from=dt.date(2026, 1, 1),
            baht_per_day=Decimal("360"), source=" ",
        )  # fmt: skip
    assert list(caught.value.fields) == ["source"]
    # Chumphon's administrator may not enter Chiang Mai's rate.
    with pytest.raises(ApplicationError):
        wages.minimum_wage_set(
            user=admin, province_code="50", effective_from=dt.date(2026, 1, 1),
            baht_per_day=Decimal("360"), source="ประกาศ",
        )  # fmt: skip
    wage = wages.minimum_wage_set(
        user=admin, province_code="86", effective_from=dt.date(2026, 1, 1),
        baht_per_day=Decimal("360"), source="ประกาศคณะกรรมการค่าจ้าง",
    )  # fmt: skip
    assert minimum_wage_on("86", dt.date(2026, 2, 1)) == wage


def test_offer_validation_names_the_field_and_writes_nothing() -> None:
    officer = f.officer()
    party = f.company()
    start = f.week1()
    cases: list[tuple[dict[str, Any], Any, Any, str]] = [
        ({"due_on": start - dt.timedelta(days=1)}, None, None, "due_on"),
        ({"min_lot_pieces": 800}, None, None, "min_lot_pieces"),
        ({}, [], None, "operations"),
        ({}, [{"skill": "knitting", "machine_type": "lockstitch", "sam_minutes": 5}], None,
         "operations.0.skill"),
        ({}, None, [{"due_on": start, "pieces": 100}], "stages"),
        ({}, None, [{"due_on": start + dt.timedelta(days=60), "pieces": 700}], "stages.0.due_on"),
    ]  # fmt: skip
    for changes, ops, stages, field in cases:
        data: dict[str, Any] = {
            "title": "เสื้อ", "pieces": 700, "piece_rate_baht": Decimal("45"),
            "release_on": start, "due_on": weeks.week_end(start, 2), **changes,
        }  # fmt: skip
        with pytest.raises(ApplicationError) as caught:
            offers.offer_create(
                user=officer,
                party=party,
                data=data,
                operations=ops
                if ops is not None
                else [
                    {"skill": "lockstitch_seam", "machine_type": "lockstitch", "sam_minutes": 20}
                ],
                stages=stages,
            )
        assert list(caught.value.fields) == [field], field
    assert WorkOffer.objects.count() == 0


def test_staged_deliveries_become_due_weeks() -> None:
    officer = f.officer()
    f.group()
    start = f.week1()
    offer = f.offer(
        officer,
        f.company(),
        pieces=700,
        due_on=weeks.week_end(start, 3),
        stages=[
            {"due_on": weeks.week_end(start, 1), "pieces": 300},
            {"due_on": weeks.week_end(start, 3), "pieces": 400},
        ],
    )
    run = allocation.run_start(user=officer, province_code="86", week1_on=start)
    lot = run.lots.get()
    assert lot.offer == offer
    # The first 300 in week 1 (its stage is due that Sunday), the other 400 from week 1 on.
    by_week = {t["week"]: t["pieces"] for t in lot.schedule}
    assert by_week[1] >= 300
    assert sum(by_week.values()) == 700
    assert lot.due_on == weeks.week_end(start, 3)
    assert {o["id"] for o in run.problem["offers"]} == {
        f"o{offer.pk}-{weeks.week_end(start, 1):%Y%m%d}",
        f"o{offer.pk}-{weeks.week_end(start, 3):%Y%m%d}",
    }


def test_an_administrator_removes_a_rate_entered_by_mistake() -> None:
    officer = f.officer()
    admin = f.officer("admin86", role="administrator")
    wrong = wages.minimum_wage_set(
        user=admin, province_code="86", effective_from=dt.date(2026, 1, 1),
        baht_per_day=Decimal("3600"), source="พิมพ์ผิด",
    )  # fmt: skip
    officer_client, admin_client = Client(), Client()
    assert officer_client.login(username=officer.username, password=PASSWORD)
    assert admin_client.login(username="admin86", password=PASSWORD)
    # An officer sees no remove button and may not remove it.
    assert (
        f"/subcontracting/wages/{wrong.pk}/remove/"
        not in officer_client.get("/subcontracting/wages/").content.decode()
    )
    response = officer_client.delete(f"/api/v1/subcontracting/wages/{wrong.pk}")
    assert response.status_code == 403
    assert MinimumWage.objects.filter(pk=wrong.pk).exists()
    # The province's administrator does, from the page.
    page = admin_client.get("/subcontracting/wages/").content.decode()
    assert f"/subcontracting/wages/{wrong.pk}/remove/" in page
    admin_client.post(f"/subcontracting/wages/{wrong.pk}/remove/")
    assert not MinimumWage.objects.filter(pk=wrong.pk).exists()
    in_force = minimum_wage_on("86", dt.date(2026, 2, 1))
    assert in_force is not None and in_force.baht_per_day == Decimal("351.00")
