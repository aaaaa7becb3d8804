"""Block-level diff: align the blocks of two trees, level by level."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property
from html import escape

from django.utils.translation import gettext as _
from lxml import etree
from lxml import html as lxml_html

from oncolex.htmldiff.markup import (
    DROPPED_ATTRIBUTES,
    VOID,
    end_tag,
    inner,
    mark_label,
    start_tag,
    word_mark,
)
from oncolex.htmldiff.summary import Counts, block_label, kind_of
from oncolex.htmldiff.words import word_diff

# Elements whose children are blocks: the diff descends into them.
CONTAINERS = frozenset(
    {
        "section", "div", "article", "aside", "header", "footer", "nav", "main",
        "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "blockquote",
        "details",
    }
)  # fmt: skip
# Block-level elements that can sit inside a list item and make it a container.
_FLOW_CHILDREN = CONTAINERS | {"p", "pre", "figure", "h3", "h4", "h5", "h6", "hr"}
# Blocks whose parent allows nothing but them (<ul> holds <li>, <tr> sits in a
# table): they are marked on the element itself, never wrapped.
_MARKED_IN_PLACE = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "caption", "pre"}
)
# Blocks this alike (share of words in common) are shown as one changed
# block; less alike, as one removed and one added.
SIMILAR = 0.4
# How far ahead the pairing of changed blocks looks for a partner.
_LOOKAHEAD = 4
_SPACES = re.compile(r"\s+")


@dataclass
class Node:
    element: etree._Element
    is_container: bool
    key: tuple[str, ...]
    # Words of a block, for pairing similar blocks (empty for containers).
    words: list[str] = field(default_factory=list)

    @cached_property
    def bag(self) -> Counter[str]:
        return Counter(self.words)

    @property
    def section_id(self) -> str | None:
        return self.key[2] if self.key[0] == "section" else None


def parse(fragment: str) -> etree._Element:
    # create_parent wraps the fragment in one <div>, whatever it holds.
    return lxml_html.fragment_fromstring(fragment or "", create_parent="div")


def _is_container(element: etree._Element) -> bool:
    if element.tag == "li":
        return any(child.tag in _FLOW_CHILDREN for child in element)
    return element.tag in CONTAINERS


def _normalised(element: etree._Element) -> str:
    """The block's HTML without ids (a renumbered anchor is not a change), with
    whitespace collapsed (a re-wrapped line is not a change either)."""
    for node in element.iter():
        if isinstance(node.tag, str):
            for name in DROPPED_ATTRIBUTES:
                node.attrib.pop(name, None)
    markup = lxml_html.tostring(element, encoding="unicode", with_tail=False)
    return _SPACES.sub(" ", markup).strip()


def children(parent: etree._Element) -> list[Node]:
    """The parent's children as nodes; loose text becomes a paragraph."""
    nodes: list[Node] = []

    def loose_text(text: str | None) -> None:
        if text and text.strip():
            paragraph = lxml_html.Element("p")
            paragraph.text = text.strip()
            nodes.append(_block(paragraph))

    loose_text(parent.text)
    for child in parent:
        if not isinstance(child.tag, str):  # comments, processing instructions
            loose_text(child.tail)
            continue
        if _is_container(child):
            identity = child.get("id") or ""
            kind = "section" if identity else "container"
            nodes.append(
                Node(child, is_container=True, key=(kind, child.tag, identity))
            )
        else:
            nodes.append(_block(child))
        loose_text(child.tail)
    return nodes


def _block(element: etree._Element) -> Node:
    return Node(
        element,
        is_container=False,
        key=("block", element.tag, _normalised(element)),
        # Cells and other inline pieces are separate words even without spaces.
        words=" ".join(element.itertext()).split(),
    )


@dataclass
class Writer:
    counts: Counts
    out: list[str] = field(default_factory=list)

    # Whole blocks and containers on one side only.

    def whole(
        self,
        node: Node,
        status: str,
        *,
        section: bool = False,
        as_section: bool = False,
    ) -> None:
        """`node` exists only on one side: status is "added" or "removed"."""
        element = node.element
        if node.is_container:
            css = f"diff-{status}" + (" diff-section" if section else "")
            self.out.append(start_tag(element, css))
            if section:
                getattr(self.counts, status)["section"] += 1
            heading_seen = not section
            for child in children(element):
                # A whole section's heading says so: "Removed section".
                is_heading = kind_of(child.element) == "heading"
                self.whole(child, status, as_section=is_heading and not heading_seen)
                heading_seen = heading_seen or is_heading
            self.out.append(end_tag(element))
            return
        kind = "section" if as_section else kind_of(element)
        if not as_section:
            getattr(self.counts, status)[kind] += 1
        mark = "ins" if status == "added" else "del"
        label = mark_label(block_label(kind, status))
        css = f"diff-block diff-{status}"
        if element.tag in _MARKED_IN_PLACE:
            self.out.append(
                f"{start_tag(element, css)}{label}<{mark}>{inner(element)}</{mark}>"
                f"{end_tag(element)}"
            )
        elif element.tag == "tr":
            self.out.append(start_tag(element, css))
            for position, cell in enumerate(
                c for c in element if c.tag in ("td", "th")
            ):
                self.out.append(
                    f"{start_tag(cell)}{label if position == 0 else ''}"
                    f"<{mark}>{inner(cell)}</{mark}>{end_tag(cell)}"
                )
            self.out.append(end_tag(element))
        else:
            # Figures, rules, anything whose content model forbids a label
            # inside: wrap the whole element.
            whole = lxml_html.tostring(element, encoding="unicode", with_tail=False)
            self.out.append(f'<div class="{css}">{label}<{mark}>{whole}</{mark}></div>')

    # Blocks on both sides.

    def same(self, node: Node) -> None:
        if node.is_container:
            raise AssertionError("containers are walked, not copied")
        element = node.element
        self.out.append(
            start_tag(element) + inner(element) + end_tag(element)
            if element.tag not in VOID
            else start_tag(element)
        )

    def changed(self, old: Node, new: Node) -> None:
        element = new.element
        kind = kind_of(element)
        self.counts.changed[kind] += 1
        label = mark_label(block_label(kind, "changed"))
        css = "diff-block diff-changed"
        if element.tag == "tr" and old.element.tag == "tr":
            self._changed_row(old.element, element, label, css)
            return
        body = word_diff(old.element, element)
        if element.tag not in {"figure", "hr"}:
            self.out.append(f"{start_tag(element, css)}{label}{body}{end_tag(element)}")
        else:
            self.out.append(
                f'<div class="{css}">{label}{start_tag(element)}{body}'
                f"{end_tag(element)}</div>"
            )

    def _changed_row(
        self, old: etree._Element, new: etree._Element, label: str, css: str
    ) -> None:
        old_cells = [c for c in old if c.tag in ("td", "th")]
        new_cells = [c for c in new if c.tag in ("td", "th")]
        self.out.append(start_tag(new, css))
        for position, cell in enumerate(new_cells):
            before = old_cells[position] if position < len(old_cells) else None
            body = (
                word_diff(before, cell)
                if before is not None
                else (f"<ins>{word_mark('ins')}{inner(cell)}</ins>")
            )
            self.out.append(
                f"{start_tag(cell)}{label if position == 0 else ''}{body}"
                f"{end_tag(cell)}"
            )
        self.out.append(end_tag(new))
        for cell in old_cells[len(new_cells) :]:
            # A dropped column: say so in the last cell rather than break the row.
            self.out.insert(
                len(self.out) - 1,
                f"{start_tag(cell)}<del>{word_mark('del')}{inner(cell)}</del>"
                f"{end_tag(cell)}",
            )


def _similar(old: Node, new: Node) -> bool:
    if old.is_container or new.is_container:
        # Sections are matched by their id alone, never paired with another.
        return (
            old.is_container
            and new.is_container
            and not old.section_id
            and not new.section_id
            and old.key[1] == new.key[1]
        )
    if old.element.tag != new.element.tag:
        return False
    kind = kind_of(old.element)
    if kind != kind_of(new.element):
        return False
    if kind == "embedded table":
        # Another dataset is another table, however alike the titles.
        return False
    if not old.words and not new.words:
        return True
    # The share of words in common, order aside (difflib's quick_ratio): cheap,
    # and enough to tell a reworded paragraph from a different one.
    common = sum((old.bag & new.bag).values())
    return 2 * common / (len(old.words) + len(new.words)) >= SIMILAR


def _pairs(
    old: list[Node], new: list[Node]
) -> Iterator[tuple[Node | None, Node | None]]:
    """Align two runs of differing nodes: alike ones in pairs, the rest alone."""
    i = j = 0
    while i < len(old) and j < len(new):
        if _similar(old[i], new[j]):
            yield old[i], new[j]
            i, j = i + 1, j + 1
            continue
        ahead_new = next(
            (
                k
                for k in range(1, _LOOKAHEAD)
                if j + k < len(new) and _similar(old[i], new[j + k])
            ),
            None,
        )
        if ahead_new is not None:
            for k in range(ahead_new):
                yield None, new[j + k]
            j += ahead_new
            continue
        ahead_old = next(
            (
                k
                for k in range(1, _LOOKAHEAD)
                if i + k < len(old) and _similar(old[i + k], new[j])
            ),
            None,
        )
        if ahead_old is not None:
            for k in range(ahead_old):
                yield old[i + k], None
            i += ahead_old
            continue
        yield old[i], None
        yield None, new[j]
        i, j = i + 1, j + 1
    for node in old[i:]:
        yield node, None
    for node in new[j:]:
        yield None, node


def _heading_text(element: etree._Element) -> str:
    for child in element.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        return _SPACES.sub(" ", child.text_content()).strip()
    return element.get("id") or ""


def diff_level(writer: Writer, old: list[Node], new: list[Node]) -> None:
    old_keys = [n.key for n in old]
    new_keys = [n.key for n in new]
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    opcodes = matcher.get_opcodes()
    # Sections on both sides that the alignment left out: they moved.
    matched = {
        old[i].section_id
        for tag, i1, i2, _j1, _j2 in opcodes
        if tag == "equal"
        for i in range(i1, i2)
    }
    old_sections = {n.section_id: n for n in old if n.section_id}
    moved = {
        n.section_id
        for n in new
        if n.section_id in old_sections and n.section_id not in matched
    }
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            for before, after in zip(old[i1:i2], new[j1:j2], strict=True):
                _same_or_walk(writer, before, after)
            continue
        olds = [n for n in old[i1:i2] if n.section_id not in moved]
        news = [n for n in new[j1:j2] if n.section_id not in moved]
        for node in old[i1:i2]:
            if node.section_id in moved:
                writer.out.append(_moved_away(node))
        for before, after in _pairs(olds, news):
            if before is not None and after is not None:
                _same_or_walk(writer, before, after)
            elif before is not None:
                writer.whole(before, "removed", section=bool(before.section_id))
            elif after is not None:
                writer.whole(after, "added", section=bool(after.section_id))
        for node in new[j1:j2]:
            if node.section_id in moved:
                writer.counts.moved.append(_heading_text(node.element))
                _moved_here(writer, old_sections[node.section_id], node)


def _same_or_walk(writer: Writer, old: Node, new: Node) -> None:
    if new.is_container:
        writer.out.append(start_tag(new.element))
        diff_level(writer, children(old.element), children(new.element))
        writer.out.append(end_tag(new.element))
    elif old.key == new.key:
        writer.same(new)
    else:
        writer.changed(old, new)


def _moved_away(node: Node) -> str:
    text = _(
        "Section “%(heading)s” moved from here; it is shown where it now stands."
    ) % {"heading": _heading_text(node.element)}
    label = mark_label(_("Moved"))
    return f'<p class="diff-block diff-moved diff-moved-away">{label}{escape(text)}</p>'


def _moved_here(writer: Writer, old: Node, new: Node) -> None:
    writer.out.append(start_tag(new.element, "diff-moved diff-section"))
    label = mark_label(_("Moved here"))
    note = _("This section stood elsewhere; its old place says “Moved”.")
    writer.out.append(f'<p class="diff-block diff-moved">{label}{escape(note)}</p>')
    diff_level(writer, children(old.element), children(new.element))
    writer.out.append(end_tag(new.element))
