"""Full-text search on PostgreSQL: a weighted tsvector per published version.

PostgreSQL only, and on purpose outside the model: `tsvector` and GIN do not
exist on SQLite, which runs the same migrations and searches with a fallback
(articles/search/fallback.py). articles/search/postgres.py explains the choice
and is the only code that reads or writes the column.
"""

from django.db import migrations

TABLE = "articles_publishedarticle"
CONFIG = (
    "(CASE language WHEN 'en' THEN 'english' WHEN 'nb' THEN 'norwegian' "
    "ELSE 'simple' END)::regconfig"
)
VECTOR = " || ".join(
    f"setweight(to_tsvector({CONFIG}, {column}), '{weight}')"
    for column, weight in [("title", "A"), ("summary", "B"), ("search_text", "C")]
)


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector")
    # Already published versions become searchable too.
    schema_editor.execute(f"UPDATE {TABLE} SET search_vector = {VECTOR}")
    # Partial: readers only ever search current versions.
    schema_editor.execute(
        f"CREATE INDEX articles_published_search_gin ON {TABLE} "
        "USING gin (search_vector) WHERE is_current"
    )


def remove_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_translation_number")]

    operations = [
        migrations.RunPython(add_search_vector, remove_search_vector, elidable=False)
    ]
