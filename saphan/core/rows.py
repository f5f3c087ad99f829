"""A new row and the rows that point to it, written in one statement.

On PostgreSQL `insert_linked` sends one `WITH … INSERT` (a data-modifying common table
expression): one round trip and, outside a transaction, one commit, where `save()` per object
costs a round trip each inside BEGIN … COMMIT. Each row stays in its own table. Other databases
get one `save()` per object in the same order.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Model

# (parent model, ((child model, foreign-key attname), …)) → the statement's text and, per
# model, the fields whose values it takes (in order): built once per process.
_STATEMENTS: dict[tuple[Any, ...], tuple[str, list[list[Any]]]] = {}


def _insert_fields(model: type[Model]) -> list[Any]:
    meta = model._meta
    return [f for f in meta.local_concrete_fields if f is not meta.auto_field]


def _statement(
    parent: type[Model], children: tuple[tuple[type[Model], str], ...]
) -> tuple[str, list[list[Any]]]:
    key = (parent, children)
    found = _STATEMENTS.get(key)
    if found is not None:
        return found
    qn = connection.ops.quote_name
    fields = [_insert_fields(parent)]
    parts = []

    def one(name: str, model: type[Model], columns: list[str], values: list[str]) -> str:
        pk = qn(model._meta.pk.column)  # type: ignore[union-attr]
        return (
            f"{qn(name)} AS (INSERT INTO {qn(model._meta.db_table)} ({', '.join(columns)}) "
            f"VALUES ({', '.join(values)}) RETURNING {pk})"
        )

    parts.append(
        one("r0", parent, [qn(f.column) for f in fields[0]], ["%s"] * len(fields[0]))
    )
    parent_pk = qn(parent._meta.pk.column)  # type: ignore[union-attr]
    for number, (model, fk) in enumerate(children, start=1):
        own = [f for f in _insert_fields(model) if f.attname != fk]
        link = next(f for f in model._meta.concrete_fields if f.attname == fk)
        fields.append(own)
        parts.append(
            one(
                f"r{number}",
                model,
                [qn(link.column), *(qn(f.column) for f in own)],
                [f"(SELECT {parent_pk} FROM {qn('r0')})", *(["%s"] * len(own))],
            )
        )
    pks = ", ".join(
        f"(SELECT {qn(m._meta.pk.column)} FROM {qn(f'r{i}')})"  # type: ignore[union-attr]
        for i, m in enumerate([parent, *(m for m, _fk in children)])
    )
    found = _STATEMENTS[key] = ("WITH " + ", ".join(parts) + f" SELECT {pks}", fields)
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
    `save()` would give it. One statement on PostgreSQL, which sends no model signals: for
    models that have no receivers (or whose receivers the caller turned off)."""
    if connection.vendor != "postgresql":
        parent.save()
        for child, fk in children:
            _link(child, fk, parent)
            child.save()
        return
    sql, fields = _statement(type(parent), tuple((type(c), fk) for c, fk in children))
    params: list[Any] = []
    for obj, own in zip([parent, *(c for c, _fk in children)], fields, strict=True):
        params += [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in own]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    parent.pk = row[0]
    _saved(parent)
    for (child, fk), pk in zip(children, row[1:], strict=True):
        _link(child, fk, parent)
        child.pk = pk
        _saved(child)
