"""Service request pages: list, new (by an officer or a representative), detail with files,
visits and history, edit, cancel, close, rating."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.core.errors import ApplicationError
from saphan.core.scoping import Action, scope_for
from saphan.core.tabular import table_response
from saphan.promotion.forms import (
    AttachmentForm,
    CancelForm,
    CloseForm,
    RatingForm,
    RequestFilterForm,
    RequestForm,
)
from saphan.promotion.models import RequestState, ServiceRequest
from saphan.promotion.selectors import catalog as catalog_selectors
from saphan.promotion.selectors import requests as selectors
from saphan.promotion.services import requests as services
from saphan.promotion.views.common import (
    apply_errors,
    found,
    page_of,
    query_without,
    run_action,
)
from saphan.registry import selectors as registry_selectors
from saphan.registry.models import Establishment

STEPS: list[str] = [
    RequestState.NEW,
    RequestState.PLANNED,
    RequestState.IN_PROGRESS,
    RequestState.DELIVERED,
    RequestState.CLOSED,
]


def filters_from(request: HttpRequest) -> selectors.RequestFilters:
    form = RequestFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    state = data.get("state") or ""
    service = request.GET.get("service", "")
    est = request.GET.get("establishment", "")
    skill = data.get("skill")
    return selectors.RequestFilters(
        q=data.get("q") or "",
        state="" if state == "open" else state,
        open_only=state == "open",
        skill=skill.code if skill else "",
        service=int(service) if service.isdigit() else None,
        province=request.GET.get("province", ""),
        urgency=request.GET.get("urgency", ""),
        establishment=int(est) if est.isdigit() else None,
        created_from=data.get("created_from"),
        created_to=data.get("created_to"),
        sort=request.GET.get("sort", "-created"),
    )


def _labels() -> list[tuple[str, str]]:
    names = {
        "-created": _("newest first"),
        "created": _("oldest first"),
        "urgency": _("most urgent first"),
        "establishment": _("establishment"),
    }
    return list(names.items())


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    filters = filters_from(request)
    items = selectors.request_list_for_user(request.user, filters)
    scope = scope_for(request.user)
    return render(
        request,
        "promotion/request_list.html",
        {
            "page": page_of(request, items),
            "filters": filters,
            "filter_form": RequestFilterForm(request.GET),
            "sort_choices": _labels(),
            "query_without_sort": query_without(request, "sort", "page"),
            "export_query": query_without(request, "page"),
            "can_create": bool(scope.provinces(Action.CHANGE)) or bool(scope.establishments),
            "is_representative": bool(scope.establishments) and not scope.provinces(Action.VIEW),
        },
    )


@login_required
def request_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    items = selectors.request_list_for_user(request.user, filters_from(request))
    headings = [
        _("Reference"),
        _("Requested at"),
        _("Establishment"),
        _("Province"),
        _("Services"),
        _("Urgency"),
        _("State"),
        _("Waiting days"),
        _("Rating"),
    ]
    rows = (
        [
            r.reference,
            r.created_at,
            r.establishment.name_th,
            r.establishment.province.name_th,
            ", ".join(i.service.name for i in r.items.all()),
            r.get_urgency_display(),
            r.get_state_display(),
            r.waiting_days(),
            r.rating,
        ]
        for r in items.iterator(chunk_size=500)
    )
    return table_response(fmt, "service-requests", headings, rows)


def _choose_establishment(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    q = request.GET.get("q", "").strip()
    if scope.provinces(Action.CHANGE):
        found_records = (
            list(
                registry_selectors.establishment_list_for_user(
                    request.user, registry_selectors.EstablishmentFilters(q=q)
                )[:20]
            )
            if q
            else []
        )
    else:
        found_records = list(registry_selectors.establishments_represented_by(request.user))
    return render(
        request,
        "promotion/request_choose.html",
        {"q": q, "records": found_records, "officer": bool(scope.provinces(Action.CHANGE))},
    )


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    est_id = request.GET.get("establishment", "")
    if not est_id.isdigit():
        return _choose_establishment(request)
    est: Establishment = found(
        lambda: registry_selectors.establishment_get_for_user(request.user, int(est_id))
    )
    offered = catalog_selectors.service_list(province=est.province_id, active_only=True)
    form = RequestForm(request.POST or None, services=offered)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.REQUEST_FIELDS}
        try:
            created = services.request_create(
                user=request.user,
                establishment=est,
                data=data,
                services=list(form.cleaned_data["services"]),
            )
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Request %(ref)s saved.") % {"ref": created.reference})
            return redirect(created.get_absolute_url())
    return render(request, "promotion/request_form.html", {"form": form, "est": est})


def _get(request: HttpRequest, pk: int) -> ServiceRequest:
    return found(lambda: selectors.request_get_for_user(request.user, pk))


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get(request, pk)
    scope = scope_for(request.user)
    officer = scope.allows(item.establishment.province_id, Action.CHANGE)
    representative = scope.acts_for(item.establishment_id)
    return render(
        request,
        "promotion/request_detail.html",
        {
            "req": item,
            "items": list(item.items.all()),
            "attachments": selectors.request_attachments(item),
            "visits": selectors.request_visits(item),
            "history": selectors.request_history(item) if officer else [],
            "officer": officer,
            "staff": bool(scope.provinces(Action.VIEW)),
            "representative": representative,
            "can_edit": item.is_open
            and (officer or (representative and item.state == RequestState.NEW)),
            "can_cancel": item.is_open
            and (officer or (representative and item.state in ("new", "planned"))),
            "can_close": officer and item.state == RequestState.DELIVERED,
            "can_rate": (officer or representative)
            and item.state in (RequestState.DELIVERED, RequestState.CLOSED),
            "can_attach": officer or representative,
            "cancel_form": CancelForm(),
            "close_form": CloseForm(),
            "rating_form": RatingForm(initial={"rating": item.rating or 5}),
            "attachment_form": AttachmentForm(),
            "steps": [(s, RequestState(s).label) for s in STEPS],
            "done_steps": STEPS[: STEPS.index(item.state)] if item.state in STEPS else [],
            "max_mb": settings.SAPHAN_PROMOTION_ATTACHMENT_MAX_MB,
        },
    )


@login_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get(request, pk)
    est = item.establishment
    offered = catalog_selectors.service_list(province=est.province_id, active_only=True)
    form = RequestForm(request.POST or None, instance=item, services=offered)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.REQUEST_FIELDS}
        minutes = {
            it.pk: int(request.POST[f"minutes-{it.pk}"])
            for it in item.items.all()
            if request.POST.get(f"minutes-{it.pk}", "").isdigit()
            and int(request.POST[f"minutes-{it.pk}"]) != it.minutes
        }
        try:
            services.request_update(
                user=request.user,
                request=item,
                data=data,
                services=list(form.cleaned_data["services"]),
                minutes=minutes or None,
            )
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(item.get_absolute_url())
    officer = scope_for(request.user).allows(est.province_id, Action.CHANGE)
    return render(
        request,
        "promotion/request_form.html",
        {
            "form": form,
            "est": est,
            "req": item,
            "items": list(item.items.all()),
            "officer": officer,
        },
    )


def _post_action(request: HttpRequest, pk: int, form_class: type, act: object) -> HttpResponse:
    item = _get(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        run_action(request, lambda: act(item, form.cleaned_data), _("Saved."))  # type: ignore[operator]
    else:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request,
        pk,
        CancelForm,
        lambda it, d: services.request_cancel(user=request.user, request=it, reason=d["reason"]),
    )


@login_required
@require_POST
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request,
        pk,
        CloseForm,
        lambda it, d: services.request_close(
            user=request.user, request=it, outcome=d["outcome"], follow_up_on=d["follow_up_on"]
        ),
    )


@login_required
@require_POST
def request_rate(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request,
        pk,
        RatingForm,
        lambda it, d: services.request_rate(
            user=request.user, request=it, rating=d["rating"], comment=d["comment"]
        ),
    )


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        run_action(
            request,
            lambda: services.attachment_add(
                user=request.user,
                request=item,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
            ),
            _("File attached."),
        )
    else:
        messages.error(request, _("Choose a file and say what it is."))
    return redirect(item.get_absolute_url())


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = found(lambda: selectors.attachment_get_for_user(request.user, pk))
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=not attachment.content_type.startswith("image/"),
        filename=attachment.name,
        content_type=attachment.content_type,
    )


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = found(lambda: selectors.attachment_get_for_user(request.user, pk))
    target = attachment.request.get_absolute_url()
    run_action(
        request,
        lambda: services.attachment_delete(user=request.user, attachment=attachment),
        _("File removed."),
    )
    return redirect(target)
