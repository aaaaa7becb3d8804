"""Figures and video in a real browser: without JavaScript on a desktop and a
phone, in print, and under axe-core, in both languages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests import factories
from tests.figures import files
from tests.figures.helpers import make_figure

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VIEWPORTS = {"desktop": (1280, 900), "phone": (375, 740)}
SLUGS = {"en": "whipple", "nb": "whipple-nb"}


@pytest.fixture
def illustrated(editor: User, approver: User) -> dict[str, Any]:
    """A procedure in both languages with a drawing and a captioned video."""
    drawing = make_figure(
        data=files.jpeg(2400, 1600),
        alt_en="Drawing of the resection lines",
        alt_nb="Tegning av reseksjonslinjene",
        caption_en="Where the surgeon divides the organs.",
        caption_nb="Hvor kirurgen deler organene.",
    )
    video = make_figure(
        data=files.jpeg(1280, 720, seed=3),
        video=files.mp4(),
        alt_en="Video of the pancreatic anastomosis",
        alt_nb="Video av sammenføyningen til bukspyttkjertelen",
        caption_en="The join to the pancreas, step by step.",
        caption_nb="Sammenføyningen til bukspyttkjertelen, trinn for trinn.",
    )
    cancer_type = factories.make_cancer_type("pancreatic-cancer")
    long_text = "The operation takes several hours and needs a skilled team. " * 30
    articles = {}
    for language, slug in SLUGS.items():
        articles[language] = factories.save_article(
            user=editor,
            cancer_type=cancer_type,
            language=language,
            slug=slug,
            title="Whipple" if language == "en" else "Whipple (bokmål)",
            kind="procedure",
            chapter="",
            procedure_type="surgery",
            translation=articles.get("en"),
            sections=[
                (
                    "steps",
                    "Steps",
                    f"See [Figure](figure:lines).\n\n"
                    f"![Lines](figure:lines)\n\n{long_text}",
                ),
                ("joins", "Joins", "![Video](figure:video)"),
            ],
            figures={"lines": drawing, "video": video},
            references=[],
        )
    factories.save_article(
        user=editor, article=articles["en"], translation=articles["nb"]
    )
    for article in articles.values():
        factories.publish(article, editor=editor, approver=approver)
    return {"drawing": drawing, "video": video}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["en", "nb"])
def test_reader_without_javascript_sees_the_figures_in_the_column(
    live_server, new_context, illustrated, viewport, language
) -> None:
    width, height = VIEWPORTS[viewport]
    tab = new_context(
        java_script_enabled=False, viewport={"width": width, "height": height}
    ).new_page()
    response = tab.goto(f"{live_server.url}/{language}/articles/{SLUGS[language]}/")
    assert response is not None and response.status == 200
    assert tab.locator("script").count() == 0

    drawing = tab.locator("#figure-lines")
    alt = {"en": "Drawing of the resection lines", "nb": "Tegning av reseksjonslinjene"}
    image = drawing.get_by_role("img", name=alt[language])
    image.scroll_into_view_if_needed()
    expect(image).to_be_visible()
    box = image.bounding_box()
    assert box is not None and 0 < box["width"] <= width
    # width/height attributes keep the drawing's shape while it scales down.
    assert box["height"] == pytest.approx(box["width"] * 1600 / 2400, abs=2)
    caption = {"en": "Where the surgeon divides", "nb": "Hvor kirurgen deler"}
    expect(drawing.locator("figcaption")).to_contain_text(caption[language])
    label = {"en": "Figure 1.", "nb": "Figur 1."}[language]
    expect(drawing.locator(".figure-label")).to_have_text(label)
    # The browser picked a rendition, not the full-size original.
    assert "/figures/renditions/" in (image.evaluate("img => img.currentSrc") or "")

    video = tab.locator("#figure-video video")
    video.scroll_into_view_if_needed()
    expect(video).to_be_visible()
    assert video.get_attribute("controls") is not None
    track = video.locator(f'track[srclang="{language}"]')
    assert track.get_attribute("default") is not None
    # Nothing is wider than the screen.
    assert tab.evaluate("document.documentElement.scrollWidth") <= width


def test_printed_figure_keeps_image_and_caption_together(
    live_server, page: Page, illustrated
) -> None:
    page.goto(f"{live_server.url}/en/articles/whipple/")
    page.emulate_media(media="print")
    figure = page.locator("#figure-lines")
    expect(figure.get_by_role("img")).to_be_visible()
    expect(figure.locator("figcaption")).to_be_visible()
    assert figure.evaluate("f => getComputedStyle(f).breakInside") == "avoid"
    assert (
        figure.locator("figcaption").evaluate("c => getComputedStyle(c).breakBefore")
        == "avoid"
    )
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("language", ["en", "nb"])
def test_page_with_figures_and_video_is_accessible(
    live_server,
    page: Page,
    axe_violations: Callable[[Page], str],
    illustrated,
    language,
) -> None:
    response = page.goto(f"{live_server.url}/{language}/articles/{SLUGS[language]}/")
    assert response is not None and response.status == 200
    report = axe_violations(page)
    assert not report, f"axe-core found WCAG violations:\n{report}"
