"""Who may do what in subcontracting, asked of the one scope (`scope_for`).

Officers act for the records of their provinces; an outside account acts only for the
establishment it represents: a group for its readiness and its lots, a company (or a group that
gives work) for its offers and the ledger of their lots.
"""

from __future__ import annotations

from typing import Any

from saphan.core.scoping import Action, scope_for


def officer_of(user: Any, province_code: str | None, action: Action = Action.CHANGE) -> bool:
    return scope_for(user).allows(province_code, action)


def may_change_group(user: Any, group: Any) -> bool:
    """Readiness of a group: officers of its province, or the group's own representative."""
    return officer_of(user, group.province_id) or scope_for(user).acts_for(group.pk)


# Members are personal data: exactly those who may change the group's readiness see them.
may_see_members = may_change_group


def may_change_party(user: Any, party: Any) -> bool:
    """An offering party's offers and willingness: officers, or the party's representative."""
    return officer_of(user, party.province_id) or scope_for(user).acts_for(party.pk)


def may_change_offer(user: Any, offer: Any) -> bool:
    return officer_of(user, offer.province_id) or scope_for(user).acts_for(offer.party_id)


def may_plan(user: Any, province_code: str) -> bool:
    """Run, adjust and publish allocations: officers of the province."""
    return officer_of(user, province_code)


def may_decide_lot(user: Any, lot: Any) -> bool:
    """Accept, decline, report progress: the group (or an officer on its behalf, by phone)."""
    return scope_for(user).acts_for(lot.group_id) or officer_of(user, lot.run.province_id)


def may_keep_ledger(user: Any, lot: Any) -> bool:
    """Materials, receipts and payments: the offering party, or an officer."""
    return scope_for(user).acts_for(lot.offer.party_id) or officer_of(user, lot.run.province_id)
