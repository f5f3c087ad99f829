"""Deterministic demo complaints for the demo province: every state and closure, some overdue,
duplicates, followers, inspections with measurements (within, above, no standard), orders and
follow-ups, ratings. Running it again adds nothing (each case has a fixed tracking code)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from saphan.complaints.models import (
    CLOSED_STATES,
    OPEN_STATES,
    Assignment,
    Category,
    Channel,
    Complainant,
    ComplainantRole,
    Complaint,
    EventKind,
    Explainer,
    Frequency,
    Inspection,
    InspectionKind,
    LocationSource,
    Measurement,
    Order,
    OrderStatus,
    Rating,
    ReferralLevel,
    Status,
    TimeOfDay,
)
from saphan.complaints.services.common import (
    CODE_ALPHABET,
    coarsen,
    event_add,
    office_of_province,
    period_start,
)
from saphan.complaints.services.episodes import episode_attach
from saphan.complaints.services.keys import new_salt
from saphan.core.models import Province, User

# (final state, how many per scale unit)
PLAN = [
    (Status.RECEIVED, 4),
    (Status.ACKNOWLEDGED, 3),
    (Status.INVESTIGATING, 5),
    (Status.INSPECTED, 3),
    (Status.ACTION_ORDERED, 4),
    (Status.RESOLVED, 8),
    (Status.NOT_SUBSTANTIATED, 3),
    (Status.NOT_FACTORY_SOURCE, 4),
    (Status.REFERRED, 2),
    (Status.DUPLICATE, 2),
]
WORDS: dict[str, list[str]] = {
    Category.DUST: [
        "ฝุ่นจากโรงงานลอยมาเกาะบ้านทุกเช้า",
        "ควันดำจากปล่องตอนกลางคืน",
        "ฝุ่นหินจากรถขนแร่ฟุ้งตลอดถนน",
        "หมอกควันหนาจนมองไม่เห็นฝั่งตรงข้าม",
    ],
    Category.ODOUR: ["กลิ่นเหม็นน้ำเสียจากบ่อพักของโรงงานปาล์ม", "กลิ่นยางเหม็นไหม้ช่วงเย็น"],
    Category.NOISE: ["เสียงเครื่องจักรดังตลอดคืน", "เสียงระเบิดหินตอนกลางวัน"],
    Category.WASTEWATER: ["น้ำเสียสีดำไหลลงคลองหลังโรงงาน", "ปลาตายในลำห้วยใกล้โรงงาน"],
    Category.SOLID_WASTE: ["กากของเสียกองริมถนนส่งกลิ่น"],
    Category.VIBRATION: ["บ้านสั่นเวลาระเบิดหินที่เหมือง"],
    Category.OTHER: ["แสงไฟจ้าส่องเข้าบ้านตลอดคืน"],
}
CATEGORY_WEIGHTS: list[tuple[Any, int]] = [
    (Category.DUST, 5),
    (Category.ODOUR, 3),
    (Category.NOISE, 2),
    (Category.WASTEWATER, 2),
    (Category.SOLID_WASTE, 1),
    (Category.VIBRATION, 1),
    (Category.OTHER, 1),
]
NAMES = ["สมปอง รักถิ่น", "มานี ใจงาม", "ประยูร ทองดี", "วันเพ็ญ สุขใจ", "บุญเลิศ มีสุข"]


@dataclass
class _Spec:
    code: str
    final: str
    category: str
    time_of_day: str
    frequency: str
    days_ago: int
    establishment: Any
    with_contact: bool
    supporters: int


def _code(rng: random.Random) -> str:
    raw = "".join(rng.choice(CODE_ALPHABET) for _i in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def _weighted(rng: random.Random, pairs: list[tuple[Any, int]]) -> str:
    return rng.choices([p for p, _w in pairs], weights=[w for _p, w in pairs])[0]


def complaints_demo(province: Province, _rng: random.Random, scale: int) -> dict[str, int]:
    from saphan.registry.models import Establishment

    rng = random.Random(f"complaints:{province.code}:{scale}")
    sources = list(
        Establishment.objects.filter(
            province=province, kind__in=["factory", "mine"], merged_into__isnull=True
        ).order_by("id")[: 40 * scale]
    )
    officer = User.objects.filter(username="demo.officer").first()
    manager = User.objects.filter(username="demo.manager").first()
    specs: list[_Spec] = []
    for final, per_unit in PLAN:
        for _i in range(per_unit * scale):
            closed = final in CLOSED_STATES
            specs.append(
                _Spec(
                    code=_code(rng),
                    final=final,
                    category=Category.DUST
                    if final == Status.NOT_FACTORY_SOURCE
                    else _weighted(rng, CATEGORY_WEIGHTS),
                    time_of_day=rng.choice(TimeOfDay.values),
                    frequency=rng.choice(Frequency.values),
                    days_ago=rng.randint(60, 330) if closed else rng.randint(1, 30),
                    establishment=rng.choice(sources) if sources and rng.random() < 0.85 else None,
                    with_contact=rng.random() < 0.75,
                    supporters=rng.choice([0, 0, 1, 2, 4]),
                )
            )
    existing = set(
        Complaint.objects.filter(code__in=[s.code for s in specs]).values_list("code", flat=True)
    )
    created = inspections = measurements = orders = 0
    explainer = Explainer.objects.filter(slug="pm25-haze-and-stack-dust").first()
    main_by_category: dict[str, Complaint] = {}
    for spec in specs:
        if spec.code in existing:
            continue
        with transaction.atomic():
            counts = _make(spec, province, rng, officer, manager, explainer, main_by_category)
        created += 1
        inspections += counts[0]
        measurements += counts[1]
        orders += counts[2]
    return {
        "complaints": created,
        "complaint_inspections": inspections,
        "complaint_measurements": measurements,
        "complaint_orders": orders,
    }


def _point(spec: _Spec, rng: random.Random) -> tuple[Decimal | None, Decimal | None]:
    est = spec.establishment
    if est is None or est.latitude is None or est.longitude is None:
        return None, None
    # The complainant lives some hundreds of metres from the source.
    return (
        Decimal(str(round(float(est.latitude) + rng.uniform(-0.012, 0.012), 6))),
        Decimal(str(round(float(est.longitude) + rng.uniform(-0.012, 0.012), 6))),
    )


def _make(
    spec: _Spec,
    province: Province,
    rng: random.Random,
    officer: Any,
    manager: Any,
    explainer: Any,
    main_by_category: dict[str, Complaint],
) -> tuple[int, int, int]:
    now = timezone.now()
    at = now - dt.timedelta(days=spec.days_ago, hours=rng.randint(0, 10))
    lat, lon = _point(spec, rng)
    est = spec.establishment
    complaint = Complaint.objects.create(
        code=spec.code,
        category=spec.category,
        description=rng.choice(WORDS[spec.category])
        + " "
        + rng.choice(["เป็นมาหลายเดือนแล้ว", "เด็กในบ้านไอบ่อย", "อยากให้มาตรวจ", "แจ้งผู้ใหญ่บ้านแล้ว"]),
        time_of_day=spec.time_of_day,
        frequency=spec.frequency,
        latitude=lat,
        longitude=lon,
        public_lat=coarsen(lat),
        public_lon=coarsen(lon),
        location_source=LocationSource.PIN if lat is not None else LocationSource.ADDRESS,
        province=province,
        district_id=est.district_id if est else None,
        subdistrict_id=est.subdistrict_id if est else None,
        office=office_of_province(province),
        establishment=est,
        channel=Channel.DEMO,
        received_at=at,
    )
    period_start(complaint, Status.RECEIVED, at)
    if est is not None:
        episode_attach(complaint)
    complaint.save()
    Complainant.objects.create(
        complaint=complaint,
        role=ComplainantRole.REPORTER,
        name=rng.choice(NAMES) if spec.with_contact else "",
        phone=f"08{rng.randint(10000000, 99999999)}" if spec.with_contact else "",
        email=f"resident{rng.randint(100, 999)}@demo.saphan.local" if spec.with_contact else "",
        key_salt=new_salt(),
        created_at=at,
    )
    for i in range(spec.supporters):
        Complainant.objects.create(
            complaint=complaint,
            role=ComplainantRole.SUPPORTER,
            key_salt=new_salt(),
            created_at=at + dt.timedelta(days=i + 1),
        )
    event_add(complaint, EventKind.RECEIVED, public=True, at=at, notify=False)
    if officer is not None:
        Assignment.objects.get_or_create(
            complaint=complaint, user=officer, defaults={"assigned_by": manager, "assigned_at": at}
        )
    counts = [0, 0, 0]
    final = spec.final
    path = list(OPEN_STATES[1 : OPEN_STATES.index(final) + 1]) if final in OPEN_STATES else []
    if final in CLOSED_STATES:
        reach: str = {
            Status.RESOLVED: Status.ACTION_ORDERED,
            Status.NOT_SUBSTANTIATED: Status.INSPECTED,
            Status.NOT_FACTORY_SOURCE: Status.INSPECTED,
            Status.REFERRED: Status.ACKNOWLEDGED,
            Status.DUPLICATE: Status.RECEIVED,
        }[Status(final)]
        path = list(OPEN_STATES[1 : OPEN_STATES.index(reach) + 1])
    # Officers sometimes run late: an open case may wait past its deadline.
    step_days = [rng.choice([1, 1, 2, 3, 5]) for _s in path]
    moment = at
    elapsed_cap = max(1, spec.days_ago - 1)
    for state, days in zip(path, step_days, strict=True):
        moment = min(moment + dt.timedelta(days=days, hours=2), at + dt.timedelta(days=elapsed_cap))
        _move(complaint, state, moment, officer, "", None)
        if state == Status.INSPECTED and est is not None:
            made = _inspection(complaint, est, moment, officer, rng, final)
            counts[0] += 1
            counts[1] += made
        if state == Status.ACTION_ORDERED and est is not None:
            _order(complaint, est, moment, officer, final, at, spec.days_ago)
            counts[2] += 1
    if final in CLOSED_STATES:
        end = min(moment + dt.timedelta(days=rng.randint(3, 20)), now - dt.timedelta(days=1))
        _close(complaint, final, end, officer, explainer, main_by_category)
        if final == Status.RESOLVED and rng.random() < 0.7:
            reporter = complaint.people.filter(role=ComplainantRole.REPORTER).first()
            if reporter is not None:
                Rating.objects.create(
                    complaint=complaint,
                    complainant=reporter,
                    stars=rng.choice([3, 4, 4, 5, 5]),
                    created_at=end,
                )
    elif final in OPEN_STATES:
        main_by_category.setdefault(complaint.category, complaint)
    return counts[0], counts[1], counts[2]


def _move(
    complaint: Complaint, state: str, at: dt.datetime, officer: Any, text: str, explainer: Any
) -> None:
    before = complaint.status
    period_start(complaint, state, at)
    complaint.closed_at = at if state in CLOSED_STATES else None
    complaint.save()
    event_add(
        complaint,
        EventKind.STATE,
        actor=officer,
        public=True,
        text=text,
        explainer=explainer,
        from_state=before,
        to_state=state,
        at=at,
        notify=False,
    )


CLOSING: dict[str, str] = {
    Status.RESOLVED: "สถานประกอบการแก้ไขตามคำสั่งแล้ว เจ้าหน้าที่ตรวจติดตามยืนยันแล้ว",
    Status.NOT_SUBSTANTIATED: ("ตรวจหลายครั้งแล้วไม่พบปัญหาตามที่แจ้ง หากเกิดขึ้นอีกโปรดถ่ายภาพและแจ้งเวลาที่เกิด"),
    Status.NOT_FACTORY_SOURCE: (
        "ฝุ่นและหมอกควันในพื้นที่ส่วนใหญ่มาจากการเผาในที่โล่ง ไม่ใช่จากโรงงาน ได้แจ้งอำเภอและ อปท. แล้ว"
    ),
}


def _close(
    complaint: Complaint,
    final: str,
    at: dt.datetime,
    officer: Any,
    explainer: Any,
    main_by_category: dict[str, Complaint],
) -> None:
    if final == Status.REFERRED:
        before = complaint.status
        period_start(complaint, Status.REFERRED, at)
        complaint.closed_at, complaint.referral_level = at, ReferralLevel.LOCAL
        complaint.save()
        event_add(
            complaint,
            EventKind.REFER,
            actor=officer,
            public=True,
            at=at,
            notify=False,
            text="เป็นเรื่องการเผาขยะในที่ดินเอกชน อยู่ในอำนาจขององค์การบริหารส่วนตำบล",
            from_state=before,
            to_state=Status.REFERRED,
            data={"agency": "องค์การบริหารส่วนตำบล", "level": ReferralLevel.LOCAL},
        )
        return
    if final == Status.DUPLICATE:
        # A duplicate repeats an open case: of its category if there is one, else any.
        keep = main_by_category.get(complaint.category) or next(
            iter(main_by_category.values()), None
        )
        if keep is not None:
            complaint.category = keep.category
        if keep is None:
            _move(
                complaint,
                Status.NOT_SUBSTANTIATED,
                at,
                officer,
                CLOSING[Status.NOT_SUBSTANTIATED],
                None,
            )
            return
        before = complaint.status
        period_start(complaint, Status.DUPLICATE, at)
        complaint.closed_at, complaint.merged_into = at, keep
        complaint.save()
        event_add(
            complaint,
            EventKind.MERGED,
            actor=officer,
            public=True,
            at=at,
            notify=False,
            text=f"เรื่องเดียวกันดำเนินการในเรื่อง {keep.code}",
            from_state=before,
            to_state=Status.DUPLICATE,
            data={"into": keep.code},
        )
        return
    use = explainer if final == Status.NOT_FACTORY_SOURCE else None
    _move(complaint, final, at, officer, CLOSING[final], use)
    if final != Status.RESOLVED:
        complaint.public_summary = ""
    complaint.save(update_fields=["public_summary"])


def _inspection(
    complaint: Complaint, est: Any, at: dt.datetime, officer: Any, rng: random.Random, final: str
) -> int:
    inspection = Inspection.objects.create(
        kind=InspectionKind.COMPLAINT,
        establishment=est,
        province_id=complaint.province_id,
        office=complaint.office,
        visited_at=at,
        created_by=officer,
        findings="ตรวจสภาพปล่อง ระบบบำบัด และลานกองวัตถุดิบ",
        public_summary="เจ้าหน้าที่ตรวจสถานที่และตรวจวัดแล้ว ผลอยู่ในรายงาน",
    )
    inspection.complaints.add(complaint)
    if officer is not None:
        inspection.inspectors.add(officer)
    rows = []
    high = final in {Status.RESOLVED, Status.ACTION_ORDERED}
    if complaint.category == Category.DUST:
        pm25 = Decimal(
            str(
                round(
                    rng.uniform(40, 70)
                    if final == Status.NOT_FACTORY_SOURCE
                    else rng.uniform(18, 45),
                    1,
                )
            )
        )
        rows += [
            ("pm25", pm25, "ug_m3", "24h", "ambient", "เครื่องวัดแบบ Beta attenuation"),
            (
                "tsp",
                Decimal(str(round(rng.uniform(120, 420) if high else rng.uniform(60, 250), 0))),
                "ug_m3",
                "24h",
                "ambient",
                "High volume air sampler",
            ),
            (
                "particulate",
                Decimal(str(round(rng.uniform(80, 380), 0))),
                "mg_m3",
                "spot",
                "stack",
                "Isokinetic sampling",
            ),
        ]
    elif complaint.category == Category.NOISE:
        rows.append(
            (
                "noise",
                Decimal(str(round(rng.uniform(55, 82), 1))),
                "dba",
                "1h",
                "boundary",
                "Sound level meter class 1",
            )
        )
    for pollutant, value, unit, period, where, instrument in rows:
        Measurement.objects.create(
            inspection=inspection,
            pollutant=pollutant,
            value=value,
            unit=unit,
            averaging_period=period,
            where=where,
            instrument=instrument,
            measured_at=at,
            method="ตามวิธีมาตรฐานที่กำหนด",
        )
    event_add(
        complaint,
        EventKind.INSPECTION,
        actor=officer,
        public=True,
        at=at,
        notify=False,
        text=inspection.public_summary,
        data={"inspection": inspection.pk},
    )
    return len(rows)


def _order(
    complaint: Complaint,
    est: Any,
    at: dt.datetime,
    officer: Any,
    final: str,
    received: dt.datetime,
    days_ago: int,
) -> None:
    deadline = timezone.localdate(at) + dt.timedelta(days=30)
    order = Order.objects.create(
        establishment=est,
        province_id=complaint.province_id,
        office=complaint.office,
        issued_on=timezone.localdate(at),
        deadline=deadline,
        created_by=officer,
        description="ปรับปรุงระบบดักฝุ่นและปิดคลุมลานกองวัตถุดิบ",
        inspection=complaint.inspections.order_by("-visited_at").first(),
    )
    order.complaints.add(complaint)
    event_add(
        complaint, EventKind.ORDER, actor=officer, at=at, data={"order": order.pk}, notify=False
    )
    if final == Status.RESOLVED:
        follow_at = at + dt.timedelta(days=min(32, max(1, days_ago - 5)))
        follow = Inspection.objects.create(
            kind=InspectionKind.FOLLOW_UP,
            establishment=est,
            province_id=complaint.province_id,
            office=complaint.office,
            visited_at=min(follow_at, timezone.now()),
            created_by=officer,
            follow_up_of=order,
            findings="ติดตั้งถุงกรองใหม่และปิดคลุมลานกองแล้ว",
        )
        follow.complaints.add(complaint)
        order.status, order.closed_on = OrderStatus.COMPLIED, timezone.localdate(follow.visited_at)
        order.save(update_fields=["status", "closed_on"])
