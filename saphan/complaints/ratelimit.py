"""Rate limits on public endpoints: a counter per (endpoint, client) and time slot, kept in the
database so every web process shares it. The client address is stored only as a keyed hash."""

from __future__ import annotations

import functools
import hashlib
import hmac
import time
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from saphan.complaints.models import RateCounter
from saphan.core.db import prepared_cursor
from saphan.core.errors import ApplicationError


def limits() -> dict[str, tuple[int, int]]:
    """The configured limits: name → (count, seconds)."""
    return dict(_parsed(settings.SAPHAN_COMPLAINTS_RATE_LIMITS))


@functools.lru_cache(maxsize=8)
def _parsed(setting: str) -> tuple[tuple[str, tuple[int, int]], ...]:
    out: dict[str, tuple[int, int]] = {}
    for part in setting.split(","):
        name, _sep, rule = part.strip().partition(":")
        count, _slash, seconds = rule.partition("/")
        if name and count.isdigit() and seconds.isdigit():
            out[name] = (int(count), int(seconds))
    return tuple(out.items())


def client_address(request: Any) -> str:
    header = settings.SAPHAN_COMPLAINTS_CLIENT_ADDRESS_HEADER
    if header and request.META.get(header):
        return str(request.META[header]).split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _key(name: str, client: str) -> str:
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, f"{name}:{client}".encode(), hashlib.sha256).hexdigest()


def _slot(moment: float, seconds: int) -> int:
    """The start of the window `moment` falls in, in epoch seconds (comparable across limits)."""
    return int(moment // seconds) * seconds


def rate_counts(
    windows: list[tuple[str, int]], client: str, now: float | None = None
) -> dict[str, int]:
    """Add one request under each (name, seconds) window and return how many this client
    made in each current slot — one statement for all of them."""
    if not windows:
        return {}
    moment = now if now is not None else time.time()
    keys: dict[str, str] = {}
    params: list[str | int] = []
    for name, seconds in windows:
        key = _key(name, client)
        keys[key] = name
        params += [key, _slot(moment, seconds)]
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    upsert = f"ON CONFLICT (key, slot) DO UPDATE SET count = {table}.count + 1 RETURNING key, count"
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # A statement of its own: committed without waiting for the disk. The rows of one
        # client are locked until the commit, so a synchronous one would make every request
        # from that address (a NAT, a flood) wait for the disk in turn; a crash may forget the
        # last fraction of a second of counts, never anything else (nothing else is written in
        # this transaction — inside a caller's transaction the statement below is used).
        values = ", ".join(["(%s, %s)"] * len(windows))
        sql = (
            f"INSERT INTO {table} (key, slot, count) SELECT v.key, v.slot, 1 "  # noqa: S608
            f"FROM (VALUES {values}) AS v (key, slot) "
            "WHERE set_config('synchronous_commit', 'off', true) IS NOT NULL " + upsert
        )
    else:
        # SQLite ≥ 3.35 and PostgreSQL both have upsert with RETURNING.
        values = ", ".join(["(%s, %s, 1)"] * len(windows))
        sql = f"INSERT INTO {table} (key, slot, count) VALUES {values} " + upsert  # noqa: S608
    with prepared_cursor() as cursor:  # the same text on every request: planned once
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {keys[key]: int(count) for key, count in rows}


def rate_count(name: str, client: str, seconds: int, now: float | None = None) -> int:
    """Add one request and return how many this client made in the current slot."""
    return rate_counts([(name, seconds)], client, now)[name]


def rate_limit_check(request: Any, *names: str) -> float:
    """Count this request under each named limit; raise 429 when one is exceeded (its
    `seconds` param: until the window ends, for a Retry-After header). Returns the moment it
    was counted at (for `rate_refund`)."""
    configured = limits()
    windows = [(name, configured[name][1]) for name in names if name in configured]
    now = time.time()
    counts = rate_counts(windows, client_address(request), now)
    for name, _seconds in windows:
        allowed, seconds = configured[name]
        if counts[name] > allowed:
            minutes = max(1, round(seconds / 60))
            left = max(1, int(seconds - now % seconds))
            raise ApplicationError(
                _(
                    "Too many requests from your connection: please wait %(minutes)s minutes "
                    "and try again."
                ),
                code="rate_limited",
                status=429,
                params={"minutes": minutes, "seconds": left},
            )
    return now


def rate_refund(request: Any, counted_at: float, *names: str) -> None:
    """Take back this request's count under each named limit, in the window it was counted in
    (`counted_at`, what `rate_limit_check` returned): what it was counted for was refused (a
    complaint with a missing field is not a complaint sent)."""
    configured = limits()
    client = client_address(request)
    for name in names:
        if name in configured:
            slot = _slot(counted_at, configured[name][1])
            RateCounter.objects.filter(key=_key(name, client), slot=slot, count__gt=0).update(
                count=F("count") - 1
            )


def used_once(name: str, token: str, at: int) -> bool:
    """True the first time `token` (issued at `at`, epoch seconds) is used under `name`, in
    every process alike: the counter table holds it (only its keyed hash) until the daily
    pruning, two days on — longer than a token is valid."""
    return rate_counts([(name, 1)], token, now=at)[name] == 1


def used_once_forget(name: str, token: str, at: int) -> None:
    """What it was used for was refused: the token may be used again."""
    RateCounter.objects.filter(key=_key(name, token), slot=at).delete()


def rate_counters_prune(older_than_seconds: int = 2 * 86400) -> int:
    """Drop counters of windows long past (the daily job calls this)."""
    cutoff = int(time.time()) - older_than_seconds
    return int(RateCounter.objects.filter(slot__lt=cutoff).delete()[0])
