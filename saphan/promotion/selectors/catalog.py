"""Reads of the catalog (public knowledge like offices), officers and their skills (personal:
within the scope), and where an office's teams leave from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from saphan.core.models import ROLE_RANK, Membership, Office, OfficeKind, User
from saphan.core.scoping import Action, scope_for
from saphan.promotion.models import OfficeLocation, OfficerSkill, Service, Skill, WorkingGroup
from saphan.registry.models import Establishment

# Fewer located records than this do not make a centre.
MIN_POINTS = 3


def skill_list() -> QuerySet[Skill]:
    return Skill.objects.order_by("code")


def working_group_list(*, office: Office | None = None) -> QuerySet[WorkingGroup]:
    groups = WorkingGroup.objects.select_related("office").annotate(
        service_count=Count("services", distinct=True)
    )
    if office is not None:
        groups = groups.filter(office=office)
    return groups.order_by("office__kind", "office__code", "code")


def service_list(
    *,
    office: Office | None = None,
    province: str | None = None,
    active_only: bool = False,
    skill: str = "",
) -> QuerySet[Service]:
    """The catalog; with `province`, what offices covering that province give."""
    services = Service.objects.select_related("working_group__office", "skill")
    if office is not None:
        services = services.filter(working_group__office=office)
    if province:
        services = services.filter(
            Q(working_group__office__provinces=province)
            | Q(working_group__office__kind__in=[OfficeKind.DEPARTMENT, OfficeKind.MINISTRY])
        )
    if active_only:
        services = services.filter(active=True, working_group__active=True)
    if skill:
        services = services.filter(skill__code=skill)
    return services.distinct().order_by(
        "working_group__office__kind", "working_group__office__code", "working_group__code", "code"
    )


def service_get(pk: int) -> Service:
    return Service.objects.select_related("working_group__office", "skill").get(pk=pk)


@dataclass(frozen=True)
class OfficerRow:
    user: User
    offices: list[Office]
    skills: list[Skill]
    can_edit: bool


def officer_list_for_user(user: Any, *, office: Office | None = None) -> list[OfficerRow]:
    """Officers (officer role and up) of offices in the person's scope, with their skills;
    names of officers are personal data, so the scope decides as for the people page."""
    scope = scope_for(user)
    memberships = scope.filter_offices(
        Membership.objects.filter(
            role__in=[r for r, rank in ROLE_RANK.items() if rank >= ROLE_RANK["officer"]],
            user__is_active=True,
        ).select_related("user", "office"),
        Action.VIEW,
        path="office",
    )
    if office is not None:
        memberships = memberships.filter(office=office)
    managed = set(
        scope.filter_offices(Office.objects.all(), Action.MANAGE).values_list("pk", flat=True)
    ) | set(scope.offices(Action.MANAGE))
    rows: dict[int, dict[str, Any]] = {}
    for m in memberships.order_by("office__code", "user__first_name", "user__username"):
        row = rows.setdefault(m.user_id, {"user": m.user, "offices": [], "can_edit": False})
        row["offices"].append(m.office)
        row["can_edit"] = row["can_edit"] or m.office_id in managed
    skills: dict[int, list[Skill]] = {}
    for item in OfficerSkill.objects.filter(user_id__in=list(rows)).select_related("skill"):
        skills.setdefault(item.user_id, []).append(item.skill)
    return [OfficerRow(skills=skills.get(uid, []), **row) for uid, row in rows.items()]


def officer_get_for_user(user: Any, user_id: int) -> OfficerRow:
    for row in officer_list_for_user(user):
        if row.user.pk == user_id:
            return row
    raise User.DoesNotExist


def officers_for(user: Any, office: Office | None = None) -> QuerySet[User]:
    """Officers (officer role and up) of the offices in the person's scope, to pick for teams,
    training and tasks; with `office`, also those of the offices covering its provinces (its
    regional center), who join joint teams."""
    ranks = [r for r, rank in ROLE_RANK.items() if rank >= ROLE_RANK["officer"]]
    offices: Any = scope_for(user).filter_offices(Office.objects.all(), Action.VIEW).values("pk")
    if office is not None:
        offices = Office.objects.filter(
            Q(pk__in=offices) | Q(provinces__in=office.provinces.all())
        ).values("pk")
    return (
        User.objects.filter(
            memberships__office__in=offices, memberships__role__in=ranks, is_active=True
        )
        .distinct()
        .order_by("first_name", "username")
    )


def skills_of(user_ids: list[int]) -> dict[int, frozenset[str]]:
    found: dict[int, set[str]] = {uid: set() for uid in user_ids}
    for uid, code in OfficerSkill.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "skill__code"
    ):
        found[uid].add(code)
    return {uid: frozenset(codes) for uid, codes in found.items()}


# ---------------------------------------------------------------------------------------------
# Places: where offices are, centres of districts and provinces from located records


def centres(*, districts: list[str], provinces: list[str]) -> dict[str, tuple[float, float]]:
    """The average point of the located live records of each district and province (keys are
    their codes; a district code has 4 digits, a province 2), where there are enough."""
    out: dict[str, tuple[float, float]] = {}
    located = Establishment.objects.filter(
        latitude__isnull=False, longitude__isnull=False, merged_into__isnull=True
    )
    for field, codes in (("district_id", districts), ("province_id", provinces)):
        if not codes:
            continue
        rows = (
            located.filter(**{f"{field}__in": sorted(set(codes))})
            .values(field)
            .annotate(n=Count("id"), lat=Avg("latitude"), lon=Avg("longitude"))
        )
        for row in rows:
            if row["n"] >= MIN_POINTS:
                out[row[field]] = (round(float(row["lat"]), 6), round(float(row["lon"]), 6))
    return out


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    source: str  # "set" by an administrator, "district" or "province" centre


def office_places(offices: list[Office]) -> dict[int, Place | None]:
    """Where each office's teams leave from: the location an administrator set, else the centre
    of the located records of the office's district (from its address), else of its province
    (a regional center: the province of its seat, the first it lists when it has no address)."""
    set_by_admin = {loc.office_id: loc for loc in OfficeLocation.objects.filter(office__in=offices)}
    districts: list[str] = []
    provinces: list[str] = []
    wanted: dict[int, tuple[str | None, str | None]] = {}
    for office in offices:
        if office.pk in set_by_admin:
            continue
        district = office.subdistrict.district_id if office.subdistrict_id else None  # type: ignore[union-attr]
        province = office.subdistrict.province_id if office.subdistrict_id else None  # type: ignore[union-attr]
        if province is None:
            province = _seat_province(office)
        wanted[office.pk] = (district, province)
        districts += [district] if district else []
        provinces += [province] if province else []
    found = centres(districts=districts, provinces=provinces)
    out: dict[int, Place | None] = {}
    for office in offices:
        if office.pk in set_by_admin:
            loc = set_by_admin[office.pk]
            out[office.pk] = Place(float(loc.latitude), float(loc.longitude), "set")
            continue
        district, province = wanted[office.pk]
        if district and district in found:
            out[office.pk] = Place(*found[district], "district")
        elif province and province in found:
            out[office.pk] = Place(*found[province], "province")
        else:
            out[office.pk] = None
    return out


def _seat_province(office: Office) -> str | None:
    codes = sorted(p.code for p in office.provinces.all())
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0]
    # A regional center is named after its seat: "ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 1 (เชียงใหม่)".
    for province in office.provinces.all():
        if f"({province.name_th})" in office.name_th:
            return province.code
    return codes[0]


def office_location_rows(user: Any) -> list[tuple[Office, Place | None, bool]]:
    """Offices in scope with where their teams leave from, and whether the person may set it."""
    scope = scope_for(user)
    offices = list(
        scope.filter_offices(
            Office.objects.filter(kind__in=[OfficeKind.REGIONAL, OfficeKind.PROVINCIAL]),
            Action.VIEW,
        )
        .select_related("subdistrict")
        .prefetch_related("provinces")
        .order_by("kind", "code")
    )
    places = office_places(offices)
    admin = set(
        scope.filter_offices(Office.objects.all(), Action.ADMINISTER).values_list("pk", flat=True)
    )
    return [(o, places[o.pk], o.pk in admin) for o in offices]


def working_group_members(group: WorkingGroup) -> QuerySet[User]:
    return group.members.order_by("first_name", "username")


def working_group_get(pk: int) -> WorkingGroup:
    return WorkingGroup.objects.select_related("office").get(pk=pk)


def office_members(office: Office) -> QuerySet[User]:
    """The people of an office, for its administrators to put in working groups."""
    return (
        User.objects.filter(memberships__office=office, is_active=True)
        .distinct()
        .order_by("first_name", "username")
    )


def catalog_offices() -> QuerySet[Office]:
    """Offices that have a catalog (public knowledge, like the offices themselves)."""
    return Office.objects.filter(promotion_groups__isnull=False).distinct().order_by("kind", "code")


def office_by_code(code: str) -> Office | None:
    return Office.objects.filter(code=code).first() if code else None
