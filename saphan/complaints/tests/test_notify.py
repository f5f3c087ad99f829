"""Notifications: e-mail and the LINE Messaging API push adapter, tested against a local HTTP
server standing in for LINE; failures recorded, retries send once, nothing personal logged."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.core import mail

from saphan.complaints.models import CaseEvent, Notification
from saphan.complaints.notify import event_notify
from saphan.complaints.services import handling
from saphan.complaints.tests.helpers import submit
from saphan.core.tests.factories import person

pytestmark = pytest.mark.django_db
USER_ID = "U" + "0123456789abcdef" * 2


class FakeLine:
    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = 200


@pytest.fixture
def line(settings: Any) -> Iterator[FakeLine]:
    fake = FakeLine()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            fake.received.append(
                {
                    "path": self.path,
                    "headers": dict(self.headers),
                    "body": json.loads(self.rfile.read(length)),
                }
            )
            self.send_response(fake.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SAPHAN_LINE_PUSH_URL = f"http://127.0.0.1:{server.server_port}/v2/bot/message/push"
    settings.SAPHAN_LINE_CHANNEL_TOKEN = "test-channel-token"
    yield fake
    server.shutdown()
    server.server_close()


def _received_event(case: Any) -> CaseEvent:
    return case.events.get(kind="received")


def test_line_push_sends_the_public_change_to_the_persons_line(line: FakeLine) -> None:
    done = submit(who={"line_id": USER_ID})
    counts = event_notify(_received_event(done.complaint).pk)
    assert counts == {"sent": 1, "failed": 0, "skipped": 0}
    [call] = line.received
    assert call["path"] == "/v2/bot/message/push"
    assert call["headers"]["Authorization"] == "Bearer test-channel-token"
    assert call["headers"]["Content-Type"] == "application/json"
    assert len(call["headers"]["X-Line-Retry-Key"]) == 36
    assert call["body"]["to"] == USER_ID
    [message] = call["body"]["messages"]
    assert message["type"] == "text"
    assert f"รหัสติดตามเรื่องคือ {done.complaint.code}" in message["text"]
    assert f"/track/{done.complaint.code}/k/{done.key}/" in message["text"]
    assert Notification.objects.get().status == "sent"
    # Sent once: a repeated run (a retried task) sends nothing more.
    assert event_notify(_received_event(done.complaint).pk) == {
        "sent": 0,
        "failed": 0,
        "skipped": 0,
    }
    assert len(line.received) == 1


def test_a_failed_push_is_recorded_and_a_retry_sends_it(
    line: FakeLine, caplog: pytest.LogCaptureFixture
) -> None:
    done = submit(who={"line_id": USER_ID})
    line.status = 500
    assert event_notify(_received_event(done.complaint).pk)["failed"] == 1
    record = Notification.objects.get()
    assert (record.status, record.detail) == ("failed", "LINE answered 500")
    line.status = 200
    assert event_notify(_received_event(done.complaint).pk)["sent"] == 1
    assert Notification.objects.get().status == "sent"
    assert USER_ID not in caplog.text and done.key not in caplog.text


def test_a_typed_line_id_or_no_token_is_skipped_with_the_reason(
    line: FakeLine, settings: Any
) -> None:
    done = submit(who={"line_id": "somchai.line"})
    event_notify(_received_event(done.complaint).pk)
    assert line.received == []
    assert Notification.objects.get().detail == "not a LINE user id: officers contact the person"
    settings.SAPHAN_LINE_CHANNEL_TOKEN = ""
    other = submit(who={"line_id": USER_ID})
    event_notify(_received_event(other.complaint).pk)
    assert (
        Notification.objects.get(complainant=other.complainant).detail == "LINE is not configured"
    )


def test_email_in_the_persons_language_and_failures_recorded(settings: Any) -> None:
    done = submit(who={"email": "reader@example.org"}, language="en")
    event_notify(_received_event(done.complaint).pk)
    assert mail.outbox[0].subject == f"Complaint {done.complaint.code}: Received"
    assert "We received your complaint." in mail.outbox[0].body
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    officer = person("officer", "PIO86", "officer")
    handling.complaint_update(user=officer, complaint=done.complaint, text="นัดตรวจ")
    update = done.complaint.events.get(kind="update")
    assert event_notify(update.pk)["failed"] == 1
    assert Notification.objects.get(event=update).detail == "ConnectionRefusedError"


def test_stopped_updates_and_internal_notes_send_nothing() -> None:
    done = submit(who={"email": "quiet@example.org"})
    done.complainant.wants_updates = False
    done.complainant.save(update_fields=["wants_updates"])
    officer = person("officer", "PIO86", "officer")
    handling.complaint_note(user=officer, complaint=done.complaint, text="โทรหาแล้ว")
    for event in done.complaint.events.all():
        event_notify(event.pk)
    assert mail.outbox == [] and Notification.objects.count() == 0


def test_a_message_names_the_state_its_change_moved_to_and_the_office_that_signs_it() -> None:
    """Sent after the case moved on (a queue behind, a retry), a message still says what its
    change did; it is signed by the office handling the case."""
    from saphan.complaints.services import complainant as complainant_services

    officer = person("officer", "PIO86", "officer")
    done = submit(who={"email": "reader@example.org"})
    handling.complaint_transition(
        user=officer, complaint=done.complaint, to_state="resolved", text="แก้ไขแล้ว"
    )
    resolved = done.complaint.events.get(kind="state", to_state="resolved")
    complainant_services.complaint_reopen(complainant=done.complainant, reason="ยังมีฝุ่น")
    event_notify(resolved.pk)
    [message] = mail.outbox
    assert message.subject == f"เรื่องร้องเรียน {done.complaint.code}: แก้ไขแล้ว"
    assert message.body.endswith("\n\nสำนักงานอุตสาหกรรมจังหวัดชุมพร — ระบบสะพาน")


def test_someone_following_from_the_english_page_is_told_in_english(client: Any) -> None:
    from saphan.complaints.models import Complainant
    from saphan.complaints.tests.test_public_pages import _stamp

    done = submit()
    client.cookies["saphan_language"] = "en"
    sent = client.post(
        f"/track/{done.complaint.code}/follow/",
        {"email": "follower@example.org", "wants_updates": "on", "started": _stamp()},
    )
    assert sent.status_code == 302
    follower = Complainant.objects.get(email="follower@example.org")
    assert follower.language == "en"
    officer = person("officer", "PIO86", "officer")
    handling.complaint_update(user=officer, complaint=done.complaint, text="นัดตรวจ")
    event_notify(done.complaint.events.get(kind="update").pk)
    [message] = mail.outbox
    assert message.subject == f"Complaint {done.complaint.code}: Received"
    assert message.body.endswith("\n\nChumphon Provincial Industry Office — Saphan")
