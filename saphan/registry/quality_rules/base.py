"""The rules' vocabulary: records, context, findings, scores, the Rule type and its registration."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Final, Literal, NamedTuple, TypeGuard

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


def record_builder(names: Sequence[str]) -> Callable[[Sequence[Any]], Record]:
    """A constructor of Records from rows (tuples) whose values come in the order of `names`;
    every other field is None. The same Record as `Record(**dict(zip(names, row)))`, without
    the keyword arguments and the frozen dataclass's per-field checks: a scan builds a million.
    """
    unknown = set(names) - RECORD_FIELDS
    if unknown:
        raise ValueError(f"not Record fields: {sorted(unknown)}")
    # The slots' descriptors write the frozen instance directly, as dataclasses' __init__ does;
    # the function is generated so each value is one call, with no loop and no keywords.
    setters = {f"set_{i}": getattr(Record, name).__set__ for i, name in enumerate(names)}
    unset = [getattr(Record, name).__set__ for name in sorted(RECORD_FIELDS - set(names))]
    params = ", ".join(f"v{i}" for i in range(len(names)))
    lines = [
        "def build(row):",
        "    record = new(Record)",
        *(f"    unset_{i}(record, None)" for i in range(len(unset))),
        f"    ({params},) = row",
        *(f"    set_{i}(record, v{i})" for i in range(len(names))),
        "    return record",
    ]
    scope: dict[str, Any] = {"new": object.__new__, "Record": Record, **setters}
    scope.update({f"unset_{i}": setter for i, setter in enumerate(unset)})
    exec("\n".join(lines), scope)  # noqa: S102 — generated from field names only
    build: Callable[[Sequence[Any]], Record] = scope["build"]
    return build


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
