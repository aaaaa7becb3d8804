"""The parts of a published version's stored HTML, for readers that want them
one by one (the JSON API): its sections and its references.

publishing.py writes each section as `<section id="anchor" ...><h2 ...>heading
</h2>body</section>` in table-of-contents order, and each reference as
`<li id="ref-n">` with PubMed and DOI links. Splitting that stored HTML, rather
than rendering again, gives API clients exactly what readers were approved to
read.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.utils.html import strip_tags

_REFERENCE = re.compile(r'<li id="ref-(\d+)">(.*?)</li>', re.DOTALL)
_PMID = re.compile(r'href="https://pubmed\.ncbi\.nlm\.nih\.gov/(\d+)/"')
_DOI = re.compile(r'href="https://doi\.org/([^"]+)"')


@dataclass(frozen=True)
class StoredSection:
    anchor: str
    heading: str
    html: str


@dataclass(frozen=True)
class StoredReference:
    number: int
    text: str
    html: str
    pmid: str | None
    doi: str | None


def sections(body_html: str, toc: list[dict[str, str]]) -> list[StoredSection]:
    """Each section's body (without its <section> wrapper and heading)."""
    starts = []
    for entry in toc:
        start = body_html.find(f'<section id="{entry["anchor"]}"')
        if start >= 0:
            starts.append((start, entry))
    starts.sort(key=lambda pair: pair[0])
    found = []
    for n, (start, entry) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(body_html)
        part = body_html[start:end].rstrip()
        body = part.split("</h2>", 1)[1] if "</h2>" in part else part
        body = body.removesuffix("</section>").strip()
        found.append(StoredSection(entry["anchor"], entry["heading"], body))
    return found


def references(references_html: str) -> list[StoredReference]:
    found = []
    for match in _REFERENCE.finditer(references_html):
        inner = match.group(2).strip()
        pmid = _PMID.search(inner)
        doi = _DOI.search(inner)
        found.append(
            StoredReference(
                number=int(match.group(1)),
                text=html.unescape(strip_tags(inner)),
                html=inner,
                pmid=pmid.group(1) if pmid else None,
                doi=html.unescape(doi.group(1)) if doi else None,
            )
        )
    return found
