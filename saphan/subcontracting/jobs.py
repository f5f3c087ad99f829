"""Background jobs of subcontracting: large allocation runs."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from saphan.core.jobs import JobContext, job_handler
from saphan.subcontracting.services.allocation import JOB_KIND, run_execute


@job_handler(JOB_KIND, label=_("Allocation run"))
def allocation_job(ctx: JobContext, *, run_id: int) -> dict[str, Any]:
    """Solve a run; progress in three steps (read, solve, save). Safe to run again."""
    return run_execute(
        run_id, progress=lambda done, total, message: ctx.progress(done, total, message)
    )
