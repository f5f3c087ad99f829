"""API schemas of the complaints app. Public schemas carry no personal data by construction:
they are filled from `selectors.public` rows."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from saphan.core.schemas import ApiDate, ApiDateTime


class PublicComplaintOut(Schema):
    code: str
    category: str
    category_label: str
    status: str
    status_label: str
    is_closed: bool
    is_overdue: bool
    time_of_day: str
    frequency: str
    area: str
    province_code: str
    district_code: str | None
    public_lat: Decimal | None
    public_lon: Decimal | None
    summary: str
    received_at: dt.datetime
    updated_at: dt.datetime
    closed_at: dt.datetime | None
    expected_date: dt.date | None
    office: str
    people: int
    merged_into: str | None


class PublicEventOut(Schema):
    kind: str
    label: str
    at: dt.datetime
    text: str
    status: str
    explainer_slug: str | None = None
    office: str | None = None
    agency: str | None = None
    into: str | None = None


class PublicComplaintDetailOut(PublicComplaintOut):
    timeline: list[PublicEventOut]
    photo_urls: list[str]


class PublicStatsOut(Schema):
    open: int
    overdue: int
    closed_year: int
    median_days: float | None


class EstablishmentChoiceOut(Schema):
    id: int
    name: str
    kind: str
    place: str


class ExplainerOut(Schema):
    id: int  # what a public update or a status change names (`explainer_id`)
    slug: str
    title_th: str
    title_en: str
    summary_th: str
    summary_en: str
    body_th: str
    body_en: str
    category: str
    is_published: bool
    updated_at: dt.datetime


class ExplainerIn(Schema):
    slug: str
    title_th: str
    title_en: str
    summary_th: str = ""
    summary_en: str = ""
    body_th: str
    body_en: str
    category: str = ""
    is_published: bool = True


class ComplaintOut(Schema):
    code: str
    category: str
    status: str
    time_of_day: str
    frequency: str
    province_code: str
    district_code: str | None
    subdistrict_code: str | None
    office_code: str
    establishment_id: int | None
    establishment_confirmed: bool
    received_at: dt.datetime
    status_changed_at: dt.datetime
    state_due: dt.date | None
    expected_date: dt.date | None
    closed_at: dt.datetime | None
    is_overdue: bool
    channel: str
    merged_into: str | None
    escalated_at: dt.datetime | None
    referral_level: str
    reopen_count: int
    public_summary: str

    @staticmethod
    def resolve_province_code(obj: Any) -> str:
        return str(obj.province_id)

    @staticmethod
    def resolve_district_code(obj: Any) -> str | None:
        return obj.district_id

    @staticmethod
    def resolve_subdistrict_code(obj: Any) -> str | None:
        return obj.subdistrict_id

    @staticmethod
    def resolve_office_code(obj: Any) -> str:
        return str(obj.office.code)

    @staticmethod
    def resolve_merged_into(obj: Any) -> str | None:
        return obj.merged_into.code if obj.merged_into_id else None

    @staticmethod
    def resolve_is_overdue(obj: Any) -> bool:
        return bool(obj.is_overdue())


class EventOut(Schema):
    kind: str
    at: dt.datetime
    is_public: bool
    text: str
    from_state: str
    to_state: str
    actor: str | None
    data: dict[str, Any]

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return obj.actor.username if obj.actor_id else None


class PeriodOut(Schema):
    state: str
    entered_at: dt.datetime
    due_date: dt.date | None
    left_at: dt.datetime | None
    was_late: bool


def _words(obj: Any, context: Any) -> bool:
    """Once per case and request (a resolver each for several fields)."""
    from saphan.complaints.services.common import may_read_words

    cache = getattr(obj, "_words_allowed", None)
    if cache is None:
        request = (context or {}).get("request")
        cache = bool(request is not None and may_read_words(request.user, obj))
        obj._words_allowed = cache
    return cache


class ComplaintFull(ComplaintOut):
    description: str
    latitude: Decimal | None
    longitude: Decimal | None
    address_text: str
    assigned: list[str]
    timeline: list[EventOut]
    periods: list[PeriodOut]

    # The complainant's words and the exact place: the responsible office's only.
    @staticmethod
    def resolve_description(obj: Any, context: Any) -> str:
        return str(obj.description) if _words(obj, context) else ""

    @staticmethod
    def resolve_latitude(obj: Any, context: Any) -> Decimal | None:
        return obj.latitude if _words(obj, context) else None

    @staticmethod
    def resolve_longitude(obj: Any, context: Any) -> Decimal | None:
        return obj.longitude if _words(obj, context) else None

    @staticmethod
    def resolve_address_text(obj: Any, context: Any) -> str:
        return str(obj.address_text) if _words(obj, context) else ""

    @staticmethod
    def resolve_assigned(obj: Any) -> list[str]:
        return [u.username for u in obj.assigned.all()]

    @staticmethod
    def resolve_timeline(obj: Any, context: Any) -> list[Any]:
        events = list(obj.events.select_related("actor").order_by("at", "id"))
        if not _words(obj, context):
            for event in events:
                if event.data.get("from_complainant"):
                    event.text = ""
        return events

    @staticmethod
    def resolve_periods(obj: Any) -> list[Any]:
        return list(obj.periods.order_by("entered_at", "id"))


class ComplainantOut(Schema):
    id: int
    role: str
    name: str
    phone: str
    email: str
    line_id: str
    health_details: str
    wants_updates: bool
    anonymised: bool

    @staticmethod
    def resolve_anonymised(obj: Any) -> bool:
        return obj.anonymised_at is not None


class IntakeIn(Schema):
    category: str
    description: str
    time_of_day: str = ""
    frequency: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    province_code: str = ""
    district_code: str = ""
    subdistrict_code: str = ""
    address_text: str = ""
    establishment_id: int | None = None
    channel: str = "phone"
    name: str = ""
    phone: str = ""
    email: str = ""
    line_id: str = ""
    health_details: str = ""
    health_consent: bool = False
    language: str = Field("th", description="the language of messages to the complainant: th or en")


class TransitionIn(Schema):
    to_state: str
    text: str = ""
    explainer_id: int | None = None


class TextIn(Schema):
    text: str
    explainer_id: int | None = None


class AssignIn(Schema):
    username: str


class ForwardIn(Schema):
    office_code: str
    reason: str


class ReferIn(Schema):
    agency: str
    level: str
    reason: str


class ReasonIn(Schema):
    reason: str


class MergeIn(Schema):
    into: str
    text: str = ""


class EstablishmentLinkIn(Schema):
    establishment_id: int | None
    confirmed: bool = False


class StandardOut(Schema):
    id: int
    pollutant: str
    where: str
    averaging_period: str
    limit: Decimal | None
    unit: str
    legal_source: str
    effective_from: dt.date | None
    effective_until: dt.date | None
    to_confirm: bool
    note: str


class StandardIn(Schema):
    pollutant: str
    where: str
    averaging_period: str
    limit: Decimal | None = None
    unit: str
    legal_source: str
    effective_from: ApiDate | None = None
    effective_until: ApiDate | None = None
    to_confirm: bool = False
    note: str = ""


class MeasurementIn(Schema):
    pollutant: str
    value: Decimal
    unit: str
    averaging_period: str
    where: str
    measured_at: ApiDateTime
    method: str = ""
    instrument: str = ""
    note: str = ""


class MeasurementOut(Schema):
    id: int
    pollutant: str
    value: Decimal
    unit: str
    averaging_period: str
    where: str
    measured_at: dt.datetime
    method: str
    instrument: str
    outcome: str
    reason: str
    standard_id: int | None


class InspectionIn(Schema):
    visited_at: ApiDateTime
    kind: str = "complaint"
    complaint_codes: list[str] = []
    establishment_id: int | None = None
    follow_up_of: int | None = None
    findings: str = ""
    public_summary: str = ""


class InspectionOut(Schema):
    id: int
    kind: str
    visited_at: dt.datetime
    province_code: str
    office_code: str
    establishment_id: int | None
    complaint_codes: list[str]
    findings: str
    public_summary: str
    follow_up_of: int | None
    measurements: list[MeasurementOut]


class OrderIn(Schema):
    establishment_id: int
    description: str
    deadline: ApiDate
    issued_on: ApiDate | None = None
    inspection_id: int | None = None
    complaint_codes: list[str] = []


class OrderOut(Schema):
    id: int
    establishment_id: int
    inspection_id: int | None
    issued_on: dt.date
    deadline: dt.date
    description: str
    status: str
    closed_on: dt.date | None
    is_overdue: bool


class OrderCloseIn(Schema):
    status: str


class DashboardOut(Schema):
    since: dt.date
    until: dt.date
    total: int
    open: int
    overdue: int
    closed: int
    within_deadline: float | None
    median_days: float | None
    settled_in_province: float | None
    rating: float | None
    by_category: list[dict[str, Any]]
    by_district: list[dict[str, Any]]
    by_month: list[dict[str, Any]]
    by_status: list[dict[str, Any]]
    hotspots: list[dict[str, Any]]


class HolidayIn(Schema):
    date: ApiDate
    name_th: str
    name_en: str = ""


class HolidayOut(HolidayIn):
    id: int


class RequestOut(Schema):
    id: int
    complaint_code: str
    kind: str
    received_at: dt.datetime
    due_on: dt.date
    status: str
    note: str
    is_overdue: bool

    @staticmethod
    def resolve_complaint_code(obj: Any) -> str:
        return str(obj.complaint.code)


class RequestCompleteIn(Schema):
    refuse: bool = False
    note: str = ""
