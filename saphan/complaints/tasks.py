"""Background tasks of the complaints app (thin: ids in, the service does the work)."""

from __future__ import annotations

from django_tasks import task


@task()
def notify_event_task(event_id: int) -> dict[str, int]:
    from saphan.complaints.notify import event_notify

    return event_notify(event_id)
