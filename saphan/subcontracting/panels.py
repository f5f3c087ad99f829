"""The subcontracting section of an establishment's registry page: the work a party gives out,
the lots a group sews, a group's readiness — read through this app's selectors (the scope)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from saphan.registry.panels import Panel
from saphan.subcontracting.models import GROUP_KINDS, PARTY_KINDS
from saphan.subcontracting.selectors import allocation, offers, readiness


def work_panel(user: Any, establishment: Any) -> Panel | None:
    if establishment.kind not in PARTY_KINDS:
        return None
    own_offers = list(
        offers.offer_list_for_user(user, offers.OfferFilters(party=establishment.pk))[:10]
    )
    lots: list[Any] = []
    checked = None
    if establishment.kind in GROUP_KINDS:
        lots = list(
            allocation.lot_list_for_user(user, group=establishment.pk, hide_proposed=True)[:10]
        )
        state = readiness.group_states([establishment])[establishment.pk]
        if state.profile is not None:
            needs = readiness.open_offer_needs([establishment.province_id])
            checked = readiness.readiness_of(state, needs.get(establishment.province_id, []))
    if not own_offers and not lots and checked is None:
        return None
    return Panel(
        title=_("Subcontracting"),
        template="subcontracting/partials/panel.html",
        context={"est": establishment, "offers": own_offers, "lots": lots, "readiness": checked},
        order=50,
    )
