"""A new row and the rows that point to it, written in one statement.

On PostgreSQL `insert_linked` sends one `WITH … INSERT` (a data-modifying common table
expression): one round trip and, outside a transaction, one commit, where `save()` per object
costs a round trip each inside BEGIN … COMMIT. Each row stays in its own table. Other databases
get one `save()` per object in the same order.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from auditlog.context import disable_auditlog
from django.db import IntegrityError, connection
from django.db.models import Model

from saphan.core.db import prepared_cursor

# (parent model, ((child model, foreign-key attname), …)) → per model, the fields whose values
# the statement takes, in order; and (that key, which values are NULL or '') → the statement's
# text. Both built once per process. Writing NULL and '' in the text keeps the parameters
# under psycopg's limit for caching a query's parsing (50).
_FIELDS: dict[tuple[Any, ...], list[list[Any]]] = {}
_STATEMENTS: dict[tuple[Any, ...], str] = {}
_MAX_STATEMENTS = 256


def _insert_fields(model: type[Model]) -> list[Any]:
    meta = model._meta
    return [f for f in meta.local_concrete_fields if f is not meta.auto_field]


def _fields(parent: type[Model], children: tuple[tuple[type[Model], str], ...]) -> list[list[Any]]:
    key = (parent, children)
    found = _FIELDS.get(key)
    if found is None:
        found = _FIELDS[key] = [
            _insert_fields(parent),
            *([f for f in _insert_fields(model) if f.attname != fk] for model, fk in children),
        ]
    return found


# Django's own fields whose database value, for None or a value of exactly these types (and an
# aware datetime), is the value itself (what get_db_prep_save gives back on PostgreSQL): no call
# per field for them. Decimals are rounded to their places by Django: they go through it.
# JSON and custom fields always go through get_db_prep_save.
_PLAIN = {
    str: {"CharField", "TextField", "EmailField", "SlugField", "URLField"},
    bool: {"BooleanField"},
    dt.date: {"DateField"},
    uuid.UUID: {"UUIDField"},
    int: {"AutoField", "BigAutoField", "SmallAutoField"},  # other integers get a typed wrapper
}  # fmt: skip
_plain_kind: dict[Any, str] = {}


def _db_value(field: Any, obj: Model) -> Any:
    value = field.pre_save(obj, True)
    kind = _plain_kind.get(field)
    if kind is None:
        target = field.target_field if field.is_relation else field
        plain = type(target).__module__ == "django.db.models.fields"  # not JSON, not custom
        kind = _plain_kind[field] = type(target).__name__ if plain else ""
    if (value is None and kind) or kind in _PLAIN.get(type(value), ()):
        return value
    if kind == "DateTimeField" and type(value) is dt.datetime and value.tzinfo is not None:
        return value
    return field.get_db_prep_save(value, connection)


def _pk_column(model: type[Model]) -> str:
    return str(model._meta.pk.column)


def _marker(value: Any) -> str:
    if value is None:
        return "NULL"
    if type(value) is str and not value:
        return "''"
    return "%s"


def _statement(
    parent: type[Model],
    children: tuple[tuple[type[Model], str], ...],
    markers: tuple[tuple[str, ...], ...],
) -> str:
    key = (parent, children, markers)
    found = _STATEMENTS.get(key)
    if found is not None:
        return found
    qn = connection.ops.quote_name
    fields = _fields(parent, children)

    def one(name: str, model: type[Model], columns: list[str], rows: str) -> str:
        pk = qn(_pk_column(model))
        return (
            f"{qn(name)} AS (INSERT INTO {qn(model._meta.db_table)} ({', '.join(columns)}) "
            f"{rows} RETURNING {pk})"
        )

    # The parent skips a row that breaks a unique constraint, and the children are selected
    # from the parent's returned row: then nothing is written and nothing fails, so the
    # database logs no failed statement (with the children's values, personal data among
    # them); insert_linked raises IntegrityError itself.
    parts = [
        one(
            "r0",
            parent,
            [qn(f.column) for f in fields[0]],
            f"VALUES ({', '.join(markers[0])}) ON CONFLICT DO NOTHING",
        )
    ]
    parent_ref = f"{qn('r0')}.{qn(_pk_column(parent))}"
    for number, (model, fk) in enumerate(children, start=1):
        link = next(f for f in model._meta.concrete_fields if f.attname == fk)
        parts.append(
            one(
                f"r{number}",
                model,
                [qn(str(link.column)), *(qn(f.column) for f in fields[number])],
                f"SELECT {', '.join([parent_ref, *markers[number]])} FROM {qn('r0')}",  # noqa: S608
            )
        )
    pks = ", ".join(
        f"(SELECT {qn(_pk_column(m))} FROM {qn(f'r{i}')})"  # noqa: S608
        for i, m in enumerate([parent, *(m for m, _fk in children)])
    )
    if len(_STATEMENTS) >= _MAX_STATEMENTS:
        _STATEMENTS.clear()
    found = _STATEMENTS[key] = "WITH " + ", ".join(parts) + f" SELECT {pks}"
    return found


def _saved(obj: Model) -> None:
    obj._state.adding = False
    obj._state.db = connection.alias


def _link(child: Model, fk: str, parent: Model) -> None:
    """Point the child at the saved parent, keeping the parent as its cached related object."""
    field = next(f for f in child._meta.concrete_fields if f.attname == fk)
    setattr(child, field.name, parent)


def insert_linked(parent: Model, children: list[tuple[Model, str]]) -> None:
    """INSERT the unsaved `parent` and the unsaved `children`, each given with the attname of
    its foreign key to the parent (`"complaint_id"`); every object gets its primary key as
    `save()` would give it. A parent that breaks a unique constraint raises IntegrityError
    with nothing written, as `save()` would (on PostgreSQL without a failed statement, which
    the server would log with every value). One statement on PostgreSQL, which sends no
    model signals: for models that have no receivers but the audit log's, which records
    nothing of them here (on other databases it is turned off around the saves)."""
    if connection.vendor != "postgresql":
        # As the one statement: no entry in the audit log.
        with disable_auditlog():
            parent.save()
            for child, fk in children:
                _link(child, fk, parent)
                child.save()
        return
    shape = tuple((type(c), fk) for c, fk in children)
    objs = [parent, *(c for c, _fk in children)]
    values = [
        [_db_value(f, obj) for f in own]
        for obj, own in zip(objs, _fields(type(parent), shape), strict=True)
    ]
    markers = tuple(tuple(_marker(v) for v in row) for row in values)
    sql = _statement(type(parent), shape, markers)
    params = [v for row in values for v in row if _marker(v) == "%s"]
    # Prepared: planning the statement costs the server as much as writing its rows.
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None or row[0] is None:
        raise IntegrityError(
            f"{type(parent).__name__}: a unique constraint already holds these values; "
            "nothing was written"
        )
    parent.pk = row[0]
    _saved(parent)
    for (child, fk), pk in zip(children, row[1:], strict=True):
        _link(child, fk, parent)
        child.pk = pk
        _saved(child)
