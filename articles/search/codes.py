"""Articles by the beginning of a clinical code: ICD-10, NCSP and NCMP at once.

Published versions store codes normalised (upper case, space-separated, ICD-10
with its dot, see publishing.py); readers type them any way ("c 17.", "jl").
Both sides are compared without dots, by prefix of any one code.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import TextField, Value
from django.db.models.functions import Concat, Replace

from articles.models import PublishedArticle
from articles.search import Page, fetch_page

PER_PAGE = 50
SYSTEMS = [("icd10_codes", "ICD-10"), ("ncsp_codes", "NCSP"), ("ncmp_codes", "NCMP")]


@dataclass(frozen=True)
class CodeMatch:
    version: PublishedArticle
    # (system, code) of each of its codes that starts with the prefix.
    codes: list[tuple[str, str]]


def _without_dots(field: str) -> Replace:
    return Replace(field, Value("."), Value(""))


def articles_by_code(*, language: str, prefix: str, page: int = 1) -> Page:
    """Current versions in `language` with a code starting with `prefix` (upper
    case, no dots or spaces), by title. One query for the page and its total
    (cancer-type names come with the rows); a page past the end costs one more."""
    parts: list[object] = []
    for field, _ in SYSTEMS:
        parts.extend([Value(" "), _without_dots(field)])
    # " C16 C17 C254 JLC30": a code starts with the prefix if " PREFIX" occurs.
    all_codes = Concat(*parts, output_field=TextField())
    versions = (
        PublishedArticle.objects.current()
        .in_language(language)
        .for_listing()
        .alias(all_codes=all_codes)
        .filter(all_codes__contains=f" {prefix}")
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
