"""Reads of projects with the share of work done by staff and by consultants, and the
consultants' registry (contacts are personal data: officers only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from saphan.core.models import ROLE_RANK
from saphan.core.scoping import Action, scope_for
from saphan.promotion.figures import Shares, shares
from saphan.promotion.models import Consultant, ConsultantContract, Project, ProjectTask
from saphan.promotion.selectors.common import office_scoped


def project_shares(project: Project) -> Shares:
    return shares(
        ((t.done_by, t.effort_hours, t.cost) for t in project.tasks.all()),
        settings.SAPHAN_PROMOTION_CONSULTANT_FLAG_PERCENT,
    )


@dataclass(frozen=True)
class ProjectRow:
    project: Project
    shares: Shares


def project_list_for_user(
    user: Any, *, year: int | None = None, flagged_only: bool = False
) -> list[ProjectRow]:
    projects = office_scoped(user, Project.objects.select_related("office", "activity"))
    if year:
        projects = projects.filter(fiscal_year=year)
    rows = [
        ProjectRow(p, project_shares(p))
        for p in projects.prefetch_related("tasks").order_by("-fiscal_year", "name", "id")
    ]
    if flagged_only:
        rows = [r for r in rows if r.shares.flagged]
    return rows


def project_get_for_user(user: Any, pk: int, action: Action = Action.VIEW) -> Project:
    return (
        office_scoped(user, Project.objects.select_related("office", "activity__fund"), action)
        .prefetch_related(
            Prefetch(
                "tasks",
                queryset=ProjectTask.objects.select_related("consultant", "contract")
                .prefetch_related("staff")
                .order_by("id"),
            ),
            "contracts__consultant",
        )
        .get(pk=pk)
    )


def consultant_list_for_user(user: Any, *, q: str = "", skill: str = "") -> QuerySet[Consultant]:
    """The consultants' registry is shared by every office: anyone with a staff role sees it."""
    if not scope_for(user).provinces(Action.VIEW):
        return Consultant.objects.none()
    consultants = Consultant.objects.select_related("office").prefetch_related("skills")
    if q:
        consultants = consultants.filter(
            Q(name__icontains=q) | Q(organisation__icontains=q) | Q(expertise__icontains=q)
        )
    if skill:
        consultants = consultants.filter(skills__code=skill).distinct()
    return consultants.order_by("name", "id")


def consultant_get_for_user(user: Any, pk: int) -> Consultant:
    return consultant_list_for_user(user).get(pk=pk)


def consultant_contacts_visible(user: Any) -> bool:
    """Phones and e-mails of consultants (often private persons): officers and above."""
    scope = scope_for(user)
    return any(scope.provinces(a) for a in Action if a.rank >= ROLE_RANK["officer"])


def contract_get_for_user(user: Any, pk: int) -> ConsultantContract:
    """A contract of a consultant of the registry (which every staff member sees)."""
    return ConsultantContract.objects.select_related("consultant__office", "project").get(
        pk=pk, consultant__in=consultant_list_for_user(user)
    )


def contracts_of_project(project: Project) -> QuerySet[ConsultantContract]:
    return ConsultantContract.objects.filter(project=project).select_related("consultant")


def projects_for_contracts(user: Any) -> QuerySet[Project]:
    """Projects a contract may be for: those the person may change."""
    return office_scoped(user, Project.objects.all(), Action.CHANGE).order_by(
        "-fiscal_year", "name"
    )


def task_get_for_user(user: Any, pk: int, action: Action = Action.CHANGE) -> ProjectTask:
    projects = office_scoped(user, Project.objects.all(), action)
    return ProjectTask.objects.select_related("project").get(pk=pk, project__in=projects)


def consultant_tasks(consultant: Consultant) -> QuerySet[ProjectTask]:
    return consultant.tasks.select_related("project").order_by("-project__fiscal_year", "id")


def consultant_contracts(consultant: Consultant) -> QuerySet[ConsultantContract]:
    return consultant.contracts.select_related("project").order_by("-signed_on", "id")
