"""Full-text search on PostgreSQL: a stored, weighted tsvector per published version.

The vector is part of the published record, computed once at approval like the
rendered HTML: title (weight A), summary (B) and the plain text of every section
(C), each with the text-search configuration of the article's language. Why the
model does not declare the column: `tsvector` and GIN exist only on PostgreSQL,
the same migrations must run on SQLite, and a model field cannot be skipped per
database (nor can a `Meta.indexes` entry). So migrations 0007 and 0014 add the
columns (`search_vector`; `head_vector`, the title and summary alone) and partial
GIN indexes (current versions, one per language) on PostgreSQL alone, and this
module is the one place that writes and reads them. Keeping them in the
version's own row, not a side table, means they are created, kept and deleted
with the row.

Measured by bench/search.py (10,000 and 100,000 published articles).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import Expression, QuerySet
from django.utils.safestring import SafeString

from articles.models import PublishedArticle, PublishedArticleQuerySet
from articles.search import MAX_COUNTED, Page, fetch_page, highlight, wanted_words

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler

CONFIGS = {"en": "english", "nb": "norwegian"}
COLUMN = "search_vector"
# Title and summary alone (see find()).
HEAD_COLUMN = "head_vector"
# ts_headline marks matches with these; they are not HTML, so the headline can
# be escaped as a whole and the markers turned into <mark> afterwards.
START, STOP = "\ue000", "\ue001"
_MARKERS = re.compile(f"({START}|{STOP})")

_CONFIG_OF_ROW = (
    "(CASE language "
    + " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in CONFIGS.items())
    + " ELSE 'simple' END)::regconfig"
)
_WEIGHTED = [("title", "A"), ("summary", "B"), ("search_text", "C")]


def _weighted_vector(weighted: list[tuple[str, str]]) -> str:
    return " || ".join(
        f"setweight(to_tsvector({_CONFIG_OF_ROW}, {column}), '{weight}')"
        for column, weight in weighted
    )


def config_for(language: str) -> str:
    return CONFIGS.get(language, "simple")


def _update_vectors(where: str = "", params: tuple[object, ...] = ()) -> int:
    table = connection.ops.quote_name(PublishedArticle._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {COLUMN} = {_weighted_vector(_WEIGHTED)}, "  # noqa: S608
            f"{HEAD_COLUMN} = {_weighted_vector(_WEIGHTED[:2])} {where}",
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
    """One of the version's vectors, columns the model does not declare.

    Compiled against the alias of the query it appears in, so it stays right
    inside the subqueries Django builds (where the table is aliased U0).
    """

    output_field = SearchVectorField()

    def __init__(self, column: str = COLUMN) -> None:
        super().__init__()
        self.column = column

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[object]]:
        alias = compiler.quote_name(compiler.query.get_initial_alias())
        return f"{alias}.{connection.ops.quote_name(self.column)}", []


def _snippet_source(summary: str, text: str) -> str:
    """SQL for the summary and 640 characters of the text around the first
    place a wanted word seems to occur, for ts_headline; params: the
    configuration and the wanted words.

    ts_headline parses all the text it is given, about a millisecond per
    article of 1,500 words: too slow for a page of 20. So it gets a window.
    The window starts where the text first contains one of the query's
    lexemes, less its last letter ("biopsi" -> "biops" finds "biopsy"), in
    lower or title case. That is only where to look: ts_headline then marks
    the real matches.
    """
    return f"""{summary} || E'\\n' || substring({text} FROM greatest(1, coalesce((
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
    ), 1) - 160) FOR 640)"""  # noqa: S608 - column names from this module


# How many matches ts_rank orders at most, twice: the newest matches and some
# title or summary matches. Ranking reads every position of every word of the
# query in each row it ranks: a few microseconds a row for two common words.
CANDIDATES = 200
_TSQUERY = "websearch_to_tsquery(%s::regconfig, %s)"
_PAGE = """
WITH matches (id, approved_at) AS ({newest}),
candidates (id) AS (
    (SELECT id FROM matches ORDER BY approved_at DESC, id LIMIT {candidates})
    UNION ({head})
),
page AS (
    (SELECT ranked.id, 0 AS tier, ts_rank(ranked.{vector}, {tsquery}) AS rank,
        ranked.approved_at
    FROM {table} AS ranked WHERE ranked.id IN (SELECT id FROM candidates))
    UNION ALL
    (SELECT id, 1, 0, approved_at FROM matches
    WHERE id NOT IN (SELECT id FROM candidates))
    ORDER BY tier, rank DESC, approved_at DESC, id
    LIMIT %s OFFSET %s
)
SELECT {columns}, page.rank,
    ts_headline(%s::regconfig, {source}, {tsquery}, %s) AS headline,
    CASE WHEN (SELECT count(*) FROM matches) < {needed}
        THEN (SELECT count(*) FROM matches)
        ELSE (SELECT count(*) FROM ({counted}) AS counted)
    END AS total_found
FROM page JOIN {table} AS v ON v.id = page.id
    -- The text read once (it is stored compressed, out of line), not once
    -- for every function that looks into it; OFFSET 0 keeps it a step of its
    -- own.
    CROSS JOIN LATERAL (SELECT v.search_text || '' AS text OFFSET 0) AS plain
ORDER BY page.tier, page.rank DESC, page.approved_at DESC, page.id
"""


def find(
    versions: QuerySet, *, language: str, query: str, number: int, per_page: int
) -> Page:
    """`versions` whose vector matches the reader's words, best first.

    `websearch_to_tsquery` reads the query as people type it: "quoted phrases",
    `-word` to exclude, `or`; it never fails on odd input. ts_rank's default
    weights (A 1.0, B 0.4, C 0.2) put a title match above a summary match
    above matches in the body.

    Every step is bounded, so that a word in nearly every article costs
    about what a rare one does:

    1. `matches`: the newest matches, as many as the page needs beyond the
       candidates, read newest first from the index of live versions by
       date when the word is common (stopping there), from the GIN index
       when it is rare.
    2. `candidates`: the CANDIDATES newest matches, and up to CANDIDATES
       matches whose title or summary holds the words (`head_vector`, with
       an index of its own; read in the index's order and no further), so
       that an old article titled with the words is ranked too.
    3. ts_rank orders the candidates; the other matches follow, newest
       first. Every page ranks the same candidates, so pages never overlap.
    4. The total: the number of `matches` if they are all the matches,
       else counted to MAX_COUNTED + 1 in whatever order is cheapest.

    Up to CANDIDATES matches, that is every match, ranked as ever. One
    query: the page's rows in order with their headlines (only these rows')
    and the total.
    """
    config = config_for(language)
    tsquery = SearchQuery(query, config=config, search_type="websearch")
    found = versions.alias(document=StoredVector()).filter(document=tsquery)
    head = found.alias(head=StoredVector(HEAD_COLUMN)).filter(head=tsquery)

    def page_rows(offset: int, limit: int) -> list[PublishedArticle]:
        needed = CANDIDATES + offset + limit
        newest_sql, newest_params = _sql(
            found.order_by("-approved_at", "pk").values("pk", "approved_at")[:needed]
        )
        head_sql, head_params = _sql(head.order_by().values("pk")[:CANDIDATES])
        counted_sql, counted_params = _sql(
            found.order_by().values("pk")[: MAX_COUNTED + 1]
        )
        sql = _PAGE.format(
            newest=newest_sql,
            head=head_sql,
            counted=counted_sql,
            needed=needed,
            candidates=CANDIDATES,
            table=connection.ops.quote_name(PublishedArticle._meta.db_table),
            vector=COLUMN,
            tsquery=_TSQUERY,
            columns=", ".join(f"v.{column}" for column in _listed_columns()),
            source=_snippet_source("v.summary", "plain.text"),
        )
        words = (config, query)
        params = [
            *newest_params,
            *head_params,
            *words,
            limit,
            offset,
            *(config, config, wanted_words(query)),
            *words,
            _headline_options(),
            *counted_params,
        ]
        return list(PublishedArticle.objects.using(found.db).raw(sql, params))

    return fetch_page(found, number=number, per_page=per_page, page_rows=page_rows)


_HEADLINE_OPTIONS = {
    "StartSel": START,
    "StopSel": STOP,
    "MaxWords": 20,
    "MinWords": 8,
    "MaxFragments": 2,
    "FragmentDelimiter": " … ",
}


def _headline_options() -> str:
    # Quoted as Django's SearchHeadline quotes them.
    return ", ".join(
        connection.ops.compose_sql(f"{option}=%s", [value])
        for option, value in _HEADLINE_OPTIONS.items()
    )


def _sql(queryset: QuerySet) -> tuple[str, tuple[object, ...]]:
    return queryset.query.get_compiler(using=queryset.db).as_sql()


def _listed_columns() -> list[str]:
    """The columns a result needs: all but the large ones (as `for_listing`)."""
    skipped = {*PublishedArticleQuerySet.LARGE_FIELDS, "article_html"}
    return [
        connection.ops.quote_name(field.column)
        for field in PublishedArticle._meta.concrete_fields
        if field.name not in skipped
    ]


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
