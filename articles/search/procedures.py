"""The A to Z index of procedures, grouped by the first letter of their title."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from articles.models import ArticleKind, PublishedArticle, PublishedCancerType

# Norwegian sorts Æ, Ø and Å after Z, in that order; code points do not.
_NORWEGIAN_LAST = {"æ": "{", "ø": "|", "å": "}"}  # the three characters after z
DIGITS = "0\N{EN DASH}9"
_ANCHORS = {"Æ": "ae", "Ø": "oe", "Å": "aa", DIGITS: "digits", "#": "other"}


@dataclass
class Letter:
    letter: str
    anchor: str
    versions: list[PublishedArticle]


def _base_letter(char: str) -> str:
    """'É' -> 'E': accents do not make a letter of their own in the index."""
    return unicodedata.normalize("NFKD", char)[0]


def _sort_key(title: str, language: str) -> str:
    # Leading quotes or brackets do not count, as in _letter_of.
    key = title.casefold()
    key = key[next((i for i, char in enumerate(key) if char.isalnum()), 0) :]
    if language == "nb":
        return "".join(_NORWEGIAN_LAST.get(char) or _base_letter(char) for char in key)
    return "".join(_base_letter(char) for char in key)


def _letter_of(title: str, language: str) -> str:
    first = next((char for char in title if char.isalnum()), "#")
    if first.isdigit():
        return DIGITS
    if not first.isalpha():
        return "#"
    upper = first.upper()
    if language == "nb" and upper in _ANCHORS:
        return upper
    return _base_letter(upper)


def procedures_by_letter(
    *,
    language: str,
    procedure_type: str | None = None,
    cancer_type: PublishedCancerType | None = None,
) -> list[Letter]:
    """Current procedures in `language`, A to Z, with the names of their cancer
    types as approved. One query."""
    versions = (
        PublishedArticle.objects.current()
        .in_language(language)
        .filter(kind=ArticleKind.PROCEDURE)
        .for_listing()
    )
    if procedure_type:
        versions = versions.filter(procedure_type=procedure_type)
    if cancer_type is not None:
        versions = versions.in_cancer_types([cancer_type.cancer_type_id])
    letters: dict[str, Letter] = {}
    for version in sorted(versions, key=lambda v: _sort_key(v.title, language)):
        letter = _letter_of(version.title, language)
        if letter not in letters:
            anchor = _ANCHORS.get(letter, letter.lower())
            letters[letter] = Letter(letter, f"letter-{anchor}", [])
        letters[letter].versions.append(version)
    return list(letters.values())
