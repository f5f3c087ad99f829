"""What the promotion views share: errors of a service onto a form or a message, paging, 404s."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
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


def error_text(exc: ApplicationError) -> str:
    """A service's error as one line for a message: each field's messages, else the error."""
    texts = [
        str(e.message % e.params if e.params else e.message)
        for errors in exc.fields.values()
        for e in errors
    ]
    return " ".join(texts) or str(exc)


def field_errors(exc: ApplicationError) -> dict[str, list[str]]:
    """A service's error by field (forms drawn by hand: the visit's outcomes)."""
    return {
        name: [str(e.message % e.params if e.params else e.message) for e in errors]
        for name, errors in exc.fields.items()
    } or {"general": [str(exc)]}


def run_action(request: HttpRequest, act: Callable[[], T], done: str | Callable[[T], str]) -> bool:
    """Run a service from a button: its success (`done`, or `done(result)`) or its error as a
    message; a refusal is a 403."""
    try:
        result = act()
    except ApplicationError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        messages.error(request, error_text(exc))
        return False
    messages.success(request, done(result) if callable(done) else done)
    return True


def query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
