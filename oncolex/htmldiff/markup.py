"""Writing elements back as HTML, and the marks that label a change."""

from __future__ import annotations

from html import escape

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from lxml import etree
from lxml import html as lxml_html

VOID = frozenset({"br", "img", "hr", "wbr", "source", "track"})
# Attributes that say where a block is, not what it says: ignored when blocks
# are compared, and dropped from the output (ids would clash between sides).
DROPPED_ATTRIBUTES = ("id", "aria-labelledby", "aria-describedby")


def start_tag(element: etree._Element, extra_class: str = "") -> str:
    attributes = [
        (name, value)
        for name, value in element.attrib.items()
        if name not in DROPPED_ATTRIBUTES and name != "class"
    ]
    classes = " ".join(c for c in ((element.get("class") or ""), extra_class) if c)
    if classes:
        attributes.append(("class", classes))
    rendered = "".join(f' {name}="{escape(value)}"' for name, value in attributes)
    return f"<{element.tag}{rendered}>"


def end_tag(element: etree._Element) -> str:
    return "" if element.tag in VOID else f"</{element.tag}>"


def inner(element: etree._Element) -> str:
    parts = [escape(element.text or "")]
    for child in element:
        parts.append(lxml_html.tostring(child, encoding="unicode", with_tail=False))
        parts.append(escape(child.tail or ""))
    return "".join(parts)


def mark_label(text: str) -> str:
    return f'<span class="diff-label">{escape(text)}</span> '


def word_mark(status: str) -> str:
    # Hidden from sight (the underline and strike-through show it), read aloud.
    key = (status, get_language())
    if key not in _WORD_MARKS:
        word = _("added") if status == "ins" else _("removed")
        _WORD_MARKS[key] = f'<span class="visually-hidden">[{escape(word)}] </span>'
    return _WORD_MARKS[key]


_WORD_MARKS: dict[tuple[str, str | None], str] = {}
