"""Wiring that only a fresh process shows: job handlers are registered by app loading alone."""

from __future__ import annotations

import subprocess
import sys

from saphan.core.errors import ApplicationError


def test_a_fresh_process_knows_every_job_kind() -> None:
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'saphan.settings'); "
        "django.setup(); from saphan.core.jobs import job_kinds; print(' '.join(job_kinds()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "core.geography_load" in result.stdout.split()


def test_application_error_text_has_its_values() -> None:
    error = ApplicationError("Unknown role: %(role)s", params={"role": "boss"})
    assert str(error) == "Unknown role: boss"
