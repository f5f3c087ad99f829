"""The subcontracting section of an establishment's registry page (filled in later)."""

from __future__ import annotations

from typing import Any

from saphan.registry.panels import Panel


def work_panel(user: Any, establishment: Any) -> Panel | None:
    return None
