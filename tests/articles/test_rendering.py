from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from articles.rendering import RenderedBody, render_body, sanitise
from articles.slugs import slugify_anchor
from tests.articles.hostile_markdown import CORPUS, Hostile

# What a section body may contain once rendered: text structure, links, tables.
SAFE_ELEMENTS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "sup",
    "span",
}  # fmt: skip
DANGEROUS_ELEMENTS = {
    "script", "iframe", "object", "embed", "style", "form", "img", "svg", "base",
    "meta", "link", "input", "button", "math", "template", "noscript", "video",
    "source", "body", "frame", "frameset", "applet", "bgsound", "marquee",
}  # fmt: skip
SAFE_ATTRIBUTES = {"href", "title", "class", "id", "scope", "start", "rel"}
SAFE_SCHEMES = {"http", "https", "mailto"}


def resolve(slug: str, anchor: str) -> tuple[str, str] | None:
    """The documented resolver callback, over two published articles."""
    published = {
        "neuroendocrine-tumours": ("en", {"", "grading", "staging"}, ""),
        "nevroendokrine-svulster": ("nb", {"", "gradering"}, "In Norwegian"),
    }
    if slug not in published or anchor not in published[slug][1]:
        return None
    language, _, note = published[slug]
    return f"/{language}/articles/{slug}/" + (f"#{anchor}" if anchor else ""), note


RESOLVED_URLS = {
    "/en/articles/neuroendocrine-tumours/",
    "/en/articles/neuroendocrine-tumours/#grading",
    "/en/articles/neuroendocrine-tumours/#staging",
    "/nb/articles/nevroendokrine-svulster/",
    "/nb/articles/nevroendokrine-svulster/#gradering",
}


def render(
    body: str, *, reference_count: int = 3, taken: set[str] | None = None
) -> RenderedBody:
    return render_body(
        body,
        anchor_prefix="histology",
        reference_count=reference_count,
        resolve_link=resolve,
        taken_anchors=taken if taken is not None else {"histology"},
    )


class Page(HTMLParser):
    """Rendered HTML as a browser's tokeniser reads it (entities decoded)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.declarations: list[str] = []
        self._text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_comment(self, data: str) -> None:
        self.declarations.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self.declarations.append(f"<![{data}]>")

    def handle_pi(self, data: str) -> None:
        self.declarations.append(f"<?{data}>")

    @property
    def text(self) -> str:
        return "".join(self._text)

    @property
    def tags(self) -> set[str]:
        return {tag for tag, _ in self.elements}

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.elements if name == tag]

    @property
    def hrefs(self) -> list[str]:
        return [attrs["href"] for attrs in self.all("a") if "href" in attrs]


def is_safe_href(href: str) -> bool:
    # Browsers drop tabs and newlines anywhere in a URL and trim control
    # characters and spaces around it before they read the scheme.
    url = re.sub(r"[\t\n\r]", "", href).strip("".join(map(chr, range(0x21))))
    if url.startswith("#"):
        return True
    if url.startswith("/"):
        return url in RESOLVED_URLS
    return urlsplit(url).scheme.lower() in SAFE_SCHEMES


# The same input reaches the parser through every block and inline context.
CONTEXTS = {
    "paragraph": ("", ""),
    "heading": ("## ", ""),
    "table cell": ("| h |\n| --- |\n| ", " |"),
    "link text": ("[", "](https://example.com)"),
    "quoted list item": ("> - *", "*"),
}


@functools.cache
def page_for(body: str) -> Page:
    return Page(render(body).html)


corpus = pytest.mark.parametrize("hostile", CORPUS, ids=[h.name for h in CORPUS])
contexts = pytest.mark.parametrize("wrapping", CONTEXTS.values(), ids=list(CONTEXTS))


def test_corpus_is_broad() -> None:
    assert len(CORPUS) >= 60
    assert len({hostile.name for hostile in CORPUS}) == len(CORPUS)


@corpus
@contexts
def test_hostile_body_renders_no_dangerous_element(
    hostile: Hostile, wrapping: tuple[str, str]
) -> None:
    page = page_for(wrapping[0] + hostile.body + wrapping[1])
    assert not page.tags & DANGEROUS_ELEMENTS
    assert page.tags <= SAFE_ELEMENTS


@corpus
@contexts
def test_hostile_body_renders_no_event_handler_or_style(
    hostile: Hostile, wrapping: tuple[str, str]
) -> None:
    page = page_for(wrapping[0] + hostile.body + wrapping[1])
    attributes = {name for _, attrs in page.elements for name in attrs}
    assert not {name for name in attributes if name.startswith("on")}
    assert "style" not in attributes
    assert attributes <= SAFE_ATTRIBUTES


@corpus
@contexts
def test_hostile_body_links_only_to_allowed_schemes_or_resolved_pages(
    hostile: Hostile, wrapping: tuple[str, str]
) -> None:
    page = page_for(wrapping[0] + hostile.body + wrapping[1])
    assert [href for href in page.hrefs if not is_safe_href(href)] == []


@corpus
@contexts
def test_hostile_body_leaves_no_comment_or_declaration(
    hostile: Hostile, wrapping: tuple[str, str]
) -> None:
    assert page_for(wrapping[0] + hostile.body + wrapping[1]).declarations == []


@pytest.mark.parametrize(
    "hostile",
    [h for h in CORPUS if h.shown is not None],
    ids=[h.name for h in CORPUS if h.shown is not None],
)
def test_hostile_body_is_shown_to_the_reader_as_plain_text(hostile: Hostile) -> None:
    assert hostile.shown is not None
    assert hostile.shown in page_for(hostile.body).text


@corpus
def test_sanitiser_alone_strips_hostile_html(hostile: Hostile) -> None:
    # The second wall holds even if Markdown ever let raw HTML through.
    page = Page(sanitise(hostile.body))
    attributes = {name for _, attrs in page.elements for name in attrs}
    assert page.tags <= SAFE_ELEMENTS
    assert not {name for name in attributes if name.startswith("on")}
    assert "style" not in attributes
    assert all(
        urlsplit(href.strip()).scheme.lower() in SAFE_SCHEMES | {""}
        for href in page.hrefs
    )


def test_bad_scheme_link_is_text_not_a_link() -> None:
    page = page_for("See [the trial](javascript:alert(1)) for details.")
    assert page.all("a") == []
    assert page.text.strip() == "See [the trial](javascript:alert(1)) for details."


def test_raw_anchor_shows_its_markup_and_no_link() -> None:
    page = page_for('<a href="https://example.com">trial</a>')
    assert page.all("a") == []
    assert page.text.strip() == '<a href="https://example.com">trial</a>'


def test_web_mail_and_fragment_links_keep_their_targets() -> None:
    page = page_for(
        "[NCCN](https://www.nccn.org/guidelines) [old](http://example.com/a?b=1&c=2) "
        "[mail](mailto:redaksjon@example.no) [below](#histology-grading) "
        "<https://pubmed.ncbi.nlm.nih.gov/18853416/>"
    )
    assert page.hrefs == [
        "https://www.nccn.org/guidelines",
        "http://example.com/a?b=1&c=2",
        "mailto:redaksjon@example.no",
        "#histology-grading",
        "https://pubmed.ncbi.nlm.nih.gov/18853416/",
    ]


def test_only_links_that_leave_the_site_keep_the_referrer_and_page_to_themselves() -> (
    None
):
    page = page_for(
        "[NCCN](https://www.nccn.org/guidelines) [old](http://example.com/) "
        "[mail](mailto:redaksjon@example.no) [below](#histology-grading) "
        "[NET](article:neuroendocrine-tumours) cited [1] "
        "<https://pubmed.ncbi.nlm.nih.gov/18853416/> ![CT](https://example.com/ct.png)"
    )
    assert [link.get("rel") for link in page.all("a")] == [
        "noopener noreferrer",
        "noopener noreferrer",
        None,
        None,
        None,
        None,
        "noopener noreferrer",
        "noopener noreferrer",
    ]


def test_relative_path_link_is_text_because_only_the_resolver_makes_paths() -> None:
    page = page_for("[admin](/admin/)")
    assert page.all("a") == []
    assert page.text.strip() == "[admin](/admin/)"


def test_image_shows_as_a_link_to_the_picture_not_an_image() -> None:
    page = page_for("![CT scan](https://example.com/ct.png)")
    assert "img" not in page.tags
    assert page.hrefs == ["https://example.com/ct.png"]
    assert "CT scan" in page.text


def test_markdown_table_renders_header_and_data_cells() -> None:
    page = page_for(
        "| Grade | Ki-67 |\n| :-- | --: |\n| G1 | < 3 % |\n| G2 | 3\u201320 % |"
    )
    assert [tag for tag, _ in page.elements if tag in {"th", "td"}] == [
        "th", "th", "td", "td", "td", "td",
    ]  # fmt: skip
    assert [attrs.get("scope") for attrs in page.all("th")] == ["col", "col"]
    assert "< 3 %" in page.text


def test_body_heading_sits_below_the_section_h2() -> None:
    page = page_for("# Grading\n\n## Ki-67\n\n### Mitoses\n\n#### Notes")
    assert [tag for tag, _ in page.elements] == ["h3", "h4", "h5", "h6"]


def test_heading_anchor_is_prefixed_with_the_section_anchor() -> None:
    rendered = render("# WHO grade")
    assert Page(rendered.html).all("h3") == [{"id": "histology-who-grade"}]
    assert rendered.anchors == ["histology-who-grade"]


def test_repeated_heading_gets_a_numbered_anchor() -> None:
    rendered = render("# Grade\n\n# Grade\n\n# Grade")
    assert rendered.anchors == [
        "histology-grade",
        "histology-grade-2",
        "histology-grade-3",
    ]


def test_heading_anchor_avoids_anchors_taken_elsewhere_in_the_article() -> None:
    taken = {"histology", "histology-grade"}
    rendered = render("# Grade", taken=taken)
    assert rendered.anchors == ["histology-grade-2"]
    assert "histology-grade-2" in taken


def test_punctuation_only_heading_never_takes_the_section_anchor() -> None:
    rendered = render("# ???\n\n# ???")
    assert rendered.anchors == ["histology-2", "histology-3"]


def test_heading_anchor_comes_from_the_words_not_the_markup_or_link_target() -> None:
    rendered = render("# **Grading** by [WHO](https://who.int) `2019`")
    assert rendered.anchors == ["histology-grading-by-who-2019"]


def test_heading_anchors_are_the_same_on_every_render() -> None:
    body = "# Grade\n\n## Stage\n\n# Grade"
    assert render(body).anchors == render(body).anchors


def test_norwegian_letters_are_spelled_out_in_anchors() -> None:
    assert slugify_anchor("Forekomst og årsaker") == "forekomst-og-arsaker"
    assert slugify_anchor("Ærlig Øvelse Åpen") == "aerlig-ovelse-apen"
    assert slugify_anchor("Sær, død og blå") == "saer-dod-og-bla"
    assert render("# Årsaker").anchors == ["histology-arsaker"]


def test_citation_links_to_its_reference() -> None:
    page = page_for("Most tumours are well differentiated [1].")
    # Nothing but the target: a long article has hundreds of citations.
    assert page.all("a") == [{"href": "#ref-1"}]
    assert page.text.strip() == "Most tumours are well differentiated [1]."


def test_citation_list_links_each_reference() -> None:
    assert page_for("Seen in trials [1, 3].").hrefs == ["#ref-1", "#ref-3"]


def test_citation_range_links_its_first_and_last_reference() -> None:
    page = page_for("Seen in trials [1-3] and [1\u20132].")
    assert page.hrefs == ["#ref-1", "#ref-3", "#ref-1", "#ref-2"]
    assert "[1-3] and [1\u20132]" in page.text


def test_zero_padded_citation_links_to_the_existing_reference() -> None:
    assert page_for("As shown [01].").hrefs == ["#ref-1"]


def test_citation_beyond_the_reference_list_stays_text_and_is_reported() -> None:
    rendered = render("Seen in trials [4] and [2, 7].", reference_count=3)
    page = Page(rendered.html)
    assert page.all("a") == []
    assert page.text.strip() == "Seen in trials [4] and [2, 7]."
    assert rendered.problems == [
        "Citation [4] points at no reference (the article has 3).",
        "Citation [2, 7] points at no reference (the article has 3).",
    ]


def test_citation_zero_is_reported() -> None:
    assert render("As shown [0].").problems == [
        "Citation [0] points at no reference (the article has 3)."
    ]


def test_escaped_brackets_are_literal_text_not_a_citation() -> None:
    rendered = render(r"Interval \[1, 2\] and &#91;3&#93;.")
    assert Page(rendered.html).all("a") == []
    assert Page(rendered.html).text.strip() == "Interval [1, 2] and [3]."
    assert rendered.problems == []


def test_bracketed_year_is_neither_citation_nor_problem() -> None:
    rendered = render("Updated [2024].")
    assert Page(rendered.html).all("a") == []
    assert rendered.problems == []


def test_citation_in_code_is_not_linked() -> None:
    assert page_for("Write `[1]` to cite.").all("a") == []


def test_citation_inside_link_text_does_not_nest_links() -> None:
    page = page_for("[trial [1]](https://example.com)")
    assert page.hrefs == ["https://example.com"]


def test_internal_link_points_at_the_resolved_section() -> None:
    rendered = render("[see Grading](article:neuroendocrine-tumours#grading)")
    page = Page(rendered.html)
    assert page.hrefs == ["/en/articles/neuroendocrine-tumours/#grading"]
    assert page.text.strip() == "see Grading"
    assert rendered.problems == []


def test_internal_link_to_a_whole_article_resolves() -> None:
    page = page_for("[NET](article:neuroendocrine-tumours)")
    assert page.hrefs == ["/en/articles/neuroendocrine-tumours/"]


def test_internal_link_in_other_language_carries_the_resolvers_note() -> None:
    page = page_for("[gradering](article:nevroendokrine-svulster#gradering)")
    assert page.all("a") == [
        {
            "href": "/nb/articles/nevroendokrine-svulster/#gradering",
            "title": "In Norwegian",
        }
    ]


def test_internal_link_by_reference_definition_resolves() -> None:
    page = page_for("[Grading][g]\n\n[g]: article:neuroendocrine-tumours#grading")
    assert page.hrefs == ["/en/articles/neuroendocrine-tumours/#grading"]


def test_internal_link_scheme_is_case_insensitive() -> None:
    page = page_for("[Grading](Article:neuroendocrine-tumours#grading)")
    assert page.hrefs == ["/en/articles/neuroendocrine-tumours/#grading"]


def test_resolver_is_asked_for_the_slug_and_anchor_as_typed() -> None:
    asked: list[tuple[str, str]] = []

    def recording(slug: str, anchor: str) -> tuple[str, str] | None:
        asked.append((slug, anchor))
        return None

    render_body(
        "[a](article:neuroendocrine-tumours#grading) [b](article:svulster#årsaker)",
        anchor_prefix="histology",
        reference_count=0,
        resolve_link=recording,
    )
    assert asked == [("neuroendocrine-tumours", "grading"), ("svulster", "årsaker")]


def test_unresolved_internal_link_keeps_its_text_without_a_link() -> None:
    page = page_for("Read [the staging](article:no-such-article#staging) first.")
    assert page.all("a") == []
    assert page.text.strip() == "Read the staging first."


def test_link_to_a_missing_section_keeps_its_text_without_a_link() -> None:
    page = page_for("Read [the surgery](article:neuroendocrine-tumours#surgery).")
    assert page.all("a") == []
    assert page.text.strip() == "Read the surgery."


def test_unresolved_internal_link_is_reported_to_the_editor() -> None:
    rendered = render("[the staging](article:no-such-article#staging)")
    assert rendered.problems == [
        "Link to article:no-such-article#staging has no published target."
    ]


def test_unresolved_internal_link_keeps_citations_and_emphasis_in_its_text() -> None:
    page = page_for("[*staging* [2]](article:no-such-article)")
    assert page.hrefs == ["#ref-2"]
    assert "em" in page.tags
    assert page.text.strip() == "staging [2]"


def test_plain_text_holds_the_words_without_markup_or_link_targets() -> None:
    rendered = render(
        "# Grading\n\nSee **[the staging](article:neuroendocrine-tumours#staging)** "
        "and `Ki-67` [1].\n\n```\nG1 < 3 %\n```"
    )
    assert rendered.text == "Grading\nSee the staging and Ki-67 [1].\nG1 < 3 %\n"


def test_long_body_renders_every_paragraph() -> None:
    paragraphs = [f"Paragraph {n} about tumour grading [1]." for n in range(1_400)]
    body = "\n\n".join(paragraphs)
    assert len(body) > 50_000
    page = page_for(body)
    assert len(page.all("p")) == 1_400
    assert "Paragraph 1399 about tumour grading [1]." in page.text
