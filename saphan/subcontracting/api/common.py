"""What the subcontracting endpoints share: pages of results, and looking records up."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from ninja import Schema

PAGE_SIZE = 50


class Page(Schema):
    count: int
    page: int
    pages: int


def paged(
    rows: QuerySet[Any] | Sequence[Any],
    page: int,
    build: Callable[[list[Any]], list[dict[str, Any]]],
    page_size: int = PAGE_SIZE,
) -> dict[str, Any]:
    """One page of `rows`, built in one go (so a page needs a fixed number of queries)."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    pages = max(1, math.ceil(count / page_size))
    page = min(max(1, page), pages)
    chunk = list(rows[(page - 1) * page_size : page * page_size])
    return {"count": count, "page": page, "pages": pages, "items": build(chunk)}


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
