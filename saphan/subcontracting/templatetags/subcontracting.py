"""Template filters of subcontracting: {{ codes|skills }} shows operations by their names."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from saphan.subcontracting.models import MachineType, Operation

register = template.Library()


@register.filter
def skills(codes: Iterable[str] | None) -> str:
    """Skill codes (operations) as their names, sorted as the list of operations is."""
    chosen = set(codes or ())
    return ", ".join(str(label) for value, label in Operation.choices if value in chosen)


@register.filter
def machine(code: str) -> str:
    return str(MachineType(code).label) if code in MachineType.values else code
