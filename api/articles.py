"""Articles, their versions, cancer types and procedures: published records
only, read through articles.selectors."""

# No `from __future__ import annotations` here: django-ninja reads these
# views' parameter annotations at import time, through decorators (paginate)
# whose module cannot resolve them as strings.

import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date
from ninja import Path, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from api import schemas
from api.api import BoundedPages, Converted
from articles import selectors
from articles.models import ProcedureType, PublishedArticle
from articles.search import KIND_VALUES, kind_filter
from articles.stored_parts import references, sections
from oncolex.dates import review_overdue

router = Router(tags=["articles"])

Language = Literal["en", "nb"]
# Slugs as the site writes them: anything else (a NUL, which PostgreSQL
# refuses in a query, a slash, a page of text) is a 422, not a lookup.
SLUG = r"^[A-Za-z0-9_-]{1,200}$"
Kind = Literal[tuple(sorted(KIND_VALUES))]  # type: ignore[valid-type]
ProcedureKind = Literal[tuple(ProcedureType.values)]  # type: ignore[valid-type]


def version_hash(version: object) -> str | None:
    """The version's SHA-256 seal, once published versions record one (the
    audit chain's `content_hash`); None before."""
    return getattr(version, "content_hash", None) or None


def _api_url(request: HttpRequest, name: str, **kwargs: object) -> str:
    return request.build_absolute_uri(reverse(f"api:{name}", kwargs=kwargs))


def _page_url(request: HttpRequest, version: PublishedArticle) -> str:
    return request.build_absolute_uri(version.get_absolute_url())


def _summary(request: HttpRequest, version: PublishedArticle) -> dict:
    return {
        "id": version.article_id,
        "language": version.language,
        "slug": version.slug,
        "title": version.title,
        "summary": version.summary,
        "kind": version.kind,
        "chapter": version.chapter,
        "procedure_type": version.procedure_type,
        "version": version.number,
        "approved_at": version.approved_at,
        "codes": {
            "icd10": version.icd10_codes.split(),
            "ncsp": version.ncsp_codes.split(),
            "ncmp": version.ncmp_codes.split(),
        },
        "cancer_types": [
            {"slug": ct.slug, "name": ct.name_in(version.language)}
            for ct in version.cancer_types.all()
        ],
        "url": _api_url(
            request, "article", language=version.language, slug=version.slug
        ),
        "html_url": _page_url(request, version),
    }


class ArticleFilters(Schema):
    language: Language | None = None
    kind: Kind | None = Field(  # type: ignore[valid-type]
        None, description="chapter, procedure, or one procedure type"
    )
    cancer_type: str | None = Field(None, pattern=SLUG)


@router.get(
    "/articles",
    response={200: list[schemas.ArticleSummary], 422: schemas.Invalid},
    url_name="articles",
)
@paginate(BoundedPages)
def articles(request: HttpRequest, filters: Query[ArticleFilters]) -> list[dict]:
    """Live articles, by title."""
    versions = selectors.current_articles(
        language=filters.language,
        kind=kind_filter(filters.kind) if filters.kind else None,
        cancer_type=filters.cancer_type,
    )
    return Converted(request, versions, _summary)


class ProcedureFilters(Schema):
    language: Language | None = None
    type: ProcedureKind | None = None  # type: ignore[valid-type]
    cancer_type: str | None = Field(None, pattern=SLUG)


@router.get(
    "/procedures",
    response={200: list[schemas.ArticleSummary], 422: schemas.Invalid},
    url_name="procedures",
)
@paginate(BoundedPages)
def procedures(request: HttpRequest, filters: Query[ProcedureFilters]) -> list[dict]:
    """Live procedure articles, by title (the A to Z index)."""
    versions = selectors.current_articles(
        language=filters.language,
        kind=kind_filter(filters.type or "procedure"),
        cancer_type=filters.cancer_type,
    )
    return Converted(request, versions, _summary)


def _live_version(
    language: str, slug: str, *, name: str, parts: bool
) -> tuple[PublishedArticle | None, Any]:
    """(the live version at this address, None), or (None, the redirect, 410
    or 404 to answer instead). With its stored parts if `parts`."""
    found = selectors.article_by_slug(
        language=language, slug=slug, full=False, api=parts
    )
    if found.moved_to is not None:
        return None, HttpResponsePermanentRedirect(
            reverse(
                f"api:{name}",
                kwargs={"language": language, "slug": found.moved_to.slug},
            )
        )
    if found.gone is not None:
        return None, Status(
            410,
            {
                "detail": "This article was withdrawn.",
                "unpublished_at": found.gone.unpublished_at,
            },
        )
    if found.version is None:
        return None, Status(404, {"detail": "No published article at this address."})
    return found.version, None


def _last_modified(response: HttpResponse, *moments: datetime.datetime) -> None:
    response["Last-Modified"] = http_date(max(moments).timestamp())


@router.get(
    "/articles/{language}/{slug}",
    response={
        200: schemas.Article,
        404: schemas.Message,
        410: schemas.Gone,
        422: schemas.Invalid,
    },
    url_name="article",
)
def article(
    request: HttpRequest,
    language: Language,
    response: HttpResponse,
    slug: str = Path(..., pattern=SLUG),
):
    """One live article: its sections as readers see them, references,
    codes and trust line."""
    version, answer = _live_version(language, slug, name="article", parts=True)
    if version is None:
        return answer
    neighbours = selectors.neighbours_of(version, html=version.body_html)
    datasets = sorted(neighbours.datasets.values(), key=lambda d: d.slug)
    _last_modified(response, version.approved_at, *(d.approved_at for d in datasets))
    twin = neighbours.translation
    response["Content-Language"] = version.language
    return {
        **_summary(request, version),
        "sections": [
            vars(part) for part in sections(neighbours.article_html, version.toc)
        ],
        "references": [vars(ref) for ref in references(version.references_html)],
        "trust": _trust(version),
        "translation": _translation(request, twin) if twin else None,
        "datasets": [
            {"slug": d.slug, "url": _api_url(request, "dataset", slug=d.slug)}
            for d in datasets
        ],
    }


def _trust(version: PublishedArticle) -> dict:
    """The trust line readers see under the title, and what the page's footer
    adds (editors, review dates)."""
    due = version.next_review_due
    return {
        "approved_by": version.approver_name,
        "approved_at": version.approved_at,
        "version": version.number,
        "change_note": version.change_note,
        "medical_editors": version.editor_names,
        "last_reviewed": version.last_reviewed,
        "next_review_due": due,
        "review_overdue": review_overdue(due),
        "hash": version_hash(version),
    }


def _translation(request: HttpRequest, twin: PublishedArticle) -> dict:
    return {
        "language": twin.language,
        "slug": twin.slug,
        "url": _api_url(request, "article", language=twin.language, slug=twin.slug),
    }


@router.get(
    "/articles/{language}/{slug}/versions",
    response={
        200: list[schemas.Version],
        404: schemas.Message,
        410: schemas.Gone,
        422: schemas.Invalid,
    },
    url_name="versions",
)
def versions(
    request: HttpRequest,
    language: Language,
    response: HttpResponse,
    slug: str = Path(..., pattern=SLUG),
):
    """Every published version of a live article, newest first."""
    current, answer = _live_version(language, slug, name="versions", parts=False)
    if current is None:
        return answer
    found = selectors.versions_of(current)
    _last_modified(response, *(v.approved_at for v in found))
    return [
        {
            "number": v.number,
            "title": v.title,
            "approved_by": v.approver_name,
            "approved_at": v.approved_at,
            "change_note": v.change_note,
            "current": v.is_current,
            "hash": version_hash(v),
            "html_url": request.build_absolute_uri(_version_path(current, v.number)),
        }
        for v in found
    ]


def _version_path(current: PublishedArticle, number: int) -> str:
    with translation.override(current.language):
        return reverse(
            "articles:version", kwargs={"slug": current.slug, "number": number}
        )


@router.get("/cancer-types", response=list[schemas.CancerType], url_name="cancer_types")
def cancer_types(request: HttpRequest) -> list[dict]:
    """The cancer types, in menu order."""
    return [
        {
            "slug": ct.slug,
            "name_en": ct.name_en,
            "name_nb": ct.name_nb,
            "icd10_codes": ct.icd10_codes.split(),
        }
        for ct in selectors.cancer_types()
    ]
