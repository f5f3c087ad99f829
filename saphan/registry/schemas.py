"""API schemas of the registry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema


class ContactOut(Schema):
    name: str
    position: str
    phone: str
    email: str
    line_id: str


class EstablishmentOut(Schema):
    id: int
    kind: str
    name_th: str
    name_en: str
    juristic_id: str
    activity: str
    house_no: str
    moo: str
    soi: str
    road: str
    subdistrict_code: str | None
    district_code: str | None
    province_code: str
    postal_code: str
    latitude: Decimal | None
    longitude: Decimal | None
    status: str
    office_code: str | None
    verified_at: dt.datetime | None
    completeness: int
    validity: int
    currency: int
    merged_into: int | None
    detail: dict[str, Any] | None

    @staticmethod
    def resolve_subdistrict_code(obj: Any) -> str | None:
        return obj.subdistrict_id

    @staticmethod
    def resolve_district_code(obj: Any) -> str | None:
        return obj.district_id

    @staticmethod
    def resolve_province_code(obj: Any) -> str:
        return str(obj.province_id)

    @staticmethod
    def resolve_office_code(obj: Any) -> str | None:
        return obj.office.code if obj.office_id else None

    @staticmethod
    def resolve_merged_into(obj: Any) -> int | None:
        return obj.merged_into_id

    @staticmethod
    def resolve_detail(obj: Any) -> dict[str, Any] | None:
        from saphan.registry.services import detail_fields

        detail = obj.detail()
        if detail is None:
            return None
        # Operators may be natural persons: their names go with contacts, not here.
        return {
            name: getattr(detail, name)
            for name in detail_fields(obj.detail_relation)
            if name != "operator_name"
        }


class PagedEstablishmentOut(Schema):
    """A page of the list: `count` is exact unless `count_is_exact` is false, when there are
    more than `count` records (the list stops counting at 1,000)."""

    items: list[EstablishmentOut]
    count: int
    count_is_exact: bool
    has_next: bool


class EstablishmentFull(EstablishmentOut):
    """With the personal data (contacts, operator) when the person's role allows it, else null."""

    contacts: list[ContactOut] | None = None
    operator_name: str | None = None

    @staticmethod
    def resolve_contacts(obj: Any, context: Any) -> list[Any] | None:
        from saphan.registry.selectors import contacts_visible_to

        if not contacts_visible_to(context["request"].user, obj):
            return None
        return list(obj.contacts.all())

    @staticmethod
    def resolve_operator_name(obj: Any, context: Any) -> str | None:
        from saphan.registry.selectors import contacts_visible_to

        if not contacts_visible_to(context["request"].user, obj):
            return None
        return getattr(obj.detail(), "operator_name", None)


class EstablishmentIn(Schema):
    kind: str
    name_th: str
    name_en: str = ""
    juristic_id: str = ""
    activity: str = ""
    house_no: str = ""
    moo: str = ""
    soi: str = ""
    road: str = ""
    subdistrict_code: str | None = None
    province_code: str | None = None
    postal_code: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    status: str = "active"
    detail: dict[str, Any] | None = None


class EstablishmentPatch(Schema):
    name_th: str | None = None
    name_en: str | None = None
    juristic_id: str | None = None
    activity: str | None = None
    house_no: str | None = None
    moo: str | None = None
    soi: str | None = None
    road: str | None = None
    subdistrict_code: str | None = None
    postal_code: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    status: str | None = None
    detail: dict[str, Any] | None = None


class QualityIssueOut(Schema):
    establishment_id: int
    rule: str
    field: str
    severity: str
    message: str
    impact: int


class ImportOut(Schema):
    id: int
    file_name: str
    kind: str
    layout: str
    dry_run: bool
    rows_total: int
    rows_new: int
    rows_changed: int
    rows_unchanged: int
    rows_rejected: int
    job_id: str | None
    job_state: str | None

    @staticmethod
    def resolve_job_id(obj: Any) -> str | None:
        return str(obj.job_id) if obj.job_id else None

    @staticmethod
    def resolve_job_state(obj: Any) -> str | None:
        return obj.job.state if obj.job_id else None
