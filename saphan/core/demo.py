"""Deterministic demo data for core: offices of a demo province and its people, one login per role.

Later apps add their own records through `demo_hooks` (called with the province and a seeded
random generator), so `saphan demo` grows with the system.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from saphan.core.errors import ApplicationError
from saphan.core.models import Membership, Office, OfficeKind, Province, Role, User

DEMO_PASSWORD = "saphan-demo"  # noqa: S105 — printed for the local demo, never used in production

FIRST_NAMES = [
    "สมชาย", "สมศรี", "วิไลวรรณ", "ประเสริฐ", "สุภาพร", "ธนพล", "กาญจนา", "อนุชา", "พรทิพย์",
    "ณัฐวุฒิ", "จิราพร", "ปิยะพงษ์", "อรอุมา", "เกียรติศักดิ์", "นันทนา", "ศักดิ์ชัย", "ดวงใจ",
    "วีระพงษ์", "รัตนา", "ชัยวัฒน์", "สุนทรี", "อภิชาติ", "มาลัย", "ทองใบ",
]  # fmt: skip
LAST_NAMES = [
    "ใจดี", "ศรีสุข", "บุญมา", "ทองคำ", "แก้วมณี", "สายทอง", "พรหมมา", "จันทร์เพ็ญ", "รุ่งเรือง",
    "มั่นคง", "สุขสวัสดิ์", "วงศ์ไทย", "ปัญญาดี", "เพชรรัตน์", "อินทร์แก้ว", "ชัยมงคล",
]  # fmt: skip


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    office: str


# A hook returns counts by name; it may also return "logins": [DemoLogin, …] for accounts it
# made (outside accounts of its app), printed with the others.
DemoHook = Callable[[Province, random.Random, int], dict[str, Any]]
demo_hooks: list[DemoHook] = []


def province_find(name_or_code: str) -> Province:
    text = name_or_code.strip()
    for prefix in ("จังหวัด", "จ."):
        text = text.removeprefix(prefix).strip()
    province = Province.objects.filter(
        Q(code=text) | Q(name_th=text) | Q(name_en__iexact=text)
    ).first()
    if province is None:
        raise ApplicationError(
            _("No province named %(name)s: give its Thai or English name or its two-digit code."),
            code="province_unknown",
            params={"name": name_or_code},
        )
    return province


def _person(username: str, seed: int, password_hash: str) -> User:
    # Seeded by the username: the same person gets the same name however the demo grew.
    rng = random.Random(f"{seed}:{username}")
    return User(
        username=username,
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        email=f"{username}@demo.saphan.local",
        password=password_hash,
    )


@transaction.atomic
def demo_create(*, province_name: str, scale: int = 1, seed: int = 2563) -> dict[str, Any]:
    """Create (or complete) the demo: running it again adds nothing that is already there."""
    if scale < 1:
        raise ApplicationError(_("Scale must be 1 or more."), code="scale")
    province = province_find(province_name)
    rng = random.Random(f"{seed}:{province.code}:{scale}")
    provincial = Office.objects.filter(kind=OfficeKind.PROVINCIAL, provinces=province).first()
    regional = Office.objects.filter(kind=OfficeKind.REGIONAL, provinces=province).first()
    department = Office.objects.filter(code="DIP").first()
    ministry = Office.objects.filter(kind=OfficeKind.MINISTRY).order_by("code").first()
    if provincial is None:
        raise ApplicationError(
            _("The reference offices are missing: run saphan offices first."),
            code="offices_missing",
        )
    password_hash = make_password(DEMO_PASSWORD)
    logins = [
        DemoLogin("demo.viewer", Role.VIEWER, provincial.code),
        DemoLogin("demo.officer", Role.OFFICER, provincial.code),
        DemoLogin("demo.manager", Role.MANAGER, provincial.code),
        DemoLogin("demo.admin", Role.ADMINISTRATOR, provincial.code),
    ]
    if regional is not None:
        logins.append(DemoLogin("demo.region", Role.OFFICER, regional.code))
    if department is not None:
        logins.append(DemoLogin("demo.department", Role.MANAGER, department.code))
    if ministry is not None:
        # The whole country's administrator: the national holiday calendar, templates for
        # every office.
        logins.append(DemoLogin("demo.ministry", Role.ADMINISTRATOR, ministry.code))
    offices = {o.code: o for o in Office.objects.filter(code__in={lg.office for lg in logins})}
    people: list[tuple[str, str, str]] = [(lg.username, lg.role, lg.office) for lg in logins]
    staff_offices = [provincial] + ([regional] if regional else [])
    for office in staff_offices:
        for i in range(8 * scale):
            role = Role.OFFICER if i % 4 else Role.VIEWER
            people.append((f"staff.{office.code.lower()}.{i + 1:05d}", role, office.code))
            offices[office.code] = office
    ours = Q(username__startswith="demo.") | Q(username__startswith="staff.")
    existing = set(User.objects.filter(ours).values_list("username", flat=True))
    User.objects.bulk_create(
        [_person(u, seed, password_hash) for u, _r, _o in people if u not in existing],
        batch_size=2000,
    )
    ids = dict(User.objects.filter(ours).values_list("username", "pk"))
    Membership.objects.bulk_create(
        [Membership(user_id=ids[u], office=offices[o], role=r) for u, r, o in people],
        ignore_conflicts=True,
        batch_size=2000,
    )
    counts: dict[str, Any] = {
        "people": len(people),
        "new_people": sum(1 for username, _r, _o in people if username not in existing),
    }
    for hook in demo_hooks:
        found = dict(hook(province, rng, scale))
        logins.extend(found.pop("logins", []))
        counts.update(found)
    counts["province"] = province.name_th
    counts["logins"] = [
        {"username": lg.username, "role": lg.role, "office": lg.office, "password": DEMO_PASSWORD}
        for lg in logins
    ]
    return counts
