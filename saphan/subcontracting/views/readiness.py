"""Readiness pages: groups (checklist, intent, members, machines, availability) and companies
(willingness, offers)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from saphan.core.errors import ApplicationError
from saphan.subcontracting import access
from saphan.subcontracting.forms import (
    LeaveForm,
    MachineForm,
    MemberForm,
    PeriodForm,
    ProfileForm,
    WillingnessForm,
)
from saphan.subcontracting.selectors import allocation as lot_selectors
from saphan.subcontracting.selectors import measures, offers, readiness
from saphan.subcontracting.services import readiness as services
from saphan.subcontracting.views.common import act, found, provinces_of, to_form

PAGE_SIZE = 25


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    province = request.GET.get("province", "")
    groups = readiness.group_list_for_user(request.user, q=q, province=province)
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    states = readiness.group_states(items)
    needs = readiness.open_offer_needs({g.province_id for g in items})
    rows = [
        (g, states[g.pk], readiness.readiness_of(states[g.pk], needs.get(g.province_id, [])))
        for g in items
    ]
    return render(
        request,
        "subcontracting/group_list.html",
        {"page": page, "rows": rows, "q": q, "province": province,
         "provinces": provinces_of(request.user), "tab": "groups"},
    )  # fmt: skip


def _group_context(
    request: HttpRequest, group: Any, bound: dict[str, forms.Form]
) -> dict[str, Any]:
    state = readiness.group_states([group])[group.pk]
    needs = readiness.open_offer_needs([group.province_id]).get(group.province_id, [])
    profile = state.profile
    see_members = access.may_see_members(request.user, group)
    can_change = access.may_change_group(request.user, group)
    initial = {}
    if profile is not None:
        initial = {
            name: getattr(profile, name)
            for name in ProfileForm.base_fields
            if getattr(profile, name) not in (None, "")
        }
    return {
        "group": group,
        "state": state,
        "profile": profile,
        "readiness": readiness.readiness_of(state, needs),
        "see_members": see_members,
        "can_change": can_change,
        "members": list(readiness.members_for_user(request.user, group)) if see_members else [],
        "machines": list(readiness.machines_of(group)),
        "periods": list(readiness.unavailability_of(group)),
        "figures": measures.group_figures([group.pk])[group.pk],
        "lots": list(
            lot_selectors.lot_list_for_user(request.user, group=group.pk, hide_proposed=True)[:20]
        ),
        "profile_form": bound.get("profile") or ProfileForm(initial=initial),
        "member_form": bound.get("member") or MemberForm(),
        "machine_form": bound.get("machine") or MachineForm(),
        "period_form": bound.get("period") or PeriodForm(),
        "leave_form": bound.get("leave") or LeaveForm(),
        "tab": "groups",
    }


FORMS = {
    "profile": ProfileForm,
    "member": MemberForm,
    "machine": MachineForm,
    "period": PeriodForm,
    "leave": LeaveForm,
}
ANCHORS = {
    "profile": "profile",
    "member": "members",
    "machine": "machine",
    "period": "period",
    "leave": "leave",
}
SAVED = {
    "profile": gettext_lazy("Readiness saved."),
    "member": gettext_lazy("Member added."),
    "machine": gettext_lazy("Machines saved."),
    "period": gettext_lazy("Unavailable period added."),
    "leave": gettext_lazy("The group is marked as having left the programme."),
}


def _save(request: HttpRequest, group: Any, part: str, data: dict[str, Any]) -> None:
    user = request.user
    if part == "profile" or part == "leave":
        services.group_profile_update(user=user, group=group, data=data)
    elif part == "member":
        services.member_create(user=user, group=group, data=data)
    elif part == "machine":
        services.machine_set(user=user, group=group, **data)
    elif part == "period":
        services.unavailability_add(user=user, group=group, **data)


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The readiness page; each section posts its own form here (`part`)."""
    group = found(readiness.group_get_for_user, request.user, pk)
    bound: dict[str, forms.Form] = {}
    if request.method == "POST":
        part = request.POST.get("part", "")
        if part not in FORMS:
            return redirect(request.path)
        form = FORMS[part](request.POST)
        bound[part] = form
        if form.is_valid():
            try:
                _save(request, group, part, dict(form.cleaned_data))
            except ApplicationError as exc:
                to_form(exc, form)
            else:
                messages.success(request, SAVED[part])
                return redirect(f"{request.path}#{ANCHORS[part]}")
    return render(
        request, "subcontracting/group_detail.html", _group_context(request, group, bound)
    )


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = found(readiness.member_get_for_user, request.user, pk)
    group = member.group
    initial = {name: getattr(member, name) for name in MemberForm.base_fields}
    form = MemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = {k: v for k, v in form.cleaned_data.items() if k != "consent_on"}
            services.member_update(user=request.user, member=member, data=data)
        except ApplicationError as exc:
            to_form(exc, form)
        else:
            messages.success(request, _("Member saved."))
            return redirect(reverse("subcontracting-group", args=[group.pk]) + "#members")
    return render(
        request,
        "subcontracting/member_form.html",
        {"form": form, "member": member, "group": group, "tab": "groups"},
    )


@login_required
@require_POST
def member_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    member = found(readiness.member_get_for_user, request.user, pk)
    act(
        request,
        lambda: services.member_withdraw_consent(user=request.user, member=member),
        _("Consent withdrawn: the member's personal data is erased."),
    )
    return redirect(reverse("subcontracting-group", args=[member.group_id]) + "#members")


@login_required
@require_POST
def machine_remove(request: HttpRequest, pk: int) -> HttpResponse:
    machine = found(readiness.machine_get_for_user, request.user, pk)
    act(
        request,
        lambda: services.machine_remove(user=request.user, machine=machine),
        _("Machines removed."),
    )
    return redirect(reverse("subcontracting-group", args=[machine.group_id]) + "#machine")


@login_required
@require_POST
def period_remove(request: HttpRequest, pk: int) -> HttpResponse:
    period = found(readiness.period_get_for_user, request.user, pk)
    act(
        request,
        lambda: services.unavailability_remove(user=request.user, period=period),
        _("Period removed."),
    )
    return redirect(reverse("subcontracting-group", args=[period.group_id]) + "#period")


@login_required
def company_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    province = request.GET.get("province", "")
    everyone = bool(q) and request.GET.get("all") == "1"
    parties = readiness.company_list_for_user(
        request.user, q=q, province=province, everyone=everyone
    )
    page = Paginator(parties, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "subcontracting/company_list.html",
        {"page": page, "q": q, "province": province, "everyone": everyone,
         "provinces": provinces_of(request.user), "tab": "companies"},
    )  # fmt: skip


@login_required
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    party = found(readiness.party_get_for_user, request.user, pk)
    profile = readiness.company_profile_of(party)
    initial = (
        {name: getattr(profile, name) for name in WillingnessForm.base_fields}
        if profile
        else {"willing": True}
    )
    form = WillingnessForm(request.POST or None, initial=initial)
    can_change = access.may_change_party(request.user, party)
    if request.method == "POST" and form.is_valid():
        try:
            services.company_profile_update(
                user=request.user, party=party, data=dict(form.cleaned_data)
            )
        except ApplicationError as exc:
            to_form(exc, form)
        else:
            messages.success(request, _("Willingness saved."))
            return redirect(request.path)
    offer_rows = offers.offer_list_for_user(request.user, offers.OfferFilters(party=party.pk))
    return render(
        request,
        "subcontracting/company_detail.html",
        {"party": party, "profile": profile, "form": form, "can_change": can_change,
         # Who confirmed for the company is a contact: those who may change it see the name.
         "see_contact": can_change, "offers": offer_rows, "tab": "companies"},
    )  # fmt: skip
