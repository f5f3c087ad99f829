"""Writes of service requests: create and edit (by an officer or the establishment's
representative), the state machine new → planned → in progress → delivered → closed (or
cancelled with a reason), outcomes, the client's rating, and attachments checked by type and
size. History is auditlog's (the models are registered in apps.py)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from saphan.core.errors import ApplicationError
from saphan.core.scoping import Action, scope_for
from saphan.promotion.models import (
    Attachment,
    AttachmentKind,
    Channel,
    ItemOutcome,
    RequestItem,
    RequestState,
    Service,
    ServiceRequest,
    VisitState,
)
from saphan.promotion.selectors.catalog import service_list
from saphan.promotion.services.common import clean, forbidden, invalid, unknown_fields
from saphan.registry.models import Establishment

REQUEST_FIELDS = ("needs", "urgency", "preferred_from", "preferred_to", "preferred_time")

# Which state may follow which; every move goes through `_move`.
TRANSITIONS: dict[str, set[str]] = {
    RequestState.NEW: {RequestState.PLANNED, RequestState.CANCELLED},
    RequestState.PLANNED: {RequestState.NEW, RequestState.IN_PROGRESS, RequestState.CANCELLED},
    RequestState.IN_PROGRESS: {RequestState.DELIVERED, RequestState.CANCELLED},
    RequestState.DELIVERED: {RequestState.CLOSED},
    RequestState.CLOSED: set(),
    RequestState.CANCELLED: set(),
}
STAMPS: dict[str, str] = {
    RequestState.PLANNED: "planned_at",
    RequestState.IN_PROGRESS: "started_at",
    RequestState.DELIVERED: "delivered_at",
    RequestState.CLOSED: "closed_at",
    RequestState.CANCELLED: "cancelled_at",
}

# What an attachment may be: suffix → (content type, check of the first bytes or None for an
# image that Pillow must open).
ATTACHMENT_TYPES: dict[str, tuple[str, bytes | None]] = {
    "pdf": ("application/pdf", b"%PDF-"),
    "jpg": ("image/jpeg", None),
    "jpeg": ("image/jpeg", None),
    "png": ("image/png", None),
    "webp": ("image/webp", None),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        b"PK\x03\x04",
    ),
}
PILLOW_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
MAX_ATTACHMENTS = 20


def _move(request: ServiceRequest, to: str) -> list[str]:
    """Change the state if the machine allows it; the fields to save."""
    if to not in TRANSITIONS[request.state]:
        raise ApplicationError(
            _("A request that is “%(state)s” cannot become “%(to)s”."),
            code="state_transition",
            status=409,
            params={
                "state": RequestState(request.state).label,
                "to": RequestState(to).label,
            },
        )
    request.state = to
    fields = ["state", "updated_at"]
    stamp = STAMPS.get(to)
    if stamp:
        setattr(request, stamp, timezone.now())
        fields.append(stamp)
    if to == RequestState.NEW:
        request.planned_at = None
        fields.append("planned_at")
    return fields


def request_move(request: ServiceRequest, to: str) -> None:
    """For the other promotion services (planning, outcomes): move and save."""
    request.save(update_fields=_move(request, to))


def _may_change(user: Any, request_or_est: ServiceRequest | Establishment) -> str | None:
    """ "officer", "representative" or None: who the person is for this establishment."""
    est = (
        request_or_est.establishment
        if isinstance(request_or_est, ServiceRequest)
        else request_or_est
    )
    scope = scope_for(user)
    if scope.allows(est.province_id, Action.CHANGE):
        return Channel.OFFICER
    if scope.acts_for(est.pk):
        return Channel.REPRESENTATIVE
    return None


def _check_dates(data: dict[str, Any], *, new: bool) -> None:
    first, last = data.get("preferred_from"), data.get("preferred_to")
    if first and last and last < first:
        raise invalid(
            "preferred_to", _("The last preferred day is before the first."), "date_order"
        )
    if new and last and last < timezone.localdate():
        raise invalid("preferred_to", _("The preferred days are already over."), "date_past")


def _check_services(est: Establishment, services: list[Service]) -> None:
    if not services:
        raise invalid("services", _("Choose at least one service."), "required")
    offered = set(
        service_list(province=est.province_id, active_only=True).values_list("pk", flat=True)
    )
    wrong = [s.name_th for s in services if s.pk not in offered]
    if wrong:
        raise invalid(
            "services",
            _("Not offered in this establishment's province: %(names)s"),
            "service_unavailable",
            names=", ".join(wrong),
        )
    if len({s.pk for s in services}) != len(services):
        raise invalid("services", _("A service is chosen twice."), "duplicate")


@transaction.atomic
def request_create(
    *,
    user: Any,
    establishment: Establishment,
    data: dict[str, Any],
    services: list[Service],
) -> ServiceRequest:
    channel = _may_change(user, establishment)
    if channel is None:
        raise forbidden()
    if establishment.merged_into_id is not None:
        raise invalid(
            "establishment", _("This record was merged into another; use that one."), "merged"
        )
    unknown_fields(data, REQUEST_FIELDS)
    _check_dates(data, new=True)
    _check_services(establishment, services)
    request = ServiceRequest(
        establishment=establishment,
        channel=channel,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        **data,
    )
    clean(request, exclude=["establishment", "created_by"])
    request.save()
    RequestItem.objects.bulk_create(
        [RequestItem(request=request, service=s, minutes=s.usual_minutes) for s in services]
    )
    return request


@transaction.atomic
def request_update(
    *,
    user: Any,
    request: ServiceRequest,
    data: dict[str, Any],
    services: list[Service] | None = None,
    minutes: dict[int, int] | None = None,
) -> ServiceRequest:
    """Edit an open request. The representative may edit only while it is new; services whose
    outcome is recorded stay; officers may set the minutes each service needs on site."""
    who = _may_change(user, request)
    if who is None:
        raise forbidden()
    if who == Channel.REPRESENTATIVE and request.state != RequestState.NEW:
        raise ApplicationError(
            _("The office has planned this request: ask the office to change it."),
            code="request_locked",
            status=409,
        )
    if not request.is_open:
        raise ApplicationError(
            _("A request that is “%(state)s” cannot be edited."),
            code="request_closed",
            status=409,
            params={"state": request.get_state_display()},
        )
    unknown_fields(data, REQUEST_FIELDS)
    merged = {name: data.get(name, getattr(request, name)) for name in REQUEST_FIELDS}
    _check_dates(merged, new=False)
    for name, value in data.items():
        setattr(request, name, value)
    clean(request, exclude=["establishment", "created_by"])
    request.save()
    if services is not None:
        _check_services(request.establishment, services)
        keep = {s.pk for s in services}
        recorded = request.items.exclude(outcome=ItemOutcome.PENDING).exclude(service_id__in=keep)
        if recorded.exists():
            raise invalid(
                "services",
                _("A service with a recorded outcome cannot be removed."),
                "service_recorded",
            )
        request.items.exclude(service_id__in=keep).delete()
        have = set(request.items.values_list("service_id", flat=True))
        RequestItem.objects.bulk_create(
            [
                RequestItem(request=request, service=s, minutes=s.usual_minutes)
                for s in services
                if s.pk not in have
            ]
        )
    if minutes:
        if who != Channel.OFFICER:
            raise forbidden()
        for item in request.items.filter(pk__in=list(minutes)):
            item.minutes = minutes[item.pk]
            clean(item, exclude=["request", "service", "visit", "recorded_by"])
            item.save(update_fields=["minutes"])
    return request


@transaction.atomic
def request_cancel(*, user: Any, request: ServiceRequest, reason: str) -> ServiceRequest:
    """Cancel with a reason. The representative may cancel its own request until the visit
    starts; the request leaves the visits planned for it."""
    who = _may_change(user, request)
    if who is None:
        raise forbidden()
    if who == Channel.REPRESENTATIVE and request.state not in (
        RequestState.NEW,
        RequestState.PLANNED,
    ):
        raise ApplicationError(
            _("The service has started: ask the office to cancel it."),
            code="request_locked",
            status=409,
        )
    if not reason.strip():
        raise invalid("reason", _("Say why the request is cancelled."), "required")
    fields = _move(request, RequestState.CANCELLED)
    request.cancel_reason = reason.strip()
    request.save(update_fields=[*fields, "cancel_reason"])
    for visit in request.planned_visits.filter(state=VisitState.PLANNED):
        visit.requests.remove(request)
        if not visit.requests.exists():
            visit.state = VisitState.MISSED
            visit.note = str(_("All its requests were cancelled."))
            visit.save(update_fields=["state", "note"])
    return request


@transaction.atomic
def request_close(
    *, user: Any, request: ServiceRequest, outcome: str, follow_up_on: dt.date | None = None
) -> ServiceRequest:
    """An officer closes a delivered request with its outcome and, if any, a follow-up date."""
    if _may_change(user, request) != Channel.OFFICER:
        raise forbidden()
    if not outcome.strip():
        raise invalid("outcome", _("Write the outcome for the establishment."), "required")
    if follow_up_on is not None and follow_up_on < timezone.localdate():
        raise invalid("follow_up_on", _("The follow-up date is in the past."), "date_past")
    fields = _move(request, RequestState.CLOSED)
    request.outcome = outcome.strip()
    request.follow_up_on = follow_up_on
    request.save(update_fields=[*fields, "outcome", "follow_up_on"])
    return request


@transaction.atomic
def request_rate(
    *, user: Any, request: ServiceRequest, rating: int, comment: str = ""
) -> ServiceRequest:
    """The client's rating (1–5): given by its representative, or recorded by an officer."""
    if _may_change(user, request) is None:
        raise forbidden()
    if request.state not in (RequestState.DELIVERED, RequestState.CLOSED):
        raise ApplicationError(
            _("A request can be rated once its services are delivered."),
            code="not_delivered",
            status=409,
        )
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise invalid("rating", _("Give a rating from 1 to 5."), "rating_range")
    request.rating = rating
    request.rating_comment = comment.strip()
    request.save(update_fields=["rating", "rating_comment", "updated_at"])
    return request


def request_progress(request: ServiceRequest) -> None:
    """After outcomes change: planned → in progress once any is recorded, → delivered once
    every service is delivered."""
    outcomes = list(request.items.values_list("outcome", flat=True))
    recorded = any(o != ItemOutcome.PENDING for o in outcomes)
    if request.state == RequestState.PLANNED and recorded:
        request_move(request, RequestState.IN_PROGRESS)
    if (
        request.state == RequestState.IN_PROGRESS
        and outcomes
        and all(o == ItemOutcome.DELIVERED for o in outcomes)
    ):
        request_move(request, RequestState.DELIVERED)


def _sniff(data: bytes, suffix: str) -> bool:
    _type, magic = ATTACHMENT_TYPES[suffix]
    if magic is not None:
        return data.startswith(magic)
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != PILLOW_FORMATS[suffix]:
                return False
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    return True


@transaction.atomic
def attachment_add(
    *, user: Any, request: ServiceRequest, upload: UploadedFile, kind: str
) -> Attachment:
    """A draft, a photo or a document; its type is checked by its content, not only its name."""
    if _may_change(user, request) is None:
        raise forbidden()
    if kind not in AttachmentKind.values:
        raise invalid("kind", _("Choose what the file is."), "invalid_choice")
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in ATTACHMENT_TYPES:
        raise invalid(
            "file",
            _("“%(name)s”: only %(types)s files can be attached."),
            "file_type",
            name=name,
            types=", ".join(sorted(ATTACHMENT_TYPES)),
        )
    limit_mb = settings.SAPHAN_PROMOTION_ATTACHMENT_MAX_MB
    size = upload.size or 0
    if size > limit_mb * 1024 * 1024:
        raise invalid(
            "file",
            _("“%(name)s” is larger than %(limit)s MB."),
            "file_size",
            name=name,
            limit=limit_mb,
        )
    if size == 0:
        raise invalid("file", _("“%(name)s” is empty."), "file_empty", name=name)
    upload.seek(0)
    data = upload.read()
    if not _sniff(data, suffix):
        raise invalid(
            "file",
            _("“%(name)s” is not really a .%(suffix)s file."),
            "file_content",
            name=name,
            suffix=suffix,
        )
    if request.attachments.count() >= MAX_ATTACHMENTS:
        raise invalid(
            "file",
            _("A request holds at most %(count)s files."),
            "too_many",
            count=MAX_ATTACHMENTS,
        )
    upload.seek(0)
    attachment = Attachment(
        request=request,
        kind=kind,
        name=name,
        content_type=ATTACHMENT_TYPES[suffix][0],
        size_bytes=size,
        uploaded_by=user,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, user: Any, attachment: Attachment) -> None:
    """The person who added it, or an officer of the province, may remove a file."""
    who = _may_change(user, attachment.request)
    if who is None or (who == Channel.REPRESENTATIVE and attachment.uploaded_by_id != user.pk):
        raise forbidden()
    stored = attachment.file.name or ""
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
