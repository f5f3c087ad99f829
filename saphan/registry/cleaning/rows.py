"""Cleaning one mapped row: the parser of each target field (choices, numbers that fit the
model, identifiers), the geography match and the factory-only derivations."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import geothai
from django.core.exceptions import ValidationError

from saphan.core.validators import is_valid_thai_id, normalize_thai_id, validate_postal_code
from saphan.registry.cleaning.geo import GeoMatcher, geo_matcher
from saphan.registry.cleaning.text import CellError, display, text_or_blank
from saphan.registry.cleaning.values import (
    normalize_fid,
    parse_date_cell,
    parse_decimal,
    parse_int,
    parse_registration_no,
    parse_type_code,
    parse_year,
    province_code_from_abbr,
    registration_text,
)
from saphan.registry.layouts import KINDS, TARGET_FIELDS, TargetField

# ---------------------------------------------------------------------------------------------
# Choice fields

# Mirrors of the model choices (a test keeps them in step) with the words files use for them.
STATUS_WORDS: dict[str, str] = {
    "active": "active", "ดำเนินการ": "active", "ดำเนินกิจการ": "active", "เปิด": "active",
    "เปิดดำเนินการ": "active", "ปกติ": "active", "inactive": "inactive",
    "notoperating": "inactive", "หยุด": "inactive", "หยุดดำเนินการ": "inactive",
    "หยุดกิจการ": "inactive", "ไม่ดำเนินการ": "inactive", "ไม่ได้ดำเนินการ": "inactive",
    "closed": "closed", "ปิด": "closed", "ปิดกิจการ": "closed", "เลิก": "closed",
    "เลิกกิจการ": "closed", "เลิกประกอบกิจการ": "closed", "จำหน่าย": "closed",
}  # fmt: skip
# DIW's FFLAG / STATUS: 0 licensed, 1 operating, 2 struck off, 3 stopped.
LICENCE_WORDS: dict[str, str] = {
    "0": "licensed", "1": "operating", "2": "struck_off", "3": "stopped",
    "licensed": "licensed", "ได้รับใบอนุญาต": "licensed", "operating": "operating",
    "ดำเนินการ": "operating", "ประกอบกิจการ": "operating", "struckoff": "struck_off",
    "จำหน่าย": "struck_off", "จำหน่ายทะเบียน": "struck_off", "stopped": "stopped",
    "หยุดดำเนินการ": "stopped", "หยุดประกอบกิจการ": "stopped",
}  # fmt: skip
CONCESSION_WORDS: dict[str, str] = {
    "operating": "operating", "เปิดดำเนินการ": "operating", "notopened": "not_opened",
    "notyetopened": "not_opened", "ยังไม่ขออนุญาตเปิด": "not_opened", "stopped": "stopped",
    "หยุด": "stopped", "หยุดดำเนินการ": "stopped", "surrendered": "surrendered",
    "ขอคืนสิทธิ": "surrendered", "คืนสิทธิ": "surrendered", "expired": "expired",
    "สิ้นอายุ": "expired", "หมดอายุ": "expired",
}  # fmt: skip
GROUP_KIND_WORDS: dict[str, str] = {
    "enterprise": "enterprise", "communityenterprise": "enterprise",
    "วิสาหกิจชุมชน": "enterprise", "network": "network",
    "communityenterprisenetwork": "network", "เครือข่ายวิสาหกิจชุมชน": "network",
    "unregistered": "unregistered", "unregisteredgroup": "unregistered",
    "กลุ่มไม่ได้จดทะเบียน": "unregistered", "กลุ่มที่ไม่ได้จดทะเบียน": "unregistered",
    "ไม่ได้จดทะเบียน": "unregistered", "กลุ่มชาวบ้าน": "unregistered",
}  # fmt: skip
# A factory's licence says whether the establishment is active, when no status column does.
STATUS_FROM_LICENCE = {
    "licensed": "active",
    "operating": "active",
    "struck_off": "closed",
    "stopped": "inactive",
}


def _choice(
    words: dict[str, str], rule: str, label_th: str, label_en: str
) -> Callable[[object], str]:
    def parse(value: object) -> str:
        text = text_or_blank(value)
        if not text:
            return ""
        found = words.get("".join(text.lower().replace("_", " ").split()))
        if found is None:
            shown = display(value)
            raise CellError(
                rule,
                f"“{shown}” ไม่ใช่{label_th}ที่รู้จัก",
                f"“{shown}” is not a known {label_en}.",
            )
        return found

    return parse


# ---------------------------------------------------------------------------------------------
# Field parsers


def _parse_text(value: object, spec: TargetField) -> str:
    text = text_or_blank(value)
    if spec.max_length is not None and len(text) > spec.max_length:
        raise CellError(
            "text_too_long",
            f"ข้อความยาว {len(text)} ตัวอักษร เกินที่รับได้ {spec.max_length} ตัวอักษร",
            f"The text has {len(text)} characters; at most {spec.max_length} fit.",
        )
    return text


_CENT = Decimal("0.01")
_MICRO = Decimal("0.000001")
_MILLION = Decimal(1_000_000)
_MAX_POSITIVE_INT = 2_147_483_647  # PositiveIntegerField on PostgreSQL


def _fit_decimal(number: Decimal, spec: TargetField, shown: object) -> Decimal:
    # The model keeps two decimal places; more digits than max_digits would fail the database.
    number = number.quantize(_CENT, rounding=ROUND_HALF_UP)
    digits = spec.max_digits or 18
    if len(number.as_tuple().digits) > digits:
        text = display(shown)
        raise CellError(
            "number_too_large",
            f"“{text}” มากเกินไป (ได้ไม่เกิน {digits - 2} หลักก่อนจุดทศนิยม)",
            f"“{text}” is too large (at most {digits - 2} digits before the decimal point).",
        )
    return number


def _parse_decimal_field(value: object, spec: TargetField) -> Decimal | None:
    number = parse_decimal(value)
    return None if number is None else _fit_decimal(number, spec, value)


def _parse_million(value: object, spec: TargetField) -> Decimal | None:
    number = parse_decimal(value)
    return None if number is None else _fit_decimal(number * _MILLION, spec, value)


def _parse_count(value: object, spec: TargetField) -> int | None:
    number = parse_int(value)
    if number is not None and not 0 <= number <= _MAX_POSITIVE_INT:
        shown = display(value)
        raise CellError(
            "count_range",
            f"“{shown}” ต้องเป็นจำนวนนับตั้งแต่ 0 ขึ้นไป",
            f"“{shown}” must be a count of 0 or more.",
        )
    return number


def _coordinate(
    limit: int, name_th: str, name_en: str
) -> Callable[[object, TargetField], Decimal | None]:
    def parse(value: object, spec: TargetField) -> Decimal | None:
        number = parse_decimal(value)
        if number is None:
            return None
        if not -limit <= number <= limit:
            shown = display(value)
            raise CellError(
                f"{name_en}_range",
                f"{name_th} “{shown}” ต้องอยู่ระหว่าง −{limit} ถึง {limit}",
                f"The {name_en} “{shown}” must lie between −{limit} and {limit}.",
            )
        return number.quantize(_MICRO, rounding=ROUND_HALF_UP)

    return parse


def _parse_juristic_id(value: object, spec: TargetField) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    digits = normalize_thai_id(text_or_blank(value))
    if not digits:
        return ""
    # Juristic ids start with 0 and Excel drops it from numbers; the check digit below keeps a
    # wrong guess out.
    if len(digits) == 12 and digits.isdigit():
        digits = "0" + digits
    if not is_valid_thai_id(digits):
        shown = display(value)
        raise CellError(
            "juristic_id_invalid",
            f"“{shown}” ไม่ใช่เลขทะเบียนนิติบุคคล 13 หลักที่ถูกต้อง",
            f"“{shown}” is not a valid 13-digit juristic person id.",
        )
    return digits


def _parse_postal_code(value: object, spec: TargetField) -> str:
    text = text_or_blank(value).replace(" ", "")
    if not text:
        return ""
    try:
        validate_postal_code(text)
    except ValidationError:
        shown = display(value)
        raise CellError(
            "postal_code_format",
            f"“{shown}” ไม่ใช่รหัสไปรษณีย์ (ตัวเลข 5 หลัก ขึ้นต้นด้วย 10–96)",
            f"“{shown}” is not a postal code (five digits starting 10–96).",
        ) from None
    return text


def _parse_class(value: object, spec: TargetField) -> int | None:
    text = re.sub(r"^จำพวก(?:ที่)?", "", text_or_blank(value)).strip()
    if not text:
        return None
    number = parse_int(text) if re.fullmatch(r"\d+(?:\.0+)?", text) else None
    if number not in (1, 2, 3):
        shown = display(value)
        raise CellError(
            "factory_class_format",
            f"“{shown}” ไม่ใช่จำพวกโรงงาน (1, 2 หรือ 3)",
            f"“{shown}” is not a factory class (1, 2 or 3).",
        )
    return number


def _plain(parse: Callable[[object], object]) -> Callable[[object, TargetField], object]:
    return lambda value, spec: parse(value)


def _registration_field(value: object, spec: TargetField) -> str:
    # Stored as written (without spaces) even when it is not in the usual form; clean_row
    # parses it again to derive the type code and class.
    return _parse_text(registration_text(value), spec)


PARSERS: dict[str, Callable[[object, TargetField], object]] = {
    "text": _parse_text,
    "int": _plain(parse_int),
    "count": _parse_count,
    "decimal": _parse_decimal_field,
    "decimal_million": _parse_million,
    "date": _plain(parse_date_cell),
    "year": _plain(parse_year),
    "fid": _plain(normalize_fid),
    "registration_no": _registration_field,
    "type_code": lambda value, spec: parse_type_code(value) or "",
    "factory_class": _parse_class,
    "juristic_id": _parse_juristic_id,
    "postal_code": _parse_postal_code,
    "latitude": _coordinate(90, "ละติจูด", "latitude"),
    "longitude": _coordinate(180, "ลองจิจูด", "longitude"),
    "status": _plain(_choice(STATUS_WORDS, "status_unknown", "สถานะ", "status")),
    "licence_status": _plain(
        _choice(LICENCE_WORDS, "licence_status_unknown", "สถานะใบอนุญาต", "licence status")
    ),
    "concession_status": _plain(
        _choice(
            CONCESSION_WORDS, "concession_status_unknown", "สถานะประทานบัตร", "concession status"
        )
    ),
    "group_kind": _plain(
        _choice(GROUP_KIND_WORDS, "group_kind_unknown", "ประเภทกลุ่ม", "group kind")
    ),
}


# ---------------------------------------------------------------------------------------------
# Rows


@cache
def _plan(
    kind: str,
) -> dict[str, tuple[Callable[[object, TargetField], object], TargetField, object]]:
    """For each target allowed for `kind`: its parser, its spec and its blank value. Worked
    out once per kind: clean_row runs a million times."""
    return {
        name: (PARSERS[spec.parser], spec, "" if spec.parser in _TEXT_PARSERS else None)
        for name, spec in TARGET_FIELDS.items()
        if spec.allowed_for(kind)
    }


# Parsers whose blank is "" (the model's CharFields are blank=True, not null).
_TEXT_PARSERS = frozenset(
    {"text", "registration_no", "type_code", "juristic_id", "postal_code", "status",
     "licence_status", "concession_status", "group_kind"}
)  # fmt: skip


@dataclass(slots=True)
class CleanRow:
    """One cleaned row: values by target field, ready for the models (blank is "" for text
    fields and None for the others, the FID included as it is unique), plus
    `province_code`, `district_code`, `subdistrict_code`. Rejected when it has any error;
    warnings say what was corrected or could not be derived and do not reject."""

    row_number: int
    values: dict[str, object]
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return bool(self.errors)


def clean_row(
    raw: Mapping[str, object],
    *,
    kind: str,
    geo: GeoMatcher,
    row_number: int,
    headers: Mapping[str, str] | None = None,
) -> CleanRow:
    """Parse one row's cells (keyed by target field, see `Binding.raw`) for an establishment
    of `kind`. `headers` (target -> header as written, `Binding.headers`) names the columns in
    errors; without it errors name the target field.

    Raises ValueError for a target that does not exist or does not suit `kind`: that is a
    mapping mistake (mapping_from catches it for users), not a cell problem.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown establishment kind {kind!r}")
    row = CleanRow(row_number, {})
    values = row.values
    names = headers or {}
    failed: set[str] = set()
    plan = _plan(kind)
    for target, cell in raw.items():
        step = plan.get(target)
        if step is None:
            raise ValueError(f"target {target!r} is not a field for {kind!r} establishments")
        parse, spec, blank = step
        if cell is None or cell == "":  # most cells of a sparse file: skip the parser
            values[target] = blank
            continue
        try:
            values[target] = parse(cell, spec)
        except CellError as exc:
            row.errors.append(exc.at(names.get(target, target), cell))
            values[target] = None
            failed.add(target)

    province_name = values.get("province_name") or ""
    if kind == "factory":
        province_name = _factory_details(raw, row, failed, names) or province_name

    match = geo.match(
        province_name,
        values.get("district_name") or "",
        values.get("subdistrict_name") or "",
        # A malformed postal code is an error of its own already: do not match on it.
        values.get("postal_code") or "",
    )
    values["province_code"] = match.province_code
    values["district_code"] = match.district_code
    values["subdistrict_code"] = match.subdistrict_code
    for found, into in ((match.errors, row.errors), (match.notes, row.warnings)):
        for problem in found:
            cell = raw.get(problem.column, problem.value)
            into.append(problem.at(names.get(problem.column, problem.column), cell))

    if not values.get("name_th") and "name_th" not in failed:
        row.errors.append(
            CellError(
                "required",
                "ต้องมีชื่อสถานประกอบการ (ภาษาไทย)",
                "The Thai name is required.",
                column=names.get("name_th", "name_th"),
            )
        )
    return row


def _factory_details(
    raw: Mapping[str, object], row: CleanRow, failed: set[str], names: Mapping[str, str]
) -> str:
    """Factory-only steps; returns a province name taken from the registration number when
    the row has none (the DIW permit feed has no address), else ""."""
    values = row.values
    million = values.pop("factory.investment_total_million", None)
    if million is not None and values.get("factory.investment_total") is None:
        values["factory.investment_total"] = million

    licence = values.get("factory.licence_status")
    if isinstance(licence, str) and licence and not values.get("status"):
        values["status"] = STATUS_FROM_LICENCE[licence]

    registration = values.get("factory.registration_no")
    if not isinstance(registration, str) or not registration:
        return ""
    column = names.get("factory.registration_no", "factory.registration_no")
    try:
        parsed = parse_registration_no(registration)
    except CellError as exc:
        # Other forms exist (e.g. newer numbers with a four-digit year and no province): keep
        # the number as written and say that nothing could be derived from it.
        row.warnings.append(exc.at(column, raw["factory.registration_no"]))
        return ""
    assert parsed is not None
    checks: tuple[tuple[str, object, str, str, str], ...] = (
        ("factory.type_code", parsed.type_code, "registration_type_mismatch",
         "รหัสประเภท", "type code"),
        ("factory.factory_class", parsed.factory_class, "registration_class_mismatch",
         "จำพวก", "class"),
    )  # fmt: skip
    for target, derived, rule, what_th, what_en in checks:
        current = values.get(target)
        if current in (None, ""):
            if target not in failed:
                values[target] = derived
        elif current != derived:
            # Kept as the file says and flagged: the data-quality rules
            # (agree.registration_type_code / agree.registration_class) list it for a person.
            row.warnings.append(
                CellError(
                    rule,
                    f"{what_th} {current} ไม่ตรงกับเลขทะเบียน {parsed.text} ({derived})",
                    f"The {what_en} {current} disagrees with the registration number "
                    f"{parsed.text} ({derived}).",
                    column=names.get(target, target),
                    value=display(raw.get(target)),
                )
            )
    if values.get("province_name") or "province_name" in failed:
        return ""
    code = province_code_from_abbr(parsed.province_abbr)
    province = geothai.province(code) if code else None
    if province is None:
        return ""
    row.warnings.append(
        CellError(
            "province_from_registration",
            f"ใช้จังหวัด{province.name_th} ตามอักษรย่อ “{parsed.province_abbr}” ในเลขทะเบียน",
            f"Took the province {province.name_en} from the abbreviation "
            f"“{parsed.province_abbr}” of the registration number.",
            column=column,
            value=parsed.text,
        )
    )
    return province.name_th


def clean_rows(
    kind: str, headers: Mapping[str, str], rows: list[tuple[int, dict[str, object]]]
) -> list[CleanRow]:
    """Clean a chunk of (row number, cells by target) with the process-wide matcher: what
    the importer's second process runs, so that cleaning overlaps the database writes."""
    geo = geo_matcher()
    return [
        clean_row(raw, kind=kind, geo=geo, row_number=number, headers=headers)
        for number, raw in rows
    ]
