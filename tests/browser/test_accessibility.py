"""Every public page type meets WCAG 2.2 A/AA as far as axe-core can tell."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from oncolex.review import services
from tests import factories
from tests.epidemiology import helpers as epi

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def visit(
    live_server: LiveServer, page: Page, axe_violations: Callable[[Page], str]
) -> Callable[..., None]:
    """Open a path as a reader would and assert axe-core finds nothing."""

    def check(path: str, *, status: int = 200) -> None:
        response = page.goto(live_server.url + path)
        assert response is not None
        assert response.status == status
        report = axe_violations(page)
        assert not report, f"axe-core found WCAG violations on {path}:\n{report}"

    return check


@pytest.mark.parametrize("language", ["en", "nb"])
def test_home_page_is_accessible(visit, twins, language) -> None:
    visit(f"/{language}/")


@pytest.mark.parametrize("language", ["en", "nb"])
def test_cancer_type_page_is_accessible(visit, twins, language) -> None:
    visit(f"/{language}/cancer-types/neuroendocrine-neoplasms/")


def test_article_page_is_accessible(visit, twins) -> None:
    visit("/en/articles/neuroendocrine-tumours/")


def test_withdrawn_article_page_is_accessible(visit, twins, approver) -> None:
    services.unpublish(obj=twins["en"], user=approver, comment="Outdated advice.")
    visit("/en/articles/neuroendocrine-tumours/", status=410)


def test_unknown_article_page_is_accessible(visit, db) -> None:
    visit("/en/articles/no-such-article/", status=404)


def test_unknown_address_page_is_accessible(visit, db) -> None:
    visit("/en/no-such-page/", status=404)


def test_history_version_and_compare_pages_are_accessible(
    visit, twins, editor, approver
) -> None:
    english = twins["en"]
    factories.save_article(user=editor, article=english, summary="Revised summary")
    factories.publish(english, editor=editor, approver=approver, note="Revised")
    visit("/en/articles/neuroendocrine-tumours/history/")
    visit("/en/articles/neuroendocrine-tumours/history/1/")
    visit("/en/articles/neuroendocrine-tumours/compare/?from=1&to=2")
    visit("/en/articles/neuroendocrine-tumours/compare/?from=x", status=400)


def test_article_with_a_table_and_an_overdue_review_is_accessible(
    visit, editor, approver
) -> None:
    # The notice readers see once the review date has passed, and a dataset
    # table with its own trust line and link.
    dataset = epi.make_dataset(user=editor, title="NET incidence in Norway")
    epi.import_rows(dataset, editor, epi.banded_lines(2013, "all", cases=4))
    epi.publish(dataset, editor=editor, approver=approver)
    article = factories.save_article(
        user=editor,
        slug="overdue",
        last_reviewed=datetime.date(2020, 1, 1),
        next_review_due=datetime.date(2021, 1, 1),
        sections=[("incidence", "Incidence", "See the table.", dataset)],
    )
    submission = services.submit(obj=article, user=editor)
    services.approve(
        submission=submission,
        user=approver,
        note="First",
        confirm_past_review_date=True,
    )
    visit("/en/articles/overdue/")


def test_infobutton_chooser_and_refusal_are_accessible(visit, editor, approver) -> None:
    for title in ["Small intestine", "Small bowel NET"]:
        factories.published_article(
            editor=editor, approver=approver, title=title, icd10_codes="C17"
        )
    visit(
        "/infobutton?mainSearchCriteria.v.c=C17.1&informationRecipient.languageCode.c=nb"
    )
    visit("/infobutton?mainSearchCriteria.v.c=C17")
    visit("/infobutton", status=400)
