"""The complaints section of an establishment's page in the registry (office staff only)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.complaints.selectors import staff as selectors
from saphan.core.scoping import Action, scope_for
from saphan.registry.panels import Panel


def complaints_panel(user: Any, establishment: Any) -> Panel | None:
    """Complaints, episodes, inspections and orders about the establishment — never for its own
    representatives (outside accounts have no province to view)."""
    if not scope_for(user).allows(establishment.province_id, Action.VIEW):
        return None
    complaints = selectors.complaint_list_for_user(
        user, selectors.ComplaintFilters(establishment=establishment.pk)
    )
    return Panel(
        title=_("Complaints and inspections"),
        template="complaints/staff/partials/panel.html",
        context={
            "complaints": list(complaints[:10]),
            "complaint_total": complaints.count(),
            "episodes": list(selectors.episodes_for_establishment(user, establishment.pk)[:10]),
            "inspections": list(
                selectors.inspection_list_for_user(user, establishment=establishment.pk)[:5]
            ),
            "orders": list(selectors.order_list_for_user(user, establishment=establishment.pk)[:5]),
            "today": timezone.localdate(),
        },
        order=20,
    )
