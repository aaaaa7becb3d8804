"""Word-level diffs of two versions of an article, as escaped HTML.

difflib's SequenceMatcher is quadratic in the worst case, so the work is bounded:
paragraphs are matched first, and only changed paragraphs of moderate size are
compared word by word; anything larger is shown as removed and added whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

MAX_WORDS_PER_BLOCK = 3000
_WORDS = re.compile(r"\s+|[^\s]+")


def _removed(text: str) -> str:
    if not text:
        return ""
    return format_html(
        '<del><span class="visually-hidden">[{}] </span>{}</del>', _("removed"), text
    )


def _added(text: str) -> str:
    if not text:
        return ""
    return format_html(
        '<ins><span class="visually-hidden">[{}] </span>{}</ins>', _("added"), text
    )


def _word_diff(old: str, new: str) -> str:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    if len(a) > MAX_WORDS_PER_BLOCK or len(b) > MAX_WORDS_PER_BLOCK:
        return _removed(old) + _added(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
        else:
            out.append(_removed("".join(a[i1:i2])) + _added("".join(b[j1:j2])))
    return "".join(out)


def word_diff(old: str, new: str) -> SafeString:
    """Escaped HTML showing `old` changed into `new`, paragraph by paragraph."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_block, new_block = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            out.append(escape(old_block))
        elif op == "replace":
            out.append(_word_diff(old_block, new_block))
        else:
            out.append(_removed(old_block) + _added(new_block))
    return mark_safe("".join(out))


@dataclass
class SectionDiff:
    anchor: str
    status: str  # "added", "removed", "changed" or "unchanged"
    heading: SafeString
    body: SafeString

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


@dataclass
class ArticleDiff:
    title: SafeString
    summary: SafeString
    sections: list[SectionDiff]
    references: SafeString


def _section_diff(
    old: dict[str, str] | None, new: dict[str, str] | None
) -> SectionDiff:
    before = old or {"anchor": "", "heading": "", "body": ""}
    after = new or {"anchor": "", "heading": "", "body": ""}
    if old is None:
        status = "added"
    elif new is None:
        status = "removed"
    elif (old["heading"], old["body"]) == (new["heading"], new["body"]):
        status = "unchanged"
    else:
        status = "changed"
    return SectionDiff(
        anchor=after["anchor"] or before["anchor"],
        status=status,
        heading=word_diff(before["heading"], after["heading"]),
        body=word_diff(before["body"], after["body"]),
    )


def compare_sources(old: dict[str, Any], new: dict[str, Any]) -> ArticleDiff:
    """Diff two article sources (see ArticleSnapshot.source), section by section.

    Sections are matched by anchor, which editors keep stable; a removed section
    is shown where it stood in the old version.
    """
    old_sections = {s["anchor"]: s for s in old.get("sections", [])}
    new_anchors = {s["anchor"] for s in new.get("sections", [])}
    sections: list[SectionDiff] = []
    pending_removed = [
        s for s in old.get("sections", []) if s["anchor"] not in new_anchors
    ]
    for section in new.get("sections", []):
        while pending_removed and _stood_before(pending_removed[0], section, old):
            sections.append(_section_diff(pending_removed.pop(0), None))
        sections.append(_section_diff(old_sections.get(section["anchor"]), section))
    sections.extend(_section_diff(s, None) for s in pending_removed)
    return ArticleDiff(
        title=word_diff(old.get("title", ""), new.get("title", "")),
        summary=word_diff(old.get("summary", ""), new.get("summary", "")),
        sections=sections,
        references=word_diff(
            "\n".join(old.get("references", [])), "\n".join(new.get("references", []))
        ),
    )


def _stood_before(removed: dict[str, str], section: dict[str, str], old: dict) -> bool:
    order = [s["anchor"] for s in old.get("sections", [])]
    if section["anchor"] not in order:
        return False
    return order.index(removed["anchor"]) < order.index(section["anchor"])
