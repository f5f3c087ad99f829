"""Scoped base querysets shared by the promotion selectors."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from saphan.core.models import Office
from saphan.core.scoping import Action, scope_for

M = TypeVar("M", bound=Model)


def office_scoped(user: Any, queryset: QuerySet[M], action: Action = Action.VIEW) -> QuerySet[M]:
    """Records owned by an office (`office` field) the person may act on: their own offices
    and those wholly inside their scope."""
    return scope_for(user).filter_offices(queryset, action, path="office")


def offices_for(user: Any, action: Action) -> QuerySet[Office]:
    return scope_for(user).filter_offices(Office.objects.all(), action).order_by("kind", "code")
