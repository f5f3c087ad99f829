"""Deterministic demo establishments of every kind, with realistic Thai names and addresses and a
realistic share of defects (missing coordinates, wrong postal codes, bad check digits, class
that disagrees with size, stale verification, duplicates, an expired concession still open)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from saphan.core.models import Office, OfficeKind, Province, Subdistrict
from saphan.core.validators import thai_id_check_digit
from saphan.registry.abbr import province_abbr_map
from saphan.registry.models import (
    ConcessionStatus,
    EnterpriseProfile,
    Establishment,
    EstablishmentContact,
    EstablishmentStatus,
    FactoryLicence,
    GroupKind,
    LicenceStatus,
    MineConcession,
    SourceKind,
    VillageProfile,
)
from saphan.registry.search import establishment_search_text

# Approximate centres (lat, lon) of some provinces; records elsewhere get no coordinates.
CENTRES = {
    "86": (10.49, 99.18), "52": (18.29, 99.49), "50": (18.79, 98.98), "10": (13.75, 100.50),
    "84": (9.14, 99.33), "85": (9.96, 98.64), "80": (8.43, 99.96), "57": (19.91, 99.83),
    "51": (18.58, 99.01), "54": (18.14, 100.14), "55": (18.78, 100.78), "56": (19.17, 99.90),
    "58": (19.30, 97.97), "90": (7.19, 100.60), "20": (13.36, 100.98), "21": (12.68, 101.28),
    "30": (14.97, 102.10), "40": (16.43, 102.83),
}  # fmt: skip
# (type code, activity, unit, registration item text, class) typical of a southern province.
FACTORY_TYPES = [
    ("00906", "ห้องเย็นและแปรรูปอาหารทะเล", "ตัน/ปี", "9(6)", 3),
    ("01001", "สีข้าว", "ตัน/วัน", "10(1)", 2),
    ("06400", "ผลิตน้ำมันปาล์มดิบ", "ตัน/ปี", "64", 3),
    ("05301", "แปรรูปไม้ยางพารา", "ลบ.ม./ปี", "53(1)", 2),
    ("05202", "ผลิตยางแผ่นรมควัน", "ตัน/ปี", "52(2)", 2),
    ("07701", "ผลิตคอนกรีตผสมเสร็จ", "ลบ.ม./ปี", "77(1)", 2),
    ("04200", "ผลิตน้ำแข็ง", "ตัน/วัน", "42", 1),
    ("08900", "เก็บ ซ่อม ดัดแปลงรถยนต์", "คัน/ปี", "89", 3),
]
STEMS = [
    "ชุมพรปาล์ม", "ทองคำอาหารทะเล", "สวนยางพัฒนา", "ท่าแซะการเกษตร", "หลังสวนคอนกรีต",
    "ปากน้ำห้องเย็น", "ศรีสมบูรณ์", "รุ่งเรืองกิจ", "มั่นคงพาณิชย์", "เจริญผล", "ทะเลทอง",
    "สยามยาง", "นำโชค", "ร่วมใจพัฒนา", "เพชรเกษม", "บางสนอุตสาหกรรม",
]  # fmt: skip
PREFIXES = [("บริษัท ", " จำกัด"), ("ห้างหุ้นส่วนจำกัด ", ""), ("โรงงาน", ""), ("บริษัท ", " จำกัด (มหาชน)")]
GROUP_PRODUCTS = [
    "ผ้าบาติก",
    "กล้วยเล็บมืออบ",
    "กาแฟโรบัสต้า",
    "ผ้าทอมือ",
    "จักสานกระจูด",
    "ปลาเค็ม",
    "เสื้อผ้าสำเร็จรูป",
]
MINERALS = ["หินปูน", "ดีบุก", "ยิปซัม", "ดินขาว", "ถ่านหิน", "หินแกรนิต"]
PEOPLE = ["สมชาย ใจดี", "สุดา รักไทย", "ประยูร ศรีสุข", "มาลี ทองดี", "วิชัย แก้วมณี"]
# Share of each kind per 100 demo records, and of defects among them.
MIX = [
    ("factory", 40),
    ("business", 20),
    ("enterprise", 15),
    ("group", 15),
    ("mine", 6),
    ("village", 4),
]
DEFECT_RATE = 0.12


def _juristic(rng: random.Random, valid: bool = True) -> str:
    first = "0" + "".join(str(rng.randint(0, 9)) for _ in range(11))
    check = thai_id_check_digit(first)
    return first + str(check if valid else (check + 1) % 10)


def _fid(province: str, n: int) -> str:
    return f"1{province}{n:09d}0"[:14].ljust(14, "0")


def registry_demo(province: Province, rng: random.Random, scale: int) -> dict[str, int]:
    """Hook for `saphan demo`: 100 × scale records in the province (skipped if already there)."""
    existing = Establishment.objects.filter(province=province, source_kind=SourceKind.DEMO).count()
    wanted = 100 * scale
    if existing >= wanted:
        return {"establishments": existing}
    seeded = random.Random(f"registry:{province.code}:{existing}")
    created = _create(province, seeded, wanted - existing, existing)
    if created <= 20_000:
        # Small demos get their scores at once; big ones are scored by `saphan quality scan`.
        from saphan.registry.quality import quality_scan

        quality_scan()
    return {"establishments": existing + created}


@transaction.atomic
def _create(province: Province, rng: random.Random, count: int, offset: int) -> int:
    subs = list(Subdistrict.objects.filter(province=province).order_by("code"))
    office = Office.objects.filter(kind=OfficeKind.PROVINCIAL, provinces=province).first()
    centre = CENTRES.get(province.code)
    now = timezone.now()
    kinds = [k for k, share in MIX for _ in range(share)]
    ests: list[Establishment] = []
    plans: list[dict[str, Any]] = []
    for i in range(count):
        n = offset + i + 1
        kind = kinds[i % len(kinds)]
        sub = subs[rng.randrange(len(subs))]
        defect = rng.random() < DEFECT_RATE and rng.choice(
            ["no_coords", "postal", "juristic", "class", "stale", "duplicate", "expired"]
        )
        stem = rng.choice(STEMS)
        plan: dict[str, Any] = {"kind": kind, "defect": defect, "n": n}
        if kind in ("factory", "business"):
            before, after = rng.choice(PREFIXES)
            name = f"{before}{stem}{after}"
        elif kind == "mine":
            name = f"เหมือง{rng.choice(MINERALS)}{stem}"
        elif kind == "village":
            name = f"หมู่บ้าน{rng.choice(GROUP_PRODUCTS)}{sub.name_th}"
        else:
            name = f"กลุ่ม{rng.choice(GROUP_PRODUCTS)}บ้าน{sub.name_th}"
        if defect == "duplicate" and ests:
            twin = ests[-1]
            name, sub = twin.name_th, next(s for s in subs if s.code == twin.subdistrict_id)
        postal = sub.postal_codes.split()[0]
        if defect == "postal":
            postal = f"{int(postal[:2]):02d}999"
        lat = lon = None
        if centre and defect != "no_coords":
            lat = Decimal(str(round(centre[0] + rng.uniform(-0.35, 0.35), 6)))
            lon = Decimal(str(round(centre[1] + rng.uniform(-0.3, 0.3), 6)))
        verified_days = rng.randint(700, 1200) if defect == "stale" else rng.randint(0, 330)
        est = Establishment(
            kind=kind,
            name_th=name,
            name_en="",
            juristic_id=_juristic(rng, valid=defect != "juristic")
            if kind in ("factory", "business", "mine")
            else "",
            house_no=str(rng.randint(1, 299)),
            moo=str(rng.randint(1, 12)),
            road=rng.choice(["", "เพชรเกษม", "ปรมินทรมรรคา", "สายเอเชีย"]),
            subdistrict_id=sub.code,
            district_id=sub.district_id,
            province=province,
            postal_code=postal,
            latitude=lat,
            longitude=lon,
            office=office,
            status=EstablishmentStatus.ACTIVE
            if rng.random() > 0.08
            else EstablishmentStatus.INACTIVE,
            source_kind=SourceKind.DEMO,
            verified_at=now - dt.timedelta(days=verified_days),
        )
        ests.append(est)
        plans.append(plan)
    Establishment.objects.bulk_create(ests, batch_size=2000)
    details: dict[type[Any], list[Any]] = {
        FactoryLicence: [],
        MineConcession: [],
        EnterpriseProfile: [],
        VillageProfile: [],
    }
    contacts = []
    abbr = province_abbr(province)
    for est, plan in zip(ests, plans, strict=True):
        kind, defect, n = plan["kind"], plan["defect"], plan["n"]
        if kind == "factory":
            code, activity, unit, item, cls = FACTORY_TYPES[n % len(FACTORY_TYPES)]
            workers = {1: rng.randint(3, 20), 2: rng.randint(21, 50), 3: rng.randint(51, 400)}[cls]
            hp = Decimal(rng.randint(5, 50) if cls < 3 else rng.randint(60, 2000))
            if defect == "class":
                workers = 300
            year = rng.randint(30, 67)
            est.activity = activity
            details[FactoryLicence].append(
                FactoryLicence(
                    establishment=est,
                    registration_no=f"จ{cls}-{item}-{n}/{year:02d}{abbr}",
                    fid=_fid(province.code, n),
                    type_code=code,
                    factory_class=cls,
                    capacity=Decimal(rng.randint(10, 50000)),
                    capacity_unit=unit,
                    horsepower=hp,
                    workers_total=workers,
                    workers_male=workers // 2,
                    workers_female=workers - workers // 2,
                    investment_total=Decimal(rng.randint(1, 500)) * 1_000_000,
                    permit_date=dt.date(1957 + year, rng.randint(1, 12), rng.randint(1, 28)),
                    licence_status=LicenceStatus.OPERATING,
                )
            )
        elif kind == "mine":
            issued = dt.date(rng.randint(2005, 2020), rng.randint(1, 12), 1)
            expires = (
                dt.date(2024, 6, 30)
                if defect == "expired"
                else issued.replace(year=issued.year + 25)
            )
            est.activity = "ทำเหมือง"
            details[MineConcession].append(
                MineConcession(
                    establishment=est,
                    concession_no=f"{rng.randint(20000, 35000)}/{rng.randint(14000, 16999)}",
                    minerals=rng.choice(MINERALS),
                    area_rai=Decimal(rng.randint(50, 300)),
                    issued_on=issued,
                    expires_on=expires,
                    concession_status=ConcessionStatus.OPERATING,
                )
            )
        elif kind in ("enterprise", "group"):
            product = rng.choice(GROUP_PRODUCTS)
            est.activity = f"ผลิต{product}"
            registered = kind == "enterprise"
            code = f"{province.code}{rng.randint(1, 99):02d}{rng.randint(1, 99):02d}{n:06d}"[:12]
            details[EnterpriseProfile].append(
                EnterpriseProfile(
                    establishment=est,
                    registration_code=code if registered else "",
                    registered_on=dt.date(rng.randint(2006, 2024), rng.randint(1, 12), 1)
                    if registered
                    else None,
                    members_count=rng.randint(7, 45),
                    products=product,
                    group_kind=GroupKind.ENTERPRISE
                    if kind == "enterprise"
                    else GroupKind.UNREGISTERED,
                )
            )
        elif kind == "village":
            est.activity = "ท่องเที่ยวเชิงสร้างสรรค์"
            details[VillageProfile].append(
                VillageProfile(
                    establishment=est,
                    community=est.name_th.removeprefix("หมู่บ้าน"),
                    products=rng.choice(GROUP_PRODUCTS),
                    story="ชุมชนสืบสานภูมิปัญญาท้องถิ่น",
                )
            )
        else:
            est.activity = rng.choice(["ค้าส่งวัสดุก่อสร้าง", "ร้านกาแฟและเบเกอรี่", "ขนส่งสินค้า"])
        if rng.random() < 0.5:
            contacts.append(
                EstablishmentContact(
                    establishment=est,
                    name=rng.choice(PEOPLE),
                    position="ผู้จัดการ",
                    phone=f"08{rng.randint(0, 9)}{rng.randint(1000000, 9999999)}",
                )
            )
    for model, rows in details.items():
        model.objects.bulk_create(rows, batch_size=2000)
    EstablishmentContact.objects.bulk_create(contacts, batch_size=2000)
    for est in ests:
        est.search_text = establishment_search_text(est)
    Establishment.objects.bulk_update(ests, ["activity", "search_text"], batch_size=2000)
    return len(ests)


def province_abbr(province: Province) -> str:
    for abbr, code in province_abbr_map().items():
        if code == province.code:
            return abbr
    return ""
