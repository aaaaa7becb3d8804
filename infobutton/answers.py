"""What the Infobutton answers: published articles for the request's codes,
in the reader's language, with the other language standing in for an article
that has no version in it."""

from __future__ import annotations

from dataclasses import dataclass

from articles.models import PublishedArticle
from articles.search.codes import CodeQuery, articles_by_codes
from infobutton.codesystems import OID_OF_FIELD
from infobutton.request import Criterion, KnowledgeRequest

# A chooser longer than this is not a choice; the code search lists all.
MAX_ANSWERS = 20
SYSTEM_NAMES = {"icd10_codes": "ICD-10", "ncsp_codes": "NCSP", "ncmp_codes": "NCMP"}


@dataclass(frozen=True)
class Answer:
    version: PublishedArticle
    # The request's criteria this article answers, most specific first.
    criteria: list[Criterion]
    # (system name, OID, code) of the article's codes that answered.
    codes: list[tuple[str, str, str]]

    def in_language(self, language: str) -> bool:
        return self.version.language == language


def answers(request: KnowledgeRequest) -> list[Answer]:
    """One query: every language's matches, then the fallback in Python."""
    queries = [CodeQuery(c.normalised, c.fields) for c in request.criteria]
    matches = articles_by_codes(
        queries,
        languages=[request.language, request.other_language],
        limit=2 * MAX_ANSWERS,
    )
    wanted = [m for m in matches if m.version.language == request.language]
    # An article whose twin answers in the reader's language is not repeated.
    covered = {m.version.article_id for m in wanted} | {
        m.version.translation_article_id for m in wanted
    }
    others = [
        m
        for m in matches
        if m.version.language != request.language
        and m.version.article_id not in covered
        and m.version.translation_article_id not in covered - {None}
    ]
    chosen = sorted(wanted + others, key=lambda m: -m.score)[:MAX_ANSWERS]
    return [
        Answer(
            version=match.version,
            criteria=[
                request.criteria[n]
                for n in dict.fromkeys(n for n, _field, _code in match.codes)
            ],
            codes=list(
                dict.fromkeys(
                    (SYSTEM_NAMES[field], OID_OF_FIELD[field], code)
                    for _n, field, code in match.codes
                )
            ),
        )
        for match in chosen
    ]
