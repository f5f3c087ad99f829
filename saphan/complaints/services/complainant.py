"""What a complainant does through their own link, with no account: rate and reopen after
closure (within the set period), follow or stop following."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.complaints.models import (
    Complainant,
    Complaint,
    EventKind,
    Rating,
    Status,
)
from saphan.complaints.services.common import STATE_FIELDS, event_add, invalid, period_start
from saphan.core.errors import ApplicationError


def case_of(complainant: Complainant) -> Complaint:
    """The case a complainant acts on: the staying case when theirs was a duplicate."""
    complaint = Complaint.objects.select_related("merged_into").get(pk=complainant.complaint_id)
    return complaint.merged_into or complaint


def window_open(complaint: Complaint, now: dt.datetime | None = None) -> bool:
    """Rating and reopening are open for the set period after a (non-duplicate) closure."""
    if complaint.closed_at is None or complaint.status == Status.DUPLICATE:
        return False
    limit = dt.timedelta(days=settings.SAPHAN_COMPLAINTS_REOPEN_DAYS)
    return (now or timezone.now()) - complaint.closed_at <= limit


def _require_window(complaint: Complaint) -> None:
    if complaint.closed_at is None:
        raise ApplicationError(
            _("The complaint is still being handled: you can rate it once it is closed."),
            code="complaint_open",
        )
    if not window_open(complaint):
        raise ApplicationError(
            _(
                "It is more than %(days)s days since the complaint closed: file a new one if the "
                "problem is back."
            ),
            code="window_closed",
            params={"days": settings.SAPHAN_COMPLAINTS_REOPEN_DAYS},
        )


def rating_given(complainant: Complainant, complaint: Complaint) -> Rating | None:
    """Their rating of the case's current closing, if they gave one (they may change it)."""
    return Rating.objects.filter(complainant=complainant, round=complaint.reopen_count).first()


@transaction.atomic
def complaint_rate(*, complainant: Complainant, stars: int, comment: str = "") -> Rating:
    complaint = case_of(complainant)
    _require_window(complaint)
    if stars not in (1, 2, 3, 4, 5):
        raise invalid("stars", _("Give 1 to 5 stars."), "range")
    rating, _created = Rating.objects.update_or_create(
        complainant=complainant,
        round=complaint.reopen_count,
        defaults={"complaint": complaint, "stars": stars, "comment": comment.strip()[:1000]},
    )
    event_add(complaint, EventKind.RATING, data={"stars": stars})
    return rating


@transaction.atomic
def complaint_reopen(*, complainant: Complainant, reason: str) -> Complaint:
    """The problem is back or was not fixed: the case returns to investigation with fresh
    deadlines; the reason goes to the officers (it may name people), the public sees that it
    was reopened."""
    complaint = Complaint.objects.select_for_update().get(pk=case_of(complainant).pk)
    _require_window(complaint)
    if not reason.strip():
        raise invalid("reason", _("Say what is still wrong."), "required")
    now = timezone.now()
    from_state = complaint.status
    period_start(complaint, Status.INVESTIGATING, now)
    complaint.closed_at = None
    complaint.referral_level = ""
    complaint.reopen_count += 1
    complaint.save(update_fields=[*STATE_FIELDS, "referral_level", "reopen_count", "updated_at"])
    event_add(
        complaint,
        EventKind.REOPEN,
        public=True,
        from_state=from_state,
        to_state=Status.INVESTIGATING,
    )
    event_add(
        complaint,
        EventKind.NOTE,
        text=reason.strip()[:4000],
        data={"from_complainant": True, "complainant": complainant.pk},
    )
    return complaint


@transaction.atomic
def complainant_updates(*, complainant: Complainant, wanted: bool) -> None:
    Complainant.objects.filter(pk=complainant.pk).update(wants_updates=wanted)
