"""Full-text search on PostgreSQL: a stored, weighted tsvector per published version.

The vector is part of the published record, computed once at approval like the
rendered HTML: title (weight A), summary (B) and the plain text of every section
(C), each with the text-search configuration of the article's language. Why the
model does not declare the column: `tsvector` and GIN exist only on PostgreSQL,
the same migrations must run on SQLite, and a model field cannot be skipped per
database (nor can a `Meta.indexes` entry). So migration 0007 adds the column and
a partial GIN index (current versions only) on PostgreSQL alone, and this module
is the one place that writes and reads the column. Keeping it in the version's
own row, not a side table, means it is created, kept and deleted with the row.

Measured by bench/search.py (10,000 published articles).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Expression, F, Func, QuerySet, TextField
from django.utils.safestring import SafeString

from articles.models import PublishedArticle
from articles.search import highlight, wanted_words

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

CONFIGS = {"en": "english", "nb": "norwegian"}
COLUMN = "search_vector"
# ts_headline marks matches with these; they are not HTML, so the headline can
# be escaped as a whole and the markers turned into <mark> afterwards.
START, STOP = "\ue000", "\ue001"
_MARKERS = re.compile(f"({START}|{STOP})")

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


class StoredVector(Expression):
    """The version's search vector, a column the model does not declare.

    Compiled against the alias of the query it appears in, so it stays right
    inside the subqueries Django builds (where the table is aliased U0).
    """

    output_field = SearchVectorField()

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[object]]:
        alias = compiler.quote_name(compiler.query.get_initial_alias())
        return f"{alias}.{connection.ops.quote_name(COLUMN)}", []


class SnippetSource(Func):
    """The summary and 640 characters of the text around the first
    place a wanted word seems to occur, for ts_headline.

    ts_headline parses all the text it is given, about a millisecond per
    article of 1,500 words: too slow for a page of 20. So it gets a window.
    The window starts where the text first contains one of the query's
    lexemes, less its last letter ("biopsi" -> "biops" finds "biopsy"), in
    lower or title case. That is only where to look: ts_headline then marks
    the real matches.
    """

    output_field = TextField()

    def __init__(self, *, config: str, words: str) -> None:
        super().__init__(F("summary"), F("search_text"))
        self.config, self.words = config, words

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[object]]:
        summary, summary_params = compiler.compile(self.source_expressions[0])
        text, text_params = compiler.compile(self.source_expressions[1])
        sql = f"""{summary} || E'\\n' || substring({text} FROM greatest(1, coalesce((
            SELECT min(least(
                nullif(strpos({text}, prefix), 0),
                nullif(strpos({text}, initcap(prefix)), 0)
            ))
            FROM (
                SELECT CASE WHEN length(lexeme) > 4 THEN left(lexeme, -1)
                ELSE lexeme END AS prefix
                FROM unnest(tsvector_to_array(to_tsvector(%s::regconfig, %s)))
                    AS lexeme
            ) AS prefixes
        ), 1) - 160) FOR 640)"""  # noqa: S608 - names compiled by Django, words as params
        params = [
            *summary_params,
            *text_params,
            *text_params,
            *text_params,
            self.config,
            self.words,
        ]
        return sql, params


def matching(versions: QuerySet, *, language: str, query: str) -> QuerySet:
    """`versions` whose vector matches the reader's words, best first.

    `websearch_to_tsquery` reads the query as people type it: "quoted phrases",
    `-word` to exclude, `or`; it never fails on odd input. ts_rank's default
    weights (A 1.0, B 0.4, C 0.2) put a title match above a summary match
    above matches in the body. fetch_page ranks in a subquery of ids, so the
    headline is only computed for the rows of the page.
    """
    config = config_for(language)
    tsquery = SearchQuery(query, config=config, search_type="websearch")
    vector = StoredVector()
    return (
        versions.for_listing()
        .alias(document=vector)
        .filter(document=tsquery)
        .annotate(
            rank=SearchRank(vector, tsquery),
            headline=SearchHeadline(
                SnippetSource(config=config, words=wanted_words(query)),
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
    for piece in _MARKERS.split(headline):
        if piece == START:
            opened = length
        elif piece == STOP:
            if opened is not None and opened < length:
                spans.append((opened, length))
            opened = None
        else:
            text.append(piece)
            length += len(piece)
    return highlight("".join(text), spans)
