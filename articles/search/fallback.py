"""Full-text search without PostgreSQL (SQLite in development and in tests).

Same interface and the same reading of the query as the PostgreSQL backend, much
simpler underneath: every word must occur in the title, the summary or the text
(`LIKE`, so anywhere inside a word), "quoted phrases" must occur as written and
`-word` must not occur. Ranking counts title matches above summary matches above
body matches. What it does not do:

- no real stemming: a few plural and inflection endings are cut from each word
  (`tumours` -> `tumour`, `svulster` -> `svulst`), nothing more;
- no stop words: every word must match, and `or` is ignored;
- case is ignored for ASCII letters only (SQLite's LIKE), so `ø` and `Ø` differ;
- no index: every current version of the language is scanned, fine for the
  size of a development database, not for production.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.safestring import SafeString

from articles.models import PublishedArticle
from articles.search import Page, fetch_page, highlight, tokens

# Longest first; a word keeps at least MIN_STEM letters.
ENDINGS = {
    "en": ("ies", "es", "s", "y", "e"),
    "nb": ("ene", "ane", "er", "en", "et", "a", "e"),
}
MIN_STEM = 4
MAX_TERMS = 12
SNIPPET_CHARS = 220

_WORD = re.compile(r"\w+")
_SEARCHED = ("title", "summary", "search_text")
# Title above summary above body, as PostgreSQL's weights A, B and C.
_WEIGHTS = {"title": 100, "summary": 10, "search_text": 1}


@dataclass(frozen=True)
class Term:
    text: str
    excluded: bool = False


def stem(word: str, language: str) -> str:
    for ending in ENDINGS.get(language, ()):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def parse(query: str, language: str) -> list[Term]:
    """Words (stemmed), "phrases" (as written) and -exclusions, lowercased."""
    terms: list[Term] = []
    for token in tokens(query.lower()):
        words = [word for word in _WORD.findall(token.text) if len(word) > 1]
        if not words or token.text == "or":
            continue
        if token.phrase:
            terms.append(Term(" ".join(words), excluded=token.excluded))
        elif token.excluded:
            # `-ki-67` leaves out texts that say "ki-67", as written.
            terms.append(Term(token.text.strip(".,;:!?()"), excluded=True))
        else:
            terms.extend(Term(stem(word, language)) for word in words)
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def _anywhere(text: str) -> Q:
    found = Q()
    for field in _SEARCHED:
        found |= Q(**{f"{field}__icontains": text})
    return found


def matching(versions: QuerySet, *, language: str, query: str) -> QuerySet:
    terms = parse(query, language)
    wanted = [term.text for term in terms if not term.excluded]
    if not wanted:
        # Only exclusions, or nothing searchable: PostgreSQL finds nothing too.
        return versions.none()
    for term in terms:
        if term.excluded:
            versions = versions.exclude(_anywhere(term.text))
        else:
            versions = versions.filter(_anywhere(term.text))
    rank = sum(
        (
            Case(
                When(**{f"{field}__icontains": text}, then=Value(weight)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for text in wanted
            for field, weight in _WEIGHTS.items()
        ),
        start=Value(0),
    )
    return (
        versions.defer("body_html", "references_html", "toc", "anchors", "source")
        .annotate(rank=rank)
        .order_by("-rank", "-approved_at", "pk")
    )


def find(
    versions: QuerySet, *, language: str, query: str, number: int, per_page: int
) -> Page:
    found = matching(versions, language=language, query=query)
    return fetch_page(found, number=number, per_page=per_page)


def snippets(versions: list[PublishedArticle], *, query: str) -> list[SafeString]:
    # Highlighting does not know the article's language: try every ending.
    terms = [
        term.text
        for language in ENDINGS
        for term in parse(query, language)
        if not term.excluded
    ]
    if not terms:
        return [highlight(version.summary, []) for version in versions]
    pattern = re.compile(
        "|".join(
            r"\b" + r"\s+".join(map(re.escape, term.split())) + r"\w*"
            for term in sorted(set(terms), key=len, reverse=True)
        ),
        re.IGNORECASE,
    )
    return [_snippet(f"{v.summary}\n{v.search_text}", pattern) for v in versions]


def _snippet(text: str, pattern: re.Pattern[str]) -> SafeString:
    """About SNIPPET_CHARS of `text` around its first match, matches marked."""
    first = pattern.search(text)
    start = 0 if first is None else max(0, first.start() - SNIPPET_CHARS // 3)
    end = min(len(text), start + SNIPPET_CHARS)
    # Whole words only, with an ellipsis where the text goes on.
    if start > 0:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    window = " ".join(text[start:end].split())
    spans = [match.span() for match in pattern.finditer(window)]
    snippet = highlight(window, spans)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return SafeString(f"{prefix}{snippet}{suffix}")


def index_published_version(version: PublishedArticle) -> None:
    """Nothing to store: this backend reads the version's stored text directly."""
