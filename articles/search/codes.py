"""Articles by the beginning of a clinical code: ICD-10, NCSP and NCMP at once.

Published versions store codes normalised (upper case, space-separated, ICD-10
with its dot, see publishing.py); readers type them any way ("c 17.", "jl").
Both sides are compared without dots, by prefix of any one code, through a
table of each live article's codes (`PublishedCode`) with a prefix index.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat, Greatest, Replace

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


# --- Most specific match first: the Infobutton's question -------------------
#
# An EHR sends one full code (C25.4, JLC30), not a beginning typed by a reader.
# An article answers it if one of its codes shares at least the code's
# category (three characters: C25, JLC) with it; the closer, the better:
#   1. the article has the code, or a more specific one under it (C25.4, C25.40);
#   2. the article has a broader code the requested one falls under (C25);
#   3. the article has a sibling under the same broader code (C25.1).
# Codes shorter than a category (C1) keep the code search's meaning: prefix.

CATEGORY_LENGTH = 3


@dataclass(frozen=True)
class CodeQuery:
    """One code to look up (upper case, no dots or spaces) in some fields."""

    code: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class RankedMatch:
    version: PublishedArticle
    # Higher is more specific; comparable across queries.
    score: int
    # (query index, field, code) for each of its codes that answered a query.
    codes: list[tuple[int, str, str]]


def _without_dots(field: str) -> Replace:
    return Replace(field, Value("."), Value(""))


def _codes_of(fields: tuple[str, ...]) -> Concat:
    # " C16 C17 C254 " with a space after the last code, so " C25 " finds
    # the broader code C25 itself and not C254.
    parts: list[object] = []
    for field in fields:
        parts.extend([Value(" "), _without_dots(field)])
    parts.append(Value(" "))
    return Concat(*parts, output_field=TextField())


def _score(query: CodeQuery, alias: str) -> Case:
    code, n = query.code, len(query.code)
    whens = [When(**{f"{alias}__contains": f" {code}"}, then=Value(3 * n + 2))]
    for length in range(n - 1, min(CATEGORY_LENGTH, n) - 1, -1):
        broader = code[:length]
        whens.append(
            When(**{f"{alias}__contains": f" {broader} "}, then=Value(3 * length + 1))
        )
        whens.append(
            When(**{f"{alias}__contains": f" {broader}"}, then=Value(3 * length))
        )
    return Case(*whens, default=Value(0), output_field=IntegerField())


def articles_by_codes(
    queries: list[CodeQuery], *, languages: list[str], limit: int
) -> list[RankedMatch]:
    """Current versions in `languages` answering any of `queries`, most
    specific first, then by title; at most `limit`. One query: the table of
    live codes (its prefix index) finds the candidates sharing a category,
    the ranking then reads each candidate's codes of the asked systems."""
    in_category = Q()
    for query in queries:
        floor = min(CATEGORY_LENGTH, len(query.code))
        in_category |= Q(code__startswith=query.code[:floor])
    candidates = PublishedCode.objects.filter(language__in=languages).filter(
        in_category
    )
    versions = (
        PublishedArticle.objects.current()
        .filter(language__in=languages)
        .filter(pk__in=candidates.values("version_id"))
    )
    scores = []
    for n, query in enumerate(queries):
        alias = f"codes_{n}"
        versions = versions.alias(**{alias: _codes_of(query.fields)})
        scores.append(_score(query, alias))
    best = scores[0] if len(scores) == 1 else Greatest(*scores)
    found = (
        versions.for_listing()
        .annotate(score=best)
        .filter(score__gt=0)
        .order_by("-score", "title", "pk")[:limit]
    )
    return [
        RankedMatch(version, version.score, _answering_codes(version, queries))
        for version in found
    ]


def _answering_codes(
    version: PublishedArticle, queries: list[CodeQuery]
) -> list[tuple[int, str, str]]:
    return [
        (n, field, code)
        for n, query in enumerate(queries)
        for field in query.fields
        for code in getattr(version, field).split()
        if _shared_length(code.replace(".", ""), query.code)
        >= min(CATEGORY_LENGTH, len(query.code))
    ]


def _shared_length(first: str, second: str) -> int:
    """How many leading characters two codes share."""
    shared = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        shared += 1
    return shared
