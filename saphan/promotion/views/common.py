"""What the promotion views share: errors of a service onto a form, paging, 404s."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest

from saphan.core.errors import ApplicationError

PAGE_SIZE = 25
T = TypeVar("T")


def page_of(request: HttpRequest, items: Any, size: int = PAGE_SIZE) -> Page[Any]:
    return Paginator(items, size).get_page(request.GET.get("page"))


def found(getter: Callable[[], T]) -> T:
    """Run a selector; a record the person may not see is a 404, like one that does not exist."""
    try:
        return getter()
    except ObjectDoesNotExist:
        raise Http404 from None


def apply_errors(form: forms.BaseForm, exc: ApplicationError) -> None:
    """A service's error onto the form: each field's under it, the rest at the top."""
    if exc.status == 403:
        raise PermissionDenied from exc
    if not exc.fields:
        form.add_error(None, str(exc))
        return
    for name, errors in exc.fields.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)


def query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
