"""API schemas of core."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Schema
from pydantic import BeforeValidator

from saphan.core import thai
from saphan.core.errors import rule_error

_ISO_DAY = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}")


def _day(value: Any) -> Any:
    """A date as the forms read it (`thai.parse_date`): 2569-12-20, 2026-12-20, 20/12/2569,
    20 ธ.ค. 2569, 20 December 2026. A text it cannot read, or a day not in the calendar, is
    refused with the forms' own rule and words (in Thai and English)."""
    if isinstance(value, str):
        try:
            return thai.parse_date(value)
        except ValidationError as exc:
            raise rule_error(exc) from None
    return value


def _common_era(value: Any) -> Any:
    """A date-time whose ISO date is typed with a Buddhist-era year (2569-12-20T09:00) is read
    as that day of the common era, by the same rule (`thai.parse_date`); anything else is left
    for the type to read or refuse."""
    if isinstance(value, str) and (found := _ISO_DAY.match(value)):
        try:
            day = thai.parse_date(found[0])
        except ValidationError as exc:
            if exc.code == "date_invalid":  # 2026-02-31: say so, not "not a date"
                raise rule_error(exc) from None
            return value
        if day.year != int(found[0].strip()[:4]):
            return day.isoformat() + value[found.end() :]
    return value


# Dates and times of the API's inputs: a date in any form the forms take, either era; a
# date-time in ISO 8601, either era.
ApiDate = Annotated[dt.date, BeforeValidator(_day)]
ApiDateTime = Annotated[dt.datetime, BeforeValidator(_common_era)]


class ProvinceOut(Schema):
    code: str
    name_th: str
    name_en: str


class DistrictOut(Schema):
    code: str
    province_code: str
    name_th: str
    name_en: str

    @staticmethod
    def resolve_province_code(obj: Any) -> str:
        return str(obj.province_id)


class SubdistrictOut(Schema):
    code: str
    district_code: str
    province_code: str
    name_th: str
    name_en: str
    postal_codes: list[str]

    @staticmethod
    def resolve_district_code(obj: Any) -> str:
        return str(obj.district_id)

    @staticmethod
    def resolve_province_code(obj: Any) -> str:
        return str(obj.province_id)

    @staticmethod
    def resolve_postal_codes(obj: Any) -> list[str]:
        return str(obj.postal_codes).split()


class OfficeOut(Schema):
    code: str
    kind: str
    name_th: str
    name_en: str
    provinces: list[str]
    address: str
    subdistrict_code: str | None
    postal_code: str
    phone: str
    email: str

    @staticmethod
    def resolve_provinces(obj: Any) -> list[str]:
        return sorted(p.code for p in obj.provinces.all())

    @staticmethod
    def resolve_subdistrict_code(obj: Any) -> str | None:
        return obj.subdistrict_id


class OfficePatch(Schema):
    name_th: str | None = None
    name_en: str | None = None
    address: str | None = None
    subdistrict_code: str | None = None
    postal_code: str | None = None
    phone: str | None = None
    email: str | None = None


class MembershipOut(Schema):
    office: str
    office_name_th: str
    role: str


class MeOut(Schema):
    username: str
    full_name: str
    email: str
    kind: str
    preferred_language: str
    memberships: list[MembershipOut]
    provinces_viewable: list[str]


class PersonOut(Schema):
    username: str
    full_name: str
    office: str
    role: str
    title: str


class JobOut(Schema):
    id: UUID
    kind: str
    kind_label: str
    state: str
    done: int
    total: int
    percent: int
    message: str
    result: dict[str, Any]
    error: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreated(TokenOut):
    key: str


class CheckIn(Schema):
    national_id: str | None = None
    phone: str | None = None
    postal_code: str | None = None
    date: str | None = None


class CheckOut(Schema):
    national_id: str | None = None
    phone: str | None = None
    postal_code: str | None = None
    date: dt.date | None = None
    date_display_th: str | None = None
    date_display_en: str | None = None
