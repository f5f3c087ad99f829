"""What the subcontracting pages share: turning service errors into form errors or messages,
looking records up (404 when not theirs), the provinces a person may filter by."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from saphan.core.errors import ApplicationError
from saphan.core.models import Province
from saphan.core.scoping import ALL, Action, scope_for
from saphan.core.thai import places_in_order

T = TypeVar("T")


def found(getter: Callable[..., T], *args: Any) -> T:
    """The record, or 404 (not found, or not the person's to see)."""
    try:
        return getter(*args)
    except ObjectDoesNotExist:
        raise Http404 from None


def to_form(exc: ApplicationError, *targets: forms.Form) -> None:
    """Put a service's field errors on the form that has the field (else the first form)."""
    if exc.status == 403:
        raise PermissionDenied from exc
    if not exc.fields:
        targets[0].add_error(None, str(exc))
        return
    for name, errors in exc.fields.items():
        owner = next((t for t in targets if name in t.fields), targets[0])
        for error in errors:
            owner.add_error(name if name in owner.fields else None, error)


def error_text(exc: ApplicationError) -> str:
    """The error and each field's messages, for a page message."""
    parts = [str(exc)]
    for errors in exc.fields.values():
        for error in errors:
            message = str(error.message)
            parts.append(message % error.params if error.params else message)
    return " ".join(parts)


def act(request: HttpRequest, action: Callable[[], Any], success: str) -> bool:
    """Run a service for a button (no form): a message either way."""
    try:
        action()
    except ApplicationError as exc:
        if exc.status == 403:
            raise PermissionDenied from exc
        messages.error(request, error_text(exc))
        return False
    messages.success(request, success)
    return True


def back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


def provinces_of(user: Any, action: Action = Action.VIEW) -> list[Province]:
    allowed = scope_for(user).provinces(action)
    rows = Province.objects.all()
    if ALL in allowed:
        return places_in_order(rows)
    return places_in_order(rows.filter(code__in=sorted(allowed)))
