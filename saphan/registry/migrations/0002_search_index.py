"""Substring search: a pg_trgm GIN index on PostgreSQL, an FTS5 trigram table on SQLite."""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE registry_search USING fts5("
    "search_text, content='registry_establishment', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER registry_search_ai AFTER INSERT ON registry_establishment BEGIN "
    "INSERT INTO registry_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER registry_search_ad AFTER DELETE ON registry_establishment BEGIN "
    "INSERT INTO registry_search(registry_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER registry_search_au AFTER UPDATE OF search_text ON registry_establishment BEGIN "
    "INSERT INTO registry_search(registry_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO registry_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO registry_search(registry_search) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS registry_search_au",
    "DROP TRIGGER IF EXISTS registry_search_ad",
    "DROP TRIGGER IF EXISTS registry_search_ai",
    "DROP TABLE IF EXISTS registry_search",
]
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX registry_est_search_trgm ON registry_establishment "
    "USING gin (search_text gin_trgm_ops)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS registry_est_search_trgm"]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_establishments_details_imports_quality")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
