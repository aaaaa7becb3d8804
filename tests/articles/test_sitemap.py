"""/sitemap.xml and /robots.txt: what search engines are told about."""

from __future__ import annotations

import datetime
import re
from xml.etree import ElementTree

import pytest

from articles.models import PublishedArticle
from tests.articles.unapproved_work import SECRET_SLUGS, make_unapproved_work
from tests.factories import published_article

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def sitemap(reader) -> dict[str, ElementTree.Element]:
    response = reader.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): url for url in root.findall("s:url", NS)
    }


def alternates(url: ElementTree.Element) -> dict[str, str]:
    return {
        link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
    }


@pytest.fixture
def twins(editor, approver):
    """An English article and its Bokmål translation, both published."""
    english, _ = published_article(
        editor=editor, approver=approver, title="Tumours", slug="tumours"
    )
    published_article(
        editor=editor,
        approver=approver,
        title="Svulster",
        slug="svulster",
        language="nb",
        translation=english,
    )


def test_sitemap_lists_every_live_article_in_both_languages(reader, twins):
    urls = sitemap(reader)
    english = urls["http://testserver/en/articles/tumours/"]
    norwegian = urls["http://testserver/nb/articles/svulster/"]
    approved = PublishedArticle.objects.get(slug="svulster").approved_at
    assert norwegian.findtext("s:lastmod", namespaces=NS) == (
        approved.astimezone(datetime.UTC).date().isoformat()
    )
    assert english.findtext("s:lastmod", namespaces=NS)


def test_translations_point_at_each_other(reader, twins):
    urls = sitemap(reader)
    expected = {
        "en": "http://testserver/en/articles/tumours/",
        "nb": "http://testserver/nb/articles/svulster/",
        "x-default": "http://testserver/en/articles/tumours/",
    }
    assert alternates(urls["http://testserver/en/articles/tumours/"]) == expected
    assert alternates(urls["http://testserver/nb/articles/svulster/"]) == expected


def test_article_without_translation_has_no_alternates(reader, published):
    urls = sitemap(reader)
    assert (
        alternates(urls["http://testserver/en/articles/neuroendocrine-tumours/"]) == {}
    )


def test_sitemap_lists_the_pages_that_lead_to_articles(reader, published):
    urls = sitemap(reader)
    assert alternates(urls["http://testserver/en/procedures/"]) == {
        "en": "http://testserver/en/procedures/",
        "nb": "http://testserver/nb/procedures/",
    }
    assert "http://testserver/nb/" in urls


def test_sitemap_lists_no_unapproved_or_unpublished_article(reader, editor, approver):
    make_unapproved_work(editor, approver)
    urls = sitemap(reader)
    articles = [url for url in urls if "/articles/" in url]
    assert articles == ["http://testserver/en/articles/liver-resection/"]
    for slug in SECRET_SLUGS:
        assert not any(slug in url for url in urls)


def test_a_moved_article_is_listed_at_its_new_address_only(
    reader, editor, approver, published
):
    from tests.factories import publish, save_article

    article, _ = published
    save_article(user=editor, article=article, slug="net")
    publish(article, editor=editor, approver=approver, note="Renamed")
    articles = [url for url in sitemap(reader) if "/articles/" in url]
    assert articles == ["http://testserver/en/articles/net/"]


@pytest.mark.parametrize("count", [1, 20])
def test_sitemap_runs_the_same_queries_whatever_its_size(
    reader, editor, approver, django_assert_num_queries, count
):
    for n in range(count):
        published_article(editor=editor, approver=approver, slug=f"a-{n}")
    # 1. the live articles
    # 2. the live datasets
    # 3. the cancer types
    with django_assert_num_queries(3):
        urls = sitemap(reader)
    assert len([url for url in urls if "/articles/" in url]) == count


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_the_admin(reader, db):
    response = reader.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert re.search(r"^User-agent: \*$", response.content.decode(), re.M)
