"""A reader compares two published versions in Chromium: what was removed is
struck through and labelled, what was added underlined and labelled, the
labels survive printing, and the page meets WCAG 2.2 AA."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from oncolex.review import services
from tests.diff_pages import ADDED_PARAGRAPH, REMOVED_PARAGRAPH, two_versions

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def compare_page(live_server: LiveServer, page: Page, editor, approver) -> Page:
    versions = two_versions(editor=editor, approver=approver)
    submission = services.submit(obj=versions.article, user=editor)
    services.approve(submission=submission, user=approver, note="Revised")
    response = page.goto(f"{live_server.url}/en/articles/net/compare/?from=1&to=2")
    assert response is not None and response.status == 200
    return page


def _block(shown: Page, status: str, text: str):
    return shown.locator(f".diff-{status}", has_text=text).first


def test_a_reader_sees_removed_and_added_paragraphs_marked_in_chromium(
    compare_page: Page, axe_violations: Callable[[Page], str]
) -> None:
    removed = _block(compare_page, "removed", REMOVED_PARAGRAPH)
    added = _block(compare_page, "added", ADDED_PARAGRAPH)
    for block, label, line in (
        (removed, "Removed paragraph", "line-through"),
        (added, "Added paragraph", "underline"),
    ):
        assert block.is_visible()
        assert (
            block.locator(".diff-label").inner_text().strip().lower() == label.lower()
        )
        mark = block.locator("del, ins").first
        decoration = mark.evaluate("e => getComputedStyle(e).textDecorationLine")
        assert line in decoration
    assert compare_page.locator("script").count() == 0
    report = axe_violations(compare_page)
    assert not report, report


def test_the_labels_are_printed(compare_page: Page) -> None:
    compare_page.emulate_media(media="print")
    label = _block(compare_page, "removed", REMOVED_PARAGRAPH).locator(".diff-label")
    assert label.is_visible()
    assert label.inner_text().strip().lower() == "removed paragraph"
