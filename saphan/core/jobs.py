"""Background jobs: a Job row that people see (progress, state, outcome) around a django-tasks task.

Apps register a handler per job kind with `@job_handler("kind")`; `job_start` saves the Job and
enqueues the one task `run_job_task` after the transaction commits. A handler gets a
`JobContext` to report progress; progress is written at once (outside any transaction) so a
page can show it, and survives a restart. Handlers must be idempotent: a failed, cancelled or
stalled job can be retried, and a retry runs the handler again from the start with the same
parameters (handlers may read `ctx.job.result` to resume where they left off).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from saphan.core.errors import ApplicationError
from saphan.core.models import Job, JobState, Office, User

logger = logging.getLogger(__name__)

Handler = Callable[..., dict[str, Any] | None]
_HANDLERS: dict[str, Handler] = {}
_LABELS: dict[str, Any] = {}


class JobCancelled(Exception):
    pass


def job_handler(kind: str, label: Any = None) -> Callable[[Handler], Handler]:
    """Register the handler of a job kind; `label` is what people see (translatable)."""

    def register(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        _LABELS[kind] = label or kind
        return func

    return register


def job_kinds() -> list[str]:
    return sorted(_HANDLERS)


def job_label(kind: str) -> str:
    return str(_LABELS.get(kind, kind))


class JobContext:
    def __init__(self, job: Job) -> None:
        self.job = job

    def progress(self, done: int, total: int | None = None, message: str | None = None) -> None:
        """Record progress; raise JobCancelled if someone pressed cancel."""
        now = timezone.now()
        fields: dict[str, Any] = {"done": done, "heartbeat_at": now}
        if total is not None:
            fields["total"] = total
        if message is not None:
            fields["message"] = str(message)[:300]
        Job.objects.filter(pk=self.job.pk).update(**fields)
        for name, value in fields.items():
            setattr(self.job, name, value)
        if Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise JobCancelled

    def save_partial_result(self, result: dict[str, Any]) -> None:
        Job.objects.filter(pk=self.job.pk).update(result=result)
        self.job.result = result


def job_start(
    *,
    kind: str,
    params: dict[str, Any] | None = None,
    user: User | None = None,
    office: Office | None = None,
    message: str = "",
) -> Job:
    if kind not in _HANDLERS:
        raise ApplicationError(
            _("Unknown job kind: %(kind)s"), code="job_kind", params={"kind": kind}
        )
    job = Job.objects.create(
        kind=kind,
        params=params or {},
        created_by=user if user is not None and user.is_authenticated else None,
        office=office,
        message=message,
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: Any) -> None:
    result = run_job_task.enqueue(str(job_id))
    Job.objects.filter(pk=job_id).update(task_result_id=str(result.id))


def job_cancel(job: Job) -> Job:
    if job.is_finished:
        return job
    if job.state == JobState.QUEUED:
        Job.objects.filter(pk=job.pk, state=JobState.QUEUED).update(
            state=JobState.CANCELLED,
            cancel_requested=True,
            finished_at=timezone.now(),
            message=str(_("Cancelled before it started.")),
        )
    else:
        Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    job.refresh_from_db()
    return job


def job_is_stalled(job: Job) -> bool:
    if job.state != JobState.RUNNING:
        return False
    last = job.heartbeat_at or job.started_at
    limit = timedelta(minutes=settings.SAPHAN_JOB_STALE_MINUTES)
    return last is None or timezone.now() - last > limit


def job_retry(job: Job) -> Job:
    """Run a failed, cancelled or stalled job again with the same parameters."""
    if not (job.state in {JobState.FAILED, JobState.CANCELLED} or job_is_stalled(job)):
        raise ApplicationError(
            _("Only a failed, cancelled or stalled job can be run again."), code="job_state"
        )
    Job.objects.filter(pk=job.pk).update(
        state=JobState.QUEUED, cancel_requested=False, error="", finished_at=None
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    job.refresh_from_db()
    return job


def job_run(job_id: str) -> str:
    """Run a job's handler; idempotent on jobs that already finished."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("job %s does not exist", job_id)
        return "missing"
    if job.is_finished:
        return str(job.state)
    handler = _HANDLERS.get(job.kind)
    if handler is None:
        _finish(job, JobState.FAILED, error=f"no handler for job kind {job.kind}")
        return JobState.FAILED
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, started_at=now, heartbeat_at=now, attempts=job.attempts + 1
    )
    job.refresh_from_db()
    context = JobContext(job)
    try:
        result = handler(context, **job.params)
    except JobCancelled:
        _finish(job, JobState.CANCELLED, message=str(_("Cancelled.")))
        return JobState.CANCELLED
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobState.FAILED, error="".join(traceback.format_exception_only(exc)).strip())
        return JobState.FAILED
    _finish(job, JobState.SUCCEEDED, result=result if result is not None else job.result)
    return JobState.SUCCEEDED


def _finish(
    job: Job,
    state: str,
    *,
    error: str = "",
    message: str | None = None,
    result: dict[str, Any] | None = None,
) -> None:
    fields: dict[str, Any] = {"state": state, "finished_at": timezone.now(), "error": error[:5000]}
    if message is not None:
        fields["message"] = message
    if result is not None:
        fields["result"] = result
    if state == JobState.SUCCEEDED:
        job.refresh_from_db(fields=["total"])
        fields["done"] = job.total
    Job.objects.filter(pk=job.pk).update(**fields)


@task()
def run_job_task(job_id: str) -> str:
    return job_run(job_id)
