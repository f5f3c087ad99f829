"""The one mechanism that decides which records a person may see and change.

A person's rights come from their memberships: each office covers provinces (a provincial
office its own, a regional center its set, the department and the ministry all of them), and
each membership carries a role. An action needs a minimum role; the provinces where a person
may take it are the union of the provinces of every office where their role is high enough.

Every selector and service asks this module, through `scope_for(user)`:
    scope.filter(queryset, Action.VIEW)      # rows the person may see
    scope.require(province_code, Action.CHANGE)  # raise unless allowed
A model that is scoped says where its province is with `scope_province_field` (a lookup path
such as "province" or "establishment__province"); a record without a province is seen and
changed only by people whose scope covers the whole country.

Outside accounts (a company's or a villagers' group's representative) have no office: they act
for the establishments they represent (`scope.establishments`, supplied by the registry through
`establishment_loader_register`). `scope.filter(qs, Action.VIEW)` also returns the rows of those
establishments for models that declare `scope_establishment_field` (a lookup path to the
establishment id) — a model whose rows the establishment must never see (a complaint about it)
simply does not declare it. What a representative may change, each service asks with
`scope.acts_for(establishment_id)`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from saphan.core.models import ROLE_RANK, Membership, Office, OfficeKind, Province, Role

M = TypeVar("M", bound=Model)


class Action(enum.Enum):
    VIEW = Role.VIEWER
    CHANGE = Role.OFFICER
    MANAGE = Role.MANAGER
    ADMINISTER = Role.ADMINISTRATOR

    @property
    def rank(self) -> int:
        return ROLE_RANK[self.value]


ALL = "*"


@dataclass(frozen=True)
class Scope:
    """Where a person may act: for each action, the province codes, or ALL."""

    user_id: int | None
    provinces_by_action: dict[Action, frozenset[str]] = field(default_factory=dict)
    offices_by_action: dict[Action, frozenset[int]] = field(default_factory=dict)
    highest_role: str | None = None
    establishments: frozenset[int] = frozenset()

    def provinces(self, action: Action) -> frozenset[str]:
        return self.provinces_by_action.get(action, frozenset())

    def offices(self, action: Action) -> frozenset[int]:
        return self.offices_by_action.get(action, frozenset())

    def covers_all(self, action: Action) -> bool:
        return ALL in self.provinces(action)

    def allows(self, province_code: str | None, action: Action) -> bool:
        allowed = self.provinces(action)
        if ALL in allowed:
            return True
        return province_code is not None and province_code in allowed

    def allows_office(self, office_id: int, action: Action) -> bool:
        return office_id in self.offices(action) or self.covers_all(action)

    def require(self, province_code: str | None, action: Action) -> None:
        if not self.allows(province_code, action):
            raise PermissionDenied(_("You may not do this for records of this province."))

    def province_q(self, path: str, action: Action) -> Q:
        allowed = self.provinces(action)
        if ALL in allowed:
            return Q()
        if not allowed:
            return Q(pk__in=[])
        return Q(**{f"{path}__in": sorted(allowed)})

    def acts_for(self, establishment_id: int | None) -> bool:
        """True when the person represents this establishment (an outside account)."""
        return establishment_id is not None and establishment_id in self.establishments

    def establishment_q(self, path: str) -> Q:
        """Rows (establishment id at `path`) of the establishments the person represents."""
        if not self.establishments:
            return Q(pk__in=[])
        return Q(**{f"{path}__in": sorted(self.establishments)})

    def filter(self, queryset: QuerySet[M], action: Action = Action.VIEW) -> QuerySet[M]:
        model = queryset.model
        path = getattr(model, "scope_province_field", None)
        if path is None:
            raise TypeError(f"{model.__name__} has no scope_province_field")
        q = self.province_q(path, action)
        own_path = getattr(model, "scope_establishment_field", None)
        if action is Action.VIEW and own_path and self.establishments:
            q |= self.establishment_q(own_path)
        return queryset.filter(q)

    def office_q(self, path: str, action: Action) -> Q:
        """Offices (at `path`) that lie wholly inside the scope, and the person's own offices.

        A regional center's officer thus sees its provincial offices; a provincial officer
        sees their own office, not the regional center that also covers other provinces.
        """
        if self.covers_all(action):
            return Q()
        prefix = f"{path}__" if path else ""
        own = Q(**{f"{prefix}pk__in": sorted(self.offices(action))})
        allowed = self.provinces(action)
        if not allowed:
            return own
        outside = Province.objects.exclude(code__in=sorted(allowed))
        inside_ids = (
            Office.objects.filter(provinces__isnull=False)
            .exclude(kind__in=[OfficeKind.DEPARTMENT, OfficeKind.MINISTRY])
            .exclude(provinces__in=outside)
            .values("pk")
        )
        return own | Q(**{f"{prefix}pk__in": inside_ids})

    def filter_offices(
        self, queryset: QuerySet[M], action: Action = Action.VIEW, path: str = ""
    ) -> QuerySet[M]:
        return queryset.filter(self.office_q(path, action)).distinct()

    @property
    def is_empty(self) -> bool:
        return not any(self.provinces_by_action.values()) and not self.establishments


# Who represents which establishment lives in the registry (core imports no other app): it
# registers a loader, user id → establishment ids, when it is ready.
EstablishmentLoader = Callable[[int], Iterable[int]]
_establishment_loaders: list[EstablishmentLoader] = []


def establishment_loader_register(loader: EstablishmentLoader) -> None:
    if loader not in _establishment_loaders:
        _establishment_loaders.append(loader)


def _all_province_codes() -> frozenset[str]:
    return frozenset(Province.objects.values_list("code", flat=True))


def build_scope(
    user_id: int | None, is_superuser: bool, memberships: Iterable[Membership]
) -> Scope:
    if user_id is None:
        return Scope(user_id=None)
    if is_superuser:
        everything = frozenset({ALL})
        return Scope(
            user_id=user_id,
            provinces_by_action={a: everything for a in Action},
            offices_by_action={
                a: frozenset(Office.objects.values_list("pk", flat=True)) for a in Action
            },
            highest_role=Role.ADMINISTRATOR,
        )
    provinces: dict[Action, set[str]] = {a: set() for a in Action}
    offices: dict[Action, set[int]] = {a: set() for a in Action}
    highest = 0
    highest_role: str | None = None
    for membership in memberships:
        rank = ROLE_RANK[membership.role]
        if rank > highest:
            highest, highest_role = rank, membership.role
        office = membership.office
        covered: set[str] = (
            {ALL} if office.covers_all_provinces else {p.code for p in office.provinces.all()}
        )
        for action in Action:
            if rank >= action.rank:
                provinces[action] |= covered
                offices[action].add(office.pk)
    return Scope(
        user_id=user_id,
        provinces_by_action={a: frozenset(v) for a, v in provinces.items()},
        offices_by_action={a: frozenset(v) for a, v in offices.items()},
        highest_role=highest_role,
    )


_CACHE_ATTR = "_saphan_scope"


def scope_for(user: Any) -> Scope:
    """The scope of a user (anonymous users get an empty one); cached on the user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Scope(user_id=None)
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    memberships = (
        Membership.objects.filter(user_id=user.pk, user__is_active=True)
        .select_related("office")
        .prefetch_related("office__provinces")
    )
    scope = build_scope(user.pk, user.is_superuser and user.is_active, memberships)
    if user.is_active and _establishment_loaders:
        represented = frozenset(e for load in _establishment_loaders for e in load(user.pk))
        if represented:
            scope = replace(scope, establishments=represented)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def scope_forget(user: Any) -> None:
    """Drop the cached scope after a person's memberships change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
