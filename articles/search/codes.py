"""Articles by the beginning of a clinical code: ICD-10, NCSP and NCMP at once.

Published versions store codes normalised (upper case, space-separated, ICD-10
with its dot, see publishing.py); readers type them any way ("c 17.", "jl").
Both sides are compared without dots, by prefix of any one code, through a
table of each live article's codes (`PublishedCode`) with a prefix index.
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.models import PublishedArticle, PublishedCode
from articles.search import Page, fetch_page

PER_PAGE = 50
SYSTEMS = [("icd10_codes", "ICD-10"), ("ncsp_codes", "NCSP"), ("ncmp_codes", "NCMP")]


@dataclass(frozen=True)
class CodeMatch:
    version: PublishedArticle
    # (system, code) of each of its codes that starts with the prefix.
    codes: list[tuple[str, str]]


def codes_of(version: PublishedArticle) -> list[str]:
    """Every code of the version, without dots, as the code search compares them."""
    return list(
        dict.fromkeys(
            code.replace(".", "")
            for field, _ in SYSTEMS
            for code in getattr(version, field).split()
        )
    )


def index_codes(version: PublishedArticle) -> None:
    """Make the codes of a newly published version findable (at approval)."""
    PublishedCode.objects.filter(version__article_id=version.article_id).delete()
    PublishedCode.objects.bulk_create(
        PublishedCode(version=version, language=version.language, code=code)
        for code in codes_of(version)
    )


def reindex_codes() -> int:
    """Rebuild the table from every live version (after loading rows in bulk)."""
    PublishedCode.objects.all().delete()
    rows = PublishedCode.objects.bulk_create(
        (
            PublishedCode(version=version, language=version.language, code=code)
            for version in PublishedArticle.objects.current().only(
                "pk", "language", *(field for field, _ in SYSTEMS)
            )
            for code in codes_of(version)
        ),
        batch_size=5000,
    )
    return len(rows)


def articles_by_code(*, language: str, prefix: str, page: int = 1) -> Page:
    """Current versions in `language` with a code starting with `prefix` (upper
    case, no dots or spaces), by title. One query for the page and its total,
    one for the cancer types; a page past the end costs one more."""
    matching = PublishedCode.objects.filter(language=language, code__startswith=prefix)
    versions = (
        PublishedArticle.objects.current()
        .in_language(language)
        .for_listing()
        .filter(pk__in=matching.values("version_id"))
        .prefetch_related("cancer_types")
        .order_by("title", "pk")
    )
    found = fetch_page(versions, number=page, per_page=PER_PAGE)
    found.items = [CodeMatch(v, _matching_codes(v, prefix)) for v in found.items]
    return found


def _matching_codes(version: PublishedArticle, prefix: str) -> list[tuple[str, str]]:
    return [
        (system, code)
        for field, system in SYSTEMS
        for code in getattr(version, field).split()
        if code.replace(".", "").startswith(prefix)
    ]
