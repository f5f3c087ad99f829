"""API schemas of core."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Schema


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
