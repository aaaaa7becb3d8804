"""Stored HTML split into its parts for the API, as publishing wrote it."""

from __future__ import annotations

from articles.stored_parts import references, sections


def test_sections_are_cut_at_their_own_openings_in_contents_order():
    body = (
        '<section id="a" aria-labelledby="a-h"><h2 id="a-h">A</h2><p>One</p>'
        '<figure><section id="not-a-toc-entry"><p>x</p></section></figure>'
        "</section>\n"
        '<section id="b" aria-labelledby="b-h"><h2 id="b-h">B &amp; C</h2>'
        "<p>Two</p></section>"
    )
    toc = [{"anchor": "a", "heading": "A"}, {"anchor": "b", "heading": "B & C"}]
    assert [(s.anchor, s.heading, s.html) for s in sections(body, toc)] == [
        (
            "a",
            "A",
            '<p>One</p><figure><section id="not-a-toc-entry"><p>x</p></section>'
            "</figure>",
        ),
        ("b", "B & C", "<p>Two</p>"),
    ]


def test_references_keep_their_numbers_text_and_identifiers():
    html = (
        '<ol class="references">\n<li id="ref-1">Doe J. A title. <cite>J</cite> 2020.'
        ' <a href="https://pubmed.ncbi.nlm.nih.gov/123/">PMID 123</a>'
        ' <a href="https://doi.org/10.1000/a&amp;b">doi:10.1000/a&amp;b</a></li>\n'
        '<li id="ref-2">Roe R. Book &amp; more. 1999.</li>\n</ol>'
    )
    first, second = references(html)
    assert (first.number, first.pmid, first.doi) == (1, "123", "10.1000/a&b")
    assert first.text == "Doe J. A title. J 2020. PMID 123 doi:10.1000/a&b"
    assert (second.number, second.pmid, second.doi) == (2, None, None)
    assert second.text == "Roe R. Book & more. 1999."
