from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_printed_article_keeps_the_text_and_drops_the_site_chrome(
    live_server, page, twins
) -> None:
    page.goto(f"{live_server.url}/en/articles/neuroendocrine-tumours/")
    site_header = page.locator("body > header")
    expect(site_header).to_be_visible()

    page.emulate_media(media="print")

    expect(site_header).to_be_hidden()
    expect(page.get_by_role("navigation", name="Language")).to_be_hidden()
    expect(page.locator("body > footer")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Contents")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neuroendocrine tumours")
    expect(page.get_by_text("Grade by Ki-67 index and mitotic count.")).to_be_visible()
    expect(page.locator("#ref-1")).to_be_visible()
    expect(page.locator(".article-meta")).to_contain_text("Approved by")
    expect(page.locator(".article-meta")).to_be_visible()
