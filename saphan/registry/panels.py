"""Sections that later apps add to an establishment's page (its complaints, services, work).

The registry imports no later app; each app appends a provider in its `AppConfig.ready`:
a function (person, establishment) → `Panel` or None (nothing to show, or not theirs to see).
Providers read through their own app's selectors, so the person's scope applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Panel:
    title: Any  # translatable text
    template: str  # rendered with `panel` (this object) and the page's context
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


PanelProvider = Callable[[Any, Any], Panel | None]
detail_panels: list[PanelProvider] = []


def panels_for(user: Any, establishment: Any) -> list[Panel]:
    found = [panel for provider in detail_panels if (panel := provider(user, establishment))]
    return sorted(found, key=lambda panel: panel.order)
