"""Fund pages: funds by fiscal year with what remains, a fund's activities and budget lines, an
activity's commitments and spending (with a manager's override past the budget)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.core.errors import ApplicationError
from saphan.core.scoping import Action
from saphan.promotion.forms import ActivityForm, EntryForm, FundForm, LineForm, ReverseForm
from saphan.promotion.models import Commitment
from saphan.promotion.selectors import funds as selectors
from saphan.promotion.selectors.common import offices_for
from saphan.promotion.selectors.demand import fiscal_year_of
from saphan.promotion.services import funds as services
from saphan.promotion.services.common import office_allowed
from saphan.promotion.views.common import apply_errors, found, run_action
from saphan.promotion.views.offices import office_for_new


@login_required
def fund_list(request: HttpRequest) -> HttpResponse:
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else None
    this_year = fiscal_year_of(timezone.localdate())
    return render(
        request,
        "promotion/fund_list.html",
        {
            "rows": selectors.fund_list_for_user(request.user, year=year),
            "year": year,
            "years": list(range(this_year + 1, this_year - 5, -1)),
            "can_create": offices_for(request.user, Action.MANAGE).exists(),
        },
    )


@login_required
def fund_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    fund = (
        found(lambda: selectors.fund_get_for_user(request.user, pk, Action.MANAGE)) if pk else None
    )
    office = fund.office if fund else office_for_new(request, Action.MANAGE)
    form = FundForm(
        request.POST or None,
        instance=fund,
        initial={} if fund else {"fiscal_year": fiscal_year_of(timezone.localdate())},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.FUND_FIELDS}
        try:
            if fund is None:
                fund = services.fund_create(user=request.user, office=office, data=data)
            else:
                services.fund_update(user=request.user, fund=fund, data=data)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Fund saved."))
            return redirect(fund.get_absolute_url())
    return render(
        request, "promotion/fund_form.html", {"form": form, "fund": fund, "office": office}
    )


@login_required
def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fund = found(lambda: selectors.fund_get_for_user(request.user, pk))
    figures, activities, overrides = selectors.fund_detail(fund)
    can_change = office_allowed(request.user, fund.office_id, Action.CHANGE)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and can_change and form.is_valid():
        try:
            activity = services.activity_create(
                user=request.user,
                fund=fund,
                data={k: form.cleaned_data[k] for k in services.ACTIVITY_FIELDS},
            )
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Activity added."))
            return redirect(activity.get_absolute_url())
    return render(
        request,
        "promotion/fund_detail.html",
        {
            "fund": fund,
            "figures": figures,
            "activities": activities,
            "overrides": overrides,
            "can_change": can_change,
            "can_manage": office_allowed(request.user, fund.office_id, Action.MANAGE),
            "form": form,
        },
    )


def _entry_forms(request: HttpRequest, lines: Any, posted: str) -> dict[str, Any]:
    data = request.POST if request.method == "POST" else None
    return {
        "line_form": LineForm(data if posted == "line" else None, prefix="line"),
        "commitment_form": EntryForm(
            data if posted == "commitment" else None,
            lines=lines,
            prefix="commitment",
            initial={"on": timezone.localdate()},
        ),
        "spending_form": EntryForm(
            data if posted == "spending" else None,
            lines=lines,
            commitments=selectors.open_commitments(lines),
            prefix="spending",
            initial={"on": timezone.localdate()},
        ),
    }


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = found(lambda: selectors.activity_get_for_user(request.user, pk))
    fund = activity.fund
    can_change = office_allowed(request.user, fund.office_id, Action.CHANGE)
    lines = selectors.activity_lines(activity)
    posted = request.POST.get("form", "") if request.method == "POST" else ""
    forms = _entry_forms(request, lines, posted)
    if posted and can_change:
        form = forms[f"{posted}_form"]
        if form.is_valid():
            data = form.cleaned_data
            try:
                if posted == "line":
                    services.line_create(
                        user=request.user,
                        activity=activity,
                        name=data["name"],
                        planned=data["planned"],
                        override_reason=data["override_reason"],
                    )
                else:
                    entry = {k: data[k] for k in services.ENTRY_FIELDS}
                    if posted == "commitment":
                        services.commitment_add(
                            user=request.user,
                            line=data["line"],
                            data=entry,
                            override_reason=data["override_reason"],
                        )
                    else:
                        services.spending_add(
                            user=request.user,
                            line=data["line"],
                            data=entry,
                            commitment=data["commitment"],
                            override_reason=data["override_reason"],
                        )
            except ApplicationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(activity.get_absolute_url())
    row = selectors.activity_detail(activity)
    return render(
        request,
        "promotion/activity_detail.html",
        {
            "activity": activity,
            "fund": fund,
            "row": row,
            "entries": [(line, f, selectors.line_entries(line)) for line, f in row.lines],
            "reverse_form": ReverseForm(),
            "can_change": can_change,
            "posted": posted,
            "trainings": activity.trainings.order_by("-starts_on"),
            "projects": activity.projects.order_by("-fiscal_year"),
            **forms,
        },
    )


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = found(lambda: selectors.activity_get_for_user(request.user, pk, Action.CHANGE))
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                user=request.user,
                activity=activity,
                data={k: form.cleaned_data[k] for k in services.ACTIVITY_FIELDS},
            )
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(activity.get_absolute_url())
    return render(request, "promotion/activity_form.html", {"form": form, "activity": activity})


@login_required
@require_POST
def entry_reverse(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Reverse a wrong commitment or payment (the reversal stays in the history)."""
    if kind not in ("commitment", "spending"):
        raise Http404
    entry = found(lambda: selectors.entry_get_for_user(request.user, kind, pk))
    form = ReverseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""

    def reverse() -> object:
        if isinstance(entry, Commitment):
            return services.commitment_reverse(user=request.user, commitment=entry, reason=reason)
        return services.spending_reverse(user=request.user, spending=entry, reason=reason)

    run_action(request, reverse, _("Reversed: the entry and its reversal stay in the history."))
    return redirect(entry.line.activity.get_absolute_url())
