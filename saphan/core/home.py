"""Cards that apps put on the home page: each work area's few figures that need attention today.

Core imports no app; each app appends a provider in its `AppConfig.ready`: a function
(person) → `HomeCard` or None (nothing for this person). Providers read through their own
selectors, so the person's scope applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class HomeFigure:
    label: Any  # translatable text
    value: Any
    url: str = ""
    alert: bool = False  # shown in the warning colour (overdue, at risk)


@dataclass(frozen=True)
class HomeCard:
    title: Any
    url: str
    figures: list[HomeFigure] = field(default_factory=list)
    order: int = 100


HomeCardProvider = Callable[[Any], HomeCard | None]
home_cards: list[HomeCardProvider] = []


def home_cards_for(user: Any) -> list[HomeCard]:
    found = [card for provider in home_cards if (card := provider(user))]
    return sorted(found, key=lambda card: card.order)
