"""Registry endpoints: list/search, detail, create, update, verify, quality issues. Scoped."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from saphan.core.errors import ApplicationError
from saphan.core.models import Province, Subdistrict
from saphan.core.scoping import Action, scope_for
from saphan.registry import importer, selectors, services
from saphan.registry.forms import DETAIL_FORMS
from saphan.registry.models import DETAIL_RELATIONS, Establishment, ImportBatch
from saphan.registry.schemas import (
    EstablishmentFull,
    EstablishmentIn,
    EstablishmentPatch,
    ImportOut,
    PagedEstablishmentOut,
    QualityIssueOut,
)

router = Router(tags=["registry"])


class ListQuery(Schema):
    q: str = ""
    province: str = ""
    district: str = ""
    kind: str = ""
    status: str = ""
    type_code: str = ""
    factory_class: int | None = None
    sort: str = Field(
        "",
        description=", ".join(selectors.SORTS)
        + ". Not given: newest first (id descending) when `q` searches, else by name.",
    )


def _field_error(name: str, message: Any, rule: str, **params: Any) -> ApplicationError:
    return ApplicationError.from_validation_error(
        ValidationError({name: ValidationError(message, code=rule, params=params or None)})
    )


def _codes_to_objects(data: dict[str, Any]) -> dict[str, Any]:
    if "subdistrict_code" in data:
        code = data.pop("subdistrict_code")
        data["subdistrict"] = Subdistrict.objects.filter(code=code).first() if code else None
        if code and data["subdistrict"] is None:
            raise _field_error(
                "subdistrict_code", _("No subdistrict has the code %(code)s."), "unknown", code=code
            )
    if "province_code" in data:
        code = data.pop("province_code")
        if code:
            data["province"] = Province.objects.filter(code=code).first()
            if data["province"] is None:
                raise _field_error(
                    "province_code", _("No province has the code %(code)s."), "unknown", code=code
                )
    return data


def _clean_detail(
    kind: str, detail: dict[str, Any] | None, instance: Any = None
) -> dict[str, Any] | None:
    """Details go through the same form as the page, so both validate alike."""
    relation = DETAIL_RELATIONS.get(kind)
    if detail is None or relation is None:
        return None
    current = (
        {}
        if instance is None
        else {f: getattr(instance, f) for f in services.detail_fields(relation)}
    )
    form = DETAIL_FORMS[relation](data={**current, **detail}, instance=instance)
    if not form.is_valid():
        raise ApplicationError.from_validation_error(
            ValidationError({f"detail.{k}": v for k, v in form.errors.as_data().items()})
        )
    return {name: form.cleaned_data[name] for name in detail}


def _full(request: HttpRequest, pk: int) -> Establishment:
    return selectors.establishment_get_for_user(request.user, pk)


class PageQuery(Schema):
    page: int = Field(1, ge=1)
    page_size: int | None = Field(None, ge=1)


# The most a client may ask for in one page (django-ninja's default maximum).
MAX_PAGE_SIZE = 100
# What EstablishmentOut reads: codes come from the row itself.
PAGE_RELATED = ("office", "quality_score", *selectors.DETAILS)


def _page(request: HttpRequest, filters: ListQuery, page: PageQuery) -> Any:
    return selectors.establishment_page_for_user(
        request.user,
        selectors.EstablishmentFilters(**filters.dict()),
        number=page.page,
        size=min(page.page_size or 50, MAX_PAGE_SIZE),
        related=PAGE_RELATED,
    )


@router.get("/establishments", response=PagedEstablishmentOut)
def establishment_list(
    request: HttpRequest, filters: Query[ListQuery], page: Query[PageQuery]
) -> Any:
    """Every kind in one list; `q` searches Thai/English names, activities and ids by substring.
    Order: `sort` when given; otherwise a search (`q`) lists the newest records first (id
    descending) and a list without `q` goes by name. A search of a frequent word sorted by name
    is slower (its matches cluster in name order). `count` is exact up to 1,000; past that
    `count_is_exact` is false and there are more than `count` records. `has_next` says whether
    the next page holds any."""
    return _page(request, filters, page)


@router.get("/establishments/search", response=PagedEstablishmentOut)
def establishment_search(
    request: HttpRequest, filters: Query[ListQuery], page: Query[PageQuery]
) -> Any:
    """The search box's endpoint: the same answer, in the same order, as the list."""
    return _page(request, filters, page)


@router.get("/establishments/{pk}", response=EstablishmentFull)
def establishment_detail(request: HttpRequest, pk: int) -> Any:
    return _full(request, pk)


@router.post("/establishments", response={201: EstablishmentFull})
def establishment_create(request: HttpRequest, payload: EstablishmentIn) -> Any:
    data = _codes_to_objects(payload.dict(exclude={"detail"}))
    detail = _clean_detail(payload.kind, payload.detail)
    est = services.establishment_create(user=request.user, data=data, detail=detail)
    return Status(201, _full(request, est.pk))


@router.patch("/establishments/{pk}", response=EstablishmentFull)
def establishment_update(request: HttpRequest, pk: int, payload: EstablishmentPatch) -> Any:
    est = selectors.establishment_get_for_user(request.user, pk, Action.CHANGE)
    data = _codes_to_objects(payload.dict(exclude_unset=True, exclude={"detail"}))
    detail = _clean_detail(est.kind, payload.detail, est.detail())
    services.establishment_update(user=request.user, establishment=est, data=data, detail=detail)
    return _full(request, pk)


@router.post("/establishments/{pk}/verify", response=EstablishmentFull)
def establishment_verify(request: HttpRequest, pk: int) -> Any:
    est = selectors.establishment_get_for_user(request.user, pk, Action.CHANGE)
    services.establishment_verify(user=request.user, establishment=est)
    return _full(request, pk)


@router.get("/establishments/{pk}/quality-issues", response=list[QualityIssueOut])
def establishment_quality_issues(request: HttpRequest, pk: int) -> Any:
    est = selectors.establishment_get_for_user(request.user, pk)
    return selectors.quality_issues_for(est)


@router.post("/imports", response={202: ImportOut})
def import_create(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008
    kind: str = Form("factory"),
    mapping: str = Form(""),
    dry_run: bool = Form(False),
) -> Any:
    """Upload a file to import as a background job; follow it at /imports/{id} or /jobs/{id}.
    A file of an unknown layout needs a saved mapping (`mapping`)."""
    batch = importer.import_prepare(
        user=request.user, data=file.read(), file_name=file.name or "upload.csv", kind=kind,
        mapping_name=mapping, dry_run=dry_run,
    )  # fmt: skip
    if not batch.layout:
        raise ApplicationError(
            _("This file's columns are not a known layout: save a mapping and pass its name."),
            code="mapping_needed",
            params=None,
        )
    importer.import_start(batch, user=request.user)
    return Status(202, ImportBatch.objects.select_related("job").get(pk=batch.pk))


@router.get("/imports/{pk}", response=ImportOut)
def import_detail(request: HttpRequest, pk: int) -> Any:
    batch = ImportBatch.objects.select_related("job").get(pk=pk)
    if batch.created_by_id != request.user.pk and not scope_for(request.user).covers_all(
        Action.MANAGE
    ):
        raise ImportBatch.DoesNotExist
    return batch


@router.get("/quality/issues", response=list[QualityIssueOut])
@paginate(PageNumberPagination, page_size=100)
def quality_issues(request: HttpRequest, rule: str = "") -> Any:
    """Open issues in the person's scope, the ones that matter most first."""
    return selectors.quality_worklist_for_user(request.user, rule=rule)
