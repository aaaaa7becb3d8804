"""Search filtered by kind of article reads only that kind (PostgreSQL only).

A search for chapters or procedures alone used the language's GIN index and
then dropped the other rows one by one: at 100,000 articles, "oppfølging
etter behandling" among procedures read 14,000 matches to keep 2,000 (24 ms),
and "tumours" among surgical procedures read 50,000 (230 ms); the planner
cannot see it coming, as the words' statistics are the whole table's.

One partial GIN index per language, kind and vector answers such a search
directly; for procedures the index also holds the procedure type (btree_gin,
a trusted extension that the database owner may create), so a search of one
type finds that type's matches in the index alone (7 and 14 ms). A search of
every kind keeps using the language's indexes of migration 0014. A new
language or kind needs its own indexes.
"""

from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

TABLE = "articles_publishedarticle"
LANGUAGES = ["en", "nb"]
# The filter column a kind's search can add, if any (see search.kind_filter).
KINDS = {"chapter": "", "procedure": "procedure_type, "}


def _indexes():
    for code in LANGUAGES:
        for kind, filtered in KINDS.items():
            for column, short in [("search_vector", "search"), ("head_vector", "head")]:
                yield (
                    f"articles_published_{short}_{code}_{kind}",
                    f"USING gin ({filtered}{column}) "
                    f"WHERE is_current AND language = '{code}' AND kind = '{kind}'",
                )


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in _indexes():
        schema_editor.execute(f"CREATE INDEX {name} ON {TABLE} {definition}")
    schema_editor.execute(f"ANALYZE {TABLE}")


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _definition in _indexes():
        schema_editor.execute(f"DROP INDEX {name}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_page_lookup_live_cancer_type_links")]

    operations = [
        BtreeGinExtension(),
        migrations.RunPython(add_indexes, remove_indexes, elidable=False),
    ]
