"""A block-level, then word-level diff of two sanitised HTML fragments.

What an approver or a reader compares is the page as readers see it, so the
diff works on rendered HTML, not on Markdown. It runs in two steps:

1. Blocks. The fragment is read as a tree of containers (sections, lists,
   tables, quotes) holding blocks (headings, paragraphs, list items, table
   rows, figures, references). Each level is aligned with difflib on the
   blocks' normalised HTML; a block present on one side only is shown whole as
   added or removed; neighbouring blocks that differ but are alike are paired
   as "changed". A section (a container with an id) found on both sides in a
   different order is shown as moved.
2. Words, inside a changed block: difflib on words tagged with their inline
   formatting, written back by a small stack machine, so every <ins> and <del>
   closes inside the element that opened it and never crosses a block.

Marks are more than colour: whole blocks carry a visible label ("Removed
paragraph") that print and screen readers keep, and word changes carry a
visually hidden "[added]"/"[removed]" for screen readers besides the
underline and strike-through. The output is sanitised again with nh3.

Pure: no Django models, so that every app may use it (epidemiology must never
import articles). Labels are translated with gettext at call time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property
from html import escape

import nh3
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from lxml import etree
from lxml import html as lxml_html

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
_VOID = frozenset({"br", "img", "hr", "wbr", "source", "track"})
# Attributes that change a block's meaning when they change: compared, kept.
_DROPPED_ATTRIBUTES = ("id", "aria-labelledby", "aria-describedby")

# Tags and attributes the output may hold: what pages render, plus the marks.
OUTPUT_TAGS = frozenset(
    {
        "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol",
        "li", "a", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody",
        "tfoot", "tr", "th", "td", "caption", "sup", "sub", "span", "div",
        "section", "figure", "figcaption", "img", "picture", "source", "video",
        "track", "cite", "ins", "del", "dl", "dt", "dd", "abbr", "small", "time",
        "details", "summary",
    }
)  # fmt: skip
OUTPUT_ATTRIBUTES = {
    "*": {"class", "lang"},
    "a": {"href", "title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading"},
    "source": {"src", "srcset", "sizes", "type", "media"},
    "video": {"controls", "poster", "preload", "width", "height"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "time": {"datetime"},
    "abbr": {"title"},
}

# Blocks this alike (difflib ratio of their words) are shown as one changed
# block; less alike, as one removed and one added.
SIMILAR = 0.4
# How far ahead the pairing of changed blocks looks for a partner.
_LOOKAHEAD = 4
# A word or a punctuation mark with the spaces after it: spaces are never
# compared on their own (half the tokens, and a re-wrapped line is no change).
_WORD = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")
_SPACES = re.compile(r"\s+")


# -- the summary ---------------------------------------------------------------


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


def _label(kind: str, status: str) -> str:
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


# -- reading the tree ----------------------------------------------------------


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


def _parse(fragment: str) -> etree._Element:
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
            for name in _DROPPED_ATTRIBUTES:
                node.attrib.pop(name, None)
    markup = lxml_html.tostring(element, encoding="unicode", with_tail=False)
    return _SPACES.sub(" ", markup).strip()


def _children(parent: etree._Element) -> list[Node]:
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


# -- writing -------------------------------------------------------------------


def _start_tag(element: etree._Element, extra_class: str = "") -> str:
    attributes = [
        (name, value)
        for name, value in element.attrib.items()
        if name not in _DROPPED_ATTRIBUTES and name != "class"
    ]
    classes = " ".join(c for c in ((element.get("class") or ""), extra_class) if c)
    if classes:
        attributes.append(("class", classes))
    rendered = "".join(f' {name}="{escape(value)}"' for name, value in attributes)
    return f"<{element.tag}{rendered}>"


def _end_tag(element: etree._Element) -> str:
    return "" if element.tag in _VOID else f"</{element.tag}>"


def _inner(element: etree._Element) -> str:
    parts = [escape(element.text or "")]
    for child in element:
        parts.append(lxml_html.tostring(child, encoding="unicode", with_tail=False))
        parts.append(escape(child.tail or ""))
    return "".join(parts)


def _mark_label(text: str) -> str:
    return f'<span class="diff-label">{escape(text)}</span> '


def _word_mark(status: str) -> str:
    # Hidden from sight (the underline and strike-through show it), read aloud.
    key = (status, get_language())
    if key not in _WORD_MARKS:
        word = _("added") if status == "ins" else _("removed")
        _WORD_MARKS[key] = f'<span class="visually-hidden">[{escape(word)}] </span>'
    return _WORD_MARKS[key]


_WORD_MARKS: dict[tuple[str, str | None], str] = {}


@dataclass
class _Writer:
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
            self.out.append(_start_tag(element, css))
            if section:
                getattr(self.counts, status)["section"] += 1
            heading_seen = not section
            for child in _children(element):
                # A whole section's heading says so: "Removed section".
                is_heading = kind_of(child.element) == "heading"
                self.whole(child, status, as_section=is_heading and not heading_seen)
                heading_seen = heading_seen or is_heading
            self.out.append(_end_tag(element))
            return
        kind = "section" if as_section else kind_of(element)
        if not as_section:
            getattr(self.counts, status)[kind] += 1
        mark = "ins" if status == "added" else "del"
        label = _mark_label(_label(kind, status))
        css = f"diff-block diff-{status}"
        if element.tag in _MARKED_IN_PLACE:
            self.out.append(
                f"{_start_tag(element, css)}{label}<{mark}>{_inner(element)}</{mark}>"
                f"{_end_tag(element)}"
            )
        elif element.tag == "tr":
            self.out.append(_start_tag(element, css))
            for position, cell in enumerate(
                c for c in element if c.tag in ("td", "th")
            ):
                self.out.append(
                    f"{_start_tag(cell)}{label if position == 0 else ''}"
                    f"<{mark}>{_inner(cell)}</{mark}>{_end_tag(cell)}"
                )
            self.out.append(_end_tag(element))
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
            _start_tag(element) + _inner(element) + _end_tag(element)
            if element.tag not in _VOID
            else _start_tag(element)
        )

    def changed(self, old: Node, new: Node) -> None:
        element = new.element
        kind = kind_of(element)
        self.counts.changed[kind] += 1
        label = _mark_label(_label(kind, "changed"))
        css = "diff-block diff-changed"
        if element.tag == "tr" and old.element.tag == "tr":
            self._changed_row(old.element, element, label, css)
            return
        body = word_diff(old.element, element)
        if element.tag not in {"figure", "hr"}:
            self.out.append(
                f"{_start_tag(element, css)}{label}{body}{_end_tag(element)}"
            )
        else:
            self.out.append(
                f'<div class="{css}">{label}{_start_tag(element)}{body}'
                f"{_end_tag(element)}</div>"
            )

    def _changed_row(
        self, old: etree._Element, new: etree._Element, label: str, css: str
    ) -> None:
        old_cells = [c for c in old if c.tag in ("td", "th")]
        new_cells = [c for c in new if c.tag in ("td", "th")]
        self.out.append(_start_tag(new, css))
        for position, cell in enumerate(new_cells):
            before = old_cells[position] if position < len(old_cells) else None
            body = (
                word_diff(before, cell)
                if before is not None
                else (f"<ins>{_word_mark('ins')}{_inner(cell)}</ins>")
            )
            self.out.append(
                f"{_start_tag(cell)}{label if position == 0 else ''}{body}"
                f"{_end_tag(cell)}"
            )
        self.out.append(_end_tag(new))
        for cell in old_cells[len(new_cells) :]:
            # A dropped column: say so in the last cell rather than break the row.
            self.out.insert(
                len(self.out) - 1,
                f"{_start_tag(cell)}<del>{_word_mark('del')}{_inner(cell)}</del>"
                f"{_end_tag(cell)}",
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


def _diff_level(writer: _Writer, old: list[Node], new: list[Node]) -> None:
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


def _same_or_walk(writer: _Writer, old: Node, new: Node) -> None:
    if new.is_container:
        writer.out.append(_start_tag(new.element))
        _diff_level(writer, _children(old.element), _children(new.element))
        writer.out.append(_end_tag(new.element))
    elif old.key == new.key:
        writer.same(new)
    else:
        writer.changed(old, new)


def _moved_away(node: Node) -> str:
    text = _(
        "Section “%(heading)s” moved from here; it is shown where it now stands."
    ) % {"heading": _heading_text(node.element)}
    label = _mark_label(_("Moved"))
    return f'<p class="diff-block diff-moved diff-moved-away">{label}{escape(text)}</p>'


def _moved_here(writer: _Writer, old: Node, new: Node) -> None:
    writer.out.append(_start_tag(new.element, "diff-moved diff-section"))
    label = _mark_label(_("Moved here"))
    note = _("This section stood elsewhere; its old place says “Moved”.")
    writer.out.append(f'<p class="diff-block diff-moved">{label}{escape(note)}</p>')
    _diff_level(writer, _children(old.element), _children(new.element))
    writer.out.append(_end_tag(new.element))


# -- words -----------------------------------------------------------------------


_Token = tuple[
    str, tuple[str, ...], bool
]  # (text or markup, inline context, is markup)


def _tokens(element: etree._Element | None) -> list[_Token]:
    """The words, spaces and void elements of a block, each with the start tags
    of the inline elements around it."""
    tokens: list[_Token] = []
    if element is None:
        return tokens

    def text(value: str | None, context: tuple[str, ...]) -> None:
        for word in _WORD.findall(value or ""):
            tokens.append((word, context, False))

    def walk(node: etree._Element, context: tuple[str, ...]) -> None:
        text(node.text, context)
        for child in node:
            if isinstance(child.tag, str):
                if child.tag in _VOID:
                    tokens.append((_start_tag(child), context, True))
                else:
                    walk(child, (*context, _start_tag(child)))
            text(child.tail, context)

    walk(element, ())
    return tokens


def _keys(
    tokens: list[_Token], ids: dict[tuple[str, tuple[str, ...]], int]
) -> list[int]:
    """Each token as a small int (difflib hashes ints much faster than tuples);
    a word is compared without its trailing spaces, its context with it."""
    return [
        ids.setdefault((word.strip() or " ", context), len(ids))
        for word, context, _markup in tokens
    ]


def _tag_name(start_tag: str) -> str:
    return start_tag[1:].split(" ", 1)[0].rstrip(">")


def _write_tokens(tokens: list[tuple[_Token, str]]) -> str:
    """Serialise (token, status) pairs; status is "", "ins" or "del". The stack
    of open tags follows each token's context, with <ins>/<del> innermost, so
    the output is always well nested."""
    out: list[str] = []
    text: list[str] = []  # words waiting to be escaped in one go
    stack: tuple[str, ...] = ()
    previous_status = ""
    for (word, context, markup), status in tokens:
        wanted = (*context, f"<{status}>") if status else context
        if wanted != stack:
            out.append(escape("".join(text)))
            text = []
            common = 0
            limit = min(len(stack), len(wanted))
            while common < limit and stack[common] == wanted[common]:
                common += 1
            out.extend(f"</{_tag_name(start)}>" for start in reversed(stack[common:]))
            for start in wanted[common:]:
                out.append(start)
                if start in ("<ins>", "<del>") and status != previous_status:
                    out.append(_word_mark(status))
            stack = wanted
        if markup:
            out.append(escape("".join(text)))
            text = []
            out.append(word)
        else:
            text.append(word)
        previous_status = status
    out.append(escape("".join(text)))
    out.extend(f"</{_tag_name(start)}>" for start in reversed(stack))
    return "".join(out)


def word_diff(old: etree._Element | None, new: etree._Element | None) -> str:
    """The inner HTML of `new` with the words that differ from `old` marked."""
    a, b = _tokens(old), _tokens(new)
    ids: dict[tuple[str, tuple[str, ...]], int] = {}
    matcher = SequenceMatcher(None, _keys(a, ids), _keys(b, ids), autojunk=False)
    runs: list[tuple[str, list[_Token], list[_Token]]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        runs.append((tag, a[i1:i2], b[j1:j2]))
    runs = _absorb_small_equal_runs(runs)
    out: list[tuple[_Token, str]] = []
    for tag, before, after in runs:
        if tag == "equal":
            out.extend((token, "") for token in after)
        else:
            out.extend(_changed_run(before, after))
    return _write_tokens(out)


def _changed_run(before: list[_Token], after: list[_Token]) -> list[tuple[_Token, str]]:
    """Removed then added words; the space after the last word stays outside
    the marks ("<del>100</del><ins>200</ins> mg", not "<ins>200 </ins>mg")."""
    space: _Token | None = None
    marked: list[tuple[_Token, str]] = []
    for tokens, status in ((before, "del"), (after, "ins")):
        if not tokens:
            continue
        *rest, (word, context, markup) = tokens
        trimmed = word.rstrip()
        if trimmed != word and not markup:
            space = (word[len(trimmed) :], context, False)
            tokens = [*rest, (trimmed, context, markup)] if trimmed else rest
        marked.extend((token, status) for token in tokens)
    if space is not None:
        marked.append((space, ""))
    return marked


def _is_filler(word: str) -> bool:
    return not word.strip() or (len(word) == 1 and not word.isalnum())


def _absorb_small_equal_runs(
    runs: list[tuple[str, list[_Token], list[_Token]]],
) -> list[tuple[str, list[_Token], list[_Token]]]:
    """A space or a comma left equal between two changes splits one change in
    two ("<del>a</del><ins>b</ins> <del>c</del><ins>d</ins>"): fold it in."""
    merged: list[tuple[str, list[_Token], list[_Token]]] = []
    for index, run in enumerate(runs):
        tag, before, after = run
        between_changes = (
            tag == "equal"
            and 0 < index < len(runs) - 1
            and all(_is_filler(token[0]) for token in after)
        )
        if between_changes or tag != "equal":
            if merged and merged[-1][0] == "change":
                _tag, old_before, old_after = merged[-1]
                merged[-1] = ("change", old_before + before, old_after + after)
            else:
                merged.append(("change", list(before), list(after)))
        else:
            merged.append(run)
    return merged


# -- the entry point ---------------------------------------------------------------


@dataclass
class HtmlDiff:
    html: str
    counts: Counts


def diff_html(old_fragment: str, new_fragment: str) -> HtmlDiff:
    """The new fragment with what changed from the old one marked, and counts."""
    writer = _Writer(counts=Counts())
    _diff_level(
        writer, _children(_parse(old_fragment)), _children(_parse(new_fragment))
    )
    html = nh3.clean(
        "".join(writer.out),
        tags=set(OUTPUT_TAGS),
        attributes={k: set(v) for k, v in OUTPUT_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
    return HtmlDiff(html=html, counts=writer.counts)


def text_diff(old: str, new: str) -> str:
    """Two plain texts (a title, a list of codes) as escaped HTML with the
    words that differ marked."""
    before, after = lxml_html.Element("span"), lxml_html.Element("span")
    before.text, after.text = old, new
    return word_diff(before, after)
