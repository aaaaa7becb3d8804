"""Two versions of an article that differ in every way a diff must show, and
helpers to find the marks in a page parsed by a strict HTML5 parser.

Shared by the tests of the three pages that show diffs (the approver's review
page, the admin compare, the public compare) and the browser test."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import html5lib

from tests.factories import make_approver, published_article, save_article

OLD_TITLE = "Neuroendocrine tumours"
NEW_TITLE = "Neuroendocrine neoplasms"
KEPT = "Neuroendocrine tumours grow from hormone-producing cells."
ADDED_PARAGRAPH = "Most are found by chance at endoscopy or imaging."
REMOVED_PARAGRAPH = "Survival figures from older series no longer apply."
REMOVED_ITEM = "Wheezing"
REMOVED_REFERENCE = "Trends in the incidence of neuroendocrine neoplasms"


def _sections(*, new: bool) -> list[tuple[str, str, str]]:
    overview = KEPT + ("\n\n" + ADDED_PARAGRAPH if new else "")
    symptoms = "Carcinoid syndrome:\n\n- Flushing\n- Diarrhoea" + (
        "" if new else f"\n- {REMOVED_ITEM}"
    )
    grading = (
        "| Grade | Mitoses | Ki-67 |\n| --- | --- | --- |\n"
        "| G1 | fewer than 2 | below 3% |\n"
        + ("| G2 | 2 to 20 | 3% to 20% |" if new else "| G2 | 2 to 20 | 3% to 19% |")
    )
    prognosis = "Grade and stage govern the prognosis [1]." + (
        "" if new else "\n\n" + REMOVED_PARAGRAPH
    )
    spread = ("spread", "Spread", "Lymph nodes first, then the liver.")
    sections = [
        ("overview", "Overview", overview),
        ("grading", "Grading", grading),
        ("symptoms", "Symptoms", symptoms),
        ("prognosis", "Prognosis", prognosis),
    ]
    # The editor moved "Spread" from the end to second place.
    return [sections[0], spread, *sections[1:]] if new else [*sections, spread]


REFERENCES = [
    {
        "authors": "Hauso O, Gustafsson BI, Kidd M, et al",
        "title": "Neuroendocrine tumor epidemiology",
        "journal": "Cancer",
        "year": 2008,
        "pmid": "18853416",
    },
    {
        "authors": "Dasari A, Shen C, Halperin D, et al",
        "title": REMOVED_REFERENCE,
        "journal": "JAMA Oncol",
        "year": 2017,
        "pmid": "28448665",
    },
]


@dataclass
class TwoVersions:
    article: object
    old_revision: int
    new_revision: int


def two_versions(*, editor, approver) -> TwoVersions:
    """Version 1 published; version 2 saved (not submitted)."""
    article, v1 = published_article(
        editor=editor,
        approver=approver,
        title=OLD_TITLE,
        slug="net",
        sections=_sections(new=False),
        references=REFERENCES,
    )
    save_article(
        user=editor,
        article=article,
        title=NEW_TITLE,
        sections=_sections(new=True),
        references=REFERENCES[:1],
    )
    from oncolex.review.services import latest_revision_id

    return TwoVersions(article, v1.revision_id, latest_revision_id(article))


def second_approver():
    return make_approver("second-approver")


def parse_strictly(content: bytes) -> ET.Element:
    """The page as a tree; html5lib in strict mode raises on any parse error."""
    parser = html5lib.HTMLParser(
        strict=True,
        tree=html5lib.getTreeBuilder("etree", ET),
        namespaceHTMLElements=False,
    )
    return parser.parse(content)


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def classes(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").split())


def marked(root: ET.Element, status: str) -> list[ET.Element]:
    """Every element marked "diff-<status>" (added, removed, changed, moved)."""
    return [e for e in root.iter() if f"diff-{status}" in classes(e)]


def inside(elements: list[ET.Element], tag: str, text: str) -> list[ET.Element]:
    """The <tag> elements inside `elements` whose text holds `text`."""
    return [
        found
        for element in elements
        for found in element.iter(tag)
        if text in text_of(found)
    ]
