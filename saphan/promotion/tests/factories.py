"""Builders for promotion tests: the seeded catalog, located establishments, officers with
skills, teams and offices at known places.

Places lie on the meridian 99°E north of 10°N: `north(km)` is km kilometres north of the
office at (10, 99), so with road factor 1 and 60 km/h a trip of k km takes ceil(k) minutes.
Positions use fractional kilometres whose differences are never whole, so rounding the stored
coordinates (6 decimals, ±0.1 m) never changes a whole minute.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
from decimal import Decimal
from typing import Any

from saphan.core.models import Office, User
from saphan.core.tests.factories import person
from saphan.promotion.models import (
    OfficeLocation,
    OfficerSkill,
    RequestItem,
    Service,
    ServiceRequest,
    Skill,
    Team,
)
from saphan.promotion.services.catalog import catalog_seed
from saphan.registry.models import Establishment
from saphan.registry.tests.factories import establishment

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = 2 * math.pi * EARTH_RADIUS_KM / 360
BASE = (Decimal("10.000000"), Decimal("99.000000"))
MONDAY = dt.date(2031, 6, 2)  # a Monday far enough ahead for "preferred days" checks


def north(km: float) -> tuple[Decimal, Decimal]:
    return (Decimal(str(round(10 + km / KM_PER_DEGREE, 6))), BASE[1])


def ensure_skills() -> None:
    """The skills of the data migration (transactional tests flush them)."""
    migration = importlib.import_module("saphan.promotion.migrations.0002_skills")
    for code, name_th, name_en in migration.SKILLS:
        Skill.objects.get_or_create(code=code, defaults={"name_th": name_th, "name_en": name_en})


def seed(*codes: str) -> None:
    ensure_skills()
    catalog_seed(offices=list(Office.objects.filter(code__in=codes or ["PIO86", "IPC10"])))


def service(office: str, code: str) -> Service:
    return Service.objects.get(working_group__office__code=office, code=code)


def place_office(code: str = "PIO86", km: float = 0.0) -> None:
    lat, lon = north(km)
    OfficeLocation.objects.update_or_create(
        office=Office.objects.get(code=code), defaults={"latitude": lat, "longitude": lon}
    )


def located(name: str, km: float | None, subdistrict: str = "860101", **kw: Any) -> Establishment:
    if km is None:
        return establishment(name, subdistrict=subdistrict, **kw)
    lat, lon = north(km)
    return establishment(name, subdistrict=subdistrict, latitude=lat, longitude=lon, **kw)


def officer(username: str, office: str, *skills: str, role: str = "officer", **kw: Any) -> User:
    user = person(username, office, role, **kw)
    for code in skills:
        OfficerSkill.objects.create(user=user, skill=Skill.objects.get(code=code))
    return user


def team(name: str, office: str, members: list[User], **kw: Any) -> Team:
    kw.setdefault("day_start", dt.time(8, 0))
    kw.setdefault("day_end", dt.time(17, 0))
    made = Team.objects.create(
        name=name,
        office=Office.objects.get(code=office),
        start_office=Office.objects.get(code=kw.pop("start", office)),
        **kw,
    )
    made.members.set(members)
    return made


def request_for(
    est: Establishment, *services: Service, by: User | None = None, **kw: Any
) -> ServiceRequest:
    """A request saved directly (the services' own tests go through request_create)."""
    req = ServiceRequest.objects.create(
        establishment=est, needs="ต้องการคำแนะนำ", created_by=by, **kw
    )
    RequestItem.objects.bulk_create(
        [RequestItem(request=req, service=s, minutes=s.usual_minutes) for s in services]
    )
    return req
