"""Open311 GeoReport v2 at /open311/v2/: services, service definitions, requests (list, one,
create with an API key), tokens; XML and JSON; the spec's error list with 400/403/404.

Requests are public data: built from `selectors.public` only (area and grid point, never the
complainant, their words or the exact point). Status is open|closed; the detailed state is in
status_notes. jurisdiction_id is a province (code "86", office code "PIO86", or its name).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import uuid
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from saphan.complaints import ratelimit
from saphan.complaints.models import (
    CLOSED_STATES,
    OPEN_STATES,
    CaseEvent,
    Category,
    Channel,
    Complaint,
    Frequency,
    LocationSource,
    Photo,
    TimeOfDay,
)
from saphan.complaints.selectors import public as public_selectors
from saphan.complaints.services import intake
from saphan.complaints.services.common import normalise_code
from saphan.core.errors import ApplicationError
from saphan.core.models import District, Province
from saphan.core.services import api_token_authenticate
from saphan.core.thai import local_name
from saphan.registry.cleaning.geo import geo_matcher

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
MAX_DAYS = 90
MAX_RESULTS = 1000
# Dates a client may ask about: wide enough for any real request, far from the calendar's ends.
EARLIEST, LATEST = 1900, 2200
KEYWORDS = {
    Category.DUST: "dust, smoke, haze, PM2.5, ฝุ่น, ควัน, หมอกควัน",
    Category.ODOUR: "odour, smell, กลิ่น",
    Category.NOISE: "noise, เสียง",
    Category.WASTEWATER: "wastewater, water, น้ำเสีย",
    Category.SOLID_WASTE: "waste, garbage, ขยะ, กากของเสีย",
    Category.VIBRATION: "vibration, blasting, แรงสั่นสะเทือน",
    Category.OTHER: "other, อื่น ๆ",
}


class Open311Error(Exception):
    def __init__(
        self, status: int, *descriptions: str, retry_after: int | None = None, allow: str = ""
    ) -> None:
        super().__init__(descriptions[0] if descriptions else "")
        self.status = status
        self.descriptions = descriptions
        self.retry_after = retry_after
        self.allow = allow


# --- Rendering ---------------------------------------------------------------------------------

# What XML 1.0 cannot hold (C0 controls other than tab and newlines, surrogates, U+FFFE/FFFF):
# echoed input, such as a jurisdiction_id in an error, must not make the document unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: Any) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


def _xml_value(parent: ET.Element, name: str, value: Any) -> None:
    child = ET.SubElement(parent, name)
    if isinstance(value, list):
        for item in value:
            _xml_item(child, name, item)
    elif isinstance(value, dict):
        for key, inner in value.items():
            _xml_value(child, key, inner)
    elif value is None:
        pass
    elif isinstance(value, bool):
        child.text = "true" if value else "false"
    else:
        child.text = _xml_text(value)


SINGULAR = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}


def _xml_item(parent: ET.Element, plural: str, item: Any) -> None:
    if isinstance(item, dict):
        element = ET.SubElement(parent, SINGULAR.get(plural, "item"))
        for key, value in item.items():
            _xml_value(element, key, value)
    else:
        ET.SubElement(parent, SINGULAR.get(plural, "item")).text = _xml_text(item)


def render(fmt: str, root: str, payload: Any, status: int = 200) -> HttpResponse:
    if fmt == "json":
        return HttpResponse(
            json.dumps(payload, ensure_ascii=False), content_type=FORMATS["json"], status=status
        )
    element = ET.Element(root)
    if isinstance(payload, list):
        for item in payload:
            _xml_item(element, root, item)
    else:
        for key, value in payload.items():
            _xml_value(element, key, value)
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8")
    return HttpResponse(body, content_type=FORMATS["xml"], status=status)


def _errors(fmt: str, error: Open311Error) -> HttpResponse:
    items = [{"code": error.status, "description": d} for d in error.descriptions]
    response = render(fmt if fmt in FORMATS else "json", "errors", items, status=error.status)
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    if error.allow:
        response["Allow"] = error.allow
    return response


def endpoint(view: Any = None, *, posts: bool = False) -> Any:
    """Format check and the spec's error list for every endpoint. An endpoint answers GET and
    HEAD; `@endpoint(posts=True)` takes a POST too (with its API key: no session, so no CSRF
    token)."""
    if view is None:
        return functools.partial(endpoint, posts=posts)

    @csrf_exempt
    def wrapped(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD") and not (posts and request.method == "POST"):
            allow = "GET, HEAD, POST" if posts else "GET, HEAD"
            return _errors(
                fmt if fmt in FORMATS else "json",
                Open311Error(405, _("Use %(methods)s.") % {"methods": allow}, allow=allow),
            )
        if fmt not in FORMATS:
            return _errors(
                "json",
                Open311Error(
                    404, _("Format %(format)s is not offered: use json or xml.") % {"format": fmt}
                ),
            )
        try:
            return view(request, fmt, **kwargs)
        except Open311Error as exc:
            return _errors(fmt, exc)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _w3c(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return timezone.make_aware(dt.datetime.combine(value, dt.time(17, 0))).isoformat(
        timespec="seconds"
    )


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


# --- Jurisdiction ------------------------------------------------------------------------------


def _province(jurisdiction: str) -> str | None:
    text = (jurisdiction or "").strip()
    if not text:
        return None
    for prefix in ("จังหวัด", "จ."):
        text = text.removeprefix(prefix).strip()
    if text.upper().startswith("PIO"):
        text = text[3:]
    found = (
        Province.objects.filter(Q(code=text) | Q(name_th=text) | Q(name_en__iexact=text))
        .values_list("code", flat=True)
        .first()
    )
    if found is None:
        raise Open311Error(
            404,
            _("jurisdiction_id %(value)s is not a province we serve.") % {"value": jurisdiction},
        )
    return found


def _province_name(code: str) -> str:
    province = Province.objects.filter(code=code).first()
    return local_name(province) if province is not None else code


def _place_from_address(text: str, province: str | None) -> tuple[str | None, str, str]:
    """Province, district and subdistrict named in a free address, most specific part first
    as the spec asks ("ต.ท่ายาง อ.เมือง จ.ชุมพร", "Takua Pa, Phang Nga"): the registry's
    address matcher, which takes no short province name inside a longer place name. A part
    it cannot place is left out (the address text stays with the case for the officer)."""
    if not text:
        return province, "", ""
    found = geo_matcher().match_line(text, province)
    if province and found.province_code and found.province_code != province:
        raise Open311Error(
            400,
            _(
                "address_string is in another province (%(named)s) than jurisdiction_id "
                "(%(given)s): send the province where it happens."
            )
            % {"named": _province_name(found.province_code), "given": _province_name(province)},
        )
    return (
        found.province_code or province,
        found.district_code or "",
        found.subdistrict_code or "",
    )


# --- Services ------------------------------------------------------------------------------------


def _service(code: str) -> dict[str, Any]:
    return {
        "service_code": code,
        "service_name": str(Category(code).label),
        "description": _("Complaint to the provincial industry office: %(name)s")
        % {"name": Category(code).label},
        "metadata": True,
        "type": "realtime",
        "keywords": KEYWORDS.get(Category(code), ""),
        "group": _("Industrial environment"),
    }


@endpoint
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET services.{fmt}: the categories of complaint."""
    _province(request.GET.get("jurisdiction_id", ""))
    return render(fmt, "services", [_service(code) for code in Category.values])


def _values(choices: Any) -> list[dict[str, str]]:
    return [{"key": value, "name": str(label)} for value, label in choices]


@endpoint
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    """GET services/{code}.{fmt}: the extra questions (attributes) of a category."""
    _province(request.GET.get("jurisdiction_id", ""))
    if code not in Category.values:
        raise Open311Error(404, _("No service has the code %(code)s.") % {"code": code})
    attributes = [
        {
            "variable": True,
            "code": "time_of_day",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": _("One of the values' keys"),
            "order": 1,
            "description": _("When does it happen?"),
            "values": _values(TimeOfDay.choices),
        },
        {
            "variable": True,
            "code": "frequency",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": _("One of the values' keys"),
            "order": 2,
            "description": _("How often?"),
            "values": _values(Frequency.choices),
        },
    ]
    return render(fmt, "service_definition", {"service_code": code, "attributes": attributes})


# --- Requests ----------------------------------------------------------------------------------


def _status_notes(row: public_selectors.PublicComplaint, latest: str) -> str:
    parts = [row.status_label]
    if row.is_overdue and row.state_due:
        parts.append(_("overdue since %(date)s") % {"date": row.state_due.isoformat()})
    if latest:
        parts.append(latest)
    return " — ".join(parts)


def _request_out(
    request: HttpRequest, row: public_selectors.PublicComplaint, latest: str, photo: int | None
) -> dict[str, Any]:
    return {
        "service_request_id": row.code,
        "status": "closed" if row.is_closed else "open",
        "status_notes": _status_notes(row, latest),
        "service_name": row.category_label,
        "service_code": row.category,
        "description": row.summary or f"{row.category_label} · {row.area}",
        "agency_responsible": row.office,
        "service_notice": _("Settled within the province by the provincial industry office."),
        "requested_datetime": _w3c(row.received_at),
        # The spec: for a closed request, the date it was closed; else the latest public change.
        "updated_datetime": _w3c(
            row.closed_at if row.is_closed and row.closed_at else row.updated_at
        ),
        "expected_datetime": _w3c(row.expected_date) if not row.is_closed else None,
        "address": row.area,
        "address_id": row.district_code or "",
        "zipcode": "",
        "lat": float(row.public_lat) if row.public_lat is not None else None,
        "long": float(row.public_lon) if row.public_lon is not None else None,
        "media_url": _absolute(request, reverse("complaint-public-photo", args=[photo]))
        if photo
        else None,
    }


def _latest_texts(codes: list[str]) -> dict[str, str]:
    latest: dict[str, str] = {}
    rows = (
        CaseEvent.objects.filter(complaint__code__in=codes, is_public=True)
        .exclude(text="")
        .order_by("at", "id")
        .values_list("complaint__code", "text")
    )
    for code, text in rows:
        latest[code] = text
    return latest


def _first_photos(codes: list[str]) -> dict[str, int]:
    photos: dict[str, int] = {}
    rows = (
        Photo.objects.filter(complaint__code__in=codes, is_public=True)
        .order_by("-id")
        .values_list("complaint__code", "pk")
    )
    for code, pk in rows:
        photos[code] = pk
    return photos


def _parse_when(name: str, text: str) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip().replace(" ", "+"))
    except ValueError:
        raise Open311Error(
            400,
            _("%(name)s must be a W3C date-time such as 2026-11-29T09:00:00+07:00.")
            % {"name": name},
        ) from None
    if not EARLIEST <= value.year <= LATEST:
        raise Open311Error(
            400,
            _("%(name)s must be a date between the years %(earliest)s and %(latest)s.")
            % {"name": name, "earliest": EARLIEST, "latest": LATEST},
        )
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _rows(request: HttpRequest, complaints: Any) -> list[dict[str, Any]]:
    rows = [public_selectors.public_row(values) for values in complaints]
    codes = [row.code for row in rows]
    latest, photos = _latest_texts(codes), _first_photos(codes)
    return [
        _request_out(request, row, latest.get(row.code, ""), photos.get(row.code)) for row in rows
    ]


def _window(start: dt.datetime | None, end: dt.datetime | None) -> tuple[dt.datetime, dt.datetime]:
    """The spec's default: the last 90 days, or 90 days from (or up to) the date given."""
    window = dt.timedelta(days=MAX_DAYS)
    if start is not None and end is not None:
        return start, end
    if start is not None:
        return start, start + window
    end = end or timezone.now()
    return end - window, end


def _list(request: HttpRequest, fmt: str) -> HttpResponse:
    params = request.GET
    # Duplicates merged into another case stay listed, closed with a note naming that case:
    # a client that sent one sees it close.
    cases = Complaint.objects.all()
    province = _province(params.get("jurisdiction_id", ""))
    if province:
        cases = cases.filter(province_id=province)
    ids = [c.strip() for c in params.get("service_request_id", "").split(",") if c.strip()]
    if ids:
        # With ids, the other filters are ignored (the spec says so).
        cases = Complaint.objects.filter(code__in=ids[:MAX_RESULTS])
    else:
        codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
        unknown = [c for c in codes if c not in Category.values]
        if unknown:
            raise Open311Error(
                400, _("Unknown service_code: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        if codes:
            cases = cases.filter(category__in=codes)
        statuses = [s.strip() for s in params.get("status", "").split(",") if s.strip()]
        if any(s not in {"open", "closed"} for s in statuses):
            raise Open311Error(400, _("status is open, closed, or both separated by a comma."))
        if statuses == ["open"]:
            cases = cases.filter(status__in=OPEN_STATES)
        elif statuses == ["closed"]:
            cases = cases.filter(status__in=sorted(CLOSED_STATES))
        start, end = _window(
            _parse_when("start_date", params.get("start_date", "")),
            _parse_when("end_date", params.get("end_date", "")),
        )
        if end < start:
            raise Open311Error(400, _("end_date is before start_date."))
        if end - start > dt.timedelta(days=MAX_DAYS):
            raise Open311Error(
                400,
                _("start_date and end_date may be at most %(days)s days apart.")
                % {"days": MAX_DAYS},
            )
        cases = cases.filter(received_at__gte=start, received_at__lte=end)
    values = public_selectors.public_values(cases.order_by("-received_at", "-id")[:MAX_RESULTS])
    return render(fmt, "service_requests", _rows(request, values))


def _attribute(request: HttpRequest, name: str) -> str:
    return request.POST.get(f"attribute[{name}]", "").strip()


def _decimal(name: str, text: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        value = Decimal(text.strip())
        if not value.is_finite():  # NaN and Infinity are numbers to Decimal
            raise InvalidOperation
        return value.quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise Open311Error(
            400, _("%(name)s must be a number in decimal degrees.") % {"name": name}
        ) from None


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    user = api_token_authenticate(data.get("api_key", "")) if data.get("api_key") else None
    if user is None:
        raise Open311Error(403, _("A valid api_key is required to post a request."))
    try:
        ratelimit.rate_limit_check(request, "open311_post")
    except ApplicationError as exc:
        raise Open311Error(429, str(exc), retry_after=exc.params.get("seconds")) from exc
    code = data.get("service_code", "").strip()
    if not code:
        raise Open311Error(
            400, _("service_code is required: see services.%(format)s.") % {"format": fmt}
        )
    if code not in Category.values:
        # The spec: 404 for a service_code that was not found, 400 for one not provided.
        raise Open311Error(
            404,
            _("No service has the code %(code)s: see services.%(format)s.")
            % {"code": code, "format": fmt},
        )
    lat, lon = _decimal("lat", data.get("lat", "")), _decimal("long", data.get("long", ""))
    address = data.get("address_string", "").strip()
    address_id = data.get("address_id", "").strip()
    if lat is None and lon is None and not address and not address_id:
        raise Open311Error(400, _("Give lat and long, address_string or address_id."))
    province = _province(data.get("jurisdiction_id", ""))
    district = None
    if address_id:
        district = District.objects.filter(code=address_id).values_list("code", flat=True).first()
        if district is None:
            raise Open311Error(
                400,
                _("address_id %(value)s is not a district code (4 digits, such as 8601).")
                % {"value": address_id},
            )
    province, named, subdistrict = _place_from_address(address, province)
    if district and named != district:
        subdistrict = ""  # the address's subdistrict is in another district than address_id
    district = district or named
    if not province and not district:
        raise Open311Error(
            400,
            _(
                "jurisdiction_id is required: the province code (such as 86) "
                "or its office code (PIO86)."
            ),
        )
    media = data.get("media_url", "").strip()
    form = intake.Intake(
        category=code,
        description=data.get("description", "").strip() or str(Category(code).label),
        time_of_day=_attribute(request, "time_of_day"),
        frequency=_attribute(request, "frequency"),
        latitude=lat,
        longitude=lon,
        location_source=LocationSource.OPEN311,
        province_code=province or "",
        district_code=district or "",
        subdistrict_code=subdistrict,
        address_text=address[:300],
        channel=Channel.OPEN311,
        language=str(getattr(request, "LANGUAGE_CODE", "th")),
        extra_notes=[
            _("Photo link sent by the client (not fetched): %(url)s") % {"url": media[:500]}
        ]
        if media
        else [],
    )
    contact = intake.Contact(
        name=" ".join(p for p in (data.get("first_name", ""), data.get("last_name", "")) if p),
        phone=data.get("phone", ""),
        email=data.get("email", ""),
    )
    try:
        submitted = intake.complaint_submit(intake=form, contact=contact, entered_by=user)
    except ApplicationError as exc:
        descriptions = [
            f"{name}: {error.message % error.params if error.params else error.message}"
            for name, errors in exc.fields.items()
            for error in errors
        ] or [str(exc)]
        raise Open311Error(400 if exc.status in (400, 422) else exc.status, *descriptions) from exc
    complaint = submitted.complaint
    office = complaint.office
    # The id at once (a realtime service): the spec says a token is then not returned.
    return render(
        fmt,
        "service_requests",
        [
            {
                "service_request_id": complaint.code,
                "service_notice": _("Received by %(office)s; follow it at %(url)s")
                % {
                    "office": local_name(office),
                    "url": _absolute(request, complaint.get_public_url()),
                },
                "account_id": None,
            }
        ],
        status=201,
    )


@endpoint(posts=True)
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET requests.{fmt}: the list with the spec's filters; POST: a new request."""
    if request.method == "POST":
        return _create(request, fmt)
    return _list(request, fmt)


@endpoint
def request_detail(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    """GET requests/{id}.{fmt}: one request (a list of one, as the spec gives it)."""
    cases = Complaint.objects.filter(code=normalise_code(code))
    province = _province(request.GET.get("jurisdiction_id", ""))
    if province:
        cases = cases.filter(province_id=province)
    values = public_selectors.public_values(cases)
    if not values:
        raise Open311Error(404, _("No request has the id %(id)s.") % {"id": code})
    return render(fmt, "service_requests", _rows(request, values))


@endpoint
def token(request: HttpRequest, fmt: str, token_id: str) -> HttpResponse:
    """GET tokens/{token}.{fmt}: the request id a token became (at once, here)."""
    province = _province(request.GET.get("jurisdiction_id", ""))
    try:
        cases = Complaint.objects.filter(open311_token=uuid.UUID(token_id))
    except ValueError:  # not a token we give
        cases = Complaint.objects.none()
    if province:
        cases = cases.filter(province_id=province)
    found = cases.values_list("code", flat=True).first()
    if found is None:
        raise Open311Error(404, _("No request has the token %(token)s.") % {"token": token_id})
    return render(fmt, "service_requests", [{"service_request_id": found, "token": token_id}])


@csrf_exempt
def not_found(request: HttpRequest) -> HttpResponse:
    """Any other address under /open311/v2/: the spec's error list, in the format the path
    ends with when it names one."""
    path = request.path.rstrip("/")
    fmt = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else "json"
    return _errors(
        fmt if fmt in FORMATS else "json",
        Open311Error(
            404,
            _("Nothing is at %(path)s: see discovery.json for the endpoints.")
            % {"path": request.path},
        ),
    )


@endpoint
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET discovery.{fmt}: where this endpoint is and what it offers."""
    base = _absolute(request, "/open311/v2/")
    return render(
        fmt,
        "discovery",
        {
            "changeset": "2026-11-29T00:00:00+07:00",
            "contact": _("Provincial industry office of the province concerned"),
            "key_service": _("Ask an administrator for an API token (Saphan → API tokens)."),
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": base,
                    "changeset": "2026-11-29T00:00:00+07:00",
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                },
            ],
        },
    )
