"""Set-based writes for the big paths (imports, quality scans): COPY on PostgreSQL, the ORM's
bulk operations elsewhere.

Django's bulk_create prepares every field of every row in Python and psycopg then converts the
parameters of a huge INSERT; for national files that, not the database, is the cost. COPY sends
rows as they are. Ids are taken from the table's sequence first, so children can be copied
right after their parents.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

try:  # psycopg is always installed with Saphan; its Jsonb marks JSON values for COPY
    from psycopg.types.json import Jsonb
except ImportError:  # pragma: no cover
    Jsonb = None  # type: ignore[assignment,misc]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def take_ids(model: type[Model], count: int) -> list[int]:
    """`count` new primary keys from the model's sequence (PostgreSQL)."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            f"COPY {connection.ops.quote_name(table)} ({column_list}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)


def insert_rows(model: type[Model], rows: list[dict[str, Any]]) -> list[Any]:
    """Insert rows given as {attname: value} (missing fields take their defaults) without
    building model instances on PostgreSQL: a million-row import spent more time in
    Model.__init__ than in COPY. Returns the new primary keys in order."""
    if not rows:
        return []
    if not is_postgres():
        saved = model._default_manager.bulk_create([model(**row) for row in rows], batch_size=2000)
        return [obj.pk for obj in saved]
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    fields = list(meta.concrete_fields)
    now = timezone.now()
    constant: list[Any] = []
    call: dict[int, Any] = {}
    for index, f in enumerate(fields):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            constant.append(now)
        elif f.has_default() and callable(f.default):
            constant.append(None)
            call[index] = f.default
        else:
            constant.append(f.get_default())
    json_fields = {i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"}
    attnames = [f.attname for f in fields]
    new_ids: list[Any] = []
    if pk.auto_created or pk.name == "id":
        new_ids = take_ids(model, len(rows))
        pk_index = attnames.index(pk.attname)
    else:
        pk_index = -1

    position = {name: index for index, name in enumerate(attnames)}

    def values(number: int, row: dict[str, Any]) -> list[Any]:
        out = list(constant)
        for index, make in call.items():
            out[index] = make()
        for name, value in row.items():
            out[position[name]] = value
        if pk_index >= 0:
            out[pk_index] = new_ids[number]
        for index in json_fields:
            if out[index] is not None:
                out[index] = Jsonb(out[index])
        return out

    copy_rows(
        meta.db_table, [str(f.column) for f in fields],
        (values(number, row) for number, row in enumerate(rows)),
    )  # fmt: skip
    return new_ids if pk_index >= 0 else [row[pk.attname] for row in rows]


def insert(model: type[Model], objects: list[Any]) -> list[Any]:
    """Insert model instances; afterwards each has its primary key. COPY on PostgreSQL."""
    if not objects:
        return objects
    if not is_postgres():
        return model._default_manager.bulk_create(objects, batch_size=2000)
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    if pk.auto_created or pk.name == "id":
        for obj, new_id in zip(objects, take_ids(model, len(objects)), strict=True):
            obj.pk = new_id
    now = timezone.now()
    fields = list(meta.concrete_fields)
    auto_now = {
        f.attname
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    columns = [str(f.column) for f in fields]
    attnames = [f.attname for f in fields]

    def row(obj: Any) -> list[Any]:
        values = []
        for name in attnames:
            if name in auto_now:
                setattr(obj, name, now)
            value = getattr(obj, name)
            if name in json_fields and value is not None:
                value = Jsonb(value)
            values.append(value)
        return values

    copy_rows(meta.db_table, columns, (row(obj) for obj in objects))
    for obj in objects:
        obj._state.adding = False
        obj._state.db = "default"
    return objects
