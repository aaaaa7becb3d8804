"""Finding things: full-text search, codes and the A to Z index of procedures.

Every read here goes through `PublishedArticle.objects.current()`, so only the
live version of an approved article can be found: drafts, pending and rejected
revisions and unpublished articles never reach these tables' current rows.

Full-text search has one interface, `search()`, and two backends chosen by the
database: `postgres` (a stored, weighted tsvector per published version, a GIN
index, `websearch_to_tsquery`, `ts_headline`) and `fallback` for SQLite (LIKE
matching with naive suffix stripping; its module says what it does not do).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count, Q, QuerySet, Window
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import ArticleKind, CancerType, ProcedureType, PublishedArticle

if TYPE_CHECKING:
    from types import ModuleType

# Long enough for any clinical question, short enough that a pasted page cannot
# make one request expensive.
MAX_QUERY_LENGTH = 200
# Beyond this, OFFSET stops being a sensible request and only costs the database.
MAX_PAGE = 1000
PER_PAGE = 20

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
    """One page of results with what a pager needs. `past_end` is set when the
    reader asked for a page after the last one: `items` is then empty and
    `count` still tells how many there are."""

    items: list[Any]
    count: int
    number: int
    per_page: int
    past_end: bool = False

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


def fetch_page(queryset: QuerySet, *, number: int, per_page: int) -> Page:
    """One query for the rows and the total (a window count), plus the query's
    prefetches; a page past the end costs one more query, a plain count."""
    offset = (number - 1) * per_page
    rows = list(
        queryset.annotate(total_found=Window(Count("pk")))[offset : offset + per_page]
    )
    if rows:
        return Page(rows, rows[0].total_found, number, per_page)
    if number == 1:
        return Page([], 0, 1, per_page)
    return Page([], queryset.count(), number, per_page, past_end=True)


@dataclass(frozen=True)
class SearchResult:
    version: PublishedArticle
    # Escaped text around the matching words, which are wrapped in <mark>.
    snippet: SafeString


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
    cancer_type: CancerType | None = None,
    kind: str | None = None,
    page: int = 1,
) -> SearchPage:
    """Current published articles in `language` matching `query`, best first.

    With filters but no words, lists everything the filters allow by title; with
    neither, searches nothing. Queries: one for the page (rows and total), one
    for the results' cancer types; one more if `page` is past the end.
    """
    query = clean_query(query)
    versions = PublishedArticle.objects.current().in_language(language)
    if cancer_type is not None:
        versions = versions.filter(cancer_types=cancer_type)
    versions = versions.filter(kind_filter(kind))
    if not query and cancer_type is None and kind not in KIND_VALUES:
        return SearchPage(query="", page=Page([], 0, 1, PER_PAGE), searched=False)
    if query:
        found = backend().matching(versions, language=language, query=query)
    else:
        found = versions.for_listing().order_by("title", "pk")
    found = found.prefetch_related("cancer_types")
    result_page = fetch_page(found, number=page, per_page=PER_PAGE)
    if query:
        snippets = backend().snippets(result_page.items, query=query)
    else:
        snippets = [escape(version.summary) for version in result_page.items]
    return SearchPage(
        query=query,
        page=result_page,
        results=[
            SearchResult(version, snippet)
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
