"""Full-text search on PostgreSQL: a stored, weighted tsvector per published version.

The vector is part of the published record, computed once at approval like the
rendered HTML: title (weight A), summary (B) and the plain text of every section
(C), each with the text-search configuration of the article's language. Why the
model does not declare the column: `tsvector` and GIN exist only on PostgreSQL,
the same migrations must run on SQLite, and a model field cannot be skipped per
database (nor can a `Meta.indexes` entry). So migration 0006 adds the column and
a partial GIN index (current versions only) on PostgreSQL alone, and this module
is the one place that writes and reads the column. Keeping it in the version's
own row, not a side table, means it is created, kept and deleted with the row.
"""

from __future__ import annotations

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils.safestring import SafeString

from articles.models import PublishedArticle
from articles.search import highlight

CONFIGS = {"en": "english", "nb": "norwegian"}
COLUMN = "search_vector"
# ts_headline marks matches with these; they are not HTML, so the headline can
# be escaped as a whole and the markers turned into <mark> afterwards.
START, STOP = "\ue000", "\ue001"

_CONFIG_OF_ROW = (
    "(CASE language "
    + " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in CONFIGS.items())
    + " ELSE 'simple' END)::regconfig"
)
_WEIGHTED_VECTOR = " || ".join(
    f"setweight(to_tsvector({_CONFIG_OF_ROW}, {column}), '{weight}')"
    for column, weight in [("title", "A"), ("summary", "B"), ("search_text", "C")]
)


def config_for(language: str) -> str:
    return CONFIGS.get(language, "simple")


def _update_vectors(where: str = "", params: tuple[object, ...] = ()) -> int:
    table = connection.ops.quote_name(PublishedArticle._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {COLUMN} = {_WEIGHTED_VECTOR} {where}",  # noqa: S608
            params,
        )
        return cursor.rowcount


def index_published_version(version: PublishedArticle) -> None:
    """Compute the version's vector from its stored fields, in the database."""
    _update_vectors("WHERE id = %s", (version.pk,))


def reindex_published_versions() -> int:
    """Recompute every version's vector (after loading rows in bulk)."""
    return _update_vectors()


def _vector() -> RawSQL:
    table = connection.ops.quote_name(PublishedArticle._meta.db_table)
    # Names only, no reader input: the column the model does not declare.
    return RawSQL(f"{table}.{COLUMN}", (), output_field=SearchVectorField())  # noqa: S611


def matching(versions: QuerySet, *, language: str, query: str) -> QuerySet:
    """`versions` whose vector matches the reader's words, best first.

    `websearch_to_tsquery` reads the query as people type it: "quoted phrases",
    `-word` to exclude, `or`; it never fails on odd input. ts_rank's default
    weights (A 1.0, B 0.4, C 0.2) put a title match above a summary match
    above matches in the body. The headline is only computed for the rows of
    the page: PostgreSQL evaluates costly output columns after ORDER BY/LIMIT.
    """
    config = config_for(language)
    tsquery = SearchQuery(query, config=config, search_type="websearch")
    vector = _vector()
    return (
        versions.for_listing()
        .alias(document=vector)
        .filter(document=tsquery)
        .annotate(
            rank=SearchRank(vector, tsquery),
            headline=SearchHeadline(
                Concat("summary", Value("\n"), "search_text", output_field=TextField()),
                tsquery,
                config=config,
                start_sel=START,
                stop_sel=STOP,
                max_words=20,
                min_words=8,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-approved_at", "pk")
    )


def snippets(versions: list[PublishedArticle], *, query: str) -> list[SafeString]:
    # Line breaks of the source text mean nothing in a one-line snippet.
    return [_marked(version.headline.replace("\n", " ")) for version in versions]


def _marked(headline: str) -> SafeString:
    """The headline escaped, with the text between START and STOP in <mark>.

    Markers that do not pair up (say, a private-use character in the article
    itself) are dropped rather than trusted.
    """
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    opened: int | None = None
    for char in headline:
        if char == START:
            opened = length
        elif char == STOP:
            if opened is not None and opened < length:
                spans.append((opened, length))
            opened = None
        else:
            text.append(char)
            length += 1
    return highlight("".join(text), spans)
