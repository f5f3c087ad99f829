"""Readiness of groups: their state in a few queries, the checklist and score, members (personal
data, seen only by those `access.may_see_members` allows), companies' willingness."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.registry.models import Establishment
from saphan.registry.search import search_filter
from saphan.registry.selectors import establishment_base_for_user, establishment_get_for_user
from saphan.subcontracting import access
from saphan.subcontracting.earnings import WAGE_HOURS_PER_DAY
from saphan.subcontracting.models import (
    GROUP_KINDS,
    PARTY_KINDS,
    CompanyProfile,
    GroupProfile,
    Machine,
    MachineType,
    Member,
    OfferStatus,
    Unavailability,
    WorkOffer,
)
from saphan.subcontracting.models.common import USABLE_CONDITIONS

MIN_MEMBERS = 5  # a group smaller than this is rarely worth a company's pick-up trip
AVAILABILITY_FRESH_DAYS = 183


@dataclass
class GroupState:
    """What allocation and readiness need to know of a group."""

    group: Establishment
    profile: GroupProfile | None = None
    members_counted: int = 0
    members_with_skills: int = 0
    members_complete: int = 0
    member_minutes_week: Decimal = Decimal(0)  # Σ hours × 60 × days of counted members
    member_days: Decimal = Decimal(0)  # Σ days of counted members
    skills: set[str] = field(default_factory=set)
    machines: dict[str, int] = field(default_factory=dict)  # usable machines by type
    income_per_hour_sum: Decimal = Decimal(0)
    income_members: int = 0

    @property
    def location(self) -> tuple[float, float] | None:
        p = self.profile
        if p is not None and p.latitude is not None and p.longitude is not None:
            return (float(p.latitude), float(p.longitude))
        g = self.group
        if g.latitude is not None and g.longitude is not None:
            return (float(g.latitude), float(g.longitude))
        return None

    @property
    def main_income_per_hour(self) -> Decimal | None:
        if not self.income_members:
            return None
        return (self.income_per_hour_sum / self.income_members).quantize(Decimal("0.01"))

    @property
    def intent_signed(self) -> bool:
        p = self.profile
        return p is not None and p.intent_signed_on is not None and bool(p.intent_signed_by)

    @property
    def left(self) -> bool:
        return self.profile is not None and self.profile.left_on is not None

    def can_sew(self, skills: set[str], machine_types: set[str]) -> bool:
        """Has every skill and a machine of every type a style needs (hand work: members)."""
        have = set(self.machines) | ({MachineType.HAND.value} if self.members_counted else set())
        return skills <= self.skills and machine_types <= have


def group_states(groups: Iterable[Establishment]) -> dict[int, GroupState]:
    """States of many groups in three queries."""
    states = {g.pk: GroupState(group=g) for g in groups}
    ids = sorted(states)
    if not ids:
        return states
    for profile in GroupProfile.objects.filter(establishment_id__in=ids):
        states[profile.establishment_id].profile = profile
    members = Member.objects.filter(group_id__in=ids, active=True, consent_on__isnull=False)
    for m in members.values(
        "group_id", "skills", "main_occupation", "main_income_baht_per_day", "hours_per_day",
        "days_per_week",
    ):  # fmt: skip
        state = states[m["group_id"]]
        state.members_counted += 1
        if m["skills"]:
            state.members_with_skills += 1
            state.skills.update(m["skills"])
        if m["main_occupation"] and m["main_income_baht_per_day"] is not None:
            state.members_complete += 1
            state.income_per_hour_sum += m["main_income_baht_per_day"] / WAGE_HOURS_PER_DAY
            state.income_members += 1
        state.member_minutes_week += m["hours_per_day"] * 60 * m["days_per_week"]
        state.member_days += m["days_per_week"]
    machines = Machine.objects.filter(group_id__in=ids, condition__in=USABLE_CONDITIONS)
    for row in machines.values("group_id", "machine_type", "count"):
        found = states[row["group_id"]].machines
        found[row["machine_type"]] = found.get(row["machine_type"], 0) + row["count"]
    return states


def unavailable_periods(group_ids: Iterable[int]) -> dict[int, list[tuple[dt.date, dt.date]]]:
    periods: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for row in Unavailability.objects.filter(group_id__in=sorted(set(group_ids))):
        periods.setdefault(row.group_id, []).append((row.starts_on, row.ends_on))
    return periods


def open_offer_needs(province_codes: Iterable[str]) -> dict[str, list[tuple[set[str], set[str]]]]:
    """For each province, the (skills, machine types) of the posted offers: the work there is."""
    needs: dict[int, tuple[str, set[str], set[str]]] = {}
    offers = WorkOffer.objects.filter(
        province_id__in=sorted(set(province_codes)), status=OfferStatus.POSTED
    ).prefetch_related("operations")
    for offer in offers:
        ops = list(offer.operations.all())
        needs[offer.pk] = (
            offer.province_id,
            {op.skill for op in ops},
            {op.machine_type for op in ops},
        )
    out: dict[str, list[tuple[set[str], set[str]]]] = {}
    for province, skills, types in needs.values():
        out.setdefault(province, []).append((skills, types))
    return out


@dataclass(frozen=True)
class CheckItem:
    code: str
    label: Any
    done: bool
    weight: int
    required: bool


@dataclass(frozen=True)
class Readiness:
    items: tuple[CheckItem, ...]
    score: int  # 0–100
    ready: bool  # every required item done, and the group has not left

    @property
    def missing(self) -> list[Any]:
        return [item.label for item in self.items if not item.done]


def readiness_of(
    state: GroupState, needs: list[tuple[set[str], set[str]]], today: dt.date | None = None
) -> Readiness:
    """The checklist: the three criteria of the source story (intent; equipment; a company
    willing to give work) with the members and the place that capacity needs."""
    today = today or timezone.localdate()
    p = state.profile
    fresh = (
        p is not None
        and p.availability_checked_on is not None
        and (today - p.availability_checked_on).days <= AVAILABILITY_FRESH_DAYS
    )
    counted = state.members_counted
    items = (
        CheckItem(
            "intent", _("Intent signed (date and who signed)"), state.intent_signed, 20, True
        ),
        CheckItem(
            "members", _("At least five members who gave consent"), counted >= MIN_MEMBERS, 15,
            True,
        ),
        CheckItem(
            "skills", _("Every member's skills recorded"),
            counted > 0 and state.members_with_skills == counted, 10, False,
        ),
        CheckItem(
            "time", _("Members' time and main occupation recorded"),
            counted > 0 and state.members_complete == counted, 10, False,
        ),
        CheckItem("machines", _("Working machines recorded"), bool(state.machines), 15, True),
        CheckItem("location", _("Location known"), state.location is not None, 10, True),
        CheckItem(
            "availability", _("Unavailable weeks confirmed in the last six months"), fresh, 5,
            False,
        ),
        CheckItem(
            "company", _("A company offers work the group can sew"),
            any(state.can_sew(skills, types) for skills, types in needs), 15, False,
        ),
    )  # fmt: skip
    score = sum(item.weight for item in items if item.done)
    ready = all(item.done for item in items if item.required) and not state.left
    return Readiness(items=items, score=score, ready=ready)


# ---------------------------------------------------------------------------------------------
# Lists and records


def group_list_for_user(user: Any, *, q: str = "", province: str = "") -> QuerySet[Establishment]:
    """Villagers' groups and community enterprises the person may see."""
    groups = establishment_base_for_user(user).filter(kind__in=GROUP_KINDS)
    if province:
        groups = groups.filter(province_id=province)
    groups = search_filter(groups, q)
    return (
        groups.select_related("province", "district", "subdistrict")
        .annotate(in_programme=Exists(GroupProfile.objects.filter(establishment_id=OuterRef("pk"))))
        .order_by("-in_programme", "name_th", "id")
    )


def group_get_for_user(user: Any, pk: int) -> Establishment:
    group = establishment_get_for_user(user, pk)
    if group.kind not in GROUP_KINDS or group.merged_into_id:
        raise Establishment.DoesNotExist
    return group


def party_get_for_user(user: Any, pk: int) -> Establishment:
    party = establishment_get_for_user(user, pk)
    if party.kind not in PARTY_KINDS or party.merged_into_id:
        raise Establishment.DoesNotExist
    return party


def members_for_user(user: Any, group: Establishment) -> QuerySet[Member]:
    """The group's members: personal data (officers of the province, the group itself)."""
    if not access.may_see_members(user, group):
        raise PermissionDenied
    return Member.objects.filter(group=group).order_by("-active", "full_name", "id")


def machines_of(group: Establishment) -> QuerySet[Machine]:
    return Machine.objects.filter(group=group).order_by("machine_type", "condition")


def unavailability_of(group: Establishment) -> QuerySet[Unavailability]:
    return Unavailability.objects.filter(group=group).order_by("-starts_on")


def company_list_for_user(
    user: Any, *, q: str = "", province: str = "", everyone: bool = False
) -> QuerySet[Establishment]:
    """Offering parties: those with a willingness record or an offer (or, with `everyone`,
    any business, factory or group the person may see — to find one to record)."""
    parties = establishment_base_for_user(user).filter(kind__in=PARTY_KINDS)
    if province:
        parties = parties.filter(province_id=province)
    if not everyone:
        parties = parties.filter(
            Q(subcontracting_company__isnull=False) | Q(subcontracting_offers__isnull=False)
        ).distinct()
    parties = search_filter(parties, q)
    return parties.select_related("province", "subcontracting_company").order_by("name_th", "id")


def company_profile_of(party: Establishment) -> CompanyProfile | None:
    return CompanyProfile.objects.filter(establishment=party).first()


def member_get_for_user(user: Any, pk: int) -> Member:
    """A member the person may see (else DoesNotExist: personal data is not even confirmed)."""
    member = Member.objects.select_related("group").get(pk=pk)
    if not access.may_see_members(user, member.group):
        raise Member.DoesNotExist
    return member


def machine_get_for_user(user: Any, pk: int) -> Machine:
    machine = Machine.objects.select_related("group").get(pk=pk)
    if not access.may_change_group(user, machine.group):
        raise Machine.DoesNotExist
    return machine


def period_get_for_user(user: Any, pk: int) -> Unavailability:
    period = Unavailability.objects.select_related("group").get(pk=pk)
    if not access.may_change_group(user, period.group):
        raise Unavailability.DoesNotExist
    return period
