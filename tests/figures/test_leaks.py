"""Readers never reach a file that no live article version shows, whatever its
URL: draft, pending and rejected figures and videos, unpublished articles."""

from __future__ import annotations

import pytest

from figures.models import Figure
from oncolex.review import services
from tests.articles.test_leaks import PUBLIC_URLS
from tests.factories import make_cancer_type, make_user, publish, save_article
from tests.figures import files
from tests.figures.helpers import make_figure

PLACED = "![Resection lines](figure:resection)"


def figure_files(figure: Figure) -> list[str]:
    names = [figure.image, figure.thumbnail]
    names += [figure.video, figure.captions_en, figure.captions_nb]
    return [f"/media/{name}" for name in names if name]


def status_codes(client, urls: list[str]) -> set[int]:
    return {client.get(url).status_code for url in urls}


@pytest.fixture
def live_article(editor, approver):
    cancer_type = make_cancer_type("net", name_en="Neuroendocrine tumours")
    article = save_article(
        user=editor,
        cancer_type=cancer_type,
        slug="neuroendocrine-tumours",
        sections=[("steps", "Steps", "Published text about tumours.")],
    )
    publish(article, editor=editor, approver=approver)
    return article


def test_files_of_a_figure_no_article_uses_answer_404_to_readers(
    reader, client, editor, db
):
    figure = make_figure(video=files.mp4())
    urls = figure_files(figure)
    assert len(urls) == 5
    assert status_codes(reader, urls) == {404}
    client.force_login(editor)
    assert status_codes(client, urls) == {200}


@pytest.mark.parametrize("state", ["draft", "pending", "rejected"])
def test_files_of_an_unapproved_revision_answer_404_to_readers(
    reader, editor, approver, live_article, state
):
    figure = make_figure(video=files.mp4())
    save_article(
        user=editor,
        article=live_article,
        sections=[("steps", "Steps", PLACED)],
        figures={"resection": figure},
    )
    if state != "draft":
        submission = services.submit(obj=live_article, user=editor)
        if state == "rejected":
            services.reject(submission=submission, user=approver, reason="No")
    assert status_codes(reader, figure_files(figure)) == {404}
    for url in PUBLIC_URLS:
        page = reader.get(url).content.decode()
        assert figure.image not in page
        assert figure.thumbnail not in page


def test_files_reach_readers_while_the_article_is_live_and_stop_when_it_is_not(
    reader, editor, approver, live_article
):
    figure = make_figure(video=files.mp4())
    save_article(
        user=editor,
        article=live_article,
        sections=[("steps", "Steps", PLACED)],
        figures={"resection": figure},
    )
    publish(live_article, editor=editor, approver=approver)
    shown = [f"/media/{figure.image}", *figure_files(figure)[2:]]
    assert status_codes(reader, shown) == {200}
    # The thumbnail is the editors' own: the page never shows it.
    assert reader.get(f"/media/{figure.thumbnail}").status_code == 404

    services.unpublish(obj=live_article, user=approver, comment="Withdrawn")
    assert status_codes(reader, shown) == {404}


def test_a_signed_in_reader_without_editorial_rights_gets_404_too(client, live_article):
    figure = make_figure()
    client.force_login(make_user("clinician"))
    assert status_codes(client, figure_files(figure)) == {404}


@pytest.mark.parametrize(
    "url",
    [
        "/media/",
        "/media/figures/originals/00/0000.jpg",
        "/media/../db.sqlite3",
        "/media/figures/../../manage.py",
        "/media/%2e%2e/%2e%2e/etc/passwd.jpg",
        "/media/figures/originals/x.svg",
        "/media/figures/originals/x.jpg%00.html",
        "/media/figures/originals/x.JPG",
    ],
)
def test_unknown_and_forged_media_addresses_answer_404(client, editor, url):
    assert client.get(url).status_code == 404
    client.force_login(editor)
    assert client.get(url).status_code == 404


def test_media_is_read_only(client, editor, approver, live_article):
    figure = make_figure()
    save_article(
        user=editor,
        article=live_article,
        sections=[("steps", "Steps", PLACED)],
        figures={"resection": figure},
    )
    publish(live_article, editor=editor, approver=approver)
    assert client.post(f"/media/{figure.image}").status_code == 405
    assert client.head(f"/media/{figure.image}").status_code == 200


def test_behind_nginx_the_app_checks_and_the_proxy_sends_the_file(
    reader, settings, editor, approver, live_article
):
    settings.MEDIA_ACCEL_REDIRECT = "/_protected_media/"
    draft = make_figure(data=files.jpeg(seed=7))
    live = make_figure()
    save_article(
        user=editor,
        article=live_article,
        sections=[("steps", "Steps", PLACED)],
        figures={"resection": live},
    )
    publish(live_article, editor=editor, approver=approver)
    response = reader.get(f"/media/{live.image}")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected_media/{live.image}"
    assert response["Content-Type"] == "image/jpeg"
    assert response.content == b""
    refused = reader.get(f"/media/{draft.image}")
    assert refused.status_code == 404
    assert "X-Accel-Redirect" not in refused


def test_caches_keep_a_published_file_an_hour_and_a_draft_never(
    client, editor, approver, live_article
):
    draft = make_figure(data=files.jpeg(seed=9))
    live = make_figure()
    save_article(
        user=editor,
        article=live_article,
        sections=[("steps", "Steps", PLACED)],
        figures={"resection": live},
    )
    publish(live_article, editor=editor, approver=approver)
    assert client.get(f"/media/{live.image}")["Cache-Control"] == "public, max-age=3600"
    client.force_login(editor)
    assert client.get(f"/media/{draft.image}")["Cache-Control"] == "private, no-store"


def test_an_approver_sees_draft_files_only_after_the_second_factor(client, approver):
    from tests.factories import sign_in_with_second_factor

    figure = make_figure()
    client.force_login(approver)
    assert status_codes(client, figure_files(figure)) == {404}
    sign_in_with_second_factor(client, approver)
    assert status_codes(client, figure_files(figure)) == {200}
