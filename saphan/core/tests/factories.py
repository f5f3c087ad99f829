"""Factories for people and memberships."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.hashers import make_password

from saphan.core.models import Membership, Office, User

PASSWORD = "correct horse battery"
_HASH = make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "สมชาย"
    last_name = factory.Sequence(lambda n: f"ทดสอบ{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    password = _HASH


def person(username: str, office_code: str | None = None, role: str = "officer", **kw: Any) -> User:
    """A person with a role in an office (by code, e.g. PIO86 for Chumphon)."""
    user: User = UserFactory(username=username, **kw)  # type: ignore[assignment]
    if office_code is not None:
        Membership.objects.create(user=user, office=Office.objects.get(code=office_code), role=role)
    return user
