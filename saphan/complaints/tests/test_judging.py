"""Measurements judged against the standard in force on their day, with the reason shown."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from saphan.complaints.judging import EXCEEDS, NO_STANDARD, WITHIN, Reading, judge
from saphan.complaints.selectors.staff import standard_rows

pytestmark = pytest.mark.django_db


def _reading(**kw: object) -> Reading:
    data: dict[str, object] = {
        "pollutant": "pm25",
        "where": "ambient",
        "averaging_period": "24h",
        "value": Decimal("45"),
        "unit": "ug_m3",
        "day": dt.date(2023, 7, 1),
    }
    data.update(kw)
    return Reading(**data)  # type: ignore[arg-type]


def test_pm25_limit_changed_on_1_june_2023() -> None:
    rows = standard_rows()
    before = judge(_reading(day=dt.date(2023, 5, 31)), rows)
    after = judge(_reading(day=dt.date(2023, 6, 1)), rows)
    assert (before.outcome, before.standard.limit) == (WITHIN, Decimal("50"))  # type: ignore[union-attr]
    assert (after.outcome, after.standard.limit) == (EXCEEDS, Decimal("37.5"))  # type: ignore[union-attr]
    with translation.override("en"):
        assert after.reason.startswith(
            "45 µg/m³ is above the limit of 37.5 µg/m³ for a 24 hours average"
        )
        assert "in force since 1 Jun 2566 BE" in after.reason
    with translation.override("th"):
        assert after.reason.startswith("45 µg/m³ เกินค่ามาตรฐาน 37.5 µg/m³")


def test_annual_and_other_pollutants() -> None:
    rows = standard_rows()
    assert judge(_reading(averaging_period="annual", value=Decimal("15")), rows).outcome == WITHIN
    assert (
        judge(_reading(averaging_period="annual", value=Decimal("15.1")), rows).outcome == EXCEEDS
    )
    assert judge(_reading(pollutant="pm10", value=Decimal("121")), rows).outcome == EXCEEDS
    assert (
        judge(_reading(pollutant="tsp", value=Decimal("0.33"), unit="mg_m3"), rows).outcome
        == WITHIN
    )
    assert (
        judge(_reading(pollutant="tsp", value=Decimal("0.331"), unit="mg_m3"), rows).outcome
        == EXCEEDS
    )


def test_pm25_at_a_stack_has_no_standard_and_says_why() -> None:
    verdict = judge(_reading(where="stack", unit="mg_m3"), standard_rows())
    assert (verdict.outcome, verdict.standard) == (NO_STANDARD, None)
    with translation.override("en"):
        assert verdict.reason == (
            "PM2.5 limits are for the air people breathe (ambient, µg/m³); a stack is regulated "
            "as total particulate in mg/m³. Measure total particulate at the stack, or PM2.5 in "
            "the community."
        )


def test_stack_particulate_limit_is_to_confirm_until_entered() -> None:
    from saphan.complaints.models import Standard

    reading = _reading(
        pollutant="particulate",
        where="stack",
        averaging_period="spot",
        value=Decimal("260"),
        unit="mg_m3",
    )
    verdict = judge(reading, standard_rows())
    assert verdict.outcome == NO_STANDARD
    assert verdict.standard is not None and verdict.standard.to_confirm
    with translation.override("en"):
        assert "is not confirmed yet" in verdict.reason
    Standard.objects.filter(pollutant="particulate").update(limit=Decimal("240"))
    now_judged = judge(reading, standard_rows())
    assert now_judged.outcome == EXCEEDS
    with translation.override("en"):
        assert now_judged.reason.endswith("This limit is still to be confirmed.")


def test_period_and_unit_mismatches_are_explained() -> None:
    rows = standard_rows()
    spot = judge(_reading(averaging_period="spot"), rows)
    with translation.override("en"):
        assert spot.outcome == NO_STANDARD
        assert spot.reason == (
            "The limits for PM2.5 (Ambient air (community)) are averages over 24 hours, 1 year; "
            "a Single sample (spot) value cannot be compared with them."
        )
        noise = judge(_reading(pollutant="noise", where="boundary", unit="dba"), rows)
        assert noise.reason == "No standard is recorded for Noise level measured at: Site boundary."
        ppm = judge(_reading(unit="ppm"), rows)
        assert ppm.reason == "Measured in ppm but the standard is in µg/m³: not comparable."
