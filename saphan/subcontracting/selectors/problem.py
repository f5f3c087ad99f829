"""The engine's problem, built from the database for one allocation run (a selector: it reads).

How the application's records become the engine's plain data (docs/subcontracting.md):
- a group is sent when it is ready (intent signed, ≥ 5 consenting members, working machines,
  a location) and has not left; its capacity is its consenting members' own hours and days
  (members × minutes_per_day × days_per_week = Σ hours × 60 × days), its machines the usable
  ones plus "hand" (one per member) for hand work, its efficiency, on-time and reject rates the
  measured ones once receipts give them (else 0.35 and none), its floor the highest hourly
  minimum wage of its province over the run's weeks, its booked minutes the lots it already
  holds, its previous earnings the value of its lots of the last twelve weeks (rotation);
- an offer is sent once per staged delivery (or once) with the pieces still to place, its
  deliveries as one engine order (they share the offer's maximum number of groups); a style
  with several operations goes with its SAM on each machine type (`machine_minutes`: the engine
  plans every type it needs), its principal type (the most SAM) as `machine_type`; only groups
  with every skill and machine type of the style get the offer's skill token, so the engine's
  eligibility is the application's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from engines.allocation import Group, Offer, Problem
from saphan.subcontracting import weeks
from saphan.subcontracting.earnings import DEFAULT_EFFICIENCY, hourly
from saphan.subcontracting.models import (
    GroupProfile,
    Lot,
    LotStatus,
    MachineType,
    WorkOffer,
)
from saphan.subcontracting.models.allocation import COMMITTED
from saphan.subcontracting.selectors.measures import group_figures
from saphan.subcontracting.selectors.offers import principal_machine, sam_by_type, sam_total
from saphan.subcontracting.selectors.readiness import (
    GroupState,
    group_states,
    open_offer_needs,
    readiness_of,
    unavailable_periods,
)
from saphan.subcontracting.selectors.wages import highest_daily_wages

MAX_HORIZON_WEEKS = 52
ROTATION_DAYS = 84
HAND = MachineType.HAND.value


@dataclass
class SentOffer:
    """One engine offer: an offer (or one staged delivery of it)."""

    offer: WorkOffer
    due_on: dt.date
    pieces: int


@dataclass
class SentGroup:
    state: GroupState
    engine: Group
    floor_per_hour: Decimal
    efficiency: Decimal
    reject_rate: Decimal
    margin: Decimal


@dataclass
class Built:
    problem: Problem
    week1: dt.date
    offers: dict[str, SentOffer] = field(default_factory=dict)  # by engine id
    groups: dict[str, SentGroup] = field(default_factory=dict)  # by engine id
    left_out: list[dict[str, object]] = field(default_factory=list)  # groups not sent, why
    skipped: list[tuple[WorkOffer, int, str]] = field(default_factory=list)  # (offer, pieces, code)
    sam: dict[int, Decimal] = field(default_factory=dict)  # offer pk → total SAM
    sam_types: dict[int, dict[str, Decimal]] = field(default_factory=dict)


def _holders(offer_ids: list[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    rows = Lot.objects.filter(offer_id__in=offer_ids, status__in=COMMITTED).values_list(
        "offer_id", "group_id"
    )
    for offer_id, group_id in rows:
        out.setdefault(offer_id, set()).add(group_id)
    return out


def _decliners(offer_ids: list[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    rows = Lot.objects.filter(offer_id__in=offer_ids, status=LotStatus.DECLINED).values_list(
        "offer_id", "group_id"
    )
    for offer_id, group_id in rows:
        out.setdefault(offer_id, set()).add(group_id)
    return out


def _stage_pieces(offer: WorkOffer, pieces: int) -> list[tuple[dt.date, int]]:
    """What is still to place, stage by stage: the latest stages are the ones left (pieces
    already placed count towards the earliest deliveries)."""
    stages = sorted(offer.stages.all(), key=lambda s: s.due_on)
    if not stages:
        return [(offer.due_on, pieces)]
    out: list[tuple[dt.date, int]] = []
    left = pieces
    for stage in reversed(stages):
        take = min(stage.pieces, left)
        if take > 0:
            out.append((stage.due_on, take))
        left -= take
    return sorted(out)


def build_problem(
    *,
    province_code: str,
    week1: dt.date,
    asked: list[tuple[WorkOffer, int]],
    safety_margin: Decimal,
) -> Built:
    """The problem for `asked` (offers and the pieces to place) over the province's groups."""
    # Offers first: their windows set the horizon.
    sent: list[
        tuple[WorkOffer, dt.date, int, int, int]
    ] = []  # offer, due, pieces, release w, due w
    skipped: list[tuple[WorkOffer, int, str]] = []
    for offer, pieces in asked:
        if offer.below_floor:
            skipped.append((offer, pieces, "below_wage_floor"))
            continue
        release = weeks.release_week(week1, offer.release_on)
        for due_on, stage_pieces in _stage_pieces(offer, pieces):
            due = min(weeks.due_week(week1, due_on), MAX_HORIZON_WEEKS)
            if due < release:
                skipped.append((offer, stage_pieces, "window"))
                continue
            sent.append((offer, due_on, stage_pieces, release, due))
    horizon = max((due for *_rest, due in sent), default=1)

    # Groups: ready ones of the province.
    profiles = GroupProfile.objects.filter(
        establishment__province_id=province_code, establishment__merged_into__isnull=True
    ).select_related("establishment")
    states = group_states([p.establishment for p in profiles])
    needs = open_offer_needs([province_code]).get(province_code, [])
    last_day = weeks.week_end(week1, horizon)
    floors = highest_daily_wages({s.group.province_id for s in states.values()}, week1, last_day)
    figures = group_figures(states)
    periods = unavailable_periods(states)
    built = Built(problem=Problem(horizon_weeks=horizon, groups=(), offers=()), week1=week1)
    built.skipped = skipped

    offer_pks = sorted({o.pk for o, *_ in sent})
    holders = _holders(offer_pks)
    decliners = _decliners(offer_pks)
    for offer, *_ in sent:
        ops = list(offer.operations.all())
        built.sam[offer.pk] = sam_total(ops)
        built.sam_types[offer.pk] = sam_by_type(ops)

    booked = _booked(week1, horizon, [s.group.pk for s in states.values()])
    previous = _previous_earnings(week1, list(states))

    eligible_offers: dict[int, list[str]] = {}  # group pk → engine skill tokens
    for offer, *_ in sent:
        ops = list(offer.operations.all())
        skills = {op.skill for op in ops}
        types = {op.machine_type for op in ops}
        for gid, state in states.items():
            if gid == offer.party_id or gid in decliners.get(offer.pk, set()):
                continue
            if state.can_sew(skills, types):
                eligible_offers.setdefault(gid, []).append(f"o{offer.pk}")

    engine_groups: list[Group] = []
    for gid, state in sorted(states.items()):
        reason = _left_out_reason(state, readiness_of(state, needs).ready, floors)
        if reason:
            built.left_out.append({"group": gid, "name": state.group.name_th, "reason": reason})
            continue
        assert state.location is not None
        f = figures[gid]
        efficiency = f.efficiency or DEFAULT_EFFICIENCY
        reject = f.reject_rate or Decimal(0)
        reject = min(reject, Decimal("0.9"))
        on_time = f.on_time_rate
        members = state.members_counted
        days = float(state.member_days) / members
        minutes_per_day = float(state.member_minutes_week) / float(state.member_days)
        machines = dict(state.machines)
        machines[HAND] = members
        floor = hourly(floors[state.group.province_id])
        good = 1 - float(reject)
        group_booked = [
            (week, kind, float(minutes) / good) for week, kind, minutes in booked.get(gid, [])
        ]
        engine = Group(
            id=str(gid),
            members=members,
            minutes_per_day=round(minutes_per_day, 6),
            days_per_week=round(days, 6),
            machines=tuple(sorted(machines.items())),
            skills=tuple(sorted(eligible_offers.get(gid, []))),
            location_deg=state.location,
            wage_floor_baht_per_hour=float(floor),
            efficiency=float(efficiency),
            unavailable_weeks=tuple(weeks.unavailable_weeks(week1, horizon, periods.get(gid, []))),
            on_time_rate=max(0.01, float(on_time)) if on_time is not None else None,
            reject_rate=float(reject),
            previous_earnings_baht=float(previous.get(gid, Decimal(0))),
            booked=_merge_booked(group_booked),
        )
        engine_groups.append(engine)
        margin = max(safety_margin, 1 - on_time) if on_time is not None else safety_margin
        built.groups[str(gid)] = SentGroup(
            state=state,
            engine=engine,
            floor_per_hour=floor,
            efficiency=efficiency,
            reject_rate=reject,
            margin=margin,
        )

    centroid = _centroid([g.location_deg for g in engine_groups])
    engine_offers: list[Offer] = []
    for offer, due_on, pieces, release, due in sent:
        ops = list(offer.operations.all())
        staged = len(offer.stages.all()) > 0
        engine_id = f"o{offer.pk}-{due_on:%Y%m%d}" if staged else f"o{offer.pk}"
        used = len(holders.get(offer.pk, set()))
        by_type = built.sam_types[offer.pk]
        engine_offers.append(
            Offer(
                id=engine_id,
                pieces=pieces,
                sam_minutes=float(built.sam[offer.pk]),
                machine_type=principal_machine(ops),
                # The whole SAM on one type needs no split (the engine's exact network).
                machine_minutes=tuple((t, float(m)) for t, m in sorted(by_type.items()))
                if len(by_type) > 1
                else (),
                order=f"o{offer.pk}" if staged else "",
                skill=f"o{offer.pk}",
                piece_rate_baht=float(offer.piece_rate_baht),
                release_week=release,
                due_week=due,
                min_lot_pieces=min(offer.min_lot_pieces, pieces),
                max_groups=max(1, offer.max_groups - used),
                location_deg=_offer_location(offer) or centroid,
            )
        )
        built.offers[engine_id] = SentOffer(offer=offer, due_on=due_on, pieces=pieces)
    built.problem = Problem(
        horizon_weeks=horizon,
        groups=tuple(sorted(engine_groups, key=lambda g: g.id)),
        offers=tuple(sorted(engine_offers, key=lambda o: o.id)),
        safety_margin=float(safety_margin),
    )
    return built


def _left_out_reason(state: GroupState, ready: bool, floors: dict[str, Decimal]) -> str:
    if state.left:
        return "left"
    if not ready:
        return "not_ready"
    if state.group.province_id not in floors:
        return "no_minimum_wage"
    return ""


def _booked(
    week1: dt.date, horizon: int, group_ids: list[int]
) -> dict[int, list[tuple[int, str, Decimal]]]:
    """Standard minutes of the lots the groups hold (offered or accepted), by week and machine
    type: each tranche's pieces × the SAM of each operation type of its style."""
    out: dict[int, list[tuple[int, str, Decimal]]] = {}
    lots = Lot.objects.filter(
        group_id__in=group_ids, status__in=(LotStatus.OFFERED, LotStatus.ACCEPTED)
    ).prefetch_related("offer__operations")
    for lot in lots:
        by_type = sam_by_type(list(lot.offer.operations.all()))
        for tranche in lot.schedule:
            week = weeks.week_of(week1, dt.date.fromisoformat(tranche["starts_on"]))
            if not 1 <= week <= horizon:
                continue
            for kind, sam in by_type.items():
                out.setdefault(lot.group_id, []).append((week, kind, int(tranche["pieces"]) * sam))
    return out


def _merge_booked(rows: list[tuple[int, str, float]]) -> tuple[tuple[int, str, float], ...]:
    merged: dict[tuple[int, str], float] = {}
    for week, kind, minutes in rows:
        merged[(week, kind)] = merged.get((week, kind), 0.0) + minutes
    return tuple((w, k, round(m, 3)) for (w, k), m in sorted(merged.items()))


def _previous_earnings(week1: dt.date, group_ids: list[int]) -> dict[int, Decimal]:
    """Value of the lots each group held in the last twelve weeks: rotation between runs."""
    since = week1 - dt.timedelta(days=ROTATION_DAYS)
    out: dict[int, Decimal] = {}
    lots = Lot.objects.filter(
        Q(group_id__in=group_ids), Q(status__in=COMMITTED), Q(finish_on__gte=since)
    ).values_list("group_id", "pieces", "offer__piece_rate_baht")
    for gid, pieces, rate in lots:
        out[gid] = out.get(gid, Decimal(0)) + pieces * rate
    return out


def _offer_location(offer: WorkOffer) -> tuple[float, float] | None:
    if offer.pickup_latitude is not None and offer.pickup_longitude is not None:
        return (float(offer.pickup_latitude), float(offer.pickup_longitude))
    party = offer.party
    if party.latitude is not None and party.longitude is not None:
        return (float(party.latitude), float(party.longitude))
    return None


def _centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Where an offer without a known pick-up point is taken to be: among the groups (distance
    then plays no part in who gets it)."""
    if not points:
        return (13.75, 100.5)
    return (
        sum(p[0] for p in points) / len(points),
        sum(p[1] for p in points) / len(points),
    )
