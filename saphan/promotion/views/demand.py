"""The demand page: requests by service, province and month, backlog, delivered against
requested, the training-need indicator; charts drawn on the server; CSV/XLSX of each table."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from saphan.core.tabular import table_response
from saphan.promotion.charts import month_label
from saphan.promotion.forms import DemandForm
from saphan.promotion.selectors import demand as selectors
from saphan.promotion.selectors.catalog import skill_list


def filters_from(request: HttpRequest) -> selectors.DemandFilters:
    form = DemandForm(request.GET)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or selectors.fiscal_year_of(timezone.localdate())
    first, last = selectors.fiscal_year_span(year)
    if data.get("first_day") and data.get("last_day") and data["first_day"] <= data["last_day"]:
        first, last = data["first_day"], data["last_day"]
    return selectors.DemandFilters(
        first_day=first,
        last_day=last,
        province=data.get("province") or "",
        skill=data.get("skill") or "",
    )


@login_required
def demand(request: HttpRequest) -> HttpResponse:
    filters = filters_from(request)
    data = selectors.demand_for_user(request.user, filters)
    this_year = selectors.fiscal_year_of(timezone.localdate())
    return render(
        request,
        "promotion/demand.html",
        {
            "d": data,
            "filters": filters,
            "years": list(range(this_year, this_year - 5, -1)),
            "year": selectors.fiscal_year_of(filters.first_day),
            "month_labels": [month_label(m) for m in data.months],
            "provinces": selectors.provinces_for(request.user),
            "skills": skill_list(),
            "export_query": request.GET.urlencode(),
            "per_officer": _per_officer(),
        },
    )


def _per_officer() -> int:
    return int(settings.SAPHAN_PROMOTION_SERVICES_PER_OFFICER_MONTH)


def _service_cells(row: selectors.ServiceRow) -> list[Any]:
    s = row.service
    return [s.name, s.working_group.office.code, s.skill.name]


@login_required
def demand_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    data = selectors.demand_for_user(request.user, filters_from(request))
    service_head = [_("Service"), _("Office"), _("Skill")]
    headings: list[Any]
    rows: list[list[Any]]
    if table == "months":
        headings = [*service_head, *[month_label(m) for m in data.months], _("Total")]
        rows = [[*_service_cells(r), *r.by_month, r.requested] for r in data.services]
    elif table == "provinces":
        headings = [_("Province"), *service_head, _("Requested")]
        by_id = {r.service.pk: r for r in data.services}
        rows = [
            [p.name_th, *_service_cells(by_id[sid]), n]
            for p in data.provinces
            for sid, n in sorted(data.by_province.get(p.code, {}).items())
            if sid in by_id
        ]
    elif table == "services":
        headings = [
            *service_head,
            _("Requested"),
            _("Delivered"),
            _("Delivered (%)"),
            _("Open"),
            _("Average waiting days"),
        ]
        rows = [
            [
                *_service_cells(r),
                r.requested,
                r.delivered,
                r.delivered_percent,
                r.open,
                r.average_wait,
            ]
            for r in data.services
        ]
    elif table == "need":
        headings = [
            _("Province"),
            _("Skill"),
            _("Requested"),
            _("Officers with the skill"),
            _("Services they can give"),
            _("Short of officers"),
        ]
        rows = [
            [
                n.province.name_th,
                n.skill.name,
                n.requested,
                n.officers,
                n.capacity,
                _("yes") if n.short else _("no"),
            ]
            for n in data.need
        ]
    else:
        raise Http404
    stamp = f"{data.filters.first_day:%Y%m%d}-{data.filters.last_day:%Y%m%d}"
    return table_response(fmt, f"demand-{table}-{stamp}", headings, rows)
