"""Readers never see unapproved text: drafts, pending and rejected revisions."""

from __future__ import annotations

import pytest

from oncolex.review import services
from tests.factories import make_cancer_type, published_article, save_article

PUBLISHED = "Published text about tumours"
SECRETS = ["DRAFT-ONLY-SENTENCE", "PENDING-ONLY-SENTENCE", "REJECTED-ONLY-SENTENCE"]


@pytest.fixture
def article_with_unapproved_work(editor, approver):
    cancer_type = make_cancer_type("net", name_en="Neuroendocrine tumours")
    article, _ = published_article(
        editor=editor,
        approver=approver,
        title="Neuroendocrine tumours",
        slug="neuroendocrine-tumours",
        cancer_type=cancer_type,
    )
    # A rejected revision...
    save_article(
        user=editor,
        article=article,
        title="REJECTED-ONLY-SENTENCE",
        sections=[("background", "Background", "REJECTED-ONLY-SENTENCE")],
    )
    rejected = services.submit(obj=article, user=editor)
    services.reject(submission=rejected, user=approver, reason="No")
    # ...a pending one...
    save_article(
        user=editor,
        article=article,
        summary="PENDING-ONLY-SENTENCE",
        sections=[("background", "Background", "PENDING-ONLY-SENTENCE")],
    )
    services.submit(obj=article, user=editor)
    # ...and a newer draft nobody submitted, under a new slug.
    save_article(
        user=editor,
        article=article,
        slug="draft-slug",
        sections=[("background", "Background", "DRAFT-ONLY-SENTENCE")],
    )
    # A brand-new article that was never approved at all.
    save_article(
        user=editor,
        title="DRAFT-ONLY-SENTENCE",
        slug="never-published",
        cancer_type=cancer_type,
        sections=[("x", "X", "DRAFT-ONLY-SENTENCE")],
    )
    return article


PUBLIC_URLS = [
    "/en/",
    "/nb/",
    "/en/cancer-types/net/",
    "/en/articles/neuroendocrine-tumours/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_show_only_the_published_text(
    reader, article_with_unapproved_work, url
):
    page = reader.get(url).content.decode()
    for secret in SECRETS:
        assert secret not in page
    if "articles/" in url:
        assert PUBLISHED in page


@pytest.mark.parametrize(
    "url", ["/en/articles/never-published/", "/en/articles/draft-slug/"]
)
def test_unapproved_addresses_are_unknown_to_readers(
    reader, article_with_unapproved_work, url
):
    response = reader.get(url)
    assert response.status_code == 404
    assert "DRAFT-ONLY-SENTENCE" not in response.content.decode()


def test_gone_page_shows_no_unapproved_text(
    reader, article_with_unapproved_work, approver
):
    services.unpublish(obj=article_with_unapproved_work, user=approver, comment="Old")
    response = reader.get("/en/articles/neuroendocrine-tumours/")
    assert response.status_code == 410
    for secret in SECRETS:
        assert secret not in response.content.decode()
