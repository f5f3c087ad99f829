"""Complaints endpoints under /api/v1/complaints/: public reads (no login, no personal data),
and the officers' case handling, inspections, standards, orders, dashboard and privacy."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from saphan.complaints import ratelimit
from saphan.complaints.models import (
    Complaint,
    DataSubjectRequest,
    Explainer,
    Holiday,
    Inspection,
    Standard,
)
from saphan.complaints.schemas import (
    AssignIn,
    ComplainantOut,
    ComplaintFull,
    ComplaintOut,
    DashboardOut,
    EstablishmentChoiceOut,
    EstablishmentLinkIn,
    ExplainerIn,
    ExplainerOut,
    ForwardIn,
    HolidayIn,
    HolidayOut,
    InspectionIn,
    InspectionOut,
    IntakeIn,
    MeasurementIn,
    MergeIn,
    OrderCloseIn,
    OrderIn,
    OrderOut,
    PublicComplaintDetailOut,
    PublicComplaintOut,
    PublicStatsOut,
    ReasonIn,
    ReferIn,
    RequestCompleteIn,
    RequestOut,
    StandardIn,
    StandardOut,
    TextIn,
    TransitionIn,
)
from saphan.complaints.selectors import dashboard as dashboard_selectors
from saphan.complaints.selectors import public as public_selectors
from saphan.complaints.selectors import staff as selectors
from saphan.complaints.services import content, handling, inspections, intake, privacy
from saphan.complaints.services.common import normalise_code
from saphan.core.errors import ApplicationError
from saphan.core.models import Office, User
from saphan.core.schemas import ApiDate
from saphan.core.scoping import Action, scope_for

router = Router(tags=["complaints"])


def _field_error(name: str, message: Any, rule: str = "invalid") -> ApplicationError:
    return ApplicationError.from_validation_error(
        ValidationError({name: ValidationError(message, code=rule)})
    )


@contextmanager
def _named_as_sent(**names: str) -> Iterator[None]:
    """`with _named_as_sent(office="office_code"): service(...)`: a service's field errors
    under the names the request used (`office_code`, not the service's `office`)."""
    try:
        yield
    except ApplicationError as exc:
        exc.fields = {names.get(name, name): errors for name, errors in exc.fields.items()}
        raise


# --- Public (no login) -------------------------------------------------------------------------


class PublicQuery(Schema):
    category: str = ""
    status: str = ""
    province: str = ""
    district: str = ""
    sort: str = "-received"
    page: int = 1


class PublicPage(Schema):
    count: int
    items: list[PublicComplaintOut]


def _public_out(row: public_selectors.PublicComplaint) -> dict[str, Any]:
    return {
        "code": row.code,
        "category": row.category,
        "category_label": row.category_label,
        "status": row.status,
        "status_label": row.status_label,
        "is_closed": row.is_closed,
        "is_overdue": row.is_overdue,
        "time_of_day": row.time_of_day,
        "frequency": row.frequency,
        "area": row.area,
        "province_code": row.province_code,
        "district_code": row.district_code,
        "public_lat": row.public_lat,
        "public_lon": row.public_lon,
        "summary": row.summary,
        "received_at": row.received_at,
        "updated_at": row.updated_at,
        "closed_at": row.closed_at,
        "expected_date": row.expected_date,
        "office": row.office,
        "people": row.people,
        "merged_into": row.merged_into,
    }


@router.get("/public/complaints", response=PublicPage, auth=None)
def public_complaint_list(request: HttpRequest, query: Query[PublicQuery]) -> Any:
    """Complaints as the public sees them: category, area, grid point, status — no one's data."""
    filters = public_selectors.PublicFilters(
        category=query.category,
        status=query.status,
        province=query.province,
        district=query.district,
        sort=query.sort,
    )
    rows, total = public_selectors.public_list(filters, max(1, query.page))
    return {"count": total, "items": [_public_out(r) for r in rows]}


@router.get("/public/complaints/{code}", response=PublicComplaintDetailOut, auth=None)
def public_complaint_detail(request: HttpRequest, code: str) -> Any:
    row = public_selectors.public_get(normalise_code(code))
    if row is None:
        raise Complaint.DoesNotExist
    timeline = [
        {
            **{k: v for k, v in e.items() if k != "explainer"},
            "explainer_slug": e["explainer"].slug if e["explainer"] else None,
        }
        for e in public_selectors.public_timeline(row.code)
    ]
    photos = [
        request.build_absolute_uri(reverse("complaint-public-photo", args=[pk]))
        for pk in row.photos
    ]
    return {**_public_out(row), "timeline": timeline, "photo_urls": photos}


@router.get("/public/stats", response=PublicStatsOut, auth=None)
def public_stats(request: HttpRequest, province: str = "") -> Any:
    return public_selectors.public_stats(province)


@router.get("/public/establishments", response=list[EstablishmentChoiceOut], auth=None)
def public_establishment_search(request: HttpRequest, q: str = "", province: str = "") -> Any:
    """The suspected-establishment search of the public form: names, kind and district only."""
    ratelimit.rate_limit_check(request, "search")
    return public_selectors.establishment_search_public(q, province=province)


@router.get("/public/explainers", response=list[ExplainerOut], auth=None)
def public_explainer_list(request: HttpRequest) -> Any:
    return public_selectors.explainer_list_public()


@router.get("/public/explainers/{slug}", response=ExplainerOut, auth=None)
def public_explainer_detail(request: HttpRequest, slug: str) -> Any:
    return public_selectors.explainer_get_public(slug)


# --- Cases ---------------------------------------------------------------------------------------


class CaseQuery(Schema):
    q: str = ""
    status: str = ""
    category: str = ""
    province: str = ""
    district: str = ""
    office: str = ""
    assigned: str = ""
    establishment: int | None = None
    sort: str = "-received"


def _case(request: HttpRequest, code: str, action: Action = Action.VIEW) -> Complaint:
    return selectors.complaint_get_for_user(request.user, normalise_code(code), action)


@router.get("/complaints", response=list[ComplaintOut])
@paginate(PageNumberPagination, page_size=50)
def complaint_list(request: HttpRequest, filters: Query[CaseQuery]) -> Any:
    """Cases in the person's provinces, with the list's filters; no identities."""
    return selectors.complaint_list_for_user(
        request.user, selectors.ComplaintFilters(**filters.dict())
    ).select_related("merged_into")


@router.post("/complaints", response={201: ComplaintFull})
def complaint_create(request: HttpRequest, payload: IntakeIn) -> Any:
    """An officer records a complaint received by phone, letter or at the office."""
    if payload.channel not in {"phone", "letter", "walk_in"}:
        raise _field_error("channel", _("Choose phone, letter or walk_in."), "choice")
    if payload.language not in {"th", "en"}:
        raise _field_error("language", _("Choose th or en."), "choice")
    submitted = intake.complaint_submit(
        intake=intake.Intake(
            category=payload.category,
            description=payload.description,
            time_of_day=payload.time_of_day,
            frequency=payload.frequency,
            latitude=payload.latitude,
            longitude=payload.longitude,
            location_source="pin" if payload.latitude is not None else "address",
            province_code=payload.province_code,
            district_code=payload.district_code,
            subdistrict_code=payload.subdistrict_code,
            address_text=payload.address_text,
            establishment_id=payload.establishment_id,
            health_details=payload.health_details,
            health_consent=payload.health_consent,
            channel=payload.channel,
            language=payload.language,
        ),
        contact=intake.Contact(
            name=payload.name, phone=payload.phone, email=payload.email, line_id=payload.line_id
        ),
        entered_by=request.user,
    )
    return Status(201, _case(request, submitted.complaint.code))


@router.get("/complaints/{code}", response=ComplaintFull)
def complaint_detail(request: HttpRequest, code: str) -> Any:
    return _case(request, code)


@router.get("/complaints/{code}/identity", response=list[ComplainantOut])
def complaint_identity(request: HttpRequest, code: str, response: HttpResponse) -> Any:
    """Who complained: the assigned officers and the office's managers only; each call logged."""
    response["Cache-Control"] = "no-store, private"
    try:
        return privacy.identity_open(
            user=request.user, complaint=_case(request, code), context="api"
        )
    except ApplicationError as exc:
        raise PermissionDenied from exc


@router.post("/complaints/{code}/transition", response=ComplaintFull)
def complaint_transition(request: HttpRequest, code: str, payload: TransitionIn) -> Any:
    with _named_as_sent(explainer="explainer_id"):
        handling.complaint_transition(
            user=request.user,
            complaint=_case(request, code),
            to_state=payload.to_state,
            text=payload.text,
            explainer_id=payload.explainer_id,
        )
    return _case(request, code)


@router.post("/complaints/{code}/updates", response=ComplaintFull)
def complaint_update(request: HttpRequest, code: str, payload: TextIn) -> Any:
    with _named_as_sent(explainer="explainer_id"):
        handling.complaint_update(
            user=request.user,
            complaint=_case(request, code),
            text=payload.text,
            explainer_id=payload.explainer_id,
        )
    return _case(request, code)


@router.post("/complaints/{code}/notes", response=ComplaintFull)
def complaint_note(request: HttpRequest, code: str, payload: TextIn) -> Any:
    handling.complaint_note(user=request.user, complaint=_case(request, code), text=payload.text)
    return _case(request, code)


def _person(username: str) -> User:
    found = User.objects.filter(username=username, is_active=True).first()
    if found is None:
        raise _field_error("username", _("No active person has this username."), "unknown")
    return found


@router.post("/complaints/{code}/assignments", response=ComplaintFull)
def complaint_assign(request: HttpRequest, code: str, payload: AssignIn) -> Any:
    with _named_as_sent(officer="username"):
        handling.complaint_assign(
            user=request.user, complaint=_case(request, code), officer=_person(payload.username)
        )
    return _case(request, code)


@router.delete("/complaints/{code}/assignments/{username}", response=ComplaintFull)
def complaint_unassign(request: HttpRequest, code: str, username: str) -> Any:
    handling.complaint_unassign(
        user=request.user, complaint=_case(request, code), officer=_person(username)
    )
    return _case(request, code)


@router.post("/complaints/{code}/forward", response=ComplaintFull)
def complaint_forward(request: HttpRequest, code: str, payload: ForwardIn) -> Any:
    office = Office.objects.filter(code=payload.office_code).first()
    if office is None:
        raise _field_error("office_code", _("No office has this code."), "unknown")
    with _named_as_sent(office="office_code"):
        case = handling.complaint_forward(
            user=request.user, complaint=_case(request, code), office=office, reason=payload.reason
        )
    # The person may no longer see the case if it moved to another province.
    return selectors.complaint_base_for_user(request.user).filter(pk=case.pk).first() or case


@router.post("/complaints/{code}/refer", response=ComplaintFull)
def complaint_refer(request: HttpRequest, code: str, payload: ReferIn) -> Any:
    handling.complaint_refer(user=request.user, complaint=_case(request, code), **payload.dict())
    return _case(request, code)


@router.post("/complaints/{code}/escalate", response=ComplaintFull)
def complaint_escalate(request: HttpRequest, code: str, payload: ReasonIn) -> Any:
    handling.complaint_escalate(
        user=request.user, complaint=_case(request, code), reason=payload.reason
    )
    return _case(request, code)


@router.post("/complaints/{code}/undo-closing", response=ComplaintFull)
def complaint_undo_closing(request: HttpRequest, code: str, payload: ReasonIn) -> Any:
    """A manager takes back a closing made by mistake (not a merged duplicate's)."""
    handling.complaint_undo_closing(
        user=request.user, complaint=_case(request, code), reason=payload.reason
    )
    return _case(request, code)


@router.post("/complaints/{code}/merge", response=ComplaintFull)
def complaint_merge(request: HttpRequest, code: str, payload: MergeIn) -> Any:
    try:
        into = _case(request, payload.into, Action.CHANGE)
    except Complaint.DoesNotExist:
        raise _field_error(
            "into", _("No complaint in your provinces has this tracking code."), "unknown"
        ) from None
    handling.complaint_merge(
        user=request.user, duplicate=_case(request, code), into=into, text=payload.text
    )
    return _case(request, code)


@router.put("/complaints/{code}/establishment", response=ComplaintFull)
def complaint_establishment(request: HttpRequest, code: str, payload: EstablishmentLinkIn) -> Any:
    with _named_as_sent(establishment="establishment_id"):
        handling.complaint_set_establishment(
            user=request.user,
            complaint=_case(request, code),
            establishment_id=payload.establishment_id,
            confirmed=payload.confirmed,
        )
    return _case(request, code)


# --- Inspections, measurements, orders, standards ----------------------------------------------


def _inspection_out(inspection: Inspection, rows: Any = None) -> dict[str, Any]:
    """One inspection as the API gives it; `rows` (the standards) read once for a whole page,
    complaints and measurements from a prefetch when there is one."""
    return {
        "id": inspection.pk,
        "kind": inspection.kind,
        "visited_at": inspection.visited_at,
        "province_code": inspection.province_id,
        "office_code": inspection.office.code,
        "establishment_id": inspection.establishment_id,
        "complaint_codes": [
            c.code for c in sorted(inspection.complaints.all(), key=lambda c: c.pk)
        ],
        "findings": inspection.findings,
        "public_summary": inspection.public_summary,
        "follow_up_of": inspection.follow_up_of_id,
        "measurements": [
            {
                "id": m.pk,
                "pollutant": m.pollutant,
                "value": m.value,
                "unit": m.unit,
                "averaging_period": m.averaging_period,
                "where": m.where,
                "measured_at": m.measured_at,
                "method": m.method,
                "instrument": m.instrument,
                "outcome": v.outcome,
                "reason": v.reason,
                "standard_id": v.standard.id if v.standard else None,
            }
            for m, v in selectors.measurements_judged(inspection, rows)
        ],
    }


@router.get("/inspections", response=list[InspectionOut])
@paginate(PageNumberPagination, page_size=50)
def inspection_list(request: HttpRequest, establishment: int | None = None) -> Any:
    found = selectors.inspection_list_for_user(request.user, establishment=establishment)
    return _PageOfInspections(found.prefetch_related("complaints", "measurements"))


class _PageOfInspections:
    """The paginator counts and slices the query first; only the page's inspections are read
    and turned into dicts, with the standards read once."""

    def __init__(self, inspections: Any) -> None:
        self.inspections = inspections

    def __len__(self) -> int:
        return int(self.inspections.count())

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        rows = selectors.standard_rows()
        return [_inspection_out(i, rows) for i in self.inspections[page]]


@router.get("/inspections/{pk}", response=InspectionOut)
def inspection_detail(request: HttpRequest, pk: int) -> Any:
    return _inspection_out(selectors.inspection_get_for_user(request.user, pk))


def _complaints(request: HttpRequest, codes: list[str]) -> list[Complaint]:
    return [_case(request, c, Action.CHANGE) for c in codes]


def _establishment(request: HttpRequest, pk: int | None) -> Any:
    if pk is None:
        return None
    from saphan.registry.selectors import establishment_get_for_user

    return establishment_get_for_user(request.user, pk)


@router.post("/inspections", response={201: InspectionOut})
def inspection_create(request: HttpRequest, payload: InspectionIn) -> Any:
    order = (
        selectors.order_get_for_user(request.user, payload.follow_up_of, Action.CHANGE)
        if payload.follow_up_of
        else None
    )
    with _named_as_sent(establishment="establishment_id", complaints="complaint_codes"):
        inspection = inspections.inspection_create(
            user=request.user,
            visited_at=payload.visited_at,
            kind=payload.kind,
            establishment=_establishment(request, payload.establishment_id),
            complaints=_complaints(request, payload.complaint_codes),
            findings=payload.findings,
            public_summary=payload.public_summary,
            follow_up_of=order,
        )
    return Status(201, _inspection_out(inspection))


@router.post("/inspections/{pk}/measurements", response={201: InspectionOut})
def measurement_add(request: HttpRequest, pk: int, payload: MeasurementIn) -> Any:
    """Add a measurement; the answer carries each measurement's judgement and its reason."""
    inspection = selectors.inspection_get_for_user(request.user, pk, Action.CHANGE)
    inspections.measurement_add(user=request.user, inspection=inspection, **payload.dict())
    return Status(201, _inspection_out(inspection))


@router.get("/orders", response=list[OrderOut])
@paginate(PageNumberPagination, page_size=50)
def order_list(request: HttpRequest, status: str = "", establishment: int | None = None) -> Any:
    return selectors.order_list_for_user(request.user, status=status, establishment=establishment)


@router.post("/orders", response={201: OrderOut})
def order_create(request: HttpRequest, payload: OrderIn) -> Any:
    inspection = (
        selectors.inspection_get_for_user(request.user, payload.inspection_id, Action.CHANGE)
        if payload.inspection_id
        else None
    )
    with _named_as_sent(complaints="complaint_codes"):
        order = inspections.order_create(
            user=request.user,
            establishment=_establishment(request, payload.establishment_id),
            description=payload.description,
            deadline=payload.deadline,
            issued_on=payload.issued_on,
            inspection=inspection,
            complaints=_complaints(request, payload.complaint_codes),
        )
    return Status(201, order)


@router.post("/orders/{pk}/close", response=OrderOut)
def order_close(request: HttpRequest, pk: int, payload: OrderCloseIn) -> Any:
    order = selectors.order_get_for_user(request.user, pk, Action.CHANGE)
    return inspections.order_close(user=request.user, order=order, status=payload.status)


@router.get("/standards", response=list[StandardOut])
def standard_list(request: HttpRequest) -> Any:
    return selectors.standard_list()


@router.post("/standards", response={201: StandardOut})
def standard_create(request: HttpRequest, payload: StandardIn) -> Any:
    return Status(
        201, inspections.standard_save(user=request.user, standard=None, data=payload.dict())
    )


@router.put("/standards/{pk}", response=StandardOut)
def standard_update(request: HttpRequest, pk: int, payload: StandardIn) -> Any:
    standard = Standard.objects.get(pk=pk)
    return inspections.standard_save(user=request.user, standard=standard, data=payload.dict())


# --- Dashboard, reference data, privacy ----------------------------------------------------------


@router.get("/dashboard", response=DashboardOut)
def dashboard(
    request: HttpRequest,
    since: ApiDate | None = None,
    until: ApiDate | None = None,
    province: str = "",
) -> Any:
    # Without dates, the page's period: from the first of the month a year ago to today.
    today = timezone.localdate()
    board = dashboard_selectors.dashboard_for_user(
        request.user,
        since=since or dashboard_selectors.default_since(today),
        until=until or today,
        province=province,
    )
    return board.__dict__


@router.get("/explainers", response=list[ExplainerOut])
def explainer_list(request: HttpRequest) -> Any:
    """Every explainer, drafts included, for office staff; others see the published ones."""
    if not scope_for(request.user).provinces(Action.VIEW):
        return public_selectors.explainer_list_public()
    return selectors.explainer_list_all()


@router.post("/explainers", response={201: ExplainerOut})
def explainer_create(request: HttpRequest, payload: ExplainerIn) -> Any:
    return Status(
        201, content.explainer_save(user=request.user, explainer=None, data=payload.dict())
    )


@router.put("/explainers/{slug}", response=ExplainerOut)
def explainer_update(request: HttpRequest, slug: str, payload: ExplainerIn) -> Any:
    return content.explainer_save(
        user=request.user, explainer=Explainer.objects.get(slug=slug), data=payload.dict()
    )


@router.get("/holidays", response=list[HolidayOut])
def holiday_list(request: HttpRequest, year: int | None = None) -> Any:
    if year and year > 2400:
        year -= 543
    return selectors.holiday_list(year)


@router.post("/holidays", response={201: HolidayOut})
def holiday_create(request: HttpRequest, payload: HolidayIn) -> Any:
    return Status(201, content.holiday_save(user=request.user, holiday=None, data=payload.dict()))


@router.delete("/holidays/{pk}", response={204: None})
def holiday_delete(request: HttpRequest, pk: int) -> Any:
    content.holiday_delete(user=request.user, holiday=Holiday.objects.get(pk=pk))
    return Status(204, None)


@router.get("/requests", response=list[RequestOut])
@paginate(PageNumberPagination, page_size=50)
def request_list(request: HttpRequest, status: str = "open") -> Any:
    """Personal-data requests the person answers (managers of the case's office, its assigned
    officers), the most urgent first."""
    return selectors.request_list_for_user(request.user, status=status)


@router.post("/requests/{pk}/complete", response=RequestOut)
def request_complete(request: HttpRequest, pk: int, payload: RequestCompleteIn) -> Any:
    item: DataSubjectRequest = selectors.request_get_for_user(request.user, pk)
    return privacy.request_complete(
        user=request.user, request=item, refuse=payload.refuse, note=payload.note
    )
