"""Scheduled work of the complaints app: anonymisation after closure and the officers' overdue
reminder. Each is a job kind (run from a page, with progress) and part of
`saphan complaints daily`, which a timer runs every day (docs/operations.md)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saphan.complaints.models import OPEN_STATES, Assignment
from saphan.complaints.ratelimit import rate_counters_prune
from saphan.complaints.services.privacy import anonymise_due
from saphan.core.jobs import JobContext, job_handler, job_start
from saphan.core.models import Job, Office


@job_handler("complaints.anonymise", label=gettext_lazy("Anonymise closed complaints"))
def anonymise_job(ctx: JobContext) -> dict[str, Any]:
    return anonymise_due(progress=lambda done, total: ctx.progress(done, total))


def anonymise_start(*, user: Any = None, office: Office | None = None) -> Job:
    return job_start(kind="complaints.anonymise", user=user, office=office)


def overdue_reminders() -> int:
    """E-mail each assigned officer the list of their overdue cases (codes and links only)."""
    today = timezone.localdate()
    rows = (
        Assignment.objects.filter(
            complaint__status__in=OPEN_STATES,
            complaint__state_due__lt=today,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user", "complaint")
        .order_by("user_id", "complaint__state_due")
    )
    by_officer: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        by_officer[row.user].append(row.complaint)
    base = settings.SAPHAN_PUBLIC_URL.rstrip("/")
    for officer, cases in by_officer.items():
        with translation.override(officer.preferred_language or "th"):
            lines = [_("These complaints assigned to you are overdue:")]
            lines += [
                f"- {c.code} ({c.get_status_display()}) {base}{c.get_absolute_url()}" for c in cases
            ]
            send_mail(
                _("Saphan: %(count)s overdue complaints") % {"count": len(cases)},
                "\n".join(str(line) for line in lines),
                settings.DEFAULT_FROM_EMAIL,
                [officer.email],
            )
    return len(by_officer)


def daily() -> dict[str, Any]:
    """What runs once a day: anonymisation, reminders, old rate counters."""
    result = dict(anonymise_due())
    result["officers_reminded"] = overdue_reminders()
    result["rate_counters_removed"] = rate_counters_prune()
    return result
