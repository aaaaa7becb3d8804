"""The diff engine on its own (oncolex/htmldiff.py): 9 pairs of fragments, each
checked for what a reader would see and for well-formed output."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import html5lib
import pytest

from oncolex.htmldiff import diff_html, text_diff

BLOCKS = {"p", "li", "tr", "td", "th", "h2", "h3", "section", "ul", "ol", "table"}


def _fragment(html: str) -> ET.Element:
    parser = html5lib.HTMLParser(
        strict=True,
        tree=html5lib.getTreeBuilder("etree", ET),
        namespaceHTMLElements=False,
    )
    return parser.parseFragment(html)


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


PAIRS = {
    "word in a paragraph": ("<p>Give 100 mg daily.</p>", "<p>Give 200 mg daily.</p>"),
    "word in emphasis": (
        "<p>NETs are <em>rare</em> tumours.</p>",
        "<p>NETs are <em>uncommon</em> tumours.</p>",
    ),
    "change across inline tags": (
        "<p>Grade by <strong>Ki-67 index</strong> and mitoses.</p>",
        "<p>Grade by mitoses <em>and necrosis</em>.</p>",
    ),
    "paragraph added at the start": ("<p>Two.</p>", "<p>One new.</p><p>Two.</p>"),
    "nested list item removed": (
        "<ul><li><p>A</p><ul><li>a1</li><li>a2</li></ul></li></ul>",
        "<ul><li><p>A</p><ul><li>a1</li></ul></li></ul>",
    ),
    "figure replaced": (
        '<figure><img src="/m/a.webp" alt="A"><figcaption>Old</figcaption></figure>',
        '<figure><img src="/m/b.webp" alt="B"><figcaption>New</figcaption></figure>',
    ),
    "everything new": ("", "<section id='s'><h2>S</h2><p>Body.</p></section>"),
    "everything gone": ("<section id='s'><h2>S</h2><p>Body.</p></section>", ""),
    "hostile text stays text": (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        "<p>&lt;script&gt;alert(2)&lt;/script&gt;</p>",
    ),
}


@pytest.mark.parametrize(("old", "new"), PAIRS.values(), ids=PAIRS.keys())
def test_output_is_well_formed_and_marks_never_hold_a_block(old, new):
    diff = diff_html(old, new)
    root = _fragment(diff.html)  # strict: raises on any parse error
    assert "<script" not in diff.html
    for mark in [*root.iter("ins"), *root.iter("del")]:
        inner = {e.tag for e in mark.iter()} - {mark.tag}
        # Only a whole figure (or rule) is wrapped, in a labelled block.
        assert not inner & BLOCKS, (mark.tag, inner)


def test_a_changed_word_is_marked_alone_with_its_spaces_outside():
    html = diff_html("<p>Give 100 mg daily.</p>", "<p>Give 200 mg daily.</p>").html
    assert (
        'Give <del><span class="visually-hidden">[removed] </span>100</del>'
        '<ins><span class="visually-hidden">[added] </span>200</ins> mg daily.'
    ) in html


def test_marks_sit_inside_the_inline_element_they_change():
    html = diff_html(
        "<p>NETs are <em>rare</em> tumours.</p>",
        "<p>NETs are <em>uncommon</em> tumours.</p>",
    ).html
    assert "<em><del>" in html and "</ins></em>" in html


def test_a_changed_nested_list_item_shows_where_it_was():
    root = _fragment(
        diff_html(
            "<ul><li><p>A</p><ul><li>a1</li><li>a2</li></ul></li></ul>",
            "<ul><li><p>A</p><ul><li>a1</li></ul></li></ul>",
        ).html
    )
    removed = [li for li in root.iter("li") if "diff-removed" in li.get("class", "")]
    assert [_text(li) for li in removed] == ["Removed list item a2"]


def test_a_figure_is_one_block():
    diff = diff_html(
        '<figure><img src="/m/a.webp" alt="A"><figcaption>Seen at endoscopy'
        "</figcaption></figure>",
        '<figure><img src="/m/b.webp" alt="B"><figcaption>Seen at colonoscopy'
        "</figcaption></figure>",
    )
    assert dict(diff.counts.changed) == {"figure": 1}
    assert diff.html.count("<figure") == 1
    root = _fragment(diff.html)
    removed = [img.get("src") for mark in root.iter("del") for img in mark.iter("img")]
    added = [img.get("src") for mark in root.iter("ins") for img in mark.iter("img")]
    assert (removed, added) == (["/m/a.webp"], ["/m/b.webp"])
    assert "colonoscopy" in [_text(mark).split()[-1] for mark in root.iter("ins")]


def test_counts_say_what_changed():
    diff = diff_html(
        "<section id='a'><h2>A</h2><p>Kept.</p><p>Gone.</p></section>"
        "<section id='b'><h2>B</h2><p>b</p></section>",
        "<section id='b'><h2>B</h2><p>b</p></section>"
        "<section id='a'><h2>A</h2><p>Kept.</p></section>"
        "<section id='c'><h2>C</h2><p>New.</p></section>",
    )
    assert diff.counts.phrases() == [
        "1 section added",
        "1 paragraph added, 1 removed",
        "1 section moved",
    ]


def test_text_diff_escapes_and_marks_words():
    assert text_diff("C17 <b>", "C17 C25.4") == (
        'C17 <del><span class="visually-hidden">[removed] </span>&lt;b&gt;</del>'
        '<ins><span class="visually-hidden">[added] </span>C25.4</ins>'
    )


def test_a_huge_changed_block_is_shown_replaced_whole():
    # One word shifted in a 5,000-word paragraph: past the word-by-word limit
    # the whole old text is removed and the whole new text added.
    old = "<p>" + " ".join(f"w{n}" for n in range(5000)) + "</p>"
    new = "<p>" + " ".join(f"w{n}" for n in range(1, 5001)) + "</p>"
    root = _fragment(diff_html(old, new).html)
    removed = [_text(m).split()[1:] for m in root.iter("del")]
    added = [_text(m).split()[1:] for m in root.iter("ins")]
    assert removed == [[f"w{n}" for n in range(5000)]]
    assert added == [[f"w{n}" for n in range(1, 5001)]]
