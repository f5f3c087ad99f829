"""API schemas of the promotion app."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field


class SkillOut(Schema):
    code: str
    name_th: str
    name_en: str


class GroupOut(Schema):
    id: int
    office_code: str
    code: str
    name_th: str
    name_en: str
    active: bool

    @staticmethod
    def resolve_office_code(obj: Any) -> str:
        return str(obj.office.code)


class ServiceOut(Schema):
    id: int
    code: str
    name_th: str
    name_en: str
    description: str
    working_group_id: int
    office_code: str
    skill: str
    usual_minutes: int
    active: bool

    @staticmethod
    def resolve_office_code(obj: Any) -> str:
        return str(obj.working_group.office.code)

    @staticmethod
    def resolve_skill(obj: Any) -> str:
        return str(obj.skill.code)


class ServiceIn(Schema):
    working_group_id: int
    code: str
    name_th: str
    name_en: str
    description: str = ""
    skill: str
    usual_minutes: int = 60
    active: bool = True


class ServicePatch(Schema):
    name_th: str | None = None
    name_en: str | None = None
    description: str | None = None
    skill: str | None = None
    usual_minutes: int | None = None
    active: bool | None = None


class ItemOut(Schema):
    id: int
    service_id: int
    service_code: str
    service_name_th: str
    office_code: str
    minutes: int
    outcome: str
    note: str
    visit_id: int | None

    @staticmethod
    def resolve_service_code(obj: Any) -> str:
        return str(obj.service.code)

    @staticmethod
    def resolve_service_name_th(obj: Any) -> str:
        return str(obj.service.name_th)

    @staticmethod
    def resolve_office_code(obj: Any) -> str:
        return str(obj.service.working_group.office.code)


class RequestOut(Schema):
    id: int
    reference: str
    establishment_id: int
    establishment_name: str
    province_code: str
    needs: str
    urgency: str
    preferred_from: dt.date | None
    preferred_to: dt.date | None
    preferred_time: str
    state: str
    channel: str
    created_at: dt.datetime
    delivered_at: dt.datetime | None
    closed_at: dt.datetime | None
    cancel_reason: str
    outcome: str
    rating: int | None
    rating_comment: str
    follow_up_on: dt.date | None
    waiting_days: int
    items: list[ItemOut]

    @staticmethod
    def resolve_establishment_name(obj: Any) -> str:
        return str(obj.establishment.name_th)

    @staticmethod
    def resolve_province_code(obj: Any) -> str:
        return str(obj.establishment.province_id)

    @staticmethod
    def resolve_waiting_days(obj: Any) -> int:
        return int(obj.waiting_days())

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return list(obj.items.all())


class AttachmentOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size_bytes: int
    uploaded_at: dt.datetime


class VisitBrief(Schema):
    id: int
    day: dt.date
    start: dt.time
    end: dt.time
    team: str
    state: str

    @staticmethod
    def resolve_day(obj: Any) -> dt.date:
        return obj.route.day

    @staticmethod
    def resolve_team(obj: Any) -> str:
        return str(obj.route.team.name)


class RequestFull(RequestOut):
    attachments: list[AttachmentOut]
    visits: list[VisitBrief]

    @staticmethod
    def resolve_attachments(obj: Any) -> list[Any]:
        return list(obj.attachments.all())

    @staticmethod
    def resolve_visits(obj: Any) -> list[Any]:
        return list(obj.planned_visits.select_related("route__team").order_by("route__day"))


class RequestIn(Schema):
    establishment_id: int
    needs: str = Field(max_length=4000)
    services: list[int]
    urgency: str = "normal"
    preferred_from: dt.date | None = None
    preferred_to: dt.date | None = None
    preferred_time: str = "any"


class RequestPatch(Schema):
    needs: str | None = Field(default=None, max_length=4000)
    services: list[int] | None = None
    urgency: str | None = None
    preferred_from: dt.date | None = None
    preferred_to: dt.date | None = None
    preferred_time: str | None = None


class CancelIn(Schema):
    reason: str


class CloseIn(Schema):
    outcome: str
    follow_up_on: dt.date | None = None


class RatingIn(Schema):
    rating: int
    comment: str = ""


class DemandServiceOut(Schema):
    service_id: int
    service_code: str
    service_name_th: str
    office_code: str
    skill: str
    by_month: list[int]
    requested: int
    delivered: int
    open: int
    average_wait_days: float | None


class NeedOut(Schema):
    province_code: str
    skill: str
    requested: int
    officers: int
    capacity: int
    short: bool


class DemandOut(Schema):
    first_day: dt.date
    last_day: dt.date
    months: list[dt.date]
    services: list[DemandServiceOut]
    by_province: dict[str, dict[str, int]]
    backlog: dict[str, int]
    open_wait_average_days: float | None
    delivery_days_average: float | None
    training_need: list[NeedOut]


class TeamOut(Schema):
    id: int
    office_code: str
    name: str
    members: list[str]
    start_office_code: str
    day_start: dt.time
    day_end: dt.time
    workdays: str
    active: bool

    @staticmethod
    def resolve_office_code(obj: Any) -> str:
        return str(obj.office.code)

    @staticmethod
    def resolve_start_office_code(obj: Any) -> str:
        return str(obj.start_office.code)

    @staticmethod
    def resolve_members(obj: Any) -> list[str]:
        return [m.username for m in obj.members.all()]


class TeamIn(Schema):
    office_code: str
    name: str
    members: list[str]
    start_office_code: str
    day_start: dt.time = dt.time(8, 30)
    day_end: dt.time = dt.time(16, 30)
    workdays: str = "01234"
    active: bool = True


class PlanIn(Schema):
    office_code: str
    name: str
    first_day: dt.date
    last_day: dt.date
    teams: list[int]
    run: bool = True


class PlanOut(Schema):
    id: int
    office_code: str
    name: str
    first_day: dt.date
    last_day: dt.date
    state: str
    job_id: str | None
    teams: list[int]
    requests_count: int
    unbundled_visits: int
    visits_count: int
    left_out_count: int
    km: Decimal
    travel_minutes: int
    distance_source: str
    error: str

    @staticmethod
    def resolve_office_code(obj: Any) -> str:
        return str(obj.office.code)

    @staticmethod
    def resolve_job_id(obj: Any) -> str | None:
        return str(obj.job_id) if obj.job_id else None

    @staticmethod
    def resolve_teams(obj: Any) -> list[int]:
        return [t.pk for t in obj.teams.all()]


class StopOut(Schema):
    visit_id: int
    order: int
    establishment_id: int
    establishment_name: str
    arrive: dt.time
    start: dt.time
    end: dt.time
    latitude: Decimal
    longitude: Decimal
    approximate_location: bool
    state: str
    requests: list[int]
    items: list[ItemOut]


class RouteOut(Schema):
    team_id: int
    day: dt.date
    depart: dt.time
    return_at: dt.time
    km: Decimal
    travel_minutes: int
    stops: list[StopOut]


class LeftOutOut(Schema):
    establishment_id: int
    requests: list[int]
    reason: str
    detail: str


class PlanFull(PlanOut):
    routes: list[RouteOut]
    left_out: list[LeftOutOut]

    # The endpoint puts the routes and what was left out on the plan it answers with.
    @staticmethod
    def resolve_routes(obj: Any) -> list[Any]:
        return list(obj.api_routes)

    @staticmethod
    def resolve_left_out(obj: Any) -> list[Any]:
        return list(obj.api_left_out)


class OutcomeIn(Schema):
    item_id: int
    outcome: str
    note: str = ""


class VisitRecordIn(Schema):
    took_place: bool = True
    outcomes: list[OutcomeIn] = []
    note: str = ""


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
