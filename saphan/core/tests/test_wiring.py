"""Wiring that only a fresh process shows: job handlers are registered by app loading alone."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

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


def _in_fresh_process(code: str, **env: str) -> str:
    setup = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'saphan.settings'); "
        "django.setup(); from django.core.cache import caches; cache = caches['default']; "
    )
    result = subprocess.run(
        [sys.executable, "-c", setup + code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return result.stdout.strip()


def test_without_a_cache_url_each_process_keeps_its_own_cache() -> None:
    code = "cache.set('saphan-test', 'one'); print(type(cache).__name__)"
    assert _in_fresh_process(code, CACHE_URL="") == "LocMemCache"
    assert _in_fresh_process("print(cache.get('saphan-test'))", CACHE_URL="") == "None"


def test_each_process_keeps_the_pages_of_thousands_of_cases() -> None:
    # Django's default holds 300 entries and then drops a third: the tracking pages of a
    # province's cases did not fit. 3,000 entries are all kept; CACHE_MAX_ENTRIES sets it.
    keep = (
        "[cache.set(f'page-{i}', i, 300) for i in range(3000)]; "
        "print(sum(cache.get(f'page-{i}') == i for i in range(3000)))"
    )
    assert _in_fresh_process(keep, CACHE_URL="") == "3000"
    assert _in_fresh_process(keep, CACHE_URL="", CACHE_MAX_ENTRIES="300") == "300"


def test_a_redis_cache_url_shares_the_cache_between_processes() -> None:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis server on 127.0.0.1:6379 (the default setup needs none)")
    url = "redis://127.0.0.1:6379/13"
    key = f"saphan-test-{uuid.uuid4().hex}"
    written = f"cache.set('{key}', 'shared', 30); print(type(cache).__name__)"
    assert _in_fresh_process(written, CACHE_URL=url) == "RedisCache"
    read = f"print(cache.get('{key}')); cache.delete('{key}')"
    assert _in_fresh_process(read, CACHE_URL=url) == "shared"
    assert _in_fresh_process(f"print(cache.get('{key}'))", CACHE_URL=url) == "None"


def test_local_mail_goes_to_files_not_to_the_servers_output(tmp_path: Path) -> None:
    """Complainants' addresses and private links must not land in a terminal or a log."""
    send = (
        "from django.core.mail import send_mail; "
        "send_mail('s', 'body with a private link', 'from@example.org', ['malee@example.org']); "
        "from django.conf import settings; print(settings.EMAIL_BACKEND.rsplit('.', 2)[-2])"
    )
    out = _in_fresh_process(send, SAPHAN_VAR_DIR=str(tmp_path), SAPHAN_ENV="development")
    assert out == "filebased"  # and nothing else was printed
    [written] = (tmp_path / "mail").iterdir()
    assert "malee@example.org" in written.read_text()
