"""Reads of core records, every one through the scope of the person asking."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from saphan.core.models import (
    District,
    Job,
    Membership,
    Office,
    PostalCode,
    Province,
    Subdistrict,
    User,
)
from saphan.core.scoping import Action, scope_for
from saphan.core.thai import places_in_order


def office_list_for_user(user: Any, *, query: str = "", kind: str = "") -> QuerySet[Office]:
    """Offices are public knowledge (names, addresses, contacts): everyone signed in sees all."""
    offices = Office.objects.annotate(member_count=Count("memberships")).prefetch_related(
        "provinces"
    )
    if kind:
        offices = offices.filter(kind=kind)
    if query:
        offices = offices.filter(
            Q(code__icontains=query) | Q(name_th__icontains=query) | Q(name_en__icontains=query)
        )
    return offices.order_by("kind", "code")


def office_get(code: str) -> Office:
    return (
        Office.objects.prefetch_related("provinces")
        .select_related("subdistrict__district__province")
        .get(code=code)
    )


def office_list_of_user(user: Any) -> list[Office]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Office.objects.filter(memberships__user=user).order_by("kind", "code").distinct())


def membership_list_for_user(
    user: Any, *, office: Office | None = None, query: str = ""
) -> QuerySet[Membership]:
    """People of the offices inside the person's scope (officers' names are personal data)."""
    scope = scope_for(user)
    memberships = scope.filter_offices(
        Membership.objects.select_related("user", "office"), Action.VIEW, path="office"
    )
    if office is not None:
        memberships = memberships.filter(office=office)
    if query:
        memberships = memberships.filter(
            Q(user__username__icontains=query)
            | Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
        )
    return memberships.order_by("office__code", "user__first_name", "user__username")


def person_roles(user: Any) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(user=user)
        .select_related("office")
        .prefetch_related(Prefetch("office__provinces", queryset=Province.objects.order_by("code")))
    )


def job_list_for_user(user: Any) -> QuerySet[Job]:
    """A person's own jobs, and those of offices they manage."""
    scope = scope_for(user)
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    if scope.covers_all(Action.ADMINISTER):
        return Job.objects.all()
    return Job.objects.filter(
        Q(created_by=user) | Q(office_id__in=sorted(scope.offices(Action.MANAGE)))
    )


def job_get_for_user(user: Any, job_id: Any) -> Job:
    return job_list_for_user(user).get(pk=job_id)


def province_list() -> list[Province]:
    """Provinces in the page's order (Thai dictionary order, or A–Z in English)."""
    return places_in_order(Province.objects.all())


def district_list(province_code: str) -> list[District]:
    return places_in_order(District.objects.filter(province_id=province_code))


def subdistrict_list(district_code: str) -> list[Subdistrict]:
    return places_in_order(Subdistrict.objects.filter(district_id=district_code))


def subdistrict_list_by_postal_code(postal_code: str) -> QuerySet[Subdistrict]:
    codes = PostalCode.objects.filter(code=postal_code).values("subdistrict_id")
    return (
        Subdistrict.objects.filter(code__in=codes)
        .select_related("district", "province")
        .order_by("code")
    )


def subdistrict_get(code: str) -> Subdistrict:
    return Subdistrict.objects.select_related("district", "province").get(code=code)


def user_get_by_login(login: str) -> User | None:
    login = login.strip()
    if "@" in login:
        return User.objects.filter(email__iexact=login).first()
    return User.objects.filter(username=login).first()


def history_for(obj: Any, limit: int = 50) -> list[dict[str, Any]]:
    """Who changed what and when on a record, newest first, ready to show.

    Creation is one line ("created"); updates list each field by its label, old → new;
    many-to-many changes show what was added or removed.
    """
    from auditlog.models import LogEntry

    rows: list[dict[str, Any]] = []
    entries = LogEntry.objects.get_for_object(obj).select_related("actor", "content_type")
    for entry in entries[:limit]:
        changes: list[tuple[str, str, str]] = []
        if entry.action == LogEntry.Action.UPDATE:
            display = entry.changes_display_dict
            model = entry.content_type.model_class()
            for name, raw in entry.changes_dict.items():
                try:
                    label = str(model._meta.get_field(name).verbose_name) if model else name
                except Exception:
                    label = name
                if isinstance(raw, dict):  # many-to-many: {"type": "add", "objects": [...]}
                    sign = "+" if raw.get("type") == "add" else "−"
                    changes.append((label, "", f"{sign} {', '.join(raw.get('objects', []))}"))
                    continue
                values = display.get(label, raw)
                old, new = ("" if v in (None, "None") else str(v) for v in values[:2])
                changes.append((label, old, new))
        rows.append(
            {
                "timestamp": entry.timestamp,
                "actor": entry.actor,
                "action": entry.get_action_display(),
                "changes": changes,
            }
        )
    return rows
