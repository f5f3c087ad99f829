"""Inspections, measurements and orders; standards as data (administrators edit them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
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
from saphan.core.thai import format_date

# A time a few minutes ahead (a phone's clock, a typing slip) is not "the future".
CLOCK_SLACK = dt.timedelta(hours=1)
_lazy_date = lazy(format_date, str)


def _aware(value: dt.datetime) -> dt.datetime:
    """A time without a zone (an API client's "2026-12-07T09:00") is Thai local time."""
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def number_errors(value: Any, field: Any) -> list[ValidationError]:
    """What is wrong with a number for a decimal column (`field`, the model's DecimalField), in
    both languages: not a finite number, more decimals than it keeps, or too big for it."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        return [ValidationError(_("Enter a number (not infinity or NaN)."), code="invalid")]
    places, whole = field.decimal_places or 0, (field.max_digits or 0) - (field.decimal_places or 0)
    _sign, digit_tuple, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite, checked above
    digits = list(digit_tuple)
    if not any(digits):
        digits, exponent = [0], 0
    # Zeros at the end of the decimals say nothing: 1.50000 has one decimal place.
    while exponent < 0 and digits[-1] == 0:
        digits.pop()
        exponent += 1
    errors = []
    if -exponent > places:
        errors.append(
            ValidationError(
                _("Use at most %(places)s digits after the decimal point."),
                code="max_decimal_places",
                params={"places": places},
            )
        )
    if len(digits) + exponent > whole:
        errors.append(
            ValidationError(
                _("Use at most %(digits)s digits before the decimal point (less than %(bound)s)."),
                code="max_whole_digits",
                params={"digits": whole, "bound": f"{10**whole:,}"},
            )
        )
    return errors


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


def _length_errors(model: type[models.Model], **texts: str) -> dict[str, list[ValidationError]]:
    """Texts longer than their column holds, told in the project's words (the pages' forms say
    the same; the API reaches the service without them)."""
    fields: dict[str, list[ValidationError]] = {}
    for name, text in texts.items():
        limit = getattr(model._meta.get_field(name), "max_length", None)
        length = len(text.strip())
        if limit is not None and length > limit:
            fields[name] = [
                ValidationError(
                    _("Keep it under %(limit)s characters (now %(length)s)."),
                    code="too_long",
                    params={"limit": limit, "length": length},
                )
            ]
    return fields


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
    visited_at = _aware(visited_at)
    if visited_at > timezone.now() + CLOCK_SLACK:
        raise invalid("visited_at", _("A visit cannot be recorded before it happens."), "future")
    too_long = _length_errors(Inspection, findings=findings, public_summary=public_summary)
    if too_long:
        raise ApplicationError.from_validation_error(ValidationError(too_long))
    if follow_up_of is not None:
        _check_follow_up(follow_up_of, visited_at, establishment)
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


def _check_follow_up(order: Order, visited_at: dt.datetime, establishment: Any) -> None:
    """A follow-up is what shows whether an order was complied with: a visit to the ordered
    establishment, on or after the day the order was issued."""
    if establishment is not None and establishment.pk != order.establishment_id:
        raise invalid(
            "establishment",
            _("Order %(order)s is to %(name)s: its follow-up visit is to the same establishment."),
            "follow_up_establishment",
            order=order.pk,
            name=order.establishment.name_th,
        )
    if timezone.localdate(visited_at) < order.issued_on:
        raise invalid(
            "visited_at",
            _("A follow-up visit cannot be before the order it follows up (issued %(date)s)."),
            "before_order",
            date=_lazy_date(order.issued_on),
        )


def _follows_up(order: Order, inspection: Inspection) -> bool:
    return (
        inspection.establishment_id == order.establishment_id
        and timezone.localdate(inspection.visited_at) >= order.issued_on
    )


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
    value_errors = number_errors(value, Measurement._meta.get_field("value"))
    if not value_errors and value < 0:
        value_errors = [ValidationError(_("A measured value is zero or more."), code="range")]
    if value_errors:
        fields["value"] = value_errors
    measured_at = _aware(measured_at)
    if measured_at > timezone.now() + CLOCK_SLACK:
        fields["measured_at"] = [
            ValidationError(_("A measurement cannot be dated in the future."), code="future")
        ]
    fields.update(_length_errors(Measurement, method=method, instrument=instrument, note=note))
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
    if issued_on > timezone.localdate():
        raise invalid("issued_on", _("An order cannot be dated in the future."), "future")
    if not description.strip():
        raise invalid("description", _("Say what must be done."), "required")
    too_long = _length_errors(Order, description=description)
    if too_long:
        raise ApplicationError.from_validation_error(ValidationError(too_long))
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
        visits = [follow_up] if follow_up is not None else list(order.follow_ups.all())
        if not visits:
            raise invalid(
                "status",
                _(
                    "Record the follow-up inspection first: it shows whether "
                    "the order was complied with."
                ),
                "follow_up_needed",
            )
        if not any(_follows_up(order, visit) for visit in visits):
            raise invalid(
                "status",
                _(
                    "No follow-up of this order counts: it must be a visit to %(name)s on or "
                    "after %(date)s, the day the order was issued."
                ),
                "follow_up_needed",
                name=order.establishment.name_th,
                date=_lazy_date(order.issued_on),
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


def _period_text(since: dt.date | None, until: dt.date | None) -> str:
    if since and until:
        return gettext("in force from %(from)s to %(until)s") % {
            "from": format_date(since),
            "until": format_date(until),
        }
    if since:
        return gettext("in force from %(from)s") % {"from": format_date(since)}
    if until:
        return gettext("in force until %(until)s") % {"until": format_date(until)}
    return gettext("in force with no start or end date")


_lazy_period = lazy(_period_text, str)


def _overlap_error(standard: Standard) -> ValidationError | None:
    other = _overlapping(standard)
    if other is None:
        return None
    return ValidationError(
        _(
            "Standard no. %(id)s (%(limit)s %(unit)s, %(period)s, %(source)s) already "
            "applies to this pollutant, place and averaging period on these dates: end it "
            "the day before this one starts, or change these dates."
        ),
        code="overlap",
        params={
            "id": other.pk,
            "limit": f"{other.limit.normalize():f}" if other.limit is not None else "—",
            "unit": Unit(other.unit).label,
            "period": _lazy_period(other.effective_from, other.effective_until),
            "source": other.legal_source,
        },
    )


def standard_problems(standard: Standard) -> dict[str, list[ValidationError]]:
    """Every rule `standard_save` applies, by field, for a form that saves on its own (the
    admin's): the values' digits and sign, the choices, the dates' order, no overlap."""
    fields = _standard_errors(standard)
    if not fields and (overlap := _overlap_error(standard)) is not None:
        fields["effective_from"] = [overlap]
    return fields


def _standard_errors(standard: Standard) -> dict[str, list[ValidationError]]:
    """The rules the model's own checks say in English only, or not at all (a constraint's
    name, an empty message): said here in both languages, on the field concerned."""
    fields: dict[str, list[ValidationError]] = {}
    for name, choices in (
        ("pollutant", Pollutant),
        ("where", Where),
        ("averaging_period", AveragingPeriod),
        ("unit", Unit),
    ):
        if getattr(standard, name) not in choices.values:
            fields[name] = [ValidationError(_("Choose a value from the list."), code="choice")]
    if standard.limit is not None:
        errors = number_errors(standard.limit, Standard._meta.get_field("limit"))
        if not errors and standard.limit < 0:
            errors = [ValidationError(_("A limit is zero or more."), code="range")]
        if errors:
            fields["limit"] = errors
    since, until = standard.effective_from, standard.effective_until
    if since and until and until < since:
        fields["effective_until"] = [
            ValidationError(
                _("The end of the period is before its start (%(since)s)."),
                code="period_order",
                params={"since": _lazy_date(since)},
            )
        ]
    return fields


def _overlapping(standard: Standard) -> Standard | None:
    """Another standard for the same pollutant, place and averaging period in force on a day
    this one is: a measurement would be judged against only one of them."""
    others = Standard.objects.filter(
        pollutant=standard.pollutant,
        where=standard.where,
        averaging_period=standard.averaging_period,
    ).exclude(pk=standard.pk)
    since, until = standard.effective_from, standard.effective_until
    if until is not None:
        others = others.filter(
            models.Q(effective_from__isnull=True) | models.Q(effective_from__lte=until)
        )
    if since is not None:
        others = others.filter(
            models.Q(effective_until__isnull=True) | models.Q(effective_until__gte=since)
        )
    # The earliest first, an open start before any date on PostgreSQL as on SQLite.
    return others.order_by(models.F("effective_from").asc(nulls_first=True), "pk").first()


@transaction.atomic
def standard_save(*, user: Any, standard: Standard | None, data: dict[str, Any]) -> Standard:
    _require_administrator(user)
    standard = standard or Standard()
    for name in STANDARD_FIELDS:
        if name in data:
            setattr(standard, name, data[name])
    if standard.limit is None:
        standard.to_confirm = True
    fields = _standard_errors(standard)
    if fields:
        raise ApplicationError.from_validation_error(ValidationError(fields))
    try:
        standard.full_clean()
    except ValidationError as exc:
        raise ApplicationError.from_validation_error(exc) from exc
    overlap = _overlap_error(standard)
    if overlap is not None:
        raise ApplicationError.from_validation_error(ValidationError({"effective_from": overlap}))
    standard.save()
    return standard


@transaction.atomic
def standard_delete(*, user: Any, standard: Standard) -> None:
    _require_administrator(user)
    standard.delete()
