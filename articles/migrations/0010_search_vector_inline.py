"""Keep the search vector in the row (PostgreSQL only; see 0007_search).

Ranking reads the vector of every matching row. Stored out of line (TOAST), each
read is one more index lookup: ranking 5,000 matches took three times as long
in bench/search.py. MAIN keeps it in the row unless the row cannot fit.
"""

from django.db import migrations


def inline(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE articles_publishedarticle "
            "ALTER COLUMN search_vector SET STORAGE MAIN"
        )
        # Stored values keep their place until written anew; a new value (the
        # same vector) is stored the new way.
        schema_editor.execute(
            "UPDATE articles_publishedarticle "
            "SET search_vector = search_vector || ''::tsvector "
            "WHERE search_vector IS NOT NULL"
        )


def out_of_line(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE articles_publishedarticle "
            "ALTER COLUMN search_vector SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_section_dataset")]

    operations = [migrations.RunPython(inline, out_of_line, elidable=False)]
