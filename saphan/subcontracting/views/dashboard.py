"""The dashboard (measures per province and region, export), the representatives' own page, and
minimum wages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from saphan.core.errors import ApplicationError
from saphan.core.scoping import Action, scope_for
from saphan.core.tabular import CONTENT_TYPES, table_response
from saphan.core.thai import format_date, local_name
from saphan.registry.selectors import establishments_represented_by
from saphan.subcontracting import present
from saphan.subcontracting.forms import DeclineForm, ProgressForm, WageForm
from saphan.subcontracting.models import GROUP_KINDS, LotStatus
from saphan.subcontracting.selectors import allocation as lot_selectors
from saphan.subcontracting.selectors import ledger as ledger_selectors
from saphan.subcontracting.selectors import measures, offers, wages
from saphan.subcontracting.selectors.readiness import company_profile_of
from saphan.subcontracting.services import wages as wage_services
from saphan.subcontracting.views.common import act, provinces_of, to_form


def _province(request: HttpRequest) -> str:
    code = request.GET.get("province", "")
    return code if any(p.code == code for p in provinces_of(request.user)) else ""


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.provinces(Action.VIEW) and scope.establishments:
        return redirect("subcontracting-my")
    province = _province(request)
    rows = measures.group_rows_for_user(request.user, province=province)
    months = measures.activity_by_month(request.user, province=province)
    peak = max([m.active_groups for m in months] + [m.companies for m in months] + [1])
    bars = []
    for i, m in enumerate(months):
        gh, ch = round(100 * m.active_groups / peak), round(100 * m.companies / peak)
        bars.append(
            {"x": i * 40, "gy": 110 - gh, "gh": gh, "cy": 110 - ch, "ch": ch, "month": m.month,
             "groups": m.active_groups, "companies": m.companies,
             "label": _month_label(m.month)}
        )  # fmt: skip
    summaries = measures.province_summaries(rows)
    return render(
        request,
        "subcontracting/home.html",
        {
            "province": province,
            "provinces": provinces_of(request.user),
            "rows": rows,
            "at_risk": [r for r in rows if r.risks and r.left_on is None],
            "left": [r for r in rows if r.left_on is not None],
            "summaries": summaries,
            "total": _total(summaries),
            "months": months,
            "bars": bars,
            "chart_width": 40 * len(months),
            "companies_served": measures.companies_served(request.user, province=province),
            "open_runs": lot_selectors.run_list_for_user(request.user, province=province).filter(
                status__in=("waiting", "queued", "running", "proposed")
            )[:5],
            "tab": "home",
        },
    )


def _month_label(day: Any) -> str:
    """A short label under a bar: the month and the Buddhist year's last two digits."""
    parts = format_date(day).split(" ")
    return f"{parts[1]}{parts[2][-2:]}"


def _total(summaries: list[measures.ProvinceSummary]) -> measures.ProvinceSummary:
    total = measures.ProvinceSummary("", "")
    for s in summaries:
        for name in (
            "groups",
            "ready",
            "active",
            "at_risk",
            "left",
            "accepted",
            "rejected",
            "on_time",
        ):
            setattr(total, name, getattr(total, name) + getattr(s, name))
        total.earnings += s.earnings
    return total


EXPORT_HEADINGS = [
    gettext_lazy("group"), gettext_lazy("province"), gettext_lazy("ready"),
    gettext_lazy("active"), gettext_lazy("lots offered"), gettext_lazy("lots accepted"),
    gettext_lazy("lots declined"), gettext_lazy("pieces accepted"), gettext_lazy("on-time rate"),
    gettext_lazy("reject rate"), gettext_lazy("measured efficiency"),
    gettext_lazy("earnings per member-hour (baht)"), gettext_lazy("minimum wage per hour (baht)"),
    gettext_lazy("main occupation per hour (baht)"), gettext_lazy("last activity"),
    gettext_lazy("at risk because"),
]  # fmt: skip


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The groups' measures as CSV or XLSX (group-level figures only: no member's data)."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    rows = measures.group_rows_for_user(request.user, province=_province(request))
    headings = [str(h) for h in EXPORT_HEADINGS]
    body = []
    for row in rows:
        m = present.measure(row)
        body.append(
            [
                m["group_name"], row.group.province.name_th, _("yes") if m["ready"] else _("no"),
                _("yes") if m["active"] else _("no"), m["lots_offered"], m["lots_accepted"],
                m["lots_declined"], m["pieces_accepted"], m["on_time_rate"], m["reject_rate"],
                m["efficiency"], m["earnings_per_hour"], m["floor_per_hour"],
                m["main_income_per_hour"], m["last_activity"], " ".join(m["risks"]),
            ]
        )  # fmt: skip
    stamp = timezone.localdate().isoformat()
    return table_response(fmt, f"subcontracting-groups-{stamp}", headings, body)


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    """The page of an outside account, phone first: a group sees its offered lots (accept or
    decline), reports progress, sees receipts and payments; a company sees its offers and lots."""
    scope = scope_for(request.user)
    parties = list(_represented(request.user))
    sections: list[dict[str, Any]] = []
    for est in parties:
        if est.kind in GROUP_KINDS:
            lots = list(
                lot_selectors.lot_list_for_user(request.user, group=est.pk, hide_proposed=True)
            )
            accepted = [x for x in lots if x.status == LotStatus.ACCEPTED]
            sections.append(
                {
                    "est": est,
                    "kind": "group",
                    "offered": [x for x in lots if x.status == LotStatus.OFFERED],
                    "accepted": accepted,
                    "done": [
                        x for x in lots if x.status not in (LotStatus.OFFERED, LotStatus.ACCEPTED)
                    ][:10],
                    "ledger": ledger_selectors.reconciliations(accepted),
                    "last": ledger_selectors.last_progress(accepted),
                }
            )
        own_offers = list(
            offers.offer_list_for_user(request.user, offers.OfferFilters(party=est.pk))
        )
        if own_offers or est.kind not in GROUP_KINDS:
            sections.append(
                {
                    "est": est,
                    "kind": "party",
                    "offers": own_offers,
                    "profile": company_profile_of(est),
                    "lots": list(
                        lot_selectors.lot_list_for_user(
                            request.user, party=est.pk, hide_proposed=True
                        )[:30]
                    ),
                }
            )
    return render(
        request,
        "subcontracting/my.html",
        {
            "sections": sections,
            "is_staff_view": bool(scope.provinces(Action.VIEW)),
            "progress_form": ProgressForm(initial={"reported_on": timezone.localdate()}),
            "decline_form": DeclineForm(),
            "tab": "my",
        },
    )


def _represented(user: Any) -> Any:
    return establishments_represented_by(user).select_related("province").order_by("name_th")


@login_required
def wage_list(request: HttpRequest) -> HttpResponse:
    """Minimum wages by province; administrators add rates for their provinces."""
    administrable = provinces_of(request.user, Action.ADMINISTER)
    form = WageForm(
        request.POST or None,
        provinces=[(p.code, local_name(p)) for p in administrable],
    )
    if request.method == "POST":
        if not administrable:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                wage_services.minimum_wage_set(
                    user=request.user,
                    province_code=data["province"],
                    effective_from=data["effective_from"],
                    baht_per_day=data["baht_per_day"],
                    source=data["source"],
                )
            except ApplicationError as exc:
                to_form(exc, form)
            else:
                messages.success(request, _("Minimum wage saved."))
                return redirect("subcontracting-wages")
    rows = list(wages.minimum_wage_list(request.GET.get("province", "")))
    known = {r.province_id for r in rows}
    missing = [p for p in provinces_of(request.user) if p.code not in known]
    mine = {p.code for p in administrable}
    return render(
        request,
        "subcontracting/wage_list.html",
        {"rows": [{**present.wage(r), "removable": r.province_id in mine} for r in rows],
         "form": form, "can_add": bool(administrable), "missing": missing,
         "today": format_date(timezone.localdate()), "tab": "wages"},
    )  # fmt: skip


@login_required
@require_POST
def wage_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator removes a rate entered by mistake."""
    try:
        wage = wages.minimum_wage_get(pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    act(
        request,
        lambda: wage_services.minimum_wage_delete(user=request.user, wage=wage),
        _("Minimum wage removed."),
    )
    return redirect("subcontracting-wages")
