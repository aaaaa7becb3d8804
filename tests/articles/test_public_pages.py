"""What a clinician sees on the public pages, and what they must never see."""

from __future__ import annotations

import html
import re

import pytest

from articles.models import PublishedArticleCancerType
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


def test_article_links_to_its_twin_in_the_other_language(twins, reader):
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


def test_a_section_adds_its_words_and_a_hundred_bytes_of_markup(
    editor, approver, reader
):
    """What keeps a 40-section article under the page budget (60 KB; see
    bench/article_size.py): a section's wrapper, its heading, its entry in
    the table of contents, a citation and a link to another section cost
    about a hundred bytes of markup around the words readers read."""
    body = "Grade by the Ki-67 index [1]. See [the staging](#s0)."

    def markup(count: int) -> int:
        published_article(
            editor=editor,
            approver=approver,
            slug=f"net-{count}",
            sections=[(f"s{n}", f"Heading {n}", body) for n in range(count)],
        )
        page = reader.get(f"/en/articles/net-{count}/").content.decode()
        text = html.unescape(re.sub(r"<[^>]*>", "", page))
        return len(page.encode()) - len(text.encode())

    # <section id="s1"><h2>…</h2><p>…<a href="#ref-1">1</a>…<a href="#s0">…</a>
    # …</p></section> and <li><a href="#s1">…</a></li>: 108 bytes.
    assert (markup(12) - markup(2)) / 10 <= 110


def test_a_cancer_type_finds_its_articles_through_live_versions_only(
    reader, editor, approver
):
    """An article moved to another cancer type leaves the first one's page at
    once; and what the page reads holds the live versions' links only, so
    that years of approvals do not make it slower (bench/page_scale.py)."""
    first = make_cancer_type("first", name_en="First")
    second = make_cancer_type("second", name_en="Second")
    article, _ = published_article(
        editor=editor, approver=approver, title="Moving", cancer_type=first
    )
    article.cancer_types.set([second])
    save_article(user=editor, article=article, comment="Belongs elsewhere")
    publish(article, editor=editor, approver=approver, note="Moved")
    assert "Moving" not in reader.get("/en/cancer-types/first/").text
    assert "Moving" in reader.get("/en/cancer-types/second/").text
    live = PublishedArticleCancerType.objects.filter(is_current=True)
    assert list(live.values_list("cancer_type_id", flat=True)) == [second.pk]
    services.unpublish(obj=article, user=approver, comment="Withdrawn")
    assert "Moving" not in reader.get("/en/cancer-types/second/").text
    assert not live.exists()


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
