"""Text search over inquiries (summary + answer), fast at a million rows on both engines.

`Inquiry.search_bigrams` holds the folded character bigrams in order (fukyu.callcenter.text).
- SQLite: an external-content FTS5 table over that column, kept in step by triggers; a query is
  an FTS phrase of the query's bigrams, which matches exactly the folded substring.
- PostgreSQL: a GIN index on the column split into an array; a query asks for every bigram
  (`@>`) and rechecks the phrase with LIKE on the matching rows.
Note: on SQLite, a later migration that rebuilds callcenter_inquiry (AlterField and friends)
drops its triggers; such a migration must run CREATE_TRIGGERS again.
"""

from django.db import migrations

FTS = "callcenter_inquiry_fts"
CREATE_FTS = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(search_bigrams, "
    "content='callcenter_inquiry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
CREATE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON callcenter_inquiry BEGIN
  INSERT INTO {FTS}(rowid, search_bigrams) VALUES (new.id, new.search_bigrams);
END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON callcenter_inquiry BEGIN
  INSERT INTO {FTS}({FTS}, rowid, search_bigrams) VALUES ('delete', old.id, old.search_bigrams);
END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE OF search_bigrams ON callcenter_inquiry
BEGIN
  INSERT INTO {FTS}({FTS}, rowid, search_bigrams) VALUES ('delete', old.id, old.search_bigrams);
  INSERT INTO {FTS}(rowid, search_bigrams) VALUES (new.id, new.search_bigrams);
END""",
]
DROP_SQLITE = [
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_au",
    f"DROP TABLE IF EXISTS {FTS}",
]
CREATE_PG = [
    "CREATE INDEX IF NOT EXISTS cc_inq_bigrams ON callcenter_inquiry "
    "USING gin ((string_to_array(search_bigrams, ' ')))"
]
DROP_PG = ["DROP INDEX IF EXISTS cc_inq_bigrams"]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    statements = (
        CREATE_FTS + CREATE_TRIGGERS
        if vendor == "sqlite"
        else CREATE_PG
        if vendor == "postgresql"
        else []
    )
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    statements = DROP_SQLITE if vendor == "sqlite" else DROP_PG if vendor == "postgresql" else []
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("callcenter", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
