"""Redundant indexes of a table, from Django's introspection (the same on SQLite and
PostgreSQL): every index is one more write for each row inserted, so tables written in bulk
(an import, a scan, the public submission) keep only those some query needs."""

from __future__ import annotations

from django.db import connection


def redundant_indexes(table: str) -> list[tuple[str, str]]:
    """(index, the index that makes it redundant): a non-unique index whose columns begin
    another index's columns serves no query the other cannot. On PostgreSQL this also finds
    the LIKE-pattern twin Django adds to an indexed or unique text column."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    indexes = {
        name: tuple(c["columns"])
        for name, c in found.items()
        if (c["index"] or c["unique"] or c["primary_key"]) and c["columns"]
    }
    return sorted(
        (name, other)
        for name, columns in indexes.items()
        if not (found[name]["unique"] or found[name]["primary_key"])
        for other, longer in indexes.items()
        if other != name and longer[: len(columns)] == columns
    )


def unique_columns(table: str) -> list[list[str]]:
    """The column lists of the table's unique constraints (the primary key aside)."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return sorted(c["columns"] for c in found.values() if c["unique"] and not c["primary_key"])
