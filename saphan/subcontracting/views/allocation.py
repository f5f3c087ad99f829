"""Allocation pages: runs (start one, follow its job), the review of a run's lots (adjust, take
out, publish, discard), and a lot's accept / decline / progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.core.errors import ApplicationError
from saphan.core.scoping import Action
from saphan.subcontracting import access
from saphan.subcontracting.forms import AdjustForm, DeclineForm, MoveForm, ProgressForm, RunForm
from saphan.subcontracting.models import RunKind, RunStatus
from saphan.subcontracting.selectors import allocation as selectors
from saphan.subcontracting.selectors.allocation import (
    left_out_reason,
    lot_reason,
    reallocation_note,
    shortfall_reason,
)
from saphan.subcontracting.services import allocation as services
from saphan.subcontracting.services import lots as lot_services
from saphan.subcontracting.views.common import act, back, error_text, found, provinces_of, to_form


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    provinces = provinces_of(request.user, Action.CHANGE)
    province = request.GET.get("province", "") or request.POST.get("province", "")
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_start(
                user=request.user,
                province_code=province,
                week1_on=form.cleaned_data["week1_on"],
                safety_margin=form.cleaned_data["safety_margin"],
            )
        except ApplicationError as exc:
            to_form(exc, form)
        else:
            messages.success(request, _("Allocation run started."))
            return redirect(run.get_absolute_url())
    runs = selectors.run_list_for_user(request.user, province=request.GET.get("province", ""))
    page = Paginator(runs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "subcontracting/run_list.html",
        {"page": page, "form": form, "plan_provinces": provinces,
         "province": province or (provinces[0].code if len(provinces) == 1 else ""),
         "provinces": provinces_of(request.user), "tab": "runs"},
    )  # fmt: skip


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = found(selectors.run_get_for_user, request.user, pk)
    lots = list(selectors.run_lots(run))
    by_offer: dict[int, dict[str, Any]] = {}
    shortfalls = list(selectors.run_shortfalls(run))
    for short in shortfalls:
        short.reason_text = shortfall_reason(short.code)  # type: ignore[attr-defined]
    for lot in lots:
        lot.reason_text = lot_reason(lot)  # type: ignore[attr-defined]
        entry = by_offer.setdefault(lot.offer_id, {"offer": lot.offer, "lots": []})
        entry["lots"].append(lot)
    pieces = selectors.run_pieces(run)
    return render(
        request,
        "subcontracting/run_detail.html",
        {
            "run": run,
            "nothing_left": run.kind == RunKind.REALLOCATION
            and run.status == RunStatus.DISCARDED
            and not pieces.asked,
            "offers": list(by_offer.values()),
            "pieces": pieces,
            "shortfalls": shortfalls,
            "left_out": [
                {**item, "text": left_out_reason(str(item["reason"]))} for item in run.left_out
            ],
            "can_plan": access.may_plan(request.user, run.province_id),
            "in_review": run.status == RunStatus.PROPOSED,
            "waiting_runs": list(selectors.runs_waiting_for(run)),
            "targets": selectors.move_targets(run) if run.status == RunStatus.PROPOSED else {},
            "note": reallocation_note(run) if run.status == RunStatus.WAITING else "",
            "job": run.job,
            "tab": "runs",
        },
    )


@login_required
@require_POST
def run_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    run = found(selectors.run_get_for_user, request.user, pk)
    if action == "publish":
        act(
            request,
            lambda: services.run_publish(user=request.user, run=run),
            _("Published: the groups see their lots and can accept or decline them."),
        )
    elif action == "discard":
        act(request, lambda: services.run_discard(user=request.user, run=run), _("Run discarded."))
    else:
        raise Http404
    return redirect(run.get_absolute_url())


@login_required
@require_POST
def lot_review(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """In review: change a lot's pieces, move it to another group, or take it out."""
    lot = found(selectors.lot_get_for_user, request.user, pk)
    if action == "adjust":
        form = AdjustForm(request.POST)
        if form.is_valid():
            act(
                request,
                lambda: services.lot_adjust(
                    user=request.user, lot=lot, pieces=form.cleaned_data["pieces"]
                ),
                _("Lot changed."),
            )
        else:
            messages.error(request, _("Enter the pieces as a whole number of at least 1."))
    elif action == "move":
        move = MoveForm(request.POST)
        if move.is_valid():
            act(
                request,
                lambda: services.lot_move(
                    user=request.user, lot=lot, group_id=move.cleaned_data["group_id"]
                ),
                _("Lot moved to the other group."),
            )
        else:
            messages.error(request, _("Choose the group to move the lot to."))
    elif action == "withdraw":
        act(
            request,
            lambda: services.lot_withdraw(user=request.user, lot=lot),
            _("Lot taken out of the plan."),
        )
    else:
        raise Http404
    return redirect(f"{lot.run.get_absolute_url()}#lot-{lot.pk}")


@login_required
@require_POST
def lot_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Accept, decline (with a reason) or report progress: the group's own buttons."""
    lot = found(selectors.lot_get_for_user, request.user, pk)
    if action == "accept":
        act(
            request,
            lambda: lot_services.lot_accept(user=request.user, lot=lot),
            _("Accepted. The home-work agreement is ready to print."),
        )
    elif action == "decline":
        form = DeclineForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why the group declines: it helps offer better work."))
        else:
            try:
                _lot, run = lot_services.lot_decline(
                    user=request.user, lot=lot, reason=form.cleaned_data["reason"]
                )
            except ApplicationError as exc:
                if exc.status == 403:
                    raise PermissionDenied from exc
                messages.error(request, error_text(exc))
            else:
                if access.may_plan(request.user, lot.run.province_id):
                    messages.success(request, _("Declined.") + " " + reallocation_note(run))
                    if run is not None:
                        return redirect(run.get_absolute_url())
                else:
                    messages.success(
                        request, _("Declined. The office will offer the pieces to other groups.")
                    )
    elif action == "progress":
        progress = ProgressForm(request.POST)
        if not progress.is_valid():
            messages.error(request, _("Enter the date and the pieces sewn so far."))
        else:
            act(
                request,
                lambda: lot_services.lot_progress(
                    user=request.user, lot=lot, **progress.cleaned_data
                ),
                _("Progress saved. Thank you."),
            )
    elif action == "complete":
        act(
            request,
            lambda: lot_services.lot_complete(user=request.user, lot=lot),
            _("Lot completed."),
        )
    else:
        raise Http404
    return back(request, lot.get_absolute_url())
