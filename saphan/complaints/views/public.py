"""Public pages, no login: report a problem, the receipt, tracking, following, the
complainant's own link, the public list and map, explainers. Phone-first."""

from __future__ import annotations

import functools
import hashlib
import json
import math
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from saphan.complaints import ratelimit
from saphan.complaints.forms import (
    FollowForm,
    LookupForm,
    PhotoForm,
    RateForm,
    ReopenForm,
    ReportForm,
    RequestForm,
    form_stamp,
)
from saphan.complaints.models import (
    Category,
    Complaint,
    DataSubjectRequest,
    Explainer,
    Photo,
    RequestKind,
    RequestStatus,
    Status,
)
from saphan.complaints.photos import MAX_PHOTOS, max_bytes
from saphan.complaints.selectors import public as public_selectors
from saphan.complaints.services import complainant as complainant_services
from saphan.complaints.services import intake, privacy
from saphan.complaints.services.common import normalise_code
from saphan.complaints.services.keys import complainant_by_key
from saphan.complaints.views.common import errors_to_form, map_context, query_without
from saphan.core.errors import ApplicationError
from saphan.core.selectors import province_list

# The receipt shows the complainant's own key once: it travels in a short-lived signed cookie
# scoped to the receipt page (no session row is written for an anonymous visitor).
RECEIPT_COOKIE = "saphan_receipt"
RECEIPT_SALT = "complaints.receipt"
RECEIPT_SECONDS = 600
# Public tracking pages are rendered once per version and served from the cache to anonymous
# visitors; the CSRF token and the follow form's start stamp are put in per response (the
# per-visitor and per-moment parts).
TRACK_SECONDS = 300
# Far past the last page of any list, and still a small database offset.
MAX_PAGE = 10**9


@functools.lru_cache(maxsize=4)
def _mark(name: str) -> str:
    """A placeholder in a cached page. The same in every server process sharing the cache
    (derived from the secret key, so a page's text cannot guess it)."""
    return f"{name}mark{salted_hmac('complaints.track.mark', name).hexdigest()[:24]}"


# Five photos at the size limit, and the rest of the form.
BODY_MARGIN = 1024 * 1024


def _too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > MAX_PHOTOS * max_bytes() + BODY_MARGIN


def _contact(data: dict[str, Any]) -> intake.Contact:
    return intake.Contact(
        name=data.get("name") or "",
        phone=data.get("phone") or "",
        email=data.get("email") or "",
        line_id=data.get("line_id") or "",
        wants_updates=bool(data.get("wants_updates")),
    )


def intake_from(data: dict[str, Any], language: str, channel: str = "web") -> intake.Intake:
    def code(name: str) -> str:
        value = data.get(name)
        return str(getattr(value, "pk", value) or "")

    return intake.Intake(
        category=data.get("category") or "",
        description=data.get("description") or "",
        time_of_day=data.get("time_of_day") or "",
        frequency=data.get("frequency") or "",
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        location_source=data.get("location_source") or "address",
        province_code=code("province"),
        district_code=code("district"),
        subdistrict_code=code("subdistrict"),
        address_text=data.get("address_text") or "",
        establishment_id=data.get("establishment") or None,
        health_details=data.get("health_details") or "",
        health_consent=bool(data.get("health_consent")),
        channel=channel,
        language=language,
    )


ALIASES = {"location": "__all__", "establishment": "__all__"}
# Hidden fields the map and the establishment search fill: their errors are said at the top.
HIDDEN = {"latitude", "longitude", "location_source", "establishment"}


def _more_problems(form: ReportForm, language: str) -> None:
    """A form that found faults of its own also gets the service's on the fields it did not
    fault, so that every problem is marked in one round (not one more at each try)."""
    faulted = set(form.errors)
    for name in sorted(faulted & HIDDEN):
        del form.errors[name]
        if name in {"latitude", "longitude"} and "location" not in faulted:
            faulted.add("location")
            form.add_error(
                None, _("The map point could not be read: place the pin again, or leave it out.")
            )
        elif name == "establishment":
            form.add_error(None, _("Choose the establishment again from the search."))
    data = form.cleaned_data
    try:
        intake.complaint_check(intake=intake_from(data, language), contact=_contact(data))
    except ApplicationError as exc:
        # Only what the form did not already say (a field it refused is not "missing").
        exc.fields = {name: e for name, e in exc.fields.items() if name not in faulted}
        if exc.fields:
            errors_to_form(form, exc, ALIASES)


def report(request: HttpRequest) -> HttpResponse:
    """The form: what, when, where (map pin, GPS or address), photos, the suspected
    establishment, and an optional contact. A submission is checked on the form's shared
    fields (`ReportForm.lean`); the full form is built only to be drawn again with errors."""
    status = 200
    if request.method != "POST":
        form = ReportForm(request.POST or None, request.FILES or None)
    else:
        form = ReportForm.lean(request.POST or None, request.FILES or None)
        # Every attempt counts under "report_try"; only a complaint sent counts under "report"
        # and "report_day" (a person correcting mistakes is not locked out): counted before
        # it is written, taken back when the service refuses it. One statement either way.
        too_large = _too_large(request)
        valid = not too_large and form.is_valid()
        counted = ("report_try", "report", "report_day") if valid else ("report_try",)
        try:
            counted_at = ratelimit.rate_limit_check(request, *counted)
            if too_large:
                raise ApplicationError(
                    _("The photos are too large together: send fewer or smaller ones."),
                    code="too_large",
                    status=413,
                )
        except ApplicationError as exc:
            form.is_valid()
            form = form.drawable()
            errors_to_form(form, exc)
            status = exc.status
        else:
            if form.is_valid():
                try:
                    submitted = intake.complaint_submit(
                        intake=intake_from(form.cleaned_data, request.LANGUAGE_CODE),
                        contact=_contact(form.cleaned_data),
                        photos=form.cleaned_data.get("photos") or [],
                    )
                except ApplicationError as exc:
                    if not form.cleaned_data.get("photos"):
                        # Refused before any photo was decoded (a missing field): not a
                        # complaint sent. Photos read and refused cost as much as one: counted.
                        ratelimit.rate_refund(request, counted_at, "report", "report_day")
                    form = form.drawable()
                    errors_to_form(form, exc, ALIASES)
                    status = 422
                else:
                    return _to_receipt(submitted.complaint.code, submitted.key)
            else:
                form = form.drawable()
                _more_problems(form, request.LANGUAGE_CODE)
                status = 422
    # A browser cannot fill a file input again: the page says the photos must be chosen again.
    photos_dropped = len(request.FILES.getlist("photos")) if status != 200 else 0
    establishment_name = ""
    if form.is_bound and form.data.get("establishment", "").isdigit():
        establishment_name = public_selectors.establishment_public_name(
            int(form.data["establishment"])
        )
    return render(
        request,
        "complaints/public/report.html",
        {
            "form": form,
            "categories": Category.choices,
            "establishment_name": establishment_name,
            "photos_dropped": photos_dropped,
            "photo_limit_mb": settings.SAPHAN_COMPLAINTS_PHOTO_MAX_MB,
            "reopen_days": settings.SAPHAN_COMPLAINTS_REOPEN_DAYS,
            "anonymise_days": settings.SAPHAN_COMPLAINTS_ANONYMISE_DAYS,
            **map_context(),
        },
        status=status,
    )


@require_GET
def nearby(request: HttpRequest) -> HttpResponse:
    """Open complaints of the same kind nearby: “the same problem? follow it instead”."""

    def number(name: str) -> float | None:
        try:
            value = float(request.GET.get(name, ""))
        except ValueError:
            return None
        return value if math.isfinite(value) else None  # float() reads "nan" and "inf" too

    rows = public_selectors.nearby_open(
        category=request.GET.get("category", ""),
        lat=number("latitude"),
        lon=number("longitude"),
        subdistrict=request.GET.get("subdistrict", ""),
        district=request.GET.get("district", ""),
    )
    return render(request, "complaints/public/partials/nearby.html", {"rows": rows})


@require_GET
def establishment_search(request: HttpRequest) -> HttpResponse:
    try:
        ratelimit.rate_limit_check(request, "search")
    except ApplicationError as exc:
        return HttpResponse(str(exc), status=exc.status)
    rows = public_selectors.establishment_search_public(
        request.GET.get("q", ""), province=request.GET.get("province", "")
    )
    return render(
        request,
        "complaints/public/partials/establishments.html",
        {"rows": rows, "q": request.GET.get("q", "")},
    )


def _canonical(request: HttpRequest, name: str, code: str) -> HttpResponse | None:
    """A code typed into the address as people copy it (lower case, spaces, no dash) goes
    to its canonical address, as the lookup form's does."""
    canonical = normalise_code(code)
    if canonical == code or len(canonical) != 9:
        return None
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(reverse(name, args=[canonical]) + (f"?{query}" if query else ""))


def receipt(request: HttpRequest, code: str) -> HttpResponse:
    moved = _canonical(request, "complaint-receipt", code)
    if moved is not None:
        return moved
    row = public_selectors.public_get(code)
    if row is None:
        raise Http404
    raw = request.get_signed_cookie(
        RECEIPT_COOKIE, default=None, salt=RECEIPT_SALT, max_age=RECEIPT_SECONDS
    )
    held = json.loads(raw) if raw else {}
    key = held.get("key") if held.get("code") == code else None
    response = render(
        request,
        "complaints/public/receipt.html",
        {
            "row": row,
            "key": key,
            "followed": request.GET.get("followed") == "1",
            "reopen_days": settings.SAPHAN_COMPLAINTS_REOPEN_DAYS,
        },
    )
    if key:
        # Shown once: a reload, or the next person on a shared phone, does not see it again.
        response.delete_cookie(RECEIPT_COOKIE, path=reverse("complaint-receipt", args=[code]))
    response["Cache-Control"] = "no-store"
    return response


def _to_receipt(code: str, key: str, *, followed: bool = False) -> HttpResponse:
    url = reverse("complaint-receipt", args=[code])
    # A follower's receipt says they follow the case (also on a reload, when the key is gone).
    response = HttpResponseRedirect(f"{url}?followed=1" if followed else url)
    response.set_signed_cookie(
        RECEIPT_COOKIE, json.dumps({"code": code, "key": key}), salt=RECEIPT_SALT,
        max_age=RECEIPT_SECONDS, path=url, httponly=True, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )  # fmt: skip
    return response


def lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        try:
            ratelimit.rate_limit_check(request, "lookup")
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            code = normalise_code(form.cleaned_data["code"])
            if public_selectors.public_id(code) is not None:
                return redirect("complaint-track", code=code)
            form.add_error(
                "code",
                _(
                    "No complaint has this tracking code. Check the letters and "
                    "digits on your receipt."
                ),
            )
    return render(request, "complaints/public/lookup.html", {"form": form})


def _track_html(request: HttpRequest, code: str) -> str:
    row = public_selectors.public_get(code)
    if row is None:
        raise Http404
    timeline = public_selectors.public_timeline(code)
    follow_form = FollowForm(initial={"started": _mark("stamp")})
    context = {"row": row, "timeline": timeline, "follow_form": follow_form,
               "steps": _steps(row, timeline), "csrf_token": _mark("csrf")}  # fmt: skip
    return render_to_string("complaints/public/track.html", context, request)


def track(request: HttpRequest, code: str) -> HttpResponse:
    """The public page of a case. Anonymous visitors get it from the cache while the case
    has not changed (its updated_at is the version), the day is the same (overdue markers)
    and no message waits to be shown."""
    moved = _canonical(request, "complaint-track", code)
    if moved is not None:
        return moved
    cacheable = not request.user.is_authenticated and "messages" not in request.COOKIES
    if not cacheable:
        html = _track_html(request, code)
    else:
        version = public_selectors.public_version(code)
        if version is None:
            raise Http404
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:16]
        key = (f"complaints:track:{code}:{version}:{request.LANGUAGE_CODE}:"
               f"{timezone.localdate()}:{path}")  # fmt: skip
        html = cache.get(key)
        if html is None:
            html = _track_html(request, code)
            cache.set(key, html, TRACK_SECONDS)
    html = html.replace(_mark("csrf"), get_token(request))
    return HttpResponse(html.replace(_mark("stamp"), form_stamp()))


def _steps(
    row: public_selectors.PublicComplaint, timeline: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The way a case goes, marking the states it went through (a case may close early)."""
    from saphan.complaints.models import OPEN_STATES

    visited = {Status.RECEIVED} | {e["to_state"] for e in timeline if e.get("to_state")}
    current = row.status if not row.is_closed else ""
    steps = [
        {"label": Status(s).label, "done": s in visited and s != current, "current": s == current}
        for s in OPEN_STATES
    ]
    steps.append(
        {"label": pgettext("complaint", "Closed"), "done": row.is_closed, "current": row.is_closed}
    )
    return steps


def follow(request: HttpRequest, code: str) -> HttpResponse:
    if request.method != "POST":
        # A reload of a refused follow: back to the case's page, at its follow form.
        return HttpResponseRedirect(reverse("complaint-track", args=[code]) + "#follow")
    complaint = Complaint.objects.filter(code=code).first()
    if complaint is None:
        raise Http404
    form = FollowForm(request.POST)
    row = public_selectors.public_get(code)
    try:
        ratelimit.rate_limit_check(request, "follow")
    except ApplicationError as exc:
        form.is_valid()
        errors_to_form(form, exc)
    else:
        if form.is_valid() and form.stamp_spend():
            try:
                submitted = intake.complaint_follow(
                    complaint=complaint,
                    contact=_contact(form.cleaned_data),
                    language=request.LANGUAGE_CODE,
                )
            except ApplicationError as exc:
                form.stamp_refund()
                errors_to_form(form, exc)
            else:
                return _to_receipt(submitted.complaint.code, submitted.key, followed=True)
    form.restamp()
    return render(
        request,
        "complaints/public/track.html",
        {
            "row": row,
            "timeline": public_selectors.public_timeline(code),
            "follow_form": form,
            "steps": _steps(row, public_selectors.public_timeline(code)) if row else [],
        },
        status=422,
    )


def act(request: HttpRequest, code: str, key: str) -> HttpResponse:
    """The complainant's own page: add photos, rate, reopen, stop updates, ask for a copy or
    the erasure of their data. The key in the address is what proves who they are."""
    complaint = Complaint.objects.select_related("merged_into").filter(code=code).first()
    person = complainant_by_key(complaint, key) if complaint is not None else None
    if person is None:
        if complaint is None:
            raise Http404
        # Not saying why (a mistyped key, or erased or anonymised data): the link is the
        # person, and it goes with their data. The case itself stays public.
        return render(
            request,
            "complaints/public/link_gone.html",
            {"code": complaint.code, "anonymise_days": settings.SAPHAN_COMPLAINTS_ANONYMISE_DAYS},
            status=404,
        )
    case = complainant_services.case_of(person)
    # A rating may be changed within the period: the form starts from the one given.
    rated = complainant_services.rating_given(person, case)
    forms_: dict[str, Any] = {
        "rate_form": RateForm(
            prefix="rate",
            initial={"stars": rated.stars, "comment": rated.comment} if rated else None,
        ),
        "reopen_form": ReopenForm(prefix="reopen"),
        "photo_form": PhotoForm(prefix="photo"),
        "request_form": RequestForm(prefix="request"),
    }
    status = 200
    window_open = complainant_services.window_open(case)
    can_add_photos = not case.is_closed and case.photos.count() < MAX_PHOTOS
    # The forms the page draws now: a refusal of one it does not draw is said at the top.
    drawn = {
        "rate": case.is_closed and window_open,
        "reopen": case.is_closed and window_open,
        "photo": can_add_photos,
        "request": True,
    }
    page_error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            ratelimit.rate_limit_check(request, "act")
            done = _act(request, action, person, case, forms_)
        except ApplicationError as exc:
            target = forms_.get(f"{action}_form")
            if target is not None and drawn.get(action):
                target.is_valid()
                errors_to_form(target, exc)
            else:
                page_error = str(exc)
            status = exc.status if exc.status != 400 else 422
        else:
            if done:
                return redirect("complaint-act", code=code, key=key)
            status = 422
    copies = DataSubjectRequest.objects.filter(
        complainant=person, kind=RequestKind.COPY, status=RequestStatus.DONE
    ).exclude(copy=None)
    if request.GET.get("download") == "copy" and copies.exists():
        copy = JsonResponse(
            copies.latest("handled_at").copy, json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        copy["Content-Disposition"] = f'attachment; filename="complaint-{code}-my-data.json"'
        copy["Cache-Control"] = "no-store"
        return copy
    response = render(
        request,
        "complaints/public/act.html",
        {
            "row": public_selectors.public_get(case.code),
            "person": person,
            "own_code": code,
            "key": key,
            "page_error": page_error,
            "rated": rated,
            "window_open": window_open,
            "can_add_photos": can_add_photos,
            "requests": DataSubjectRequest.objects.filter(complainant=person).order_by(
                "-received_at"
            ),
            "has_copy": copies.exists(),
            "reopen_days": settings.SAPHAN_COMPLAINTS_REOPEN_DAYS,
            **forms_,
        },
        status=status,
    )
    # The person's own page (their requests, their data): never kept by a browser or proxy.
    response["Cache-Control"] = "no-store"
    return response


def _act(
    request: HttpRequest, action: str, person: Any, case: Complaint, forms_: dict[str, Any]
) -> bool:
    form: Any
    if action == "rate":
        form = forms_["rate_form"] = RateForm(request.POST, prefix="rate")
        if form.is_valid():
            complainant_services.complaint_rate(
                complainant=person,
                stars=form.cleaned_data["stars"],
                comment=form.cleaned_data["comment"],
            )
            return True
    elif action == "reopen":
        form = forms_["reopen_form"] = ReopenForm(request.POST, prefix="reopen")
        if form.is_valid():
            complainant_services.complaint_reopen(
                complainant=person, reason=form.cleaned_data["reason"]
            )
            return True
    elif action == "photo":
        form = forms_["photo_form"] = PhotoForm(request.POST, request.FILES, prefix="photo")
        if form.is_valid():
            intake.photo_add(
                complaint=case, uploads=form.cleaned_data["photos"], complainant=person
            )
            return True
    elif action == "request":
        form = forms_["request_form"] = RequestForm(request.POST, prefix="request")
        if form.is_valid():
            privacy.request_create(complainant=person, kind=form.cleaned_data["kind"])
            return True
    elif action in {"stop", "resume"}:
        complainant_services.complainant_updates(complainant=person, wanted=action == "resume")
        return True
    return False


def public_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    try:
        page = min(max(1, int(request.GET.get("page", "1"))), MAX_PAGE)
    except ValueError:
        page = 1
    rows, total = public_selectors.public_list(filters, page)
    pages = max(1, -(-total // public_selectors.PAGE_SIZE))
    if page > pages:  # past the end (an old link, a typed number): the last page
        page = pages
        rows, total = public_selectors.public_list(filters, page)
    return render(
        request,
        "complaints/public/list.html",
        {
            "rows": rows,
            "total": total,
            "page": page,
            "pages": pages,
            "filters": filters,
            "categories": Category.choices,
            "provinces": province_list(),
            "districts": _districts(filters.province),
            "stats": public_selectors.public_stats(filters.province),
            "query": query_without(request, "page"),
        },
    )


def _districts(province: str) -> Any:
    from saphan.core.selectors import district_list

    return district_list(province) if province else []


def _filters(request: HttpRequest) -> public_selectors.PublicFilters:
    category = request.GET.get("category", "")
    status = request.GET.get("status", "")
    return public_selectors.PublicFilters(
        category=category if category in Category.values else "",
        status=status if status in {"open", "closed", "overdue", *Status.values} else "",
        province=request.GET.get("province", "")[:2],
        district=request.GET.get("district", "")[:4],
        sort=request.GET.get("sort", "-received"),
    )


def public_map(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    return render(
        request,
        "complaints/public/map.html",
        {
            "filters": filters,
            "categories": Category.choices,
            "provinces": province_list(),
            "districts": _districts(filters.province),
            **map_context(),
        },
    )


@require_GET
def public_points(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"cells": public_selectors.public_points(_filters(request))})


@cache_control(public=True, max_age=3600)
def public_photo(request: HttpRequest, pk: int) -> FileResponse:
    try:
        photo = public_selectors.photo_public(pk)
    except Photo.DoesNotExist:
        raise Http404 from None
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


def explainer_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "complaints/public/explainer_list.html",
        {"explainers": public_selectors.explainer_list_public()},
    )


def explainer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        explainer = public_selectors.explainer_get_public(slug)
    except Explainer.DoesNotExist:
        raise Http404 from None
    return render(request, "complaints/public/explainer_detail.html", {"explainer": explainer})


def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "complaints/public/privacy.html",
        {
            "anonymise_days": settings.SAPHAN_COMPLAINTS_ANONYMISE_DAYS,
            "request_days": settings.SAPHAN_COMPLAINTS_REQUEST_DAYS,
        },
    )
