"""Officers' pages for reference data: explainers, response templates, the holiday calendar."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.complaints.forms import ExplainerForm, HolidayForm, TemplateForm
from saphan.complaints.models import Explainer, Holiday
from saphan.complaints.selectors import staff as selectors
from saphan.complaints.services import content
from saphan.complaints.views.common import errors_to_form
from saphan.core.errors import ApplicationError
from saphan.core.models import Office
from saphan.core.scoping import Action, scope_for


def _officer(user: Any) -> None:
    if not scope_for(user).provinces(Action.CHANGE):
        raise PermissionDenied


@login_required
def explainer_admin_list(request: HttpRequest) -> HttpResponse:
    _officer(request.user)
    return render(
        request,
        "complaints/staff/explainer_list.html",
        {"explainers": selectors.explainer_list_all()},
    )


@login_required
def explainer_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _officer(request.user)
    explainer = Explainer.objects.filter(pk=pk).first() if pk else None
    if pk and explainer is None:
        raise Http404
    form = ExplainerForm(request.POST or None, instance=explainer)
    if request.method == "POST" and form.is_valid():
        try:
            saved = content.explainer_save(
                user=request.user, explainer=explainer, data=dict(form.cleaned_data)
            )
        except ApplicationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Explainer saved."))
            return redirect(saved.get_absolute_url())
    return render(
        request, "complaints/staff/explainer_form.html", {"form": form, "explainer": explainer}
    )


def _template_offices(user: Any) -> Any:
    scope = scope_for(user)
    return Office.objects.filter(pk__in=sorted(scope.offices(Action.CHANGE))).order_by("code")


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    _officer(request.user)
    return render(
        request,
        "complaints/staff/template_list.html",
        {
            "templates": [
                (t, content.template_editable_by(request.user, t))
                for t in selectors.template_list_for_user(request.user)
            ]
        },
    )


@login_required
def template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _officer(request.user)
    template = selectors.template_list_for_user(request.user).filter(pk=pk).first() if pk else None
    if pk and template is None:
        raise Http404
    if template is not None and not content.template_editable_by(request.user, template):
        raise PermissionDenied
    form = TemplateForm(
        request.POST or None,
        instance=template,
        initial={"office": getattr(request, "office", None)},
    )
    office: Any = form.fields["office"]
    office.queryset = _template_offices(request.user)
    if not scope_for(request.user).covers_all(Action.ADMINISTER):
        # Templates for every office are the whole country's administrators'.
        office.required, office.empty_label = True, None
    if request.method == "POST" and form.is_valid():
        try:
            content.template_save(
                user=request.user, template=template, data=dict(form.cleaned_data)
            )
        except ApplicationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Template saved."))
            return redirect("template-list")
    return render(
        request, "complaints/staff/template_form.html", {"form": form, "template": template}
    )


@login_required
def holiday_list(request: HttpRequest) -> HttpResponse:
    _officer(request.user)
    can_edit = content.calendar_editable_by(request.user)
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else timezone.localdate().year
    if year > 2400:  # a Buddhist-era year
        year -= 543
    form = HolidayForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                content.holiday_save(user=request.user, holiday=None, data=dict(form.cleaned_data))
            except ApplicationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Holiday added: deadlines now skip it."))
                return redirect(f"{request.path}?year={form.cleaned_data['date'].year}")
    return render(
        request,
        "complaints/staff/holiday_list.html",
        {
            "holidays": selectors.holiday_list(year),
            "year": year,
            "year_be": year + 543,
            "form": form,
            "can_edit": can_edit,
        },
    )


@login_required
@require_POST
def holiday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    holiday = Holiday.objects.filter(pk=pk).first()
    if holiday is None:
        raise Http404
    try:
        content.holiday_delete(user=request.user, holiday=holiday)
    except ApplicationError as exc:
        raise PermissionDenied from exc
    messages.success(request, _("Holiday removed."))
    return redirect(f"{request.path.rsplit('/', 3)[0]}/?year={holiday.date.year}")


@login_required
@require_POST
def holiday_seed(request: HttpRequest) -> HttpResponse:
    year_text = request.POST.get("year", "")
    year = int(year_text) if year_text.isdigit() else timezone.localdate().year
    try:
        added = content.holidays_seed(user=request.user, year=year)
    except ApplicationError as exc:
        raise PermissionDenied from exc
    messages.success(
        request,
        _("%(count)s holidays added for %(year)s: check them against the cabinet's announcement.")
        % {"count": added, "year": year + 543},
    )
    return redirect(f"{request.path.rsplit('/', 2)[0]}/?year={year}")
