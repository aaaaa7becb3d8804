"""Finding things: full-text search, codes and the A to Z index of procedures.

Every read here goes through `PublishedArticle.objects.current()`, so only the
live version of an approved article can be found: drafts, pending and rejected
revisions and unpublished articles never reach these tables' current rows.

Full-text search has one interface, `search()`, and two backends chosen by the
database, each with `find()` (a page of matches, best first) and `snippets()`:
`postgres` (stored, weighted tsvectors per published version, GIN indexes,
`websearch_to_tsquery`, a bounded ranking, `ts_headline`) and `fallback` for
SQLite (LIKE matching with naive suffix stripping; its module says what it does
not do).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import IntegerField, Q, QuerySet, Subquery
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import (
    ArticleKind,
    ProcedureType,
    PublishedArticle,
    PublishedCancerType,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

# Long enough for any clinical question, short enough that a pasted page cannot
# make one request expensive.
MAX_QUERY_LENGTH = 200
# Beyond this, OFFSET stops being a sensible request and only costs the database.
MAX_PAGE = 1000
# Ten results with their snippets, as PubMed shows: a screenful to scan.
PER_PAGE = 10
MAX_COUNTED = 1000

ALL_PROCEDURES = "procedure"
KIND_VALUES = frozenset([ArticleKind.CHAPTER, ALL_PROCEDURES, *ProcedureType.values])


def without_controls(raw: str) -> str:
    """`raw` on one line, with control, format and private-use characters as
    spaces: NUL would make PostgreSQL refuse the query, and private-use
    characters are our highlight markers (see postgres.py)."""
    text = "".join(
        " " if unicodedata.category(char)[0] == "C" else char for char in raw
    )
    return " ".join(text.split())


def shortened(text: str) -> str:
    """At most MAX_QUERY_LENGTH characters, cut between words if possible."""
    if len(text) <= MAX_QUERY_LENGTH:
        return text
    cut = text[:MAX_QUERY_LENGTH]
    if " " in cut and not text[MAX_QUERY_LENGTH].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.strip()


def clean_query(raw: str) -> str:
    return shortened(without_controls(raw))


# A "quoted phrase" or a word, either with a leading minus to leave it out:
# the parts of websearch_to_tsquery's syntax the fallback also understands.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


@dataclass(frozen=True)
class Token:
    text: str
    phrase: bool = False
    excluded: bool = False


def tokens(query: str) -> list[Token]:
    found: list[Token] = []
    for match in _TOKEN.finditer(query):
        minus_phrase, phrase, minus_word, word = match.groups()
        if phrase is not None:
            found.append(Token(phrase, phrase=True, excluded=bool(minus_phrase)))
        else:
            found.append(Token(word, excluded=bool(minus_word)))
    return found


def wanted_words(query: str) -> str:
    """The words the reader wants to see, for highlighting: no `-word`, no `or`."""
    return " ".join(
        token.text
        for token in tokens(query)
        if not token.excluded and token.text.lower() != "or"
    )


def parse_page(raw: str | None) -> int:
    """A page number from the address; anything unusable means the first page."""
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def kind_filter(kind: str | None) -> Q:
    """`chapter`, any `procedure`, or one procedure type; unknown values match all."""
    if kind == ArticleKind.CHAPTER:
        return Q(kind=ArticleKind.CHAPTER)
    if kind == ALL_PROCEDURES:
        return Q(kind=ArticleKind.PROCEDURE)
    if kind in ProcedureType.values:
        return Q(kind=ArticleKind.PROCEDURE, procedure_type=kind)
    return Q()


@dataclass
class Page:
    """One page of results with what a pager needs.

    `count` is exact up to MAX_COUNTED; beyond, `more` is set and `count` is
    MAX_COUNTED ("more than 1,000 found"). `past_end` is set when the reader
    asked for a page after the last one: `items` is then empty.
    """

    items: list[Any]
    count: int
    number: int
    per_page: int
    past_end: bool = False
    more: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def start(self) -> int:
        return (self.number - 1) * self.per_page + 1

    @property
    def has_previous(self) -> bool:
        return self.number > 1 and not self.past_end

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


class CappedCount(Subquery):
    """How many rows a queryset has, counting no further than its slice."""

    template = "(SELECT count(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def fetch_page(
    queryset: QuerySet,
    *,
    number: int,
    per_page: int,
    page_rows: Callable[[int, int], list[Any]] | None = None,
) -> Page:
    """One query for the rows of the page and the total, plus the queryset's
    prefetches; a page past the end costs one more query, a plain count.
    `page_rows(offset, limit)`, if given, is a backend's own query for the
    rows of the page in order, each with `total_found`, in place of slicing
    `queryset`.

    The query is shaped for a search that matches thousands of articles: the
    ordering (say, by rank) runs in a subquery that keeps only ids, the total is
    a subquery PostgreSQL runs once and stops counting after MAX_COUNTED, and
    only the page's rows are read whole and decorated (snippets). A window
    count over whole rows would buffer every match, megabytes for a common
    word. Nobody reads past the first thousand results of a search; they add a
    word or a filter, and the page says so.
    """
    capped = queryset.order_by().values("pk")[: MAX_COUNTED + 1]
    last_page = math.ceil(MAX_COUNTED / per_page)
    rows: list[Any] = []
    if number <= last_page:
        offset = (number - 1) * per_page
        if page_rows is not None:
            rows = page_rows(offset, per_page)
        else:
            page_ids = queryset.values("pk")[offset : offset + per_page]
            rows = list(
                queryset.filter(pk__in=Subquery(page_ids)).annotate(
                    total_found=CappedCount(capped)
                )
            )
    if rows:
        total = rows[0].total_found
    elif number == 1:
        total = 0
    else:
        total = capped.count()
    page = Page(
        rows, min(total, MAX_COUNTED), number, per_page, more=total > MAX_COUNTED
    )
    page.past_end = not rows and number > 1
    return page


@dataclass(frozen=True)
class SearchResult:
    version: PublishedArticle
    # Escaped text around the matching words, which are wrapped in <mark>.
    snippet: SafeString
    # Names in the page's language, joined here rather than in the template.
    cancer_types: str


@dataclass
class SearchPage:
    query: str
    page: Page
    searched: bool = True
    results: list[SearchResult] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.page.count


def backend() -> ModuleType:
    from articles.search import fallback, postgres

    return postgres if connection.vendor == "postgresql" else fallback


def index_published_version(version: PublishedArticle) -> None:
    """Make a newly published version findable; called inside the approval
    transaction, so a version is searchable exactly when it is published."""
    backend().index_published_version(version)


def search(
    *,
    language: str,
    query: str,
    cancer_type: PublishedCancerType | None = None,
    kind: str | None = None,
    page: int = 1,
) -> SearchPage:
    """Current published articles in `language` matching `query`, best first.

    With filters but no words, lists everything the filters allow by title; with
    neither, searches nothing. Queries: one for the page (rows and total); one
    more if `page` is past the end. Cancer-type names come with the rows.
    """
    query = clean_query(query)
    versions = PublishedArticle.objects.current().in_language(language)
    if cancer_type is not None:
        versions = versions.filter(
            cancer_type_links__cancer_type_id=cancer_type.cancer_type_id
        )
    versions = versions.filter(kind_filter(kind))
    if not query and cancer_type is None and kind not in KIND_VALUES:
        return SearchPage(query="", page=Page([], 0, 1, PER_PAGE), searched=False)
    if query:
        result_page = backend().find(
            versions, language=language, query=query, number=page, per_page=PER_PAGE
        )
    else:
        listed = versions.for_listing().order_by("title", "pk")
        result_page = fetch_page(listed, number=page, per_page=PER_PAGE)
    if query:
        snippets = backend().snippets(result_page.items, query=query)
    else:
        snippets = [escape(version.summary) for version in result_page.items]
    return SearchPage(
        query=query,
        page=result_page,
        results=[
            SearchResult(
                version,
                snippet,
                version.cancer_type_names(language),
            )
            for version, snippet in zip(result_page.items, snippets, strict=True)
        ],
    )


def highlight(text: str, spans: list[tuple[int, int]]) -> SafeString:
    """`text` escaped, with each (start, end) span wrapped in <mark>."""
    parts: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        if start < cursor:
            continue
        parts.extend([escape(text[cursor:start]), "<mark>", escape(text[start:end])])
        parts.append("</mark>")
        cursor = end
    parts.append(escape(text[cursor:]))
    # Every piece of `text` went through escape(); only our <mark> tags are added.
    return mark_safe("".join(parts))
