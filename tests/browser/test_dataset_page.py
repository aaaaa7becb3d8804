"""A clinician reads an epidemiology dataset without JavaScript."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.epidemiology import helpers as epi

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def dataset(editor, approver):
    dataset = epi.make_dataset(
        user=editor, slug="net-norway", title="NET incidence in Norway"
    )
    lines = [
        *epi.banded_lines(2012, "male", cases=4),
        *epi.banded_lines(2012, "female", cases=3),
        *epi.banded_lines(2013, "male", cases=6),
        *epi.banded_lines(2013, "female", cases=5),
    ]
    epi.import_rows(dataset, editor, lines, comment="Registry figures")
    epi.publish(dataset, editor=editor, approver=approver)
    return dataset


def test_clinician_reads_the_table_and_chart_without_javascript(
    live_server: LiveServer, new_context, dataset
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    response = page.goto(f"{live_server.url}/en/epidemiology/net-norway/")
    assert response is not None and response.status == 200
    assert "script-src 'none'" in response.headers["content-security-policy"]
    assert page.locator("script").count() == 0

    table = page.locator("table").first
    expect(table.locator("caption")).to_be_visible()
    expect(table.locator("th[scope=col]").first).to_be_visible()
    expect(page.get_by_text("European Standard Population 2013").first).to_be_visible()
    expect(page.get_by_text("Fay").first).to_be_visible()

    chart = page.locator("svg[role=img]").first
    expect(chart).to_be_visible()
    assert chart.locator("title").text_content()
    assert chart.locator("desc").text_content()

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").first.click()
    assert download.value.suggested_filename.endswith(".csv")


def test_dataset_page_is_accessible(
    live_server: LiveServer,
    page: Page,
    axe_violations: Callable[[Page], str],
    dataset,
) -> None:
    for language in ["en", "nb"]:
        response = page.goto(f"{live_server.url}/{language}/epidemiology/net-norway/")
        assert response is not None and response.status == 200
        report = axe_violations(page)
        assert not report, f"axe-core found WCAG violations:\n{report}"
