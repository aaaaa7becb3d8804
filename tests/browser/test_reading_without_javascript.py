from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, Response, expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def follow(page: Page, link: Locator) -> Response | None:
    with page.expect_navigation() as navigation:
        link.click()
    return navigation.value


def assert_script_free(page: Page, response: Response | None) -> None:
    """No script element, and a policy that would refuse one anyway."""
    assert response is not None
    assert response.status == 200
    assert "script-src 'none'" in response.headers["content-security-policy"]
    assert page.locator("script").count() == 0


def test_clinician_without_javascript_reads_an_article_and_its_twin(
    live_server, new_context, twins
) -> None:
    page = new_context(java_script_enabled=False).new_page()

    response = page.goto(f"{live_server.url}/en/")
    assert_script_free(page, response)
    response = follow(page, page.get_by_role("link", name="Neuroendocrine neoplasms"))
    expect(page).to_have_url(
        f"{live_server.url}/en/cancer-types/neuroendocrine-neoplasms/"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Neuroendocrine neoplasms"
    )
    assert_script_free(page, response)

    response = follow(page, page.get_by_role("link", name="Neuroendocrine tumours"))
    expect(page).to_have_url(f"{live_server.url}/en/articles/neuroendocrine-tumours/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Neuroendocrine tumours")
    assert_script_free(page, response)

    contents = page.get_by_role("navigation", name="Contents")
    expect(contents.get_by_role("link")).to_have_text(
        ["Background", "Grading", "Treatment", "References"]
    )
    contents.get_by_role("link", name="Grading").click()
    expect(page).to_have_url(re.compile(r"#grading$"))
    expect(page.get_by_role("heading", name="Grading")).to_be_in_viewport()

    citation = page.locator("#background").get_by_role("link", name="1", exact=True)
    expect(citation).to_have_attribute("href", "#ref-1")
    citation.click()
    expect(page).to_have_url(re.compile(r"#ref-1$"))
    reference = page.locator("#ref-1")
    expect(reference).to_be_in_viewport()
    expect(reference).to_contain_text("Neuroendocrine tumor epidemiology")

    about = page.locator(".article-meta")
    expect(about.get_by_text("Approved by", exact=True)).to_be_visible()
    expect(about).to_contain_text("Approver Tester")

    response = follow(
        page, page.get_by_role("link", name="Norsk bokmål: Nevroendokrine svulster")
    )
    expect(page).to_have_url(f"{live_server.url}/nb/articles/nevroendokrine-svulster/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nevroendokrine svulster")
    expect(
        page.get_by_role("link", name="English: Neuroendocrine tumours")
    ).to_be_visible()
    assert_script_free(page, response)
