"""What a block is called, and the counts behind the summary line."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from lxml import etree


@dataclass
class Counts:
    """What changed, by kind of block (see `kind_of`)."""

    added: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)
    moved: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.moved)

    def phrases(self) -> list[str]:
        """One phrase per kind of block, in reading order:
        "2 paragraphs added, 1 removed, 3 changed"."""
        phrases = []
        for kind in KIND_ORDER:
            numbers = [
                (counter[kind], verb)
                for counter, verb in (
                    (self.added, _("added")),
                    (self.removed, _("removed")),
                    (self.changed, _("changed")),
                )
                if counter[kind]
            ]
            if not numbers:
                continue
            (first, verb), rest = numbers[0], numbers[1:]
            parts = [f"{first} {kind_noun(kind, first)} {verb}"]
            parts.extend(f"{n} {verb}" for n, verb in rest)
            phrases.append(", ".join(parts))
        if self.moved:
            phrases.append(
                ngettext("%(n)d section moved", "%(n)d sections moved", len(self.moved))
                % {"n": len(self.moved)}
            )
        return phrases


KIND_ORDER = (
    "section",
    "heading",
    "paragraph",
    "list item",
    "table row",
    "figure",
    "embedded table",
    "reference",
    "code block",
    "other block",
)


def kind_noun(kind: str, n: int) -> str:
    nouns = {
        "section": lambda: ngettext("section", "sections", n),
        "heading": lambda: ngettext("heading", "headings", n),
        "paragraph": lambda: ngettext("paragraph", "paragraphs", n),
        "list item": lambda: ngettext("list item", "list items", n),
        "table row": lambda: ngettext("table row", "table rows", n),
        "figure": lambda: ngettext("figure", "figures", n),
        "embedded table": lambda: ngettext("embedded table", "embedded tables", n),
        "reference": lambda: ngettext("reference", "references", n),
        "code block": lambda: ngettext("code block", "code blocks", n),
        "other block": lambda: ngettext("other block", "other blocks", n),
    }
    return nouns[kind]()


def kind_of(element: etree._Element) -> str:
    """What a reader would call this block. References and embedded dataset
    tables are list items and paragraphs marked by their class."""
    tag = element.tag
    classes = (element.get("class") or "").split()
    parent = element.getparent()
    parent_classes = (parent.get("class") or "").split() if parent is not None else []
    if "embedded-dataset" in classes:
        return "embedded table"
    if tag == "li":
        return "reference" if "references" in parent_classes else "list item"
    if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        return "heading"
    if tag == "tr":
        return "table row"
    if tag == "figure":
        return "figure"
    if tag == "pre":
        return "code block"
    if tag in {"p", "dd", "dt", "caption"}:
        return "paragraph"
    return "other block"


def block_label(kind: str, status: str) -> str:
    key = (kind, status, get_language())
    if key not in _LABELS:
        labels = {
            "added": _("Added %(what)s"),
            "removed": _("Removed %(what)s"),
            "changed": _("Changed %(what)s"),
        }
        _LABELS[key] = labels[status] % {"what": kind_noun(kind, 1)}
    return _LABELS[key]


# Labels are asked for once per block: translate each once per language.
_LABELS: dict[tuple[str, str, str | None], str] = {}
