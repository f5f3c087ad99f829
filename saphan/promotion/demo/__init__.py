"""Demo data for `saphan demo`: the catalog, officers' skills, joint teams, a year of service
requests with demo-like demand across working groups (so that bundling saves visits), a planned
fortnight of joint visits, an outside account (demo.client) for the establishment that asked
most, and funds, training and projects (`demo/money.py`). Deterministic and idempotent: each
part is skipped once it is there."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from engines.routing import solve
from saphan.core.demo import DEMO_PASSWORD, DemoLogin
from saphan.core.models import Office, OfficeKind, Province, User
from saphan.promotion.demo.money import funds_demo, projects_demo, training_demo, users_like
from saphan.promotion.jobs import travel_source
from saphan.promotion.models import (
    Channel,
    ItemOutcome,
    OfficerSkill,
    Plan,
    RequestItem,
    RequestState,
    Service,
    ServiceRequest,
    Skill,
    SkillSource,
    Team,
    Urgency,
    WorkingGroup,
)
from saphan.promotion.selectors.planning import plan_input
from saphan.promotion.services.catalog import catalog_seed
from saphan.promotion.services.planning import plan_result_save
from saphan.registry.models import Establishment
from saphan.registry.services import representative_add

CLIENT = "demo.client"
DEMO_PLAN = "แผนลงพื้นที่ให้บริการร่วม (ตัวอย่าง)"
NEEDS = {
    "product-design": "ต้องการพัฒนารูปแบบผลิตภัณฑ์ใหม่ให้ตรงกับตลาด",
    "packaging-design": "ต้องการออกแบบบรรจุภัณฑ์และฉลากใหม่ให้ดูทันสมัย",
    "ict": "ต้องการทำระบบขายออนไลน์และบัญชีด้วยคอมพิวเตอร์",
    "marketing": "ต้องการเพิ่มยอดขายผ่านสื่อสังคมออนไลน์",
    "productivity": "ต้นทุนการผลิตสูง ต้องการลดของเสีย",
    "diagnosis": "ต้องการให้วินิจฉัยปัญหาการบริหารจัดการ",
    "community-standard": "ต้องการยื่นขอรับรอง มผช.",
    "fda": "ต้องการคำแนะนำการขอเลข อย.",
    "financing": "ต้องการแหล่งเงินทุนหมุนเวียน",
}
# How often each service is asked for (design leads, as the inspector found).
WEIGHTS = {
    "packaging-design": 9,
    "product-design": 7,
    "ict": 5,
    "marketing": 4,
    "community-standard": 4,
    "diagnosis": 3,
    "fda": 2,
    "productivity": 2,
    "financing": 2,
}


def promotion_demo(province: Province, rng: random.Random, scale: int) -> dict[str, Any]:
    provincial = Office.objects.filter(kind=OfficeKind.PROVINCIAL, provinces=province).first()
    regional = Office.objects.filter(kind=OfficeKind.REGIONAL, provinces=province).first()
    if provincial is None:
        return {}
    offices = [o for o in (provincial, regional) if o is not None]
    catalog_seed(offices=offices)
    seeded = random.Random(f"promotion:{province.code}")
    today = timezone.localdate()
    counts: dict[str, Any] = {}
    with transaction.atomic():
        _skills(provincial, regional)
        teams = _teams(provincial, regional)
        counts["service_requests"] = _requests(province, offices, seeded, today, scale)
    counts["planned_visits"] = _plan(provincial, teams, today)
    with transaction.atomic():
        fund = funds_demo(province, provincial, regional, today)
        counts["trainings"] = training_demo(provincial, regional, fund, today)
        counts["projects"] = projects_demo(provincial, regional, fund, today)
    counts["teams"] = len(teams)
    with transaction.atomic():
        counts["logins"] = _client(province)
    return counts


def _client(province: Province) -> list[DemoLogin]:
    """An outside account for the establishment with the most requests (its representative
    sees and asks for its own services only)."""
    manager = User.objects.filter(username="demo.manager").first()
    est = (
        Establishment.objects.filter(province=province, promotion_requests__isnull=False)
        .annotate(n=Count("promotion_requests"))
        .order_by("-n", "id")
        .first()
    )
    if manager is None or est is None:
        return []
    representative_add(
        user=manager, establishment=est, username=CLIENT, first_name=est.name_th[:30],
        password=DEMO_PASSWORD, position="ผู้ประสานงาน",
    )  # fmt: skip
    return [DemoLogin(CLIENT, "outside", est.name_th)]


def _skills(provincial: Office, regional: Office | None) -> None:
    """Provincial officers know standards and diagnosis (a few design); the regional center's
    officers know design, ICT, marketing and productivity."""
    plan: dict[str, list[str]] = {
        "demo.officer": ["standards", "diagnosis", "packaging_design"],
        "demo.manager": ["diagnosis", "financing"],
        "demo.region": ["product_design", "packaging_design", "ict"],
    }
    provincial_sets = [
        ["standards", "diagnosis"],
        ["standards", "financing"],
        ["diagnosis", "marketing"],
        ["standards", "packaging_design"],
    ]
    regional_sets = [
        ["packaging_design", "marketing"],
        ["ict", "marketing"],
        ["productivity", "diagnosis"],
        ["packaging_design", "ict"],
    ]
    for i, user in enumerate(users_like(f"staff.{provincial.code.lower()}.")):
        plan[user.username] = provincial_sets[i % len(provincial_sets)]
    if regional is not None:
        for i, user in enumerate(users_like(f"staff.{regional.code.lower()}.")):
            plan[user.username] = regional_sets[i % len(regional_sets)]
    skills = {s.code: s for s in Skill.objects.all()}
    users = {u.username: u for u in User.objects.filter(username__in=list(plan))}
    OfficerSkill.objects.bulk_create(
        [
            OfficerSkill(user=users[name], skill=skills[code], source=SkillSource.ASSIGNED)
            for name, codes in plan.items()
            if name in users
            for code in codes
        ],
        ignore_conflicts=True,
    )
    for office in (provincial, regional):
        if office is None:
            continue
        members = users_like(f"staff.{office.code.lower()}.")
        for g, group in enumerate(WorkingGroup.objects.filter(office=office).order_by("code")):
            group.members.add(*members[g::3])


def _teams(provincial: Office, regional: Office | None) -> list[Team]:
    """Two joint teams of the provincial office, each with officers of the regional center."""
    p_staff = users_like(f"staff.{provincial.code.lower()}.")
    r_staff = users_like(f"staff.{regional.code.lower()}.") if regional else []
    named = {u.username: u for u in User.objects.filter(username__startswith="demo.")}
    specs = [
        ("ทีมร่วมบริการ สายเหนือ", [named.get("demo.officer"), *p_staff[1:3], *r_staff[1:3]]),
        ("ทีมร่วมบริการ สายใต้", [named.get("demo.region"), *p_staff[5:7], *r_staff[5:8]]),
    ]
    teams = []
    for name, members in specs:
        team, created = Team.objects.get_or_create(
            name=name,
            office=provincial,
            defaults={
                "start_office": provincial,
                "day_start": dt.time(8, 30),
                "day_end": dt.time(16, 30),
            },
        )
        if created:
            team.members.set([m for m in members if m is not None])
        teams.append(team)
    return teams


def _requests(
    province: Province, offices: list[Office], rng: random.Random, today: dt.date, scale: int
) -> int:
    officer = User.objects.filter(username="demo.officer").first()
    existing = ServiceRequest.objects.filter(
        establishment__province=province, created_by=officer
    ).count()
    if existing:
        return existing
    services = {
        s.code: s
        for s in Service.objects.filter(working_group__office__in=offices).select_related("skill")
        if s.code in WEIGHTS
    }
    codes = [c for c, w in WEIGHTS.items() if c in services for _ in range(w)]
    ests = list(
        Establishment.objects.filter(province=province, merged_into__isnull=True)
        .exclude(kind="mine")
        .order_by("id")
    )
    if not ests or not codes:
        return 0
    made = 0
    # A year of history (delivered, closed, some cancelled) and this month's open requests.
    for n in range(90 * scale):
        est = ests[rng.randrange(len(ests))]
        wanted = sorted({rng.choice(codes) for _ in range(rng.choice([1, 1, 2, 2, 3]))})
        age = rng.randint(0, 360) if n < 60 * scale else rng.randint(0, 25)
        created = timezone.make_aware(
            dt.datetime.combine(today - dt.timedelta(days=age), dt.time(9 + n % 7, 15))
        )
        state = RequestState.NEW
        if age > 40:
            state = rng.choice(
                [RequestState.CLOSED] * 6
                + [RequestState.DELIVERED] * 2
                + [RequestState.CANCELLED, RequestState.IN_PROGRESS]
            )
        req = ServiceRequest.objects.create(
            establishment=est,
            needs=" ".join(NEEDS[c] for c in wanted),
            urgency=rng.choice([Urgency.NORMAL] * 4 + [Urgency.HIGH, Urgency.LOW, Urgency.URGENT]),
            # Several services take most of a day: only single ones ask for a time of day.
            preferred_time=(
                rng.choice(["any", "any", "any", "morning", "afternoon"])
                if len(wanted) == 1
                else "any"
            ),
            state=state,
            channel=rng.choice([Channel.OFFICER] * 3 + [Channel.REPRESENTATIVE]),
            created_by=officer,
            created_at=created,
        )
        delivered = created + dt.timedelta(days=rng.randint(7, 40))
        done = state in (RequestState.DELIVERED, RequestState.CLOSED)
        RequestItem.objects.bulk_create(
            [
                RequestItem(
                    request=req,
                    service=services[c],
                    minutes=services[c].usual_minutes,
                    outcome=ItemOutcome.DELIVERED
                    if done or (state == RequestState.IN_PROGRESS and i == 0)
                    else ItemOutcome.PENDING,
                    recorded_at=delivered if done else None,
                )
                for i, c in enumerate(wanted)
            ]
        )
        fields: dict[str, Any] = {}
        if state != RequestState.NEW and state != RequestState.CANCELLED:
            fields.update(
                planned_at=created + dt.timedelta(days=3), started_at=created + dt.timedelta(days=6)
            )
        if done:
            fields["delivered_at"] = delivered
        if state == RequestState.CLOSED:
            fields.update(
                closed_at=delivered + dt.timedelta(days=5),
                rating=rng.choice([3, 4, 4, 5, 5, 5]),
                outcome="ผู้ประกอบการได้รับคำแนะนำและนำไปปรับใช้แล้ว",
                rating_comment=rng.choice(["", "เจ้าหน้าที่ให้คำแนะนำดีมาก", "อยากให้ติดตามผลอีกครั้ง"]),
            )
        if state == RequestState.CANCELLED:
            fields.update(
                cancelled_at=created + dt.timedelta(days=10),
                cancel_reason="ผู้ประกอบการเลื่อนแผนการผลิตออกไป",
            )
        if fields:
            ServiceRequest.objects.filter(pk=req.pk).update(**fields)
        made += 1
    return made


def _plan(office: Office, teams: list[Team], today: dt.date) -> int:
    """Next week's joint visits, planned by the engine as the job would (in this process)."""
    found = Plan.objects.filter(office=office, name=DEMO_PLAN).first()
    if found is not None:
        return found.visits_count
    monday = today + dt.timedelta(days=7 - today.weekday())
    creator = User.objects.filter(username="demo.manager").first()
    plan = Plan.objects.create(
        office=office,
        name=DEMO_PLAN,
        first_day=monday,
        last_day=monday + dt.timedelta(days=11),
        created_by=creator,
    )
    plan.teams.set(teams)
    given = plan_input(
        plan,
        speed_kmh=settings.SAPHAN_PROMOTION_SPEED_KMH,
        road_factor=settings.SAPHAN_PROMOTION_ROAD_FACTOR,
    )
    travel, source = travel_source()
    result = solve(given.problem, travel=travel, time_limit_s=60)
    Plan.objects.filter(pk=plan.pk).update(distance_source=source)
    return plan_result_save(plan=plan, given=given, result=result).visits_count
