"""Writes of readiness: a group's profile and intent, members (personal data), machines,
unavailable periods; a company's willingness. The group's own representative may do these for
its group; officers for the groups of their provinces."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.registry.models import Establishment
from saphan.subcontracting import access
from saphan.subcontracting.models import (
    GROUP_KINDS,
    PARTY_KINDS,
    CompanyProfile,
    GroupProfile,
    Machine,
    MachineCondition,
    MachineType,
    Member,
    Operation,
    Unavailability,
    UnavailableReason,
)
from saphan.subcontracting.services.common import forbidden, full_clean, invalid, only_fields

PROFILE_FIELDS = (
    "intent_signed_on", "intent_signed_by", "intent_note", "work_place", "latitude", "longitude",
    "availability_checked_on", "left_on", "left_reason",
)  # fmt: skip
MEMBER_FIELDS = (
    "full_name", "skills", "main_occupation", "main_income_baht_per_day", "hours_per_day",
    "days_per_week", "consent_on", "active",
)  # fmt: skip
COMPANY_FIELDS = ("willing", "signed_on", "signed_by", "products", "note")


def _group_for(user: Any, group: Establishment) -> None:
    if group.kind not in GROUP_KINDS:
        raise invalid(
            "group", _("Only a villagers' group or a community enterprise sews lots."), "kind"
        )
    if not access.may_change_group(user, group):
        raise forbidden()


@transaction.atomic
def group_profile_update(*, user: Any, group: Establishment, data: dict[str, Any]) -> GroupProfile:
    """Intent, place and availability of a group (the profile is made on first use)."""
    _group_for(user, group)
    only_fields(data, PROFILE_FIELDS)
    profile = GroupProfile.objects.filter(establishment=group).first() or GroupProfile(
        establishment=group
    )
    for name, value in data.items():
        setattr(profile, name, value.strip() if isinstance(value, str) else value)
    if profile.intent_signed_on and not profile.intent_signed_by:
        raise invalid(
            "intent_signed_by", _("Say who signed the commitment for the group."), "required"
        )
    if profile.intent_signed_on and profile.intent_signed_on > timezone.localdate():
        raise invalid("intent_signed_on", _("The date cannot be in the future."), "future")
    if (profile.latitude is None) != (profile.longitude is None):
        raise invalid("longitude", _("Give both latitude and longitude, or neither."), "pair")
    if profile.left_on and not profile.left_reason:
        raise invalid("left_reason", _("Say why the group left."), "required")
    full_clean(profile, exclude=["establishment"])
    profile.save()
    return profile


def _member_values(data: dict[str, Any]) -> dict[str, Any]:
    only_fields(data, MEMBER_FIELDS)
    skills = data.get("skills")
    if skills is not None:
        unknown = sorted(set(skills) - set(Operation.values))
        if unknown:
            raise invalid(
                "skills", _("Unknown skills: %(skills)s"), "unknown", skills=", ".join(unknown)
            )
        data = {**data, "skills": sorted(set(skills))}
    return data


@transaction.atomic
def member_create(*, user: Any, group: Establishment, data: dict[str, Any]) -> Member:
    """A member, with their consent (PDPA): without it nothing about them is kept."""
    _group_for(user, group)
    values = _member_values(data)
    if not values.get("consent_on"):
        raise invalid(
            "consent_on",
            _("A member's data is kept only with their consent: enter the day they gave it."),
            "consent_required",
        )
    member = Member(group=group, **values)
    full_clean(member, exclude=["group"])
    member.save()
    return member


@transaction.atomic
def member_update(*, user: Any, member: Member, data: dict[str, Any]) -> Member:
    _group_for(user, member.group)
    values = _member_values(data)
    if "consent_on" in values and not values["consent_on"]:
        raise invalid(
            "consent_on", _("To withdraw consent, use “withdraw consent”."), "consent_required"
        )
    for name, value in values.items():
        setattr(member, name, value)
    full_clean(member, exclude=["group"])
    member.save()
    return member


@transaction.atomic
def member_withdraw_consent(*, user: Any, member: Member) -> Member:
    """The member withdraws consent: their personal data is erased; shares already paid keep
    their amounts under an anonymous row."""
    _group_for(user, member.group)
    member.full_name = str(_("(consent withdrawn)"))
    member.skills = []
    member.main_occupation = ""
    member.main_income_baht_per_day = None
    member.consent_on = None
    member.active = False
    member.save()
    return member


@transaction.atomic
def machine_set(
    *,
    user: Any,
    group: Establishment,
    machine_type: str,
    condition: str = MachineCondition.GOOD,
    count: int,
    note: str = "",
) -> Machine | None:
    """How many machines of a type in a condition the group has (0 removes the line)."""
    _group_for(user, group)
    if machine_type not in MachineType.values or machine_type == MachineType.HAND:
        raise invalid("machine_type", _("Choose a machine type."), "invalid_choice")
    if condition not in MachineCondition.values:
        raise invalid("condition", _("Choose a condition."), "invalid_choice")
    existing = Machine.objects.filter(
        group=group, machine_type=machine_type, condition=condition
    ).first()
    if count == 0:
        if existing is not None:
            existing.delete()
        return None
    machine = existing or Machine(group=group, machine_type=machine_type, condition=condition)
    machine.count = count
    machine.note = note.strip()
    full_clean(machine, exclude=["group"])
    machine.save()
    return machine


@transaction.atomic
def machine_remove(*, user: Any, machine: Machine) -> None:
    _group_for(user, machine.group)
    machine.delete()


@transaction.atomic
def unavailability_add(
    *,
    user: Any,
    group: Establishment,
    starts_on: dt.date,
    ends_on: dt.date,
    reason: str,
    note: str = "",
) -> Unavailability:
    _group_for(user, group)
    if ends_on < starts_on:
        raise invalid("ends_on", _("The end is before the start."), "order")
    if (ends_on - starts_on).days > 366:
        raise invalid("ends_on", _("A period is at most one year."), "too_long")
    if reason not in UnavailableReason.values:
        raise invalid("reason", _("Choose a reason."), "invalid_choice")
    period = Unavailability(
        group=group, starts_on=starts_on, ends_on=ends_on, reason=reason, note=note.strip()
    )
    full_clean(period, exclude=["group"])
    period.save()
    return period


@transaction.atomic
def unavailability_remove(*, user: Any, period: Unavailability) -> None:
    _group_for(user, period.group)
    period.delete()


@transaction.atomic
def company_profile_update(
    *, user: Any, party: Establishment, data: dict[str, Any]
) -> CompanyProfile:
    """A company's (or an offering group's) willingness to give work."""
    if party.kind not in PARTY_KINDS:
        raise invalid("party", _("This kind of record does not give out work."), "kind")
    if not access.may_change_party(user, party):
        raise forbidden()
    only_fields(data, COMPANY_FIELDS)
    profile = CompanyProfile.objects.filter(establishment=party).first() or CompanyProfile(
        establishment=party
    )
    for name, value in data.items():
        setattr(profile, name, value.strip() if isinstance(value, str) else value)
    if profile.signed_on and not profile.signed_by:
        raise invalid("signed_by", _("Say who confirmed it for the company."), "required")
    if getattr(user, "is_authenticated", False):
        profile.updated_by = user
    full_clean(profile, exclude=["establishment", "updated_by"])
    profile.save()
    return profile
