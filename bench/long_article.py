"""Articles of any number of sections in the anchor article's prose, published
through the real services (save, submit, approve), for bench/article_size.py
and bench/page_scale.py. Import it where Django is set up.

The prose is bench/article_fixture.py's (Zipf-drawn clinical words, citations,
sub-headings, lists, an in-page link per section, the 20-row table), so a
40-section page is comparable with the anchor article's.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from article_fixture import _paragraph, _references, _sentence, _table
from django.utils.text import slugify

from tests import factories

CITATIONS = 20


def prose(rng: random.Random, words: int) -> str:
    """Sentences while they fit in `words` (one at least)."""
    sentences = [_sentence(rng, CITATIONS)]
    count = len(sentences[0].split())
    while True:
        sentence = _sentence(rng, CITATIONS)
        count += len(sentence.split())
        if count > words:
            return " ".join(sentences)
        sentences.append(sentence)


def body(
    rng: random.Random, index: int, words: int, *, link_to: str, table: bool = False
) -> str:
    """About `words` words (the table's not counted): paragraphs of up to two
    fifths of them, every third section a sub-heading, every fourth a list of
    three items, and a closing note that links to the section `link_to`; the
    20-row table if `table`."""
    blocks = [prose(rng, words * 2 // 5)]
    if table:
        blocks.append(_table(rng))
    if index % 3 == 0:
        blocks.append(f"### {_sentence(rng, CITATIONS)[:40].rstrip(' .,')}")
    if index % 4 == 1:
        blocks.append("\n".join(f"- {_sentence(rng, CITATIONS)}" for _ in range(3)))

    def left() -> int:
        text = [b for b in blocks if not b.startswith("|")]
        return words - len(" ".join(text).split())

    while left() > words // 4:
        blocks.append(prose(rng, min(left() - 10, words * 2 // 5)))
    last = prose(rng, left() - 6)
    blocks.append(f"**Note:** {last} See [the first section](#{link_to}).")
    return "\n\n".join(blocks)


def sections(
    rng: random.Random, count: int, words: int, datasets: Sequence[Any] = ()
) -> list[tuple]:
    """`count` sections whose anchors are their headings' slugs, as editors
    write them; the fifth holds the table (as the anchor's ninth does); section
    n embeds `datasets[n]` when there is one."""
    found: list[tuple] = []
    for n in range(count):
        first = [w.strip(".,()%") for w in _sentence(rng, 1).split()[:4]]
        heading = " ".join(w for w in first if w.isalpha()).capitalize() or "Notes"
        anchor = f"{slugify(heading)[:40]}-{n}"
        link_to = found[0][0] if found else anchor
        text = body(rng, n, words, link_to=link_to, table=n == min(4, count - 1))
        section = (anchor, heading, text)
        found.append((*section, datasets[n]) if n < len(datasets) else section)
    return found


def publish(
    *,
    slug: str,
    sections: list[tuple],
    editor: Any,
    approver: Any,
    cancer_type: Any,
    rng: random.Random,
    title: str | None = None,
    **fields: Any,
) -> Any:
    """Save, submit and approve the article; return its published version."""
    article = factories.save_article(
        user=editor,
        comment="First draft",
        cancer_type=cancer_type,
        title=title or slug.replace("-", " ").capitalize(),
        slug=slug,
        summary=_paragraph(rng, 45, CITATIONS).replace(" [", " (").replace("].", ")."),
        icd10_codes="C17, C25.4",
        sections=sections,
        references=_references(rng, CITATIONS),
        **fields,
    )
    return factories.publish(article, editor=editor, approver=approver)


def published_datasets(
    count: int, *, editor: Any, approver: Any, prefix: str = "bench-table"
) -> list[Any]:
    """`count` approved incidence datasets of ten rows each (five years, men
    and women, with populations: crude rates shown)."""
    from tests.epidemiology import helpers

    datasets = []
    for n in range(count):
        dataset = helpers.make_dataset(
            user=editor, slug=f"{prefix}-{n}", title=f"Incidence, table {n}"
        )
        lines = [
            f"{year},{sex},all,{100 + 7 * n + year % 13},{2_600_000 + 1000 * n}"
            for year in range(2019, 2024)
            for sex in ("male", "female")
        ]
        helpers.import_rows(dataset, editor, lines)
        helpers.publish(dataset, editor=editor, approver=approver)
        datasets.append(dataset)
    return datasets
