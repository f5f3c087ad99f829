"""Writes of the catalog: working groups, services, officers' skills, office locations, and the
standard catalog seeded for each regional center and provincial office (idempotent)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from saphan.core.errors import ApplicationError
from saphan.core.models import Membership, Office, OfficeKind, User
from saphan.core.scoping import Action
from saphan.promotion.models import (
    OfficeLocation,
    OfficerSkill,
    RequestItem,
    Service,
    Skill,
    SkillSource,
    WorkingGroup,
)
from saphan.promotion.services.common import (
    assign,
    clean,
    forbidden,
    invalid,
    office_allowed,
    require_office,
    unknown_fields,
)

GROUP_FIELDS = ("code", "name_th", "name_en", "active")
SERVICE_FIELDS = (
    "working_group",
    "code",
    "name_th",
    "name_en",
    "description",
    "skill",
    "usual_minutes",
    "active",
)

# The standard catalog: (group code, Thai, English, [(service code, Thai, English, skill,
# usual minutes)]). Regional centers (ศภ.) give design, digital and enterprise services;
# provincial offices take standards applications (มผช., อย.) and advise on business and money.
REGIONAL_GROUPS: list[tuple[str, str, str, list[tuple[str, str, str, str, int]]]] = [
    (
        "design",
        "กลุ่มพัฒนาผลิตภัณฑ์และบรรจุภัณฑ์",
        "Product and packaging development group",
        [
            ("product-design", "ออกแบบผลิตภัณฑ์", "Product design", "product_design", 120),
            ("packaging-design", "ออกแบบบรรจุภัณฑ์", "Packaging design", "packaging_design", 90),
        ],
    ),
    (
        "digital",
        "กลุ่มเทคโนโลยีสารสนเทศและดิจิทัล",
        "ICT and digital group",
        [
            ("ict", "เทคโนโลยีสารสนเทศและดิจิทัล (ICT)", "ICT and digital services", "ict", 90),
            ("marketing", "การตลาดและสื่อสังคมออนไลน์", "Marketing and social media", "marketing", 60),
        ],
    ),
    (
        "enterprise",
        "กลุ่มพัฒนาผู้ประกอบการและวิสาหกิจ",
        "Entrepreneur and enterprise development group",
        [
            ("productivity", "เพิ่มผลิตภาพการผลิต", "Productivity improvement", "productivity", 120),
            ("diagnosis", "วินิจฉัยสถานประกอบการ", "Business diagnosis", "diagnosis", 120),
        ],
    ),
]
PROVINCIAL_GROUPS: list[tuple[str, str, str, list[tuple[str, str, str, str, int]]]] = [
    (
        "standards",
        "กลุ่มมาตรฐานและการรับรอง",
        "Standards and certification group",
        [
            (
                "community-standard",
                "ขอการรับรองมาตรฐานผลิตภัณฑ์ชุมชน (มผช.)",
                "Community product standard (มผช.) application",
                "standards",
                90,
            ),
            (
                "fda",
                "คำแนะนำการขอเลขสารบบอาหาร (อย.)",
                "Food and drug (อย.) registration advice",
                "standards",
                60,
            ),
        ],
    ),
    (
        "promotion",
        "กลุ่มส่งเสริมและพัฒนาอุตสาหกรรม",
        "Industrial promotion group",
        [
            ("diagnosis", "วินิจฉัยสถานประกอบการเบื้องต้น", "Business diagnosis", "diagnosis", 90),
            ("financing", "ที่ปรึกษาด้านการเงินและแหล่งทุน", "Financing advice", "financing", 60),
        ],
    ),
]


@transaction.atomic
def catalog_seed(*, offices: list[Office] | None = None) -> dict[str, int]:
    """Create the standard working groups and services of regional centers and provincial
    offices where they are missing; what administrators edited is left as it is."""
    skills = {s.code: s for s in Skill.objects.all()}
    if not skills:
        return {"working_groups": 0, "services": 0}
    chosen = (
        offices
        if offices is not None
        else list(Office.objects.filter(kind__in=[OfficeKind.REGIONAL, OfficeKind.PROVINCIAL]))
    )
    groups_made = services_made = 0
    existing_groups = {
        (g.office_id, g.code): g
        for g in WorkingGroup.objects.filter(office__in=[o.pk for o in chosen])
    }
    existing_services = set(
        Service.objects.filter(working_group__office__in=[o.pk for o in chosen]).values_list(
            "working_group_id", "code"
        )
    )
    for office in chosen:
        spec = REGIONAL_GROUPS if office.kind == OfficeKind.REGIONAL else PROVINCIAL_GROUPS
        if office.kind not in (OfficeKind.REGIONAL, OfficeKind.PROVINCIAL):
            continue
        for code, name_th, name_en, services in spec:
            group = existing_groups.get((office.pk, code))
            if group is None:
                group = WorkingGroup.objects.create(
                    office=office, code=code, name_th=name_th, name_en=name_en
                )
                groups_made += 1
            for s_code, s_th, s_en, skill, minutes in services:
                if (group.pk, s_code) in existing_services or skill not in skills:
                    continue
                Service.objects.create(
                    working_group=group,
                    code=s_code,
                    name_th=s_th,
                    name_en=s_en,
                    skill=skills[skill],
                    usual_minutes=minutes,
                )
                services_made += 1
    return {"working_groups": groups_made, "services": services_made}


def catalog_setup() -> str:
    """`saphan setup`'s step (core's setup hooks) and `saphan promotion_catalog`: the standard
    catalog of every regional center and provincial office, where missing."""
    result = catalog_seed()
    return (
        f"promotion catalog: {result['working_groups']} working groups and "
        f"{result['services']} services added"
    )


@transaction.atomic
def catalog_seed_for_office(*, user: Any, office: Office) -> dict[str, int]:
    """The catalog page's button: an administrator of the office adds what is missing."""
    require_office(user, office, Action.ADMINISTER)
    if office.kind not in (OfficeKind.REGIONAL, OfficeKind.PROVINCIAL):
        raise invalid(
            "office",
            _("Only regional centers and provincial offices have a standard catalog."),
            "no_standard_catalog",
        )
    return catalog_seed(offices=[office])


@transaction.atomic
def working_group_create(*, user: Any, office: Office, data: dict[str, Any]) -> WorkingGroup:
    require_office(user, office, Action.ADMINISTER)
    unknown_fields(data, GROUP_FIELDS)
    group = WorkingGroup(office=office, **data)
    clean(group)
    group.save()
    return group


@transaction.atomic
def working_group_update(*, user: Any, group: WorkingGroup, data: dict[str, Any]) -> WorkingGroup:
    require_office(user, group.office_id, Action.ADMINISTER)
    unknown_fields(data, GROUP_FIELDS)
    changed = assign(group, data)
    clean(group)
    if changed:
        group.save(update_fields=changed)
    return group


@transaction.atomic
def working_group_members_set(*, user: Any, group: WorkingGroup, members: list[User]) -> None:
    """The officers of a group: members of its office (managers decide who is in which)."""
    require_office(user, group.office_id, Action.MANAGE)
    of_office = set(
        Membership.objects.filter(office_id=group.office_id).values_list("user_id", flat=True)
    )
    strangers = [m.username for m in members if m.pk not in of_office]
    if strangers:
        raise invalid(
            "members",
            _("Not members of this office: %(names)s"),
            "not_member",
            names=", ".join(strangers),
        )
    group.members.set(members)


def _check_service(service: Service) -> None:
    clean(service)
    if not service.working_group.active and service.active:
        raise invalid("working_group", _("This working group is not active."), "group_inactive")


@transaction.atomic
def service_create(*, user: Any, data: dict[str, Any]) -> Service:
    unknown_fields(data, SERVICE_FIELDS)
    group: WorkingGroup | None = data.get("working_group")
    if group is None:
        raise invalid("working_group", _("Choose the working group."), "required")
    require_office(user, group.office_id, Action.ADMINISTER)
    service = Service(**data)
    _check_service(service)
    service.save()
    return service


@transaction.atomic
def service_update(*, user: Any, service: Service, data: dict[str, Any]) -> Service:
    unknown_fields(data, SERVICE_FIELDS)
    require_office(user, service.working_group.office_id, Action.ADMINISTER)
    if "working_group" in data:
        # Moving a service to another office's group needs the right there too.
        require_office(user, data["working_group"].office_id, Action.ADMINISTER)
    changed = assign(service, data)
    _check_service(service)
    if changed:
        service.save(update_fields=changed)
    return service


def _standard(office_kind: str) -> dict[str, set[str]]:
    """The standard catalog of an office of this kind: group code → its service codes."""
    spec = REGIONAL_GROUPS if office_kind == OfficeKind.REGIONAL else PROVINCIAL_GROUPS
    if office_kind not in (OfficeKind.REGIONAL, OfficeKind.PROVINCIAL):
        return {}
    return {code: {s[0] for s in services} for code, _th, _en, services in spec}


def _in_use_elsewhere(message: Any, code: str, **params: Any) -> ApplicationError:
    return ApplicationError(message, code=code, status=409, params=params or None)


@transaction.atomic
def service_delete(*, user: Any, service: Service) -> None:
    """Remove a service nobody has asked for yet; one in use, or of the standard catalog
    (which `saphan setup` would add again), is made inactive instead."""
    group = service.working_group
    require_office(user, group.office_id, Action.ADMINISTER)
    used = RequestItem.objects.filter(service=service).count()
    if used:
        raise _in_use_elsewhere(
            _("%(count)s requested services use it: make it inactive instead."),
            "service_in_use",
            count=used,
        )
    if service.code in _standard(group.office.kind).get(group.code, set()):
        raise _in_use_elsewhere(
            _("It is part of the standard catalog: make it inactive instead."),
            "standard_service",
        )
    service.delete()


@transaction.atomic
def working_group_delete(*, user: Any, group: WorkingGroup) -> None:
    """Remove an empty working group; one with services, or of the standard catalog, is made
    inactive instead."""
    require_office(user, group.office_id, Action.ADMINISTER)
    if group.services.exists():
        raise _in_use_elsewhere(
            _("The group has services: delete them first, or make the group inactive."),
            "group_has_services",
        )
    if group.code in _standard(group.office.kind):
        raise _in_use_elsewhere(
            _("It is part of the standard catalog: make it inactive instead."),
            "standard_group",
        )
    group.delete()


@transaction.atomic
def officer_skills_set(
    *, user: Any, officer: User, skills: list[Skill], source: str = SkillSource.ASSIGNED
) -> list[OfficerSkill]:
    """Which skills an officer has; managers of one of the officer's offices decide."""
    offices = list(Membership.objects.filter(user=officer).values_list("office_id", flat=True))
    if not any(office_allowed(user, o, Action.MANAGE) for o in offices):
        raise forbidden()
    wanted = {s.pk for s in skills}
    OfficerSkill.objects.filter(user=officer).exclude(skill_id__in=wanted).delete()
    have = set(OfficerSkill.objects.filter(user=officer).values_list("skill_id", flat=True))
    for skill in skills:
        if skill.pk not in have:
            OfficerSkill.objects.create(user=officer, skill=skill, source=source)
    return list(OfficerSkill.objects.filter(user=officer).select_related("skill"))


@transaction.atomic
def office_location_set(
    *, user: Any, office: Office, latitude: Decimal | None, longitude: Decimal | None
) -> OfficeLocation | None:
    """Where the office's teams leave from; both empty removes it (the centre is used)."""
    require_office(user, office, Action.ADMINISTER)
    if latitude is None and longitude is None:
        OfficeLocation.objects.filter(office=office).delete()
        return None
    if latitude is None or longitude is None:
        field = "latitude" if latitude is None else "longitude"
        raise invalid(field, _("Give both latitude and longitude, or neither."), "required")
    location = OfficeLocation.objects.filter(office=office).first() or OfficeLocation(office=office)
    location.latitude, location.longitude = latitude, longitude
    clean(location, exclude=["office"])
    location.save()
    return location
