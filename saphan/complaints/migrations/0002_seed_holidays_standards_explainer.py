"""Seed data: Thai public holidays 2568–2571 BE (2025–2028), the environmental standards of
facts.md, the first explainer (PM2.5 haze and stack dust) and a few response templates.

Holidays were computed with saphan.complaints.holidays (fixed days, the Thai lunar calendar,
weekend substitutes) and are kept here as a fixed list; administrators check them against the
cabinet's announcement and edit them. Reversing removes exactly these rows.
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

HOLIDAYS = [
    ("2025-01-01", "วันขึ้นปีใหม่", "New Year's Day"),
    ("2025-02-12", "วันมาฆบูชา", "Makha Bucha Day"),
    ("2025-04-06", "วันจักรี", "Chakri Memorial Day"),
    ("2025-04-07", "ชดเชยวันจักรี", "Substitute for Chakri Memorial Day"),
    ("2025-04-13", "วันสงกรานต์", "Songkran"),
    ("2025-04-14", "วันสงกรานต์", "Songkran"),
    ("2025-04-15", "วันสงกรานต์", "Songkran"),
    ("2025-04-16", "ชดเชยวันสงกรานต์", "Substitute for Songkran"),
    ("2025-05-04", "วันฉัตรมงคล", "Coronation Day"),
    ("2025-05-05", "ชดเชยวันฉัตรมงคล", "Substitute for Coronation Day"),
    ("2025-05-11", "วันวิสาขบูชา", "Visakha Bucha Day"),
    ("2025-05-12", "ชดเชยวันวิสาขบูชา", "Substitute for Visakha Bucha Day"),
    ("2025-06-03", "วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี", "Queen Suthida's Birthday"),
    ("2025-07-10", "วันอาสาฬหบูชา", "Asalha Bucha Day"),
    ("2025-07-11", "วันเข้าพรรษา", "Buddhist Lent Day"),
    ("2025-07-28", "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "King Vajiralongkorn's Birthday"),
    ("2025-08-12", "วันแม่แห่งชาติ", "The Queen Mother's Birthday and Mother's Day"),
    ("2025-10-13", "วันนวมินทรมหาราช", "King Bhumibol Memorial Day"),
    ("2025-10-23", "วันปิยมหาราช", "Chulalongkorn Day"),
    ("2025-12-05", "วันพ่อแห่งชาติ", "King Bhumibol's Birthday and Father's Day"),
    ("2025-12-10", "วันรัฐธรรมนูญ", "Constitution Day"),
    ("2025-12-31", "วันสิ้นปี", "New Year's Eve"),
    ("2026-01-01", "วันขึ้นปีใหม่", "New Year's Day"),
    ("2026-03-03", "วันมาฆบูชา", "Makha Bucha Day"),
    ("2026-04-06", "วันจักรี", "Chakri Memorial Day"),
    ("2026-04-13", "วันสงกรานต์", "Songkran"),
    ("2026-04-14", "วันสงกรานต์", "Songkran"),
    ("2026-04-15", "วันสงกรานต์", "Songkran"),
    ("2026-05-04", "วันฉัตรมงคล", "Coronation Day"),
    ("2026-05-31", "วันวิสาขบูชา", "Visakha Bucha Day"),
    ("2026-06-01", "ชดเชยวันวิสาขบูชา", "Substitute for Visakha Bucha Day"),
    ("2026-06-03", "วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี", "Queen Suthida's Birthday"),
    ("2026-07-28", "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "King Vajiralongkorn's Birthday"),
    ("2026-07-29", "วันอาสาฬหบูชา", "Asalha Bucha Day"),
    ("2026-07-30", "วันเข้าพรรษา", "Buddhist Lent Day"),
    ("2026-08-12", "วันแม่แห่งชาติ", "The Queen Mother's Birthday and Mother's Day"),
    ("2026-10-13", "วันนวมินทรมหาราช", "King Bhumibol Memorial Day"),
    ("2026-10-23", "วันปิยมหาราช", "Chulalongkorn Day"),
    ("2026-12-05", "วันพ่อแห่งชาติ", "King Bhumibol's Birthday and Father's Day"),
    ("2026-12-07", "ชดเชยวันพ่อแห่งชาติ", "Substitute for King Bhumibol's Birthday and Father's Day"),
    ("2026-12-10", "วันรัฐธรรมนูญ", "Constitution Day"),
    ("2026-12-31", "วันสิ้นปี", "New Year's Eve"),
    ("2027-01-01", "วันขึ้นปีใหม่", "New Year's Day"),
    ("2027-02-21", "วันมาฆบูชา", "Makha Bucha Day"),
    ("2027-02-22", "ชดเชยวันมาฆบูชา", "Substitute for Makha Bucha Day"),
    ("2027-04-06", "วันจักรี", "Chakri Memorial Day"),
    ("2027-04-13", "วันสงกรานต์", "Songkran"),
    ("2027-04-14", "วันสงกรานต์", "Songkran"),
    ("2027-04-15", "วันสงกรานต์", "Songkran"),
    ("2027-05-04", "วันฉัตรมงคล", "Coronation Day"),
    ("2027-05-20", "วันวิสาขบูชา", "Visakha Bucha Day"),
    ("2027-06-03", "วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี", "Queen Suthida's Birthday"),
    ("2027-07-18", "วันอาสาฬหบูชา", "Asalha Bucha Day"),
    ("2027-07-19", "วันเข้าพรรษา", "Buddhist Lent Day"),
    ("2027-07-20", "ชดเชยวันอาสาฬหบูชา", "Substitute for Asalha Bucha Day"),
    ("2027-07-28", "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "King Vajiralongkorn's Birthday"),
    ("2027-08-12", "วันแม่แห่งชาติ", "The Queen Mother's Birthday and Mother's Day"),
    ("2027-10-13", "วันนวมินทรมหาราช", "King Bhumibol Memorial Day"),
    ("2027-10-23", "วันปิยมหาราช", "Chulalongkorn Day"),
    ("2027-10-25", "ชดเชยวันปิยมหาราช", "Substitute for Chulalongkorn Day"),
    ("2027-12-05", "วันพ่อแห่งชาติ", "King Bhumibol's Birthday and Father's Day"),
    ("2027-12-06", "ชดเชยวันพ่อแห่งชาติ", "Substitute for King Bhumibol's Birthday and Father's Day"),
    ("2027-12-10", "วันรัฐธรรมนูญ", "Constitution Day"),
    ("2027-12-31", "วันสิ้นปี", "New Year's Eve"),
    ("2028-01-01", "วันขึ้นปีใหม่", "New Year's Day"),
    ("2028-01-03", "ชดเชยวันขึ้นปีใหม่", "Substitute for New Year's Day"),
    ("2028-02-10", "วันมาฆบูชา", "Makha Bucha Day"),
    ("2028-04-06", "วันจักรี", "Chakri Memorial Day"),
    ("2028-04-13", "วันสงกรานต์", "Songkran"),
    ("2028-04-14", "วันสงกรานต์", "Songkran"),
    ("2028-04-15", "วันสงกรานต์", "Songkran"),
    ("2028-04-17", "ชดเชยวันสงกรานต์", "Substitute for Songkran"),
    ("2028-05-04", "วันฉัตรมงคล", "Coronation Day"),
    ("2028-05-08", "วันวิสาขบูชา", "Visakha Bucha Day"),
    ("2028-06-03", "วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี", "Queen Suthida's Birthday"),
    ("2028-06-05", "ชดเชยวันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี", "Substitute for Queen Suthida's Birthday"),
    ("2028-07-06", "วันอาสาฬหบูชา", "Asalha Bucha Day"),
    ("2028-07-07", "วันเข้าพรรษา", "Buddhist Lent Day"),
    ("2028-07-28", "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "King Vajiralongkorn's Birthday"),
    ("2028-08-12", "วันแม่แห่งชาติ", "The Queen Mother's Birthday and Mother's Day"),
    ("2028-08-14", "ชดเชยวันแม่แห่งชาติ", "Substitute for The Queen Mother's Birthday and Mother's Day"),
    ("2028-10-13", "วันนวมินทรมหาราช", "King Bhumibol Memorial Day"),
    ("2028-10-23", "วันปิยมหาราช", "Chulalongkorn Day"),
    ("2028-12-05", "วันพ่อแห่งชาติ", "King Bhumibol's Birthday and Father's Day"),
    ("2028-12-10", "วันรัฐธรรมนูญ", "Constitution Day"),
    ("2028-12-11", "ชดเชยวันรัฐธรรมนูญ", "Substitute for Constitution Day"),
    ("2028-12-31", "วันสิ้นปี", "New Year's Eve"),
]

AMBIENT_TH = "มาตรฐานคุณภาพอากาศในบรรยากาศทั่วไป (กรมควบคุมมลพิษ)"
STACK_TH = "มาตรฐานควบคุมการปล่อยทิ้งอากาศเสียจากโรงงาน (กรมโรงงานอุตสาหกรรม) — ค่าต้องยืนยัน"
PM25_CHANGE = dt.date(2023, 6, 1)
PM25_OLD_END = dt.date(2023, 5, 31)

# (pollutant, where, period, limit, unit, source, from, until, to confirm, note)
STANDARDS = [
    ("pm25", "ambient", "24h", Decimal("50"), "ug_m3", AMBIENT_TH, None, PM25_OLD_END, False,
     "ค่าเดิมก่อน 1 มิ.ย. 2566"),
    ("pm25", "ambient", "24h", Decimal("37.5"), "ug_m3", AMBIENT_TH, PM25_CHANGE, None, False, ""),
    ("pm25", "ambient", "annual", Decimal("25"), "ug_m3", AMBIENT_TH, None, PM25_OLD_END, False,
     "ค่าเดิมก่อน 1 มิ.ย. 2566"),
    ("pm25", "ambient", "annual", Decimal("15"), "ug_m3", AMBIENT_TH, PM25_CHANGE, None, False, ""),
    ("pm10", "ambient", "24h", Decimal("120"), "ug_m3", AMBIENT_TH, None, None, False, ""),
    ("pm10", "ambient", "annual", Decimal("50"), "ug_m3", AMBIENT_TH, None, None, False, ""),
    ("tsp", "ambient", "24h", Decimal("330"), "ug_m3", AMBIENT_TH, None, None, False, ""),
    ("tsp", "ambient", "annual", Decimal("100"), "ug_m3", AMBIENT_TH, None, None, False, ""),
    ("particulate", "stack", "spot", None, "mg_m3", STACK_TH, None, None, True,
     "ค่ามาตรฐานฝุ่นละอองรวมจากปล่องยังไม่ได้ยืนยัน (ขึ้นกับประเภทโรงงานและเชื้อเพลิง): "
     "ผู้ดูแลระบบใส่ค่าตามประกาศที่ใช้บังคับ"),
]

EXPLAINER = {
    "slug": "pm25-haze-and-stack-dust",
    "title_th": "ฝุ่น PM2.5 หมอกควัน และฝุ่นจากปล่องโรงงาน: ต่างกันอย่างไร",
    "title_en": "PM2.5 haze and dust from a factory stack: what is the difference?",
    "summary_th": (
        "หมอกควันที่ปกคลุมทั้งจังหวัดในหน้าแล้งส่วนใหญ่มาจากการเผาในที่โล่งและไฟป่า ไม่ใช่จากโรงงาน"
        "หรือเหมืองแห่งเดียว และฝุ่นที่ปล่องโรงงานวัดด้วยมาตรฐานคนละแบบกับฝุ่นในอากาศที่เราหายใจ"
    ),
    "summary_en": (
        "Most dry-season haze over a whole province comes from burning fields and forests, not "
        "from one factory or mine; and a factory's stack is measured against a different kind "
        "of standard than the air we breathe."
    ),
    "body_th": """PM2.5 คืออะไร
PM2.5 คือฝุ่นละอองขนาดไม่เกิน 2.5 ไมครอน เล็กพอจะเข้าลึกถึงปอด ตัวเลขที่รายงานทุกวันคือความเข้มข้นในอากาศรอบตัวเรา (บรรยากาศทั่วไป) หน่วยเป็นไมโครกรัมต่อลูกบาศก์เมตร (µg/m³) เฉลี่ย 24 ชั่วโมง ค่ามาตรฐานของประเทศไทยคือไม่เกิน 37.5 µg/m³ ตั้งแต่ 1 มิถุนายน 2566 (เดิม 50) และค่าเฉลี่ยทั้งปีไม่เกิน 15 µg/m³ (เดิม 25)

หมอกควันมาจากไหน
ในหน้าแล้ง หมอกควันที่ปกคลุมทั้งจังหวัดส่วนใหญ่มาจากการเผาในที่โล่ง เช่น การเผาตอซังและเศษวัชพืชในไร่นา และไฟป่า ควันลอยไปได้ไกลหลายสิบกิโลเมตรและข้ามจังหวัดได้ เมื่ออากาศนิ่ง ฝุ่นจะสะสมใกล้พื้นดิน ค่าจึงสูงพร้อมกันทั้งพื้นที่ ไม่ได้สูงเฉพาะรอบโรงงานหรือเหมือง

แล้วโรงงานและเหมืองล่ะ
โรงงานและเหมืองปล่อยฝุ่นได้จริง และเป็นหน้าที่ของสำนักงานอุตสาหกรรมจังหวัดที่จะตรวจ ฝุ่นจากเหมืองและลานกองวัตถุดิบมักเป็นฝุ่นหยาบที่ตกลงใกล้แหล่งกำเนิด ส่วนฝุ่นจากปล่องโรงงานวัดเป็น "ฝุ่นละอองรวม" ที่ตัวปล่อง หน่วยเป็นมิลลิกรัมต่อลูกบาศก์เมตร (mg/m³) ซึ่งใหญ่กว่าไมโครกรัม 1,000 เท่า และเทียบกับมาตรฐานการระบายอากาศเสียจากโรงงาน ไม่ใช่มาตรฐาน PM2.5 ในบรรยากาศ ตัวเลขจากปล่องจึงนำมาเทียบตรง ๆ กับค่า PM2.5 ที่เห็นในแอปไม่ได้

เมื่อเราตรวจเรื่องร้องเรียนของท่าน
เจ้าหน้าที่จะไปดูสถานที่ วัดในจุดที่ตรงกับปัญหา (ที่ปล่อง ที่แนวรั้ว หรือในชุมชน) แล้วบอกท่านว่าวัดอะไร ที่ไหน เทียบกับมาตรฐานใด และผลเป็นอย่างไร ถ้าแหล่งที่มาไม่ใช่โรงงาน เราจะบอกตรง ๆ และส่งเรื่องต่อให้หน่วยงานที่ดูแล เช่น องค์กรปกครองส่วนท้องถิ่น หรือหน่วยงานควบคุมไฟป่า โดยเรื่องยังอยู่ในการดูแลของจังหวัด

ดูแลตัวเองอย่างไร
เมื่อค่า PM2.5 สูง ลดกิจกรรมกลางแจ้ง ใช้หน้ากากที่กรองฝุ่นละเอียดได้ และดูแลเด็ก ผู้สูงอายุ และผู้มีโรคประจำตัวเป็นพิเศษ""",
    "body_en": """What PM2.5 is
PM2.5 is dust of 2.5 microns or less, small enough to reach deep into the lungs. The figure reported every day is its concentration in the air around us (ambient air), in micrograms per cubic metre (µg/m³), averaged over 24 hours. Thailand's standard is at most 37.5 µg/m³ since 1 June 2023 (it was 50), and at most 15 µg/m³ over a year (it was 25).

Where haze comes from
In the dry season, the haze that covers a whole province comes mostly from open burning — stubble and weeds burnt in fields, and forest fires. Smoke travels tens of kilometres and crosses provinces; when the air is still, the dust stays near the ground, so the readings rise across the whole area at once, not only around a factory or a mine.

And factories and mines?
Factories and mines can emit dust, and inspecting them is the provincial industry office's job. Dust from mines and stockpiles is mostly coarse and settles near its source. Dust from a factory's stack is measured as "total particulate" at the stack itself, in milligrams per cubic metre (mg/m³) — a unit a thousand times larger than the microgram — and judged against the factory emission standard, not the ambient PM2.5 standard. A stack figure therefore cannot be compared directly with the PM2.5 number in an air-quality app.

When we look into your complaint
An officer visits, measures where it matters for the problem (at the stack, at the site boundary, or in the community), and tells you what was measured, where, against which standard and with what result. If the source is not a factory, we say so plainly and pass the matter to the agency in charge — the local government or the forest-fire control unit — while the province keeps it in hand.

Looking after yourself
When PM2.5 is high, spend less time outdoors, wear a mask that filters fine dust, and take special care of children, older people and anyone with a chronic illness.""",
    "category": "dust",
}

TEMPLATES = [
    ("รับเรื่องแล้ว", "acknowledged", "",
     "สำนักงานอุตสาหกรรมจังหวัดรับเรื่อง {code} แล้ว เจ้าหน้าที่จะตรวจสอบและแจ้งความคืบหน้า "
     "คาดว่าจะได้ข้อยุติภายใน {expected_date}",
     "The provincial industry office has taken up complaint {code}. An officer will look into "
     "it and tell you how it goes; we expect to settle it by {expected_date}."),
    ("ตรวจสถานที่แล้ว", "inspected", "",
     "เจ้าหน้าที่ได้ไปตรวจสถานที่แล้ว ผลการตรวจและการเทียบกับค่ามาตรฐานจะแจ้งในขั้นต่อไป",
     "An officer has inspected the site. The results, and how they compare with the standards, "
     "follow in the next update."),
    ("ไม่ใช่แหล่งจากโรงงาน (หมอกควัน)", "not_factory_source", "dust",
     "จากการตรวจสอบ ฝุ่นและหมอกควันในพื้นที่ส่วนใหญ่มาจากการเผาในที่โล่ง ไม่ใช่จากโรงงานหรือเหมือง "
     "เราได้แจ้งหน่วยงานที่ดูแลการเผาในพื้นที่แล้ว อ่านคำอธิบายเพิ่มเติมด้านล่าง",
     "Our inspection found that the dust and haze here come mostly from open burning, not from "
     "a factory or a mine. We have told the agency in charge of burning in the area; the "
     "explainer below says more."),
    ("แก้ไขแล้ว", "resolved", "",
     "สถานประกอบการได้แก้ไขตามคำสั่งแล้ว และเจ้าหน้าที่ได้ตรวจติดตามยืนยันแล้ว "
     "หากปัญหากลับมาอีก ท่านเปิดเรื่อง {code} ใหม่ได้จากลิงก์ของท่าน",
     "The establishment has done what it was ordered to do, and an officer's follow-up "
     "inspection confirmed it. If the problem comes back, reopen {code} from your own link."),
]


def seed(apps, schema_editor):
    Holiday = apps.get_model("complaints", "Holiday")
    Standard = apps.get_model("complaints", "Standard")
    Explainer = apps.get_model("complaints", "Explainer")
    ResponseTemplate = apps.get_model("complaints", "ResponseTemplate")
    existing = set(Holiday.objects.values_list("date", flat=True))
    Holiday.objects.bulk_create(
        [
            Holiday(date=dt.date.fromisoformat(day), name_th=th, name_en=en)
            for day, th, en in HOLIDAYS
            if dt.date.fromisoformat(day) not in existing
        ]
    )
    for pollutant, where, period, limit, unit, source, since, until, confirm, note in STANDARDS:
        Standard.objects.get_or_create(
            pollutant=pollutant, where=where, averaging_period=period, effective_from=since,
            effective_until=until,
            defaults={"limit": limit, "unit": unit, "legal_source": source, "to_confirm": confirm,
                      "note": note},
        )
    Explainer.objects.get_or_create(slug=EXPLAINER["slug"], defaults=EXPLAINER)
    for title, state, category, body_th, body_en in TEMPLATES:
        ResponseTemplate.objects.get_or_create(
            title=title, office=None,
            defaults={"state": state, "category": category, "body_th": body_th,
                      "body_en": body_en},
        )


def unseed(apps, schema_editor):
    apps.get_model("complaints", "Holiday").objects.filter(
        date__in=[dt.date.fromisoformat(day) for day, _th, _en in HOLIDAYS]
    ).delete()
    Standard = apps.get_model("complaints", "Standard")
    for pollutant, where, period, _l, _u, _s, since, until, _c, _n in STANDARDS:
        Standard.objects.filter(pollutant=pollutant, where=where, averaging_period=period,
                                effective_from=since, effective_until=until).delete()
    apps.get_model("complaints", "Explainer").objects.filter(slug=EXPLAINER["slug"]).delete()
    apps.get_model("complaints", "ResponseTemplate").objects.filter(
        office=None, title__in=[t[0] for t in TEMPLATES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_complaints_cases_inspections_privacy")]

    operations = [migrations.RunPython(seed, unseed)]
