"""Demand for services, through the scope: requests by service, province and month; backlog and
waiting days; delivered against requested; and where a skill's demand outruns the officers who
can give it (the training-need indicator of the ministry inspector's first directive)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from saphan.core.models import ROLE_RANK, Membership, OfficeKind, Province
from saphan.core.scoping import Action, scope_for
from saphan.core.thai import BE_OFFSET, places_in_order
from saphan.promotion.models import (
    ItemOutcome,
    OfficerSkill,
    RequestItem,
    Service,
    ServiceRequest,
    Skill,
)
from saphan.promotion.models.requests import OPEN_STATES, RequestState


def fiscal_year_of(day: dt.date) -> int:
    """The Thai fiscal year (Buddhist era) a day falls in: October starts the next one."""
    return day.year + BE_OFFSET + (1 if day.month >= 10 else 0)


def fiscal_year_span(year_be: int) -> tuple[dt.date, dt.date]:
    year = year_be - BE_OFFSET
    return dt.date(year - 1, 10, 1), dt.date(year, 9, 30)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months = []
    day = first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


@dataclass(frozen=True)
class DemandFilters:
    first_day: dt.date
    last_day: dt.date
    province: str = ""
    skill: str = ""


@dataclass
class ServiceRow:
    service: Service
    by_month: list[int]
    requested: int = 0
    delivered: int = 0
    open: int = 0
    waiting_days: list[int] = field(default_factory=list)

    @property
    def delivered_percent(self) -> int:
        return round(self.delivered * 100 / self.requested) if self.requested else 0

    @property
    def average_wait(self) -> float | None:
        return round(statistics.mean(self.waiting_days), 1) if self.waiting_days else None


@dataclass(frozen=True)
class NeedRow:
    province: Province
    skill: Skill
    requested: int
    officers: int
    capacity: int

    @property
    def short(self) -> bool:
        return self.requested > self.capacity

    @property
    def load_percent(self) -> int | None:
        return round(self.requested * 100 / self.capacity) if self.capacity else None


@dataclass
class Demand:
    filters: DemandFilters
    months: list[dt.date]
    services: list[ServiceRow]
    provinces: list[Province]
    by_province: dict[str, dict[int, int]]  # province code → service id → requested
    backlog: dict[str, int]
    open_wait_average: float | None
    open_wait_median: float | None
    open_wait_max: int | None
    delivery_days_average: float | None
    need: list[NeedRow]
    month_max: int
    requested_max: int

    @property
    def requested_total(self) -> int:
        return sum(r.requested for r in self.services)

    @property
    def delivered_total(self) -> int:
        return sum(r.delivered for r in self.services)


def provinces_for(user: Any) -> list[Province]:
    """The provinces the person sees, for the demand page's filter, in the page's order."""
    scope = scope_for(user)
    provinces = Province.objects.all()
    if scope.covers_all(Action.VIEW):
        return places_in_order(provinces)
    return places_in_order(provinces.filter(code__in=sorted(scope.provinces(Action.VIEW))))


def _items(user: Any, filters: DemandFilters) -> Any:
    items = scope_for(user).filter(RequestItem.objects.all(), Action.VIEW)
    q = Q(request__created_at__date__gte=filters.first_day) & Q(
        request__created_at__date__lte=filters.last_day
    )
    q &= ~Q(request__state=RequestState.CANCELLED)
    if filters.province:
        q &= Q(request__establishment__province_id=filters.province)
    if filters.skill:
        q &= Q(service__skill__code=filters.skill)
    return items.filter(q)


def demand_for_user(user: Any, filters: DemandFilters) -> Demand:
    items = _items(user, filters)
    months = months_between(filters.first_day, filters.last_day)
    month_index = {m: i for i, m in enumerate(months)}
    tz = timezone.get_current_timezone()
    rows: dict[int, ServiceRow] = {}
    service_ids = set(items.values_list("service_id", flat=True).distinct())
    services = {
        s.pk: s
        for s in Service.objects.filter(pk__in=service_ids).select_related(
            "working_group__office", "skill"
        )
    }

    def row(service_id: int) -> ServiceRow:
        if service_id not in rows:
            rows[service_id] = ServiceRow(services[service_id], [0] * len(months))
        return rows[service_id]

    by_month = (
        items.annotate(month=TruncMonth("request__created_at", tzinfo=tz))
        .values("service_id", "month")
        .annotate(n=Count("id"))
    )
    for entry in by_month:
        month = entry["month"]
        month_day = month.date() if isinstance(month, dt.datetime) else month
        r = row(entry["service_id"])
        r.requested += entry["n"]
        if month_day in month_index:
            r.by_month[month_index[month_day]] += entry["n"]
    for entry in (
        items.filter(outcome=ItemOutcome.DELIVERED).values("service_id").annotate(n=Count("id"))
    ):
        row(entry["service_id"]).delivered = entry["n"]
    today = timezone.localdate()
    open_waits: list[int] = []
    delivery_days: list[int] = []
    for service_id, state, created, delivered in items.values_list(
        "service_id", "request__state", "request__created_at", "request__delivered_at"
    ):
        start = timezone.localtime(created).date()
        if state in OPEN_STATES:
            days = (today - start).days
            row(service_id).open += 1
            row(service_id).waiting_days.append(days)
            open_waits.append(days)
        elif delivered is not None:
            delivery_days.append((timezone.localtime(delivered).date() - start).days)
    by_province: dict[str, dict[int, int]] = defaultdict(dict)
    for entry in items.values("request__establishment__province_id", "service_id").annotate(
        n=Count("id")
    ):
        by_province[entry["request__establishment__province_id"]][entry["service_id"]] = entry["n"]
    provinces = places_in_order(Province.objects.filter(code__in=list(by_province)))
    backlog: dict[str, int] = {str(state): 0 for state in OPEN_STATES}
    requests = scope_for(user).filter(ServiceRequest.objects.all(), Action.VIEW)
    if filters.province:
        requests = requests.filter(establishment__province_id=filters.province)
    if filters.skill:
        requests = requests.filter(items__service__skill__code=filters.skill).distinct()
    for entry in (
        requests.filter(state__in=OPEN_STATES)
        .order_by()
        .values("state")
        .annotate(n=Count("id", distinct=True))
    ):
        backlog[entry["state"]] = entry["n"]
    ordered = sorted(
        rows.values(),
        key=lambda r: (-r.requested, r.service.working_group.office.code, r.service.code),
    )
    return Demand(
        filters=filters,
        months=months,
        services=ordered,
        provinces=provinces,
        by_province=dict(by_province),
        backlog=backlog,
        open_wait_average=round(statistics.mean(open_waits), 1) if open_waits else None,
        open_wait_median=statistics.median(open_waits) if open_waits else None,
        open_wait_max=max(open_waits) if open_waits else None,
        delivery_days_average=(round(statistics.mean(delivery_days), 1) if delivery_days else None),
        need=training_need(user, filters),
        month_max=max((n for r in ordered for n in r.by_month), default=0),
        requested_max=max((r.requested for r in ordered), default=0),
    )


def officers_able(province_codes: list[str], skill_ids: list[int]) -> dict[tuple[str, int], int]:
    """(province, skill) → officers (officer role or higher) with the skill in a provincial
    office or regional center covering the province. A regional center's officer counts in
    each of its provinces: they serve all of them."""
    ranks = [role for role, rank in ROLE_RANK.items() if rank >= ROLE_RANK["officer"]]
    skilled: dict[int, set[int]] = defaultdict(set)
    for user_id, skill_id in OfficerSkill.objects.filter(
        skill_id__in=skill_ids, user__is_active=True
    ).values_list("user_id", "skill_id"):
        skilled[user_id].add(skill_id)
    seen: dict[tuple[str, int], set[int]] = defaultdict(set)
    memberships = Membership.objects.filter(
        user_id__in=list(skilled),
        role__in=ranks,
        office__kind__in=[OfficeKind.PROVINCIAL, OfficeKind.REGIONAL],
        office__provinces__in=province_codes,
    ).values_list("user_id", "office__provinces")
    for user_id, province in memberships:
        for skill_id in skilled[user_id]:
            seen[(province, skill_id)].add(user_id)
    return {key: len(users) for key, users in seen.items()}


def training_need(user: Any, filters: DemandFilters) -> list[NeedRow]:
    """Per province and skill with demand in the period: requested services against what the
    officers who can give them can do in the period (officers × services per officer and
    month × months begun); rows short of officers first."""
    items = _items(user, filters)
    counts = list(
        items.values("request__establishment__province_id", "service__skill_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    if not counts:
        return []
    provinces = {
        p.code: p
        for p in Province.objects.filter(
            code__in={c["request__establishment__province_id"] for c in counts}
        )
    }
    skills = {
        s.pk: s for s in Skill.objects.filter(pk__in={c["service__skill_id"] for c in counts})
    }
    able = officers_able(list(provinces), list(skills))
    per_month = settings.SAPHAN_PROMOTION_SERVICES_PER_OFFICER_MONTH
    # Officers can only have served in the months that have begun (a fiscal year under way
    # counts its months so far).
    last = min(filters.last_day, timezone.localdate())
    months = max(1, len(months_between(filters.first_day, last)))
    rows = []
    for c in counts:
        province, skill = c["request__establishment__province_id"], c["service__skill_id"]
        officers = able.get((province, skill), 0)
        rows.append(
            NeedRow(
                province=provinces[province],
                skill=skills[skill],
                requested=c["n"],
                officers=officers,
                capacity=officers * per_month * months,
            )
        )
    rows.sort(key=lambda r: (not r.short, -(r.requested - r.capacity), r.province.name_th))
    return rows
