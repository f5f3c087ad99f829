"""Data-quality rules (complete, correct, current) as pure Python over plain records: no ORM.

The same rules run on one record when an officer saves it and on every record in a scan. A
`Record` is a flat, frozen copy of an establishment and its details by kind (`factory_fid`,
`mine_expires_on`, ...); a `Context` carries what the rules need from outside the record (today,
reference geography). Each `Rule` is data — code, severity, dimension, fields read, kinds,
Thai and English messages, weight — plus a small check function returning `Finding`s whose
params are JSON-ready (numbers, strings, ISO dates, None).

Scores, each an integer 0–100 (see `score`):
- completeness = floor(100 × filled / required), over the completeness rules that apply to the
  record (one rule = one required item; 100 when none apply);
- validity = max(0, floor(100 − Σ penalty × weight)) over validity findings, penalty error 20,
  warning 5, info 0 — so every extra finding lowers it or leaves it;
- currency = 100 when verified within the period (`currency_months`), falling linearly to 0 at
  twice the period: floor(100 × (2P − age) / P), age and P in days; 0 when never verified.

`impact` orders a "fix these first" worklist; `find_duplicates` works on small key tuples
because duplicates need other records.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from difflib import SequenceMatcher
from operator import attrgetter, mul
from typing import Any, Final, Literal, NamedTuple, TypeGuard

from saphan.core.validators import is_valid_thai_id

Severity = Literal["error", "warning", "info"]
Dimension = Literal["completeness", "validity", "currency"]
Number = int | float | Decimal

ERROR: Final = "error"
WARNING: Final = "warning"
INFO: Final = "info"
COMPLETENESS: Final = "completeness"
VALIDITY: Final = "validity"
CURRENCY: Final = "currency"

FACTORY: Final = "factory"
MINE: Final = "mine"
BUSINESS: Final = "business"
ENTERPRISE: Final = "enterprise"
GROUP: Final = "group"
VILLAGE: Final = "village"
ALL_KINDS: Final = frozenset({FACTORY, MINE, BUSINESS, ENTERPRISE, GROUP, VILLAGE})

# Thailand has one fixed offset and no daylight saving: cheaper than a zoneinfo lookup.
BANGKOK: Final = timezone(timedelta(hours=7))


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """One establishment with its kind's details flattened under a prefix; None when absent."""

    kind: str
    id: int | None = None
    name_th: str | None = None
    name_en: str | None = None
    juristic_id: str | None = None
    activity: str | None = None
    house_no: str | None = None
    moo: str | None = None
    soi: str | None = None
    road: str | None = None
    subdistrict_code: str | None = None
    district_code: str | None = None
    province_code: str | None = None
    postal_code: str | None = None
    latitude: Number | None = None
    longitude: Number | None = None
    status: str | None = None
    verified_at: datetime | date | None = None
    created_at: datetime | date | None = None
    # FactoryLicence
    factory_registration_no: str | None = None
    factory_fid: str | None = None
    factory_type_code: str | None = None
    factory_class: int | None = None
    factory_isic_code: str | None = None
    factory_operator_name: str | None = None
    factory_capacity: Number | None = None
    factory_capacity_unit: str | None = None
    factory_horsepower: Number | None = None
    factory_workers_male: int | None = None
    factory_workers_female: int | None = None
    factory_workers_skilled: int | None = None
    factory_workers_total: int | None = None
    factory_investment_land: Number | None = None
    factory_investment_building: Number | None = None
    factory_investment_machinery: Number | None = None
    factory_investment_working: Number | None = None
    factory_investment_total: Number | None = None
    factory_permit_date: date | None = None
    factory_licence_status: str | None = None
    factory_industrial_estate: str | None = None
    # MineConcession
    mine_concession_no: str | None = None
    mine_minerals: str | None = None
    mine_area_rai: Number | None = None
    mine_issued_on: date | None = None
    mine_expires_on: date | None = None
    mine_operator_name: str | None = None
    mine_concession_status: str | None = None
    # EnterpriseProfile
    enterprise_registration_code: str | None = None
    enterprise_registered_on: date | None = None
    enterprise_members_count: int | None = None
    enterprise_products: str | None = None
    enterprise_group_kind: str | None = None
    # VillageProfile
    village_community: str | None = None
    village_products: str | None = None
    village_story: str | None = None


RECORD_FIELDS: Final = frozenset(f.name for f in dataclass_fields(Record))


def record_from_mapping(values: Mapping[str, Any]) -> Record:
    """A Record from a dict of field values (e.g. a `.values()` row); unknown keys are ignored."""
    return Record(**{k: v for k, v in values.items() if k in RECORD_FIELDS})


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):  # the same day of the month, or that month's last day
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """What the rules need from outside the record. Build it once per scan."""

    today: date
    currency_months: int = 12
    subdistrict_postal_codes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    province_centres: Mapping[str, tuple[float, float, float]] = field(default_factory=dict)
    province_abbr: Mapping[str, str] = field(default_factory=dict)
    # Derived: the currency period in days (calendar months back from today).
    period_days: int = field(init=False)

    def __post_init__(self) -> None:
        days = (self.today - _months_before(self.today, self.currency_months)).days
        object.__setattr__(self, "period_days", max(days, 1))


class Finding(NamedTuple):
    """One problem found by one rule on one field; params are JSON-ready."""

    rule_code: str
    field: str
    severity: str
    params: dict[str, Any]


class Scores(NamedTuple):
    completeness: int
    validity: int
    currency: int


CheckFn = Callable[["Rule", Record, Context], Sequence[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    dimension: Dimension
    fields: tuple[str, ...]
    kinds: frozenset[str]
    message_th: str
    message_en: str
    func: CheckFn = field(repr=False, compare=False)
    weight: float = 1.0
    # Narrower than `kinds`, e.g. "not an unregistered group"; None means every record of kinds.
    when: Callable[[Record], bool] | None = field(default=None, repr=False, compare=False)

    def applies(self, record: Record) -> bool:
        return record.kind in self.kinds and (self.when is None or self.when(record))

    def check(self, record: Record, context: Context) -> Sequence[Finding]:
        """The findings of this rule on the record (empty when it does not apply)."""
        if not self.applies(record):
            return ()
        return self.func(self, record, context)

    def finding(self, field_name: str, params: dict[str, Any] | None = None) -> Finding:
        return Finding(self.code, field_name, self.severity, params if params is not None else {})


_NONE: Final[tuple[Finding, ...]] = ()
_RULES: list[Rule] = []


def _register(
    code: str,
    severity: Severity,
    dimension: Dimension,
    fields: tuple[str, ...],
    kinds: Iterable[str],
    message_th: str,
    message_en: str,
    *,
    weight: float = 1.0,
    when: Callable[[Record], bool] | None = None,
) -> Callable[[CheckFn], CheckFn]:
    def register(func: CheckFn) -> CheckFn:
        kind_set = frozenset(kinds)
        _RULES.append(
            Rule(
                code,
                severity,
                dimension,
                fields,
                kind_set,
                message_th,
                message_en,
                func,
                weight,
                when,
            )
        )
        return func

    return register


# --- values ------------------------------------------------------------------------------------


def _filled(value: object) -> bool:
    if value is None:
        return False
    if type(value) is str:
        return bool(value) and not value.isspace()
    return True


def _has_text(value: str | None) -> TypeGuard[str]:
    return value is not None and value != "" and not value.isspace()


def _plain(value: Any) -> Any:
    """A JSON-ready copy of a number or date for a finding's params."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return _day(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _day(value: datetime | date) -> date:
    """The calendar day in Bangkok of a date or a (naive or aware) datetime."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(BANGKOK)
        return value.date()
    return value


# --- completeness: required items per kind -----------------------------------------------------


def _required(
    code: str,
    fields: tuple[str, ...],
    kinds: Iterable[str],
    severity: Severity,
    message_th: str,
    message_en: str,
    *,
    any_of: bool = False,
    weight: float = 1.0,
    when: Callable[[Record], bool] | None = None,
) -> None:
    """A required item: all of `fields` filled (or any one with any_of); one finding at most."""
    if len(fields) == 1:
        name = fields[0]
        get1 = attrgetter(name)

        def check(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
            value = get1(r)  # _filled, inlined: this runs for every record and required item
            if value is None or (type(value) is str and (not value or value.isspace())):
                return (rule.finding(name),)
            return _NONE

    elif any_of:
        get = attrgetter(*fields)

        def check(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
            for value in get(r):
                if _filled(value):
                    return _NONE
            return (rule.finding(fields[0]),)

    else:
        get = attrgetter(*fields)

        def check(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
            for name, value in zip(fields, get(r), strict=True):
                if not _filled(value):
                    return (rule.finding(name),)
            return _NONE

    _register(
        code, severity, COMPLETENESS, fields, kinds, message_th, message_en,
        weight=weight, when=when,
    )(check)  # fmt: skip


_required(
    "required.name_th", ("name_th",), ALL_KINDS, ERROR,
    "ยังไม่มีชื่อสถานประกอบการภาษาไทย", "The Thai name is missing.", weight=2.0,
)  # fmt: skip
_required(
    "required.province", ("province_code",), ALL_KINDS, ERROR,
    "ยังไม่ระบุจังหวัด", "The province is missing.", weight=2.0,
)  # fmt: skip
_required(
    "required.subdistrict", ("subdistrict_code",), ALL_KINDS, WARNING,
    "ยังไม่ระบุตำบล", "The subdistrict is missing.",
)  # fmt: skip
_required(
    "required.coordinates", ("latitude", "longitude"), ALL_KINDS, WARNING,
    "ยังไม่มีพิกัด (ละติจูดและลองจิจูด)", "The coordinates (latitude and longitude) are missing.",
)  # fmt: skip
_required(
    "required.fid", ("factory_fid", "factory_registration_no"), {FACTORY}, ERROR,
    "โรงงานยังไม่มีทั้งเลขทะเบียนโรงงาน (FID) และเลขทะเบียนเดิม",
    "The factory has neither a factory id (FID) nor an old registration number.",
    any_of=True, weight=2.0,
)  # fmt: skip
_required(
    "required.type_code", ("factory_type_code",), {FACTORY}, WARNING,
    "ยังไม่ระบุรหัสประเภทโรงงาน", "The factory type code is missing.",
)  # fmt: skip
_required(
    "required.class", ("factory_class",), {FACTORY}, WARNING,
    "ยังไม่ระบุจำพวกโรงงาน", "The factory class is missing.",
)  # fmt: skip
_required(
    "required.address", ("house_no", "moo"), {FACTORY}, WARNING,
    "ยังไม่มีที่ตั้งโรงงาน (เลขที่หรือหมู่)",
    "The factory's address (house number or moo) is missing.", any_of=True,
)  # fmt: skip
_required(
    "required.concession_no", ("mine_concession_no",), {MINE}, ERROR,
    "ยังไม่มีเลขที่ประทานบัตร", "The concession number is missing.", weight=2.0,
)  # fmt: skip
_required(
    "required.minerals", ("mine_minerals",), {MINE}, WARNING,
    "ยังไม่ระบุชนิดแร่", "The minerals are missing.",
)  # fmt: skip
_required(
    "required.expiry", ("mine_expires_on",), {MINE}, WARNING,
    "ยังไม่ระบุวันสิ้นอายุประทานบัตร", "The concession's expiry date is missing.",
)  # fmt: skip
_required(
    "required.registration_code", ("enterprise_registration_code",), {ENTERPRISE}, WARNING,
    "ยังไม่มีรหัสทะเบียนวิสาหกิจชุมชน", "The community enterprise registration code is missing.",
    when=lambda r: r.enterprise_group_kind != "unregistered",
)  # fmt: skip


# --- validity: formats -------------------------------------------------------------------------

REGISTRATION_NO: Final = re.compile(r"^(\D*)(\d)-(\d+)(?:\((\d+)\))?-(\d+)/(\d+)(\D+)$")
_registration_memo: tuple[str | None, re.Match[str] | None] = (None, None)


def parse_registration_no(value: str) -> re.Match[str] | None:
    """The old registration number's parts: prefix, class, item, sub-item, running, year, abbr.

    Remembers the last string by identity: the four rules reading it on one record parse once
    (one tuple swap, so safe across threads)."""
    global _registration_memo
    memo = _registration_memo
    if memo[0] is value:
        return memo[1]
    match = REGISTRATION_NO.match(value.strip())
    _registration_memo = (value, match)
    return match


_ID_WEIGHTS: Final = tuple(range(13, 1, -1))
_ID_ZEROS: Final = ord("0") * sum(_ID_WEIGHTS)


def _valid_juristic_id(value: str) -> bool:
    """`is_valid_thai_id`, with a fast path for the common case of 13 ASCII digits."""
    if len(value) == 13 and value.isascii() and value.isdigit():
        # The mod-11 sum over the ASCII bytes, less the weight of the "0"s: no int() per digit.
        total = sum(map(mul, value.encode()[:12], _ID_WEIGHTS)) - _ID_ZEROS
        return (11 - total % 11) % 10 == ord(value[12]) - ord("0")
    return is_valid_thai_id(value)


@_register(
    "format.juristic_id", ERROR, VALIDITY, ("juristic_id",), ALL_KINDS,
    "เลขทะเบียนนิติบุคคล %(value)s ไม่ถูกต้อง: ต้องมี 13 หลักและหลักสุดท้ายเป็นเลขตรวจสอบ",
    "The juristic person id %(value)s is not valid: it has 13 digits, the last a check digit.",
)  # fmt: skip
def _format_juristic_id(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    value = r.juristic_id
    if not _has_text(value) or _valid_juristic_id(value):
        return _NONE
    return (rule.finding("juristic_id", {"value": value}),)


@_register(
    "format.fid", ERROR, VALIDITY, ("factory_fid",), {FACTORY},
    "เลขทะเบียนโรงงาน (FID) %(value)s ต้องเป็นตัวเลข 14 หลัก",
    "The factory id (FID) %(value)s must be exactly 14 digits.",
)  # fmt: skip
def _format_fid(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    # Length and digits only: the FID's check-digit rule is not published, never guess it.
    value = r.factory_fid
    if not _has_text(value) or (len(value) == 14 and value.isascii() and value.isdigit()):
        return _NONE
    return (rule.finding("factory_fid", {"value": value}),)


@_register(
    "format.registration_no", WARNING, VALIDITY, ("factory_registration_no",), {FACTORY},
    "เลขทะเบียนโรงงานเดิม %(value)s ไม่อยู่ในรูปแบบ เช่น จ3-9(6)-100/51ปจ",
    "The old registration number %(value)s does not follow the pattern, e.g. จ3-9(6)-100/51ปจ.",
    weight=0.5,
)  # fmt: skip
def _format_registration_no(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    value = r.factory_registration_no
    if not _has_text(value) or parse_registration_no(value) is not None:
        return _NONE
    return (rule.finding("factory_registration_no", {"value": value}),)


def _type_item(type_code: str | None) -> int | None:
    """The item (ลำดับ) of a well-formed five-digit type code."""
    if type_code and len(type_code) == 5 and type_code.isascii() and type_code.isdigit():
        return int(type_code[:3])
    return None


@_register(
    "format.type_code", WARNING, VALIDITY, ("factory_type_code",), {FACTORY},
    "รหัสประเภทโรงงาน %(value)s ต้องเป็นตัวเลข 5 หลัก (ลำดับ 001–107 และข้อย่อย 2 หลัก) เช่น 00906",
    "The factory type code %(value)s must be 5 digits (item 001–107, sub-item 2 digits), "
    "e.g. 00906.",
)  # fmt: skip
def _format_type_code(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    value = r.factory_type_code
    if not _has_text(value):
        return _NONE
    item = _type_item(value)
    if item is not None and 1 <= item <= 107:
        return _NONE
    return (rule.finding("factory_type_code", {"value": value}),)


# --- validity: agreement with the old registration number --------------------------------------
# The registration number is the reference (it is printed on the licence); the finding names the
# other field, the one that disagrees with it.


@_register(
    "agree.registration_type_code", WARNING, VALIDITY,
    ("factory_registration_no", "factory_type_code"), {FACTORY},
    "เลขทะเบียนเดิม %(registration_no)s ระบุประเภท %(registration_type)s "
    "แต่รหัสประเภทโรงงานคือ %(type_code)s",
    "The registration number %(registration_no)s names type %(registration_type)s "
    "but the type code is %(type_code)s.",
)  # fmt: skip
def _agree_type_code(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    reg, code = r.factory_registration_no, r.factory_type_code
    if not reg or _type_item(code) is None:
        return _NONE
    m = parse_registration_no(reg)
    if m is None:
        return _NONE
    assert code is not None
    item, sub = m[3], m[4]
    # Without a sub-item in the number only the item (first three digits) can be compared.
    if code[:3] == f"{int(item):03d}" and (sub is None or code[3:] == f"{int(sub):02d}"):
        return _NONE
    shown = f"{item}({sub})" if sub is not None else item
    return (
        rule.finding(
            "factory_type_code",
            {"registration_no": reg, "registration_type": shown, "type_code": code},
        ),
    )


@_register(
    "agree.registration_class", WARNING, VALIDITY,
    ("factory_registration_no", "factory_class"), {FACTORY},
    "เลขทะเบียนเดิม %(registration_no)s ระบุจำพวก %(registration_class)s "
    "แต่บันทึกจำพวกไว้เป็น %(class)s",
    "The registration number %(registration_no)s names class %(registration_class)s "
    "but the class is %(class)s.",
)  # fmt: skip
def _agree_class(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    reg, cls = r.factory_registration_no, r.factory_class
    if not reg or cls is None:
        return _NONE
    m = parse_registration_no(reg)
    if m is None or int(m[2]) == cls:
        return _NONE
    params = {"registration_no": reg, "registration_class": int(m[2]), "class": cls}
    return (rule.finding("factory_class", params),)


@_register(
    "agree.registration_province", WARNING, VALIDITY,
    ("factory_registration_no", "province_code"), {FACTORY},
    "เลขทะเบียนเดิม %(registration_no)s ออกที่จังหวัด %(abbr)s (รหัส %(registration_province)s) "
    "แต่สถานประกอบการอยู่จังหวัดรหัส %(province_code)s",
    "The registration number %(registration_no)s was issued in %(abbr)s "
    "(province %(registration_province)s) but the establishment is in province "
    "%(province_code)s.",
)  # fmt: skip
def _agree_province(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    reg, province = r.factory_registration_no, r.province_code
    if not reg or not province or not c.province_abbr:
        return _NONE
    m = parse_registration_no(reg)
    if m is None:
        return _NONE
    abbr = m[7].replace(".", "").replace(" ", "")
    issued_in = c.province_abbr.get(abbr)
    # An abbreviation we do not know says nothing either way.
    if issued_in is None or issued_in == province:
        return _NONE
    params = {
        "registration_no": reg, "abbr": abbr, "registration_province": issued_in,
        "province_code": province,
    }  # fmt: skip
    return (rule.finding("province_code", params),)


# --- validity: class by size -------------------------------------------------------------------

CLASS3_ITEMS: Final = frozenset({88, 89, 90})  # class 3 at any size
CLASS_HP_LIMIT: Final = 50
CLASS1_WORKERS: Final = 20
CLASS2_WORKERS: Final = 50


def implied_class(
    horsepower: Number | None, workers: int | None, type_item: int | None
) -> int | None:
    """The class the 1992 Ministerial Regulation gives, or None when the numbers don't decide.

    Class 1: ≤ 50 HP and ≤ 20 workers; class 2: ≤ 50 HP and ≤ 50 workers; class 3: above
    either, and items 88–90 at any size."""
    if type_item in CLASS3_ITEMS:
        return 3
    if (horsepower is not None and horsepower > CLASS_HP_LIMIT) or (
        workers is not None and workers > CLASS2_WORKERS
    ):
        return 3
    if horsepower is None or workers is None:
        return None
    return 1 if workers <= CLASS1_WORKERS else 2


@_register(
    "class.size", WARNING, VALIDITY,
    ("factory_class", "factory_horsepower", "factory_workers_total", "factory_type_code",
     "factory_registration_no"), {FACTORY},
    "จำพวก %(class)s ไม่ตรงกับขนาดโรงงาน (%(horsepower)s แรงม้า คนงาน %(workers)s คน): "
    "ตามกฎกระทรวง พ.ศ. 2535 ควรเป็นจำพวก %(implied)s",
    "Class %(class)s does not match the size (%(horsepower)s HP, %(workers)s workers): "
    "the 1992 Ministerial Regulation gives class %(implied)s.",
)  # fmt: skip
def _class_size(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    cls = r.factory_class
    if cls is None:
        return _NONE
    item = _type_item(r.factory_type_code)
    if item is None and r.factory_registration_no:
        m = parse_registration_no(r.factory_registration_no)
        item = int(m[3]) if m is not None else None
    hp, workers = r.factory_horsepower, r.factory_workers_total
    implied = implied_class(hp, workers, item)
    if implied is None or implied == cls:
        return _NONE
    params = {"class": cls, "implied": implied, "horsepower": _plain(hp), "workers": workers}
    return (rule.finding("factory_class", params),)


# --- validity: address and place ---------------------------------------------------------------


@_register(
    "postal.subdistrict", WARNING, VALIDITY, ("postal_code", "subdistrict_code"), ALL_KINDS,
    "รหัสไปรษณีย์ %(postal_code)s ไม่ใช่ของตำบลนี้ (รหัสไปรษณีย์ของตำบล: %(expected)s)",
    "The postal code %(postal_code)s does not belong to the subdistrict "
    "(its postal codes: %(expected)s).",
    weight=0.5,
)  # fmt: skip
def _postal_subdistrict(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    postal, sub = r.postal_code, r.subdistrict_code
    if not postal or not sub:
        return _NONE
    codes = c.subdistrict_postal_codes.get(sub)
    if not codes or postal.strip() in codes:  # an unknown subdistrict says nothing
        return _NONE
    params = {"postal_code": postal, "subdistrict_code": sub, "expected": ", ".join(codes)}
    return (rule.finding("postal_code", params),)


THAILAND_LAT: Final = (5.6, 20.5)
THAILAND_LON: Final = (97.3, 105.7)
EARTH_RADIUS_KM: Final = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _in_thailand(lat: float, lon: float) -> bool:
    return THAILAND_LAT[0] <= lat <= THAILAND_LAT[1] and THAILAND_LON[0] <= lon <= THAILAND_LON[1]


@_register(
    "geo.thailand", ERROR, VALIDITY, ("latitude", "longitude"), ALL_KINDS,
    "พิกัด %(latitude)s, %(longitude)s อยู่นอกประเทศไทย",
    "The coordinates %(latitude)s, %(longitude)s lie outside Thailand.",
)  # fmt: skip
def _geo_thailand(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    if r.latitude is None or r.longitude is None:
        return _NONE
    lat, lon = float(r.latitude), float(r.longitude)
    if _in_thailand(lat, lon):
        return _NONE
    name = "latitude" if not THAILAND_LAT[0] <= lat <= THAILAND_LAT[1] else "longitude"
    return (rule.finding(name, {"latitude": lat, "longitude": lon}),)


@_register(
    "geo.province", WARNING, VALIDITY, ("latitude", "longitude", "province_code"), ALL_KINDS,
    "พิกัดอยู่ห่างจากกลางจังหวัด %(distance_km)s กม. เกินรัศมี %(radius_km)s กม. ของจังหวัด",
    "The coordinates lie %(distance_km)s km from the province centre, beyond its "
    "%(radius_km)s km radius.",
)  # fmt: skip
def _geo_province(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    if r.latitude is None or r.longitude is None or not r.province_code:
        return _NONE
    centre = c.province_centres.get(r.province_code)
    if centre is None:  # only the Thailand box applies then
        return _NONE
    lat, lon = float(r.latitude), float(r.longitude)
    if not _in_thailand(lat, lon):  # geo.thailand says it already
        return _NONE
    km = distance_km(lat, lon, centre[0], centre[1])
    if km <= centre[2]:
        return _NONE
    params = {"province_code": r.province_code, "distance_km": round(km, 1), "radius_km": centre[2]}
    return (rule.finding("latitude", params),)


# --- validity: numbers and dates ---------------------------------------------------------------

_NUMBER_FIELDS: Final[Mapping[str, tuple[str, ...]]] = {
    FACTORY: (
        "factory_capacity", "factory_horsepower", "factory_workers_male",
        "factory_workers_female", "factory_workers_skilled", "factory_workers_total",
        "factory_investment_land", "factory_investment_building", "factory_investment_machinery",
        "factory_investment_working", "factory_investment_total",
    ),
    MINE: ("mine_area_rai",),
    ENTERPRISE: ("enterprise_members_count",),
    GROUP: ("enterprise_members_count",),
}  # fmt: skip
_NUMBER_GETTERS: Final = {
    kind: (names, attrgetter(*names)) for kind, names in _NUMBER_FIELDS.items()
}


@_register(
    "number.negative", ERROR, VALIDITY,
    tuple(dict.fromkeys(n for names in _NUMBER_FIELDS.values() for n in names)), ALL_KINDS,
    "ค่า %(value)s ติดลบไม่ได้", "The value %(value)s cannot be negative.",
)  # fmt: skip
def _number_negative(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    getter = _NUMBER_GETTERS.get(r.kind)
    if getter is None:
        return _NONE
    names, get = getter
    values = get(r)
    if len(names) == 1:
        values = (values,)
    found = _NONE
    for name, value in zip(names, values, strict=True):
        if value is not None and value < 0:
            found = (*found, rule.finding(name, {"value": _plain(value)}))
    return found


@_register(
    "agree.workers_total", WARNING, VALIDITY,
    ("factory_workers_male", "factory_workers_female", "factory_workers_total"), {FACTORY},
    "คนงานชาย %(male)s คน และหญิง %(female)s คน ไม่เท่ากับคนงานรวม %(total)s คน",
    "%(male)s male and %(female)s female workers do not add up to the total of %(total)s.",
    weight=0.5,
)  # fmt: skip
def _agree_workers(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    male, female, total = r.factory_workers_male, r.factory_workers_female, r.factory_workers_total
    if male is None or female is None or total is None or male + female == total:
        return _NONE
    return (
        rule.finding("factory_workers_total", {"male": male, "female": female, "total": total}),
    )


_PAST_DATES: Final[Mapping[str, tuple[str, ...]]] = {
    FACTORY: ("verified_at", "factory_permit_date"),
    MINE: ("verified_at", "mine_issued_on"),
    ENTERPRISE: ("verified_at", "enterprise_registered_on"),
    GROUP: ("verified_at", "enterprise_registered_on"),
}
_VERIFIED_ONLY: Final = ("verified_at",)


@_register(
    "date.future", ERROR, VALIDITY,
    ("verified_at", "factory_permit_date", "mine_issued_on", "enterprise_registered_on"),
    ALL_KINDS,
    "วันที่ %(value)s อยู่ในอนาคต (วันนี้คือ %(today)s)",
    "The date %(value)s is in the future (today is %(today)s).",
)  # fmt: skip
def _date_future(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    found = _NONE
    today = c.today
    for name in _PAST_DATES.get(r.kind, _VERIFIED_ONLY):
        value = getattr(r, name)
        if value is not None and (day := _day(value)) > today:
            params = {"value": day.isoformat(), "today": today.isoformat()}
            found = (*found, rule.finding(name, params))
    return found


@_register(
    "date.order", ERROR, VALIDITY, ("mine_issued_on", "mine_expires_on"), {MINE},
    "วันสิ้นอายุ %(expires_on)s อยู่ก่อนวันออกประทานบัตร %(issued_on)s",
    "The expiry date %(expires_on)s is before the issue date %(issued_on)s.",
)  # fmt: skip
def _date_order(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    issued, expires = r.mine_issued_on, r.mine_expires_on
    if issued is None or expires is None or expires >= issued:
        return _NONE
    params = {"issued_on": issued.isoformat(), "expires_on": expires.isoformat()}
    return (rule.finding("mine_expires_on", params),)


# --- validity: status contradictions -----------------------------------------------------------


@_register(
    "status.concession_expired", ERROR, VALIDITY,
    ("mine_expires_on", "mine_concession_status"), {MINE},
    "ประทานบัตรสิ้นอายุแล้วเมื่อ %(expires_on)s แต่ยังบันทึกว่าเปิดดำเนินการ",
    "The concession expired on %(expires_on)s but is still marked operating.",
    weight=2.0,
)  # fmt: skip
def _concession_expired(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    expires = r.mine_expires_on
    if expires is None or expires >= c.today or r.mine_concession_status != "operating":
        return _NONE
    return (rule.finding("mine_concession_status", {"expires_on": expires.isoformat()}),)


LICENCE_ENDED: Final = frozenset({"struck_off", "stopped"})


@_register(
    "status.licence_struck_off_active", ERROR, VALIDITY,
    ("factory_licence_status", "status"), {FACTORY},
    "ใบอนุญาตโรงงานถูกจำหน่ายหรือหยุดดำเนินการแล้ว (%(licence_status)s) "
    "แต่สถานประกอบการยังบันทึกว่าดำเนินการอยู่",
    "The factory licence is struck off or stopped (%(licence_status)s) but the establishment "
    "is still marked active.",
    weight=2.0,
)  # fmt: skip
def _licence_struck_off_active(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    licence = r.factory_licence_status
    if licence not in LICENCE_ENDED or r.status != "active":
        return _NONE
    return (rule.finding("status", {"licence_status": licence, "status": r.status}),)


# --- currency ----------------------------------------------------------------------------------


@_register(
    "currency.unverified", WARNING, CURRENCY, ("verified_at",), ALL_KINDS,
    "ข้อมูลไม่ได้ตรวจสอบมา %(age_days)s วัน (ตรวจล่าสุด %(verified_on)s) เกินรอบ %(months)s เดือน",
    "Not verified for %(age_days)s days (last on %(verified_on)s), longer than %(months)s "
    "months.",
)  # fmt: skip
def _currency_unverified(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    verified = r.verified_at
    if verified is None:
        return _NONE
    day = _day(verified)
    age = (c.today - day).days
    if age <= c.period_days:
        return _NONE
    params = {
        "verified_on": day.isoformat(), "age_days": age, "period_days": c.period_days,
        "months": c.currency_months,
    }  # fmt: skip
    return (rule.finding("verified_at", params),)


@_register(
    "currency.never_verified", INFO, CURRENCY, ("verified_at",), ALL_KINDS,
    "ข้อมูลยังไม่เคยได้รับการตรวจสอบ", "The record has never been verified.",
)  # fmt: skip
def _currency_never(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    return (rule.finding("verified_at"),) if r.verified_at is None else _NONE


# Likely duplicates need every record: `find_duplicates` finds them in a scan; these two rules
# carry their severity and messages, and check nothing on a single record.
@_register(
    "duplicate.id", WARNING, VALIDITY, ("factory_fid", "juristic_id"), ALL_KINDS,
    "อาจเป็นสถานประกอบการเดียวกับรายการเลขที่ %(other)s (เลขทะเบียนเดียวกัน) โปรดตรวจสอบและรวมรายการ",
    "Probably the same establishment as record %(other)s (the same id): check and merge them.",
)  # fmt: skip
def _duplicate_id(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    return _NONE


@_register(
    "duplicate.name_address", WARNING, VALIDITY, ("name_th", "subdistrict_code", "house_no"),
    ALL_KINDS,
    "อาจเป็นสถานประกอบการเดียวกับรายการเลขที่ %(other)s (ชื่อและที่อยู่ใกล้เคียงกัน) โปรดตรวจสอบ",
    "Possibly the same establishment as record %(other)s (near-identical name and address).",
)  # fmt: skip
def _duplicate_name_address(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    return _NONE


# --- the registry ------------------------------------------------------------------------------

RULES: Final[tuple[Rule, ...]] = tuple(_RULES)
_BY_CODE: Final[dict[str, Rule]] = {r.code: r for r in RULES}
assert len(_BY_CODE) == len(RULES), "rule codes are unique"
_BY_KIND: Final[dict[str, tuple[Rule, ...]]] = {
    kind: tuple(r for r in RULES if kind in r.kinds) for kind in ALL_KINDS
}


def rules_for(kind: str) -> tuple[Rule, ...]:
    """The rules that apply to establishments of a kind, in registry order."""
    return _BY_KIND.get(kind, ())


def rule(code: str) -> Rule:
    """The rule with this code; KeyError when there is none."""
    return _BY_CODE[code]


# --- scores and impact -------------------------------------------------------------------------

VALIDITY_PENALTY: Final[Mapping[str, float]] = {ERROR: 20.0, WARNING: 5.0, INFO: 0.0}


def score(record: Record, findings: Sequence[Finding], rules: Iterable[Rule] = RULES) -> Scores:
    """Scores of a record from its findings, counting only `rules` that apply to it.

    completeness = floor(100 × (required − missing) / required), required = completeness rules
    that apply (100 when none); validity = max(0, floor(100 − Σ penalty × weight)) with penalty
    error 20, warning 5, info 0; currency = 100 within the period, floor(100 × (2P − age) / P)
    after it, 0 when never verified."""
    applicable = {r.code: r for r in rules if r.applies(record)}
    required = sum(1 for r in applicable.values() if r.dimension == COMPLETENESS)
    missing: set[str] = set()
    penalty = 0.0
    currency = 100
    for f in findings:
        r = applicable.get(f.rule_code)
        if r is None:
            continue
        if r.dimension == COMPLETENESS:
            missing.add(f.rule_code)
        elif r.dimension == VALIDITY:
            penalty += VALIDITY_PENALTY[f.severity] * r.weight
        else:
            currency = min(currency, _currency_score(f))
    completeness = 100 * (required - len(missing)) // required if required else 100
    return Scores(completeness, max(0, math.floor(100 - penalty)), currency)


def _currency_score(f: Finding) -> int:
    if f.rule_code == "currency.never_verified":
        return 0
    age, period = f.params.get("age_days"), f.params.get("period_days")
    if not isinstance(age, int) or not isinstance(period, int) or period <= 0:
        return 0
    return max(0, min(100, 100 * (2 * period - age) // period))


# What `evaluate` needs, worked out once: per kind the checks in registry order, the count of
# unconditional required items and whether any rule has a `when`; per rule its dimension and
# validity penalty (severity × weight).
_Check = tuple[Rule, CheckFn, Callable[[Record], bool] | None]
_PLANS: Final[dict[str, tuple[tuple[_Check, ...], int, bool]]] = {
    kind: (
        tuple((r, r.func, r.when) for r in rules),
        sum(1 for r in rules if r.dimension == COMPLETENESS and r.when is None),
        any(r.when is not None for r in rules),
    )
    for kind, rules in _BY_KIND.items()
}
_SCORING: Final[dict[str, tuple[str, float]]] = {
    r.code: (r.dimension, VALIDITY_PENALTY[r.severity] * r.weight) for r in RULES
}


def evaluate(record: Record, context: Context) -> tuple[list[Finding], Scores]:
    """Run every rule that applies to the record; its findings (registry order) and scores.

    The same result as running `rule.check` for every rule and `score(record, findings)`."""
    plan = _PLANS.get(record.kind)
    if plan is None:
        return [], Scores(100, 100, 100)
    checks, required, conditional = plan
    findings: list[Finding] = []
    if not conditional:  # the common case: no per-record applicability, a tighter loop
        for r, func, _when in checks:
            out = func(r, record, context)
            if out:
                findings.extend(out)
    else:
        for r, func, when in checks:
            if when is not None:
                if not when(record):
                    continue
                if r.dimension == COMPLETENESS:
                    required += 1
            out = func(r, record, context)
            if out:
                findings.extend(out)
    if not findings:
        return findings, Scores(100, 100, 100)
    missing = 0  # a completeness rule finds one missing item at most
    penalty = 0.0
    currency = 100
    for f in findings:
        dimension, points = _SCORING[f.rule_code]
        if dimension == VALIDITY:
            penalty += points
        elif dimension == COMPLETENESS:
            missing += 1
        else:
            currency = min(currency, _currency_score(f))
    completeness = 100 * (required - missing) // required if required else 100
    return findings, Scores(completeness, max(0, math.floor(100 - penalty)), currency)


SEVERITY_WEIGHT: Final[Mapping[str, int]] = {ERROR: 10, WARNING: 3, INFO: 1}


def impact(finding: Finding, record: Record) -> int:
    """Priority in the "fix these first" worklist: bigger first.

    round(10 × severity weight × rule weight × size), severity weight error 10, warning 3,
    info 1; size = 1 + log10(1 + workers) for a factory with a known workforce (0 workers → 1,
    9 → 2, 99 → 3, 999 → 4), 1 otherwise — a wrong record of a big factory matters more."""
    r = _BY_CODE.get(finding.rule_code)
    weight = r.weight if r is not None else 1.0
    size = 1.0
    workers = record.factory_workers_total
    if record.kind == FACTORY and workers is not None and workers > 0:
        size += math.log10(1 + workers)
    return round(10 * SEVERITY_WEIGHT.get(finding.severity, 1) * weight * size)


# --- messages ----------------------------------------------------------------------------------

_TH_MONTHS: Final = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.",
    "ธ.ค.",
)  # fmt: skip
_EN_MONTHS: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
_ISO_DATE: Final = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _shown(value: Any, language: str) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str) and (m := _ISO_DATE.match(value)):
        year, month, day = int(m[1]) + 543, int(m[2]), int(m[3])  # dates show in the BE
        if language == "th":
            return f"{day} {_TH_MONTHS[month - 1]} {year}"
        return f"{day} {_EN_MONTHS[month - 1]} {year} BE"
    return str(value)


def finding_message(finding: Finding, language: str = "th") -> str:
    """The finding's message in Thai ("th") or English, params filled in, dates in the BE."""
    r = _BY_CODE[finding.rule_code]
    template = r.message_th if language == "th" else r.message_en
    return template % {k: _shown(v, language) for k, v in finding.params.items()}


# --- duplicates --------------------------------------------------------------------------------


class DupKey(NamedTuple):
    """What duplicate detection needs of a record; name and house number normalised."""

    id: int
    fid: str | None
    juristic_id: str | None
    name: str
    subdistrict_code: str | None
    house_no: str | None


_THAI_DIGITS: Final = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_THAI_NAME_NOISE: Final = (
    "ห้างหุ้นส่วนสามัญนิติบุคคล", "ห้างหุ้นส่วนจำกัด", "ห้างหุ้นส่วนสามัญ", "ห้างหุ้นส่วน",
    "บริษัทมหาชนจำกัด", "บริษัท", "(มหาชน)", "มหาชน", "จำกัด", "หจก.", "หจก", "หสน.",
    "หสม.", "บจก.", "บจก", "บมจ.", "บมจ", "โรงงาน",
)  # fmt: skip
_THAI_NOISE_RE: Final = re.compile(
    "|".join(re.escape(t) for t in sorted(_THAI_NAME_NOISE, key=len, reverse=True))
)
_ENGLISH_NOISE_RE: Final = re.compile(
    r"\b(?:public\s+company\s+limited|company\s+limited|limited\s+partnership|co\.?\s*,?\s*"
    r"ltd\.?|ltd\.?|limited|public|plc\.?|company|co\.|inc\.?|part\.?)(?![a-z])"
)
# Keep letters and digits, Thai letters and their vowel and tone marks (which `\w` drops); drop
# spaces, punctuation and Thai signs (ฯ ฿ ๏ ๚ ๛).
_NAME_DROP_RE: Final = re.compile(r"[^0-9a-z\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e\u0e50-\u0e59]+")
NAME_RATIO: Final = 0.92


def name_normalise(name: str | None) -> str:
    """A name for comparison: lower case, Arabic digits, without company words, spaces and
    punctuation ("บริษัท ไทยรุ่งเรือง จำกัด (มหาชน)" → "ไทยรุ่งเรือง")."""
    if not name:
        return ""
    text = name.lower().translate(_THAI_DIGITS)
    text = _THAI_NOISE_RE.sub(" ", text)
    text = _ENGLISH_NOISE_RE.sub(" ", text)
    return _NAME_DROP_RE.sub("", text)


def house_no_normalise(house_no: str | None) -> str:
    if not house_no:
        return ""
    return "".join(house_no.translate(_THAI_DIGITS).lower().split())


def dup_key(record: Record) -> DupKey:
    assert record.id is not None, "duplicates are found among saved records"
    return DupKey(
        record.id,
        (record.factory_fid or "").strip(),
        (record.juristic_id or "").strip(),
        name_normalise(record.name_th),
        record.subdistrict_code or "",
        house_no_normalise(record.house_no),
    )


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def find_duplicates(records: Iterable[DupKey]) -> list[tuple[int, int, str]]:
    """Likely duplicate pairs (smaller id, larger id, reason), sorted, one reason per pair.

    "duplicate.id": the same FID, or the same juristic id — except two records that both have
    an FID (two factories of one company); placeholders such as "0000000000000" are ignored and
    a group of more than DUP_GROUP_FULL records is linked to its smallest id only.
    "duplicate.name_address": normalised names equal or difflib ratio ≥ 0.92, in the same
    subdistrict, with the same house number or one of them empty.

    Keys are grouped by FID, juristic id and subdistrict first; names are compared only inside
    a subdistrict, by house number, and only between names whose lengths allow the ratio."""
    by_fid: dict[str, list[DupKey]] = defaultdict(list)
    by_juristic: dict[str, list[DupKey]] = defaultdict(list)
    by_place: dict[str, list[DupKey]] = defaultdict(list)
    for key in records:
        if _identifier(key.fid):
            by_fid[key.fid].append(key)
        if _identifier(key.juristic_id):
            by_juristic[key.juristic_id].append(key)
        if key.subdistrict_code and key.name:
            by_place[key.subdistrict_code].append(key)

    pairs: dict[tuple[int, int], str] = {}
    for group in by_fid.values():
        if len(group) > 1:
            for a_id, b_id in _group_pairs(group, group):
                pairs[_pair(a_id, b_id)] = "duplicate.id"
    for group in by_juristic.values():
        if len(group) > 1:
            # Records that both have an FID are told apart by it (one company, two factories).
            without_fid = [k for k in group if not k.fid]
            for a_id, b_id in _group_pairs(group, without_fid):
                pairs[_pair(a_id, b_id)] = "duplicate.id"
    bits = _LetterBits()
    matcher = SequenceMatcher(autojunk=False)  # one: difflib's set-up is not free
    for group in by_place.values():
        if len(group) > 1:
            for a_id, b_id in _similar_pairs(group, bits, matcher):
                pairs.setdefault(_pair(a_id, b_id), "duplicate.name_address")
    return sorted((a, b, reason) for (a, b), reason in pairs.items())


DUP_GROUP_FULL: Final = 20


def _identifier(value: str | None) -> TypeGuard[str]:
    # "0000000000000", "-" and the like are placeholders, not identities.
    return value is not None and len(set(value)) > 1


def _group_pairs(group: list[DupKey], anchors: list[DupKey]) -> Iterable[tuple[int, int]]:
    """Pairs of a group sharing an identifier where at least one side is an anchor.

    A group larger than DUP_GROUP_FULL (a placeholder or a mass copy) is linked as a star to
    its smallest-id anchor instead of n²/2 pairs: the cluster is the same, the list stays short."""
    if not anchors:
        return
    anchor_ids = {k.id for k in anchors}
    if len(group) <= DUP_GROUP_FULL:
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.id != b.id and (a.id in anchor_ids or b.id in anchor_ids):
                    yield a.id, b.id
        return
    hub = min(anchor_ids)
    for k in group:
        if k.id != hub:
            yield hub, k.id


class _Name(NamedTuple):
    length: int
    text: str
    id: int
    letters: int  # a bit per distinct letter, see _LetterBits


class _LetterBits(dict[str, int]):
    """A bit of its own for each distinct letter, given out as letters are first seen.

    One table per `find_duplicates` call, so threads never share one."""

    def __missing__(self, letter: str) -> int:
        bit = self[letter] = 1 << len(self)
        return bit


def _names(keys: Iterable[DupKey], bits: _LetterBits) -> list[_Name]:
    # Distinct letters have distinct bits, so the sum of a name's set of letters is its mask.
    return sorted(
        _Name(len(k.name), k.name, k.id, sum(map(bits.__getitem__, set(k.name)))) for k in keys
    )


def _similar_pairs(
    group: list[DupKey], bits: _LetterBits, matcher: SequenceMatcher[str]
) -> Iterable[tuple[int, int]]:
    """Pairs of one subdistrict with similar names and compatible house numbers."""
    no_house: list[DupKey] = []
    by_house: dict[str, list[DupKey]] = defaultdict(list)
    for key in group:
        (by_house[key.house_no] if key.house_no else no_house).append(key)
    others = _names(no_house, bits)
    if len(others) > 1:
        yield from _within(others, matcher)
    lengths = [n.length for n in others]
    for bucket in by_house.values():
        names = _names(bucket, bits)
        if len(names) > 1:
            yield from _within(names, matcher)
        if others:
            yield from _across(names, others, lengths, matcher)


def _max_length(length: int) -> int:
    # ratio = 2M / (la + lb) ≤ 2·la / (la + lb): no match once lb > la·(2 − r) / r.
    return math.floor(length * (2 - NAME_RATIO) / NAME_RATIO + 1e-9)


def _min_length(length: int) -> int:
    return math.ceil(length * NAME_RATIO / (2 - NAME_RATIO) - 1e-9)


# A cheap necessary condition for ratio ≥ NAME_RATIO, tested inline in the loops below: each
# letter found in only one of the names leaves at least one letter unmatched, so
# M ≤ (la + lb − |A △ B|) / 2 and ratio ≤ 1 − |A △ B| / (la + lb); |A △ B| is the bit count
# of the letters' masks XORed.
_SLACK: Final = 1 - NAME_RATIO


def _within(names: list[_Name], matcher: SequenceMatcher[str]) -> Iterable[tuple[int, int]]:
    """Similar pairs inside one list sorted by length."""
    for i, a in enumerate(names):
        limit = _max_length(a.length)
        ready = False
        for b in names[i + 1 :]:
            if b.length > limit:
                break
            if (a.letters ^ b.letters).bit_count() > _SLACK * (a.length + b.length):
                continue
            if a.id == b.id:
                continue
            if a.text != b.text:
                if not ready:
                    matcher.set_seq2(a.text)  # difflib caches what it learns about seq2
                    ready = True
                if not _similar(matcher, b.text):
                    continue
            yield a.id, b.id


def _across(
    names: list[_Name], others: list[_Name], lengths: list[int], matcher: SequenceMatcher[str]
) -> Iterable[tuple[int, int]]:
    """Similar pairs between two lists; `others` sorted by length, `lengths` its lengths."""
    for a in names:
        start = bisect_right(lengths, _min_length(a.length) - 1)
        stop = bisect_right(lengths, _max_length(a.length))
        letters, length = a.letters, a.length
        ready = False
        for b in others[start:stop]:
            if (letters ^ b.letters).bit_count() > _SLACK * (length + b.length):
                continue
            if a.id == b.id:
                continue
            if a.text != b.text:
                if not ready:
                    matcher.set_seq2(a.text)
                    ready = True
                if not _similar(matcher, b.text):
                    continue
            yield a.id, b.id


def _similar(matcher: SequenceMatcher[str], text: str) -> bool:
    matcher.set_seq1(text)
    return matcher.quick_ratio() >= NAME_RATIO and matcher.ratio() >= NAME_RATIO
