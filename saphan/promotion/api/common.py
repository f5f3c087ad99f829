"""What the promotion endpoints share: look-ups by code that answer with a field error."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from saphan.core.models import Office, User
from saphan.promotion.models import Skill
from saphan.promotion.services.common import invalid

M = TypeVar("M", bound=Model)


def one(queryset: QuerySet[M], field: str, value: Any, **lookup: Any) -> M:
    found = queryset.filter(**lookup).first()
    if found is None:
        raise invalid(field, _("Nothing has the value %(value)s."), "unknown", value=value)
    return found


def office_of(code: str, field: str = "office_code") -> Office:
    return one(Office.objects.all(), field, code, code=code)


def skill_of(code: str, field: str = "skill") -> Skill:
    return one(Skill.objects.all(), field, code, code=code)


def users_of(usernames: list[str], field: str) -> list[User]:
    found = {u.username: u for u in User.objects.filter(username__in=usernames)}
    missing = [name for name in usernames if name not in found]
    if missing:
        raise invalid(
            field, _("Nobody has the username %(value)s."), "unknown", value=", ".join(missing)
        )
    return [found[name] for name in usernames]
