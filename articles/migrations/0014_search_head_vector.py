"""Search stays fast when a word is in nearly every article (PostgreSQL only).

- `head_vector`: title (weight A) and summary (B) alone, so that the title and
  summary matches of a common word can be found without reading every match
  (articles/search/postgres.py says how ranking uses it).
- One partial GIN index per language and vector, for live versions only: a
  search always names its language, and an index over that language alone
  spares PostgreSQL from intersecting the match with a bitmap of every live
  article of the language (tens of thousands of entries at 100,000 articles).
  A new language needs its own pair of indexes.
"""

from django.db import migrations

TABLE = "articles_publishedarticle"
LANGUAGES = {"en": "english", "nb": "norwegian"}
CONFIG = (
    "(CASE language "
    + " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in LANGUAGES.items())
    + " ELSE 'simple' END)::regconfig"
)
HEAD = (
    f"setweight(to_tsvector({CONFIG}, title), 'A') || "
    f"setweight(to_tsvector({CONFIG}, summary), 'B')"
)
OLD_INDEX = "articles_published_search_gin"


def _indexes():
    for code in LANGUAGES:
        for column, short in [("search_vector", "search"), ("head_vector", "head")]:
            yield (
                f"articles_published_{short}_{code}",
                f"USING gin ({column}) WHERE is_current AND language = '{code}'",
            )


def add_head_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN head_vector tsvector")
    schema_editor.execute(f"UPDATE {TABLE} SET head_vector = {HEAD}")
    for name, definition in _indexes():
        schema_editor.execute(f"CREATE INDEX {name} ON {TABLE} {definition}")
    schema_editor.execute(f"DROP INDEX {OLD_INDEX}")
    schema_editor.execute(f"ANALYZE {TABLE}")


def remove_head_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX {OLD_INDEX} ON {TABLE} "
        "USING gin (search_vector) WHERE is_current"
    )
    for name, _definition in _indexes():
        schema_editor.execute(f"DROP INDEX {name}")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN head_vector")


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_reviewed_cancer_types")]

    operations = [
        migrations.RunPython(add_head_vector, remove_head_vector, elidable=False)
    ]
