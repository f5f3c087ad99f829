"""Privacy: who may see a complainant's identity (and the log of each view), anonymisation
after closure, and personal-data requests with their 30-day clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.complaints.models import (
    CLOSED_STATES,
    CaseEvent,
    Complainant,
    ComplainantRole,
    Complaint,
    DataSubjectRequest,
    EventKind,
    IdentityAccess,
    Notification,
    Photo,
    Rating,
    RequestKind,
    RequestStatus,
)
from saphan.complaints.selectors.staff import identity_holders_q, membership_scope
from saphan.complaints.services.common import event_add, forbidden, invalid, require
from saphan.core.errors import ApplicationError
from saphan.core.scoping import Action

REMOVED = "—"
REMOVED_WORDS = _("(Removed: personal data is anonymised after the case closes.)")
ERASED_WORDS = _("(Removed at the request of the person who wrote it.)")


def identity_visible_to(user: Any, complaint: Complaint) -> bool:
    """Only the case's assigned officers and the managers of its responsible office (after a
    forward, the office it was forwarded to).

    Decided by the person's own memberships, never by being a superuser or by a role that
    covers the whole department or region: seeing every case is not seeing who complained.
    """
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return Complaint.objects.filter(pk=complaint.pk).filter(identity_holders_q(user)).exists()


def officer_by_membership(user: Any, complaint: Complaint) -> bool:
    """True when the person's own memberships (not superuser status) make them an officer of
    the case's responsible office: who may be assigned a case, and so see who complained."""
    return complaint.office_id in membership_scope(user).offices(Action.CHANGE)


@transaction.atomic
def identity_open(*, user: Any, complaint: Complaint, context: str) -> list[Complainant]:
    """The people behind a case (and its merged duplicates), for someone allowed; the view is
    logged with who, when, which case and where."""
    if not identity_visible_to(user, complaint):
        raise forbidden(
            _("Only the assigned officers and the office's managers see who complained.")
        )
    IdentityAccess.objects.create(complaint=complaint, user=user, context=context[:20])
    return list(
        Complainant.objects.filter(complaint__in=_case_and_duplicates(complaint)).order_by("id")
    )


def _case_and_duplicates(complaint: Complaint) -> list[int]:
    return [
        complaint.pk,
        *Complaint.objects.filter(merged_into=complaint).values_list("pk", flat=True),
    ]


def _own_and_joined(person: Complainant) -> list[int]:
    """Their own case and, for a merged duplicate, the case it joined (where its complainants'
    reopenings and ratings are recorded, and who they are is shown with its own people)."""
    joined = (
        Complaint.objects.filter(pk=person.complaint_id)
        .values_list("merged_into_id", flat=True)
        .first()
    )
    return [person.complaint_id, *([joined] if joined is not None else [])]


def _blank(person: Complainant, now: dt.datetime, words: Any = REMOVED_WORDS) -> None:
    person.name = person.phone = person.email = person.line_id = ""
    person.health_details = ""
    person.health_consent_at = None
    person.key_salt = ""
    person.wants_updates = False
    person.anonymised_at = now
    person.save(
        update_fields=[
            "name",
            "phone",
            "email",
            "line_id",
            "health_details",
            "health_consent_at",
            "key_salt",
            "wants_updates",
            "anonymised_at",
        ]
    )
    DataSubjectRequest.objects.filter(complainant=person).update(copy=None)
    # Their own words elsewhere: a rating's comment, why they reopened the case.
    Rating.objects.filter(complainant=person).exclude(comment="").update(comment="")
    # On their own case and, for a duplicate, on the case it was merged into (where its
    # complainants' reopenings are recorded). Reopenings recorded on their own case before the
    # note named its person go too (whose they were is unknown).
    notes = CaseEvent.objects.filter(
        complaint_id__in=_own_and_joined(person), data__from_complainant=True
    )
    notes.filter(
        Q(data__complainant=person.pk)
        | (Q(complaint_id=person.complaint_id) & ~Q(data__has_key="complainant"))
    ).exclude(text="").update(text=str(words))


def complaint_anonymise(complaint: Complaint, now: dt.datetime | None = None) -> int:
    """Remove what could identify people from a closed case: identities, the complainant's own
    words (the public summary stays), the exact point, photos never made public."""
    now = now or timezone.now()
    people = list(Complainant.objects.filter(complaint=complaint, anonymised_at__isnull=True))
    for person in people:
        _blank(person, now)
    for photo in Photo.objects.filter(complaint=complaint, is_public=False):
        photo.image.delete(save=False)
        photo.delete()
    # Their other words: why they reopened the case, what they said with a rating.
    removed = str(REMOVED_WORDS)
    complaint.events.filter(data__from_complainant=True).exclude(text="").update(text=removed)
    Rating.objects.filter(complaint=complaint).exclude(comment="").update(comment="")
    Complaint.objects.filter(pk=complaint.pk).update(
        description=removed,
        address_text="",
        latitude=None,
        longitude=None,
        anonymised_at=now,
        updated_at=now,
    )
    return len(people)


def _erase_report(complaint_id: int, now: dt.datetime) -> None:
    """What the one who reported wrote, erased at their request (as anonymisation would): the
    description, the address and the exact point. The case stays, at its public grid point,
    with the officers' texts."""
    Complaint.objects.filter(pk=complaint_id).update(
        description=str(ERASED_WORDS),
        address_text="",
        latitude=None,
        longitude=None,
        updated_at=now,
    )


def _due_q(cutoff: dt.datetime) -> Q:
    """Cases closed before `cutoff`, not yet anonymised. A duplicate's complainants follow the
    case it was merged into: it is due when that case is (its own closing is the merge)."""
    closed = sorted(CLOSED_STATES)
    return Q(status__in=closed, closed_at__lt=cutoff, anonymised_at__isnull=True) & (
        Q(merged_into__isnull=True)
        | Q(merged_into__status__in=closed, merged_into__closed_at__lt=cutoff)
    )


def anonymise_due(now: dt.datetime | None = None, progress: Any = None) -> dict[str, int]:
    """Anonymise every case closed more than the set number of days ago (idempotent)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.SAPHAN_COMPLAINTS_ANONYMISE_DAYS)
    due_q = _due_q(cutoff)
    due = list(Complaint.objects.filter(due_q).values_list("pk", flat=True))
    people = 0
    for done, pk in enumerate(due, start=1):
        with transaction.atomic():
            complaint = (
                Complaint.objects.select_for_update(of=("self",)).filter(due_q, pk=pk).first()
            )
            if complaint is not None:
                people += complaint_anonymise(complaint, now)
        if progress is not None:
            progress(done, len(due))
    return {"complaints": len(due), "people": people}


@transaction.atomic
def request_create(
    *, complainant: Complainant, kind: str, user: Any = None, note: str = ""
) -> DataSubjectRequest:
    """A request for a copy or the erasure of one's data; the office answers within the set
    days. Officers record requests that arrive by letter or phone (`user`)."""
    complaint = complainant.complaint
    if user is not None:
        require(user, complaint)
    if kind not in RequestKind.values:
        raise invalid("kind", _("Choose a copy or erasure."), "choice")
    if complainant.anonymised_at is not None:
        raise ApplicationError(_("This person's data is already anonymised."), code="anonymised")
    if DataSubjectRequest.objects.filter(
        complainant=complainant, kind=kind, status=RequestStatus.OPEN
    ).exists():
        raise ApplicationError(_("The same request is already open."), code="request_open")
    now = timezone.now()
    request = DataSubjectRequest.objects.create(
        complaint=complaint,
        complainant=complainant,
        kind=kind,
        received_at=now,
        due_on=timezone.localdate(now) + dt.timedelta(days=settings.SAPHAN_COMPLAINTS_REQUEST_DAYS),
        note=note.strip()[:2000],
    )
    event_add(complaint, EventKind.PRIVACY, actor=user, data={"request": request.pk, "kind": kind})
    return request


def personal_copy(complainant: Complainant) -> dict[str, Any]:
    """Everything held about one complainant, as they would receive it."""
    complaint = complainant.complaint
    cases = _own_and_joined(complainant)
    return {
        "tracking_code": complaint.code,
        "role": complainant.role,
        "name": complainant.name,
        "phone": complainant.phone,
        "email": complainant.email,
        "line_id": complainant.line_id,
        "health_details": complainant.health_details,
        "health_consent_at": complainant.health_consent_at.isoformat()
        if complainant.health_consent_at
        else None,
        "privacy_notice": complainant.notice_version,
        "submitted_at": complainant.created_at.isoformat(),
        "complaint": {
            "category": complaint.category,
            "description": complaint.description if complainant.role == "reporter" else "",
            "address_text": complaint.address_text if complainant.role == "reporter" else "",
            "latitude": str(complaint.latitude)
            if complaint.latitude is not None and complainant.role == "reporter"
            else None,
            "longitude": str(complaint.longitude)
            if complaint.longitude is not None and complainant.role == "reporter"
            else None,
        },
        # Theirs, on whichever case they were recorded.
        "ratings": list(
            Rating.objects.filter(complainant=complainant)
            .order_by("created_at", "pk")
            .values("stars", "comment")
        ),
        # What they wrote when they reopened the case (on the case theirs joined, if merged).
        "reopen_reasons": [
            {"at": at.isoformat(), "text": text}
            for at, text in CaseEvent.objects.filter(
                complaint_id__in=cases,
                data__from_complainant=True,
                data__complainant=complainant.pk,
            )
            .order_by("at", "pk")
            .values_list("at", "text")
        ],
        # The messages sent to them: when, how, and whether they went out.
        "messages": [
            {"at": at.isoformat(), "channel": channel, "status": status}
            for at, channel, status in Notification.objects.filter(complainant=complainant)
            .order_by("created_at", "pk")
            .values_list("created_at", "channel", "status")
        ],
        # When the office looked at who complained (each view is logged; officers unnamed).
        "identity_viewed": [
            {"at": at.isoformat(), "context": context}
            for at, context in IdentityAccess.objects.filter(complaint_id__in=cases)
            .order_by("at", "pk")
            .values_list("at", "context")
        ],
    }


@transaction.atomic
def request_complete(
    *, user: Any, request: DataSubjectRequest, refuse: bool = False, note: str = ""
) -> DataSubjectRequest:
    """Answer a request: a copy is prepared for the complainant's link; an erasure removes the
    identity now (the case itself stays, without it). Refusing needs the legal reason."""
    complaint = request.complaint
    require(user, complaint)
    if not identity_visible_to(user, complaint):
        raise forbidden(_("Only the assigned officers and the office's managers handle this."))
    if request.status != RequestStatus.OPEN:
        raise ApplicationError(_("This request is already answered."), code="request_closed")
    now = timezone.now()
    if refuse:
        if not note.strip():
            raise invalid("note", _("Give the legal reason for refusing."), "required")
        request.status = RequestStatus.REFUSED
    elif request.kind == RequestKind.COPY:
        request.copy = personal_copy(request.complainant)
        request.status = RequestStatus.DONE
    else:
        _blank(request.complainant, now, ERASED_WORDS)
        # The photos they sent and no officer made public, on whichever case they are.
        sent = Photo.objects.filter(added_by_complainant=request.complainant, is_public=False)
        for photo in sent:
            photo.image.delete(save=False)
            photo.delete()
        if request.complainant.role == ComplainantRole.REPORTER:
            _erase_report(request.complainant.complaint_id, now)
        request.status = RequestStatus.DONE
    request.handled_by = user
    request.handled_at = now
    request.note = note.strip()[:2000] or request.note
    request.save(update_fields=["status", "copy", "handled_by", "handled_at", "note"])
    IdentityAccess.objects.create(complaint=complaint, user=user, context="request")
    event_add(
        complaint,
        EventKind.PRIVACY,
        actor=user,
        data={"request": request.pk, "kind": request.kind, "status": request.status},
    )
    return request
