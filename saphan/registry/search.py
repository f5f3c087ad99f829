"""Substring search over every establishment: one normalised text column, indexed per database.

PostgreSQL: `search_text LIKE '%q%'` served by a pg_trgm GIN index. SQLite: an FTS5 table with
the trigram tokenizer (migration 0002) answers patterns of three or more characters; shorter
ones fall back to a plain LIKE scan, which is exact. Both sides compare lower-cased text with
Thai digits turned into Arabic ones, so the two databases return the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL

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


def search_filter(queryset: QuerySet[M], query: str) -> QuerySet[M]:
    """Rows whose search text contains the query (after the same normalisation)."""
    pattern = normalize(query)
    if not pattern:
        return queryset
    if connection.vendor == "sqlite" and len(pattern) >= FTS_MIN:
        phrase = '"' + pattern.replace('"', '""') + '"'
        matches = RawSQL(
            "SELECT rowid FROM registry_search WHERE registry_search MATCH %s", [phrase]
        )
        return queryset.filter(pk__in=matches)
    return queryset.filter(search_text__contains=pattern)
