"""Demo data for `saphan demo`: the catalog, officers' skills, joint teams, a year of service
requests with demo-like demand across working groups (so that bundling saves visits), a planned
week of joint visits, funds (the 13-million-baht Pracharath fund of the upper north when the
demo province is there, else a regional fund), training with certificates, and projects with
staff and consultants. Deterministic and idempotent: each part is skipped once it is there."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from engines.routing import solve
from saphan.core.models import Office, OfficeKind, Province, User
from saphan.core.thai import BE_OFFSET
from saphan.promotion.jobs import travel_source
from saphan.promotion.models import (
    Activity,
    BudgetLine,
    BudgetOverride,
    Channel,
    Commitment,
    Consultant,
    ConsultantContract,
    Doer,
    Fund,
    FundSource,
    ItemOutcome,
    OfficerSkill,
    OverrideKind,
    Participant,
    Plan,
    Project,
    ProjectTask,
    RequestItem,
    RequestState,
    Service,
    ServiceRequest,
    Skill,
    SkillSource,
    Spending,
    Team,
    TrainingEvent,
    Urgency,
    WorkingGroup,
)
from saphan.promotion.selectors.demand import fiscal_year_of
from saphan.promotion.selectors.planning import plan_input
from saphan.promotion.services.catalog import catalog_seed
from saphan.promotion.services.planning import plan_result_save
from saphan.registry.models import Establishment

UPPER_NORTH = {"50", "57", "52", "51", "58", "55", "56", "54"}
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
CONSULTANTS = [
    (
        "บริษัท ดีไซน์ลานนา จำกัด",
        "ออกแบบผลิตภัณฑ์และบรรจุภัณฑ์สำหรับสินค้าชุมชน",
        ["product_design", "packaging_design"],
    ),
    ("นายวิชัย ศิลปกร", "วิทยากรด้านการออกแบบฉลากและอัตลักษณ์สินค้า", ["packaging_design"]),
    ("บริษัท สมาร์ทเอสเอ็มอี คอนซัลติ้ง จำกัด", "ระบบ ICT การตลาดออนไลน์ และอีคอมเมิร์ซ", ["ict", "marketing"]),
    ("นางสาวปรียา ผลิตภาพ", "ที่ปรึกษาการเพิ่มผลิตภาพและลดต้นทุน", ["productivity", "diagnosis"]),
]


def promotion_demo(province: Province, rng: random.Random, scale: int) -> dict[str, int]:
    provincial = Office.objects.filter(kind=OfficeKind.PROVINCIAL, provinces=province).first()
    regional = Office.objects.filter(kind=OfficeKind.REGIONAL, provinces=province).first()
    if provincial is None:
        return {}
    offices = [o for o in (provincial, regional) if o is not None]
    catalog_seed(offices=offices)
    seeded = random.Random(f"promotion:{province.code}")
    today = timezone.localdate()
    counts: dict[str, int] = {}
    with transaction.atomic():
        _skills(provincial, regional)
        teams = _teams(provincial, regional)
        counts["service_requests"] = _requests(province, offices, seeded, today, scale)
    counts["planned_visits"] = _plan(provincial, teams, today)
    with transaction.atomic():
        fund = _funds(province, provincial, regional, today)
        counts["trainings"] = _training(provincial, regional, fund, today)
        counts["projects"] = _projects(provincial, regional, fund, today)
    counts["teams"] = len(teams)
    return counts


def _users(prefix: str) -> list[User]:
    return list(User.objects.filter(username__startswith=prefix).order_by("username"))


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
    for i, user in enumerate(_users(f"staff.{provincial.code.lower()}.")):
        plan[user.username] = provincial_sets[i % len(provincial_sets)]
    if regional is not None:
        for i, user in enumerate(_users(f"staff.{regional.code.lower()}.")):
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
        members = _users(f"staff.{office.code.lower()}.")
        for g, group in enumerate(WorkingGroup.objects.filter(office=office).order_by("code")):
            group.members.add(*members[g::3])


def _teams(provincial: Office, regional: Office | None) -> list[Team]:
    """Two joint teams of the provincial office, each with officers of the regional center."""
    p_staff = _users(f"staff.{provincial.code.lower()}.")
    r_staff = _users(f"staff.{regional.code.lower()}.") if regional else []
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
    from django.conf import settings

    given = plan_input(
        plan,
        speed_kmh=settings.SAPHAN_PROMOTION_SPEED_KMH,
        road_factor=settings.SAPHAN_PROMOTION_ROAD_FACTOR,
    )
    travel, source = travel_source()
    result = solve(given.problem, travel=travel, time_limit_s=60)
    Plan.objects.filter(pk=plan.pk).update(distance_source=source)
    return plan_result_save(plan=plan, given=given, result=result).visits_count


def _funds(province: Province, provincial: Office, regional: Office | None, today: dt.date) -> Fund:
    year = fiscal_year_of(today)
    owner = regional or provincial
    north = province.code in UPPER_NORTH
    name = (
        "กองทุนประชารัฐ ภาคเหนือตอนบน"
        if north
        else f"กองทุนประชารัฐ {owner.name_th.split(' (')[0].replace('ศูนย์ส่งเสริมอุตสาหกรรม', '')}"
    )
    fund, created = Fund.objects.get_or_create(
        office=owner,
        name=name,
        fiscal_year=year,
        defaults={
            "source": FundSource.PRACHARATH,
            "amount": Decimal("13000000.00") if north else Decimal("8500000.00"),
            "source_note": "งบประมาณกองทุนประชารัฐเพื่อการส่งเสริมอุตสาหกรรมภูมิภาค",
        },
    )
    Fund.objects.get_or_create(
        office=provincial,
        name="งบประมาณส่งเสริมผู้ประกอบการประจำปี",
        fiscal_year=year,
        defaults={"source": FundSource.ANNUAL, "amount": Decimal("1200000.00")},
    )
    if not created:
        return fund
    start = today - dt.timedelta(days=60)
    training = Activity.objects.create(
        fund=fund,
        name="อบรมเจ้าหน้าที่ สอจ. ด้านการออกแบบผลิตภัณฑ์และบรรจุภัณฑ์",
        description="ตามข้อสั่งการผู้ตรวจราชการ: ให้เจ้าหน้าที่ให้บริการออกแบบได้ทั่วถึง",
        starts_on=start,
        ends_on=start + dt.timedelta(days=90),
    )
    ict = Activity.objects.create(
        fund=fund,
        name="ให้บริการ ICT แก่ SMEs และวิสาหกิจชุมชน",
        starts_on=start,
        ends_on=start + dt.timedelta(days=180),
    )
    lines = {
        "trainers": BudgetLine.objects.create(
            activity=training, name="ค่าวิทยากร", planned=Decimal("180000")
        ),
        "venue": BudgetLine.objects.create(
            activity=training, name="ค่าสถานที่และอาหาร", planned=Decimal("240000")
        ),
        "materials": BudgetLine.objects.create(
            activity=training, name="ค่าวัสดุฝึกอบรม", planned=Decimal("60000")
        ),
        "consult": BudgetLine.objects.create(
            activity=ict, name="ค่าที่ปรึกษา ICT", planned=Decimal("450000")
        ),
    }
    approver = User.objects.filter(username="demo.department").first()
    c1 = Commitment.objects.create(
        line=lines["trainers"],
        on=start + dt.timedelta(days=5),
        amount=Decimal("180000"),
        description="สัญญาจ้างวิทยากร",
        reference="สญ. 12/2568",
        created_by=approver,
    )
    Spending.objects.create(
        line=lines["trainers"],
        commitment=c1,
        on=start + dt.timedelta(days=40),
        amount=Decimal("90000"),
        description="จ่ายงวดที่ 1",
        reference="บจ. 0451",
        created_by=approver,
    )
    Spending.objects.create(
        line=lines["venue"],
        on=start + dt.timedelta(days=38),
        amount=Decimal("231500"),
        description="ค่าห้องประชุมและอาหาร 3 วัน",
        created_by=approver,
    )
    over = Spending.objects.create(
        line=lines["materials"],
        on=start + dt.timedelta(days=38),
        amount=Decimal("68400"),
        description="ชุดอุปกรณ์ออกแบบ 40 ชุด",
        created_by=approver,
    )
    if approver is not None:
        BudgetOverride.objects.create(
            fund=fund,
            line=lines["materials"],
            kind=OverrideKind.SPENDING,
            amount=over.amount,
            over_by=Decimal("8400"),
            spending=over,
            approved_by=approver,
            reason="ผู้เข้าอบรมเพิ่มจาก 30 เป็น 40 คนตามคำขอของ สอจ. ในภาค",
        )
    Commitment.objects.create(
        line=lines["consult"],
        on=start + dt.timedelta(days=20),
        amount=Decimal("420000"),
        description="จ้างที่ปรึกษาระบบขายออนไลน์",
        reference="สญ. 19/2568",
        created_by=approver,
    )
    return fund


def _training(provincial: Office, regional: Office | None, fund: Fund, today: dt.date) -> int:
    organiser = regional or provincial
    activity = fund.activities.order_by("id").first()
    topic = "การออกแบบผลิตภัณฑ์และบรรจุภัณฑ์สำหรับเจ้าหน้าที่สำนักงานอุตสาหกรรมจังหวัด"
    if TrainingEvent.objects.filter(office=organiser, topic=topic).exists():
        return TrainingEvent.objects.filter(office=organiser).count()
    skills = {s.code: s for s in Skill.objects.all()}
    past = TrainingEvent.objects.create(
        office=organiser,
        topic=topic,
        skill=skills.get("packaging_design"),
        activity=activity,
        starts_on=today - dt.timedelta(days=24),
        ends_on=today - dt.timedelta(days=22),
        place="ห้องประชุม ศูนย์ส่งเสริมอุตสาหกรรมภาค",
        hours=18,
        trainers="บริษัท ดีไซน์ลานนา จำกัด; นายวิชัย ศิลปกร",
    )
    TrainingEvent.objects.create(
        office=organiser,
        topic="ICT เพื่อการค้าออนไลน์ของวิสาหกิจชุมชน",
        skill=skills.get("ict"),
        activity=fund.activities.order_by("id").last(),
        starts_on=today + dt.timedelta(days=20),
        ends_on=today + dt.timedelta(days=21),
        place="โรงแรมในจังหวัด",
        hours=12,
        trainers="บริษัท สมาร์ทเอสเอ็มอี คอนซัลติ้ง จำกัด",
    )
    people = _users(f"staff.{provincial.code.lower()}.")[1:6]
    year = past.ends_on.year + BE_OFFSET
    for n, user in enumerate(people, start=1):
        attended = n != 5
        Participant.objects.create(
            event=past,
            user=user,
            office=provincial,
            attended=attended,
            certificate_no=f"{organiser.code}-{year}-{past.pk:04d}-{n:03d}" if attended else "",
            certified_on=past.ends_on if attended else None,
        )
        if attended and past.skill is not None:
            OfficerSkill.objects.get_or_create(
                user=user,
                skill=past.skill,
                defaults={"source": SkillSource.TRAINING, "since": past.ends_on},
            )
    return 2


def _projects(provincial: Office, regional: Office | None, fund: Fund, today: dt.date) -> int:
    owner = regional or provincial
    year = fiscal_year_of(today)
    if Project.objects.filter(office=owner, fiscal_year=year).exists():
        return Project.objects.filter(office=owner, fiscal_year=year).count()
    skills = {s.code: s for s in Skill.objects.all()}
    consultants = []
    for name, expertise, codes in CONSULTANTS:
        consultant, _ = Consultant.objects.get_or_create(
            name=name, defaults={"expertise": expertise, "office": owner}
        )
        consultant.skills.set([skills[c] for c in codes if c in skills])
        consultants.append(consultant)
    staff = _users(f"staff.{owner.code.lower()}.")[1:4]
    specs = [
        (
            "ยกระดับผลิตภัณฑ์ชุมชนสู่มาตรฐาน มผช.",
            [
                ("กำหนดสถานที่และประสานกลุ่มเป้าหมาย", Doer.STAFF, None, 40, "15000"),
                ("พิธีเปิดและบริหารจัดการภาพรวม", Doer.STAFF, None, 24, "8000"),
                ("วิทยากรและวินิจฉัยรายกลุ่ม", Doer.CONSULTANT, 0, 60, "210000"),
                ("ให้คำปรึกษาเชิงลึกรายกลุ่ม", Doer.CONSULTANT, 1, 36, "90000"),
            ],
        ),
        (
            "พัฒนาระบบขายออนไลน์ให้ SMEs (จ้างเหมาทั้งโครงการ)",
            [
                ("จัดอบรมและประสานงานทั้งหมด", Doer.CONSULTANT, 2, 120, "380000"),
                ("พัฒนาเว็บไซต์และร้านค้าออนไลน์", Doer.CONSULTANT, 2, 160, "420000"),
                ("ตรวจรับงาน", Doer.STAFF, None, 8, "0"),
            ],
        ),
        (
            "เพิ่มผลิตภาพโรงงานแปรรูปอาหาร",
            [
                ("คัดเลือกสถานประกอบการและลงพื้นที่", Doer.STAFF, None, 60, "30000"),
                ("วินิจฉัยและให้คำปรึกษาการลดของเสีย", Doer.CONSULTANT, 3, 80, "160000"),
                ("ติดตามผลและสรุปโครงการ", Doer.STAFF, None, 40, "5000"),
            ],
        ),
    ]
    activity = fund.activities.order_by("id").first()
    for name, tasks in specs:
        project = Project.objects.create(
            office=owner, name=name, fiscal_year=year, activity=activity
        )
        for c_index in {t[2] for t in tasks if t[2] is not None}:
            ConsultantContract.objects.get_or_create(
                consultant=consultants[c_index],
                project=project,
                number=f"จ.{year}/{project.pk:03d}-{c_index + 1}",
                defaults={
                    "signed_on": today - dt.timedelta(days=30),
                    "fee": sum(Decimal(t[4]) for t in tasks if t[2] == c_index),
                },
            )
        for task_name, doer, doer_index, hours, cost in tasks:
            task = ProjectTask.objects.create(
                project=project,
                name=task_name,
                done_by=doer,
                consultant=consultants[doer_index] if doer_index is not None else None,
                effort_hours=hours,
                cost=Decimal(cost),
            )
            if doer == Doer.STAFF:
                task.staff.set(staff)
    return len(specs)
