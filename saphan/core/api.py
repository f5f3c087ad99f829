"""Core endpoints: who am I, offices, people, geography, jobs, tokens, format checks."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Router
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from saphan.core import jobs, selectors, services, thai, validators
from saphan.core.errors import ApplicationError
from saphan.core.models import Subdistrict
from saphan.core.schemas import (
    CheckIn,
    CheckOut,
    DistrictOut,
    JobOut,
    MeOut,
    OfficeOut,
    OfficePatch,
    PersonOut,
    ProvinceOut,
    SubdistrictOut,
    TokenCreated,
    TokenIn,
    TokenOut,
)
from saphan.core.scoping import ALL, Action, scope_for

router = Router(tags=["core"])


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    scope = scope_for(user)
    viewable = scope.provinces(Action.VIEW)
    return {
        "username": user.username,
        "full_name": user.get_full_name(),
        "email": user.email,
        "kind": user.kind,
        "preferred_language": user.preferred_language,
        "memberships": [
            {"office": m.office.code, "office_name_th": m.office.name_th, "role": m.role}
            for m in selectors.person_roles(user)
        ],
        "provinces_viewable": ["*"] if ALL in viewable else sorted(viewable),
    }


@router.get("/offices", response=list[OfficeOut])
@paginate(PageNumberPagination, page_size=50)
def office_list(request: HttpRequest, q: str = "", kind: str = "") -> Any:
    return selectors.office_list_for_user(request.user, query=q, kind=kind)


@router.get("/offices/{code}", response=OfficeOut)
def office_detail(request: HttpRequest, code: str) -> Any:
    return selectors.office_get(code)


@router.patch("/offices/{code}", response=OfficeOut)
def office_update(request: HttpRequest, code: str, payload: OfficePatch) -> Any:
    office = selectors.office_get(code)
    data = payload.dict(exclude_unset=True)
    if "subdistrict_code" in data:
        sub_code = data.pop("subdistrict_code")
        try:
            data["subdistrict"] = selectors.subdistrict_get(sub_code) if sub_code else None
        except Subdistrict.DoesNotExist:
            raise ApplicationError.from_validation_error(
                ValidationError(
                    {
                        "subdistrict_code": ValidationError(
                            _("No subdistrict has the code %(code)s."),
                            code="subdistrict_unknown",
                            params={"code": sub_code},
                        )
                    }
                )
            ) from None
    services.office_update(user=request.user, office=office, data=data)
    return selectors.office_get(code)


@router.get("/people", response=list[PersonOut])
@paginate(PageNumberPagination, page_size=50)
def person_list(request: HttpRequest, q: str = "") -> Any:
    return [
        {
            "username": m.user.username,
            "full_name": m.user.get_full_name(),
            "office": m.office.code,
            "role": m.role,
            "title": m.title,
        }
        for m in selectors.membership_list_for_user(request.user, query=q)
    ]


@router.get("/geo/provinces", response=list[ProvinceOut])
def province_list(request: HttpRequest) -> Any:
    return selectors.province_list()


@router.get("/geo/provinces/{code}/districts", response=list[DistrictOut])
def district_list(request: HttpRequest, code: str) -> Any:
    return selectors.district_list(code)


@router.get("/geo/districts/{code}/subdistricts", response=list[SubdistrictOut])
def subdistrict_list(request: HttpRequest, code: str) -> Any:
    return selectors.subdistrict_list(code)


@router.get("/geo/postal-codes/{code}", response=list[SubdistrictOut])
def postal_code_lookup(request: HttpRequest, code: str) -> Any:
    return selectors.subdistrict_list_by_postal_code(code)


@router.get("/jobs", response=list[JobOut])
@paginate(PageNumberPagination, page_size=50)
def job_list(request: HttpRequest) -> Any:
    return selectors.job_list_for_user(request.user)


@router.get("/jobs/{job_id}", response=JobOut)
def job_detail(request: HttpRequest, job_id: UUID) -> Any:
    return selectors.job_get_for_user(request.user, job_id)


@router.post("/jobs/{job_id}/cancel", response=JobOut)
def job_cancel(request: HttpRequest, job_id: UUID) -> Any:
    return jobs.job_cancel(selectors.job_get_for_user(request.user, job_id))


@router.post("/jobs/{job_id}/retry", response=JobOut)
def job_retry(request: HttpRequest, job_id: UUID) -> Any:
    return jobs.job_retry(selectors.job_get_for_user(request.user, job_id))


@router.get("/tokens", response=list[TokenOut])
def token_list(request: HttpRequest) -> Any:
    return request.user.api_tokens.all()  # type: ignore[union-attr]


@router.post("/tokens", response={201: TokenCreated})
def token_create(request: HttpRequest, payload: TokenIn) -> Any:
    token, key = services.api_token_create(user=request.user, name=payload.name)  # type: ignore[arg-type]
    return Status(201, {**TokenOut.model_validate(token).model_dump(), "key": key})


@router.delete("/tokens/{token_id}", response={204: None})
def token_revoke(request: HttpRequest, token_id: int) -> Any:
    services.api_token_revoke(user=request.user, token_id=token_id)  # type: ignore[arg-type]
    return Status(204, None)


@router.post("/check", response=CheckOut, auth=None)
def check(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    """Check and normalise Thai formats: national/juristic id, phone, postal code, date."""
    checks: dict[str, tuple[Any, Any]] = {
        "national_id": (validators.validate_thai_id, validators.normalize_thai_id),
        "phone": (validators.validate_thai_phone, validators.normalize_thai_phone),
        "postal_code": (validators.validate_postal_code, thai.to_arabic_digits),
        "date": (thai.parse_date, thai.parse_date),
    }
    errors: dict[str, list[ValidationError]] = {}
    out: dict[str, Any] = {}
    for name, (validate, normalize) in checks.items():
        value = getattr(payload, name)
        if value is None:
            continue
        try:
            validate(value)
        except ValidationError as exc:
            errors[name] = list(exc.error_list)
            continue
        out[name] = normalize(value.strip())
    if errors:
        raise ApplicationError.from_validation_error(ValidationError(errors))
    if "date" in out:
        for language in ("th", "en"):
            with translation.override(language):
                out[f"date_display_{language}"] = thai.format_date(out["date"])
    return out
