"""Quality rules: each passes a good record and fails a bad one exactly; scores by hand."""

from __future__ import annotations

import dataclasses
import random
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

import pytest

from saphan.core.validators import is_valid_thai_id, thai_id_check_digit
from saphan.registry.quality_rules import (
    DUP_GROUP_FULL,
    RECORD_FIELDS,
    RULES,
    Context,
    DupKey,
    Finding,
    Record,
    Scores,
    distance_km,
    dup_key,
    evaluate,
    find_duplicates,
    finding_message,
    impact,
    implied_class,
    name_normalise,
    record_from_mapping,
    rule,
    rules_for,
    score,
)
from saphan.registry.quality_rules import (
    _valid_juristic_id as valid_juristic_id,
)

TODAY = date(2025, 6, 1)
CTX = Context(
    today=TODAY,
    subdistrict_postal_codes={"250101": ("25000", "25230"), "100101": ("10200",)},
    province_centres={"25": (14.05, 101.37, 60.0)},
    province_abbr={"ปจ": "25", "กทม": "10"},
)
REG = "จ3-9(6)-100/51ปจ"

GOOD_FACTORY = Record(
    kind="factory",
    id=1,
    name_th="บริษัท ปราจีนผลิตภัณฑ์ จำกัด",
    juristic_id="0255550001231",
    house_no="99",
    moo="3",
    subdistrict_code="250101",
    district_code="2501",
    province_code="25",
    postal_code="25000",
    latitude=Decimal("14.050000"),
    longitude=Decimal("101.370000"),
    status="active",
    verified_at=datetime(2025, 3, 1, 3, 0, tzinfo=UTC),
    factory_registration_no=REG,
    factory_fid="10250000125417",
    factory_type_code="00906",
    factory_class=3,
    factory_horsepower=Decimal("75.00"),
    factory_workers_male=20,
    factory_workers_female=10,
    factory_workers_total=30,
    factory_investment_total=Decimal("5000000.00"),
    factory_permit_date=date(2008, 5, 1),
    factory_licence_status="operating",
)
GOOD_MINE = Record(
    kind="mine",
    id=2,
    name_th="เหมืองหินปูนเขาใหญ่",
    province_code="25",
    subdistrict_code="250101",
    postal_code="25230",
    latitude=14.1,
    longitude=101.4,
    status="active",
    verified_at=date(2025, 1, 10),
    mine_concession_no="25/2540",
    mine_minerals="หินปูน",
    mine_area_rai=Decimal("250.50"),
    mine_issued_on=date(2000, 1, 15),
    mine_expires_on=date(2030, 1, 14),
    mine_concession_status="operating",
)
GOOD_ENTERPRISE = Record(
    kind="enterprise",
    id=3,
    name_th="วิสาหกิจชุมชนผ้าทอบ้านนา",
    province_code="25",
    subdistrict_code="250101",
    latitude=14.0,
    longitude=101.3,
    verified_at=date(2025, 5, 1),
    enterprise_registration_code="250101000001",
    enterprise_registered_on=date(2015, 7, 1),
    enterprise_members_count=15,
    enterprise_group_kind="enterprise",
)
GOOD_BUSINESS = Record(
    kind="business",
    id=4,
    name_th="ร้านขนมไทยแม่มาลี",
    juristic_id="0105556012341",
    province_code="10",
    subdistrict_code="100101",
    postal_code="10200",
    latitude=13.75,
    longitude=100.5,
    verified_at=date(2024, 6, 1),
)


def f(code: str, field: str, severity: str, **params: Any) -> Finding:
    return Finding(code, field, severity, params)


def change(record: Record, **values: Any) -> Record:
    return dataclasses.replace(record, **values)


# (rule code, bad record, the rule's exact findings on it). Each rule also passes its good record.
CASES: list[tuple[str, Record, Record, list[Finding]]] = [
    # completeness
    ("required.name_th", GOOD_BUSINESS, change(GOOD_BUSINESS, name_th="  "),
     [f("required.name_th", "name_th", "error")]),
    ("required.province", GOOD_MINE, change(GOOD_MINE, province_code=None),
     [f("required.province", "province_code", "error")]),
    ("required.subdistrict", GOOD_ENTERPRISE, change(GOOD_ENTERPRISE, subdistrict_code=""),
     [f("required.subdistrict", "subdistrict_code", "warning")]),
    ("required.coordinates", GOOD_FACTORY, change(GOOD_FACTORY, longitude=None),
     [f("required.coordinates", "longitude", "warning")]),
    ("required.coordinates", GOOD_FACTORY, change(GOOD_FACTORY, latitude=None, longitude=None),
     [f("required.coordinates", "latitude", "warning")]),
    ("required.fid", change(GOOD_FACTORY, factory_fid=None),
     change(GOOD_FACTORY, factory_fid=None, factory_registration_no=""),
     [f("required.fid", "factory_fid", "error")]),
    ("required.type_code", GOOD_FACTORY, change(GOOD_FACTORY, factory_type_code=""),
     [f("required.type_code", "factory_type_code", "warning")]),
    ("required.class", GOOD_FACTORY, change(GOOD_FACTORY, factory_class=None),
     [f("required.class", "factory_class", "warning")]),
    ("required.address", change(GOOD_FACTORY, house_no=""),
     change(GOOD_FACTORY, house_no="", moo=None),
     [f("required.address", "house_no", "warning")]),
    ("required.concession_no", GOOD_MINE, change(GOOD_MINE, mine_concession_no=""),
     [f("required.concession_no", "mine_concession_no", "error")]),
    ("required.minerals", GOOD_MINE, change(GOOD_MINE, mine_minerals=None),
     [f("required.minerals", "mine_minerals", "warning")]),
    ("required.expiry", GOOD_MINE, change(GOOD_MINE, mine_expires_on=None),
     [f("required.expiry", "mine_expires_on", "warning")]),
    ("required.registration_code",
     change(GOOD_ENTERPRISE, enterprise_registration_code="", enterprise_group_kind="unregistered"),
     change(GOOD_ENTERPRISE, enterprise_registration_code=""),
     [f("required.registration_code", "enterprise_registration_code", "warning")]),
    # formats
    ("format.juristic_id", GOOD_FACTORY, change(GOOD_FACTORY, juristic_id="0255550001232"),
     [f("format.juristic_id", "juristic_id", "error", value="0255550001232")]),
    ("format.juristic_id", GOOD_BUSINESS, change(GOOD_BUSINESS, juristic_id="010555601234"),
     [f("format.juristic_id", "juristic_id", "error", value="010555601234")]),
    ("format.fid", GOOD_FACTORY, change(GOOD_FACTORY, factory_fid="1025000012541"),
     [f("format.fid", "factory_fid", "error", value="1025000012541")]),
    ("format.fid", GOOD_FACTORY, change(GOOD_FACTORY, factory_fid="1025000012541X"),
     [f("format.fid", "factory_fid", "error", value="1025000012541X")]),
    ("format.registration_no", change(GOOD_FACTORY, factory_registration_no="น.3-9-10/45ปจ"),
     change(GOOD_FACTORY, factory_registration_no="3-9(6)-100"),
     [f("format.registration_no", "factory_registration_no", "warning", value="3-9(6)-100")]),
    ("format.type_code", GOOD_FACTORY, change(GOOD_FACTORY, factory_type_code="9(6)"),
     [f("format.type_code", "factory_type_code", "warning", value="9(6)")]),
    ("format.type_code", change(GOOD_FACTORY, factory_type_code="10701"),
     change(GOOD_FACTORY, factory_type_code="10801"),
     [f("format.type_code", "factory_type_code", "warning", value="10801")]),
    # agreement with the old registration number
    ("agree.registration_type_code", GOOD_FACTORY, change(GOOD_FACTORY, factory_type_code="00905"),
     [f("agree.registration_type_code", "factory_type_code", "warning",
        registration_no=REG, registration_type="9(6)", type_code="00905")]),
    ("agree.registration_type_code",
     change(GOOD_FACTORY, factory_registration_no="จ3-9-100/51ปจ"),
     change(GOOD_FACTORY, factory_registration_no="จ3-9-100/51ปจ", factory_type_code="01006"),
     [f("agree.registration_type_code", "factory_type_code", "warning",
        registration_no="จ3-9-100/51ปจ", registration_type="9", type_code="01006")]),
    ("agree.registration_class", GOOD_FACTORY, change(GOOD_FACTORY, factory_class=2),
     [f("agree.registration_class", "factory_class", "warning",
        registration_no=REG, registration_class=3, **{"class": 2})]),
    ("agree.registration_province", GOOD_FACTORY, change(GOOD_FACTORY, province_code="10"),
     [f("agree.registration_province", "province_code", "warning",
        registration_no=REG, abbr="ปจ", registration_province="25", province_code="10")]),
    # class by size
    ("class.size", GOOD_FACTORY, change(GOOD_FACTORY, factory_class=1),
     [f("class.size", "factory_class", "warning",
        implied=3, horsepower=75, workers=30, **{"class": 1})]),
    ("class.size",
     change(GOOD_FACTORY, factory_class=2, factory_horsepower=50, factory_workers_total=21),
     change(GOOD_FACTORY, factory_class=1, factory_horsepower=50, factory_workers_total=21),
     [f("class.size", "factory_class", "warning",
        implied=2, horsepower=50, workers=21, **{"class": 1})]),
    ("class.size",
     change(GOOD_FACTORY, factory_type_code="08801", factory_registration_no="จ3-88(1)-7/51ปจ",
            factory_horsepower=Decimal("2.5"), factory_workers_total=3),
     change(GOOD_FACTORY, factory_type_code="08801", factory_registration_no="จ3-88(1)-7/51ปจ",
            factory_horsepower=Decimal("2.5"), factory_workers_total=3, factory_class=1),
     [f("class.size", "factory_class", "warning",
        implied=3, horsepower=2.5, workers=3, **{"class": 1})]),
    # address and place
    ("postal.subdistrict", GOOD_FACTORY, change(GOOD_FACTORY, postal_code="25110"),
     [f("postal.subdistrict", "postal_code", "warning",
        postal_code="25110", subdistrict_code="250101", expected="25000, 25230")]),
    ("geo.thailand", GOOD_FACTORY, change(GOOD_FACTORY, latitude=Decimal("1.5")),
     [f("geo.thailand", "latitude", "error", latitude=1.5, longitude=101.37)]),
    ("geo.thailand", GOOD_FACTORY, change(GOOD_FACTORY, longitude=Decimal("110.0")),
     [f("geo.thailand", "longitude", "error", latitude=14.05, longitude=110.0)]),
    # One degree of latitude is 6371.0088 km × π / 180 = 111.195 km, beyond the 60 km radius.
    ("geo.province", change(GOOD_FACTORY, latitude=Decimal("14.55")),
     change(GOOD_FACTORY, latitude=Decimal("15.05")),
     [f("geo.province", "latitude", "warning",
        province_code="25", distance_km=111.2, radius_km=60.0)]),
    # numbers and dates
    ("number.negative", GOOD_FACTORY, change(GOOD_FACTORY, factory_horsepower=Decimal("-5")),
     [f("number.negative", "factory_horsepower", "error", value=-5)]),
    ("number.negative", GOOD_FACTORY,
     change(GOOD_FACTORY, factory_workers_total=-1, factory_investment_land=Decimal("-0.50")),
     [f("number.negative", "factory_workers_total", "error", value=-1),
      f("number.negative", "factory_investment_land", "error", value=-0.5)]),
    ("number.negative", GOOD_MINE, change(GOOD_MINE, mine_area_rai=Decimal("-1")),
     [f("number.negative", "mine_area_rai", "error", value=-1)]),
    ("agree.workers_total", GOOD_FACTORY, change(GOOD_FACTORY, factory_workers_female=5),
     [f("agree.workers_total", "factory_workers_total", "warning", male=20, female=5, total=30)]),
    ("date.future", GOOD_FACTORY, change(GOOD_FACTORY, factory_permit_date=date(2025, 6, 2)),
     [f("date.future", "factory_permit_date", "error", value="2025-06-02", today="2025-06-01")]),
    # 17:00 UTC on 1 June is midnight on 2 June in Bangkok; 16:59 UTC is still 1 June there.
    ("date.future", change(GOOD_FACTORY, verified_at=datetime(2025, 6, 1, 16, 59, tzinfo=UTC)),
     change(GOOD_FACTORY, verified_at=datetime(2025, 6, 1, 17, 0, tzinfo=UTC)),
     [f("date.future", "verified_at", "error", value="2025-06-02", today="2025-06-01")]),
    ("date.future", GOOD_ENTERPRISE,
     change(GOOD_ENTERPRISE, enterprise_registered_on=date(2026, 1, 1)),
     [f("date.future", "enterprise_registered_on", "error",
        value="2026-01-01", today="2025-06-01")]),
    ("date.order", GOOD_MINE,
     change(GOOD_MINE, mine_issued_on=date(2010, 1, 1), mine_expires_on=date(2009, 12, 31)),
     [f("date.order", "mine_expires_on", "error",
        issued_on="2010-01-01", expires_on="2009-12-31")]),
    # status contradictions
    ("status.concession_expired", change(GOOD_MINE, mine_expires_on=TODAY),
     change(GOOD_MINE, mine_expires_on=date(2025, 5, 31)),
     [f("status.concession_expired", "mine_concession_status", "error", expires_on="2025-05-31")]),
    ("status.licence_struck_off_active",
     change(GOOD_FACTORY, factory_licence_status="struck_off", status="closed"),
     change(GOOD_FACTORY, factory_licence_status="struck_off"),
     [f("status.licence_struck_off_active", "status", "error",
        licence_status="struck_off", status="active")]),
    ("status.licence_struck_off_active", GOOD_FACTORY,
     change(GOOD_FACTORY, factory_licence_status="stopped"),
     [f("status.licence_struck_off_active", "status", "error",
        licence_status="stopped", status="active")]),
    # currency: 12 months back from 1 June 2025 is 1 June 2024, 365 days.
    ("currency.unverified", change(GOOD_FACTORY, verified_at=date(2024, 6, 1)),
     change(GOOD_FACTORY, verified_at=date(2024, 5, 31)),
     [f("currency.unverified", "verified_at", "warning",
        verified_on="2024-05-31", age_days=366, period_days=365, months=12)]),
    ("currency.never_verified", GOOD_MINE, change(GOOD_MINE, verified_at=None),
     [f("currency.never_verified", "verified_at", "info")]),
]  # fmt: skip


@pytest.mark.parametrize(("good", "kind"), [
    (GOOD_FACTORY, "factory"), (GOOD_MINE, "mine"), (GOOD_ENTERPRISE, "enterprise"),
    (GOOD_BUSINESS, "business"),
])  # fmt: skip
def test_good_records_have_no_findings(good: Record, kind: str) -> None:
    assert good.kind == kind
    assert evaluate(good, CTX) == ([], Scores(100, 100, 100))


def test_every_rule_has_a_case() -> None:
    # Duplicates need other records: find_duplicates has its own tests.
    assert {code for code, *_ in CASES} == {
        r.code for r in RULES if not r.code.startswith("duplicate.")
    }


@pytest.mark.parametrize(
    ("code", "good", "bad", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_rule_passes_good_and_fails_bad(
    code: str, good: Record, bad: Record, expected: list[Finding]
) -> None:
    r = rule(code)
    assert r.check(good, CTX) == ()
    assert list(r.check(bad, CTX)) == expected
    found, _ = evaluate(bad, CTX)
    assert [x for x in found if x.rule_code == code] == expected
    for finding in expected:
        assert finding.field in r.fields
        assert finding.severity == r.severity
        # Both messages fill in from the params without a missing key.
        assert "%(" not in finding_message(finding, "th")
        assert "%(" not in finding_message(finding, "en")


def test_rules_are_well_formed() -> None:
    placeholders = re.compile(r"%\((\w+)\)s")
    for r in RULES:
        assert set(r.fields) <= RECORD_FIELDS, r.code
        assert r.kinds and r.kinds <= {"factory", "mine", "business", "enterprise", "group",
                                       "village"}, r.code  # fmt: skip
        assert r.severity in {"error", "warning", "info"}
        assert r.dimension in {"completeness", "validity", "currency"}
        assert set(placeholders.findall(r.message_th)) == set(placeholders.findall(r.message_en)), (
            r.code
        )
        assert r.weight > 0


def test_registry_lookups() -> None:
    factory_codes = {r.code for r in rules_for("factory")}
    assert {"required.fid", "class.size", "required.name_th"} <= factory_codes
    assert "required.concession_no" not in factory_codes
    assert {r.code for r in rules_for("mine")} >= {"required.expiry", "status.concession_expired"}
    assert rules_for("spaceport") == ()
    assert rule("format.fid").severity == "error"
    with pytest.raises(KeyError):
        rule("no.such.rule")


def test_province_agreement_needs_a_known_abbreviation() -> None:
    bad = change(GOOD_FACTORY, province_code="10")
    assert rule("agree.registration_province").check(bad, Context(today=TODAY)) == ()
    unknown = change(bad, factory_registration_no="จ3-9(6)-100/51ขข")
    assert rule("agree.registration_province").check(unknown, CTX) == ()


def test_geo_province_without_a_centre_checks_only_the_box() -> None:
    far = change(GOOD_FACTORY, latitude=Decimal("19.9"))
    assert rule("geo.province").check(far, Context(today=TODAY)) == ()
    assert rule("geo.thailand").check(far, CTX) == ()


@pytest.mark.parametrize(("latitude", "longitude", "distance_km"), [
    # The centre is 14.05, 101.37 with a 60 km radius (CTX).
    ("14.35", "101.57", None),  # 39.7 km: inside the quick test's diamond
    ("14.40", "101.72", None),  # 54.2 km: outside the diamond, inside the circle
    ("14.45", "101.77", 61.9),  # diagonal, just beyond the radius
    ("14.589", "101.37", None),  # 59.93 km north: outside the diamond, inside the circle
    ("14.590", "101.37", 60.0),  # 60.05 km north: beyond
])  # fmt: skip
def test_geo_province_at_the_edge_of_the_radius(
    latitude: str, longitude: str, distance_km: float | None
) -> None:
    record = change(GOOD_FACTORY, latitude=Decimal(latitude), longitude=Decimal(longitude))
    expected = (
        [f("geo.province", "latitude", "warning", province_code="25",
           distance_km=distance_km, radius_km=60.0)]
        if distance_km is not None else []
    )  # fmt: skip
    assert list(rule("geo.province").check(record, CTX)) == expected


def test_postal_code_of_an_unknown_subdistrict_is_not_judged() -> None:
    record = change(GOOD_FACTORY, subdistrict_code="999999", postal_code="25110")
    assert rule("postal.subdistrict").check(record, CTX) == ()


@pytest.mark.parametrize(("hp", "workers", "item", "expected"), [
    (Decimal("50"), 20, None, 1),
    (Decimal("50"), 21, None, 2),
    (50, 50, 9, 2),
    (Decimal("50.01"), 0, None, 3),
    (0, 51, None, 3),
    (None, 60, None, 3),
    (None, 10, None, None),
    (Decimal("10"), None, None, None),
    (Decimal("1"), 1, 88, 3),
    (None, None, 90, 3),
    (Decimal("1"), 1, 91, 1),
])  # fmt: skip
def test_implied_class(
    hp: Any, workers: int | None, item: int | None, expected: int | None
) -> None:
    assert implied_class(hp, workers, item) == expected


def test_juristic_id_fast_path_agrees_with_the_validator() -> None:
    for n in range(0, 10**12, 7_919_999_999):
        first = f"{n:012d}"
        good = first + str(thai_id_check_digit(first))
        bad = first + str((thai_id_check_digit(first) + 1) % 10)
        assert valid_juristic_id(good) is True and is_valid_thai_id(good)
        assert valid_juristic_id(bad) is False and not is_valid_thai_id(bad)
    assert valid_juristic_id("๐๒๕๕๕๕๐๐๐๑๒๓๑")  # Thai digits take the validator's path


def test_distance_by_hand() -> None:
    assert round(distance_km(14.05, 101.37, 15.05, 101.37), 3) == 111.195
    assert distance_km(13.75, 100.5, 13.75, 100.5) == 0.0


def test_context_period_is_calendar_months() -> None:
    assert CTX.period_days == 365
    assert Context(today=date(2024, 3, 31), currency_months=1).period_days == 31  # to 29 Feb
    assert Context(today=date(2025, 8, 31), currency_months=6).period_days == 184  # to 28 Feb


def test_record_is_frozen_and_slotted() -> None:
    record = Record(kind="factory")
    assert not hasattr(record, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.name_th = "x"  # type: ignore[misc]


def test_record_from_mapping_ignores_unknown_keys() -> None:
    record = record_from_mapping({"kind": "mine", "id": 7, "mine_minerals": "ดีบุก", "extra": 1})
    assert record == Record(kind="mine", id=7, mine_minerals="ดีบุก")


# --- scores ------------------------------------------------------------------------------------


def test_completeness_is_the_share_of_required_items() -> None:
    # A factory has 8 required items: name, province, subdistrict, coordinates, FID or
    # registration number, type code, class, address. Two missing: floor(100 × 6 / 8) = 75.
    record = change(GOOD_FACTORY, factory_type_code="", factory_class=None)
    findings, scores = evaluate(record, CTX)
    assert [x.rule_code for x in findings] == ["required.type_code", "required.class"]
    assert scores == Scores(75, 100, 100)
    # A mine has 7: name, province, subdistrict, coordinates, concession number, minerals,
    # expiry. Three missing: floor(100 × 4 / 7) = 57.
    mine = change(GOOD_MINE, mine_minerals="", mine_expires_on=None, subdistrict_code=None)
    assert evaluate(mine, CTX)[1].completeness == 57


def test_an_unregistered_group_needs_no_registration_code() -> None:
    # 4 required items for every kind; a registered enterprise has a fifth, the code.
    unregistered = change(
        GOOD_ENTERPRISE, enterprise_registration_code="", enterprise_group_kind="unregistered"
    )
    assert evaluate(unregistered, CTX) == ([], Scores(100, 100, 100))
    registered = change(GOOD_ENTERPRISE, enterprise_registration_code="")
    assert evaluate(registered, CTX)[1] == Scores(80, 100, 100)  # 4 of 5
    missing_both = change(unregistered, latitude=None)
    assert evaluate(missing_both, CTX)[1] == Scores(75, 100, 100)  # 3 of 4


def test_validity_subtracts_weighted_penalties() -> None:
    # format.juristic_id: error 20 × 1; postal.subdistrict: warning 5 × 0.5 = 2.5.
    record = change(GOOD_FACTORY, juristic_id="0255550001232", postal_code="25110")
    assert evaluate(record, CTX)[1] == Scores(100, 77, 100)  # floor(100 − 22.5)
    # status.licence_struck_off_active: error 20 × 2 = 40 more: floor(37.5) = 37.
    worse = change(record, factory_licence_status="struck_off")
    assert evaluate(worse, CTX)[1] == Scores(100, 37, 100)
    # It never goes below 0.
    worst = change(worse, latitude=Decimal("1"), factory_fid="1", factory_horsepower=-1)
    assert evaluate(worst, CTX)[1].validity == 0


@pytest.mark.parametrize(("verified_at", "currency"), [
    (date(2024, 6, 1), 100),  # 365 days: within the period
    (date(2024, 5, 31), 99),  # 366 days: floor(100 × (730 − 366) / 365) = 99
    (date(2023, 9, 1), 24),  # 639 days: floor(100 × 91 / 365) = 24
    (date(2023, 6, 2), 0),  # 730 days: twice the period
    (date(2020, 1, 1), 0),
    (None, 0),  # never verified
    (datetime(2024, 5, 31, 17, 0, tzinfo=UTC), 100),  # 1 June 2024 in Bangkok
])  # fmt: skip
def test_currency_decays_linearly_after_the_period(verified_at: Any, currency: int) -> None:
    record = change(GOOD_BUSINESS, verified_at=verified_at)
    assert evaluate(record, CTX)[1] == Scores(100, 100, currency)


def test_score_agrees_with_evaluate() -> None:
    records = [bad for _, _, bad, _ in CASES] + [GOOD_FACTORY, GOOD_MINE]
    for record in records:
        findings, scores = evaluate(record, CTX)
        assert score(record, findings) == scores
        assert score(record, findings, rules_for(record.kind)) == scores
        # Every finding comes from one rule's check.
        assert findings == [x for r in RULES for x in r.check(record, CTX)]


def test_score_counts_only_the_rules_given() -> None:
    record = change(GOOD_FACTORY, juristic_id="0255550001232", factory_class=None)
    findings, _ = evaluate(record, CTX)
    only_required = [r for r in RULES if r.dimension == "completeness"]
    # 7 of 8 required; the format finding is not among the rules given.
    assert score(record, findings, only_required) == Scores(87, 100, 100)


# --- impact ------------------------------------------------------------------------------------


def test_impact_by_hand() -> None:
    # 10 × severity (error 10, warning 3, info 1) × rule weight × (1 + log10(1 + workers)).
    business = change(GOOD_BUSINESS, juristic_id="1")
    assert impact(f("format.juristic_id", "juristic_id", "error", value="1"), business) == 100
    factory = change(GOOD_FACTORY, factory_workers_total=99)
    assert impact(f("required.type_code", "factory_type_code", "warning"), factory) == 90
    big = change(GOOD_FACTORY, factory_workers_total=999)
    assert impact(f("required.fid", "factory_fid", "error"), big) == 800
    assert impact(f("currency.never_verified", "verified_at", "info"), GOOD_MINE) == 10
    unknown = change(GOOD_FACTORY, factory_workers_total=None)
    assert impact(f("format.registration_no", "factory_registration_no", "warning"), unknown) == 15


# --- messages ----------------------------------------------------------------------------------


def test_messages_show_dates_in_the_buddhist_era() -> None:
    finding = f(
        "currency.unverified", "verified_at", "warning",
        verified_on="2024-05-31", age_days=366, period_days=365, months=12,
    )  # fmt: skip
    assert finding_message(finding, "th") == (
        "ข้อมูลไม่ได้ตรวจสอบมา 366 วัน (ตรวจล่าสุด 31 พ.ค. 2567) เกินรอบ 12 เดือน"
    )
    assert finding_message(finding, "en") == (
        "Not verified for 366 days (last on 31 May 2567 BE), longer than 12 months."
    )
    size = f("class.size", "factory_class", "warning", implied=3, horsepower=None, workers=60,
             **{"class": 1})  # fmt: skip
    assert finding_message(size, "en") == (
        "Class 1 does not match the size (— HP, 60 workers): the 1992 Ministerial Regulation "
        "gives class 3."
    )


# --- duplicates --------------------------------------------------------------------------------


def key(
    id: int, name: str = "", *, fid: str = "", jid: str = "", sub: str = "250101", house: str = ""
) -> DupKey:
    return DupKey(id, fid, jid, name_normalise(name), sub, house)


@pytest.mark.parametrize(("name", "normalised"), [
    ("บริษัท ไทยรุ่งเรือง จำกัด (มหาชน)", "ไทยรุ่งเรือง"),
    ("หจก. ช่างไทย", "ช่างไทย"),
    ("ห้างหุ้นส่วนจำกัด ช่างไทย", "ช่างไทย"),
    ("Thai Rung Co., Ltd.", "thairung"),
    ("Coffee House Co.,Ltd", "coffeehouse"),
    ("Siam Cement Public Company Limited", "siamcement"),
    ("โรงงานน้ำแข็ง ๒๕", "น้ำแข็ง25"),
    ("", ""),
])  # fmt: skip
def test_name_normalise(name: str, normalised: str) -> None:
    assert name_normalise(name) == normalised


def test_same_fid_or_juristic_id_is_a_duplicate() -> None:
    keys = [
        key(1, "ก", fid="10250000125417"),
        key(2, "ข", fid="10250000125417", sub="100101"),
        key(3, "ค", jid="0105556012341", sub="100101"),
        key(4, "ง", jid="0105556012341", sub="250102"),
        key(5, "จ"),
    ]
    assert find_duplicates(keys) == [(1, 2, "duplicate.id"), (3, 4, "duplicate.id")]


def test_two_factories_of_one_company_are_not_duplicates() -> None:
    keys = [
        key(1, "ก", jid="0105556012341", fid="10250000000001"),
        key(2, "ข", jid="0105556012341", fid="10250000000002", sub="100101"),
        key(3, "ค", jid="0105556012341", sub="200101"),  # no FID: could be either
    ]
    assert find_duplicates(keys) == [(1, 3, "duplicate.id"), (2, 3, "duplicate.id")]


def test_placeholder_ids_and_the_same_record_twice_are_ignored() -> None:
    keys = [
        key(1, "ก", jid="0000000000000", sub="1"),
        key(2, "ข", jid="0000000000000", sub="2"),
        key(3, "ค", fid="10250000125417", sub="3"),
        key(3, "ค", fid="10250000125417", sub="3"),
    ]
    assert find_duplicates(keys) == []


def test_a_large_group_is_linked_to_its_smallest_id() -> None:
    keys = [key(100 + i, f"ร้าน{i}", jid="0105556012341", sub=str(i)) for i in range(25)]
    assert len(keys) > DUP_GROUP_FULL
    assert find_duplicates(keys) == [(100, 100 + i, "duplicate.id") for i in range(1, 25)]


def test_names_in_the_same_place_are_duplicates() -> None:
    keys = [
        key(1, "บริษัท ไทยรุ่งเรือง จำกัด", house="99"),
        key(2, "ไทยรุ่งเรือง", house="99"),  # the same once normalised
        key(3, "หจก. ไทยรุ่งเรือง", house=""),  # no house number: may be the same
        key(4, "ไทยรุ่งเรือง", house="100"),  # another house number
        key(5, "ไทยรุ่งเรือง", house="99", sub="250102"),  # another subdistrict
        key(6, "ไทยรุ่งโรจน์", house="99"),  # ratio 0.67
    ]
    assert find_duplicates(keys) == [
        (1, 2, "duplicate.name_address"),
        (1, 3, "duplicate.name_address"),
        (2, 3, "duplicate.name_address"),
        (3, 4, "duplicate.name_address"),
    ]


def test_near_identical_names_match_at_ratio_092() -> None:
    keys = [
        key(1, "สยามพลาสติกอุตสาหกรรม", house="5"),
        # One letter dropped from 21: ratio = 2 × 20 / 41 = 0.976.
        key(2, "สยามพลาสติกอุตสาหกรม", house="5"),
        # The last letter replaced by one the name lacks: ratio = 2 × 20 / 42 = 0.952.
        key(3, "สยามพลาสติกอุตสาหกรรฆ", house=""),
        # 10 letters in common between 12 and 11: ratio = 2 × 10 / 23 = 0.87.
        key(4, "ไทยรุ่งเรือง", house="5"),
        key(5, "ไทยรุ่งเรอย", house=""),
    ]
    assert find_duplicates(keys) == [
        (1, 2, "duplicate.name_address"),
        (1, 3, "duplicate.name_address"),
        (2, 3, "duplicate.name_address"),
    ]


def test_name_pairs_agree_with_comparing_every_pair() -> None:
    # The length window and the letter filter only skip pairs that cannot reach the ratio.
    rng = random.Random(7)
    stems = ["สยามพลาสติก", "ไทยรุ่งเรือง", "น้ำแข็งเจริญ", "ค้าไม้มั่นคง"]
    keys = []
    for i in range(400):
        name = list(rng.choice(stems) + rng.choice(["", "อุตสาหกรรม", "ทอง", "ศรี"]))
        for _ in range(rng.randint(0, 2)):
            name[rng.randrange(len(name))] = rng.choice("กขคงจฉชซ")
        if rng.random() < 0.3:
            del name[rng.randrange(len(name))]
        house = rng.choice(["", "", "1", "2", "3"])
        keys.append(key(i, "".join(name), sub=rng.choice(["1", "2"]), house=house))
    found = {(a, b) for a, b, _ in find_duplicates(keys)}
    either, both = set(), set()
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if a.subdistrict_code != b.subdistrict_code:
                continue
            if a.house_no and b.house_no and a.house_no != b.house_no:
                continue
            one = SequenceMatcher(None, a.name, b.name).ratio() >= 0.92
            other = SequenceMatcher(None, b.name, a.name).ratio() >= 0.92
            if a.name == b.name or one or other:
                either.add((a.id, b.id))
            if a.name == b.name or (one and other):
                both.add((a.id, b.id))
    assert both <= found <= either
    assert len(found) > 50


def test_an_id_duplicate_is_reported_once() -> None:
    keys = [key(1, "ไทยรุ่งเรือง", fid="10250000125417"), key(2, "ไทยรุ่งเรือง", fid="10250000125417")]
    assert find_duplicates(keys) == [(1, 2, "duplicate.id")]


def test_dup_key_normalises() -> None:
    record = change(GOOD_FACTORY, house_no=" ๙๙/๑ ", juristic_id=" 0255550001231")
    assert dup_key(record) == DupKey(
        1, "10250000125417", "0255550001231", "ปราจีนผลิตภัณฑ์", "250101", "99/1"
    )


# --- reading records in bulk -------------------------------------------------------------------


def test_record_builder_gives_the_same_record_as_the_constructor() -> None:
    from saphan.registry.quality_rules import record_builder

    names = ["id", "kind", "name_th", "factory_fid", "verified_at"]
    build = record_builder(names)
    row = (7, "factory", "ก", "10860000125417", date(2025, 1, 2))
    values: dict[str, Any] = dict(zip(names, row, strict=True))
    assert build(row) == Record(**values)
    assert build(row).soi is None
    with pytest.raises(ValueError, match="not Record fields"):
        record_builder(["kind", "no_such_field"])


def test_the_fields_read_are_all_the_rules_need() -> None:
    # A scan fetches FIELDS_READ only: blanking every other field changes nothing.
    from saphan.registry.quality_rules import FIELDS_READ, impacts

    unread: dict[str, Any] = {name: None for name in RECORD_FIELDS - FIELDS_READ}
    records = [bad for _, _, bad, _ in CASES] + [GOOD_FACTORY, GOOD_MINE, GOOD_ENTERPRISE]
    for record in records:
        blanked = dataclasses.replace(record, **unread)
        findings, scores = evaluate(record, CTX)
        assert evaluate(blanked, CTX) == (findings, scores)
        assert impacts(findings, blanked) == [impact(x, record) for x in findings]
        if record.id is not None:
            assert dup_key(blanked) == dup_key(record)


def test_a_verified_day_scores_as_the_verified_time() -> None:
    # The scan fetches the day in Bangkok of verified_at; the rules give the same findings.
    at = datetime(2024, 5, 30, 20, 0, tzinfo=UTC)  # 31 May 2024 03:00 in Bangkok
    timed = change(GOOD_FACTORY, verified_at=at)
    dated = change(GOOD_FACTORY, verified_at=date(2024, 5, 31))
    assert evaluate(timed, CTX) == evaluate(dated, CTX)
    assert evaluate(dated, CTX)[0][0].params["verified_on"] == "2024-05-31"
