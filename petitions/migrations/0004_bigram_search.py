"""Bigram GIN indexes for Chinese fragment search (PostgreSQL only; see petitions.search)."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}')
      FROM generate_series(1, char_length(t) - 1) AS i
$$;
"""

INDEXES = (
    ("petition_summary_bigrams", "petitions_petition", "summary"),
    ("petition_content_bigrams", "petitions_petition", "content"),
    ("reported_person_name_bigrams", "petitions_reportedperson", "name"),
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (bigrams({column}))"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [("petitions", "0003_triage_identity_attachments")]

    operations = [migrations.RunPython(forwards, backwards)]
