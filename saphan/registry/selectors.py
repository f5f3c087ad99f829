"""Reads of the registry, every one through the person's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from saphan.core.scoping import Action, scope_for
from saphan.core.selectors import history_for
from saphan.core.thai import format_date
from saphan.registry.models import (
    Establishment,
    EstablishmentContact,
    EstablishmentRepresentative,
    QualityIssue,
)
from saphan.registry.search import normalize, page_ids, search_filter

# A record not scored yet sorts as 0, as it did when the scores were its own columns. The
# scores are annotated under these names only for the quality sort, so that every order is a
# tuple of field names (search.page_ids builds its SQL from them).
QUALITY_SORT_FIELDS = {
    "sort_validity": Coalesce("quality_score__validity", Value(0)),
    "sort_completeness": Coalesce("quality_score__completeness", Value(0)),
}
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name_th", "id"),
    "newest": ("-id",),
    "-name": ("-name_th", "-id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
    "quality": ("sort_validity", "sort_completeness", "id"),
    "-quality": ("-sort_validity", "-sort_completeness", "-id"),
    "verified": ("verified_at", "id"),
    "-verified": ("-verified_at", "-id"),
}
DETAILS = ("factory", "mine", "enterprise", "village")
LIST_RELATED = ("province", "district", "subdistrict", "quality_score", *DETAILS)


@dataclass(frozen=True)
class EstablishmentFilters:
    q: str = ""
    province: str = ""
    district: str = ""
    kind: str = ""
    status: str = ""
    type_code: str = ""
    factory_class: int | None = None
    sort: str = ""  # empty: not chosen (see effective_sort)


def effective_sort(filters: EstablishmentFilters) -> str:
    """The order a list uses: the person's choice; else newest first when searching, by name
    when browsing. Matches of a frequent word cluster in name order (every "บริษัท …" sorts after
    40% of the names), so a page of them by name walks hundreds of thousands of rows; by id
    (the primary key, registration order) they are spread evenly and a page walks ~page size /
    density rows."""
    if filters.sort in SORTS:
        return filters.sort
    return "newest" if normalize(filters.q) else "name"


def establishment_base_for_user(user: Any, action: Action = Action.VIEW) -> QuerySet[Establishment]:
    """Live records (not merged away) the person may see (or change, with Action.CHANGE)."""
    return scope_for(user).filter(Establishment.objects.filter(merged_into__isnull=True), action)


def establishment_matches_for_user(
    user: Any, filters: EstablishmentFilters, *, walk: bool = False, scan: bool = False
) -> QuerySet[Establishment]:
    """The records the filters and search select, in the list's order, without joins; `walk`:
    as read by walking that order's index; `scan`: as read one by one (search.search_filter)."""
    records = establishment_base_for_user(user)
    conditions = Q()
    if filters.province:
        conditions &= Q(province_id=filters.province)
    if filters.district:
        conditions &= Q(district_id=filters.district)
    if filters.kind:
        conditions &= Q(kind=filters.kind)
    if filters.status:
        conditions &= Q(status=filters.status)
    if filters.type_code:
        conditions &= Q(factory__type_code=filters.type_code)
    if filters.factory_class:
        conditions &= Q(factory__factory_class=filters.factory_class)
    records = search_filter(records.filter(conditions), filters.q, walk=walk, scan=scan)
    sort = effective_sort(filters)
    if sort.lstrip("-") == "quality":
        records = records.annotate(**QUALITY_SORT_FIELDS)
    return records.order_by(*SORTS[sort])


def establishment_list_for_user(
    user: Any, filters: EstablishmentFilters
) -> QuerySet[Establishment]:
    return establishment_matches_for_user(user, filters).select_related(*LIST_RELATED)


# A list counts its records up to this many; past it, it says "more than 1,000". An exact
# count of a word found in half a million records costs seconds; nobody pages that far.
COUNT_LIMIT = 1000


@dataclass(frozen=True)
class EstablishmentPage:
    """One page of a list. `count` is exact when `count_is_exact`; otherwise the list holds
    more than `count` records."""

    items: list[Establishment]
    number: int
    size: int
    count: int
    count_is_exact: bool
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def num_pages(self) -> int | None:
        """None while the count is not exact."""
        return max(1, -(-self.count // self.size)) if self.count_is_exact else None


def establishment_page_for_user(
    user: Any,
    filters: EstablishmentFilters,
    *,
    number: int = 1,
    size: int = 25,
    related: tuple[str, ...] = LIST_RELATED,
) -> EstablishmentPage:
    """A page of the list, cheap however many records match: the page's ids first (see
    search.page_ids: newest first, from the newest rows when they hold more than COUNT_LIMIT
    matches; from the search index when matches are few, else from a walk of the list's
    index-backed order that stops at the page's end, one id further to know if a next page
    exists), then their rows with the joins `related` names. The count is exact up to
    COUNT_LIMIT; a separate count query runs only for a page past the end."""
    order = SORTS[effective_sort(filters)]
    matches = establishment_matches_for_user(user, filters)
    offset = (number - 1) * size
    walk = establishment_matches_for_user(user, filters, walk=True)
    scan = establishment_matches_for_user(user, filters, scan=True)
    ids, matched = page_ids(matches, order, offset, size + 1, walk, scan=scan, enough=COUNT_LIMIT)
    has_next = len(ids) > size
    ids = ids[:size]
    items = establishment_rows_for_user(user, ids, related)
    seen = offset + len(ids)
    if ids and not has_next:  # the last page tells the count
        count, exact = seen, True
    elif ids and matched is not None and matched <= COUNT_LIMIT:
        count, exact = matched, True
    elif ids:  # more than COUNT_LIMIT, and more than `seen` for certain
        count, exact = max(COUNT_LIMIT, seen), False
    else:  # past the end, or nothing matches
        if matched is None:
            matched = matches.order_by()[: COUNT_LIMIT + 1].count()
        count, exact = min(matched, COUNT_LIMIT), matched <= COUNT_LIMIT
    return EstablishmentPage(items, number, size, count, exact, has_next)


# A page's places come by a query each: joined to the details' four tables they make a query
# of eight relations that PostgreSQL takes ~10 ms to plan (three small queries: ~1 ms).
GEOGRAPHY = ("province", "district", "subdistrict")


def establishment_rows_for_user(
    user: Any, ids: list[int], related: tuple[str, ...] = LIST_RELATED
) -> list[Establishment]:
    """The records `ids` (a page's, in its order) with the relations `related` names."""
    rows = establishment_base_for_user(user).filter(pk__in=ids).order_by()
    joined = [r for r in related if r not in GEOGRAPHY]
    fetched = [r for r in related if r in GEOGRAPHY]
    by_id = rows.select_related(*joined).prefetch_related(*fetched).in_bulk()
    return [by_id[pk] for pk in ids if pk in by_id]


def establishment_get_for_user(user: Any, pk: int, action: Action = Action.VIEW) -> Establishment:
    """One record the person may see; merged records are found too (their page says so)."""
    return (
        scope_for(user)
        .filter(Establishment.objects.all(), action)
        .select_related(
            "province",
            "district",
            "subdistrict",
            "office",
            "merged_into",
            "quality_score",
            *DETAILS,
        )
        .get(pk=pk)
    )


def contacts_visible_to(user: Any, establishment: Establishment) -> bool:
    """Contacts are personal data: officers and above of the record's province see them."""
    return scope_for(user).allows(establishment.province_id, Action.CHANGE)


def establishment_contacts(user: Any, establishment: Establishment) -> list[EstablishmentContact]:
    if not contacts_visible_to(user, establishment):
        return []
    return list(establishment.contacts.all())


def establishment_representatives(
    user: Any, establishment: Establishment
) -> list[EstablishmentRepresentative]:
    """Who acts for the establishment: personal data, seen by those who see its contacts."""
    if not contacts_visible_to(user, establishment):
        return []
    return list(establishment.representatives.select_related("user"))


def represented_establishment_ids(user_id: int) -> list[int]:
    """The establishments an outside account acts for (the scoping mechanism asks this)."""
    return list(
        EstablishmentRepresentative.objects.filter(
            user_id=user_id, establishment__merged_into__isnull=True
        ).values_list("establishment_id", flat=True)
    )


def establishments_represented_by(user: Any) -> QuerySet[Establishment]:
    return Establishment.objects.filter(pk__in=sorted(scope_for(user).establishments))


def establishment_history(establishment: Establishment) -> list[dict[str, Any]]:
    """The record's history with its details', and that of records merged into it."""
    rows = history_for(establishment)
    detail = establishment.detail()
    if detail is not None:
        rows.extend(history_for(detail))
    for merged in establishment.merged_from.all():
        for row in history_for(merged):
            rows.append({**row, "merged_from": merged})
    rows.sort(key=lambda r: r["timestamp"], reverse=True)
    return rows


def quality_issues_for(establishment: Establishment) -> QuerySet[QualityIssue]:
    return establishment.quality_issues.order_by("-impact", "rule")


def establishment_counts_by_kind(user: Any) -> dict[str, int]:
    rows = establishment_base_for_user(user).values("kind").annotate(n=Count("id"))
    return {row["kind"]: row["n"] for row in rows}


def detail_rows(detail: Any) -> list[tuple[str, str]]:
    """The details of a record as (label, shown value) pairs: choices by their label, dates in
    the Buddhist era."""
    if detail is None:
        return []
    rows = []
    for field in detail._meta.concrete_fields:
        if field.name == "establishment":
            continue
        value = getattr(detail, field.name)
        if field.choices and value not in (None, ""):
            value = getattr(detail, f"get_{field.name}_display")()
        elif isinstance(value, dt.date):
            value = format_date(value)
        rows.append((str(field.verbose_name), "" if value is None else str(value)))
    return rows


def quality_worklist_for_user(user: Any, *, rule: str = "") -> QuerySet[QualityIssue]:
    issues = QualityIssue.objects.filter(
        establishment__in=establishment_base_for_user(user, Action.CHANGE)
    ).select_related("establishment", "establishment__province")
    if rule:
        issues = issues.filter(rule=rule)
    return issues.order_by("-impact", "establishment_id", "rule")


def quality_rule_counts_for_user(user: Any) -> list[Any]:
    return list(
        QualityIssue.objects.filter(establishment__in=establishment_base_for_user(user))
        .values("rule", "severity")
        .annotate(n=Count("id"))
        .order_by("-n", "rule")
    )


@dataclass(frozen=True)
class RegistrySummary:
    records: int
    with_errors: int
    not_current: int


def registry_summary_for_user(user: Any) -> RegistrySummary:
    """Records in the person's scope, those with an open error, those not current."""
    records = establishment_base_for_user(user)
    figures = records.aggregate(
        records=Count("id"),
        # Not scored yet counts as not current (currency 0), as before the first scoring.
        not_current=Count(
            "id", filter=Q(quality_score__currency__lt=100) | Q(quality_score__isnull=True)
        ),
    )
    with_errors = (
        QualityIssue.objects.filter(establishment__in=records, severity="error")
        .values("establishment_id")
        .distinct()
        .count()
    )
    return RegistrySummary(figures["records"], with_errors, figures["not_current"])


def province_codes_for_user(user: Any) -> list[str] | None:
    """None when the person sees every province."""
    scope = scope_for(user)
    if scope.covers_all(Action.VIEW):
        return None
    return sorted(scope.provinces(Action.VIEW))
