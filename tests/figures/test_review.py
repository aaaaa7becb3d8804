"""A figure's way to readers, through the real admin: upload, place in an
article, review (diff and preview), approval, the public page; then a change to
the figure, which waits for its own approval while readers keep the old one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reversion.models import Version

from articles.models import Article, PublishedArticle
from figures.models import Figure
from oncolex.review.models import Submission
from tests.articles.test_admin import article_form
from tests.articles.test_editorial import change_form_data
from tests.factories import make_cancer_type, sign_in_with_second_factor
from tests.figures import files
from tests.figures.helpers import figure_form, upload

BODY = (
    "The head of the pancreas is removed with the duodenum "
    "(see [Figure](figure:whipple-resection)).\n\n"
    "![Resection lines](figure:whipple-resection)\n\n"
    "Three joins restore the flow of food, bile and pancreatic juice."
)


def media_urls(html: str) -> set[str]:
    return set(re.findall(r'(/media/[^"\s,]+)', html))


def submit_and_approve(client, article, editor, approver) -> Submission:
    client.force_login(editor)
    response = client.post(
        f"/admin/articles/article/{article.pk}/submit/", {"comment": "Ready"}
    )
    assert response.status_code == 302
    submission = Submission.objects.latest("pk")
    sign_in_with_second_factor(client, approver)
    return submission


@pytest.fixture
def placed(client, editor):
    """A figure uploaded and placed in a new article, both through the admin."""
    client.force_login(editor)
    response = client.post(
        "/admin/figures/figure/add/",
        figure_form(upload=upload(files.jpeg(2400, 1600), "whipple.jpg")),
    )
    assert response.status_code == 302
    figure = Figure.objects.get()
    cancer_type = make_cancer_type("pancreatic-cancer")
    response = client.post(
        "/admin/articles/article/add/",
        article_form(
            cancer_type.pk,
            **{
                "title": "Pancreaticoduodenectomy",
                "slug": "whipple",
                "kind": "procedure",
                "chapter": "",
                "procedure_type": "surgery",
                "sections-0-body": BODY,
                "figure_placements-TOTAL_FORMS": "1",
                "figure_placements-0-key": "whipple-resection",
                "figure_placements-0-figure": str(figure.pk),
            },
        ),
    )
    assert response.status_code == 302, response.context["errors"]
    return Article.objects.get(slug="whipple"), figure


def test_figure_goes_from_upload_through_review_to_the_public_page(
    client, editor, approver, placed, settings
):
    article, figure = placed
    # The article's revision holds the placement and the figure itself.
    revision = Version.objects.get_for_object(article).first().revision
    models = {v.content_type.model for v in revision.version_set.all()}
    assert {"figureplacement", "figure"} <= models

    submission = submit_and_approve(client, article, editor, approver)
    review = client.get(f"/admin/oncolex/submission/{submission.pk}/change/")
    page = review.content.decode()
    assert "figure:whipple-resection" in page
    assert "figure added" in page
    assert f'src="/media/{figure.thumbnail}"' in page  # the thumbnail in the diff
    assert '<figure class="figure" id="figure-whipple-resection">' in page  # preview
    # Nothing reached readers before approval, and no rendition was made for
    # a draft: renditions are made once, by the approval.
    assert not (Path(settings.MEDIA_ROOT) / "figures/renditions").exists()
    assert client.get(f"/media/{figure.image}").status_code == 200  # approver
    client.logout()
    assert client.get(f"/media/{figure.image}").status_code == 404

    sign_in_with_second_factor(client, approver)
    response = client.post(
        f"/admin/oncolex/submission/{submission.pk}/approve/",
        {"note": "New procedure with its figure"},
    )
    assert response.status_code == 302
    client.logout()

    page = client.get("/en/articles/whipple/").content.decode()
    assert "<picture>" in page
    assert '<source type="image/webp" srcset="/media/figures/renditions/' in page
    assert " 480w, " in page and " 960w, " in page and ' 1440w"' in page
    assert 'sizes="(min-width: 50rem) 46rem, calc(100vw - 2rem)"' in page
    assert 'width="2400" height="1600"' in page
    assert 'alt="Drawing of the organs removed in a Whipple procedure"' in page
    assert '<span class="figure-label">Figure 1.</span> The head of the pancreas' in (
        page
    )
    assert "Drawing: Oncolex" in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page
    full_size = "full size (2400 \N{MULTIPLICATION SIGN} 1600 pixels)"
    assert f'<a href="/media/{figure.image}">{full_size}</a>' in page
    assert (
        '(see <a href="#figure-whipple-resection" class="figure-ref">Figure 1</a>)'
        in page
    )
    # Every file the page names reaches an anonymous reader.
    urls = media_urls(page)
    assert len(urls) == 7  # the original, 3 widths x (WebP + JPEG)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=3600"


def test_changed_figure_waits_for_approval_and_the_old_version_keeps_its_file(
    client, editor, approver, second_editor, placed
):
    article, figure = placed
    submission = submit_and_approve(client, article, editor, approver)
    client.post(
        f"/admin/oncolex/submission/{submission.pk}/approve/", {"note": "First"}
    )
    old_image, old_thumbnail = figure.image, figure.thumbnail
    revisions_before = Version.objects.get_for_object(article).count()

    # A second editor replaces the image and the caption in the figure admin.
    client.force_login(second_editor)
    response = client.post(
        f"/admin/figures/figure/{figure.pk}/change/",
        figure_form(
            upload=upload(files.png(1200, 900), "whipple-v2.png"),
            caption_en="Resection lines, redrawn.",
        ),
    )
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.image != old_image
    # The change is a new draft of the article, reviewed like its text.
    assert Version.objects.get_for_object(article).count() == revisions_before + 1

    client.logout()
    page = client.get("/en/articles/whipple/").content.decode()
    assert f"/media/{old_image}" in page
    assert "redrawn" not in page
    assert client.get(f"/media/{figure.image}").status_code == 404

    client.force_login(second_editor)
    client.post(f"/admin/articles/article/{article.pk}/submit/", {"comment": "v2"})
    submission = Submission.objects.latest("pk")
    sign_in_with_second_factor(client, approver)
    review = client.get(f"/admin/oncolex/submission/{submission.pk}/change/")
    diff = review.content.decode()
    assert "changed: image file, caption (English)" in diff
    # Old and new thumbnails side by side.
    assert f'src="/media/{old_thumbnail}"' in diff
    assert f'src="/media/{figure.thumbnail}"' in diff
    assert diff.count('class="figure-old"') == 1
    client.post(f"/admin/oncolex/submission/{submission.pk}/approve/", {"note": "v2"})

    client.logout()
    page = client.get("/en/articles/whipple/").content.decode()
    assert "Resection lines, redrawn." in page
    assert f"/media/{figure.image}" in page
    # Version 1 as it read then: the exact file it was approved with.
    first = client.get("/en/articles/whipple/history/1/").content.decode()
    assert f"/media/{old_image}" in first
    assert client.get(f"/media/{old_image}").status_code == 200
    assert PublishedArticle.objects.filter(article=article).count() == 2


def test_removing_a_figure_shows_in_the_diff_and_leaves_the_live_page_alone(
    client, editor, approver, placed
):
    article, figure = placed
    submission = submit_and_approve(client, article, editor, approver)
    client.post(f"/admin/oncolex/submission/{submission.pk}/approve/", {"note": "1"})
    client.force_login(editor)
    data = change_form_data(client, article)
    placement = article.figure_placements.get()
    data.update(
        {
            "kind": "procedure",
            "chapter": "",
            "procedure_type": "surgery",
            "sections-0-body": "Three joins restore the flow of food.",
            "figure_placements-TOTAL_FORMS": "1",
            "figure_placements-INITIAL_FORMS": "1",
            "figure_placements-0-id": str(placement.pk),
            "figure_placements-0-article": str(article.pk),
            "figure_placements-0-key": placement.key,
            "figure_placements-0-figure": str(figure.pk),
            "figure_placements-0-DELETE": "on",
        }
    )
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"]
    assert not article.figure_placements.exists()
    client.post(f"/admin/articles/article/{article.pk}/submit/", {"comment": "drop"})
    submission = Submission.objects.latest("pk")
    sign_in_with_second_factor(client, approver)
    diff = client.get(f"/admin/oncolex/submission/{submission.pk}/change/")
    assert "figure removed" in diff.content.decode()
    client.logout()
    assert "<picture>" in client.get("/en/articles/whipple/").content.decode()


def test_preview_of_a_draft_shows_its_figure_to_editors_from_the_original(
    client, editor, placed, settings
):
    article, figure = placed
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{article.pk}/preview/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<figure class="figure" id="figure-whipple-resection">' in html
    assert f'src="/media/{figure.image}"' in html
    assert "<script" not in html.split("<main", 1)[-1]
    # A preview makes no renditions: only approval does.
    assert not (Path(settings.MEDIA_ROOT) / "figures/renditions").exists()
