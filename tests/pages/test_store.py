"""Stored pages are never stale: every approval and unpublication retires
them in its own commit, whatever it changed (the article, its twin, a link
target, an embedded dataset, a cancer type), a draft never shows, and a page
that changes with the date is served only while it reads the same."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory

from articles import selectors
from articles.models import PublishedArticle
from oncolex import dates
from oncolex.page_cache import current_generation
from oncolex.review import services
from pages import store
from pages.models import StoredPage
from pages.rendering import request_page
from tests.epidemiology import helpers as epi
from tests.factories import (
    make_cancer_type,
    publish,
    published_article,
    save_article,
    save_cancer_type,
)

pytestmark = pytest.mark.django_db


def served_from_store(reader: Client, path: str) -> str:
    """The page, asked for twice: the second answer comes from the store."""
    reader.get(path)
    response = reader.get(path)
    assert "ETag" in response.headers, f"{path} was not stored"
    return response.content.decode()


def test_an_approval_is_served_at_once_in_both_languages(
    twins, reader, editor, approver, stored_urls
):
    english, _ = twins
    assert "Tumours" in served_from_store(reader, "/en/articles/tumours/")
    assert "English: Tumours" in served_from_store(reader, "/nb/articles/svulster/")
    assert "Tumours" in served_from_store(reader, "/en/")

    save_article(user=editor, article=english, title="Carcinoid tumours")
    # A draft, and its submission, change nothing for readers.
    submission = services.submit(obj=english, user=editor)
    assert "Carcinoid" not in served_from_store(reader, "/en/articles/tumours/")
    assert "Carcinoid" not in served_from_store(reader, "/nb/articles/svulster/")
    assert "Carcinoid" not in served_from_store(reader, "/en/")

    services.approve(submission=submission, user=approver, note="Renamed")
    assert stored_urls() == set()  # nothing superseded is kept
    assert "<h1>Carcinoid tumours</h1>" in reader.get("/en/articles/tumours/").text
    # The twin's page names the new title and says it may be behind.
    twin = reader.get("/nb/articles/svulster/").text
    assert "English: Carcinoid tumours" in twin
    assert "etter at denne teksten ble godkjent" in twin
    assert "Carcinoid tumours" in reader.get("/en/").text


LINK = '<a href="/en/articles/grading-article/#grading"'


@pytest.fixture
def link_target(editor, approver, reader):
    """An article whose stored page links to a section of this one."""
    target, _ = published_article(
        editor=editor,
        approver=approver,
        slug="grading-article",
        sections=[("grading", "Grading", "Grade by Ki-67.")],
    )
    published_article(
        editor=editor,
        approver=approver,
        slug="linking",
        sections=[("s", "S", "[see Grading](article:grading-article#grading)")],
    )
    assert LINK in served_from_store(reader, "/en/articles/linking/")
    return target


def test_unpublishing_takes_the_page_and_the_links_to_it_away_at_once(
    link_target, approver, reader
):
    served_from_store(reader, "/en/articles/grading-article/")
    services.unpublish(obj=link_target, user=approver, comment="Withdrawn")
    assert reader.get("/en/articles/grading-article/").status_code == 410
    page = served_from_store(reader, "/en/articles/linking/")
    assert LINK not in page
    assert "see Grading" in page


def test_a_link_target_that_loses_its_anchor_unlinks_at_once(
    link_target, editor, approver, reader
):
    sections = [("staging", "Staging", "Stage it.")]
    save_article(user=editor, article=link_target, sections=sections)
    publish(link_target, editor=editor, approver=approver, note="Regrouped")
    assert LINK not in served_from_store(reader, "/en/articles/linking/")


def test_an_embedded_dataset_approval_reaches_the_stored_article(
    dataset_in_article, editor, approver, reader
):
    dataset = dataset_in_article
    assert "98765" not in served_from_store(reader, "/en/articles/with-table/")
    lines = [*epi.banded_lines(2012, "male", cases=4), "2013,male,all,98765,"]
    epi.import_rows(dataset, editor, lines, comment="2013 added")
    submission = services.submit(obj=dataset, user=editor)
    assert "98765" not in served_from_store(reader, "/en/articles/with-table/")
    services.approve(submission=submission, user=approver, note="2013", note_nb="2013")
    assert "98,765" in served_from_store(reader, "/en/articles/with-table/")


def test_a_cancer_type_rename_reaches_the_stored_menu_and_its_page(
    editor, approver, reader
):
    cancer_type = make_cancer_type("net", name_en="NET", name_nb="NET")
    published_article(editor=editor, approver=approver, cancer_type=cancer_type)
    assert "Neuroendocrine neoplasms" not in served_from_store(reader, "/en/")
    served_from_store(reader, "/en/cancer-types/net/")
    save_cancer_type(
        user=editor, cancer_type=cancer_type, name_en="Neuroendocrine neoplasms"
    )
    publish(cancer_type, editor=editor, approver=approver)
    assert "Neuroendocrine neoplasms" in served_from_store(reader, "/en/")
    page = served_from_store(reader, "/en/cancer-types/net/")
    assert "<h1>Neuroendocrine neoplasms</h1>" in page


def test_a_page_rendered_before_an_approval_is_never_served_after_it(
    editor, approver, reader, django_assert_num_queries
):
    """The race: a request reads the generation and renders; an approval
    commits; the request stores what it rendered. Readers never get it."""
    article, _ = published_article(
        editor=editor, approver=approver, slug="raced", summary="Old summary"
    )
    url = "http://testserver/en/articles/raced/"
    before = store.lookup(using="default", url=url, coding="identity")
    old_page = Client().get("/en/articles/raced/?render")  # not stored: a query
    save_article(user=editor, article=article, title="Raced, revised")
    publish(article, editor=editor, approver=approver, note="Revised")
    old_page.stored_page_until = None
    store.save(url=url, generation=before.generation, response=old_page)

    page = reader.get("/en/articles/raced/").text
    assert "Raced, revised" in page
    # ...and the fresh page the request stored replaced the stale one.
    assert "Raced, revised" in served_from_store(reader, "/en/articles/raced/")
    # A slow render of the old generation never replaces the newer page.
    store.save(url=url, generation=before.generation, response=old_page)
    with django_assert_num_queries(1):
        assert "Raced, revised" in reader.get("/en/articles/raced/").text


def test_a_stored_page_is_served_only_while_its_date_notices_hold(
    editor, approver, reader, monkeypatch
):
    due = datetime.date(2027, 3, 1)
    monkeypatch.setattr(dates, "today", lambda: datetime.date(2026, 12, 5))
    published_article(
        editor=editor,
        approver=approver,
        slug="due",
        last_reviewed=datetime.date(2026, 1, 1),
        next_review_due=due,
    )
    notice = "Review overdue since March 1, 2027."
    assert notice not in served_from_store(reader, "/en/articles/due/")
    monkeypatch.setattr(dates, "today", lambda: due)
    assert notice not in served_from_store(reader, "/en/articles/due/")
    monkeypatch.setattr(dates, "today", lambda: due + datetime.timedelta(days=1))
    assert notice in served_from_store(reader, "/en/articles/due/")
    # From then on the page reads the same on any day.
    monkeypatch.setattr(dates, "today", lambda: datetime.date(2031, 1, 1))
    assert notice in served_from_store(reader, "/en/articles/due/")


def test_pages_without_a_date_of_their_own_serve_the_day_they_were_stored(
    published, reader, monkeypatch
):
    served_from_store(reader, "/en/")
    tomorrow = dates.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(dates, "today", lambda: tomorrow)
    response = reader.get("/en/")
    assert response.status_code == 200
    assert response.headers["ETag"]  # stored again, for the new day


def test_a_draft_article_has_no_page_to_store(editor, reader, stored_urls):
    save_article(user=editor, slug="draft-only", title="Draft only")
    response = request_page("http://testserver/en/articles/draft-only/")
    assert response.status_code == 404
    assert reader.get("/en/articles/draft-only/").status_code == 404
    assert stored_urls() == set()
    assert not PublishedArticle.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_from_the_redis_cache_is_never_stored(
    redis_page_cache, editor, approver, stored_urls
):
    """Redis may hold a page up to a second past an approval when it missed
    the news (oncolex/page_cache.py): only pages the view renders are stored."""
    published_article(editor=editor, approver=approver, slug="cached")
    reader = Client()
    first = reader.get("/en/articles/cached/")  # rendered: stored, and cached
    StoredPage.objects.all().delete()
    again = reader.get("/en/articles/cached/")  # from the Redis cache
    assert (again.status_code, again.content) == (200, first.content)
    assert "ETag" not in again.headers
    assert stored_urls() == set()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_render_overtaken_by_an_approval_is_never_served(
    editor, approver, monkeypatch
):
    """Two connections: a reader's request has read the old version when an
    approval commits, then stores its page. The next reader gets the new one."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database is not shared between threads")
    article, _ = published_article(editor=editor, approver=approver, slug="raced")
    rendering, approved = threading.Event(), threading.Event()
    real_neighbours = selectors.neighbours_of

    def neighbours_then_wait(version, **kwargs):
        found = real_neighbours(version, **kwargs)
        if threading.current_thread() is not threading.main_thread():
            rendering.set()
            approved.wait(10)
        return found

    monkeypatch.setattr(selectors, "neighbours_of", neighbours_then_wait)
    answers = {}

    def read() -> None:
        try:
            answers["overtaken"] = Client().get("/en/articles/raced/")
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    assert rendering.wait(10)
    save_article(user=editor, article=article, title="Raced, revised")
    publish(article, editor=editor, approver=approver, note="Revised")
    approved.set()
    reader.join(10)

    assert "Raced, revised" not in answers["overtaken"].text
    # It stored what it rendered, under the generation the approval ended...
    stale = StoredPage.objects.get()
    assert stale.generation < current_generation()
    # ...which no one is served.
    assert "Raced, revised" in Client().get("/en/articles/raced/").text


@pytest.mark.parametrize(
    ("vary", "kept"),
    [
        (None, True),
        ("Accept-Encoding", True),
        ("Cookie", False),
        ("Accept-Encoding, Accept-Language", False),
    ],
)
def test_a_page_that_varies_with_the_reader_is_never_stored(vary, kept):
    """Stored bytes go to every reader alike: a page that says it differs by
    cookie or language would reach readers it was not made for."""

    @store.stored_page
    def view(request):
        response = HttpResponse("<p>page</p>")
        if vary:
            response["Vary"] = vary
        return response

    request = RequestFactory().get("/en/")
    assert store.storable(request, view(request)) is kept
