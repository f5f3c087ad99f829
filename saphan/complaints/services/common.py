"""What every complaints service shares: errors, the holiday calendar and deadlines, routing to
the province's office, tracking codes, coarse public points, the timeline."""

from __future__ import annotations

import copy
import datetime as dt
import math
import secrets
import time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.complaints import workdays
from saphan.complaints.models import (
    OPEN_STATES,
    CaseEvent,
    Complaint,
    EventKind,
    Explainer,
    Holiday,
    StatePeriod,
    Status,
)
from saphan.core.errors import ApplicationError
from saphan.core.models import District, Office, OfficeKind, Province, Subdistrict
from saphan.core.scoping import Action, scope_for
from saphan.core.thai import local_name

# Tracking codes: no 0/O, 1/I/L or U, so a code read over the phone is not misheard.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"


def invalid(field: str, message: Any, rule: str, **params: Any) -> ApplicationError:
    return ApplicationError.from_validation_error(
        ValidationError({field: ValidationError(message, code=rule, params=params or None)})
    )


def forbidden(message: Any = None) -> ApplicationError:
    return ApplicationError(
        message or _("You may not do this for complaints of this province."),
        code="permission_denied",
        status=403,
    )


def may_act(user: Any, complaint: Complaint, action: Action = Action.CHANGE) -> bool:
    """Handling a case is its responsible office's (after a forward, the office it went to):
    its members with the role, or a person whose scope is the whole country. Another office
    covering the same province — a regional center — sees the case but does not handle it."""
    scope = scope_for(user)
    if complaint.office_id is None:
        return scope.allows(complaint.province_id, action)
    return scope.allows_office(complaint.office_id, action)


def may_read_words(user: Any, complaint: Complaint) -> bool:
    """The complainant's own words (what they wrote, why they reopened) and the exact place
    are for the responsible office, any role, and country-wide scopes: another office that
    sees the case (a regional center) sees it without them."""
    return may_act(user, complaint, Action.VIEW)


def require(user: Any, complaint: Complaint, action: Action = Action.CHANGE) -> None:
    if may_act(user, complaint, action):
        return
    if complaint.office_id is not None and complaint.office_id in scope_for(user).offices(
        Action.VIEW
    ):
        raise forbidden(_("Your role in this office may not do this."))
    raise forbidden(
        _("Only the office responsible for this case (%(office)s) may do this.")
        % {"office": local_name(complaint.office) if complaint.office_id else "—"}
    )


# The holiday calendar (a few hundred rows) changes a few times a year: kept a minute per
# process, and forgotten at once when this process saves or deletes a holiday (signals connected
# in apps.py; the seed's bulk insert calls `holidays_changed` itself). One query less on every
# public submission.
_HOLIDAY_TTL = 60.0
_holiday_cache: list[tuple[float, frozenset[dt.date]]] = []


def holiday_dates() -> frozenset[dt.date]:
    if _holiday_cache and time.monotonic() - _holiday_cache[0][0] < _HOLIDAY_TTL:
        return _holiday_cache[0][1]
    dates = frozenset(Holiday.objects.values_list("date", flat=True))
    _holiday_cache[:] = [(time.monotonic(), dates)]
    return dates


def holidays_changed(**_signal: Any) -> None:
    _holiday_cache.clear()


# Geography codes never change meaning: a subdistrict's district and province, and a
# district's province, are looked up once per process (known codes only, so a typo is not kept).
_subdistrict_parents: dict[str, tuple[str, str]] = {}
_district_province: dict[str, str] = {}


def subdistrict_parents(code: str) -> tuple[str, str] | None:
    """(district code, province code) of a subdistrict, or None when the code is unknown."""
    found = _subdistrict_parents.get(code)
    if found is None:
        row = Subdistrict.objects.filter(code=code).values_list("district_id", "province_id")
        first = row.first()
        if first is None:
            return None
        found = _subdistrict_parents[code] = (first[0], first[1])
    return found


def district_province(code: str) -> str | None:
    found = _district_province.get(code)
    if found is None:
        found = District.objects.filter(code=code).values_list("province_id", flat=True).first()
        if found is None:
            return None
        _district_province[code] = found
    return found


def caches_clear() -> None:
    """Forget every per-process cache (tests that rewrite reference data)."""
    _holiday_cache.clear()
    _first_deadlines.clear()
    _office_cache.clear()
    _subdistrict_parents.clear()
    _district_province.clear()
    from saphan.complaints.selectors.public import public_names_forget

    public_names_forget()


def state_days() -> dict[str, int]:
    return workdays.parse_state_days(settings.SAPHAN_COMPLAINTS_STATE_DAYS)


# Which office a province's complaints go to changes only when administrators re-assign
# provinces: kept a minute per process, one query less on every public submission.
_OFFICE_TTL = 60.0
_office_cache: dict[str, tuple[float, Office]] = {}


def office_of_province(province: Province | str) -> Office:
    code = province if isinstance(province, str) else province.code
    cached = _office_cache.get(code)
    if cached is not None and time.monotonic() - cached[0] < _OFFICE_TTL:
        return copy.copy(cached[1])
    office = (
        Office.objects.filter(kind=OfficeKind.PROVINCIAL, provinces=code).order_by("code").first()
    )
    if office is None:
        raise invalid(
            "province",
            _("No provincial industry office covers this province yet: call the ministry."),
            "no_office",
        )
    _office_cache[code] = (time.monotonic(), office)
    return copy.copy(office)


def new_code(rng: Any = None) -> str:
    """A tracking code such as K7QM-4TXA. One in 30⁸ (6.6 × 10¹¹): the unique index catches
    the rare repeat and `complaint_submit` draws again, so no query asks first."""
    choose = rng.choice if rng is not None else secrets.choice
    raw = "".join(choose(CODE_ALPHABET) for _i in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(text: str) -> str:
    raw = "".join(c for c in (text or "").upper() if c.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


# Thailand and a margin: a point outside is a mistake (or a phone's stale GPS fix).
THAILAND = (Decimal("5.5"), Decimal("20.6"), Decimal("97.3"), Decimal("105.7"))


def in_thailand(lat: Any, lon: Any) -> bool:
    south, north, west, east = THAILAND
    lat, lon = Decimal(str(lat)), Decimal(str(lon))
    if not (lat.is_finite() and lon.is_finite()):  # NaN compares with nothing
        return False
    return south <= lat <= north and west <= lon <= east


def coarsen(value: Decimal | float | None) -> Decimal | None:
    """The centre of the grid cell holding the value: what the public sees of a point."""
    if value is None:
        return None
    grid = float(settings.SAPHAN_COMPLAINTS_PUBLIC_GRID_DEGREES)
    centre = (math.floor(float(value) / grid) + 0.5) * grid
    return Decimal(f"{centre:.4f}")


# Internal events that still change what the public sees: how many people are affected.
PEOPLE_EVENTS = frozenset({EventKind.FOLLOW, EventKind.MERGE})


def event_new(
    complaint: Complaint,
    kind: str,
    *,
    actor: Any = None,
    public: bool = False,
    text: str = "",
    explainer: Explainer | None = None,
    from_state: str = "",
    to_state: str = "",
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> CaseEvent:
    """A timeline line, not yet saved (`event_add` saves it; a new case writes it with its
    other rows)."""
    return CaseEvent(
        complaint=complaint,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        is_public=public,
        text=text,
        explainer=explainer,
        from_state=from_state,
        to_state=to_state,
        data=data or {},
        at=at or timezone.now(),
    )


def event_saved(event: CaseEvent, *, notify: bool = True) -> None:
    """What follows a saved timeline line: the case's public version moves on (except for a
    new case, which has it already) and a public line is sent after commit."""
    kind, complaint = event.kind, event.complaint
    if (event.is_public and kind != EventKind.RECEIVED) or kind in PEOPLE_EVENTS:
        # The public page (cached by this version) and Open311's updated_datetime follow the
        # latest public change; a new case has it already.
        Complaint.objects.filter(pk=complaint.pk).update(
            updated_at=timezone.now(), public_updated_at=event.at
        )
    if event.is_public and notify:
        from saphan.complaints.tasks import notify_event_task

        transaction.on_commit(lambda: notify_event_task.enqueue(event.pk))


def event_add(complaint: Complaint, kind: str, *, notify: bool = True, **fields: Any) -> CaseEvent:
    """Add a line to the timeline (the fields as `event_new` takes them); a public line is sent
    to the complainants after commit."""
    event = event_new(complaint, kind, **fields)
    event.save(force_insert=True)
    event_saved(event, notify=notify)
    return event


# A new case's dates depend only on its day, the configured days and the calendar: worked out
# once per day and process (a changed calendar is a new key).
_first_deadlines: dict[tuple[Any, ...], tuple[dt.date, dt.date]] = {}


def first_deadlines(at: dt.datetime) -> tuple[dt.date, dt.date]:
    """A new case's due date (received state) and expected date, before it is saved."""
    day, holidays = timezone.localdate(at), holiday_dates()
    key = (day, settings.SAPHAN_COMPLAINTS_STATE_DAYS, holidays)
    found = _first_deadlines.get(key)
    if found is None:
        days = state_days()
        due = workdays.state_due(Status.RECEIVED, day, days, holidays)
        found = (due, workdays.expected_resolution(Status.RECEIVED, due, days, holidays))
        if len(_first_deadlines) > 64:
            _first_deadlines.clear()
        _first_deadlines[key] = found
    return found


# What `period_start` and a closing (`closed_at`) change on the case, for its save.
STATE_FIELDS = ("status", "status_changed_at", "state_due", "expected_date", "closed_at")


def period_start(
    complaint: Complaint,
    state: str,
    at: dt.datetime,
    *,
    holidays: frozenset[dt.date] | None = None,
    due: dt.date | None = None,
) -> StatePeriod:
    """Enter a state: close the running period, open a new one with its deadline, and set the
    case's due and expected dates (left on the object; the caller saves)."""
    StatePeriod.objects.filter(complaint=complaint, left_at__isnull=True).update(left_at=at)
    days = state_days()
    holidays = holiday_dates() if holidays is None else holidays
    if state in OPEN_STATES:
        day = timezone.localdate(at)
        due = due or workdays.state_due(state, day, days, holidays)
        complaint.state_due = due
        complaint.expected_date = workdays.expected_resolution(state, due, days, holidays)
    else:
        due = None
        complaint.state_due = None
        complaint.expected_date = None
    complaint.status = state
    complaint.status_changed_at = at
    return StatePeriod.objects.create(complaint=complaint, state=state, entered_at=at, due_date=due)


def is_open(status: str) -> bool:
    return status in OPEN_STATES


def received_state() -> str:
    return str(Status.RECEIVED)
