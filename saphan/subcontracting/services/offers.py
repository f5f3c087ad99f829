"""Writes of work offers: create and edit with the style's operations and staged deliveries,
post (with the wage check), close, cancel."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.models import Province
from saphan.core.scoping import scope_for
from saphan.registry.models import Establishment
from saphan.subcontracting import access
from saphan.subcontracting.earnings import DEFAULT_EFFICIENCY, hourly, per_member_hour
from saphan.subcontracting.models import (
    PARTY_KINDS,
    GroupProfile,
    Lot,
    LotStatus,
    MachineType,
    OfferOperation,
    OfferStage,
    OfferStatus,
    Operation,
    WorkOffer,
)
from saphan.subcontracting.models.allocation import COMMITTED, HOLDING
from saphan.subcontracting.selectors.offers import sam_total
from saphan.subcontracting.selectors.readiness import group_states
from saphan.subcontracting.selectors.wages import highest_daily_wages
from saphan.subcontracting.services.common import (
    forbidden,
    full_clean,
    invalid,
    only_fields,
    state_error,
)

OFFER_FIELDS = (
    "province", "title", "style_code", "description", "quality_spec", "pieces",
    "piece_rate_baht", "materials_supplied", "release_on", "due_on", "pickup_point",
    "pickup_latitude", "pickup_longitude", "min_lot_pieces", "max_groups",
)  # fmt: skip
MAX_OPERATIONS = 40


def _may_post_to(user: Any, party: Establishment, province_code: str) -> bool:
    """Officers post into their provinces; a party's representative into any province (a
    Bangkok company may give work to Chumphon's groups; that office then handles it)."""
    return access.officer_of(user, province_code) or scope_for(user).acts_for(party.pk)


def _operations(rows: list[dict[str, Any]]) -> list[OfferOperation]:
    if not rows:
        raise invalid(
            "operations", _("Give at least one operation with its SAM and machine type."),
            "required",
        )  # fmt: skip
    if len(rows) > MAX_OPERATIONS:
        raise invalid("operations", _("At most 40 operations."), "too_many")
    out = []
    for i, row in enumerate(rows):
        only_fields(row, ("name", "skill", "machine_type", "sam_minutes"))
        if row.get("skill") not in Operation.values:
            raise invalid(
                f"operations.{i}.skill", _("Choose the operation's skill."), "invalid_choice"
            )
        if row.get("machine_type") not in MachineType.values:
            raise invalid(
                f"operations.{i}.machine_type", _("Choose a machine type."), "invalid_choice"
            )
        sam = row.get("sam_minutes")
        if sam is None or Decimal(str(sam)) <= 0:
            raise invalid(
                f"operations.{i}.sam_minutes", _("SAM must be more than 0 minutes."), "min_value"
            )
        out.append(
            OfferOperation(
                position=i + 1,
                name=(row.get("name") or "").strip(),
                skill=row["skill"],
                machine_type=row["machine_type"],
                sam_minutes=Decimal(str(sam)),
            )
        )
    return out


def _stages(rows: list[dict[str, Any]], offer: WorkOffer) -> list[OfferStage]:
    out = []
    for i, row in enumerate(rows):
        only_fields(row, ("due_on", "pieces"))
        due, pieces = row.get("due_on"), row.get("pieces")
        if due is None:
            raise invalid(f"stages.{i}.due_on", _("This field is required."), "required")
        if not offer.release_on <= due <= offer.due_on:
            raise invalid(
                f"stages.{i}.due_on",
                _("A staged delivery falls between the release and the due date."),
                "stage_window",
            )
        if not pieces or int(pieces) < 1:
            raise invalid(f"stages.{i}.pieces", _("At least one piece."), "min_value")
        out.append(OfferStage(due_on=due, pieces=int(pieces)))
    if out and sum(s.pieces for s in out) != offer.pieces:
        raise invalid(
            "stages",
            _("The staged deliveries add up to %(sum)s pieces, not the %(pieces)s offered."),
            "stage_sum",
            sum=sum(s.pieces for s in out),
            pieces=offer.pieces,
        )
    if len({s.due_on for s in out}) != len(out):
        raise invalid("stages", _("Two staged deliveries fall on the same day."), "stage_unique")
    return sorted(out, key=lambda s: s.due_on)


def _apply(offer: WorkOffer, data: dict[str, Any]) -> None:
    only_fields(data, OFFER_FIELDS)
    for name, value in data.items():
        if name == "province":
            province = (
                value
                if isinstance(value, Province)
                else Province.objects.filter(code=value).first()
            )
            if province is None:
                raise invalid(
                    "province", _("No province has the code %(code)s."), "unknown", code=value
                )
            offer.province = province
        else:
            setattr(offer, name, value.strip() if isinstance(value, str) else value)
    if offer.due_on and offer.release_on and offer.due_on < offer.release_on:
        raise invalid("due_on", _("The due date is before the materials are ready."), "order")
    if offer.pieces and offer.min_lot_pieces and offer.min_lot_pieces > offer.pieces:
        raise invalid(
            "min_lot_pieces", _("The minimum lot is larger than the whole offer."), "min_lot"
        )
    if (offer.pickup_latitude is None) != (offer.pickup_longitude is None):
        raise invalid(
            "pickup_longitude", _("Give both latitude and longitude, or neither."), "pair"
        )


def _save_children(
    offer: WorkOffer, operations: list[dict[str, Any]] | None, stages: list[dict[str, Any]] | None
) -> None:
    if operations is not None:
        ops = _operations(operations)
        offer.operations.all().delete()
        for op in ops:
            op.offer = offer
            full_clean(op, exclude=["offer"])
        OfferOperation.objects.bulk_create(ops)
    if stages is not None or operations is not None:
        rows = (
            stages
            if stages is not None
            else [{"due_on": s.due_on, "pieces": s.pieces} for s in offer.stages.all()]
        )
        new_stages = _stages(rows, offer)
        offer.stages.all().delete()
        for stage in new_stages:
            stage.offer = offer
        OfferStage.objects.bulk_create(new_stages)
    elif offer.stages.exists():
        _stages([{"due_on": s.due_on, "pieces": s.pieces} for s in offer.stages.all()], offer)


@transaction.atomic
def offer_create(
    *,
    user: Any,
    party: Establishment,
    data: dict[str, Any],
    operations: list[dict[str, Any]],
    stages: list[dict[str, Any]] | None = None,
) -> WorkOffer:
    """A draft offer of `party` (its province by default); post it to have it allocated."""
    if party.kind not in PARTY_KINDS:
        raise invalid("party", _("This kind of record does not give out work."), "kind")
    offer = WorkOffer(party=party, province_id=party.province_id, status=OfferStatus.DRAFT)
    _apply(offer, data)
    if not _may_post_to(user, party, offer.province_id):
        raise forbidden()
    if getattr(user, "is_authenticated", False):
        offer.created_by = user
    full_clean(offer, exclude=["party", "created_by", "posted_by"])
    offer.save()
    _save_children(offer, operations, stages or [])
    return offer


@transaction.atomic
def offer_update(
    *,
    user: Any,
    offer: WorkOffer,
    data: dict[str, Any],
    operations: list[dict[str, Any]] | None = None,
    stages: list[dict[str, Any]] | None = None,
) -> WorkOffer:
    """Change an offer's terms while no group holds a lot of it; a posted offer is checked
    against the wage floor again."""
    if not access.may_change_offer(user, offer):
        raise forbidden()
    if offer.status not in (OfferStatus.DRAFT, OfferStatus.POSTED):
        raise state_error(_("A closed or cancelled offer cannot change."), "offer_state")
    if Lot.objects.filter(offer=offer, status__in=(*HOLDING, *COMMITTED)).exists():
        raise state_error(
            _("Groups already hold lots of this offer: its terms can no longer change."),
            "offer_has_lots",
        )
    _apply(offer, data)
    if not _may_post_to(user, offer.party, offer.province_id):
        raise forbidden()
    full_clean(offer, exclude=["party", "created_by", "posted_by"])
    offer.save()
    _save_children(offer, operations, stages)
    if offer.status == OfferStatus.POSTED:
        _check(offer)
        offer.save()
    return offer


def _check(offer: WorkOffer) -> None:
    """The wage check: expected earnings per member-hour at the planning efficiency against
    the province's minimum wage (Home Workers Protection Act s.16) and the main-occupation
    income of the members of the groups able to sew it."""
    ops = list(offer.operations.all())
    sam = sam_total(ops)
    efficiency = DEFAULT_EFFICIENCY
    offer.check_efficiency = efficiency
    offer.check_earnings_per_hour = per_member_hour(offer.piece_rate_baht, sam, efficiency)
    daily = highest_daily_wages({offer.province_id}, offer.release_on, offer.due_on).get(
        offer.province_id
    )
    offer.check_floor_per_day = daily
    offer.check_floor_per_hour = hourly(daily) if daily is not None else None
    groups = [
        p.establishment
        for p in GroupProfile.objects.filter(
            establishment__province_id=offer.province_id, left_on__isnull=True
        ).select_related("establishment")
    ]
    states = list(group_states(groups).values())
    skills = {op.skill for op in ops}
    types = {op.machine_type for op in ops}
    able = [s for s in states if s.can_sew(skills, types)] or states
    incomes = [(s.income_per_hour_sum, s.income_members) for s in able if s.income_members]
    members = sum(n for _, n in incomes)
    offer.check_main_income_per_hour = (
        (sum((v for v, _ in incomes), Decimal(0)) / members).quantize(Decimal("0.01"))
        if members
        else None
    )
    offer.checked_at = timezone.now()


@transaction.atomic
def offer_post(*, user: Any, offer: WorkOffer) -> WorkOffer:
    """Post a draft: it is checked against the wage floor, and shows the poster the result.
    An offer below the floor stays posted for the poster to see why, but is never allocated."""
    if not access.may_change_offer(user, offer):
        raise forbidden()
    if offer.status != OfferStatus.DRAFT:
        raise state_error(_("Only a draft can be posted."), "offer_state")
    if not offer.operations.exists():
        raise invalid(
            "operations", _("Give at least one operation with its SAM and machine type."),
            "required",
        )  # fmt: skip
    _check(offer)
    offer.status = OfferStatus.POSTED
    offer.posted_at = timezone.now()
    if getattr(user, "is_authenticated", False):
        offer.posted_by = user
    offer.save()
    return offer


@transaction.atomic
def offer_cancel(*, user: Any, offer: WorkOffer) -> WorkOffer:
    """Withdraw an offer: lots not yet accepted are cancelled with it."""
    if not access.may_change_offer(user, offer):
        raise forbidden()
    if offer.status in (OfferStatus.CLOSED, OfferStatus.CANCELLED):
        raise state_error(_("This offer is already closed or cancelled."), "offer_state")
    if Lot.objects.filter(offer=offer, status=LotStatus.ACCEPTED).exists():
        raise state_error(
            _("Groups have accepted lots of this offer: complete or settle them first."),
            "offer_has_accepted_lots",
        )
    Lot.objects.filter(offer=offer, status=LotStatus.PROPOSED).update(status=LotStatus.WITHDRAWN)
    Lot.objects.filter(offer=offer, status=LotStatus.OFFERED).update(status=LotStatus.CANCELLED)
    offer.status = OfferStatus.CANCELLED
    offer.save(update_fields=["status", "updated_at"])
    return offer


@transaction.atomic
def offer_close(*, user: Any, offer: WorkOffer) -> WorkOffer:
    """No more allocation: what was placed is all the offer needs."""
    if not access.may_change_offer(user, offer):
        raise forbidden()
    if offer.status != OfferStatus.POSTED:
        raise state_error(_("Only a posted offer can be closed."), "offer_state")
    if Lot.objects.filter(offer=offer, status__in=(LotStatus.PROPOSED, LotStatus.OFFERED)).exists():
        raise state_error(
            _("Some lots still wait for review or for the group's answer."), "offer_has_open_lots"
        )
    offer.status = OfferStatus.CLOSED
    offer.save(update_fields=["status", "updated_at"])
    return offer
