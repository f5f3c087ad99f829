"""Completeness: the items each kind of record must have."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter

from saphan.registry.quality_rules.base import (
    _NONE,
    ALL_KINDS,
    COMPLETENESS,
    ENTERPRISE,
    ERROR,
    FACTORY,
    MINE,
    WARNING,
    Context,
    Finding,
    Record,
    Rule,
    Severity,
    _filled,
    _register,
)

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
