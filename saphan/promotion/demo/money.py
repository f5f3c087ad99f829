"""Demo funds, training and projects: the Pracharath fund (the 13-million-baht fund of the upper
north when the demo province is there, else a regional one) with commitments, spending and one
override; a past training with certificates and an upcoming one; three projects with staff and
consultants (one flagged as outsourced)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from saphan.core.models import Office, Province, User
from saphan.core.thai import BE_OFFSET
from saphan.promotion.models import (
    Activity,
    BudgetLine,
    BudgetOverride,
    Commitment,
    Consultant,
    ConsultantContract,
    Doer,
    Fund,
    FundSource,
    OfficerSkill,
    OverrideKind,
    Participant,
    Project,
    ProjectTask,
    Skill,
    SkillSource,
    Spending,
    TrainingEvent,
)
from saphan.promotion.selectors.demand import fiscal_year_of

UPPER_NORTH = {"50", "57", "52", "51", "58", "55", "56", "54"}
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


def users_like(prefix: str) -> list[User]:
    """Demo staff by the start of their username, in order."""
    return list(User.objects.filter(username__startswith=prefix).order_by("username"))


def funds_demo(
    province: Province, provincial: Office, regional: Office | None, today: dt.date
) -> Fund:
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


def training_demo(provincial: Office, regional: Office | None, fund: Fund, today: dt.date) -> int:
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
    people = users_like(f"staff.{provincial.code.lower()}.")[1:6]
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


def projects_demo(provincial: Office, regional: Office | None, fund: Fund, today: dt.date) -> int:
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
    staff = users_like(f"staff.{owner.code.lower()}.")[1:4]
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
