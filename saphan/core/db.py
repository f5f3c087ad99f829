"""Statements the server keeps planned: for the few hot statements whose planning costs more
than running them.

Django sends every query with its values written into the text (client-side binding) and
never prepares one, which keeps connection poolers working. A statement like the complaint
intake's one `WITH … INSERT` into four tables is then parsed and planned on every request,
which on PostgreSQL costs as much as writing the rows. `prepared_cursor()` gives a cursor that
sends the values apart from the text and asks the server to keep the statement prepared on
this connection (psycopg names it, keeps up to 100 per connection and forgets those of a
transaction that is rolled back). It goes through Django's cursor wrapper: queries are
counted and logged as any other, errors are Django's.

`DB_PREPARE=0` in the environment (settings.SAPHAN_DB_PREPARE) turns it off, for a pooler
that does not carry prepared statements (PgBouncer before 1.21 in transaction mode). Other
databases get Django's own cursor.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection

ASKED_ONLY = 2**31 - 1


@functools.cache
def _prepared_class() -> Any:
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparedCursor(ServerBindingCursor):
        """A server-binding cursor whose every statement is prepared."""

        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            kwargs["prepare"] = True
            return super().execute(query, params, **kwargs)  # type: ignore[misc]

    return PreparedCursor


@functools.cache
def _debug_class() -> Any:
    from django.db.backends.postgresql.base import CursorDebugWrapper
    from django.db.backends.utils import CursorWrapper

    class PreparedDebugWrapper(CursorDebugWrapper):
        """Records the statement with its values written in, as Django records any other
        (Django reads it back from a client-side cursor, which this is not)."""

        def execute(self, sql: Any, params: Any = None) -> Any:
            with self.debug_sql(self.db.ops.compose_sql(sql, params), params):
                return CursorWrapper.execute(self, sql, params)

    return PreparedDebugWrapper


@contextmanager
def prepared_cursor() -> Iterator[Any]:
    """`with prepared_cursor() as cursor: cursor.execute(sql, params)` — `%s` placeholders,
    as with `connection.cursor()`; values must be typed enough for the server to infer each
    parameter's type (text goes as 'unknown', which the server casts to the column's)."""
    if connection.vendor != "postgresql" or not getattr(settings, "SAPHAN_DB_PREPARE", True):
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.close_if_health_check_failed()  # as Django's own cursor() does
    connection.ensure_connection()
    held = connection.connection
    # Django turns preparing off for the connection (threshold None), and psycopg then ignores
    # `prepare=True`. A threshold no statement reaches, for this cursor's lifetime only: only
    # what is asked for is prepared, and once it is put back psycopg goes on keeping no count
    # (nor copy of the text) of Django's own queries, the large ones of an import among them.
    previous = held.prepare_threshold
    if previous is None:
        held.prepare_threshold = ASKED_ONLY
    connection.validate_thread_sharing()
    try:
        with connection.wrap_database_errors, _prepared_class()(held) as raw:
            yield (
                _debug_class()(raw, connection)
                if connection.queries_logged
                else connection.make_cursor(raw)
            )
    finally:
        held.prepare_threshold = previous
