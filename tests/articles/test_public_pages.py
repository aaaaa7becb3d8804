"""What a clinician sees on the public pages, and what they must never see."""

from __future__ import annotations

import pytest

from oncolex.review import services
from tests.factories import (
    DEFAULT_REFERENCES,
    make_approver,
    make_cancer_type,
    publish,
    published_article,
    save_article,
    sign_in_with_second_factor,
)

ARTICLE = "/en/articles/neuroendocrine-tumours/"


def test_article_page_shows_approved_text_with_trust_line(reader, published):
    _, version = published
    page = reader.get(ARTICLE).content.decode()
    assert "<h1>Neuroendocrine tumours</h1>" in page
    assert "Approved by Approver Tester" in page
    assert f"version {version.number}" in page
    assert "next review due" in page
    assert 'href="#grading"' in page  # table of contents
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/18853416/"' in page
    assert 'href="https://doi.org/10.1002/cncr.23883"' in page
    assert 'id="ref-1"' in page


def test_public_pages_carry_no_script_and_forbid_scripts(reader, published):
    for url in ["/en/", ARTICLE, "/en/no-such-page/"]:
        response = reader.get(url)
        assert b"<script" not in response.content.lower()
        assert "script-src 'none'" in response.headers["Content-Security-Policy"]


def test_admin_keeps_its_own_script_policy(client, approver):
    sign_in_with_second_factor(client, approver)
    response = client.get("/admin/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_article_links_to_its_twin_in_the_other_language(editor, approver, reader):
    english, _ = published_article(
        editor=editor, approver=approver, title="Tumours", slug="tumours"
    )
    norwegian = save_article(
        user=editor,
        title="Svulster",
        slug="svulster",
        language="nb",
        translation=english,
        sections=[("om", "Om", "Tekst.")],
        references=[],
    )
    publish(norwegian, editor=editor, approver=approver)
    assert 'href="/nb/articles/svulster/"' in reader.get("/en/articles/tumours/").text
    assert 'href="/en/articles/tumours/"' in reader.get("/nb/articles/svulster/").text


def test_home_lists_cancer_types_and_recent_articles(reader, published):
    article, _ = published
    cancer_type = article.cancer_types.get()
    page = reader.get("/en/").content.decode()
    assert f'href="/en/cancer-types/{cancer_type.slug}/">{cancer_type.name_en}<' in page
    assert 'href="/en/articles/neuroendocrine-tumours/">Neuroendocrine tumours<' in page


def test_cancer_type_page_lists_its_published_chapters(reader, editor, approver):
    cancer_type = make_cancer_type("lung-cancer", name_en="Lung cancer")
    published_article(
        editor=editor,
        approver=approver,
        title="Lung background",
        cancer_type=cancer_type,
    )
    save_article(user=editor, title="Lung draft only", cancer_type=cancer_type)
    page = reader.get("/en/cancer-types/lung-cancer/").content.decode()
    assert "Lung background" in page
    assert "Lung draft only" not in page


def test_unknown_article_answers_404_with_a_way_back(reader, db):
    response = reader.get("/en/articles/does-not-exist/")
    assert response.status_code == 404
    assert 'href="/en/"' in response.content.decode()


def test_unknown_cancer_type_answers_404(reader, db):
    assert reader.get("/en/cancer-types/nope/").status_code == 404


def test_unpublished_article_answers_410_gone(reader, published, approver):
    article, _ = published
    services.unpublish(obj=article, user=approver, comment="Superseded guidance")
    response = reader.get(ARTICLE)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert "Published text about tumours" not in response.content.decode()


def test_renamed_article_redirects_from_its_old_address(reader, published, editor):
    article, _ = published
    second_approver = make_approver("second_approver")
    save_article(user=editor, article=article, slug="net-tumours")
    publish(article, editor=editor, approver=second_approver, note="Renamed")
    response = reader.get(ARTICLE)
    assert response.status_code == 301
    assert response.headers["Location"] == "/en/articles/net-tumours/"


@pytest.mark.parametrize(
    ("accept", "target"),
    [("nb-NO,nb;q=0.9,en;q=0.5", "/nb/"), ("en-GB,en;q=0.8", "/en/"), ("", "/en/")],
)
def test_root_redirects_by_accept_language(client, db, accept, target):
    response = client.get("/", headers={"accept-language": accept})
    assert response.status_code == 302
    assert response.headers["Location"] == target


def test_healthz_answers_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_post_to_a_public_page_is_refused(client, published):
    assert client.post(ARTICLE).status_code == 405


@pytest.mark.parametrize("count", [2, 40])
def test_article_page_runs_the_same_queries_whatever_its_size(
    count, editor, approver, reader, django_assert_num_queries
):
    sections = [(f"s{n}", f"Section {n}", f"Body {n} [1].") for n in range(count)]
    references = DEFAULT_REFERENCES * count
    published_article(
        editor=editor,
        approver=approver,
        slug="big",
        sections=sections,
        references=references,
    )
    # 1. the page store: the publication generation, no page stored yet
    # 2. the published version by language and slug, with its stored page
    # 3. live articles it needs: the twin in the other language, link targets
    # 4. the page store keeps the page
    with django_assert_num_queries(4):
        response = reader.get("/en/articles/big/")
    assert response.status_code == 200
    assert response.content.decode().count('<section id="s') == count
    with django_assert_num_queries(1):  # then the page store alone
        assert reader.get("/en/articles/big/").content == response.content


def test_norwegian_pages_speak_bokmal(reader, editor, approver):
    published_article(
        editor=editor,
        approver=approver,
        language="nb",
        slug="svulster",
        title="Svulster",
    )
    page = reader.get("/nb/articles/svulster/").content.decode()
    assert '<html lang="nb">' in page
    assert "Godkjent av" in page
    assert "Innhold" in page
