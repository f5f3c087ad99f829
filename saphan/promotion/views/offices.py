"""The office a new office-owned record (team, plan, fund, training, project) belongs to."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from saphan.core.models import Office
from saphan.core.scoping import Action
from saphan.promotion.services.common import office_allowed


def office_for_new(request: HttpRequest, action: Action) -> Office:
    """`?office=CODE` (or a posted `office`), else the person's current office; it must be one
    where they may take `action`."""
    code = request.GET.get("office") or request.POST.get("office") or ""
    office = Office.objects.filter(code=code).first() if code else getattr(request, "office", None)
    if office is None or not office_allowed(request.user, office, action):
        raise PermissionDenied
    return office
