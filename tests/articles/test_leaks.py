"""Readers never see unapproved text: drafts, pending and rejected revisions."""

from __future__ import annotations

import pytest

from oncolex.review import services
from tests.factories import (
    make_cancer_type,
    published_article,
    save_article,
    save_cancer_type,
)

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


CANCER_TYPE_SECRETS = [
    "REJECTED-CT-NAME",
    "PENDING-CT-NAME",
    "DRAFT-CT-NAME",
    "NEVER-APPROVED-CT",
]


@pytest.fixture
def cancer_type_with_unapproved_work(editor, approver):
    """A live cancer type with a live article, a rejected, a pending and a
    draft change of its name and address, and a cancer type never approved."""
    net = make_cancer_type("net", name_en="Neuroendocrine tumours")
    published_article(
        editor=editor,
        approver=approver,
        title="Neuroendocrine tumours",
        slug="neuroendocrine-tumours",
        cancer_type=net,
    )
    for secret, decide in [
        ("REJECTED-CT-NAME", "reject"),
        ("PENDING-CT-NAME", None),
    ]:
        save_cancer_type(user=editor, cancer_type=net, name_en=secret, name_nb=secret)
        submission = services.submit(obj=net, user=editor)
        if decide:
            services.reject(submission=submission, user=approver, reason="No")
    save_cancer_type(
        user=editor,
        cancer_type=net,
        name_en="DRAFT-CT-NAME",
        name_nb="DRAFT-CT-NAME",
        slug="draft-ct",
    )
    make_cancer_type("never-approved-ct", name_en="NEVER-APPROVED-CT", published=False)
    return net


CANCER_TYPE_PAGES = [
    "/en/",
    "/nb/",
    "/en/cancer-types/net/",
    "/nb/cancer-types/net/",
    "/en/articles/neuroendocrine-tumours/",
    "/en/search/?q=tumours",
    "/en/search/?cancer_type=never-approved-ct",
    "/en/procedures/",
    "/en/codes/?code=C1",
    "/en/feed/",
    "/sitemap.xml",
]


@pytest.mark.parametrize("url", CANCER_TYPE_PAGES)
def test_readers_see_only_the_approved_cancer_type(
    reader, cancer_type_with_unapproved_work, url
):
    response = reader.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for secret in CANCER_TYPE_SECRETS:
        assert secret not in page
    # Nor their addresses (the sitemap, the filters' values).
    for address in ("draft-ct", "never-approved-ct"):
        assert f"/cancer-types/{address}/" not in page
        assert f'value="{address}"' not in page
    if url.startswith(("/en/cancer-types/net/", "/en/articles/")) or url == "/en/":
        assert "Neuroendocrine tumours" in page


@pytest.mark.parametrize(
    "url", ["/en/cancer-types/draft-ct/", "/en/cancer-types/never-approved-ct/"]
)
def test_unapproved_cancer_type_addresses_are_unknown(
    reader, cancer_type_with_unapproved_work, url
):
    response = reader.get(url)
    assert response.status_code == 404
    for secret in CANCER_TYPE_SECRETS:
        assert secret not in response.content.decode()
