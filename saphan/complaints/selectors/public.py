"""What anyone may read, with no login. Every function here builds its rows from an explicit
list of public fields: no identity, no complainant's words, no exact point, no officer's name.
The privacy scan test crawls every page and endpoint that uses these."""

from __future__ import annotations

import datetime as dt
import functools
import math
import statistics
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from saphan.complaints.models import (
    CLOSED_STATES,
    OPEN_STATES,
    CaseEvent,
    Category,
    Complainant,
    Complaint,
    EventKind,
    Explainer,
    Frequency,
    Photo,
    ReferralLevel,
    Status,
    TimeOfDay,
)
from saphan.core.db import prepared_cursor

PUBLIC_FIELDS = (
    "id",
    "code",
    "category",
    "status",
    "time_of_day",
    "frequency",
    "public_lat",
    "public_lon",
    "public_summary",
    "received_at",
    "public_updated_at",
    "status_changed_at",
    "closed_at",
    "state_due",
    "expected_date",
    "merged_into__code",
    "province_id",
    "province__name_th",
    "province__name_en",
    "district_id",
    "district__name_th",
    "district__name_en",
    "subdistrict__name_th",
    "subdistrict__name_en",
    "office__code",
    "office__name_th",
    "office__name_en",
    "reopen_count",
    "escalated_at",
    "referral_level",
)
PAGE_SIZE = 20

# The case's own columns are read alone; the names of its places and office and the code of
# the case it was merged into come from a per-process copy kept a minute (`public_values`).
# Joined in the same query, the five other tables made PostgreSQL plan for ~1.3 ms a query that
# reads one row in ~0.1 ms — on every tracking page not yet cached, every list page and every
# Open311 answer.
OWN_FIELDS = (
    *(f for f in PUBLIC_FIELDS if "__" not in f),
    "subdistrict_id",
    "office_id",
    "merged_into_id",
)
_NAMES_TTL = 60.0
_NAMES_MAX = 20_000
_names: dict[tuple[str, Any], tuple[float, tuple[Any, ...]]] = {}


@functools.cache
def _name_sources() -> dict[str, tuple[Any, tuple[str, ...], tuple[str, ...]]]:
    """Per foreign key of the case: (model, what is kept of its row, the keys of PUBLIC_FIELDS
    those fill)."""
    from saphan.core.models import District, Office, Province, Subdistrict

    names = ("name_th", "name_en")
    return {
        "province_id": (Province, names, ("province__name_th", "province__name_en")),
        "district_id": (District, names, ("district__name_th", "district__name_en")),
        "subdistrict_id": (Subdistrict, names, ("subdistrict__name_th", "subdistrict__name_en")),
        "office_id": (
            Office,
            ("code", *names),
            ("office__code", "office__name_th", "office__name_en"),
        ),
        "merged_into_id": (Complaint, ("code",), ("merged_into__code",)),
    }


def public_names_forget() -> None:
    """Forget the per-process names (tests that rewrite reference data)."""
    _names.clear()


def _names_of(kind: str, keys: set[Any]) -> dict[Any, tuple[Any, ...]]:
    """What is kept of the rows `keys` of one kind: from the copy, the rest in one query."""
    model, kept, _fills = _name_sources()[kind]
    now = time.monotonic()
    found: dict[Any, tuple[Any, ...]] = {}
    missing = []
    for key in keys:
        hit = _names.get((kind, key))
        if hit is not None and now - hit[0] < _NAMES_TTL:
            found[key] = hit[1]
        else:
            missing.append(key)
    if missing:
        if len(_names) >= _NAMES_MAX:
            _names.clear()
        for pk, *values in model.objects.filter(pk__in=missing).values_list("pk", *kept):
            found[pk] = tuple(values)
            _names[(kind, pk)] = (now, found[pk])
    return found


def public_values(cases: QuerySet[Complaint]) -> list[dict[str, Any]]:
    """The values of PUBLIC_FIELDS of the cases (a queryset, sliced or not), as
    `.values(*PUBLIC_FIELDS)` would give them, with the case's own row read alone."""
    rows = list(cases.values(*OWN_FIELDS))
    for kind, (_model, kept, fills) in _name_sources().items():
        keys = {row[kind] for row in rows if row[kind] is not None}
        found = _names_of(kind, keys) if keys else {}
        empty = (None,) * len(kept)
        for row in rows:
            row.update(zip(fills, found.get(row[kind], empty), strict=True))
    return rows


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label) if value else ""
    except ValueError:
        return value


@dataclass
class PublicComplaint:
    code: str
    category: str
    status: str
    time_of_day: str
    frequency: str
    public_lat: Decimal | None
    public_lon: Decimal | None
    summary: str
    received_at: dt.datetime
    updated_at: dt.datetime  # the latest public change (not officers' internal work)
    status_changed_at: dt.datetime
    closed_at: dt.datetime | None
    state_due: dt.date | None
    expected_date: dt.date | None
    merged_into: str | None
    province_code: str
    province: str
    district_code: str | None
    district: str
    subdistrict: str
    office_code: str
    office: str
    reopen_count: int
    escalated: bool
    referral_level: str
    people: int = 1
    photos: list[int] = field(default_factory=list)

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATES

    @property
    def is_overdue(self) -> bool:
        return (
            not self.is_closed
            and self.state_due is not None
            and self.state_due < timezone.localdate()
        )

    @property
    def category_label(self) -> str:
        return _label(Category, self.category)

    @property
    def status_label(self) -> str:
        return _label(Status, self.status)

    @property
    def time_of_day_label(self) -> str:
        return _label(TimeOfDay, self.time_of_day)

    @property
    def frequency_label(self) -> str:
        return _label(Frequency, self.frequency)

    @property
    def area(self) -> str:
        parts = [self.subdistrict, self.district, self.province]
        return " · ".join(p for p in parts if p)

    @property
    def step(self) -> int:
        """How far along the way (1–6) for the progress bar."""
        if self.is_closed:
            return len(OPEN_STATES) + 1
        return OPEN_STATES.index(self.status) + 1

    def get_absolute_url(self) -> str:
        return reverse("complaint-track", args=[self.code])


def public_row(values: dict[str, Any]) -> PublicComplaint:
    """A public row from values of PUBLIC_FIELDS."""
    english = translation.get_language() == "en"

    def name(prefix: str) -> str:
        th, en = values.get(f"{prefix}__name_th") or "", values.get(f"{prefix}__name_en") or ""
        return (en or th) if english else th

    return PublicComplaint(
        code=values["code"],
        category=values["category"],
        status=values["status"],
        time_of_day=values["time_of_day"],
        frequency=values["frequency"],
        public_lat=values["public_lat"],
        public_lon=values["public_lon"],
        summary=values["public_summary"],
        received_at=values["received_at"],
        updated_at=values["public_updated_at"],
        status_changed_at=values["status_changed_at"],
        closed_at=values["closed_at"],
        state_due=values["state_due"],
        expected_date=values["expected_date"],
        merged_into=values["merged_into__code"],
        province_code=values["province_id"],
        province=name("province"),
        district_code=values["district_id"],
        district=name("district"),
        subdistrict=name("subdistrict"),
        office_code=values["office__code"],
        office=name("office"),
        reopen_count=values["reopen_count"],
        escalated=values["escalated_at"] is not None,
        referral_level=values["referral_level"],
    )


def _people_counts(ids: list[int]) -> dict[int, int]:
    """Complainants and followers per case, those of merged duplicates included."""
    if not ids:
        return {}
    # The cases themselves and those merged into them, found on the complaints' own indexes:
    # an OR across the join to the complainants read both tables whole (5 ms at 6,000 cases,
    # growing with every case; this way 0.1 ms).
    members = Complaint.objects.filter(Q(pk__in=ids) | Q(merged_into_id__in=ids)).values("pk")
    rows = (
        Complainant.objects.filter(complaint_id__in=members)
        .values("complaint_id", "complaint__merged_into_id")
        .annotate(n=Count("id"))
    )
    counts: dict[int, int] = dict.fromkeys(ids, 0)
    for row in rows:
        owner = row["complaint__merged_into_id"] or row["complaint_id"]
        if owner in counts:
            counts[owner] += row["n"]
    return counts


@dataclass(frozen=True)
class PublicFilters:
    category: str = ""
    status: str = ""  # "open", "closed", "overdue" or one status
    province: str = ""
    district: str = ""
    sort: str = "-received"


SORTS = {
    "-received": ("-received_at", "-id"),
    "received": ("received_at", "id"),
    "-updated": ("-public_updated_at", "-id"),
}


def public_queryset(filters: PublicFilters) -> QuerySet[Complaint]:
    cases = Complaint.objects.filter(merged_into__isnull=True)
    if filters.category:
        cases = cases.filter(category=filters.category)
    if filters.status == "open":
        cases = cases.filter(status__in=OPEN_STATES)
    elif filters.status == "closed":
        cases = cases.filter(status__in=sorted(CLOSED_STATES))
    elif filters.status == "overdue":
        cases = cases.filter(status__in=OPEN_STATES, state_due__lt=timezone.localdate())
    elif filters.status in Status.values:
        cases = cases.filter(status=filters.status)
    if filters.province:
        cases = cases.filter(province_id=filters.province)
    if filters.district:
        cases = cases.filter(district_id=filters.district)
    return cases.order_by(*SORTS.get(filters.sort, SORTS["-received"]))


def public_list(filters: PublicFilters, page: int = 1) -> tuple[list[PublicComplaint], int]:
    """One page of the public list and the total count."""
    cases = public_queryset(filters)
    total = cases.count()
    start = max(0, (page - 1) * PAGE_SIZE)
    window = public_values(cases[start : start + PAGE_SIZE])
    rows = [public_row(v) for v in window]
    counts = _people_counts([v["id"] for v in window])
    for row, values in zip(rows, window, strict=True):
        row.people = counts.get(values["id"], 1)
    return rows, total


def public_get(code: str) -> PublicComplaint | None:
    found = public_values(Complaint.objects.filter(code=code)[:1])
    if not found:
        return None
    values = found[0]
    row = public_row(values)
    row.people, row.photos = _people_and_photos(values["id"])
    return row


@functools.cache
def _people_and_photos_sql() -> str:
    def table(model: Any) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    # The people as _people_counts counts them; the public photos in order. Both kinds in one
    # round trip; each part on its own index.
    return (
        f"SELECT 0, COUNT(*) FROM {table(Complainant)} WHERE complaint_id IN "  # noqa: S608
        f"(SELECT id FROM {table(Complaint)} WHERE id = %s OR merged_into_id = %s) "
        f"UNION ALL SELECT 1, id FROM {table(Photo)} WHERE complaint_id = %s AND is_public = %s "
        "ORDER BY 1, 2"
    )


def _people_and_photos(pk: int) -> tuple[int, list[int]]:
    """One case's people (complainants and followers, those of merged duplicates included)
    and its public photos, by one prepared statement: the tracking page's first view asks."""
    with prepared_cursor() as cursor:
        cursor.execute(_people_and_photos_sql(), [pk, pk, pk, True])
        rows = cursor.fetchall()
    return int(rows[0][1]), [int(photo) for _kind, photo in rows[1:]]  # the count sorts first


def public_version(code: str) -> str | None:
    """When the case's public face last changed, as the database gives it (None: no such
    case): the tracking page's cache key. Asked on every view, so one indexed column by plain
    SQL (the ORM's query building cost more than the query), prepared."""
    table = connection.ops.quote_name(Complaint._meta.db_table)
    with prepared_cursor() as cursor:
        cursor.execute(
            f"SELECT updated_at FROM {table} WHERE code = %s LIMIT 1",  # noqa: S608
            [code],
        )
        row = cursor.fetchone()
    return None if row is None else str(row[0]).replace(" ", "T")


def public_id(code: str) -> int | None:
    return Complaint.objects.filter(code=code).values_list("pk", flat=True).first()


def _office_names() -> dict[str, tuple[str, str]]:
    from saphan.core.models import Office

    return {
        o["code"]: (o["name_th"], o["name_en"])
        for o in Office.objects.values("code", "name_th", "name_en")
    }


def public_timeline(code: str) -> list[dict[str, Any]]:
    """The public lines of a case's timeline: what changed, the officers' public text, the
    explainer — never who wrote it."""
    english = translation.get_language() == "en"
    events = (
        CaseEvent.objects.filter(complaint__code=code, is_public=True)
        .select_related("explainer")
        .only(
            "kind",
            "at",
            "text",
            "to_state",
            "data",
            "explainer__slug",
            "explainer__title_th",
            "explainer__title_en",
            "explainer__is_published",
        )
        .order_by("at", "id")
    )
    offices: dict[str, tuple[str, str]] | None = None
    out = []
    for event in events:
        line: dict[str, Any] = {
            "kind": event.kind,
            "label": _label(EventKind, event.kind),
            "at": event.at,
            "text": event.text,
            "status": _label(Status, event.to_state),
            "to_state": event.to_state,
            "explainer": event.explainer
            if event.explainer is not None and event.explainer.is_published
            else None,
        }
        if event.kind == EventKind.FORWARD:
            offices = offices if offices is not None else _office_names()
            names = offices.get(str(event.data.get("to", "")), ("", ""))
            line["office"] = (names[1] or names[0]) if english else names[0]
        elif event.kind == EventKind.REFER:
            line["agency"] = str(event.data.get("agency", ""))
            line["level"] = _label(ReferralLevel, str(event.data.get("level", "")))
        elif event.kind == EventKind.MERGED:
            line["into"] = str(event.data.get("into", ""))
        out.append(line)
    return out


def public_points(filters: PublicFilters) -> list[dict[str, Any]]:
    """Cases on the map, one marker per grid cell (the grid is what the public sees anyway)."""
    rows = (
        public_queryset(filters)
        .filter(public_lat__isnull=False, public_lon__isnull=False)
        .order_by()
        .values("public_lat", "public_lon")
        .annotate(
            n=Count("id"),
            open=Count("id", filter=Q(status__in=OPEN_STATES)),
            overdue=Count(
                "id", filter=Q(status__in=OPEN_STATES, state_due__lt=timezone.localdate())
            ),
        )
    )
    return [
        {
            "lat": float(r["public_lat"] or 0),  # never None: filtered above
            "lon": float(r["public_lon"] or 0),
            "count": r["n"],
            "open": r["open"],
            "overdue": r["overdue"],
        }
        for r in rows
    ]


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    radius = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def nearby_open(
    *,
    category: str,
    lat: float | None = None,
    lon: float | None = None,
    subdistrict: str = "",
    district: str = "",
    limit: int = 5,
) -> list[PublicComplaint]:
    """Open cases of the same category near a point (compared on the public grid, so nobody
    can find a home by probing), else in the same subdistrict or district."""
    if category not in Category.values:
        return []
    cases = Complaint.objects.filter(
        category=category, status__in=OPEN_STATES, merged_into__isnull=True
    )
    if lat is not None and lon is not None:
        grid = float(settings.SAPHAN_COMPLAINTS_PUBLIC_GRID_DEGREES)
        reach = settings.SAPHAN_COMPLAINTS_NEARBY_METRES + grid * 111_000 * 0.75
        pad = reach / 111_000 + grid
        box = cases.filter(
            public_lat__gte=lat - pad,
            public_lat__lte=lat + pad,
            public_lon__gte=lon - pad / max(0.2, math.cos(math.radians(lat))),
            public_lon__lte=lon + pad / max(0.2, math.cos(math.radians(lat))),
        ).order_by("-received_at")[:200]
        found = [
            v
            for v in public_values(box)
            if v["public_lat"] is not None
            and v["public_lon"] is not None
            and _metres(lat, lon, float(v["public_lat"]), float(v["public_lon"])) <= reach
        ][:limit]
    elif subdistrict or district:
        where = Q(subdistrict_id=subdistrict) if subdistrict else Q(district_id=district)
        found = public_values(cases.filter(where).order_by("-received_at")[:limit])
    else:
        return []
    rows = [public_row(v) for v in found]
    counts = _people_counts([v["id"] for v in found])
    for row, values in zip(rows, found, strict=True):
        row.people = counts.get(values["id"], 1)
    return rows


def public_stats(province: str = "") -> dict[str, Any]:
    """Figures the public sees (FixMyStreet's “average days to fix”): open, closed in the last
    year, median days from received to closed, share closed on time."""
    year_ago = timezone.now() - dt.timedelta(days=365)
    cases = Complaint.objects.filter(merged_into__isnull=True)
    if province:
        cases = cases.filter(province_id=province)
    closed = list(
        cases.filter(
            status__in=sorted(CLOSED_STATES - {Status.DUPLICATE}), closed_at__gte=year_ago
        ).values_list("received_at", "closed_at")
    )
    days = [(c - r).total_seconds() / 86400 for r, c in closed if c and r]
    return {
        "open": cases.filter(status__in=OPEN_STATES).count(),
        "overdue": cases.filter(status__in=OPEN_STATES, state_due__lt=timezone.localdate()).count(),
        "closed_year": len(closed),
        "median_days": round(statistics.median(days), 1) if days else None,
    }


# --- The registry, as the public may see it --------------------------------------------------


def establishment_exists(establishment_id: int) -> bool:
    from saphan.registry.models import Establishment

    return Establishment.objects.filter(pk=establishment_id, merged_into__isnull=True).exists()


def establishment_search_public(
    query: str, province: str = "", limit: int = 10
) -> list[dict[str, Any]]:
    """The public's search for the establishment they suspect: names, kind and district only
    (never contacts, operators or identifiers), through the registry's one search."""
    from saphan.registry.models import Establishment, EstablishmentKind
    from saphan.registry.search import search_filter

    text = (query or "").strip()
    if len(text) < 2:
        return []
    records = Establishment.objects.filter(merged_into__isnull=True)
    if province:
        records = records.filter(province_id=province)
    english = translation.get_language() == "en"
    rows = (
        search_filter(records, text)
        .order_by("name_th", "id")
        .values(
            "id",
            "name_th",
            "name_en",
            "kind",
            "district__name_th",
            "district__name_en",
            "province__name_th",
            "province__name_en",
        )[:limit]
    )
    return [
        {
            "id": r["id"],
            "name": (r["name_en"] or r["name_th"]) if english else r["name_th"],
            "kind": _label(EstablishmentKind, r["kind"]),
            "place": " · ".join(
                p
                for p in (
                    (r["district__name_en"] or r["district__name_th"])
                    if english
                    else r["district__name_th"],
                    (r["province__name_en"] or r["province__name_th"])
                    if english
                    else r["province__name_th"],
                )
                if p
            ),
        }
        for r in rows
    ]


def establishment_public_name(establishment_id: int | None) -> str:
    if establishment_id is None:
        return ""
    from saphan.registry.models import Establishment

    return (
        Establishment.objects.filter(pk=establishment_id).values_list("name_th", flat=True).first()
        or ""
    )


# --- Explainers ------------------------------------------------------------------------------


def explainer_list_public() -> QuerySet[Explainer]:
    return Explainer.objects.filter(is_published=True).order_by("title_th")


def explainer_get_public(slug: str) -> Explainer:
    return Explainer.objects.get(slug=slug, is_published=True)


def photo_public(photo_id: int) -> Photo:
    return Photo.objects.get(pk=photo_id, is_public=True)
