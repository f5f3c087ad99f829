"""API schemas of allocation: runs, lots in review, the group's answer and progress."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

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
