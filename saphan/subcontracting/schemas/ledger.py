"""API schemas of the ledger (materials, receipts, payments, shares, the agreement) and of the
measures on the dashboard."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from saphan.subcontracting.schemas.allocation import LotOut, ProgressOut

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
