"""Thai public holidays of a year, computed: fixed days, the Buddhist days from the Thai lunar
calendar (pythainlp), and substitute days for those falling on a weekend.

This seeds the holiday calendar; the cabinet announces each year's list (and special days such
as the Royal Ploughing Ceremony, a government holiday set every year), so administrators check
and edit it. Pure: no database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pythainlp.util.thai_lunar_date import athikamas, to_lunar_date


@dataclass(frozen=True)
class Day:
    date: dt.date
    name_th: str
    name_en: str


FIXED = [
    (1, 1, "วันขึ้นปีใหม่", "New Year's Day"),
    (4, 6, "วันจักรี", "Chakri Memorial Day"),
    (4, 13, "วันสงกรานต์", "Songkran"),
    (4, 14, "วันสงกรานต์", "Songkran"),
    (4, 15, "วันสงกรานต์", "Songkran"),
    (5, 4, "วันฉัตรมงคล", "Coronation Day"),
    (6, 3, "วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี", "Queen Suthida's Birthday"),
    (7, 28, "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "King Vajiralongkorn's Birthday"),
    (8, 12, "วันแม่แห่งชาติ", "The Queen Mother's Birthday and Mother's Day"),
    (10, 13, "วันนวมินทรมหาราช", "King Bhumibol Memorial Day"),
    (10, 23, "วันปิยมหาราช", "Chulalongkorn Day"),
    (12, 5, "วันพ่อแห่งชาติ", "King Bhumibol's Birthday and Father's Day"),
    (12, 10, "วันรัฐธรรมนูญ", "Constitution Day"),
    (12, 31, "วันสิ้นปี", "New Year's Eve"),
]


def _lunar_days(year: int) -> list[Day]:
    """Makha, Visakha and Asalha Bucha (full moon of months 3, 6, 8) and the start of Buddhist
    Lent (the day after Asalha). In a year with an extra month (athikamas) each moves one month
    later (months 4, 7 and the second 8)."""
    extra = athikamas(year)
    makha, visakha = ("เดือน 4", "เดือน 7") if extra else ("เดือน 3", "เดือน 6")
    found: list[Day] = []
    asalha_seen = 0
    day = dt.date(year, 1, 1)
    while day.year == year:
        lunar = to_lunar_date(day)
        if lunar.startswith("ขึ้น 15 ค่ำ"):
            month = lunar.split("ค่ำ ")[-1]
            if month == makha:
                found.append(Day(day, "วันมาฆบูชา", "Makha Bucha Day"))
            elif month == visakha:
                found.append(Day(day, "วันวิสาขบูชา", "Visakha Bucha Day"))
            elif month == "เดือน 8":
                asalha_seen += 1
                if asalha_seen == (2 if extra else 1):
                    found.append(Day(day, "วันอาสาฬหบูชา", "Asalha Bucha Day"))
                    found.append(Day(day + dt.timedelta(days=1), "วันเข้าพรรษา", "Buddhist Lent Day"))
        day += dt.timedelta(days=1)
    return found


def thai_public_holidays(year: int) -> list[Day]:
    """The year's public holidays (common-era year), with substitutes for weekend days."""
    days = [Day(dt.date(year, m, d), th, en) for m, d, th, en in FIXED] + _lunar_days(year)
    days.sort(key=lambda d: d.date)
    taken = {d.date for d in days}
    substitutes: list[Day] = []
    for holiday in days:
        if holiday.date.weekday() < 5:
            continue
        sub = holiday.date
        while sub.weekday() >= 5 or sub in taken:
            sub += dt.timedelta(days=1)
        if sub.year != year:
            continue
        taken.add(sub)
        substitutes.append(Day(sub, f"ชดเชย{holiday.name_th}", f"Substitute for {holiday.name_en}"))
    return sorted(days + substitutes, key=lambda d: d.date)
