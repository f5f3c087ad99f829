"""Substring search over every establishment: one normalised text column, indexed per database.

PostgreSQL: `search_text LIKE '%q%'` served by a pg_trgm GIN index; patterns of one or two
characters by a GIN index of the text's one- and two-character pieces (migration 0005). SQLite:
an FTS5 table with the trigram tokenizer (migration 0002) answers patterns of three or more
characters; shorter ones fall back to a plain LIKE scan, which is exact. Both sides compare
lower-cased text with Thai digits turned into Arabic ones, so the two databases return the same
rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import connection, connections
from django.db.models import BooleanField, Model, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan

from saphan.core.thai import to_arabic_digits

M = TypeVar("M", bound=Model)
_SPACES = re.compile(r"\s+")
# SQLite's FTS5 trigram tokenizer needs at least three characters to use its index.
FTS_MIN = 3


def normalize(text: Any) -> str:
    if text is None:
        return ""
    return _SPACES.sub(" ", to_arabic_digits(str(text))).strip().lower()


def search_text_for(parts: Iterable[Any]) -> str:
    """One line per non-empty part, so a match never spans two fields."""
    return "\n".join(p for p in (normalize(part) for part in parts) if p)


SEARCHED_DETAIL_FIELDS = {
    "factory": ("registration_no", "fid"),
    "mine": ("concession_no", "minerals"),
    "enterprise": ("registration_code", "products"),
    "village": ("community", "products"),
}


def establishment_search_text(est: Any, detail: Any = None) -> str:
    """Names, activity and identifiers; never contacts or operators (personal data). `detail`
    is the record's details when the caller has them unsaved (an import); else read."""
    parts: list[Any] = [est.name_th, est.name_en, est.activity, est.juristic_id]
    if detail is None:
        detail = est.detail()
    if detail is not None and est.detail_relation:
        parts.extend(getattr(detail, f, "") for f in SEARCHED_DETAIL_FIELDS[est.detail_relation])
    return search_text_for(parts)


def search_filter(
    queryset: QuerySet[M], query: str, *, walk: bool = False, scan: bool = False
) -> QuerySet[M]:
    """Rows whose search text contains the query (after the same normalisation). `walk`: the
    rows are read by walking an order's index (page_ids), so no search index is asked; on
    PostgreSQL the condition of short patterns' index would compute every walked matching
    row's pieces (~0.3 ms each) and is left out (LIKE alone decides, as it does anyway).
    `scan`: the rows are read one by one within a range of ids (page_ids' newest window): the
    condition is one no index serves (STRPOS / INSTR), so the database cannot choose to read
    every match of a frequent word through the trigram index instead."""
    pattern = normalize(query)
    if not pattern:
        return queryset
    if scan:
        return queryset.filter(GreaterThan(StrIndex("search_text", Value(pattern)), 0))
    if connection.vendor == "sqlite" and len(pattern) >= FTS_MIN:
        phrase = '"' + pattern.replace('"', '""') + '"'
        matches = RawSQL(
            "SELECT rowid FROM registry_search WHERE registry_search MATCH %s", [phrase]
        )
        return queryset.filter(pk__in=matches)
    contains = queryset.filter(search_text__contains=pattern)
    if connection.vendor == "postgresql" and len(pattern) < FTS_MIN and not walk:
        # The index of one- and two-character pieces (migration 0005) narrows; LIKE decides.
        grams = RawSQL(
            'registry_short_grams("registry_establishment"."search_text") @> ARRAY[%s]::text[]',
            [pattern],
            output_field=BooleanField(),
        )
        return contains.filter(grams)
    return contains


# A page of matches comes one of three ways. Up to SORT_LIMIT matches, they are taken through
# the search index and sorted (at most SORT_LIMIT rows read); past it, matches are dense
# enough (more than 0.5% of a national registry) that walking the list's own index-backed
# order meets a page's worth soon (about page size / density rows). The limit near
# √(page size × rows) keeps the worse of the two near 5,000–10,000 rows at 1,000,000 records.
SORT_LIMIT = 5000
# Newest first (a search's default order), the first pages are looked for among the newest
# ids first, read row by row: when they hold more matches than the list counts (`enough`),
# the page is among them and the list says "more than `enough`" without asking the index.
# The newest NEWEST_PROBE ids are read first; when their matches promise more than `enough`
# in the newest NEWEST_WINDOW, those are read. A word in 2.5% of the records or more is
# answered so, reading at most 52,000 rows; for a rarer one the probe costs ~2,000 rows.
NEWEST: tuple[str, ...] = ("-id",)
NEWEST_PROBE = 2_000
NEWEST_WINDOW = 50_000
# The probe's matches, scaled to the window, must promise this much more than `enough`.
NEWEST_MARGIN = 1.2


def _sorted_page(
    few: QuerySet[Any], order: tuple[str, ...], offset: int, limit: int
) -> list[tuple[int, int]]:
    """(id, how many rows `few` holds) of `few[offset:offset + limit]` in `order`: one query,
    the subquery `few` keeps its own LIMIT (the database cannot fold it into an ordered walk
    that might read the whole table)."""
    inner, params = few.query.sql_with_params()
    quote = connection.ops.quote_name
    order_sql = ", ".join(
        f"s.{quote(f.lstrip('-'))}{' DESC' if f[0] == '-' else ''}" for f in order
    )
    # Only Django's own SQL and quoted field names of SORTS go into the text; values are params.
    sql = f"SELECT s.id, COUNT(*) OVER () FROM ({inner}) s ORDER BY {order_sql} LIMIT %s OFFSET %s"  # noqa: S608
    with connections[few.db].cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return cursor.fetchall()


def page_ids(
    matches: QuerySet[Any],
    order: tuple[str, ...],
    offset: int,
    limit: int,
    walk: QuerySet[Any] | None = None,
    *,
    scan: QuerySet[Any] | None = None,
    enough: int = 0,
) -> tuple[list[int], int | None]:
    """Ids of `matches[offset:offset + limit]` in `order`, and how many records match when
    there are at most SORT_LIMIT (None when more, or when the page is past the end; and when
    the newest window held more than `enough`).

    Newest first, with `scan` (the same rows, filtered for reading one by one: search_filter's
    `scan`) and `enough` (offset + limit within it), the newest NEWEST_PROBE ids are read
    first, then, if their matches promise enough, the newest NEWEST_WINDOW, each up to
    `enough` + 1 matches. Otherwise, or when neither holds more than `enough`, the first
    query reads at most SORT_LIMIT + 1 matches through the index and sorts them; when it
    finds more, the ordered walk (with its LIMIT) of `walk` (the same rows, filtered for a
    walk: search_filter's `walk`; `matches` when not given) gives the page."""
    if order == NEWEST and scan is not None and 0 < offset + limit <= enough:
        newest = Subquery(scan.model._base_manager.order_by("-id").values("id")[:1])
        for size in (NEWEST_PROBE, NEWEST_WINDOW):
            window = scan.filter(id__gt=newest - size).order_by(*NEWEST).values("id")
            rows = _sorted_page(window[: enough + 1], order, offset, limit)
            found = rows[0][1] if rows else 0
            if found > enough:
                return [row[0] for row in rows], None
            if size == NEWEST_WINDOW or found * NEWEST_WINDOW < enough * NEWEST_MARGIN * size:
                break
    fields = [f.lstrip("-") for f in order]
    few = matches.order_by().values(*dict.fromkeys(["id", *fields]))[: SORT_LIMIT + 1]
    rows = _sorted_page(few, order, offset, limit)
    # No row past the first page: either past the end or past SORT_LIMIT; the walk tells.
    matched = rows[0][1] if rows else (0 if offset == 0 else None)
    if matched is not None and matched <= SORT_LIMIT:
        return [row[0] for row in rows], matched
    walked = matches if walk is None else walk
    ids = list(walked.order_by(*order).values_list("id", flat=True)[offset : offset + limit])
    return ids, None
