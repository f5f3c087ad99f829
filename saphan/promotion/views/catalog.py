"""Catalog pages: services and working groups by office (administrators edit their offices'),
officers' skills (managers), where offices' teams leave from (administrators)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.core.errors import ApplicationError
from saphan.core.models import Office, User
from saphan.core.scoping import Action
from saphan.core.selectors import office_get
from saphan.promotion.forms import LocationForm, ServiceForm, SkillsForm, WorkingGroupForm
from saphan.promotion.models import Service
from saphan.promotion.selectors import catalog as selectors
from saphan.promotion.selectors.common import offices_for
from saphan.promotion.services import catalog as services
from saphan.promotion.services.common import office_allowed
from saphan.promotion.views.common import apply_errors, error_text, found, run_action


def _office(request: HttpRequest) -> Office | None:
    code = request.GET.get("office", "")
    if code:
        return selectors.office_by_code(code)
    return getattr(request, "office", None)


def _catalog_url(office: Office) -> str:
    return f"{reverse('promotion:catalog')}?office={office.code}"


def _require_admin(request: HttpRequest, office: Office | None) -> Office:
    """The pages that edit an office's catalog: its administrators only (the services check
    again; this spares others a form they cannot save)."""
    if office is None:
        raise Http404
    if not office_allowed(request.user, office, Action.ADMINISTER):
        raise PermissionDenied
    return office


@login_required
def catalog(request: HttpRequest) -> HttpResponse:
    office = _office(request)
    groups = list(selectors.working_group_list(office=office)) if office else []
    services_by_group: dict[int, list[Service]] = {}
    for service in selectors.service_list(office=office) if office else []:
        services_by_group.setdefault(service.working_group_id, []).append(service)
    return render(
        request,
        "promotion/catalog.html",
        {
            "office": office,
            "offices": selectors.catalog_offices(),
            "groups": [(g, services_by_group.get(g.pk, [])) for g in groups],
            "can_admin": office is not None
            and office_allowed(request.user, office, Action.ADMINISTER),
            "skills": selectors.skill_list(),
        },
    )


@login_required
@require_POST
def catalog_seed(request: HttpRequest) -> HttpResponse:
    office = found(lambda: office_get(request.POST.get("office", "")))
    try:
        result = services.catalog_seed_for_office(user=request.user, office=office)
    except ApplicationError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("Standard catalog: %(groups)s working groups and %(services)s services added.")
            % {"groups": result["working_groups"], "services": result["services"]},
        )
    return redirect(_catalog_url(office))


@login_required
def group_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    group = found(lambda: selectors.working_group_get(pk)) if pk else None
    office = _require_admin(request, group.office if group else _office(request))
    form = WorkingGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in WorkingGroupForm.Meta.fields}
        try:
            if group is None:
                group = services.working_group_create(user=request.user, office=office, data=data)
            else:
                services.working_group_update(user=request.user, group=group, data=data)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_catalog_url(office))
    return render(
        request,
        "promotion/group_form.html",
        {
            "form": form,
            "group": group,
            "office": office,
            "members": list(selectors.working_group_members(group)) if group else [],
            "candidates": list(selectors.office_members(office)) if group else [],
        },
    )


@login_required
@require_POST
def group_members(request: HttpRequest, pk: int) -> HttpResponse:
    group = found(lambda: selectors.working_group_get(pk))
    ids = [int(v) for v in request.POST.getlist("members") if v.isdigit()]
    run_action(
        request,
        lambda: services.working_group_members_set(
            user=request.user, group=group, members=list(User.objects.filter(pk__in=ids))
        ),
        _("Officers of the group saved."),
    )
    return redirect("promotion:group-edit", pk=group.pk)


@login_required
@require_POST
def group_delete(request: HttpRequest, pk: int) -> HttpResponse:
    group = found(lambda: selectors.working_group_get(pk))
    if run_action(
        request,
        lambda: services.working_group_delete(user=request.user, group=group),
        _("Working group deleted."),
    ):
        return redirect(_catalog_url(group.office))
    return redirect("promotion:group-edit", pk=group.pk)


@login_required
def service_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    service = found(lambda: selectors.service_get(pk)) if pk else None
    office = _require_admin(request, service.working_group.office if service else _office(request))
    groups = selectors.working_group_list(office=office)
    form = ServiceForm(request.POST or None, instance=service, groups=groups)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ServiceForm.Meta.fields}
        try:
            if service is None:
                service = services.service_create(user=request.user, data=data)
            else:
                services.service_update(user=request.user, service=service, data=data)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_catalog_url(office))
    return render(
        request,
        "promotion/service_form.html",
        {"form": form, "service": service, "office": office},
    )


@login_required
@require_POST
def service_delete(request: HttpRequest, pk: int) -> HttpResponse:
    service = found(lambda: selectors.service_get(pk))
    if run_action(
        request,
        lambda: services.service_delete(user=request.user, service=service),
        _("Service deleted."),
    ):
        return redirect(_catalog_url(service.working_group.office))
    return redirect("promotion:service-edit", pk=service.pk)


@login_required
def officer_list(request: HttpRequest) -> HttpResponse:
    office = _office(request) if request.GET.get("office") else None
    rows = selectors.officer_list_for_user(request.user, office=office)
    return render(
        request,
        "promotion/officer_list.html",
        {
            "rows": rows,
            "office": office,
            "offices": offices_for(request.user, Action.VIEW),
            "skills": list(selectors.skill_list()),
        },
    )


@login_required
def officer_skills(request: HttpRequest, user_id: int) -> HttpResponse:
    row = found(lambda: selectors.officer_get_for_user(request.user, user_id))
    if not row.can_edit:
        raise PermissionDenied
    form = SkillsForm(request.POST or None, initial={"skills": row.skills})
    if request.method == "POST" and form.is_valid():
        try:
            services.officer_skills_set(
                user=request.user, officer=row.user, skills=list(form.cleaned_data["skills"])
            )
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Skills saved."))
            return redirect("promotion:officer-list")
    return render(request, "promotion/officer_skills.html", {"form": form, "row": row})


@login_required
def places(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "promotion/places.html",
        {
            "rows": selectors.office_location_rows(request.user),
            "map_tiles": settings.SAPHAN_MAP_TILES,
            "map_attribution": settings.SAPHAN_MAP_ATTRIBUTION,
        },
    )


@login_required
def place_edit(request: HttpRequest, code: str) -> HttpResponse:
    office = _require_admin(request, found(lambda: office_get(code)))
    current = selectors.office_places([office])[office.pk]
    initial = {}
    if current is not None and current.source == "set":
        initial = {"latitude": current.latitude, "longitude": current.longitude}
    form = LocationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.office_location_set(
                user=request.user,
                office=office,
                latitude=form.cleaned_data["latitude"],
                longitude=form.cleaned_data["longitude"],
            )
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Location saved."))
            return redirect("promotion:places")
    return render(
        request,
        "promotion/place_form.html",
        {
            "form": form,
            "office": office,
            "current": current,
            "map_tiles": settings.SAPHAN_MAP_TILES,
            "map_attribution": settings.SAPHAN_MAP_ATTRIBUTION,
        },
    )
