"""Demo subcontracting for `saphan demo`: groups of the registry demo with members, machines and
weeks off; companies willing to give work; offers (one paying below the minimum wage, one from
a group: batik); a past season with lots, receipts, payments and groups at risk; a current run,
published, one lot accepted; and two outside accounts, demo.group and demo.company.

Deterministic (seeded by the province) and idempotent: once the demo's offers exist, running it
again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from saphan.core.demo import DEMO_PASSWORD, DemoLogin
from saphan.core.models import Province, User
from saphan.registry.models import Establishment, SourceKind
from saphan.registry.services import representative_add
from saphan.subcontracting import weeks
from saphan.subcontracting.models import (
    AllocationRun,
    CompanyProfile,
    GroupProfile,
    Lot,
    LotStatus,
    Machine,
    MachineCondition,
    Member,
    OfferStatus,
    RunOffer,
    RunStatus,
    Unavailability,
    WorkOffer,
)
from saphan.subcontracting.services import allocation, ledger, lots, offers

FIRST = ["สมศรี", "มาลี", "บุญเรือน", "จันทร์เพ็ญ", "ละเอียด", "สุนีย์", "ประไพ", "ทองใบ", "อำไพ",
         "วันเพ็ญ", "ราตรี", "สายสุนีย์", "กาญจนา", "นงลักษณ์", "บุษบา", "ดวงใจ"]  # fmt: skip
LAST = ["ใจดี", "ทองคำ", "แก้วมณี", "บุญมา", "ศรีสุข", "พรหมมา", "สายทอง", "ชัยมงคล"]
OCCUPATIONS = [
    ("กรีดยาง", Decimal("320")), ("ทำสวนทุเรียน", Decimal("400")), ("ทำสวนปาล์ม", Decimal("350")),
    ("ประมงพื้นบ้าน", Decimal("380")), ("รับจ้างทั่วไป", Decimal("300")), ("ค้าขาย", Decimal("280")),
]  # fmt: skip
SKILL_SETS = [
    ["lockstitch_seam", "overlock_seam", "coverstitch_hem"],
    ["lockstitch_seam", "overlock_seam", "buttonhole", "button_attach"],
    ["lockstitch_seam", "hand_finishing", "batik"],
    ["overlock_seam", "coverstitch_hem", "inspection_packing"],
]
GROUPS = 8
DEMO_TITLES = ("เสื้อยืดคอกลม", "เสื้อโปโลพนักงาน", "ชุดนักเรียน", "ผ้าบาติกตัดเย็บ", "ผ้ากันเปื้อน")


def subcontracting_demo(province: Province, rng: random.Random, scale: int) -> dict[str, Any]:
    """Hook for `saphan demo`: returns counts and the demo's outside accounts."""
    seeded = random.Random(f"subcontracting:{province.code}")
    groups = list(
        Establishment.objects.filter(
            province=province, kind__in=("group", "enterprise"), source_kind=SourceKind.DEMO,
            merged_into__isnull=True, latitude__isnull=False,
        ).order_by("pk")[:GROUPS]
    )  # fmt: skip
    companies = list(
        Establishment.objects.filter(
            province=province, kind="business", source_kind=SourceKind.DEMO,
            merged_into__isnull=True, latitude__isnull=False,
        ).order_by("pk")[:3]
    )  # fmt: skip
    officer = User.objects.filter(username="demo.officer").first()
    manager = User.objects.filter(username="demo.manager").first()
    if len(groups) < 4 or not companies or officer is None or manager is None:
        return {"subcontracting_groups": 0}
    already = WorkOffer.objects.filter(party__in=[*companies, groups[0]], title__in=DEMO_TITLES)
    if not already.exists():
        _create(province, seeded, groups, companies, officer)
    logins = _logins(manager, groups[0], companies[0])
    return {
        "subcontracting_groups": GroupProfile.objects.filter(establishment__in=groups).count(),
        "subcontracting_offers": WorkOffer.objects.filter(province=province).count(),
        "subcontracting_lots": Lot.objects.filter(run__province=province).count(),
        "logins": logins,
    }


def _logins(manager: User, group: Establishment, company: Establishment) -> list[DemoLogin]:
    out = []
    for username, est in (("demo.group", group), ("demo.company", company)):
        representative_add(
            user=manager, establishment=est, username=username, first_name=est.name_th[:30],
            password=DEMO_PASSWORD, position="ผู้ประสานงาน",
        )  # fmt: skip
        out.append(DemoLogin(username, "outside", est.name_th))
    return out


@transaction.atomic
def _create(
    province: Province,
    rng: random.Random,
    groups: list[Establishment],
    companies: list[Establishment],
    officer: User,
) -> None:
    today = timezone.localdate()
    for i, group in enumerate(groups):
        _group(group, rng, i, today)
    for company in companies:
        CompanyProfile.objects.get_or_create(
            establishment=company,
            defaults={
                "willing": True, "signed_on": today - dt.timedelta(days=120),
                "signed_by": "ฝ่ายผลิต", "products": "เสื้อยืด เสื้อโปโล ชุดนักเรียน",
            },
        )  # fmt: skip
    _past_season(province, rng, groups, companies, officer, today)
    _current(province, groups, companies, officer, today)


def _group(group: Establishment, rng: random.Random, index: int, today: dt.date) -> None:
    intent = index != GROUPS - 1  # the last one has not signed yet: not ready
    GroupProfile.objects.get_or_create(
        establishment=group,
        defaults={
            "intent_signed_on": today - dt.timedelta(days=200 + 10 * index) if intent else None,
            "intent_signed_by": f"นาง{rng.choice(FIRST)} {rng.choice(LAST)} (ประธานกลุ่ม)"
            if intent
            else "",
            "intent_note": "กลุ่มยินดีรับงานตัดเย็บจากบริษัทและจากกลุ่มอื่น",
            "work_place": "ศาลาประชาคมหมู่บ้าน",
            "availability_checked_on": today - dt.timedelta(days=30),
        },
    )
    skills = SKILL_SETS[index % len(SKILL_SETS)]
    members = []
    for m in range(rng.randint(7, 18)):
        occupation, income = rng.choice(OCCUPATIONS)
        members.append(
            Member(
                group=group,
                full_name=f"นาง{rng.choice(FIRST)} {rng.choice(LAST)}",
                skills=rng.sample(skills, k=rng.randint(1, len(skills))) if m else skills,
                main_occupation=occupation,
                main_income_baht_per_day=income,
                hours_per_day=Decimal(rng.choice([4, 5, 6, 6, 8])),
                days_per_week=Decimal(rng.choice([5, 5, 6])),
                consent_on=today - dt.timedelta(days=190),
            )
        )
    Member.objects.bulk_create(members)
    machines = {"lockstitch": rng.randint(4, 10)}
    if "overlock_seam" in skills:
        machines["overlock"] = rng.randint(2, 6)
    if "coverstitch_hem" in skills:
        machines["coverstitch"] = rng.randint(1, 3)
    if "buttonhole" in skills:
        machines["buttonhole"] = 1
        machines["button_sewer"] = 1
    for kind, count in machines.items():
        Machine.objects.create(group=group, machine_type=kind, count=count)
    Machine.objects.create(
        group=group, machine_type="lockstitch", count=1, condition=MachineCondition.BROKEN,
        note="มอเตอร์เสีย",
    )  # fmt: skip
    if index % 3 == 1:  # durian harvest
        start = today + dt.timedelta(days=21 + index)
        Unavailability.objects.create(
            group=group, starts_on=start, ends_on=start + dt.timedelta(days=10), reason="harvest",
            note="เก็บทุเรียน",
        )  # fmt: skip


def _past_season(
    province: Province,
    rng: random.Random,
    groups: list[Establishment],
    companies: list[Establishment],
    officer: User,
    today: dt.date,
) -> None:
    """Eight to three weeks ago: a closed order of aprons, lots sewn, received and paid — with
    one group late and rejecting much, one that declined twice, one that left."""
    week1 = weeks.week_one(today - dt.timedelta(days=62))
    offer = offers.offer_create(
        user=officer,
        party=companies[0],
        data={
            "title": "ผ้ากันเปื้อน", "style_code": "AP-01", "pieces": 2400,
            "piece_rate_baht": Decimal("18"), "release_on": week1,
            "due_on": weeks.week_end(week1, 4), "min_lot_pieces": 200, "max_groups": 5,
            "materials_supplied": "ผ้าตัดเป็นชิ้น ด้าย ป้าย", "pickup_point": "โรงงานบริษัท",
        },
        operations=[_op("เย็บประกอบ", "lockstitch_seam", "lockstitch", "6")],
    )  # fmt: skip
    offers.offer_post(user=officer, offer=offer)
    run = AllocationRun.objects.create(
        province=province, week1_on=week1, horizon_weeks=4, status=RunStatus.PUBLISHED,
        engine_status="optimal", created_by=officer, published_by=officer,
        published_at=timezone.now() - dt.timedelta(days=60),
    )  # fmt: skip
    RunOffer.objects.create(run=run, offer=offer, pieces=2400)
    plan = [
        (groups[0], 600),
        (groups[1], 600),
        (groups[2], 500),
        (groups[3], 400),
        (groups[4], 300),
    ]
    for n, (group, pieces) in enumerate(plan):
        per_week = pieces // 4
        schedule = [
            {"week": w, "pieces": per_week + (pieces - 4 * per_week if w == 4 else 0),
             "starts_on": weeks.week_start(week1, w).isoformat(),
             "ends_on": weeks.week_end(week1, w).isoformat()}
            for w in range(1, 5)
        ]  # fmt: skip
        lot = Lot.objects.create(
            run=run, offer=offer, group=group, pieces=pieces, schedule=schedule,
            finish_on=weeks.week_end(week1, 4), due_on=offer.due_on,
            earnings_per_hour=Decimal("63.00"),  # 18 × 60 × 0.35 ÷ 6
            planning_efficiency=Decimal("0.35"), floor_per_hour=Decimal("43.88"),
            utilisation=Decimal("0.8"), km=Decimal(rng.randint(3, 40)),
            status=LotStatus.OFFERED, offered_at=timezone.now() - dt.timedelta(days=60),
        )  # fmt: skip
        if n == 4:  # declined, twice: the durian season, then the pay
            lot.status = LotStatus.DECLINED
            lot.decline_reason = "ช่วงเก็บทุเรียน สมาชิกไม่ว่าง"
            lot.decided_at = timezone.now() - dt.timedelta(days=58)
            lot.save()
            lot.pk = None
            lot.decline_reason = "ค่าจ้างต่อชิ้นน้อยกว่ากรีดยาง"
            lot.decided_at = timezone.now() - dt.timedelta(days=40)
            lot.save()
            continue
        lot = lots.lot_accept(user=officer, lot=lot)
        ledger.material_record(
            user=officer, lot=lot, kind="issued", moved_on=week1, pieces=pieces + 10,
            description="ชิ้นผ้าตัดพร้อมเย็บ",
        )  # fmt: skip
        late, rejects = (n == 3), (80 if n == 3 else rng.randint(2, 12))
        # A delivery each Saturday of its weekly tranche; the late group brings the last two
        # weeks' pieces in one batch nine days after the due date.
        deliveries = [
            (dt.date.fromisoformat(str(t["ends_on"])) - dt.timedelta(days=1), int(str(t["pieces"])))
            for t in schedule
        ]
        if late:
            deliveries = [
                *deliveries[:2],
                (offer.due_on + dt.timedelta(days=9), sum(n for _, n in deliveries[2:])),
            ]
        left = rejects
        for k, (day, sewn) in enumerate(deliveries):
            rejected = left if k == len(deliveries) - 1 else min(left, rejects // len(deliveries))
            left -= rejected
            ledger.receipt_record(
                user=officer, lot=lot, received_on=day, accepted=sewn - rejected,
                rejected=rejected, reasons="ตะเข็บไม่ตรง ด้ายหลุด" if rejected else "",
                member_hours=Decimal(sewn * 6 / 60 / rng.uniform(0.36, 0.42)).quantize(
                    Decimal("0.1")
                ),
            )  # fmt: skip
        second_day = deliveries[-1][0]
        ledger.material_record(
            user=officer, lot=lot, kind="returned", moved_on=second_day, pieces=10,
            description="ชิ้นผ้าเหลือ",
        )  # fmt: skip
        accepted_value = (pieces - rejects) * offer.piece_rate_baht
        if n != 2:  # one group still waits for its money
            payment = ledger.payment_record(
                user=officer, lot=lot, paid_on=min(today, second_day + dt.timedelta(days=7)),
                amount_baht=accepted_value, method="transfer",
                reference=f"TRF{rng.randint(1000, 9999)}",
            )  # fmt: skip
            members = list(Member.objects.filter(group=group).order_by("pk")[:5])
            ledger.payment_shares_set(
                user=officer, payment=payment, basis="pieces",
                quantities={m.pk: Decimal(rng.randint(40, 120)) for m in members},
            )  # fmt: skip
        lots.lot_complete(user=officer, lot=lot)
    WorkOffer.objects.filter(pk=offer.pk).update(status=OfferStatus.CLOSED)
    # The fifth group declined an earlier lot too, and the sixth left the programme.
    GroupProfile.objects.filter(establishment=groups[5]).update(
        left_on=today - dt.timedelta(days=20), left_reason="รายได้น้อยกว่ากรีดยาง"
    )


def _current(
    province: Province,
    groups: list[Establishment],
    companies: list[Establishment],
    officer: User,
    today: dt.date,
) -> None:
    week1 = weeks.week_one(today)
    shirts = [
        _op("เย็บไหล่และข้าง", "overlock_seam", "overlock", "3"),
        _op("เย็บชายและแขน", "coverstitch_hem", "coverstitch", "1.5"),
        _op("ติดคอและป้าย", "lockstitch_seam", "lockstitch", "1"),
    ]
    polo = [
        _op("เย็บประกอบตัว", "lockstitch_seam", "lockstitch", "9"),
        _op("เย็บข้าง", "overlock_seam", "overlock", "3"),
        _op("เจาะรังดุม", "buttonhole", "buttonhole", "0.8"),
        _op("ติดกระดุม", "button_attach", "button_sewer", "0.6"),
    ]
    batik = [
        _op("เย็บริมผ้าบาติก", "lockstitch_seam", "lockstitch", "4"),
        _op("ตัดเก็บด้าย", "hand_finishing", "hand", "2"),
    ]
    posted = [
        (companies[0], "เสื้อยืดคอกลม", "TS-24", 3000, "12.50", shirts, 3, 4, 300),
        (
            companies[min(1, len(companies) - 1)],
            "เสื้อโปโลพนักงาน",
            "PL-07",
            800,
            "38",
            polo,
            4,
            2,
            200,
        ),
        (groups[0], "ผ้าบาติกตัดเย็บ", "BT-02", 400, "14", batik, 3, 2, 100),
    ]
    for party, title, code, pieces, rate, ops, due_week, max_groups, min_lot in posted:
        offer = offers.offer_create(
            user=officer, party=party,
            data={
                "title": title, "style_code": code, "pieces": pieces,
                "piece_rate_baht": Decimal(rate), "release_on": week1,
                "due_on": weeks.week_end(week1, due_week), "min_lot_pieces": min_lot,
                "max_groups": max_groups, "materials_supplied": "ชิ้นผ้าตัดและด้าย",
                "pickup_point": "หน้าสำนักงานอุตสาหกรรมจังหวัด",
                "quality_spec": "ตะเข็บ 10–12 เข็มต่อนิ้ว ไม่มีด้ายหลุด",
            },
            operations=ops,
        )  # fmt: skip
        offers.offer_post(user=officer, offer=offer)
    # School uniforms at a rate below the minimum wage: the poster sees why it is refused.
    low = offers.offer_create(
        user=officer, party=companies[-1],
        data={"title": "ชุดนักเรียน", "style_code": "SU-01", "pieces": 500,
              "piece_rate_baht": Decimal("12"), "release_on": week1,
              "due_on": weeks.week_end(week1, 3), "min_lot_pieces": 100, "max_groups": 2},
        operations=[_op("เย็บประกอบ", "lockstitch_seam", "lockstitch", "18")],
    )  # fmt: skip
    offers.offer_post(user=officer, offer=low)
    run = allocation.run_start(user=officer, province_code=province.code, week1_on=week1)
    if run.status == RunStatus.PROPOSED and run.lots.exists():
        allocation.run_publish(user=officer, run=run)
        first = run.lots.exclude(group=groups[0]).order_by("pk").first()
        if first is not None:
            accepted = lots.lot_accept(user=officer, lot=first)
            lots.lot_progress(
                user=officer, lot=accepted, reported_on=today, pieces_done=min(40, accepted.pieces),
                member_hours=Decimal("30"), note="เริ่มเย็บแล้ว",
            )  # fmt: skip


def _op(name: str, skill: str, machine: str, sam: str) -> dict[str, Any]:
    return {"name": name, "skill": skill, "machine_type": machine, "sam_minutes": Decimal(sam)}
