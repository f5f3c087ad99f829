"""API schemas of the catalog, service requests and demand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from saphan.core.scoping import Action, scope_for


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
    team: str | None
    state: str

    @staticmethod
    def resolve_day(obj: Any) -> dt.date:
        return obj.route.day

    @staticmethod
    def resolve_team(obj: Any, context: Any) -> str | None:
        # The establishment's representative sees when a visit comes, never who comes.
        user = context["request"].user if context else None
        return str(obj.route.team.name) if scope_for(user).provinces(Action.VIEW) else None


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
