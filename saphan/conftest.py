"""Shared test set-up: real database (SQLite or PostgreSQL via DATABASE_URL), reference data
(geography, offices) loaded once, the network blocked except loopback."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from saphan.core.geography import geography_load
from saphan.core.models import Office, Province
from saphan.core.services import offices_load_reference
from saphan.core.tests.browser import browser  # noqa: F401  (the shared Chromium fixture)


def _ensure_reference_data() -> None:
    if not Province.objects.exists():
        geography_load()
    if not Office.objects.exists():
        offices_load_reference()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        _ensure_reference_data()


@pytest.fixture
def reference_data(django_db_blocker: Any) -> None:
    """For transactional tests, which flush the tables: put the reference data back."""
    with django_db_blocker.unblock():
        _ensure_reference_data()


@pytest.fixture(autouse=True)
def _block_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in {"127.0.0.1", "::1", "localhost"}
            and not host.startswith("/")
        ):
            raise RuntimeError(f"tests may not reach the network ({host})")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    yield


@pytest.fixture(autouse=True)
def _thai_by_default(settings: Any) -> None:
    settings.LANGUAGE_CODE = "th"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
