"""Scheduled work of the complaints app: anonymisation after closure and the officers' overdue
reminder. Each is a job kind (run from a page, with progress) and part of
`saphan complaints daily`, which a timer runs every day (docs/operations.md)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saphan.complaints.models import OPEN_STATES, Assignment, Complaint
from saphan.complaints.ratelimit import rate_counters_prune
from saphan.complaints.services.privacy import anonymise_due
from saphan.core.jobs import JobContext, job_handler, job_start
from saphan.core.models import Job, Membership, Office, Role


@job_handler("complaints.anonymise", label=gettext_lazy("Anonymise closed complaints"))
def anonymise_job(ctx: JobContext) -> dict[str, Any]:
    return anonymise_due(progress=lambda done, total: ctx.progress(done, total))


def anonymise_start(*, user: Any = None, office: Office | None = None) -> Job:
    return job_start(kind="complaints.anonymise", user=user, office=office)


def overdue_reminders() -> int:
    """E-mail each assigned officer the list of their overdue cases, and the managers of an
    office the overdue cases nobody is assigned to (codes and links only). Returns how many
    people were written to."""
    today = timezone.localdate()
    overdue = Complaint.objects.filter(status__in=OPEN_STATES, state_due__lt=today)
    rows = (
        Assignment.objects.filter(complaint__in=overdue, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "complaint")
        .order_by("user_id", "complaint__state_due")
    )
    mine: dict[Any, list[Complaint]] = defaultdict(list)
    for row in rows:
        mine[row.user].append(row.complaint)
    nobody = list(
        overdue.exclude(Exists(Assignment.objects.filter(complaint=OuterRef("pk")))).order_by(
            "state_due", "id"
        )
    )
    managers = (
        Membership.objects.filter(
            office_id__in={c.office_id for c in nobody},
            role__in=[Role.MANAGER, Role.ADMINISTRATOR],
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
    )
    unassigned: dict[Any, list[Complaint]] = defaultdict(list)
    for membership in managers:
        unassigned[membership.user] += [c for c in nobody if c.office_id == membership.office_id]
    base = settings.SAPHAN_PUBLIC_URL.rstrip("/")
    people = {*mine, *unassigned}
    for person in sorted(people, key=lambda p: p.pk):
        with translation.override(person.preferred_language or "th"):
            lines: list[str] = []
            for heading, cases in (
                (_("These complaints assigned to you are overdue:"), mine.get(person, [])),
                (
                    _("These overdue complaints of your office have no officer assigned:"),
                    unassigned.get(person, []),
                ),
            ):
                if cases:
                    lines += [*([""] if lines else []), str(heading)]
                    lines += [
                        f"- {c.code} ({c.get_status_display()}) {base}{c.get_absolute_url()}"
                        for c in cases
                    ]
            count = len(mine.get(person, [])) + len(unassigned.get(person, []))
            send_mail(
                _("Saphan: %(count)s overdue complaints") % {"count": count},
                "\n".join(lines),
                settings.DEFAULT_FROM_EMAIL,
                [person.email],
            )
    return len(people)


def daily() -> dict[str, Any]:
    """What runs once a day: anonymisation, reminders, old rate counters."""
    result = dict(anonymise_due())
    result["officers_reminded"] = overdue_reminders()
    result["rate_counters_removed"] = rate_counters_prune()
    return result
