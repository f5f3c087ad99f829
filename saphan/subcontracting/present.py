"""Records as the API (and exports) show them: plain dicts, personal data left out unless the
caller passes what the person may see."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse

from saphan.core.thai import baht_in_words
from saphan.subcontracting.earnings import hourly
from saphan.subcontracting.selectors.allocation import left_out_reason, lot_reason, shortfall_reason
from saphan.subcontracting.selectors.ledger import Reconciliation
from saphan.subcontracting.selectors.measures import GroupFigures, GroupRow, ProvinceSummary
from saphan.subcontracting.selectors.offers import sam_total, wage_verdict
from saphan.subcontracting.selectors.readiness import GroupState, Readiness


def wage(row: Any) -> dict[str, Any]:
    return {
        "id": row.pk,
        "province_code": row.province_id,
        "province_name": row.province.name_th,
        "effective_from": row.effective_from,
        "baht_per_day": row.baht_per_day,
        "baht_per_hour": hourly(row.baht_per_day),
        "source": row.source,
    }


def group(state: GroupState, readiness: Readiness) -> dict[str, Any]:
    g, p = state.group, state.profile
    location = state.location
    return {
        "id": g.pk,
        "name": g.name_th,
        "kind": g.kind,
        "province_code": g.province_id,
        "in_programme": p is not None,
        "readiness_score": readiness.score,
        "ready": readiness.ready,
        "missing": [str(label) for label in readiness.missing],
        "members_counted": state.members_counted,
        "skills": sorted(state.skills),
        "machines": dict(sorted(state.machines.items())),
        "latitude": location[0] if location else None,
        "longitude": location[1] if location else None,
        "intent_signed_on": p.intent_signed_on if p else None,
        "left_on": p.left_on if p else None,
    }


def figures(f: GroupFigures) -> dict[str, Any]:
    return {
        "receipts": f.receipts,
        "accepted": f.accepted,
        "rejected": f.rejected,
        "on_time_rate": f.on_time_rate,
        "reject_rate": f.reject_rate,
        "efficiency": f.efficiency,
        "earnings_per_hour": f.earnings_per_hour,
    }


def member(m: Any) -> dict[str, Any]:
    return {
        "id": m.pk,
        "full_name": m.full_name,
        "skills": m.skills,
        "main_occupation": m.main_occupation,
        "main_income_baht_per_day": m.main_income_baht_per_day,
        "hours_per_day": m.hours_per_day,
        "days_per_week": m.days_per_week,
        "consent_on": m.consent_on,
        "active": m.active,
    }


def company(party: Any) -> dict[str, Any]:
    profile = getattr(party, "subcontracting_company", None)
    return {
        "id": party.pk,
        "name": party.name_th,
        "kind": party.kind,
        "province_code": party.province_id,
        "willing": profile.willing if profile else None,
        "signed_on": profile.signed_on if profile else None,
        "products": profile.products if profile else "",
    }


def offer(o: Any, committed: int) -> dict[str, Any]:
    ops = list(o.operations.all())
    verdict = wage_verdict(o)
    return {
        "id": o.pk,
        "party_id": o.party_id,
        "party_name": o.party.name_th,
        "province_code": o.province_id,
        "title": o.title,
        "style_code": o.style_code,
        "description": o.description,
        "quality_spec": o.quality_spec,
        "pieces": o.pieces,
        "piece_rate_baht": o.piece_rate_baht,
        "materials_supplied": o.materials_supplied,
        "release_on": o.release_on,
        "due_on": o.due_on,
        "pickup_point": o.pickup_point,
        "pickup_latitude": o.pickup_latitude,
        "pickup_longitude": o.pickup_longitude,
        "min_lot_pieces": o.min_lot_pieces,
        "max_groups": o.max_groups,
        "status": o.status,
        "sam_minutes": sam_total(ops),
        "committed_pieces": committed,
        "operations": [
            {
                "position": op.position,
                "name": op.name,
                "skill": op.skill,
                "machine_type": op.machine_type,
                "sam_minutes": op.sam_minutes,
            }
            for op in ops
        ],
        "stages": [{"due_on": s.due_on, "pieces": s.pieces} for s in o.stages.all()],
        "wage_check": {
            "efficiency": o.check_efficiency,
            "earnings_per_hour": o.check_earnings_per_hour,
            "floor_per_hour": o.check_floor_per_hour,
            "main_income_per_hour": o.check_main_income_per_hour,
            "verdict": verdict.level if verdict else None,
            "message": str(verdict.message) if verdict else None,
        },
    }


def lot(x: Any) -> dict[str, Any]:
    return {
        "id": x.pk,
        "run_id": x.run_id,
        "offer_id": x.offer_id,
        "offer_title": x.offer.title,
        "party_name": x.offer.party.name_th,
        "group_id": x.group_id,
        "group_name": x.group.name_th,
        "pieces": x.pieces,
        "schedule": x.schedule,
        "finish_on": x.finish_on,
        "due_on": x.due_on,
        "on_time": x.finish_on <= x.due_on,
        "earnings_per_hour": x.earnings_per_hour,
        "floor_per_hour": x.floor_per_hour,
        "main_income_per_hour": x.main_income_per_hour,
        "utilisation": x.utilisation,
        "km": x.km,
        "reason": lot_reason(x),
        "status": x.status,
        "adjusted": x.adjusted,
        "decline_reason": x.decline_reason,
        "value_baht": x.offer.piece_rate_baht * x.pieces,
    }


def run(r: Any, pieces: Any) -> dict[str, Any]:
    return {
        "id": r.pk,
        "province_code": r.province_id,
        "kind": r.kind,
        "status": r.status,
        "week1_on": r.week1_on,
        "horizon_weeks": r.horizon_weeks,
        "safety_margin": r.safety_margin,
        "engine_status": r.engine_status,
        "job_id": str(r.job_id) if r.job_id else None,
        "pieces_asked": pieces.asked,
        "pieces_placed": pieces.placed,
        "pieces_short": pieces.short,
        "created_at": r.created_at,
        "published_at": r.published_at,
        "waits_for_run_id": r.waits_for_id,
    }


def shortfall(s: Any) -> dict[str, Any]:
    return {
        "offer_id": s.offer_id,
        "offer_title": s.offer.title,
        "pieces": s.pieces,
        "code": s.code,
        "reason": shortfall_reason(s.code),
    }


def left_out(item: dict[str, Any]) -> dict[str, Any]:
    return {**item, "reason_text": left_out_reason(str(item["reason"]))}


def reconciliation(rec: Reconciliation) -> dict[str, Any]:
    return {
        "issued": rec.issued,
        "accepted": rec.accepted,
        "rejected": rec.rejected,
        "returned": rec.returned,
        "scrap": rec.scrap,
        "rework": rec.rework,
        "accounted": rec.accounted,
        "still_with_group": rec.difference,
        "balanced": rec.difference == 0 and not rec.flags,
        "flags": [str(flag) for flag in rec.flags],
        "value_accepted": rec.value_accepted,
        "paid": rec.paid,
        "unpaid": rec.unpaid,
    }


def payment(p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "number": p.number,
        "paid_on": p.paid_on,
        "amount_baht": p.amount_baht,
        "amount_in_words": baht_in_words(p.amount_baht),
        "method": p.method,
        "reference": p.reference,
        "share_basis": p.share_basis,
        "slip_url": reverse("subcontracting-payment-slip", args=[p.pk]),
    }


def agreement(a: Any) -> dict[str, Any]:
    return {
        "number": a.number,
        "issued_on": a.issued_on,
        "employer_name": a.employer_name,
        "employer_address": a.employer_address,
        "worker_name": a.worker_name,
        "worker_address": a.worker_address,
        "work_type": a.work_type,
        "pieces": a.pieces,
        "piece_rate_baht": a.piece_rate_baht,
        "value_baht": a.value_baht,
        "due_on": a.due_on,
        "delivery_place": a.delivery_place,
        "materials": a.materials,
        "payment_terms": a.payment_terms,
        "keep_until": a.keep_until,
        "pdf_url": reverse("subcontracting-agreement-pdf", args=[a.lot_id]),
    }


def measure(row: GroupRow) -> dict[str, Any]:
    f = row.figures
    return {
        "group_id": row.group.pk,
        "group_name": row.group.name_th,
        "province_code": row.group.province_id,
        "ready": row.ready,
        "active": row.active,
        "lots_offered": row.lots_offered,
        "lots_accepted": row.lots_accepted,
        "lots_declined": row.lots_declined,
        "pieces_accepted": f.accepted,
        "on_time_rate": f.on_time_rate,
        "reject_rate": f.reject_rate,
        "efficiency": f.efficiency,
        "earnings_per_hour": row.earnings_per_hour,
        "floor_per_hour": row.floor_per_hour,
        "main_income_per_hour": row.main_income_per_hour,
        "last_activity": row.last_activity,
        "at_risk": bool(row.risks) and row.left_on is None,
        "risks": row.risks,
    }


def province(s: ProvinceSummary) -> dict[str, Any]:
    return {
        "province_code": s.province_code,
        "province_name": s.province_name,
        "groups": s.groups,
        "ready": s.ready,
        "active": s.active,
        "at_risk": s.at_risk,
        "left": s.left,
        "on_time_rate": s.on_time_rate,
        "reject_rate": s.reject_rate,
        "earnings_per_hour": s.earnings_per_hour,
        "floor_per_hour": s.floor_per_hour,
    }


def percent(value: Decimal | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"
