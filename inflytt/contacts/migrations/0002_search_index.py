"""The substring index behind the contact search (docs/requirements.md, Performance: search uses an index, not a scan).

PostgreSQL: a pg_trgm GIN index on Contact.search_text, which serves LIKE '%term%'.
SQLite: an FTS5 table with the trigram tokenizer over the same column, kept in step by
triggers (external content, so the text is stored once).
"""

from __future__ import annotations

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE contacts_contact_fts USING fts5("
    "search_text, content='contacts_contact', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER contacts_contact_fts_ai AFTER INSERT ON contacts_contact BEGIN "
    "INSERT INTO contacts_contact_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER contacts_contact_fts_ad AFTER DELETE ON contacts_contact BEGIN "
    "INSERT INTO contacts_contact_fts(contacts_contact_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER contacts_contact_fts_au AFTER UPDATE OF search_text ON contacts_contact BEGIN "
    "INSERT INTO contacts_contact_fts(contacts_contact_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO contacts_contact_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO contacts_contact_fts(contacts_contact_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS contacts_contact_fts_au",
    "DROP TRIGGER IF EXISTS contacts_contact_fts_ad",
    "DROP TRIGGER IF EXISTS contacts_contact_fts_ai",
    "DROP TABLE IF EXISTS contacts_contact_fts",
]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS contact_search_trgm ON contacts_contact USING gin (search_text gin_trgm_ops)",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS contact_search_trgm"]


def _run(statements_by_vendor: dict[str, list[str]]):
    def run(apps, schema_editor) -> None:
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
