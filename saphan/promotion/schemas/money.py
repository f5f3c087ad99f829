"""API schemas of funds, training and projects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema


class FundIn(Schema):
    office_code: str
    name: str
    source: str
    source_note: str = ""
    amount: Decimal
    fiscal_year: int
    note: str = ""


class FundOut(Schema):
    id: int
    office_code: str
    name: str
    source: str
    amount: Decimal
    fiscal_year: int
    allocated: Decimal
    used: Decimal
    spent: Decimal
    remaining: Decimal


class LineOut(Schema):
    id: int
    name: str
    budget: Decimal
    committed: Decimal
    spent: Decimal
    open_commitments: Decimal
    remaining: Decimal


class ActivityOut(Schema):
    id: int
    name: str
    description: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    lines: list[LineOut]


class OverrideOut(Schema):
    kind: str
    line_id: int
    amount: Decimal
    over_by: Decimal
    reason: str
    approved_by: str
    approved_at: dt.datetime


class FundFull(FundOut):
    activities: list[ActivityOut]
    overrides: list[OverrideOut]


class ActivityIn(Schema):
    name: str
    description: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


class LineIn(Schema):
    name: str
    planned: Decimal
    override_reason: str = ""


class EntryIn(Schema):
    on: dt.date
    amount: Decimal
    description: str
    reference: str = ""
    commitment_id: int | None = None
    override_reason: str = ""


class CreatedOut(Schema):
    id: int


class ReverseIn(Schema):
    reason: str


class TrainingIn(Schema):
    office_code: str
    topic: str
    skill: str | None = None
    activity_id: int | None = None
    starts_on: dt.date
    ends_on: dt.date
    place: str
    trainers: str
    hours: int = 6
    description: str = ""


class ParticipantOut(Schema):
    id: int
    username: str
    full_name: str
    office_code: str
    attended: bool
    certificate_no: str

    @staticmethod
    def resolve_username(obj: Any) -> str:
        return str(obj.user.username)

    @staticmethod
    def resolve_full_name(obj: Any) -> str:
        return str(obj.user.get_full_name())

    @staticmethod
    def resolve_office_code(obj: Any) -> str:
        return str(obj.office.code)


class TrainingOut(Schema):
    id: int
    office_code: str
    topic: str
    skill: str | None
    activity_id: int | None
    starts_on: dt.date
    ends_on: dt.date
    place: str
    trainers: str
    hours: int

    @staticmethod
    def resolve_office_code(obj: Any) -> str:
        return str(obj.office.code)

    @staticmethod
    def resolve_skill(obj: Any) -> str | None:
        return obj.skill.code if obj.skill_id else None


class TrainingFull(TrainingOut):
    participants: list[ParticipantOut]

    @staticmethod
    def resolve_participants(obj: Any) -> list[Any]:
        return list(obj.api_participants)


class UsernamesIn(Schema):
    usernames: list[str]


class AttendanceIn(Schema):
    attended: list[int]


class CountOut(Schema):
    count: int


class SharesOut(Schema):
    staff_hours: int
    consultant_hours: int
    staff_cost: Decimal
    consultant_cost: Decimal
    consultant_effort_percent: float | None
    consultant_cost_percent: float | None
    flagged: bool


class ProjectOut(Schema):
    id: int
    office_code: str
    name: str
    fiscal_year: int
    activity_id: int | None
    shares: SharesOut


class TaskOut(Schema):
    id: int
    name: str
    done_by: str
    consultant_id: int | None
    contract_id: int | None
    staff: list[str]
    effort_hours: int
    cost: Decimal
    done: bool

    @staticmethod
    def resolve_staff(obj: Any) -> list[str]:
        return [u.username for u in obj.staff.all()]


class ProjectFull(ProjectOut):
    description: str
    tasks: list[TaskOut]


class ProjectIn(Schema):
    office_code: str
    name: str
    fiscal_year: int
    activity_id: int | None = None
    description: str = ""


class TaskIn(Schema):
    name: str
    done_by: str
    consultant_id: int | None = None
    contract_id: int | None = None
    staff: list[str] = []
    effort_hours: int
    cost: Decimal = Decimal("0")
    done: bool = False


class ConsultantOut(Schema):
    id: int
    name: str
    organisation: str
    expertise: str
    skills: list[str]
    active: bool

    @staticmethod
    def resolve_skills(obj: Any) -> list[str]:
        return [s.code for s in obj.skills.all()]


class ConsultantIn(Schema):
    office_code: str
    name: str
    organisation: str = ""
    expertise: str
    skills: list[str] = []
    phone: str = ""
    email: str = ""


class ContractIn(Schema):
    project_id: int | None = None
    number: str
    signed_on: dt.date
    ends_on: dt.date | None = None
    fee: Decimal
    scope_of_work: str = ""
