"""Currency: when the record was last verified."""

from __future__ import annotations

from collections.abc import Sequence

from saphan.registry.quality_rules.base import (
    _NONE,
    ALL_KINDS,
    CURRENCY,
    INFO,
    WARNING,
    Context,
    Finding,
    Record,
    Rule,
    _day,
    _register,
)

# --- currency ----------------------------------------------------------------------------------


@_register(
    "currency.unverified", WARNING, CURRENCY, ("verified_at",), ALL_KINDS,
    "ข้อมูลไม่ได้ตรวจสอบมา %(age_days)s วัน (ตรวจล่าสุด %(verified_on)s) เกินรอบ %(months)s เดือน",
    "Not verified for %(age_days)s days (last on %(verified_on)s), longer than %(months)s "
    "months.",
)  # fmt: skip
def _currency_unverified(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    verified = r.verified_at
    if verified is None:
        return _NONE
    day = _day(verified)
    age = (c.today - day).days
    if age <= c.period_days:
        return _NONE
    params = {
        "verified_on": day.isoformat(), "age_days": age, "period_days": c.period_days,
        "months": c.currency_months,
    }  # fmt: skip
    return (rule.finding("verified_at", params),)


@_register(
    "currency.never_verified", INFO, CURRENCY, ("verified_at",), ALL_KINDS,
    "ข้อมูลยังไม่เคยได้รับการตรวจสอบ", "The record has never been verified.",
)  # fmt: skip
def _currency_never(rule: Rule, r: Record, c: Context) -> Sequence[Finding]:
    return (rule.finding("verified_at"),) if r.verified_at is None else _NONE
