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

from dataclasses import dataclass

import nh3
from lxml import html as lxml_html

from oncolex.htmldiff.blocks import Writer, children, diff_level, parse
from oncolex.htmldiff.summary import Counts
from oncolex.htmldiff.words import word_diff

__all__ = ["Counts", "HtmlDiff", "diff_html", "text_diff", "word_diff"]

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
    "a": {"href", "title", "rel"},
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


@dataclass
class HtmlDiff:
    html: str
    counts: Counts


def diff_html(old_fragment: str, new_fragment: str) -> HtmlDiff:
    """The new fragment with what changed from the old one marked, and counts."""
    writer = Writer(counts=Counts())
    diff_level(writer, children(parse(old_fragment)), children(parse(new_fragment)))
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
