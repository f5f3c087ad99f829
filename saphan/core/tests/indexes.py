"""Redundant indexes of tables, from Django's introspection (the same on SQLite and
PostgreSQL): every index is one more write for each row inserted, so tables written in bulk
(an import, a scan, the public submission) keep only those some query needs."""

from __future__ import annotations

from typing import Any

from django.db import connection


def _constraints(table: str) -> dict[str, Any]:
    with connection.cursor() as cursor:
        return dict(connection.introspection.get_constraints(cursor, table))


def redundant_indexes(tables: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Per table that has any: (index, the index that makes it redundant). A non-unique index
    whose columns begin another index's columns serves no query the other cannot. On
    PostgreSQL this also finds the LIKE-pattern twin Django adds to an indexed or unique text
    column."""
    out = {}
    for table in tables:
        found = _constraints(table)
        indexes = {
            name: tuple(c["columns"])
            for name, c in found.items()
            if (c["index"] or c["unique"] or c["primary_key"]) and c["columns"]
        }
        pairs = sorted(
            (name, other)
            for name, columns in indexes.items()
            if not (found[name]["unique"] or found[name]["primary_key"])
            for other, longer in indexes.items()
            if other != name and longer[: len(columns)] == columns
        )
        if pairs:
            out[table] = pairs
    return out


def unique_columns(table: str) -> list[list[str]]:
    """The column lists of the table's unique constraints (the primary key aside)."""
    found = _constraints(table)
    return sorted(c["columns"] for c in found.values() if c["unique"] and not c["primary_key"])
