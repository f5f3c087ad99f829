"""Validity of numbers, dates and statuses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import attrgetter
from typing import Final

from saphan.registry.quality_rules.base import (
    _NONE,
    ALL_KINDS,
    ENTERPRISE,
    ERROR,
    FACTORY,
    GROUP,
    MINE,
    VALIDITY,
    WARNING,
    Context,
    Finding,
    Record,
    Rule,
    _day,
    _plain,
    _register,
)

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
