"""'View as readers will see it': a revision in the public article template,
for staff only, never cached, not indexed, under the public pages' CSP; and
what approval publishes is exactly what was previewed and submitted."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from articles.models import Article, PublishedArticle
from oncolex.review import services
from oncolex.review.services import latest_revision_id
from tests.diff_pages import classes, parse_strictly
from tests.factories import make_user, published_article, save_article


@pytest.fixture
def draft(editor, approver):
    """Published v1, then a saved draft with new text."""
    article, _version = published_article(editor=editor, approver=approver)
    save_article(
        user=editor,
        article=article,
        title="Draft title",
        sections=[("background", "Background", "DRAFT-ONLY sentence [1].")],
    )
    return article


def _urls(article: Article) -> list[str]:
    base = f"/admin/articles/article/{article.pk}/preview/"
    return [base, f"{base}{latest_revision_id(article)}/"]


def test_anonymous_visitors_and_readers_get_the_login_page_for_every_preview(
    client, draft
):
    reader = make_user("clinician")  # signed in, but not staff
    for who in (None, reader):
        if who is not None:
            client.force_login(who)
        for url in _urls(draft):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response.headers["Location"].startswith("/admin/login/")
            assert b"DRAFT-ONLY" not in response.content


def test_editor_previews_the_latest_draft_in_the_public_template(client, editor, draft):
    client.force_login(editor)
    for url in _urls(draft):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200
        assert "DRAFT-ONLY sentence" in page and "Draft title" in page
        assert "Not approved: a preview." in page
        assert '<meta name="robots" content="noindex, nofollow">' in page
        assert "<script" not in page
        assert "script-src 'none'" in response.headers["Content-Security-Policy"]
        assert "no-store" in response.headers["Cache-Control"]
        parse_strictly(response.content)


def test_preview_of_a_revision_of_another_article_is_404(client, editor, draft):
    other = save_article(user=editor)
    client.force_login(editor)
    url = f"/admin/articles/article/{draft.pk}/preview/{latest_revision_id(other)}/"
    assert client.get(url).status_code == 404


def _article_parts(content: bytes) -> dict[str, str]:
    """The parts of the <article> that approval does not add to (it adds the
    approver, the date and the version number)."""
    article = next(parse_strictly(content).iter("article"))
    parts = {}
    for element in article.iter():
        if element.tag in ("h1", "nav") or classes(element) & {
            "article-body",
            "summary",
        }:
            parts[f"{element.tag}.{element.get('class')}"] = ET.tostring(
                element, encoding="unicode"
            )
    for section in article.iter("section"):
        parts[f"section#{section.get('id')}"] = ET.tostring(section, encoding="unicode")
    return parts


def test_the_preview_is_the_page_readers_get_after_approval(
    client, editor, approver, draft
):
    revision = latest_revision_id(draft)
    client.force_login(editor)
    preview = _article_parts(
        client.get(f"/admin/articles/article/{draft.pk}/preview/{revision}/").content
    )
    submission = services.submit(obj=draft, user=editor)
    services.approve(submission=submission, user=approver, note="Reworded")
    client.logout()
    public = _article_parts(client.get(draft.get_absolute_url()).content)
    assert "DRAFT-ONLY" in public["div.article-body"]
    assert preview == public


def test_approval_publishes_the_submitted_fields_not_the_working_copy(editor, approver):
    article = save_article(
        user=editor,
        title="Submitted title",
        summary="Submitted summary.",
        icd10_codes="C17",
        sections=[("a", "A", "Submitted text.")],
    )
    submission = services.submit(obj=article, user=editor)
    # A change that bypassed the admin and recorded no revision.
    Article.objects.filter(pk=article.pk).update(
        title="Unreviewed title", summary="Unreviewed summary.", icd10_codes="C25"
    )
    services.approve(submission=submission, user=approver, note="First")
    version = PublishedArticle.objects.current().get(article=article)
    assert (version.title, version.summary, version.icd10_codes) == (
        "Submitted title",
        "Submitted summary.",
        "C17",
    )
    assert "Unreviewed" not in version.article_html


def test_the_change_form_links_the_preview_of_the_latest_draft(client, editor, draft):
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert f'href="/admin/articles/article/{draft.pk}/preview/"' in page
