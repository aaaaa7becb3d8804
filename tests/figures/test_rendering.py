"""How figures read on the page: numbering, cross-references, language, what an
editor is told about a figure that cannot be shown, and the page's budgets."""

from __future__ import annotations

import re

import pytest

from articles.editorial import draft_link_problems
from tests.factories import make_cancer_type, publish, save_article
from tests.figures import files
from tests.figures.helpers import make_figure


def published_page(reader, editor, approver, *, sections, figures, **fields) -> str:
    article = save_article(
        user=editor,
        slug=fields.pop("slug", "whipple"),
        sections=sections,
        figures=figures,
        **fields,
    )
    publish(article, editor=editor, approver=approver)
    language = fields.get("language", "en")
    return reader.get(f"/{language}/articles/{article.slug}/").content.decode()


def test_figures_are_numbered_in_reading_order_and_references_follow(
    reader, editor, approver
):
    first, second = make_figure(name="A"), make_figure(name="B", caption_en="Second")
    page = published_page(
        reader,
        editor,
        approver,
        sections=[
            ("one", "One", "As [Figure](figure:b) shows…\n\n![B](figure:b)"),
            ("two", "Two", "![A](figure:a)\n\nCompare [this](figure:b)."),
        ],
        figures={"a": first, "b": second},
    )
    labels = re.findall(r'<span class="figure-label">([^<]+)</span>', page)
    assert labels == ["Figure 1.", "Figure 2."]
    assert page.index('id="figure-b"') < page.index('id="figure-a"')
    assert page.count('href="#figure-b" class="figure-ref"') == 2
    assert ">Figure 1</a> shows" in page
    assert "Compare <a" in page and ">this<" not in page


def test_the_first_figure_loads_at_once_and_later_ones_lazily(reader, editor, approver):
    page = published_page(
        reader,
        editor,
        approver,
        sections=[("s", "S", "![A](figure:a)\n\n![B](figure:b)")],
        figures={"a": make_figure(), "b": make_figure(data=files.jpeg(seed=2))},
    )
    images = re.findall(r"<img [^>]+>", page)
    assert len(images) == 2
    assert 'loading="lazy"' not in images[0]
    assert 'loading="lazy"' in images[1]


def test_each_twin_shows_alt_text_and_caption_in_its_own_language(
    reader, editor, approver
):
    figure = make_figure()
    cancer_type = make_cancer_type()
    english = published_page(
        reader,
        editor,
        approver,
        sections=[("steps", "Steps", "![x](figure:resection)")],
        figures={"resection": figure},
        cancer_type=cancer_type,
    )
    bokmal = published_page(
        reader,
        editor,
        approver,
        slug="whipple-nb",
        language="nb",
        sections=[
            (
                "trinn",
                "Trinn",
                "Se [figuren](figure:resection).\n\n![x](figure:resection)",
            )
        ],
        figures={"resection": figure},
        cancer_type=cancer_type,
    )
    assert 'alt="Drawing of the resection lines"' in english
    assert "Where the surgeon divides the organs." in english
    assert "Tegning" not in english and "Hvor kirurgen" not in english
    assert 'alt="Tegning av reseksjonslinjene"' in bokmal
    assert "Hvor kirurgen deler organene." in bokmal
    assert '<span class="figure-label">Figur 1.</span>' in bokmal
    assert ">Figur 1</a>" in bokmal
    assert "Drawing of" not in bokmal and "Where the surgeon" not in bokmal


def test_decorative_figure_has_an_empty_alt_text(reader, editor, approver):
    page = published_page(
        reader,
        editor,
        approver,
        sections=[("s", "S", "![ornament](figure:o)")],
        figures={"o": make_figure(decorative=True, alt_en="", alt_nb="")},
    )
    assert 'alt=""' in page


def test_hostile_figure_text_is_escaped(reader, editor, approver):
    figure = make_figure(
        alt_en='"><script>alert(1)</script>',
        caption_en="<img src=x onerror=alert(1)>",
        credit="<b onmouseover=alert(1)>Me</b>",
    )
    page = published_page(
        reader,
        editor,
        approver,
        sections=[("s", "S", "![x](figure:f)")],
        figures={"f": figure},
    )
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "<b onmouseover" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize(
    ("body", "figures", "problem"),
    [
        ("![x](figure:missing)", {}, "Figure missing is not attached to this article."),
        ("See [Figure](figure:missing).", {}, "Link to figure:missing has no figure"),
        ("Text ![x](figure:f) inline.", {"f": True}, "must stand on a line of its own"),
        ("No figure here.", {"f": True}, "Figure f is attached but no section places"),
        (
            "![x](figure:f)",
            {"f": {"caption_en": ""}},
            "Figure f has no caption in English",
        ),
    ],
)
def test_editor_is_told_about_a_figure_readers_would_not_see(
    editor, body, figures, problem
):
    article = save_article(
        user=editor,
        sections=[("s", "S", body)],
        figures={
            key: make_figure(**(fields if isinstance(fields, dict) else {}))
            for key, fields in figures.items()
        },
    )
    assert any(problem in p for p in draft_link_problems(article))


def test_article_page_with_ten_figures_keeps_its_query_and_weight_budgets(
    reader, editor, approver, django_assert_num_queries
):
    figures = {
        f"f{n}": make_figure(data=files.jpeg(640, 480, seed=n)) for n in range(10)
    }
    sections = [
        (f"s{n}", f"Section {n}", f"Text about step {n}.\n\n![Step {n}](figure:f{n})")
        for n in range(10)
    ]
    article = save_article(user=editor, slug="ten", sections=sections, figures=figures)
    publish(article, editor=editor, approver=approver)
    # The page store's lookup, then 1. the published version by language and
    # slug, with its stored page 2. live articles it needs: the twin in the
    # other language, link targets; and the store keeps the page.
    with django_assert_num_queries(1 + 2 + 1):
        response = reader.get("/en/articles/ten/")
    assert response.content.count(b"<figure ") == 10
    assert len(response.content) < 60_000


def test_search_finds_an_article_by_the_caption_of_its_figure(reader, editor, approver):
    figure = make_figure(caption_en="The gastrojejunostomy seen from the front.")
    published_page(
        reader,
        editor,
        approver,
        title="Pancreaticoduodenectomy",
        sections=[("s", "S", "Three joins.\n\n![x](figure:f)")],
        figures={"f": figure},
    )
    page = reader.get("/en/search/?q=gastrojejunostomy").content.decode()
    assert "Pancreaticoduodenectomy" in page
