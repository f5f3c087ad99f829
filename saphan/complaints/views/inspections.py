"""Officers' pages for inspections, measurements (judged against the standards), orders and
the standards themselves (administrators edit them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.complaints.forms import (
    InspectionForm,
    MeasurementForm,
    OrderCloseForm,
    OrderForm,
    StandardForm,
)
from saphan.complaints.models import (
    Complaint,
    Inspection,
    Measurement,
    Order,
    OrderStatus,
    Standard,
)
from saphan.complaints.selectors import public as public_selectors
from saphan.complaints.selectors import staff as selectors
from saphan.complaints.services import inspections as services
from saphan.complaints.services.common import normalise_code
from saphan.complaints.views.common import errors_to_form, page_of
from saphan.core.errors import ApplicationError
from saphan.core.scoping import Action, scope_for


def _staff(user: Any) -> None:
    if not scope_for(user).provinces(Action.VIEW):
        raise PermissionDenied


def _aware(day: dt.date, time: dt.time | None) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time or dt.time(9, 0)))


def _codes(user: Any, text: str, form: Any, field: str) -> list[Complaint] | None:
    found: list[Complaint] = []
    for raw in (text or "").replace(";", ",").split(","):
        if not raw.strip():
            continue
        code = normalise_code(raw)
        try:
            found.append(selectors.complaint_get_for_user(user, code, Action.CHANGE))
        except Complaint.DoesNotExist:
            form.add_error(
                field, _("No complaint in your provinces has the code %(code)s.") % {"code": code}
            )
            return None
    return found


def _establishment(user: Any, pk: int | None) -> Any:
    if not pk:
        return None
    from saphan.registry.selectors import establishment_get_for_user

    try:
        return establishment_get_for_user(user, pk)
    except Exception:  # the registry's DoesNotExist: not in the person's scope
        return None


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    _staff(request.user)
    establishment = request.GET.get("establishment", "")
    inspections = selectors.inspection_list_for_user(
        request.user, establishment=int(establishment) if establishment.isdigit() else None
    )
    return render(
        request, "complaints/staff/inspection_list.html", {"page": page_of(request, inspections)}
    )


@login_required
def inspection_create(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).provinces(Action.CHANGE):
        raise PermissionDenied
    initial = {
        "complaints": request.GET.get("complaints", ""),
        "visited_on": timezone.localdate(),
        "establishment": request.GET.get("establishment") or None,
        "follow_up_of": request.GET.get("order") or None,
        "kind": "follow_up" if request.GET.get("order") else "complaint",
    }
    form = InspectionForm(request.POST or None, initial=initial)
    establishment_name = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        complaints = _codes(request.user, data["complaints"], form, "complaints")
        order = None
        if data["follow_up_of"]:
            try:
                order = selectors.order_get_for_user(
                    request.user, data["follow_up_of"], Action.CHANGE
                )
            except Order.DoesNotExist:
                form.add_error("follow_up_of", _("No order in your provinces has this number."))
        establishment = _establishment(request.user, data["establishment"])
        if complaints is not None and not form.errors:
            try:
                inspection = services.inspection_create(
                    user=request.user,
                    visited_at=_aware(data["visited_on"], data["visited_time"]),
                    kind=data["kind"],
                    establishment=establishment,
                    complaints=complaints,
                    findings=data["findings"],
                    public_summary=data["public_summary"],
                    follow_up_of=order,
                )
            except ApplicationError as exc:
                # The establishment is a hidden field: its errors go to the top of the form.
                errors_to_form(
                    form, exc, {"visited_at": "visited_on", "establishment": NON_FIELD_ERRORS}
                )
            else:
                messages.success(request, _("Inspection recorded: add its measurements."))
                return redirect(inspection.get_absolute_url())
    raw = str(form.data.get("establishment") if form.is_bound else initial["establishment"] or "")
    if raw.isdigit():
        establishment_name = public_selectors.establishment_public_name(int(raw))
    return render(
        request,
        "complaints/staff/inspection_form.html",
        {"form": form, "establishment_name": establishment_name},
        status=422 if form.is_bound and form.errors else 200,  # refused: drawn again
    )


def _inspection(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Inspection:
    try:
        return selectors.inspection_get_for_user(request.user, pk, action)
    except Inspection.DoesNotExist:
        raise Http404 from None


def _inspection_page(
    request: HttpRequest,
    inspection: Inspection,
    form: Any = None,
    status: int = 200,
    order_form: OrderForm | None = None,
) -> HttpResponse:
    """The inspection's page; `form` (measurements) or `order_form` drawn again with what was
    typed and its errors when one of them was refused."""
    if form is None:
        form = MeasurementForm(initial={"measured_on": timezone.localdate(inspection.visited_at)})
    if order_form is None:
        order_form = OrderForm(
            initial={
                "establishment": inspection.establishment_id,
                "inspection": inspection.pk,
                "issued_on": timezone.localdate(),
            }
        )
    return render(
        request,
        "complaints/staff/inspection_detail.html",
        {
            "inspection": inspection,
            "judged": selectors.measurements_judged(inspection),
            "form": form,
            "order_form": order_form,
            "can_change": scope_for(request.user).allows(inspection.province_id, Action.CHANGE),
        },
        status=status,
    )


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_page(request, _inspection(request, pk))


@login_required
@require_POST
def measurement_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, Action.CHANGE)
    form = MeasurementForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.measurement_add(
                user=request.user,
                inspection=inspection,
                pollutant=data["pollutant"],
                value=data["value"],
                unit=data["unit"],
                averaging_period=data["averaging_period"],
                where=data["where"],
                measured_at=_aware(data["measured_on"], data["measured_time"]),
                method=data["method"],
                instrument=data["instrument"],
                note=data["note"],
            )
        except ApplicationError as exc:
            errors_to_form(form, exc, {"measured_at": "measured_on"})
        else:
            messages.success(request, _("Measurement added and judged against the standards."))
            return redirect(inspection.get_absolute_url())
    return _inspection_page(request, inspection, form, status=422)


@login_required
@require_POST
def measurement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    measurement = Measurement.objects.select_related("inspection").filter(pk=pk).first()
    if measurement is None:
        raise Http404
    inspection = _inspection(request, measurement.inspection_id, Action.CHANGE)
    services.measurement_delete(user=request.user, measurement=measurement)
    messages.success(request, _("Measurement removed."))
    return redirect(inspection.get_absolute_url())


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    _staff(request.user)
    status = request.GET.get("status", "")
    return render(
        request,
        "complaints/staff/order_list.html",
        {
            "page": page_of(request, selectors.order_list_for_user(request.user, status=status)),
            "status": status,
            "statuses": OrderStatus.choices,
            "today": timezone.localdate(),
        },
    )


def _to_the_top(form: OrderForm, names: tuple[str, ...]) -> None:
    """Errors of fields the inspection's page does not draw (the establishment is hidden, the
    complaints come from the inspection) go to the top of the form."""
    for name in names:
        for error in form.errors.pop(name, []):
            if name == "establishment":
                form.add_error(None, _("Choose the establishment the order is for."))
            else:
                form.add_error(None, f"{form.fields[name].label}: {error}")


@login_required
def order_create(request: HttpRequest) -> HttpResponse:
    """Records an order sent from an inspection's page. Refused, that page is drawn again with
    the order form as typed and each error at its field. The address itself, bookmarked or
    reloaded, leads to the orders."""
    if request.method != "POST":
        return redirect("order-list")
    form = OrderForm(request.POST)
    valid = form.is_valid()
    data = form.cleaned_data
    # The inspection the form was sent from, even when other fields are wrong: its page is
    # where the form is drawn again.
    inspection = (
        _inspection(request, data["inspection"], Action.CHANGE) if data.get("inspection") else None
    )
    if valid:
        establishment = _establishment(request.user, data["establishment"])
        complaints = _codes(request.user, data["complaints"], form, "complaints")
        if establishment is None:
            form.add_error(None, _("Choose the establishment the order is for."))
        if complaints is not None and establishment is not None and not form.errors:
            try:
                order = services.order_create(
                    user=request.user,
                    establishment=establishment,
                    description=data["description"],
                    deadline=data["deadline"],
                    issued_on=data["issued_on"],
                    inspection=inspection,
                    complaints=complaints,
                )
            except ApplicationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Order recorded."))
                return redirect("order-detail", pk=order.pk)
    if inspection is not None:
        _to_the_top(form, ("establishment", "complaints"))
        return _inspection_page(request, inspection, status=422, order_form=form)
    # No page to draw the form on (orders are made from an inspection's page): each error
    # named with its field.
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))
    return redirect("order-list")


def _order(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Order:
    try:
        return selectors.order_get_for_user(request.user, pk, action)
    except Order.DoesNotExist:
        raise Http404 from None


@login_required
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    return render(
        request,
        "complaints/staff/order_detail.html",
        {
            "order": order,
            "follow_ups": order.follow_ups.order_by("-visited_at"),
            "complaints": order.complaints.order_by("received_at"),
            "form": OrderCloseForm(),
            "can_change": scope_for(request.user).allows(order.province_id, Action.CHANGE),
        },
    )


@login_required
@require_POST
def order_close(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk, Action.CHANGE)
    form = OrderCloseForm(request.POST)
    if form.is_valid():
        try:
            services.order_close(user=request.user, order=order, status=form.cleaned_data["status"])
        except ApplicationError as exc:
            errors = exc.fields.get("status")
            # A ValidationError's `messages` have their values filled in.
            messages.error(request, " ".join(errors[0].messages) if errors else str(exc.message))
        else:
            messages.success(request, _("Order closed."))
    return redirect("order-detail", pk=order.pk)


@login_required
def standard_list(request: HttpRequest) -> HttpResponse:
    _staff(request.user)
    return render(
        request,
        "complaints/staff/standard_list.html",
        {
            "standards": selectors.standard_list(),
            "can_edit": bool(scope_for(request.user).provinces(Action.ADMINISTER)),
        },
    )


@login_required
def standard_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not scope_for(request.user).provinces(Action.ADMINISTER):
        raise PermissionDenied
    standard = Standard.objects.filter(pk=pk).first() if pk else None
    if pk and standard is None:
        raise Http404
    form = StandardForm(request.POST or None, instance=standard)
    if request.method == "POST":
        if request.POST.get("delete") and standard is not None:
            services.standard_delete(user=request.user, standard=standard)
            messages.success(request, _("Standard removed."))
            return redirect("standard-list")
        if form.is_valid():
            try:
                services.standard_save(
                    user=request.user, standard=standard, data=dict(form.cleaned_data)
                )
            except ApplicationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(
                    request, _("Standard saved: measurements are judged against it from now on.")
                )
                return redirect("standard-list")
    return render(
        request, "complaints/staff/standard_form.html", {"form": form, "standard": standard}
    )
