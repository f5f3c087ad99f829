"""Minimum wages: administrators of a province enter its rates (each from a date on)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from saphan.core.models import Province
from saphan.core.scoping import Action, scope_for
from saphan.subcontracting.models import MinimumWage
from saphan.subcontracting.services.common import forbidden, full_clean, invalid


@transaction.atomic
def minimum_wage_set(
    *, user: Any, province_code: str, effective_from: dt.date, baht_per_day: Decimal, source: str
) -> MinimumWage:
    """Add (or correct) the rate of a province from a day on."""
    if not Province.objects.filter(code=province_code).exists():
        raise invalid(
            "province", _("No province has the code %(code)s."), "unknown", code=province_code
        )
    if not scope_for(user).allows(province_code, Action.ADMINISTER):
        raise forbidden()
    if not source.strip():
        raise invalid("source", _("Say where the rate comes from (the announcement)."), "required")
    wage = MinimumWage.objects.filter(
        province_id=province_code, effective_from=effective_from
    ).first() or MinimumWage(province_id=province_code, effective_from=effective_from)
    wage.baht_per_day = baht_per_day
    wage.source = source.strip()
    if wage.created_by_id is None and getattr(user, "is_authenticated", False):
        wage.created_by = user
    full_clean(wage, exclude=["province"])
    try:
        with transaction.atomic():
            wage.save()
    except IntegrityError as exc:  # a concurrent entry of the same day
        raise invalid(
            "effective_from", _("A rate from this day already exists."), "unique"
        ) from exc
    return wage


@transaction.atomic
def minimum_wage_delete(*, user: Any, wage: MinimumWage) -> None:
    if not scope_for(user).allows(wage.province_id, Action.ADMINISTER):
        raise forbidden()
    wage.delete()
