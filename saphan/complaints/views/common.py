"""Helpers the complaints pages share: errors onto forms, paging, map settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest

from saphan.core.errors import ApplicationError

PAGE_SIZE = 25


def errors_to_form(
    form: forms.BaseForm, exc: ApplicationError, aliases: dict[str, str] | None = None
) -> None:
    """Put a service's field errors on the form's fields (unknown names at the top)."""
    if exc.status == 403:
        raise PermissionDenied(str(exc.message))
    aliases = aliases or {}
    if not exc.fields:
        form.add_error(None, str(exc.message) % exc.params if exc.params else str(exc.message))
        return
    for name, errors in exc.fields.items():
        target = aliases.get(name, name)
        for error in errors:
            form.add_error(target if target in form.fields else None, error)


def page_of(request: HttpRequest, items: Any, size: int = PAGE_SIZE) -> Any:
    return Paginator(items, size).get_page(request.GET.get("page"))


def map_context() -> dict[str, Any]:
    return {
        "map_tiles": settings.SAPHAN_MAP_TILES,
        "map_attribution": settings.SAPHAN_MAP_ATTRIBUTION,
    }


def query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
