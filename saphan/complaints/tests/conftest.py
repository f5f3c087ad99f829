"""Complaints tests: photos go to a temporary folder; background tasks run at once when asked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    """Tests rewrite holidays and offices directly in the database: no per-process copy."""
    from saphan.complaints.services.common import caches_clear

    caches_clear()


@pytest.fixture
def officer() -> Any:
    """An officer of the demo province's office (Chumphon, PIO86)."""
    from saphan.core.tests.factories import person

    return person("officer", "PIO86", "officer")


@pytest.fixture
def officer_client(client: Any, officer: Any) -> Any:
    """The test client, signed in as `officer`."""
    from saphan.core.tests.factories import PASSWORD

    client.login(username="officer", password=PASSWORD)
    return client


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    """Run notification tasks in the request instead of the worker."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
