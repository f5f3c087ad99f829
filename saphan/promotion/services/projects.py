"""Writes of projects, their tasks (done by staff or by a consultant), consultants and their
contracts."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from saphan.core.models import Office, User
from saphan.core.scoping import Action
from saphan.promotion.models import (
    Consultant,
    ConsultantContract,
    Doer,
    Project,
    ProjectTask,
    Skill,
)
from saphan.promotion.services.common import (
    assign,
    clean,
    invalid,
    office_allowed,
    require_office,
    unknown_fields,
)

CONSULTANT_FIELDS = ("name", "organisation", "expertise", "phone", "email", "active")
CONTRACT_FIELDS = ("project", "number", "signed_on", "ends_on", "fee", "scope_of_work")
PROJECT_FIELDS = ("name", "fiscal_year", "activity", "description")
TASK_FIELDS = ("name", "done_by", "consultant", "contract", "effort_hours", "cost", "done")


@transaction.atomic
def consultant_create(
    *, user: Any, office: Office, data: dict[str, Any], skills: list[Skill] | None = None
) -> Consultant:
    require_office(user, office, Action.CHANGE)
    unknown_fields(data, CONSULTANT_FIELDS)
    consultant = Consultant(office=office, **data)
    clean(consultant, exclude=["office"])
    consultant.save()
    consultant.skills.set(skills or [])
    return consultant


@transaction.atomic
def consultant_update(
    *, user: Any, consultant: Consultant, data: dict[str, Any], skills: list[Skill] | None = None
) -> Consultant:
    require_office(user, consultant.office_id, Action.CHANGE)
    unknown_fields(data, CONSULTANT_FIELDS)
    changed = assign(consultant, data)
    clean(consultant, exclude=["office"])
    if changed:
        consultant.save(update_fields=changed)
    if skills is not None:
        consultant.skills.set(skills)
    return consultant


def _contract_office(consultant: Consultant, project: Project | None) -> int:
    """Who decides on a contract: the project's office, or for a contract outside projects
    the office that registered the consultant."""
    return project.office_id if project is not None else consultant.office_id


def _check_contract(contract: ConsultantContract) -> None:
    clean(contract, exclude=["consultant"])
    if contract.ends_on and contract.ends_on < contract.signed_on:
        raise invalid("ends_on", _("The contract ends before it is signed."), "date_order")


def contract_may_change(user: Any, contract: ConsultantContract) -> bool:
    return office_allowed(
        user, _contract_office(contract.consultant, contract.project), Action.CHANGE
    )


@transaction.atomic
def contract_add(*, user: Any, consultant: Consultant, data: dict[str, Any]) -> ConsultantContract:
    """A contract with a consultant, for a project (then the project's office decides) or
    in general (the office that registered the consultant decides)."""
    unknown_fields(data, CONTRACT_FIELDS)
    require_office(user, _contract_office(consultant, data.get("project")), Action.CHANGE)
    contract = ConsultantContract(consultant=consultant, **data)
    _check_contract(contract)
    contract.save()
    return contract


@transaction.atomic
def contract_update(
    *, user: Any, contract: ConsultantContract, data: dict[str, Any]
) -> ConsultantContract:
    """Correct a contract (number, dates, fee, scope, project). Moving it to another project
    needs the right there too, and is refused while tasks of its project name it."""
    unknown_fields(data, CONTRACT_FIELDS)
    consultant = contract.consultant
    require_office(user, _contract_office(consultant, contract.project), Action.CHANGE)
    if "project" in data and data["project"] != contract.project:
        require_office(user, _contract_office(consultant, data["project"]), Action.CHANGE)
        if contract.tasks.exclude(project=data["project"]).exists():
            raise invalid(
                "project",
                _("Tasks of its project name this contract: change those tasks first."),
                "contract_in_use",
            )
    changed = assign(contract, data)
    _check_contract(contract)
    if changed:
        contract.save(update_fields=changed)
    return contract


def _check_project(user: Any, project: Project) -> None:
    clean(project, exclude=["office"])
    activity = project.activity
    if activity is not None and not office_allowed(user, activity.fund.office_id, Action.VIEW):
        raise invalid("activity", _("Choose an activity of a fund in your scope."), "out_of_scope")


@transaction.atomic
def project_create(*, user: Any, office: Office, data: dict[str, Any]) -> Project:
    require_office(user, office, Action.CHANGE)
    unknown_fields(data, PROJECT_FIELDS)
    project = Project(office=office, **data)
    _check_project(user, project)
    project.save()
    return project


@transaction.atomic
def project_update(*, user: Any, project: Project, data: dict[str, Any]) -> Project:
    require_office(user, project.office_id, Action.CHANGE)
    unknown_fields(data, PROJECT_FIELDS)
    changed = assign(project, data)
    _check_project(user, project)
    if changed:
        project.save(update_fields=changed)
    return project


def _check_task(task: ProjectTask, staff: list[User]) -> None:
    if task.done_by == Doer.STAFF:
        if task.consultant_id is not None or task.contract_id is not None:
            raise invalid("consultant", _("A task done by staff has no consultant."), "staff_task")
    elif task.done_by == Doer.CONSULTANT:
        if task.consultant_id is None:
            raise invalid("consultant", _("Choose the consultant who does it."), "required")
        if task.contract_id is not None and task.contract.consultant_id != task.consultant_id:  # type: ignore[union-attr]
            raise invalid(
                "contract", _("This contract is with another consultant."), "wrong_contract"
            )
        if staff:
            raise invalid("staff", _("A consultant's task lists no officers."), "consultant_task")
    clean(task, exclude=["project"])


@transaction.atomic
def task_create(
    *, user: Any, project: Project, data: dict[str, Any], staff: list[User] | None = None
) -> ProjectTask:
    require_office(user, project.office_id, Action.CHANGE)
    unknown_fields(data, TASK_FIELDS)
    task = ProjectTask(project=project, **data)
    _check_task(task, staff or [])
    task.save()
    task.staff.set(staff or [])
    return task


@transaction.atomic
def task_update(
    *, user: Any, task: ProjectTask, data: dict[str, Any], staff: list[User] | None = None
) -> ProjectTask:
    require_office(user, task.project.office_id, Action.CHANGE)
    unknown_fields(data, TASK_FIELDS)
    changed = assign(task, data)
    current = staff if staff is not None else list(task.staff.all())
    _check_task(task, current)
    if changed:
        task.save(update_fields=changed)
    if staff is not None:
        task.staff.set(staff)
    return task


@transaction.atomic
def task_delete(*, user: Any, task: ProjectTask) -> None:
    require_office(user, task.project.office_id, Action.CHANGE)
    task.delete()
