"""What every page's shell needs: the current office, the person's offices and navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from saphan.core.models import ROLE_RANK
from saphan.core.scoping import Action, scope_for
from saphan.core.selectors import office_list_of_user

# (url name, label, minimum role rank needed). Apps append their work areas to NAVIGATION;
# tools and settings go to SECONDARY_NAVIGATION, shown under "More" so the bar fits a screen.
NAVIGATION: list[tuple[str, Any, int]] = [
    ("home", _("Home"), 0),
]
SECONDARY_NAVIGATION: list[tuple[str, Any, int]] = [
    ("office-list", _("Offices"), ROLE_RANK["viewer"]),
    ("person-list", _("People"), ROLE_RANK["viewer"]),
    ("job-list", _("Jobs"), ROLE_RANK["officer"]),
    ("token-list", _("API tokens"), ROLE_RANK["viewer"]),
]


# (url name, label): what outside accounts (representatives of an establishment) see. Apps
# append their own entries.
REPRESENTATIVE_NAVIGATION: list[tuple[str, Any]] = []


def _rank_of(user: Any) -> int:
    scope = scope_for(user)
    return max((a.rank for a in Action if scope.provinces(a)), default=0)


def _active(path: str, url: str) -> bool:
    """The entry whose address the page lies under (home only on itself)."""
    return path == url if url == "/" else path.startswith(url)


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "nav_items": [],
            "more_items": [],
            "my_offices": [],
            "current_office": None,
            "is_admin": False,
        }
    rank = _rank_of(user)
    entries = [(name, label) for name, label, needed in NAVIGATION if rank >= needed]
    if scope_for(user).establishments:
        entries += [entry for entry in REPRESENTATIVE_NAVIGATION if entry not in entries]
    items = [{"url": reverse(name), "label": label} for name, label in entries]
    more = [
        {"url": reverse(name), "label": label}
        for name, label, needed in SECONDARY_NAVIGATION
        if rank >= needed
    ]
    # The longest matching address wins, so /registry/map/ lights "Map", not "Registry".
    matches = [item for item in items + more if _active(request.path, item["url"])]
    current = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items + more:
        item["active"] = item is current
    is_admin = user.is_superuser or rank >= ROLE_RANK["administrator"]
    return {
        "nav_items": items,
        "more_items": more,
        "more_active": any(item is current for item in more),
        "my_offices": getattr(request, "my_offices", None) or office_list_of_user(user),
        "current_office": getattr(request, "office", None),
        "is_admin": is_admin,
        "role_rank": rank,
    }
