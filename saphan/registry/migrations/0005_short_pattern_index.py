"""Patterns of one or two characters: PostgreSQL's trigram index cannot serve them, so a GIN
index over every one- and two-character piece of the search text does (registry/search.py).
SQLite keeps its exact scan for them (its registries are small)."""

from django.db import migrations

GRAMS_FUNCTION = (
    "CREATE OR REPLACE FUNCTION registry_short_grams(t text) RETURNS text[] "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
    "SELECT coalesce(array_agg(DISTINCT g), '{}') FROM ("
    "SELECT substr(t, i, 1) AS g FROM generate_series(1, length(t)) i "
    "UNION ALL SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) i"
    ") grams WHERE strpos(g, E'\\n') = 0 $$"
)
GRAMS_INDEX = (
    "CREATE INDEX registry_est_search_grams ON registry_establishment "
    "USING gin (registry_short_grams(search_text))"
)
POSTGRES_CREATE = [GRAMS_FUNCTION, GRAMS_INDEX]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS registry_est_search_grams",
    "DROP FUNCTION IF EXISTS registry_short_grams(text)",
]


def _run(statements):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_establishment_name_index")]

    operations = [migrations.RunPython(_run(POSTGRES_CREATE), _run(POSTGRES_DROP))]
