"""Printable Thai documents and calendar files: a team's visit schedule (PDF and .ics) and
training certificates (PDF)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vGeo
from pythainlp.util.date import thai_full_weekdays

from saphan.core.pdf import FAMILY, ThaiDocument
from saphan.core.thai import format_date
from saphan.promotion.models import Participant, Plan, Route, Team, TrainingEvent

BANGKOK = ZoneInfo("Asia/Bangkok")
EN_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def day_heading(day: dt.date) -> str:
    """ "วันจันทร์ที่ 2 มิถุนายน 2568" / "Monday 2 June 2568 BE"."""
    if translation.get_language() == "en":
        return f"{EN_WEEKDAYS[day.weekday()]} {format_date(day, 'long')}"
    return f"{thai_full_weekdays[day.weekday()]}ที่ {format_date(day, 'long')}"


def _place(visit: Any) -> str:
    est = visit.establishment
    parts = []
    if est.district_id:
        parts.append(f"อ.{est.district.name_th}")
    parts.append(f"จ.{est.province.name_th}")
    return " ".join(parts)


def schedule_pdf(
    plan: Plan, team: Team, routes: Sequence[Route], contacts: dict[int, str] | None = None
) -> bytes:
    """A team's schedule for the plan: one section per day with its stops in order."""
    contacts = contacts or {}
    doc = ThaiDocument(
        title=_("Joint visit schedule"),
        header=f"{plan.office.name_th} · {plan.name}",
        footer=team.name,
    )
    doc.heading(_("Joint visit schedule"))
    members = ", ".join(m.get_full_name() or m.username for m in team.members.all())
    doc.facts(
        [
            (_("Team"), team.name),
            (_("Officers"), members),
            (_("Starts from"), team.start_office.name_th),
            (
                _("Period"),
                f"{format_date(plan.first_day, 'long')} – {format_date(plan.last_day, 'long')}",
            ),
        ]
    )
    if not routes:
        doc.paragraph(_("No visits for this team in this plan."))
    for route in routes:
        doc.ln(2)
        doc.paragraph(day_heading(route.day), size=13, bold=True)
        doc.paragraph(
            _("Leave %(depart)s · back %(back)s · %(km)s km, %(minutes)s minutes of driving")
            % {
                "depart": f"{route.depart:%H:%M}",
                "back": f"{route.return_at:%H:%M}",
                "km": route.km,
                "minutes": route.travel_minutes,
            },
            size=11,
        )
        rows = []
        for visit in route.visits.all():
            services = ", ".join(i.service.name_th for i in visit.items.all())
            rows.append(
                [
                    visit.order,
                    f"{visit.start:%H:%M}–{visit.end:%H:%M}",
                    visit.establishment.name_th,
                    _place(visit) + (" *" if visit.approximate_location else ""),
                    services,
                    contacts.get(visit.establishment_id, ""),
                ]
            )
        doc.table_rows(
            [_("No."), _("Time"), _("Establishment"), _("Place"), _("Services"), _("Contact")],
            rows,
            widths=(12, 22, 40, 28, 46, 26),
            size=9.5,
        )
    if any(v.approximate_location for r in routes for v in r.visits.all()):
        doc.paragraph(_("* approximate place: the record has no coordinates."), size=9)
    doc.signatures([_("Team leader"), _("Director")])
    return doc.render()


def schedule_ics(plan: Plan, team: Team, routes: Sequence[Route]) -> bytes:
    """One event per visit, in Asia/Bangkok time, with its place and services."""
    calendar = Calendar()
    calendar.add("prodid", "-//Saphan//promotion//TH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{team.name} · {plan.name}")
    calendar.add("x-wr-timezone", "Asia/Bangkok")
    label = _("Joint visit")
    for route in routes:
        for visit in route.visits.all():
            event = Event()
            event.add("uid", f"promotion-visit-{visit.pk}@saphan")
            event.add("dtstamp", plan.planned_at or dt.datetime.now(tz=BANGKOK))
            event.add("dtstart", dt.datetime.combine(route.day, visit.start, tzinfo=BANGKOK))
            event.add("dtend", dt.datetime.combine(route.day, visit.end, tzinfo=BANGKOK))
            event.add("summary", f"{label}: {visit.establishment.name_th}")
            event.add("location", f"{visit.establishment.name_th} {_place(visit)}")
            event.add("geo", vGeo((float(visit.latitude), float(visit.longitude))))
            services = "\n".join(f"- {i.service.name_th}" for i in visit.items.all())
            event.add("description", f"{team.name}\n{services}")
            calendar.add_component(event)
    return calendar.to_ical()


def certificates_pdf(event: TrainingEvent, participants: Sequence[Participant]) -> bytes:
    """One landscape page per certified participant."""
    doc = ThaiDocument(title=_("Certificate"), landscape=True)
    first = True
    for participant in participants:
        if not first:
            doc.add_page()
        first = False
        doc.ln(18)
        doc.heading(event.office.name_th, size=18)
        doc.ln(4)
        doc.heading("เกียรติบัตรฉบับนี้ให้ไว้เพื่อแสดงว่า", size=16)
        doc.ln(2)
        name = participant.user.get_full_name() or participant.user.username
        doc.heading(name, size=26)
        doc.heading(participant.office.name_th, size=14)
        doc.ln(4)
        doc.heading(f"ได้ผ่านการฝึกอบรมหลักสูตร “{event.topic}”", size=16)
        doc.heading(
            f"จำนวน {event.hours} ชั่วโมง ระหว่างวันที่ {format_date(event.starts_on, 'long')} "
            f"ถึงวันที่ {format_date(event.ends_on, 'long')} ณ {event.place}",
            size=13,
        )
        doc.ln(2)
        issued = participant.certified_on or event.ends_on
        doc.heading(f"ให้ไว้ ณ วันที่ {format_date(issued, 'long')}", size=13)
        doc.set_font(FAMILY, "", 10)
        doc.ln(10)
        doc.signatures(["ผู้อำนวยการ"])
        doc.set_font(FAMILY, "", 9)
        doc.cell(0, 5, f"เลขที่ {participant.certificate_no}", align="R")
    if first:
        doc.paragraph(_("No participant is certified yet."))
    return doc.render()
