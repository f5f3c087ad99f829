"""Registry pages: list with filters, record page, create/edit, verify, merge, map."""

from __future__ import annotations

import io
from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.core.errors import ApplicationError
from saphan.core.scoping import Action, scope_for
from saphan.core.selectors import province_list
from saphan.registry import export, map_points, quality, selectors, services
from saphan.registry.forms import (
    DETAIL_FORMS,
    ContactForm,
    EstablishmentFilterForm,
    EstablishmentForm,
    RepresentativeForm,
)
from saphan.registry.models import DETAIL_RELATIONS, Establishment, EstablishmentKind
from saphan.registry.panels import panels_for

PAGE_SIZE = 25


def filters_from(request: HttpRequest) -> selectors.EstablishmentFilters:
    form = EstablishmentFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    return selectors.EstablishmentFilters(
        q=data.get("q") or "",
        province=data.get("province") or "",
        district=data.get("district") or "",
        kind=data.get("kind") or "",
        status=data.get("status") or "",
        type_code=data.get("type_code") or "",
        factory_class=data.get("factory_class"),
        sort=data.get("sort") or "",
    )


def _get(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Establishment:
    try:
        return selectors.establishment_get_for_user(request.user, pk, action)
    except Establishment.DoesNotExist:
        raise Http404 from None


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


@login_required
def establishment_list(request: HttpRequest) -> HttpResponse:
    filters = filters_from(request)
    page = selectors.establishment_page_for_user(
        request.user, filters, number=_page_number(request), size=PAGE_SIZE
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    return render(
        request,
        "registry/establishment_list.html",
        {
            "page": page,
            "filters": filters,
            "sort": selectors.effective_sort(filters),
            "filter_form": EstablishmentFilterForm(request.GET),
            "provinces": province_list(),
            "kinds": EstablishmentKind.choices,
            "query_without_sort": query.urlencode(),
            "export_query": request.GET.urlencode(),
            "can_create": bool(scope_for(request.user).provinces(Action.CHANGE)),
            "sort_choices": [
                ("name", _("name")),
                ("newest", _("newest first")),
                ("-updated", _("recently changed")),
                ("quality", _("lowest quality first")),
                ("verified", _("least recently verified")),
            ],
        },
    )


@login_required
def establishment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    est = _get(request, pk)
    scope = scope_for(request.user)
    return render(
        request,
        "registry/establishment_detail.html",
        {
            "est": est,
            "detail": est.detail(),
            "detail_rows": selectors.detail_rows(est.detail()),
            "contacts": selectors.establishment_contacts(request.user, est),
            "contacts_visible": selectors.contacts_visible_to(request.user, est),
            "issues": selectors.quality_issues_for(est),
            "history": selectors.establishment_history(est),
            "can_change": scope.allows(est.province_id, Action.CHANGE) and not est.merged_into_id,
            "contact_form": ContactForm(),
            "representatives": selectors.establishment_representatives(request.user, est),
            "can_manage": scope.allows(est.province_id, Action.MANAGE) and not est.merged_into_id,
            "representative_form": RepresentativeForm(),
            "panels": panels_for(request.user, est),
            "map_tiles": settings.SAPHAN_MAP_TILES,
            "map_attribution": settings.SAPHAN_MAP_ATTRIBUTION,
        },
    )


def _edit(request: HttpRequest, est: Establishment | None, kind: str) -> HttpResponse:
    relation = DETAIL_RELATIONS.get(kind)
    detail_form_class = DETAIL_FORMS.get(relation or "")
    form = EstablishmentForm(
        request.POST or None,
        instance=est,
        initial={"subdistrict": est.subdistrict if est else None},
    )
    detail_form = (
        detail_form_class(request.POST or None, instance=est.detail() if est else None, prefix="d")
        if detail_form_class
        else None
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (detail_form is None or detail_form.is_valid())
    ):
        data = {name: form.cleaned_data[name] for name in EstablishmentForm.Meta.fields}
        data["province"] = form.cleaned_data["province"]
        detail = dict(detail_form.cleaned_data) if detail_form else None
        try:
            if est is None:
                est = services.establishment_create(
                    user=request.user, data={**data, "kind": kind}, detail=detail
                )
            else:
                services.establishment_update(
                    user=request.user, establishment=est, data=data, detail=detail
                )
        except ApplicationError as exc:
            if exc.status == 403:
                raise PermissionDenied from exc
            # Each error goes to the form that has the field, else to the top of the page.
            for name, errors in exc.fields.items():
                owner = next((f for f in (form, detail_form) if f and name in f.fields), form)
                for error in errors:
                    owner.add_error(name if name in owner.fields else None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(est.get_absolute_url())
    return render(
        request,
        "registry/establishment_form.html",
        {"form": form, "detail_form": detail_form, "est": est, "kind": kind,
         "kind_label": EstablishmentKind(kind).label},
    )  # fmt: skip


@login_required
def establishment_create(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    if kind not in EstablishmentKind.values:
        return render(
            request, "registry/establishment_kind.html", {"kinds": EstablishmentKind.choices}
        )
    if not scope_for(request.user).provinces(Action.CHANGE):
        raise PermissionDenied
    return _edit(request, None, kind)


@login_required
def establishment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    est = _get(request, pk, Action.CHANGE)
    return _edit(request, est, est.kind)


@login_required
@require_POST
def establishment_verify(request: HttpRequest, pk: int) -> HttpResponse:
    est = _get(request, pk, Action.CHANGE)
    services.establishment_verify(user=request.user, establishment=est)
    messages.success(request, _("Marked as verified today."))
    return redirect(request.POST.get("next") or est.get_absolute_url())


@login_required
def establishment_merge(request: HttpRequest, pk: int) -> HttpResponse:
    keep = _get(request, pk, Action.CHANGE)
    other = None
    other_id = request.POST.get("other") or request.GET.get("other")
    if other_id and str(other_id).isdigit():
        try:
            other = selectors.establishment_get_for_user(request.user, int(other_id), Action.CHANGE)
        except Establishment.DoesNotExist:
            messages.error(request, _("No record with that number that you may change."))
    if request.method == "POST" and other is not None and request.POST.get("confirm") == "yes":
        try:
            keep = services.establishment_merge(user=request.user, keep=keep, other=other)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Merged. Both histories are kept on this record."))
            return redirect(keep.get_absolute_url())
    candidates = []
    q = request.GET.get("q", "").strip()
    if q:
        filters = selectors.EstablishmentFilters(q=q, kind=keep.kind)
        candidates = list(
            selectors.establishment_list_for_user(request.user, filters).exclude(pk=keep.pk)[:20]
        )
    return render(
        request,
        "registry/establishment_merge.html",
        {"keep": keep, "other": other, "candidates": candidates, "q": q},
    )


@login_required
@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    est = _get(request, pk, Action.CHANGE)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_add(user=request.user, establishment=est, data=form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Contact added."))
    else:
        for name, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[name].label}: {error}")
    return redirect(est.get_absolute_url())


@login_required
@require_POST
def representative_add(request: HttpRequest, pk: int) -> HttpResponse:
    est = _get(request, pk, Action.CHANGE)
    form = RepresentativeForm(request.POST)
    if form.is_valid():
        try:
            services.representative_add(user=request.user, establishment=est, **form.cleaned_data)
        except ApplicationError as exc:
            for name, errors in exc.fields.items():
                form.add_error(name if name in form.fields else None, errors)
            if not exc.fields:
                form.add_error(None, str(exc))
        else:
            messages.success(request, _("Representative added."))
            return redirect(est.get_absolute_url())
    for name, texts in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for text in texts:
            messages.error(request, f"{label}: {text}" if label else str(text))
    return redirect(est.get_absolute_url())


@login_required
@require_POST
def representative_remove(request: HttpRequest, pk: int, rep: int) -> HttpResponse:
    est = _get(request, pk, Action.CHANGE)
    representative = get_object_or_404(est.representatives.all(), pk=rep)
    try:
        services.representative_remove(user=request.user, representative=representative)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Representative removed."))
    return redirect(est.get_absolute_url())


@login_required
def establishment_map(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registry/establishment_map.html",
        {
            "kinds": EstablishmentKind.choices,
            "map_tiles": settings.SAPHAN_MAP_TILES,
            "map_attribution": settings.SAPHAN_MAP_ATTRIBUTION,
        },
    )


@login_required
def establishment_map_points(request: HttpRequest) -> JsonResponse:
    filters = filters_from(request)
    records = selectors.establishment_list_for_user(request.user, replace(filters, kind=""))
    kinds = request.GET.getlist("kind")
    if kinds:
        records = records.filter(kind__in=kinds)
    return JsonResponse(
        map_points.cluster(
            records, bbox=request.GET.get("bbox", ""), zoom=request.GET.get("zoom", "6")
        )
    )


@login_required
def establishment_export(request: HttpRequest) -> HttpResponseBase:
    fmt = request.GET.get("format", "csv")
    if fmt not in export.FORMATS:
        raise Http404
    records = selectors.establishment_list_for_user(request.user, filters_from(request))
    rows = export.export_rows(request.user, records)
    name = f"establishments.{fmt}"
    if fmt == "xlsx":
        buffer = io.BytesIO()
        export.write_xlsx(rows, buffer)
        buffer.seek(0)
        return FileResponse(
            buffer, as_attachment=True, filename=name, content_type=export.FORMATS[fmt]
        )
    stream = export.write_csv(rows) if fmt == "csv" else export.write_json(rows)
    response = StreamingHttpResponse(stream, content_type=export.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def quality_worklist(request: HttpRequest) -> HttpResponse:
    """ "Fix these first": open issues in the person's scope, by impact."""
    rule_code = request.GET.get("rule", "")
    issues = selectors.quality_worklist_for_user(request.user, rule=rule_code)
    page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
    records = selectors.establishment_base_for_user(request.user)
    return render(
        request,
        "registry/quality.html",
        {
            "page": page,
            "rule": rule_code,
            "rules": selectors.quality_rule_counts_for_user(request.user),
            "provinces": quality.scores_by_province(records),
            "offices": quality.scores_by_office(records),
            "trend": quality.trend(selectors.province_codes_for_user(request.user)),
            "can_scan": bool(scope_for(request.user).provinces(Action.MANAGE)),
        },
    )


@login_required
@require_POST
def quality_scan_start(request: HttpRequest) -> HttpResponse:
    job = quality.quality_scan_start(user=request.user, office=getattr(request, "office", None))
    return redirect(job.get_absolute_url())
