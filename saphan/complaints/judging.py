"""Judging a measurement against the standards in force on its day (pure: no database).

A measurement is within or above the limit of the one standard that matches its pollutant,
where it was taken and its averaging period, in force on the day it was measured; otherwise no
standard applies, and the reason says why — the commonest being that a stack is measured as
total particulate in mg/m³ while PM2.5 limits are for the air people breathe, in µg/m³.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from saphan.complaints.models.choices import AveragingPeriod, Pollutant, Unit, Where
from saphan.core.thai import format_date

WITHIN = "within"
EXCEEDS = "exceeds"
NO_STANDARD = "no_standard"
AMBIENT_ONLY = {Pollutant.PM25, Pollutant.PM10, Pollutant.TSP}
# Factor that turns a value in the first unit into the second.
CONVERSIONS: dict[tuple[str, str], Decimal] = {
    (Unit.UG_M3, Unit.MG_M3): Decimal("0.001"),
    (Unit.MG_M3, Unit.UG_M3): Decimal("1000"),
    (Unit.PPB, Unit.PPM): Decimal("0.001"),
    (Unit.PPM, Unit.PPB): Decimal("1000"),
}


@dataclass(frozen=True)
class StandardRow:
    id: int
    pollutant: str
    where: str
    averaging_period: str
    limit: Decimal | None
    unit: str
    legal_source: str
    effective_from: dt.date | None
    effective_until: dt.date | None
    to_confirm: bool

    def in_force(self, day: dt.date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_until is None or day <= self.effective_until
        )


@dataclass(frozen=True)
class Reading:
    pollutant: str
    where: str
    averaging_period: str
    value: Decimal
    unit: str
    day: dt.date


@dataclass(frozen=True)
class Verdict:
    outcome: str
    standard: StandardRow | None
    message: Any  # translatable text with %(name)s placeholders
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        """The reason in the active language."""
        text = str(self.message) % self.params if self.params else str(self.message)
        if self.outcome != NO_STANDARD and self.standard is not None and self.standard.to_confirm:
            text += " " + str(_("This limit is still to be confirmed."))
        return text


def _label(choices: Any, value: str) -> Any:
    """The choice's label, left lazy: the reason is rendered later, in the reader's language."""
    try:
        return choices(value).label
    except ValueError:
        return value


_lazy_date = lazy(format_date, str)
_lazy_join = lazy(lambda items: ", ".join(str(i) for i in items), str)


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def convert(value: Decimal, unit: str, to_unit: str) -> Decimal | None:
    if unit == to_unit:
        return value
    factor = CONVERSIONS.get((unit, to_unit))
    return None if factor is None else value * factor


def judge(reading: Reading, standards: Iterable[StandardRow]) -> Verdict:
    names = {
        "pollutant": _label(Pollutant, reading.pollutant),
        "where": _label(Where, reading.where),
        "period": _label(AveragingPeriod, reading.averaging_period),
        "date": _lazy_date(reading.day),
    }
    rows = list(standards)
    same_place = [s for s in rows if s.pollutant == reading.pollutant and s.where == reading.where]
    matching = [s for s in same_place if s.averaging_period == reading.averaging_period]
    if not matching:
        if reading.where == Where.STACK and reading.pollutant in AMBIENT_ONLY:
            return Verdict(
                NO_STANDARD,
                None,
                _(
                    "%(pollutant)s limits are for the air people breathe (ambient, µg/m³); a "
                    "stack is regulated as total particulate in mg/m³. Measure total "
                    "particulate at the stack, or %(pollutant)s in the community."
                ),
                names,
            )
        if same_place:
            order = [p.value for p in AveragingPeriod]
            periods = sorted({s.averaging_period for s in same_place}, key=order.index)
            return Verdict(
                NO_STANDARD,
                None,
                _(
                    "The limits for %(pollutant)s (%(where)s) are averages over %(periods)s; a "
                    "%(period)s value cannot be compared with them."
                ),
                {**names, "periods": _lazy_join([_label(AveragingPeriod, p) for p in periods])},
            )
        return Verdict(
            NO_STANDARD,
            None,
            _("No standard is recorded for %(pollutant)s measured at: %(where)s."),
            names,
        )
    in_force = [s for s in matching if s.in_force(reading.day)]
    if not in_force:
        return Verdict(
            NO_STANDARD,
            None,
            _("No standard for %(pollutant)s (%(where)s, %(period)s) was in force on %(date)s."),
            names,
        )
    # The most recent one when periods overlap by mistake (saving refuses overlaps now; older
    # data may still hold some): the latest start, then the one entered last.
    standard = max(in_force, key=lambda s: (s.effective_from or dt.date.min, s.id))
    if standard.limit is None:
        return Verdict(
            NO_STANDARD,
            standard,
            _(
                "The limit for %(pollutant)s (%(where)s, %(period)s) is not confirmed yet "
                "(%(source)s): no judgement until an administrator enters it."
            ),
            {**names, "source": standard.legal_source},
        )
    value = convert(reading.value, reading.unit, standard.unit)
    if value is None:
        return Verdict(
            NO_STANDARD,
            standard,
            _("Measured in %(unit)s but the standard is in %(standard_unit)s: not comparable."),
            {
                **names,
                "unit": _label(Unit, reading.unit),
                "standard_unit": _label(Unit, standard.unit),
            },
        )
    params = {
        **names,
        "value": _number(value),
        "limit": _number(standard.limit),
        "unit": _label(Unit, standard.unit),
        "source": standard.legal_source,
    }
    if standard.effective_from:
        params["since"] = _lazy_date(standard.effective_from)
    outcome = EXCEEDS if value > standard.limit else WITHIN
    return Verdict(outcome, standard, message_of(outcome, dated="since" in params), params)


def message_of(outcome: str, dated: bool = True) -> Any:
    """The verdict's sentence; a standard with no start date has no "in force since" clause."""
    if outcome == EXCEEDS:
        if not dated:
            return _(
                "%(value)s %(unit)s is above the limit of %(limit)s %(unit)s for a %(period)s "
                "average (%(source)s)."
            )
        return _(
            "%(value)s %(unit)s is above the limit of %(limit)s %(unit)s for a %(period)s "
            "average (%(source)s, in force since %(since)s)."
        )
    if not dated:
        return _(
            "%(value)s %(unit)s is within the limit of %(limit)s %(unit)s for a %(period)s "
            "average (%(source)s)."
        )
    return _(
        "%(value)s %(unit)s is within the limit of %(limit)s %(unit)s for a %(period)s "
        "average (%(source)s, in force since %(since)s)."
    )
