"""API schemas of readiness: minimum wages, groups, members (personal data), machines,
unavailable periods, companies' willingness."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field

# --- wages


class WageOut(Schema):
    id: int
    province_code: str
    province_name: str
    effective_from: dt.date
    baht_per_day: Decimal
    baht_per_hour: Decimal
    source: str


class WageIn(Schema):
    province_code: str
    effective_from: dt.date
    baht_per_day: Decimal = Field(gt=0, max_digits=8, decimal_places=2)
    source: str = Field(max_length=300)


# --- readiness


class CheckItemOut(Schema):
    code: str
    label: str
    done: bool
    required: bool
    weight: int


class GroupOut(Schema):
    id: int
    name: str
    kind: str
    province_code: str
    in_programme: bool
    readiness_score: int
    ready: bool
    missing: list[str]
    members_counted: int
    skills: list[str]
    machines: dict[str, int]
    latitude: float | None
    longitude: float | None
    intent_signed_on: dt.date | None
    left_on: dt.date | None


class PeriodOut(Schema):
    id: int
    starts_on: dt.date
    ends_on: dt.date
    reason: str
    note: str


class MachineOut(Schema):
    id: int
    machine_type: str
    condition: str
    count: int
    note: str


class FiguresOut(Schema):
    receipts: int
    accepted: int
    rejected: int
    on_time_rate: Decimal | None
    reject_rate: Decimal | None
    efficiency: Decimal | None
    earnings_per_hour: Decimal | None


class GroupDetail(GroupOut):
    checklist: list[CheckItemOut]
    machine_lines: list[MachineOut]
    unavailable: list[PeriodOut]
    figures: FiguresOut
    work_place: str
    availability_checked_on: dt.date | None


class ProfileIn(Schema):
    intent_signed_on: dt.date | None = None
    intent_signed_by: str | None = Field(None, max_length=200)
    intent_note: str | None = None
    work_place: str | None = Field(None, max_length=300)
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    availability_checked_on: dt.date | None = None
    left_on: dt.date | None = None
    left_reason: str | None = Field(None, max_length=300)


class MemberOut(Schema):
    id: int
    full_name: str
    skills: list[str]
    main_occupation: str
    main_income_baht_per_day: Decimal | None
    hours_per_day: Decimal
    days_per_week: Decimal
    consent_on: dt.date | None
    active: bool


class MemberIn(Schema):
    full_name: str = Field(max_length=200)
    skills: list[str] = []
    main_occupation: str = Field("", max_length=200)
    main_income_baht_per_day: Decimal | None = None
    hours_per_day: Decimal
    days_per_week: Decimal
    consent_on: dt.date | None = None


class MemberPatch(Schema):
    full_name: str | None = Field(None, max_length=200)
    skills: list[str] | None = None
    main_occupation: str | None = Field(None, max_length=200)
    main_income_baht_per_day: Decimal | None = None
    hours_per_day: Decimal | None = None
    days_per_week: Decimal | None = None
    active: bool | None = None


class MachineIn(Schema):
    machine_type: str
    condition: str = "good"
    count: int = Field(ge=0, le=500)
    note: str = ""


class PeriodIn(Schema):
    starts_on: dt.date
    ends_on: dt.date
    reason: str
    note: str = ""


class CompanyOut(Schema):
    id: int
    name: str
    kind: str
    province_code: str
    willing: bool | None
    signed_on: dt.date | None
    products: str


class WillingnessIn(Schema):
    willing: bool | None = None
    signed_on: dt.date | None = None
    signed_by: str | None = Field(None, max_length=200)
    products: str | None = Field(None, max_length=300)
    note: str | None = None
