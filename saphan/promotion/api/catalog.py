"""Endpoints of the catalog, service requests and demand."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from saphan.promotion.api.common import one, skill_of
from saphan.promotion.models import Service, WorkingGroup
from saphan.promotion.schemas import (
    AttachmentOut,
    CancelIn,
    CloseIn,
    DemandOut,
    GroupOut,
    RatingIn,
    RequestFull,
    RequestIn,
    RequestOut,
    RequestPatch,
    ServiceIn,
    ServiceOut,
    ServicePatch,
    SkillOut,
)
from saphan.promotion.selectors import catalog as catalog_selectors
from saphan.promotion.selectors import demand as demand_selectors
from saphan.promotion.selectors import requests as request_selectors
from saphan.promotion.services import catalog as catalog_services
from saphan.promotion.services import requests as request_services
from saphan.registry import selectors as registry_selectors

router = Router(tags=["promotion"])


@router.get("/skills", response=list[SkillOut])
def skill_list(request: HttpRequest) -> Any:
    return catalog_selectors.skill_list()


@router.get("/working-groups", response=list[GroupOut])
@paginate(PageNumberPagination, page_size=100)
def group_list(request: HttpRequest, office: str = "") -> Any:
    groups = catalog_selectors.working_group_list()
    return groups.filter(office__code=office) if office else groups


@router.get("/services", response=list[ServiceOut])
@paginate(PageNumberPagination, page_size=100)
def service_list(
    request: HttpRequest,
    office: str = "",
    province: str = "",
    active: bool = False,
    skill: str = "",
) -> Any:
    """The catalog; `province` keeps what the offices covering it give."""
    services = catalog_selectors.service_list(
        province=province or None, active_only=active, skill=skill
    )
    return services.filter(working_group__office__code=office) if office else services


def _service_data(data: dict[str, Any]) -> dict[str, Any]:
    if "working_group_id" in data:
        group_id = data.pop("working_group_id")
        data["working_group"] = one(
            WorkingGroup.objects.all(), "working_group_id", group_id, pk=group_id
        )
    if data.get("skill") is not None:
        data["skill"] = skill_of(data["skill"])
    return {k: v for k, v in data.items() if v is not None}


@router.post("/services", response={201: ServiceOut})
def service_create(request: HttpRequest, payload: ServiceIn) -> Any:
    """Administrators of the working group's office add to the catalog."""
    service = catalog_services.service_create(user=request.user, data=_service_data(payload.dict()))
    return Status(201, catalog_selectors.service_get(service.pk))


@router.patch("/services/{pk}", response=ServiceOut)
def service_update(request: HttpRequest, pk: int, payload: ServicePatch) -> Any:
    service = catalog_selectors.service_get(pk)
    catalog_services.service_update(
        user=request.user, service=service, data=_service_data(payload.dict(exclude_unset=True))
    )
    return catalog_selectors.service_get(pk)


@router.delete("/services/{pk}", response={204: None})
def service_delete(request: HttpRequest, pk: int) -> Any:
    """Only a service never asked for and not of the standard catalog (409 otherwise: make
    it inactive with PATCH `active: false`)."""
    catalog_services.service_delete(user=request.user, service=catalog_selectors.service_get(pk))
    return Status(204, None)


class RequestQuery(Schema):
    q: str = ""
    state: str = ""
    open: bool = False
    service: int | None = None
    skill: str = ""
    province: str = ""
    urgency: str = ""
    establishment: int | None = None
    created_from: dt.date | None = None
    created_to: dt.date | None = None
    sort: str = "-created"


@router.get("/requests", response=list[RequestOut])
@paginate(PageNumberPagination, page_size=50)
def request_list(request: HttpRequest, filters: Query[RequestQuery]) -> Any:
    """Requests in the person's scope (a representative: its own establishments')."""
    data = filters.dict()
    data["open_only"] = data.pop("open")
    return request_selectors.request_list_for_user(
        request.user, request_selectors.RequestFilters(**data)
    )


@router.get("/requests/{pk}", response=RequestFull)
def request_detail(request: HttpRequest, pk: int) -> Any:
    return request_selectors.request_get_for_user(request.user, pk)


def _services(ids: list[int]) -> list[Service]:
    found = {s.pk: s for s in Service.objects.filter(pk__in=ids).select_related("skill")}
    return [found[i] if i in found else one(Service.objects.none(), "services", i) for i in ids]


@router.post("/requests", response={201: RequestFull})
def request_create(request: HttpRequest, payload: RequestIn) -> Any:
    """An officer for an establishment of their provinces, or a representative for its own."""
    est = registry_selectors.establishment_get_for_user(request.user, payload.establishment_id)
    data = payload.dict(exclude={"establishment_id", "services"})
    created = request_services.request_create(
        user=request.user, establishment=est, data=data, services=_services(payload.services)
    )
    return Status(201, request_selectors.request_get_for_user(request.user, created.pk))


@router.patch("/requests/{pk}", response=RequestFull)
def request_update(request: HttpRequest, pk: int, payload: RequestPatch) -> Any:
    found = request_selectors.request_get_for_user(request.user, pk)
    data = payload.dict(exclude_unset=True)
    services = data.pop("services", None)
    request_services.request_update(
        user=request.user,
        request=found,
        data=data,
        services=None if services is None else _services(services),
    )
    return request_selectors.request_get_for_user(request.user, pk)


@router.post("/requests/{pk}/cancel", response=RequestFull)
def request_cancel(request: HttpRequest, pk: int, payload: CancelIn) -> Any:
    found = request_selectors.request_get_for_user(request.user, pk)
    request_services.request_cancel(user=request.user, request=found, reason=payload.reason)
    return request_selectors.request_get_for_user(request.user, pk)


@router.post("/requests/{pk}/close", response=RequestFull)
def request_close(request: HttpRequest, pk: int, payload: CloseIn) -> Any:
    found = request_selectors.request_get_for_user(request.user, pk)
    request_services.request_close(
        user=request.user,
        request=found,
        outcome=payload.outcome,
        follow_up_on=payload.follow_up_on,
    )
    return request_selectors.request_get_for_user(request.user, pk)


@router.post("/requests/{pk}/rating", response=RequestFull)
def request_rate(request: HttpRequest, pk: int, payload: RatingIn) -> Any:
    found = request_selectors.request_get_for_user(request.user, pk)
    request_services.request_rate(
        user=request.user, request=found, rating=payload.rating, comment=payload.comment
    )
    return request_selectors.request_get_for_user(request.user, pk)


@router.post("/requests/{pk}/attachments", response={201: AttachmentOut})
def attachment_add(
    request: HttpRequest,
    pk: int,
    file: UploadedFile = File(...),  # noqa: B008
    kind: str = Form("photo"),
) -> Any:
    """A draft, photo or document (PDF, JPG, PNG, WEBP, DOCX, XLSX, PPTX), checked by content."""
    found = request_selectors.request_get_for_user(request.user, pk)
    return Status(
        201,
        request_services.attachment_add(user=request.user, request=found, upload=file, kind=kind),
    )


@router.get("/demand", response=DemandOut)
def demand(
    request: HttpRequest,
    year: int | None = None,
    first_day: dt.date | None = None,
    last_day: dt.date | None = None,
    province: str = "",
    skill: str = "",
) -> Any:
    """Requests by service, month and province; backlog; delivered against requested; where
    a skill's demand outruns the officers who can give it. Default: this fiscal year."""
    first, last = demand_selectors.fiscal_year_span(
        year or demand_selectors.fiscal_year_of(timezone.localdate())
    )
    if first_day and last_day and first_day <= last_day:
        first, last = first_day, last_day
    found = demand_selectors.demand_for_user(
        request.user, demand_selectors.DemandFilters(first, last, province, skill)
    )
    return {
        "first_day": first,
        "last_day": last,
        "months": found.months,
        "services": [
            {
                "service_id": r.service.pk,
                "service_code": r.service.code,
                "service_name_th": r.service.name_th,
                "office_code": r.service.working_group.office.code,
                "skill": r.service.skill.code,
                "by_month": r.by_month,
                "requested": r.requested,
                "delivered": r.delivered,
                "open": r.open,
                "average_wait_days": r.average_wait,
            }
            for r in found.services
        ],
        "by_province": {
            code: {str(k): v for k, v in counts.items()}
            for code, counts in found.by_province.items()
        },
        "backlog": found.backlog,
        "open_wait_average_days": found.open_wait_average,
        "delivery_days_average": found.delivery_days_average,
        "training_need": [
            {
                "province_code": n.province.code,
                "skill": n.skill.code,
                "requested": n.requested,
                "officers": n.officers,
                "capacity": n.capacity,
                "short": n.short,
            }
            for n in found.need
        ],
    }
