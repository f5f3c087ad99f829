"""Project pages: projects with the share of work by staff and consultants (flagged at or near
100% consultants), their tasks; the consultants' registry and contracts."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.core.errors import ApplicationError
from saphan.core.scoping import Action
from saphan.core.tabular import table_response
from saphan.promotion.forms import ConsultantForm, ContractForm, ProjectForm, TaskForm
from saphan.promotion.models import Project, ProjectTask
from saphan.promotion.selectors import projects as selectors
from saphan.promotion.selectors.catalog import officers_for
from saphan.promotion.selectors.common import offices_for
from saphan.promotion.selectors.demand import fiscal_year_of
from saphan.promotion.selectors.funds import activities_for_user
from saphan.promotion.services import projects as services
from saphan.promotion.services.common import office_allowed
from saphan.promotion.views.common import apply_errors, found, run_action
from saphan.promotion.views.offices import office_for_new


def _year(request: HttpRequest) -> int | None:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() else None


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    flagged = request.GET.get("flagged") == "1"
    rows = selectors.project_list_for_user(request.user, year=_year(request), flagged_only=flagged)
    this_year = fiscal_year_of(timezone.localdate())
    return render(
        request,
        "promotion/project_list.html",
        {
            "rows": rows,
            "flagged": flagged,
            "year": _year(request),
            "years": list(range(this_year + 1, this_year - 5, -1)),
            "threshold": settings.SAPHAN_PROMOTION_CONSULTANT_FLAG_PERCENT,
            "can_create": offices_for(request.user, Action.CHANGE).exists(),
            "export_query": request.GET.urlencode(),
        },
    )


@login_required
def project_export(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = selectors.project_list_for_user(
        request.user, year=_year(request), flagged_only=request.GET.get("flagged") == "1"
    )
    headings = [
        _("Project"),
        _("Office"),
        _("Fiscal year"),
        _("Staff hours"),
        _("Consultant hours"),
        _("Consultants' share of effort (%)"),
        _("Staff cost (baht)"),
        _("Consultant cost (baht)"),
        _("Consultants' share of cost (%)"),
        _("Flagged"),
    ]
    return table_response(
        fmt,
        "projects-staff-consultants",
        headings,
        [
            [
                r.project.name,
                r.project.office.code,
                r.project.fiscal_year,
                r.shares.staff_hours,
                r.shares.consultant_hours,
                r.shares.consultant_effort_percent,
                r.shares.staff_cost,
                r.shares.consultant_cost,
                r.shares.consultant_cost_percent,
                _("yes") if r.shares.flagged else _("no"),
            ]
            for r in rows
        ],
    )


@login_required
def project_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    project = (
        found(lambda: selectors.project_get_for_user(request.user, pk, Action.CHANGE))
        if pk
        else None
    )
    office = project.office if project else office_for_new(request, Action.CHANGE)
    form = ProjectForm(
        request.POST or None,
        instance=project,
        activities=activities_for_user(request.user),
        initial={} if project else {"fiscal_year": fiscal_year_of(timezone.localdate())},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.PROJECT_FIELDS}
        try:
            if project is None:
                project = services.project_create(user=request.user, office=office, data=data)
            else:
                services.project_update(user=request.user, project=project, data=data)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Project saved."))
            return redirect(project.get_absolute_url())
    return render(
        request, "promotion/project_form.html", {"form": form, "project": project, "office": office}
    )


def _task_form(request: HttpRequest, project: Project, task: ProjectTask | None = None) -> TaskForm:
    return TaskForm(
        request.POST or None,
        instance=task,
        officers=officers_for(request.user),
        contracts=selectors.contracts_of_project(project),
        prefix="task",
    )


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = found(lambda: selectors.project_get_for_user(request.user, pk))
    can_change = office_allowed(request.user, project.office_id, Action.CHANGE)
    form = _task_form(request, project)
    if request.method == "POST" and can_change and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.TASK_FIELDS}
        try:
            services.task_create(
                user=request.user,
                project=project,
                data=data,
                staff=list(form.cleaned_data["staff"]),
            )
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Task added."))
            return redirect(project.get_absolute_url())
    return render(
        request,
        "promotion/project_detail.html",
        {
            "project": project,
            "shares": selectors.project_shares(project),
            "tasks": list(project.tasks.all()),
            "contracts": list(project.contracts.all()),
            "can_change": can_change,
            "form": form,
            "threshold": settings.SAPHAN_PROMOTION_CONSULTANT_FLAG_PERCENT,
        },
    )


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = found(lambda: selectors.task_get_for_user(request.user, pk))
    form = _task_form(request, task.project, task)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.TASK_FIELDS}
        try:
            services.task_update(
                user=request.user, task=task, data=data, staff=list(form.cleaned_data["staff"])
            )
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(task.project.get_absolute_url())
    return render(request, "promotion/task_form.html", {"form": form, "task": task})


@login_required
@require_POST
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    task = found(lambda: selectors.task_get_for_user(request.user, pk))
    run_action(
        request, lambda: services.task_delete(user=request.user, task=task), _("Task deleted.")
    )
    return redirect(task.project.get_absolute_url())


@login_required
def consultant_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    return render(
        request,
        "promotion/consultant_list.html",
        {
            "consultants": selectors.consultant_list_for_user(request.user, q=q),
            "q": q,
            "contacts_visible": selectors.consultant_contacts_visible(request.user),
            "can_create": offices_for(request.user, Action.CHANGE).exists(),
        },
    )


@login_required
def consultant_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    consultant = found(lambda: selectors.consultant_get_for_user(request.user, pk)) if pk else None
    office = consultant.office if consultant else office_for_new(request, Action.CHANGE)
    if not office_allowed(request.user, office, Action.CHANGE):
        raise PermissionDenied
    form = ConsultantForm(request.POST or None, instance=consultant)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.CONSULTANT_FIELDS}
        skills = list(form.cleaned_data["skills"])
        try:
            if consultant is None:
                consultant = services.consultant_create(
                    user=request.user, office=office, data=data, skills=skills
                )
            else:
                services.consultant_update(
                    user=request.user, consultant=consultant, data=data, skills=skills
                )
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Consultant saved."))
            return redirect(consultant.get_absolute_url())
    return render(
        request,
        "promotion/consultant_form.html",
        {"form": form, "consultant": consultant, "office": office},
    )


@login_required
def consultant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultant = found(lambda: selectors.consultant_get_for_user(request.user, pk))
    projects = selectors.projects_for_contracts(request.user)
    form = ContractForm(request.POST or None, projects=projects, prefix="contract")
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.CONTRACT_FIELDS}
        try:
            services.contract_add(user=request.user, consultant=consultant, data=data)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Contract added."))
            return redirect(consultant.get_absolute_url())
    return render(
        request,
        "promotion/consultant_detail.html",
        {
            "consultant": consultant,
            "contracts": selectors.consultant_contracts(consultant),
            "tasks": selectors.consultant_tasks(consultant),
            "contacts_visible": selectors.consultant_contacts_visible(request.user),
            "can_change": offices_for(request.user, Action.CHANGE).exists(),
            "form": form,
        },
    )


@login_required
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = found(lambda: selectors.contract_get_for_user(request.user, pk))
    if not services.contract_may_change(request.user, contract):
        raise PermissionDenied
    consultant = contract.consultant
    form = ContractForm(
        request.POST or None,
        instance=contract,
        projects=selectors.projects_for_contracts(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.CONTRACT_FIELDS}
        try:
            services.contract_update(user=request.user, contract=contract, data=data)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Contract saved."))
            return redirect(consultant.get_absolute_url())
    return render(
        request,
        "promotion/contract_form.html",
        {"form": form, "contract": contract, "consultant": consultant},
    )
