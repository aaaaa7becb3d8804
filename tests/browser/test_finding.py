"""Finding things in a real browser: without JavaScript, and accessible."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def procedure(twins, editor, approver) -> None:
    factories.published_article(
        editor=editor,
        approver=approver,
        cancer_type=twins["cancer_type"],
        kind="procedure",
        chapter="",
        procedure_type="surgery",
        title="Whipple procedure",
        slug="whipple-procedure",
        ncsp_codes="JLC30",
        icd10_codes="C17",
    )


def test_clinician_without_javascript_searches_from_any_page(
    live_server, new_context, twins
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/en/articles/neuroendocrine-tumours/")
    box = page.get_by_role("search").get_by_label("Search articles")
    box.fill("tumour grading")
    with page.expect_navigation():
        box.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/en/search/?q=tumour+grading")
    expect(page.get_by_role("heading", level=2)).to_have_text("1 article found")
    expect(page.locator(".snippet mark").first).to_be_visible()

    page.get_by_label("Kind of article").select_option("surgery")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=2)).to_have_text(
        "No articles match “tumour grading”"
    )
    with page.expect_navigation():
        page.get_by_role("link", name="Search again without the filters").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Neuroendocrine tumours").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neuroendocrine tumours")
    assert page.locator("script").count() == 0


@pytest.fixture
def visit(
    live_server: LiveServer, page: Page, axe_violations: Callable[[Page], str]
) -> Callable[[str], None]:
    def check(path: str) -> None:
        response = page.goto(live_server.url + path)
        assert response is not None
        assert response.status == 200
        report = axe_violations(page)
        assert not report, f"axe-core found WCAG violations on {path}:\n{report}"

    return check


@pytest.mark.parametrize(
    "path",
    [
        "/en/search/",
        "/en/search/?q=tumours",
        "/nb/search/?q=svulster",
        "/en/search/?q=nothing+like+this&cancer_type=nope&kind=surgery",
        "/en/codes/?code=C1",
        "/en/codes/?code=c",
        "/nb/procedures/",
        "/en/procedures/?type=nope",
    ],
)
def test_finding_pages_are_accessible(visit, procedure, path) -> None:
    visit(path)
