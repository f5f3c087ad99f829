"""Factories for subcontracting tests: ready groups, companies, posted offers, dates."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from typing import Any

from django.utils import timezone

from saphan.core.models import User
from saphan.core.tests.factories import person
from saphan.registry.models import Establishment
from saphan.registry.tests.factories import establishment
from saphan.subcontracting import weeks
from saphan.subcontracting.models import (
    GroupProfile,
    Machine,
    Member,
    MinimumWage,
    WorkOffer,
)
from saphan.subcontracting.services import offers as offer_services

# A group of ten who sew 8 hours a day, 5 days a week: 10 × 480 × 5 = 24,000 member-minutes;
# at the planning efficiency 0.35 and the 10% margin, 7,560 sewing minutes a week.


def ensure_minimum_wages() -> None:
    """Put the seeded wages back: transactional tests flush the tables, seed rows included."""
    seed = importlib.import_module("saphan.subcontracting.migrations.0002_seed_minimum_wages")
    for code, day, baht, source in seed.SEED:
        MinimumWage.objects.get_or_create(
            province_id=code, effective_from=day, defaults={"baht_per_day": baht, "source": source}
        )


def officer(username: str = "officer86", office: str = "PIO86", role: str = "officer") -> User:
    return person(username, office, role)


def week1() -> dt.date:
    """A Monday a week or more ahead: runs may not start in the past."""
    return weeks.week_one(timezone.localdate() + dt.timedelta(days=7))


def group(
    name: str = "กลุ่มตัดเย็บบ้านนาโพธิ์",
    *,
    members: int = 10,
    hours: Decimal | int = 8,
    days: Decimal | int = 5,
    skills: tuple[str, ...] = ("lockstitch_seam",),
    machines: dict[str, int] | None = None,
    location: tuple[str, str] | None = ("10.500000", "99.180000"),
    intent: bool = True,
    income: Decimal | None = Decimal("300"),
    subdistrict: str = "860101",
    kind: str = "group",
) -> Establishment:
    lat, lon = location or (None, None)
    est = establishment(name, kind=kind, subdistrict=subdistrict, latitude=lat, longitude=lon)
    GroupProfile.objects.create(
        establishment=est,
        intent_signed_on=dt.date(2025, 3, 1) if intent else None,
        intent_signed_by="นางสมศรี ใจดี (ประธานกลุ่ม)" if intent else "",
    )
    for i in range(members):
        Member.objects.create(
            group=est,
            full_name=f"สมาชิก {name} {i + 1}",
            skills=list(skills),
            main_occupation="กรีดยาง",
            main_income_baht_per_day=income,
            hours_per_day=Decimal(hours),
            days_per_week=Decimal(days),
            consent_on=dt.date(2025, 3, 1),
        )
    for machine_type, count in (machines or {"lockstitch": members}).items():
        Machine.objects.create(group=est, machine_type=machine_type, count=count)
    return est


def company(name: str = "บริษัท ชุมพรการ์เมนต์ จำกัด", **fields: Any) -> Establishment:
    fields.setdefault("latitude", "10.490000")
    fields.setdefault("longitude", "99.170000")
    return establishment(name, kind="business", **fields)


def offer(
    user: User,
    party: Establishment,
    *,
    pieces: int = 700,
    rate: str = "45",
    operations: list[tuple[str, str, str]] | None = None,
    release_on: dt.date | None = None,
    due_on: dt.date | None = None,
    min_lot: int = 1,
    max_groups: int = 3,
    stages: list[dict[str, Any]] | None = None,
    post: bool = True,
    **data: Any,
) -> WorkOffer:
    start = week1()
    created = offer_services.offer_create(
        user=user,
        party=party,
        data={
            "title": data.pop("title", "เสื้อเชิ้ต"),
            "pieces": pieces,
            "piece_rate_baht": Decimal(rate),
            "release_on": release_on or start,
            "due_on": due_on or weeks.week_end(start, 2),
            "min_lot_pieces": min_lot,
            "max_groups": max_groups,
            **data,
        },
        operations=[
            {"skill": skill, "machine_type": machine, "sam_minutes": Decimal(sam)}
            for skill, machine, sam in (operations or [("lockstitch_seam", "lockstitch", "20")])
        ],
        stages=stages,
    )
    if post:
        created = offer_services.offer_post(user=user, offer=created)
    return created
