"""The result's JSON: written for the command line and the application, read back by the tools
that consume RESULT.json (and by the round-trip tests)."""

from __future__ import annotations

from collections.abc import Mapping

from engines.allocation.contract import as_int, as_list, as_number
from engines.allocation.model import (
    GroupLoad,
    Lot,
    Objective,
    ProblemError,
    Result,
    Unallocated,
    WeekLoad,
    WeekPieces,
)


def result_to_json(result: Result) -> dict[str, object]:
    o = result.objective
    return {
        "status": result.status,
        "lots": [
            {
                "offer": lot.offer_id,
                "group": lot.group_id,
                "pieces": lot.pieces,
                "schedule": [{"week": s.week, "pieces": s.pieces} for s in lot.schedule],
                "finish_week": lot.finish_week,
                "earnings_baht_per_member_hour": lot.earnings_baht_per_member_hour,
                "km": lot.km,
                "why": lot.why,
            }
            for lot in result.lots
        ],
        "unallocated": [
            {"offer": u.offer_id, "pieces": u.pieces, "code": u.code, "reason": u.reason}
            for u in result.unallocated
        ],
        "objective": {
            "pieces_offered": o.pieces_offered,
            "pieces_on_time": o.pieces_on_time,
            "pieces_late": o.pieces_late,
            "pieces_unallocated": o.pieces_unallocated,
            "pieces_on_time_bound": o.pieces_on_time_bound,
            "fairness_penalty": o.fairness_penalty,
            "earnings_gini": o.earnings_gini,
            "lowest_earnings_level": o.lowest_earnings_level,
            "transport_piece_km": o.transport_piece_km,
            "transport_lot_km": o.transport_lot_km,
        },
        "groups": [
            {
                "group": g.group_id,
                "earnings_baht": g.earnings_baht,
                "earnings_level_before": g.earnings_level_before,
                "earnings_level_after": g.earnings_level_after,
                "weeks": [
                    {
                        "week": w.week,
                        "minutes_planned": w.minutes_planned,
                        "minutes_capacity": w.minutes_capacity,
                    }
                    for w in g.weeks
                ],
            }
            for g in result.groups
        ],
        "repair_rounds": result.repair_rounds,
    }


def _field(obj: object, key: str) -> object:
    if not isinstance(obj, Mapping) or key not in obj:
        raise ProblemError(key, "missing in result")
    value: object = obj[key]
    return value


def _fnum(obj: object, key: str) -> float:
    return as_number(_field(obj, key), key)


def _fint(obj: object, key: str) -> int:
    return as_int(_field(obj, key), key)


def _fstr(obj: object, key: str) -> str:
    value = _field(obj, key)
    if not isinstance(value, str):
        raise ProblemError(key, "expected a string")
    return value


def result_from_json(data: object) -> Result:
    """Read a result file back (what other tools consuming RESULT.json do)."""
    objective = _field(data, "objective")
    return Result(
        status=_fstr(data, "status"),
        lots=tuple(
            Lot(
                offer_id=_fstr(item, "offer"),
                group_id=_fstr(item, "group"),
                pieces=_fint(item, "pieces"),
                schedule=tuple(
                    WeekPieces(week=_fint(s, "week"), pieces=_fint(s, "pieces"))
                    for s in as_list(_field(item, "schedule"), "schedule")
                ),
                finish_week=_fint(item, "finish_week"),
                earnings_baht_per_member_hour=_fnum(item, "earnings_baht_per_member_hour"),
                km=_fnum(item, "km"),
                why=_fstr(item, "why"),
            )
            for item in as_list(_field(data, "lots"), "lots")
        ),
        unallocated=tuple(
            Unallocated(
                offer_id=_fstr(item, "offer"),
                pieces=_fint(item, "pieces"),
                code=_fstr(item, "code"),
                reason=_fstr(item, "reason"),
            )
            for item in as_list(_field(data, "unallocated"), "unallocated")
        ),
        objective=Objective(
            pieces_offered=_fint(objective, "pieces_offered"),
            pieces_on_time=_fint(objective, "pieces_on_time"),
            pieces_late=_fint(objective, "pieces_late"),
            pieces_unallocated=_fint(objective, "pieces_unallocated"),
            pieces_on_time_bound=_fint(objective, "pieces_on_time_bound"),
            fairness_penalty=_fnum(objective, "fairness_penalty"),
            earnings_gini=_fnum(objective, "earnings_gini"),
            lowest_earnings_level=_fnum(objective, "lowest_earnings_level"),
            transport_piece_km=_fnum(objective, "transport_piece_km"),
            transport_lot_km=_fnum(objective, "transport_lot_km"),
        ),
        groups=tuple(
            GroupLoad(
                group_id=_fstr(item, "group"),
                earnings_baht=_fnum(item, "earnings_baht"),
                earnings_level_before=_fnum(item, "earnings_level_before"),
                earnings_level_after=_fnum(item, "earnings_level_after"),
                weeks=tuple(
                    WeekLoad(
                        week=_fint(w, "week"),
                        minutes_planned=_fnum(w, "minutes_planned"),
                        minutes_capacity=_fnum(w, "minutes_capacity"),
                    )
                    for w in as_list(_field(item, "weeks"), "weeks")
                ),
            )
            for item in as_list(_field(data, "groups"), "groups")
        ),
        repair_rounds=_fint(data, "repair_rounds"),
    )
