"""Background jobs through django-tasks' database backend: progress, outcome, cancel, retry."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from saphan.core import jobs
from saphan.core.models import Job, JobState
from saphan.core.tests.factories import PASSWORD, person

# The real worker (db_worker) checks its connection between tasks, which a test wrapped in a
# transaction cannot survive on PostgreSQL: these tests commit, and the tables are flushed after.
pytestmark = pytest.mark.django_db(transaction=True)

SEEN: list[tuple[int, int]] = []


@jobs.job_handler("test.count")
def _count(ctx: jobs.JobContext, upto: int, fail_at: int | None = None) -> dict[str, Any]:
    for i in range(1, upto + 1):
        if fail_at == i:
            raise ValueError(f"broken row {i}")
        ctx.progress(i, upto, f"row {i}")
        SEEN.append((i, Job.objects.get(pk=ctx.job.pk).done))
    return {"counted": upto}


def _work() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_job_runs_in_the_worker_and_records_progress(
    reference_data: None,
) -> None:
    SEEN.clear()
    job = jobs.job_start(kind="test.count", params={"upto": 5})
    assert Job.objects.get(pk=job.pk).state == JobState.QUEUED
    assert Job.objects.get(pk=job.pk).task_result_id != ""
    _work()
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.percent) == (JobState.SUCCEEDED, 5, 5, 100)
    assert job.result == {"counted": 5}
    assert job.attempts == 1
    # Progress was in the database while the job ran, where a page polls it.
    assert SEEN == [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]


def test_failure_is_recorded_and_retry_runs_again(reference_data: None) -> None:
    job = jobs.job_start(kind="test.count", params={"upto": 4, "fail_at": 3})
    _work()
    job.refresh_from_db()
    assert (job.state, job.done, job.error) == (JobState.FAILED, 2, "ValueError: broken row 3")
    Job.objects.filter(pk=job.pk).update(params={"upto": 4})
    job.refresh_from_db()
    jobs.job_retry(job)
    _work()
    job.refresh_from_db()
    assert (job.state, job.done, job.attempts, job.error) == (JobState.SUCCEEDED, 4, 2, "")


def test_cancel_while_queued_and_while_running(reference_data: None) -> None:
    queued = jobs.job_start(kind="test.count", params={"upto": 3})
    jobs.job_cancel(queued)
    assert Job.objects.get(pk=queued.pk).state == JobState.CANCELLED
    _work()  # the worker finds it cancelled and leaves it
    assert Job.objects.get(pk=queued.pk).state == JobState.CANCELLED

    running = jobs.job_start(kind="test.count", params={"upto": 3})
    Job.objects.filter(pk=running.pk).update(cancel_requested=True)
    _work()
    running.refresh_from_db()
    assert (running.state, running.done) == (JobState.CANCELLED, 1)


def test_retry_refuses_a_job_that_succeeded(reference_data: None) -> None:
    job = jobs.job_start(kind="test.count", params={"upto": 1})
    _work()
    job.refresh_from_db()
    from saphan.core.errors import ApplicationError

    with pytest.raises(ApplicationError):
        jobs.job_retry(job)
    assert Job.objects.get(pk=job.pk).attempts == 1


def test_geography_reload_job_from_the_page(client, reference_data: None) -> None:
    person("dip.admin", "DIP", "administrator")
    client.login(username="dip.admin", password=PASSWORD)
    response = client.post("/jobs/geography-reload/")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    _work()
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (JobState.SUCCEEDED, 77, 77)
    assert job.result["subdistricts"] == 7436
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'value="100"' in fragment and "hx-trigger" not in fragment
    api = client.get(f"/api/v1/jobs/{job.pk}").json()
    assert (api["state"], api["percent"]) == ("succeeded", 100)


def test_officer_may_not_reload_geography_and_nothing_is_queued(
    client: Client, reference_data: None
) -> None:
    person("chumphon.officer", "PIO86", "officer")
    client.login(username="chumphon.officer", password=PASSWORD)
    assert client.post("/jobs/geography-reload/").status_code == 403
    assert Job.objects.count() == 0


def test_someone_elses_job_is_not_found(client: Client, reference_data: None) -> None:
    owner = person("owner", "PIO86")
    person("other", "PIO86")
    job = jobs.job_start(kind="test.count", params={"upto": 1}, user=owner)
    client.login(username="other", password=PASSWORD)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/api/v1/jobs/{job.pk}").status_code == 404
    assert client.post(f"/jobs/{job.pk}/cancel/").status_code == 404
    assert Job.objects.get(pk=job.pk).cancel_requested is False
