"""Readers' history: published versions, a version as it read then, diffs, feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from articles.models import PublishedArticle
from oncolex.review import services
from tests.diff_pages import parse_strictly
from tests.factories import publish, published_article, save_article

BASE = "/en/articles/neuroendocrine-tumours"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def two_versions(editor, approver):
    """Version 1, version 2 with a changed dose sentence, then unapproved work."""
    article, _ = published_article(
        editor=editor,
        approver=approver,
        slug="neuroendocrine-tumours",
        sections=[
            ("background", "Background", "Give 100 mg daily."),
            ("old-section", "Old section", "Soon removed."),
        ],
        references=[],
    )
    save_article(
        user=editor,
        article=article,
        sections=[
            ("background", "Background", "Give 200 mg daily."),
            ("new-section", "New section", "Freshly added."),
        ],
    )
    publish(article, editor=editor, approver=approver, note="Dose corrected")
    save_article(
        user=editor,
        article=article,
        sections=[("background", "Background", "PENDING-DOSE 900 mg")],
    )
    services.submit(obj=article, user=editor)
    save_article(
        user=editor,
        article=article,
        sections=[("background", "Background", "DRAFT-DOSE 5 g")],
    )
    return article


def test_history_lists_published_versions_newest_first(reader, two_versions):
    page = reader.get(f"{BASE}/history/").content.decode()
    assert page.index("Dose corrected") < page.index("First")
    assert "Approver Tester" in page
    assert "PENDING-DOSE" not in page and "DRAFT-DOSE" not in page


def test_old_version_reads_as_it_did_then_with_a_banner(reader, two_versions):
    page = reader.get(f"{BASE}/history/1/").content.decode()
    assert "Give 100 mg daily." in page
    assert "Give 200 mg daily." not in page
    assert "no longer current" in page
    current = reader.get(f"{BASE}/history/2/").content.decode()
    assert "no longer current" not in current


def test_unknown_version_number_is_404(reader, two_versions):
    assert reader.get(f"{BASE}/history/9/").status_code == 404


def test_compare_shows_word_level_changes_with_text_cues(reader, two_versions):
    response = reader.get(f"{BASE}/compare/?from=1&to=2")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<del><span class="visually-hidden">[removed] </span>100</del>' in page
    assert '<ins><span class="visually-hidden">[added] </span>200</ins>' in page
    assert "Removed section" in page and "Added section" in page
    assert "PENDING-DOSE" not in page and "DRAFT-DOSE" not in page


def test_compare_escapes_what_editors_wrote(reader, editor, approver):
    article, _ = published_article(
        editor=editor, approver=approver, slug="x", sections=[("a", "A", "Plain")]
    )
    save_article(user=editor, article=article, sections=[("a", "A", "<b>bold</b>")])
    publish(article, editor=editor, approver=approver, note="2")
    page = reader.get("/en/articles/x/compare/?from=1&to=2").content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<b>bold</b>" not in page


def test_a_version_stored_with_the_old_link_markup_compares_by_its_words(
    reader, editor, approver
):
    """Versions approved before December 2026 stored every link with the rel
    of external links, citations with a class and section headings with ids;
    the same text in today's leaner markup is no change to readers."""
    article, first = published_article(
        editor=editor,
        approver=approver,
        slug="net",
        sections=[
            ("grading", "Grading", "By Ki-67 [1]. See [staging](#staging)."),
            ("staging", "Staging", "By TNM."),
        ],
    )
    new_markup = first.body_html
    old_markup = (
        new_markup.replace(
            '<a href="#ref-1">',
            '<a href="#ref-1" class="citation" rel="noopener noreferrer">',
        )
        .replace('<a href="#staging">', '<a href="#staging" rel="noopener noreferrer">')
        .replace(
            '<section id="grading"><h2>',
            '<section id="grading" aria-labelledby="grading-h"><h2 id="grading-h">',
        )
    )
    assert old_markup.count("noopener") == 2 and "grading-h" in old_markup
    # As approved then: stored bytes are never re-rendered.
    PublishedArticle.objects.filter(pk=first.pk).update(body_html=old_markup)
    save_article(user=editor, article=article, summary="Revised summary.")
    publish(article, editor=editor, approver=approver, note="Summary")
    page = reader.get("/en/articles/net/compare/?from=1&to=2").content.decode()
    assert "<strong>What changed:</strong> summary changed.</p>" in page


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?from=1",
        "?from=a&to=2",
        "?from=1&to=99",
        "?from=-1&to=2",
        "?from=99999999999999999999999&to=1",
    ],
)
def test_bad_compare_parameters_get_a_400_page_that_explains(
    reader, two_versions, query
):
    response = reader.get(f"{BASE}/compare/{query}")
    assert response.status_code == 400
    assert "versions" in response.content.decode()


def test_comparing_a_version_with_itself_says_they_are_the_same(reader, two_versions):
    response = reader.get(f"{BASE}/compare/?from=2&to=2")
    parse_strictly(response.content)
    page = response.content.decode()
    assert response.status_code == 200
    assert "the two versions are the same" in page
    assert f'href="{BASE}/history/2/"' in page


def test_history_of_an_unpublished_article_is_gone(reader, two_versions, approver):
    services.unpublish(obj=two_versions, user=approver, comment="Withdrawn")
    assert reader.get(f"{BASE}/history/").status_code == 410
    assert reader.get(f"{BASE}/history/1/").status_code == 410
    assert reader.get(f"{BASE}/compare/?from=1&to=2").status_code == 410


def test_feed_is_atom_with_only_published_versions(reader, two_versions):
    response = reader.get("/en/feed/")
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert [t.rsplit(", ", 1)[1] for t in titles] == ["version 2", "version 1"]
    assert "Dose corrected" in entries[0].findtext(f"{ATOM}summary")
    assert entries[0].find(f"{ATOM}author").findtext(f"{ATOM}name") == (
        "Approver Tester"
    )
    assert b"PENDING-DOSE" not in response.content
    assert b"DRAFT-DOSE" not in response.content


def test_feed_leaves_out_unpublished_articles(reader, two_versions, approver):
    services.unpublish(obj=two_versions, user=approver, comment="Withdrawn")
    root = ET.fromstring(reader.get("/en/feed/").content)
    assert root.findall(f"{ATOM}entry") == []


def test_history_and_compare_run_bounded_queries(
    reader, editor, approver, django_assert_num_queries
):
    article, _ = published_article(editor=editor, approver=approver, slug="many")
    for n in range(2, 8):
        save_article(user=editor, article=article, summary=f"Summary {n}")
        publish(article, editor=editor, approver=approver, note=f"Change {n}")
    # 1. the live version by slug, 2. all its versions
    with django_assert_num_queries(2):
        assert reader.get("/en/articles/many/history/").status_code == 200
    # 1. the live version by slug, 2. the two versions compared, with their
    # cancer types as approved (3. the titles of embedded tables, if any)
    with django_assert_num_queries(2):
        assert reader.get("/en/articles/many/compare/?from=1&to=7").status_code == 200
    # 1. the live version by slug, 2. version n, 3. live targets of its links
    with django_assert_num_queries(3):
        assert reader.get("/en/articles/many/history/3/").status_code == 200
