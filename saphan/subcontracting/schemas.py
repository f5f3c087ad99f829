"""API schemas of subcontracting: what comes in (validated) and what goes out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

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


# --- offers


class OperationIn(Schema):
    name: str = ""
    skill: str
    machine_type: str
    sam_minutes: Decimal = Field(gt=0, max_digits=7, decimal_places=2)


class OperationOut(OperationIn):
    position: int


class StageIn(Schema):
    due_on: dt.date
    pieces: int = Field(ge=1)


class WageCheckOut(Schema):
    efficiency: Decimal | None
    earnings_per_hour: Decimal | None
    floor_per_hour: Decimal | None
    main_income_per_hour: Decimal | None
    verdict: str | None
    message: str | None


class OfferOut(Schema):
    id: int
    party_id: int
    party_name: str
    province_code: str
    title: str
    style_code: str
    description: str
    quality_spec: str
    pieces: int
    piece_rate_baht: Decimal
    materials_supplied: str
    release_on: dt.date
    due_on: dt.date
    pickup_point: str
    pickup_latitude: Decimal | None
    pickup_longitude: Decimal | None
    min_lot_pieces: int
    max_groups: int
    status: str
    sam_minutes: Decimal
    committed_pieces: int
    operations: list[OperationOut]
    stages: list[StageIn]
    wage_check: WageCheckOut


class OfferIn(Schema):
    party_id: int
    province_code: str | None = None
    title: str = Field(max_length=200)
    style_code: str = Field("", max_length=60)
    description: str = ""
    quality_spec: str = ""
    pieces: int = Field(ge=1, le=10_000_000)
    piece_rate_baht: Decimal = Field(gt=0, max_digits=10, decimal_places=2)
    materials_supplied: str = ""
    release_on: dt.date
    due_on: dt.date
    pickup_point: str = Field("", max_length=300)
    pickup_latitude: Decimal | None = None
    pickup_longitude: Decimal | None = None
    min_lot_pieces: int = Field(1, ge=1)
    max_groups: int = Field(3, ge=1, le=100)
    operations: list[OperationIn]
    stages: list[StageIn] = []


class OfferPatch(Schema):
    province_code: str | None = None
    title: str | None = Field(None, max_length=200)
    style_code: str | None = Field(None, max_length=60)
    description: str | None = None
    quality_spec: str | None = None
    pieces: int | None = Field(None, ge=1, le=10_000_000)
    piece_rate_baht: Decimal | None = Field(None, gt=0, max_digits=10, decimal_places=2)
    materials_supplied: str | None = None
    release_on: dt.date | None = None
    due_on: dt.date | None = None
    pickup_point: str | None = Field(None, max_length=300)
    pickup_latitude: Decimal | None = None
    pickup_longitude: Decimal | None = None
    min_lot_pieces: int | None = Field(None, ge=1)
    max_groups: int | None = Field(None, ge=1, le=100)
    operations: list[OperationIn] | None = None
    stages: list[StageIn] | None = None


# --- allocation


class RunIn(Schema):
    province_code: str
    week1_on: dt.date | None = None
    safety_margin: Decimal = Field(Decimal("0.10"), ge=0, le=Decimal("0.5"))
    offer_ids: list[int] | None = None


class TrancheOut(Schema):
    week: int
    pieces: int
    starts_on: dt.date
    ends_on: dt.date


class LotOut(Schema):
    id: int
    run_id: int
    offer_id: int
    offer_title: str
    party_name: str
    group_id: int
    group_name: str
    pieces: int
    schedule: list[TrancheOut]
    finish_on: dt.date
    due_on: dt.date
    on_time: bool
    earnings_per_hour: Decimal
    floor_per_hour: Decimal
    main_income_per_hour: Decimal | None
    utilisation: Decimal
    km: Decimal
    reason: str
    status: str
    adjusted: bool
    decline_reason: str
    value_baht: Decimal


class ShortfallOut(Schema):
    offer_id: int
    offer_title: str
    pieces: int
    code: str
    reason: str


class LeftOutOut(Schema):
    group: int
    name: str
    reason: str
    reason_text: str


class RunOut(Schema):
    id: int
    province_code: str
    kind: str
    status: str
    week1_on: dt.date
    horizon_weeks: int
    safety_margin: Decimal
    engine_status: str
    job_id: str | None
    pieces_asked: int
    pieces_placed: int
    pieces_short: int
    created_at: dt.datetime
    published_at: dt.datetime | None
    waits_for_run_id: int | None


class RunDetail(RunOut):
    objective: dict[str, Any]
    lots: list[LotOut]
    shortfalls: list[ShortfallOut]
    left_out: list[LeftOutOut]


class LotAdjustIn(Schema):
    pieces: int = Field(ge=1)


class LotMoveIn(Schema):
    group_id: int = Field(ge=1)


class DeclineIn(Schema):
    reason: str = Field(max_length=300)


class DeclineOut(Schema):
    lot: LotOut
    reallocation_run_id: int | None
    reallocation_status: str | None
    reallocation_note: str


class ProgressIn(Schema):
    reported_on: dt.date
    pieces_done: int = Field(ge=0)
    member_hours: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=1)
    note: str = Field("", max_length=500)


class ProgressOut(Schema):
    id: int
    reported_on: dt.date
    pieces_done: int
    member_hours: Decimal | None
    note: str


# --- ledger


class MaterialIn(Schema):
    kind: str
    moved_on: dt.date
    pieces: int = Field(ge=1)
    description: str = Field("", max_length=300)


class MaterialOut(MaterialIn):
    id: int


class ReceiptIn(Schema):
    received_on: dt.date
    accepted: int = Field(0, ge=0)
    rejected: int = Field(0, ge=0)
    rework: int = Field(0, ge=0)
    reasons: str = ""
    member_hours: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=1)


class ReceiptOut(ReceiptIn):
    id: int
    photos: list[str]


class PaymentIn(Schema):
    paid_on: dt.date
    amount_baht: Decimal = Field(gt=0, max_digits=14, decimal_places=2)
    method: str
    reference: str = Field("", max_length=100)
    note: str = Field("", max_length=300)


class PaymentOut(Schema):
    id: int
    number: str
    paid_on: dt.date
    amount_baht: Decimal
    amount_in_words: str
    method: str
    reference: str
    share_basis: str
    slip_url: str


class SharesIn(Schema):
    basis: str
    quantities: dict[int, Decimal]


class ShareOut(Schema):
    member_id: int
    member_name: str
    pieces: int | None
    hours: Decimal | None
    amount_baht: Decimal


class ReconciliationOut(Schema):
    issued: int
    accepted: int
    rejected: int
    returned: int
    scrap: int
    rework: int
    accounted: int
    still_with_group: int
    balanced: bool
    flags: list[str]
    value_accepted: Decimal
    paid: Decimal
    unpaid: Decimal


class AgreementOut(Schema):
    number: str
    issued_on: dt.date
    employer_name: str
    employer_address: str
    worker_name: str
    worker_address: str
    work_type: str
    pieces: int
    piece_rate_baht: Decimal
    value_baht: Decimal
    due_on: dt.date
    delivery_place: str
    materials: str
    payment_terms: str
    keep_until: dt.date
    pdf_url: str


class LedgerOut(Schema):
    lot: LotOut
    agreement: AgreementOut | None
    materials: list[MaterialOut]
    receipts: list[ReceiptOut]
    payments: list[PaymentOut]
    progress: list[ProgressOut]
    reconciliation: ReconciliationOut


# --- measures


class GroupMeasureOut(Schema):
    group_id: int
    group_name: str
    province_code: str
    ready: bool
    active: bool
    lots_offered: int
    lots_accepted: int
    lots_declined: int
    pieces_accepted: int
    on_time_rate: Decimal | None
    reject_rate: Decimal | None
    efficiency: Decimal | None
    earnings_per_hour: Decimal | None
    floor_per_hour: Decimal | None
    main_income_per_hour: Decimal | None
    last_activity: dt.date | None
    at_risk: bool
    risks: list[str]


class MonthOut(Schema):
    month: dt.date
    active_groups: int
    companies: int


class ProvinceOut(Schema):
    province_code: str
    province_name: str
    groups: int
    ready: int
    active: int
    at_risk: int
    left: int
    on_time_rate: Decimal | None
    reject_rate: Decimal | None
    earnings_per_hour: Decimal | None
    floor_per_hour: Decimal | None


class DashboardOut(Schema):
    provinces: list[ProvinceOut]
    months: list[MonthOut]
    companies_served: int
    groups: list[GroupMeasureOut]
