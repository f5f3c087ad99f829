"""Telling complainants of each public change: by e-mail, and through any notifier added to
`NOTIFIERS` — LINE's Messaging API push is one. Each (change, person, channel) is sent once;
what is recorded is the record and the outcome, never an address or a message."""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from saphan.complaints.models import (
    CaseEvent,
    Complainant,
    Complaint,
    EventKind,
    Notification,
    NotificationStatus,
    Status,
)
from saphan.complaints.services.keys import complainant_key
from saphan.core.thai import format_date, local_name

logger = logging.getLogger(__name__)
LINE_USER_ID = re.compile(r"^U[0-9a-f]{32}$")


class NotifyError(Exception):
    """Sending failed; the message says why without naming the person."""


class NotifySkipped(Exception):
    """This channel cannot reach the person (not configured, or no usable address)."""


@dataclass(frozen=True)
class Message:
    subject: str
    text: str


class Notifier(Protocol):
    channel: str

    def address_of(self, person: Complainant) -> str: ...

    def send(self, address: str, message: Message) -> None: ...


class EmailNotifier:
    channel = "email"

    def address_of(self, person: Complainant) -> str:
        return person.email

    def send(self, address: str, message: Message) -> None:
        try:
            send_mail(message.subject, message.text, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception as exc:  # SMTP errors of every kind
            raise NotifyError(type(exc).__name__) from exc


class LineNotifier:
    """LINE Messaging API push (POST {to, messages}) with the channel access token.

    Pushing needs the person's LINE user id (U + 32 hex digits, known when they add the
    office's LINE account); an id typed in the form that is not one is for officers to call."""

    channel = "line"

    def address_of(self, person: Complainant) -> str:
        return person.line_id

    def send(self, address: str, message: Message) -> None:
        token = settings.SAPHAN_LINE_CHANNEL_TOKEN
        if not token:
            raise NotifySkipped(gettext_noop("LINE is not configured"))
        if not LINE_USER_ID.match(address):
            raise NotifySkipped(gettext_noop("not a LINE user id: officers contact the person"))
        body = json.dumps(
            {"to": address, "messages": [{"type": "text", "text": message.text[:5000]}]}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 — the URL is a setting, https in production
            settings.SAPHAN_LINE_PUSH_URL,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {token}",
                "X-Line-Retry-Key": str(uuid.uuid4()),
            },
        )
        try:
            with urllib.request.urlopen(  # noqa: S310
                request, timeout=settings.SAPHAN_LINE_TIMEOUT_SECONDS
            ) as response:
                if response.status != 200:
                    raise NotifyError(f"LINE answered {response.status}")
        except urllib.error.HTTPError as exc:
            raise NotifyError(f"LINE answered {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise NotifyError(f"LINE unreachable: {type(exc).__name__}") from exc


NOTIFIERS: list[Notifier] = [EmailNotifier(), LineNotifier()]


def _url(path: str) -> str:
    return settings.SAPHAN_PUBLIC_URL.rstrip("/") + path


def message_for(event: CaseEvent, person: Complainant, complaint: Complaint) -> Message:
    """The message in the person's language; only what the public page shows, plus their own
    link on the first message."""
    with translation.override(person.language or "th"):
        # The state this change moved the case to (a message sent later, or again, still says
        # what happened then), else the case's state.
        status = Status(
            event.to_state if event.to_state in Status.values else complaint.status
        ).label
        subject = _("Complaint %(code)s: %(status)s") % {"code": complaint.code, "status": status}
        lines = [str(subject)]
        if event.kind == EventKind.RECEIVED:
            lines.append(
                _("We received your complaint. Its tracking code is %(code)s.")
                % {"code": complaint.code}
            )
        elif event.kind == EventKind.MERGED:
            lines.append(
                _(
                    "Another complaint about the same problem is being handled; you will "
                    "hear about it from now on."
                )
            )
        else:
            lines.append(str(EventKind(event.kind).label))
        if event.text:
            lines.append(event.text)
        explainer = event.explainer
        if explainer is not None:
            lines.append(
                _("To understand more: %(title)s %(url)s")
                % {"title": explainer.title, "url": _url(explainer.get_absolute_url())}
            )
        if complaint.expected_date:
            lines.append(
                _("Expected by: %(date)s") % {"date": format_date(complaint.expected_date)}
            )
        lines.append(_("Follow it here: %(url)s") % {"url": _url(complaint.get_public_url())})
        key = complainant_key(person)
        if event.kind in {EventKind.RECEIVED, EventKind.STATE} and key:
            own = reverse("complaint-act", args=[person.complaint.code, key])
            lines.append(
                _("Your own link (keep it private) to add photos, rate or reopen: %(url)s")
                % {"url": _url(own)}
            )
        office = complaint.office
        lines.append(
            _("%(office)s — Saphan") % {"office": local_name(office)}
            if office is not None
            else _("Provincial industry office — Saphan")
        )
    return Message(subject=str(subject), text="\n\n".join(str(line) for line in lines))


def event_notify(event_id: int, notifiers: list[Notifier] | None = None) -> dict[str, int]:
    """Send one public change to everyone following the case (and its merged duplicates)."""
    event = CaseEvent.objects.select_related("complaint", "explainer").filter(pk=event_id).first()
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    if event is None or not event.is_public:
        return counts
    complaint = event.complaint
    people = Complainant.objects.filter(
        complaint__in=[complaint.pk, *complaint.duplicates.values_list("pk", flat=True)],
        wants_updates=True,
        anonymised_at__isnull=True,
    ).select_related("complaint")
    for person in people:
        for notifier in notifiers or NOTIFIERS:
            address = notifier.address_of(person)
            if not address:
                continue
            if Notification.objects.filter(
                event=event,
                complainant=person,
                channel=notifier.channel,
                status=NotificationStatus.SENT,
            ).exists():
                continue
            status, detail = NotificationStatus.SENT, ""
            try:
                notifier.send(address, message_for(event, person, complaint))
            except NotifySkipped as exc:
                status, detail = NotificationStatus.SKIPPED, str(exc)
            except NotifyError as exc:
                status, detail = NotificationStatus.FAILED, str(exc)
            counts[status] += 1
            _record(event, person, notifier.channel, status, detail)
            logger.info(
                "complaint notification %s %s (event %s, complainant %s)",
                notifier.channel,
                status,
                event.pk,
                person.pk,
            )
    return counts


def _record(event: CaseEvent, person: Complainant, channel: str, status: str, detail: str) -> None:
    try:
        with transaction.atomic():
            Notification.objects.update_or_create(
                event=event,
                complainant=person,
                channel=channel,
                defaults={"complaint": event.complaint, "status": status, "detail": detail[:300]},
            )
    except IntegrityError:  # a second worker recorded it meanwhile
        pass


# How records of sending read on the case page (they are stored in English).
CHANNELS = {"email": gettext_noop("e-mail"), "line": "LINE"}
_ANSWERED = re.compile(r"^LINE answered (\d+)$")
_UNREACHABLE = re.compile(r"^LINE unreachable: (\w+)$")


def _detail_label(detail: str) -> str:
    if match := _ANSWERED.match(detail):
        return _("LINE answered %(status)s") % {"status": match.group(1)}
    if match := _UNREACHABLE.match(detail):
        return _("LINE unreachable (%(reason)s)") % {"reason": match.group(1)}
    return _(detail) if detail else ""


def notification_summary(complaint: Complaint) -> list[Any]:
    """How the latest messages went, for officers (records, not addresses)."""
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in Notification.objects.filter(complaint=complaint)
        .values("channel", "status", "detail", "created_at", "event__kind")
        .order_by("-created_at")[:20]
    ]
    for row in rows:
        row["channel_label"] = _(CHANNELS.get(row["channel"], row["channel"]))
        row["status_label"] = (
            NotificationStatus(row["status"]).label
            if row["status"] in NotificationStatus.values
            else row["status"]
        )
        row["detail_label"] = _detail_label(row["detail"])
    return rows
