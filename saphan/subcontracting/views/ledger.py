"""The lot page (its ledger): agreement, progress, materials, receipts with photos, payments,
members' shares, reconciliation; the printable agreement and payment slip."""

from __future__ import annotations

import mimetypes
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saphan.core.errors import ApplicationError
from saphan.core.pdf import pdf_response
from saphan.subcontracting import access
from saphan.subcontracting.documents import agreement_pdf, payment_slip_pdf
from saphan.subcontracting.forms import (
    DeclineForm,
    MaterialForm,
    PaymentForm,
    ProgressForm,
    ReceiptForm,
    SharesForm,
)
from saphan.subcontracting.models import LotStatus
from saphan.subcontracting.selectors import ledger as selectors
from saphan.subcontracting.selectors.allocation import lot_get_for_user, lot_reason
from saphan.subcontracting.selectors.readiness import members_for_user
from saphan.subcontracting.services import ledger as services
from saphan.subcontracting.views.common import found, to_form

FORMS: dict[str, type[forms.Form]] = {
    "material": MaterialForm,
    "receipt": ReceiptForm,
    "payment": PaymentForm,
}


def _save(request: HttpRequest, lot: Any, part: str, data: dict[str, Any]) -> None:
    if part == "material":
        services.material_record(user=request.user, lot=lot, **data)
    elif part == "receipt":
        services.receipt_record(user=request.user, lot=lot, **data)
    else:
        services.payment_record(user=request.user, lot=lot, **data)


SAVED = {
    "material": gettext_lazy("Materials recorded."),
    "receipt": gettext_lazy("Receipt recorded."),
    "payment": gettext_lazy("Payment recorded."),
}


@login_required
def lot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lot = found(lot_get_for_user, request.user, pk)
    today = timezone.localdate()
    bound: dict[str, forms.Form] = {}
    if request.method == "POST":
        part = request.POST.get("part", "")
        if part in FORMS:
            form = FORMS[part](request.POST, request.FILES)
            bound[part] = form
            if form.is_valid():
                try:
                    _save(request, lot, part, dict(form.cleaned_data))
                except ApplicationError as exc:
                    to_form(exc, form)
                else:
                    messages.success(request, str(SAVED[part]))
                    return redirect(f"{request.path}#{part}")
    book = selectors.lot_ledger(lot)
    keep = access.may_keep_ledger(request.user, lot)
    decide = access.may_decide_lot(request.user, lot)
    return render(
        request,
        "subcontracting/lot_detail.html",
        {
            "lot": lot,
            "reason": lot_reason(lot),
            "agreement": selectors.agreement_of(lot),
            "progress": list(lot.progress_reports.all()),
            **book,
            "rec": book["reconciliation"],
            "keep_ledger": keep and lot.status in (LotStatus.ACCEPTED, LotStatus.COMPLETED),
            "can_record": keep and lot.status == LotStatus.ACCEPTED,
            "can_decide": decide and lot.status == LotStatus.OFFERED,
            "can_report": decide and lot.status == LotStatus.ACCEPTED,
            "see_members": access.may_see_members(request.user, lot.group),
            "material_form": bound.get("material")
            or MaterialForm(initial={"moved_on": today, "kind": "issued"}),
            "receipt_form": bound.get("receipt") or ReceiptForm(initial={"received_on": today}),
            "payment_form": bound.get("payment")
            or PaymentForm(
                initial={"paid_on": today, "amount_baht": book["reconciliation"].unpaid or None}
            ),
            "progress_form": ProgressForm(initial={"reported_on": today}),
            "decline_form": DeclineForm(),
            "tab": "lots",
        },
    )


@login_required
def agreement_print(request: HttpRequest, pk: int) -> HttpResponse:
    lot = found(lot_get_for_user, request.user, pk)
    agreement = selectors.agreement_of(lot)
    if agreement is None:
        messages.error(request, _("The agreement is made when the group accepts the lot."))
        return redirect(lot.get_absolute_url())
    return pdf_response(agreement_pdf(agreement), f"{agreement.number}.pdf")


@login_required
def payment_slip(request: HttpRequest, pk: int) -> HttpResponse:
    payment = found(selectors.payment_get_for_user, request.user, pk)
    shares = (
        selectors.payment_shares(payment)
        if access.may_see_members(request.user, payment.lot.group)
        else None
    )
    return pdf_response(payment_slip_pdf(payment, shares), f"{payment.number}.pdf")


@login_required
def payment_shares(request: HttpRequest, pk: int) -> HttpResponse:
    """Members' shares of a payment: the group (or an officer) enters pieces or hours."""
    payment = found(selectors.payment_get_for_user, request.user, pk)
    group = payment.lot.group
    if not access.may_see_members(request.user, group):
        return redirect(payment.lot.get_absolute_url())
    members = [m for m in members_for_user(request.user, group) if m.consent_on]
    current = {s.member_id: s for s in selectors.payment_shares(payment)}
    initial: dict[str, Any] = {"basis": payment.share_basis or "pieces"}
    for m in members:
        share = current.get(m.pk)
        if share is not None:
            initial[f"m{m.pk}"] = share.pieces if share.pieces is not None else share.hours
    form = SharesForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_shares_set(
                user=request.user,
                payment=payment,
                basis=form.cleaned_data["basis"],
                quantities=form.quantities(),
            )
        except ApplicationError as exc:
            to_form(exc, form)
        else:
            messages.success(request, _("Shares saved."))
            return redirect(request.path)
    return render(
        request,
        "subcontracting/payment_shares.html",
        {"payment": payment, "form": form, "shares": list(current.values()),
         "members": members, "tab": "lots"},
    )  # fmt: skip


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    item = found(selectors.photo_get_for_user, request.user, pk)
    kind = mimetypes.guess_type(item.image.name or "")[0] or "application/octet-stream"
    return FileResponse(item.image.open("rb"), content_type=kind)
