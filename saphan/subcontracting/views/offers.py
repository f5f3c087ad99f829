"""Offer pages: list, create and edit (style operations and staged deliveries), the offer with
its wage check, post / close / cancel."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.core.errors import ApplicationError
from saphan.core.selectors import province_list
from saphan.core.thai import local_name
from saphan.subcontracting import access
from saphan.subcontracting.forms import OfferForm, OperationFormSet, StageFormSet
from saphan.subcontracting.models import OfferStatus
from saphan.subcontracting.selectors import allocation as lot_selectors
from saphan.subcontracting.selectors import offers as selectors
from saphan.subcontracting.selectors.readiness import party_get_for_user
from saphan.subcontracting.services import offers as services
from saphan.subcontracting.views.common import act, found, provinces_of, to_form

PAGE_SIZE = 25


@login_required
def offer_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.OfferFilters(
        q=request.GET.get("q", "").strip(),
        status=request.GET.get("status", ""),
        province=request.GET.get("province", ""),
        sort=request.GET.get("sort", "-created"),
    )
    rows = selectors.offer_list_for_user(request.user, filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "subcontracting/offer_list.html",
        {"page": page, "filters": filters, "statuses": OfferStatus.choices,
         "provinces": provinces_of(request.user), "tab": "offers"},
    )  # fmt: skip


def _rows(formset: Any) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _terms(form: OfferForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    if not data.get("province"):
        data.pop("province", None)
    return data


def _edit(request: HttpRequest, party: Any, offer: Any) -> HttpResponse:
    initial: dict[str, Any] = {}
    ops_initial: list[dict[str, Any]] = []
    stages_initial: list[dict[str, Any]] = []
    if offer is not None:
        initial = {
            name: getattr(offer, name) for name in OfferForm.base_fields if name != "province"
        }
        initial["province"] = offer.province_id
        ops_initial = [
            {"name": o.name, "skill": o.skill, "machine_type": o.machine_type,
             "sam_minutes": o.sam_minutes}
            for o in offer.operations.all()
        ]  # fmt: skip
        stages_initial = [{"due_on": s.due_on, "pieces": s.pieces} for s in offer.stages.all()]
    data = request.POST if request.method == "POST" else None
    initial.setdefault("province", party.province_id)
    form = OfferForm(
        data, initial=initial, provinces=[(p.code, local_name(p)) for p in province_list()]
    )
    operations = OperationFormSet(data, initial=ops_initial, prefix="op")
    stages = StageFormSet(data, initial=stages_initial, prefix="st")
    if data is not None and form.is_valid() and operations.is_valid() and stages.is_valid():
        try:
            if offer is None:
                offer = services.offer_create(
                    user=request.user,
                    party=party,
                    data=_terms(form),
                    operations=_rows(operations),
                    stages=_rows(stages),
                )
            else:
                services.offer_update(
                    user=request.user,
                    offer=offer,
                    data=_terms(form),
                    operations=_rows(operations),
                    stages=_rows(stages),
                )
        except ApplicationError as exc:
            to_form(exc, form)
        else:
            messages.success(request, _("Offer saved."))
            return redirect(offer.get_absolute_url())
    return render(
        request,
        "subcontracting/offer_form.html",
        {"form": form, "operations": operations, "stages": stages, "party": party,
         "offer": offer, "tab": "offers"},
    )  # fmt: skip


@login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    party_id = request.GET.get("party") or request.POST.get("party") or ""
    if not party_id.isdigit():
        return redirect("subcontracting-companies")
    party = found(party_get_for_user, request.user, int(party_id))
    return _edit(request, party, None)


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = found(selectors.offer_get_for_user, request.user, pk)
    return _edit(request, offer.party, offer)


@login_required
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = found(selectors.offer_get_for_user, request.user, pk)
    ops = list(offer.operations.all())
    committed = selectors.committed_pieces(offer)
    return render(
        request,
        "subcontracting/offer_detail.html",
        {
            "offer": offer,
            "operations": ops,
            "sam": selectors.sam_total(ops),
            "principal": selectors.principal_machine(ops),
            "stages": list(offer.stages.all()),
            "verdict": selectors.wage_verdict(offer),
            "committed": committed,
            "remaining": max(0, offer.pieces - committed),
            "lots": lot_selectors.lot_list_for_user(
                request.user, offer=offer.pk, hide_proposed=True
            ),
            "can_change": access.may_change_offer(request.user, offer),
            "can_plan": access.may_plan(request.user, offer.province_id),
            "tab": "offers",
        },
    )


@login_required
@require_POST
def offer_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    offer = found(selectors.offer_get_for_user, request.user, pk)
    done = {
        "post": (services.offer_post, _("Offer posted: see the wage check below.")),
        "close": (services.offer_close, _("Offer closed: no more allocation.")),
        "cancel": (services.offer_cancel, _("Offer cancelled.")),
    }
    if action not in done:
        raise Http404
    service, text = done[action]
    act(request, lambda: service(user=request.user, offer=offer), text)
    return redirect(offer.get_absolute_url())
