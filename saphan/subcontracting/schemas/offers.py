"""API schemas of work offers: their style (operations), staged deliveries and wage check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field

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
