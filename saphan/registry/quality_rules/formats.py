"""Validity of identifiers: formats, agreement with the old registration number, class by size."""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import mul
from typing import Final

from saphan.core.validators import is_valid_thai_id
from saphan.registry.quality_rules.base import (
    _NONE,
    ALL_KINDS,
    ERROR,
    FACTORY,
    VALIDITY,
    WARNING,
    Context,
    Finding,
    Number,
    Record,
    Rule,
    _has_text,
    _plain,
    _register,
)

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
