"""The section this app adds to an establishment's page: its service requests and visits."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from saphan.core.scoping import Action, scope_for
from saphan.promotion.selectors.requests import requests_of_establishment, visits_of_establishment
from saphan.registry.panels import Panel


def establishment_services_panel(user: Any, establishment: Any) -> Panel | None:
    scope = scope_for(user)
    requests = list(requests_of_establishment(user, establishment.pk)[:20])
    may_ask = scope.allows(establishment.province_id, Action.CHANGE) or scope.acts_for(
        establishment.pk
    )
    if not requests and not may_ask:
        return None
    visits = list(visits_of_establishment(user, establishment.pk)[:10])
    return Panel(
        title=_("Promotion services"),
        template="promotion/partials/establishment_panel.html",
        context={"requests": requests, "visits": visits, "may_ask": may_ask},
        order=50,
    )
