"""Reads for public pages. They touch published records only (articles and
cancer types), with a fixed number of queries whatever the size of the content."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from articles.embedded_tables import fill_dataset_tables, live_tables
from articles.live_links import linked_slugs, unlink_dead_links
from articles.models import (
    ChapterType,
    ProcedureType,
    PublishedArticle,
    PublishedCancerType,
)
from epidemiology.models import PublishedDataset


@dataclass
class ArticleLookup:
    """What the article URL points at: a live version, a move, or a withdrawal."""

    version: PublishedArticle | None
    moved_to: PublishedArticle | None = None
    gone: PublishedArticle | None = None


def article_by_slug(
    *, language: str, slug: str, full: bool = True, api: bool = False
) -> ArticleLookup:
    """The live version at this address, in one query; with its stored page if
    `full` (history pages only need the article's id); with its stored parts
    (sections, references) if `api` (its cancer types as approved are stored
    with it)."""
    versions = PublishedArticle.objects.in_language(language).filter(slug=slug)
    if api:
        versions = versions.defer("search_text", "source", "article_html")
    else:
        versions = versions.for_page() if full else versions.for_listing()
    # The live version if there is one, else the newest retired one.
    version = versions.order_by("-is_current", "-number").first()
    if version is None:
        return ArticleLookup(version=None)
    if version.is_current:
        return ArticleLookup(version=version)
    # The slug is retired: either the article lives on under a new slug...
    moved = (
        PublishedArticle.objects.current()
        .filter(article_id=version.article_id)
        .only("language", "slug")
        .first()
    )
    if moved is not None:
        return ArticleLookup(version=None, moved_to=moved)
    # ...or it was unpublished.
    return ArticleLookup(version=None, gone=version)


# Where the stored <article> shows its version's seal: the hash covers the
# stored HTML, so it cannot be written into it.
SEAL_PLACEHOLDER = "<!--oncolex:seal-->"


def fill_seal(html: str, version: PublishedArticle) -> str:
    return html.replace(SEAL_PLACEHOLDER, version.short_hash, 1)


@dataclass
class Neighbours:
    """What an article page needs from other live articles."""

    translation: PublishedArticle | None
    article_html: str
    # The live versions of the datasets the HTML shows, by dataset id.
    datasets: dict[int, PublishedDataset] = field(default_factory=dict)


def neighbours_of(version: PublishedArticle, *, html: str | None = None) -> Neighbours:
    """The live twin in the other language and the live targets of the page's
    internal links (one query), and the live tables of its datasets (one more,
    only if it has any). `html` is the stored HTML to check, by default the
    whole stored page (the API passes the stored sections)."""
    twin = Q(translation_article_id=version.article_id) & ~Q(language=version.language)
    if version.translation_article_id:
        twin |= Q(article_id=version.translation_article_id) & ~Q(
            language=version.language
        )
    html = version.article_html if html is None else html
    slugs = linked_slugs(html)
    wanted = twin | Q(slug__in=slugs) if slugs else twin
    live = list(
        PublishedArticle.objects.current()
        .filter(wanted)
        .order_by()  # looked up by attribute, never shown in order
        .only(
            "article_id",
            "translation_article_id",
            "language",
            "slug",
            "title",
            "anchors",
            "approved_at",
            "number",
        )
    )
    translation = next(
        (
            v
            for v in live
            if v.language != version.language
            and (
                v.article_id == version.translation_article_id
                or v.translation_article_id == version.article_id
            )
        ),
        None,
    )
    html = fill_seal(html, version)
    if slugs:
        html = unlink_dead_links(html, live)
    tables = live_tables(html)
    html = fill_dataset_tables(html, language=version.language, tables=tables)
    return Neighbours(translation=translation, article_html=html, datasets=tables)


def recently_published(*, language: str, limit: int = 10) -> list[PublishedArticle]:
    return list(
        PublishedArticle.objects.current()
        .in_language(language)
        .for_listing()
        .order_by("-approved_at")[:limit]
    )


@dataclass
class CancerTypeContents:
    chapters: list[PublishedArticle]
    procedures: dict[str, list[PublishedArticle]]


def cancer_type_menu() -> list[PublishedCancerType]:
    """The live cancer types, in menu order (one query)."""
    return list(
        PublishedCancerType.objects.menu().only(
            "cancer_type_id", "slug", "name_en", "name_nb", "menu_position"
        )
    )


@dataclass
class CancerTypeLookup:
    """What a cancer-type URL points at: a live version or a move."""

    version: PublishedCancerType | None
    moved_to: PublishedCancerType | None = None


def cancer_type_by_slug(*, slug: str) -> CancerTypeLookup:
    """The live cancer type at this address; or, if the address is retired
    and the cancer type lives on under a new slug, where it moved."""
    version = (
        PublishedCancerType.objects.filter(slug=slug)
        .order_by("-is_current", "-number")
        .first()
    )
    if version is None or version.is_current:
        return CancerTypeLookup(version=version)
    moved = (
        PublishedCancerType.objects.current()
        .filter(cancer_type_id=version.cancer_type_id)
        .only("slug")
        .first()
    )
    return CancerTypeLookup(version=None, moved_to=moved)


def cancer_type_contents(
    *, cancer_type: PublishedCancerType, language: str
) -> CancerTypeContents:
    versions = list(
        PublishedArticle.objects.current()
        .in_language(language)
        .in_cancer_types([cancer_type.cancer_type_id])
        .for_listing()
        .order_by("title")
    )
    chapter_order = {value: n for n, value in enumerate(ChapterType.values)}
    chapters = sorted(
        (v for v in versions if v.kind == "chapter"),
        key=lambda v: (chapter_order.get(v.chapter, 99), v.title),
    )
    procedures: dict[str, list[PublishedArticle]] = {}
    for procedure_type in ProcedureType:
        found = [v for v in versions if v.procedure_type == procedure_type.value]
        if found:
            procedures[procedure_type.label] = found
    return CancerTypeContents(chapters=chapters, procedures=procedures)


def versions_of(version: PublishedArticle) -> list[PublishedArticle]:
    """Every published version of the article, newest first (no stored HTML)."""
    return list(
        PublishedArticle.objects.filter(article_id=version.article_id)
        .for_listing()
        .order_by("-number")
    )


def version_number(version: PublishedArticle, number: int) -> PublishedArticle | None:
    return (
        PublishedArticle.objects.filter(article_id=version.article_id, number=number)
        .for_page()
        .first()
    )


def two_versions(
    version: PublishedArticle, first: int, second: int
) -> dict[int, PublishedArticle]:
    """Two published versions with what a diff of them reads, their cancer
    types as approved included (one query)."""
    return {
        v.number: v
        for v in PublishedArticle.objects.filter(
            article_id=version.article_id, number__in=[first, second]
        ).defer("article_html", "search_text", "toc", "anchors")
    }


def feed_versions(*, language: str, limit: int = 50) -> list[PublishedArticle]:
    """Newly published versions of articles that are still on the site."""
    live = PublishedArticle.objects.current().filter(article_id=OuterRef("article_id"))
    return list(
        PublishedArticle.objects.in_language(language)
        .filter(Exists(live))
        .for_listing()
        .order_by("-approved_at", "-pk")[:limit]
    )


def cancer_types() -> list[PublishedCancerType]:
    """The cancer types readers can see, in menu order: the approved ones."""
    return list(PublishedCancerType.objects.menu())


def current_articles(
    *,
    language: str | None = None,
    kind: Q | None = None,
    cancer_type: str | None = None,
) -> QuerySet[PublishedArticle]:
    """Live versions (no stored HTML), by title, with their cancer types; a
    queryset, so a caller can page it."""
    versions = PublishedArticle.objects.current().for_listing()
    if language:
        versions = versions.in_language(language)
    if kind is not None:
        versions = versions.filter(kind)
    if cancer_type:
        live = PublishedCancerType.objects.current().filter(slug=cancer_type)
        versions = versions.in_cancer_types(live.values("cancer_type_id"))
    return versions.order_by("title", "language", "pk")
