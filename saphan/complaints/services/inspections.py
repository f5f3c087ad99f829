"""Inspections, measurements and orders; standards as data (administrators edit them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.complaints.models import (
    AveragingPeriod,
    Complaint,
    EventKind,
    Inspection,
    InspectionKind,
    Measurement,
    Order,
    OrderStatus,
    Pollutant,
    Standard,
    Unit,
    Where,
)
from saphan.complaints.services.common import event_add, forbidden, invalid
from saphan.core.errors import ApplicationError
from saphan.core.models import Office, User
from saphan.core.scoping import Action, scope_for


def _office_for(user: Any, province_code: str) -> Office:
    """The office that records the visit: the province's own if the person belongs to it,
    else the person's first office covering the province."""
    from saphan.complaints.services.common import office_of_province

    scope = scope_for(user)
    own = office_of_province(province_code)
    if own.pk in scope.offices(Action.CHANGE) or not scope.offices(Action.CHANGE):
        return own
    candidates = Office.objects.filter(pk__in=sorted(scope.offices(Action.CHANGE)))
    for office in candidates.prefetch_related("provinces"):
        if office.covers_all_provinces or province_code in {p.code for p in office.provinces.all()}:
            return office
    return own


@transaction.atomic
def inspection_create(
    *,
    user: Any,
    visited_at: dt.datetime,
    kind: str = InspectionKind.COMPLAINT,
    establishment: Any = None,
    complaints: list[Complaint] | None = None,
    province_code: str = "",
    findings: str = "",
    public_summary: str = "",
    inspectors: list[User] | None = None,
    follow_up_of: Order | None = None,
) -> Inspection:
    complaints = complaints or []
    province = (
        province_code
        or (complaints[0].province_id if complaints else "")
        or (establishment.province_id if establishment is not None else "")
        or (follow_up_of.province_id if follow_up_of is not None else "")
    )
    if not province:
        raise invalid(
            "establishment", _("Link the visit to a complaint or an establishment."), "required"
        )
    scope = scope_for(user)
    if not scope.allows(province, Action.CHANGE):
        raise forbidden()
    for complaint in complaints:
        if complaint.province_id != province:
            raise invalid(
                "complaints",
                _("Complaint %(code)s is in another province."),
                "province",
                code=complaint.code,
            )
    if kind not in InspectionKind.values:
        raise invalid("kind", _("Choose the kind of visit."), "choice")
    if kind == InspectionKind.FOLLOW_UP and follow_up_of is None:
        raise invalid("follow_up_of", _("Choose the order this visit follows up."), "required")
    if visited_at > timezone.now() + dt.timedelta(hours=1):
        raise invalid("visited_at", _("A visit cannot be recorded before it happens."), "future")
    if establishment is None and follow_up_of is not None:
        establishment = follow_up_of.establishment
    if establishment is None:
        linked = {c.establishment_id for c in complaints if c.establishment_id}
        if len(linked) == 1:
            from saphan.registry.selectors import establishment_get_for_user

            establishment = establishment_get_for_user(user, linked.pop())
    inspection = Inspection.objects.create(
        kind=kind,
        establishment=establishment,
        province_id=province,
        office=_office_for(user, province),
        visited_at=visited_at,
        findings=findings.strip(),
        public_summary=public_summary.strip(),
        follow_up_of=follow_up_of,
        created_by=user,
    )
    inspection.complaints.set(complaints)
    inspection.inspectors.set(inspectors or [user])
    for complaint in complaints:
        event_add(
            complaint,
            EventKind.INSPECTION,
            actor=user,
            public=bool(public_summary.strip()),
            text=public_summary.strip(),
            data={"inspection": inspection.pk},
        )
    return inspection


def _require_inspection(user: Any, inspection: Inspection) -> None:
    if not scope_for(user).allows(inspection.province_id, Action.CHANGE):
        raise forbidden()


@transaction.atomic
def measurement_add(
    *,
    user: Any,
    inspection: Inspection,
    pollutant: str,
    value: Decimal,
    unit: str,
    averaging_period: str,
    where: str,
    measured_at: dt.datetime,
    method: str = "",
    instrument: str = "",
    note: str = "",
) -> Measurement:
    _require_inspection(user, inspection)
    fields: dict[str, list[ValidationError]] = {}
    for name, given, choices in (
        ("pollutant", pollutant, Pollutant),
        ("unit", unit, Unit),
        ("averaging_period", averaging_period, AveragingPeriod),
        ("where", where, Where),
    ):
        if given not in choices.values:
            fields[name] = [ValidationError(_("Choose a value from the list."), code="choice")]
    if value is None or value < 0:
        fields["value"] = [ValidationError(_("A measured value is zero or more."), code="range")]
    if fields:
        raise ApplicationError.from_validation_error(ValidationError(fields))
    return Measurement.objects.create(
        inspection=inspection,
        pollutant=pollutant,
        value=value,
        unit=unit,
        averaging_period=averaging_period,
        where=where,
        measured_at=measured_at,
        method=method.strip(),
        instrument=instrument.strip(),
        note=note.strip(),
    )


@transaction.atomic
def measurement_delete(*, user: Any, measurement: Measurement) -> None:
    _require_inspection(user, measurement.inspection)
    measurement.delete()


@transaction.atomic
def order_create(
    *,
    user: Any,
    establishment: Any,
    description: str,
    deadline: dt.date,
    issued_on: dt.date | None = None,
    inspection: Inspection | None = None,
    complaints: list[Complaint] | None = None,
) -> Order:
    province = establishment.province_id
    if not scope_for(user).allows(province, Action.CHANGE):
        raise forbidden()
    issued_on = issued_on or timezone.localdate()
    if not description.strip():
        raise invalid("description", _("Say what must be done."), "required")
    if deadline < issued_on:
        raise invalid("deadline", _("The deadline is before the order's date."), "before_issue")
    order = Order.objects.create(
        establishment=establishment,
        inspection=inspection,
        province_id=province,
        office=_office_for(user, province),
        issued_on=issued_on,
        description=description.strip(),
        deadline=deadline,
        created_by=user,
    )
    linked = list(complaints or [])
    if inspection is not None:
        linked += [c for c in inspection.complaints.all() if c not in linked]
    order.complaints.set(linked)
    for complaint in linked:
        event_add(complaint, EventKind.ORDER, actor=user, data={"order": order.pk})
    return order


@transaction.atomic
def order_close(
    *, user: Any, order: Order, status: str, follow_up: Inspection | None = None
) -> Order:
    """Record the outcome; complied or not complied needs the follow-up inspection that saw it."""
    if not scope_for(user).allows(order.province_id, Action.CHANGE):
        raise forbidden()
    if status not in {OrderStatus.COMPLIED, OrderStatus.NOT_COMPLIED, OrderStatus.WITHDRAWN}:
        raise invalid("status", _("Choose complied, not complied or withdrawn."), "choice")
    if order.status != OrderStatus.OPEN:
        raise ApplicationError(_("This order is already closed."), code="order_closed")
    if status != OrderStatus.WITHDRAWN:
        has_follow_up = follow_up is not None or order.follow_ups.exists()
        if not has_follow_up:
            raise invalid(
                "status",
                _(
                    "Record the follow-up inspection first: it shows whether "
                    "the order was complied with."
                ),
                "follow_up_needed",
            )
    order.status = status
    order.closed_on = timezone.localdate()
    order.save(update_fields=["status", "closed_on"])
    return order


def _require_administrator(user: Any) -> None:
    if not scope_for(user).provinces(Action.ADMINISTER):
        raise forbidden(_("Only administrators change standards."))


STANDARD_FIELDS = (
    "pollutant",
    "where",
    "averaging_period",
    "limit",
    "unit",
    "legal_source",
    "effective_from",
    "effective_until",
    "to_confirm",
    "note",
)


@transaction.atomic
def standard_save(*, user: Any, standard: Standard | None, data: dict[str, Any]) -> Standard:
    _require_administrator(user)
    standard = standard or Standard()
    for name in STANDARD_FIELDS:
        if name in data:
            setattr(standard, name, data[name])
    if standard.limit is None:
        standard.to_confirm = True
    try:
        standard.full_clean()
    except ValidationError as exc:
        raise ApplicationError.from_validation_error(exc) from exc
    standard.save()
    return standard


@transaction.atomic
def standard_delete(*, user: Any, standard: Standard) -> None:
    _require_administrator(user)
    standard.delete()
