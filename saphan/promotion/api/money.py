"""Endpoints of funds (figures, activities, budget lines, commitments, spending with the
manager's override), training (participants, attendance, certificates) and projects (tasks,
staff/consultant shares, consultants, contracts)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from saphan.core.scoping import Action
from saphan.promotion.api.common import office_of, one, skill_of, users_of
from saphan.promotion.figures import FundFigures
from saphan.promotion.models import (
    Activity,
    Commitment,
    Consultant,
    ConsultantContract,
    Fund,
    Project,
)
from saphan.promotion.schemas import (
    ActivityIn,
    AttendanceIn,
    ConsultantIn,
    ConsultantOut,
    ContractIn,
    CountOut,
    CreatedOut,
    EntryIn,
    FundFull,
    FundIn,
    FundOut,
    LineIn,
    ProjectFull,
    ProjectIn,
    ProjectOut,
    ReverseIn,
    TaskIn,
    TrainingFull,
    TrainingIn,
    TrainingOut,
    UsernamesIn,
)
from saphan.promotion.selectors import funds as fund_selectors
from saphan.promotion.selectors import projects as project_selectors
from saphan.promotion.selectors import training as training_selectors
from saphan.promotion.services import funds as fund_services
from saphan.promotion.services import projects as project_services
from saphan.promotion.services import training as training_services

router = Router(tags=["promotion"])


def _fund_out(fund: Fund, figures: FundFigures) -> dict[str, Any]:
    return {
        "id": fund.pk,
        "office_code": fund.office.code,
        "name": fund.name,
        "source": fund.source,
        "amount": fund.amount,
        "fiscal_year": fund.fiscal_year,
        "allocated": figures.allocated,
        "used": figures.used,
        "spent": figures.spent,
        "remaining": figures.remaining,
    }


@router.get("/funds", response=list[FundOut])
@paginate(PageNumberPagination, page_size=50)
def fund_list(request: HttpRequest, year: int | None = None) -> Any:
    """Funds of the offices in scope with what is allocated, used and what remains."""
    return [
        _fund_out(r.fund, r.figures)
        for r in fund_selectors.fund_list_for_user(request.user, year=year)
    ]


def _fund_full(user: Any, pk: int) -> dict[str, Any]:
    fund = fund_selectors.fund_get_for_user(user, pk)
    figures, activities, overrides = fund_selectors.fund_detail(fund)
    return {
        **_fund_out(fund, figures),
        "activities": [
            {
                "id": a.activity.pk,
                "name": a.activity.name,
                "description": a.activity.description,
                "starts_on": a.activity.starts_on,
                "ends_on": a.activity.ends_on,
                "lines": [
                    {
                        "id": line.pk,
                        "name": line.name,
                        "budget": f.budget,
                        "committed": f.committed,
                        "spent": f.spent,
                        "open_commitments": f.open_commitments,
                        "remaining": f.remaining,
                    }
                    for line, f in a.lines
                ],
            }
            for a in activities
        ],
        "overrides": [
            {
                "kind": o.kind,
                "line_id": o.line_id,
                "amount": o.amount,
                "over_by": o.over_by,
                "reason": o.reason,
                "approved_by": o.approved_by.username,
                "approved_at": o.approved_at,
            }
            for o in overrides
        ],
    }


@router.post("/funds", response={201: FundFull})
def fund_create(request: HttpRequest, payload: FundIn) -> Any:
    fund = fund_services.fund_create(
        user=request.user,
        office=office_of(payload.office_code),
        data=payload.dict(exclude={"office_code"}),
    )
    return Status(201, _fund_full(request.user, fund.pk))


@router.get("/funds/{pk}", response=FundFull)
def fund_detail(request: HttpRequest, pk: int) -> Any:
    return _fund_full(request.user, pk)


@router.post("/funds/{pk}/activities", response={201: CreatedOut})
def activity_create(request: HttpRequest, pk: int, payload: ActivityIn) -> Any:
    fund = fund_selectors.fund_get_for_user(request.user, pk)
    activity = fund_services.activity_create(user=request.user, fund=fund, data=payload.dict())
    return Status(201, {"id": activity.pk})


@router.post("/activities/{pk}/lines", response={201: CreatedOut})
def line_create(request: HttpRequest, pk: int, payload: LineIn) -> Any:
    """A budget line; lines past the fund's amount need `override_reason` from a manager."""
    activity = fund_selectors.activity_get_for_user(request.user, pk)
    line = fund_services.line_create(
        user=request.user,
        activity=activity,
        name=payload.name,
        planned=payload.planned,
        override_reason=payload.override_reason,
    )
    return Status(201, {"id": line.pk})


def _entry(payload: EntryIn) -> dict[str, Any]:
    return payload.dict(include={"on", "amount", "description", "reference"})


@router.post("/lines/{pk}/commitments", response={201: CreatedOut})
def commitment_add(request: HttpRequest, pk: int, payload: EntryIn) -> Any:
    """Money promised; past the line's budget needs `override_reason` from a manager (409)."""
    line = fund_selectors.line_get_for_user(request.user, pk)
    made = fund_services.commitment_add(
        user=request.user, line=line, data=_entry(payload), override_reason=payload.override_reason
    )
    return Status(201, {"id": made.pk})


@router.post("/lines/{pk}/spending", response={201: CreatedOut})
def spending_add(request: HttpRequest, pk: int, payload: EntryIn) -> Any:
    """Money paid, optionally against a commitment (`commitment_id`)."""
    line = fund_selectors.line_get_for_user(request.user, pk)
    commitment = None
    if payload.commitment_id is not None:
        commitment = one(
            Commitment.objects.all(),
            "commitment_id",
            payload.commitment_id,
            pk=payload.commitment_id,
        )
    made = fund_services.spending_add(
        user=request.user,
        line=line,
        data=_entry(payload),
        commitment=commitment,
        override_reason=payload.override_reason,
    )
    return Status(201, {"id": made.pk})


@router.post("/commitments/{pk}/reverse", response={201: CreatedOut})
def commitment_reverse(request: HttpRequest, pk: int, payload: ReverseIn) -> Any:
    """Undo a wrong commitment by a reversal entry (both stay in the history); its payments
    must be reversed first (409 `commitment_paid`)."""
    commitment = fund_selectors.commitment_get_for_user(request.user, pk)
    made = fund_services.commitment_reverse(
        user=request.user, commitment=commitment, reason=payload.reason
    )
    return Status(201, {"id": made.pk})


@router.post("/spending/{pk}/reverse", response={201: CreatedOut})
def spending_reverse(request: HttpRequest, pk: int, payload: ReverseIn) -> Any:
    """Undo a wrong payment by a reversal entry (both stay in the history)."""
    spending = fund_selectors.spending_get_for_user(request.user, pk)
    made = fund_services.spending_reverse(
        user=request.user, spending=spending, reason=payload.reason
    )
    return Status(201, {"id": made.pk})


@router.get("/training", response=list[TrainingOut])
@paginate(PageNumberPagination, page_size=50)
def training_list(request: HttpRequest) -> Any:
    return training_selectors.training_list_for_user(request.user)


def _training_full(user: Any, pk: int) -> Any:
    event = training_selectors.training_get_for_user(user, pk)
    event.api_participants = training_selectors.training_participants(user, event)  # type: ignore[attr-defined]
    return event


@router.post("/training", response={201: TrainingFull})
def training_create(request: HttpRequest, payload: TrainingIn) -> Any:
    data = payload.dict(exclude={"office_code", "skill", "activity_id"})
    data["skill"] = skill_of(payload.skill) if payload.skill else None
    data["activity"] = (
        one(Activity.objects.all(), "activity_id", payload.activity_id, pk=payload.activity_id)
        if payload.activity_id
        else None
    )
    event = training_services.training_create(
        user=request.user, office=office_of(payload.office_code), data=data
    )
    return Status(201, _training_full(request.user, event.pk))


@router.get("/training/{pk}", response=TrainingFull)
def training_detail(request: HttpRequest, pk: int) -> Any:
    return _training_full(request.user, pk)


@router.post("/training/{pk}/participants", response=TrainingFull)
def participants_add(request: HttpRequest, pk: int, payload: UsernamesIn) -> Any:
    event = training_selectors.training_get_for_user(request.user, pk)
    training_services.participants_add(
        user=request.user, event=event, officers=users_of(payload.usernames, "usernames")
    )
    return _training_full(request.user, pk)


@router.post("/training/{pk}/attendance", response=TrainingFull)
def attendance_set(request: HttpRequest, pk: int, payload: AttendanceIn) -> Any:
    """Participant ids who attended; the others did not."""
    event = training_selectors.training_get_for_user(request.user, pk)
    training_services.attendance_set(user=request.user, event=event, attended=set(payload.attended))
    return _training_full(request.user, pk)


@router.post("/training/{pk}/certificates", response=CountOut)
def certificates_issue(request: HttpRequest, pk: int) -> Any:
    """Number certificates for who attended (PDF: /promotion/training/{pk}/certificates.pdf)."""
    event = training_selectors.training_get_for_user(request.user, pk)
    return {"count": training_services.certificates_issue(user=request.user, event=event)}


def _project_out(project: Project) -> dict[str, Any]:
    shares = project_selectors.project_shares(project)
    return {
        "id": project.pk,
        "office_code": project.office.code,
        "name": project.name,
        "fiscal_year": project.fiscal_year,
        "activity_id": project.activity_id,
        "shares": {
            "staff_hours": shares.staff_hours,
            "consultant_hours": shares.consultant_hours,
            "staff_cost": shares.staff_cost,
            "consultant_cost": shares.consultant_cost,
            "consultant_effort_percent": shares.consultant_effort_percent,
            "consultant_cost_percent": shares.consultant_cost_percent,
            "flagged": shares.flagged,
        },
    }


@router.get("/projects", response=list[ProjectOut])
@paginate(PageNumberPagination, page_size=50)
def project_list(request: HttpRequest, year: int | None = None, flagged: bool = False) -> Any:
    """Projects with the share of work by staff and consultants; `flagged` keeps those at or
    above SAPHAN_PROMOTION_CONSULTANT_FLAG_PERCENT of consultant effort."""
    rows = project_selectors.project_list_for_user(request.user, year=year, flagged_only=flagged)
    return [_project_out(r.project) for r in rows]


def _project_full(user: Any, pk: int) -> dict[str, Any]:
    project = project_selectors.project_get_for_user(user, pk)
    return {
        **_project_out(project),
        "description": project.description,
        "tasks": list(project.tasks.all()),
    }


@router.post("/projects", response={201: ProjectFull})
def project_create(request: HttpRequest, payload: ProjectIn) -> Any:
    data = payload.dict(exclude={"office_code", "activity_id"})
    data["activity"] = (
        one(Activity.objects.all(), "activity_id", payload.activity_id, pk=payload.activity_id)
        if payload.activity_id
        else None
    )
    project = project_services.project_create(
        user=request.user, office=office_of(payload.office_code), data=data
    )
    return Status(201, _project_full(request.user, project.pk))


@router.get("/projects/{pk}", response=ProjectFull)
def project_detail(request: HttpRequest, pk: int) -> Any:
    return _project_full(request.user, pk)


@router.post("/projects/{pk}/tasks", response={201: ProjectFull})
def task_create(request: HttpRequest, pk: int, payload: TaskIn) -> Any:
    project = project_selectors.project_get_for_user(request.user, pk, Action.CHANGE)
    data = payload.dict(exclude={"consultant_id", "contract_id", "staff"})
    data["consultant"] = (
        one(
            Consultant.objects.all(),
            "consultant_id",
            payload.consultant_id,
            pk=payload.consultant_id,
        )
        if payload.consultant_id
        else None
    )
    data["contract"] = (
        one(
            ConsultantContract.objects.all(),
            "contract_id",
            payload.contract_id,
            pk=payload.contract_id,
        )
        if payload.contract_id
        else None
    )
    project_services.task_create(
        user=request.user, project=project, data=data, staff=users_of(payload.staff, "staff")
    )
    return Status(201, _project_full(request.user, pk))


@router.get("/consultants", response=list[ConsultantOut])
@paginate(PageNumberPagination, page_size=50)
def consultant_list(request: HttpRequest, q: str = "", skill: str = "") -> Any:
    """The consultants' registry (contacts are not in the API: ask on the page)."""
    return project_selectors.consultant_list_for_user(request.user, q=q, skill=skill)


@router.post("/consultants", response={201: ConsultantOut})
def consultant_create(request: HttpRequest, payload: ConsultantIn) -> Any:
    consultant = project_services.consultant_create(
        user=request.user,
        office=office_of(payload.office_code),
        data=payload.dict(exclude={"office_code", "skills"}),
        skills=[skill_of(code, "skills") for code in payload.skills],
    )
    return Status(201, project_selectors.consultant_get_for_user(request.user, consultant.pk))


@router.post("/consultants/{pk}/contracts", response={201: CreatedOut})
def contract_add(request: HttpRequest, pk: int, payload: ContractIn) -> Any:
    consultant = project_selectors.consultant_get_for_user(request.user, pk)
    data = payload.dict(exclude={"project_id"})
    data["project"] = (
        project_selectors.project_get_for_user(request.user, payload.project_id, Action.CHANGE)
        if payload.project_id
        else None
    )
    contract = project_services.contract_add(user=request.user, consultant=consultant, data=data)
    return Status(201, {"id": contract.pk})
