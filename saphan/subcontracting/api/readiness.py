"""Readiness endpoints: groups (checklist and score), members (personal data), machines,
unavailable periods; companies' willingness; minimum wages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from saphan.subcontracting import present
from saphan.subcontracting.api.common import Page, paged
from saphan.subcontracting.schemas import (
    CompanyOut,
    GroupDetail,
    GroupOut,
    MachineIn,
    MachineOut,
    MemberIn,
    MemberOut,
    MemberPatch,
    PeriodIn,
    PeriodOut,
    ProfileIn,
    WageIn,
    WageOut,
    WillingnessIn,
)
from saphan.subcontracting.selectors import measures, readiness, wages
from saphan.subcontracting.services import readiness as services
from saphan.subcontracting.services import wages as wage_services

router = Router()


class GroupPage(Page):
    items: list[GroupOut]


class CompanyPage(Page):
    items: list[CompanyOut]


def _groups(groups: list[Any]) -> list[dict[str, Any]]:
    states = readiness.group_states(groups)
    needs = readiness.open_offer_needs({g.province_id for g in groups})
    return [
        present.group(
            states[g.pk], readiness.readiness_of(states[g.pk], needs.get(g.province_id, []))
        )
        for g in groups
    ]


@router.get("/wages", response=list[WageOut])
def wage_list(request: HttpRequest, province: str = "") -> Any:
    """Minimum wages per province, dated (public figures)."""
    return [present.wage(row) for row in wages.minimum_wage_list(province)]


@router.post("/wages", response={201: WageOut})
def wage_set(request: HttpRequest, payload: WageIn) -> Any:
    """Administrators of the province add a rate in force from a day."""
    row = wage_services.minimum_wage_set(user=request.user, **payload.dict())
    return Status(201, present.wage(row))


@router.delete("/wages/{wage_id}", response={204: None})
def wage_delete(request: HttpRequest, wage_id: int) -> Any:
    """Administrators of the province remove a rate entered by mistake."""
    wage_services.minimum_wage_delete(user=request.user, wage=wages.minimum_wage_get(wage_id))
    return Status(204, None)


@router.get("/groups", response=GroupPage)
def group_list(request: HttpRequest, q: str = "", province: str = "", page: int = 1) -> Any:
    """Villagers' groups and community enterprises with their readiness score."""
    groups = readiness.group_list_for_user(request.user, q=q, province=province)
    return paged(groups, page, _groups)


@router.get("/groups/{group_id}", response=GroupDetail)
def group_detail(request: HttpRequest, group_id: int) -> Any:
    group = readiness.group_get_for_user(request.user, group_id)
    state = readiness.group_states([group])[group.pk]
    needs = readiness.open_offer_needs([group.province_id]).get(group.province_id, [])
    checked = readiness.readiness_of(state, needs)
    profile = state.profile
    return {
        **present.group(state, checked),
        "checklist": [
            {
                "code": i.code,
                "label": str(i.label),
                "done": i.done,
                "required": i.required,
                "weight": i.weight,
            }
            for i in checked.items
        ],
        "machine_lines": list(readiness.machines_of(group)),
        "unavailable": list(readiness.unavailability_of(group)),
        "figures": present.figures(measures.group_figures([group.pk])[group.pk]),
        "work_place": profile.work_place if profile else "",
        "availability_checked_on": profile.availability_checked_on if profile else None,
    }


@router.patch("/groups/{group_id}/profile", response=GroupDetail)
def group_profile_update(request: HttpRequest, group_id: int, payload: ProfileIn) -> Any:
    """Intent (date, who signed), where the group sews, availability, leaving."""
    group = readiness.group_get_for_user(request.user, group_id)
    services.group_profile_update(
        user=request.user, group=group, data=payload.dict(exclude_unset=True)
    )
    return group_detail(request, group_id)


@router.get("/groups/{group_id}/members", response=list[MemberOut])
def member_list(request: HttpRequest, group_id: int) -> Any:
    """Personal data: officers of the province and the group's own representative only."""
    group = readiness.group_get_for_user(request.user, group_id)
    return [present.member(m) for m in readiness.members_for_user(request.user, group)]


@router.post("/groups/{group_id}/members", response={201: MemberOut})
def member_create(request: HttpRequest, group_id: int, payload: MemberIn) -> Any:
    group = readiness.group_get_for_user(request.user, group_id)
    member = services.member_create(user=request.user, group=group, data=payload.dict())
    return Status(201, present.member(member))


@router.patch("/members/{member_id}", response=MemberOut)
def member_update(request: HttpRequest, member_id: int, payload: MemberPatch) -> Any:
    member = services.member_update(
        user=request.user,
        member=readiness.member_get_for_user(request.user, member_id),
        data=payload.dict(exclude_unset=True),
    )
    return present.member(member)


@router.post("/members/{member_id}/withdraw-consent", response=MemberOut)
def member_withdraw_consent(request: HttpRequest, member_id: int) -> Any:
    """The member's personal data is erased."""
    member = services.member_withdraw_consent(
        user=request.user, member=readiness.member_get_for_user(request.user, member_id)
    )
    return present.member(member)


@router.put("/groups/{group_id}/machines", response=list[MachineOut])
def machine_set(request: HttpRequest, group_id: int, payload: MachineIn) -> Any:
    """How many machines of a type and condition (0 removes the line)."""
    group = readiness.group_get_for_user(request.user, group_id)
    services.machine_set(user=request.user, group=group, **payload.dict())
    return list(readiness.machines_of(group))


@router.post("/groups/{group_id}/unavailable", response={201: PeriodOut})
def period_add(request: HttpRequest, group_id: int, payload: PeriodIn) -> Any:
    group = readiness.group_get_for_user(request.user, group_id)
    period = services.unavailability_add(user=request.user, group=group, **payload.dict())
    return Status(201, period)


@router.delete("/unavailable/{period_id}", response={204: None})
def period_remove(request: HttpRequest, period_id: int) -> Any:
    period = readiness.period_get_for_user(request.user, period_id)
    services.unavailability_remove(user=request.user, period=period)
    return Status(204, None)


@router.delete("/machines/{machine_id}", response={204: None})
def machine_remove(request: HttpRequest, machine_id: int) -> Any:
    machine = readiness.machine_get_for_user(request.user, machine_id)
    services.machine_remove(user=request.user, machine=machine)
    return Status(204, None)


@router.get("/companies", response=CompanyPage)
def company_list(request: HttpRequest, q: str = "", province: str = "", page: int = 1) -> Any:
    """Companies (and groups) that give work: their willingness, the third criterion."""
    parties = readiness.company_list_for_user(request.user, q=q, province=province)
    return paged(parties, page, lambda rows: [present.company(p) for p in rows])


@router.put("/companies/{party_id}/willingness", response=CompanyOut)
def willingness_set(request: HttpRequest, party_id: int, payload: WillingnessIn) -> Any:
    party = readiness.party_get_for_user(request.user, party_id)
    services.company_profile_update(
        user=request.user, party=party, data=payload.dict(exclude_unset=True)
    )
    return present.company(readiness.party_get_for_user(request.user, party_id))
