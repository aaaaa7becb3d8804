"""Each worker's copy of page bytes (pages/memory.py): the database sends a
stored page's body only when the worker does not hold that very page, the
copy never outlives the page, and it stays within its bound."""

from __future__ import annotations

import pytest
from django.db import connection

from pages import memory, store
from tests.factories import publish, published_article, save_article

pytestmark = pytest.mark.django_db

URL = "http://testserver/en/articles/{}/"


@pytest.fixture(autouse=True)
def empty_memory():
    memory.forget()
    yield
    memory.forget()


def looked_up(slug: str, coding: str = "identity") -> store.Found:
    return store.lookup(using="default", url=URL.format(slug), coding=coding)


def test_a_page_the_worker_holds_is_not_sent_again(editor, approver, reader):
    published_article(editor=editor, approver=approver, slug="held")
    first = reader.get("/en/articles/held/").content
    assert looked_up("held").body == first
    # The stored body changes behind the worker's back, its ETag does not:
    # what is served is the copy, so the database did not send the body.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE pages_storedpage SET identity = %s", [b"elsewhere"])
    assert looked_up("held").body == first
    # A worker that holds nothing gets the database's bytes.
    memory.forget()
    assert looked_up("held").body == b"elsewhere"


def test_a_copy_never_outlives_its_page(editor, approver, reader):
    article, _ = published_article(
        editor=editor, approver=approver, slug="held", title="First title"
    )
    reader.get("/en/articles/held/")
    assert b"First title" in looked_up("held", "identity").body
    save_article(user=editor, article=article, title="Second title")
    publish(article, editor=editor, approver=approver, note="Renamed")
    assert looked_up("held").status is None  # retired with the approval
    page = reader.get("/en/articles/held/").content
    assert b"Second title" in page
    assert looked_up("held").body == page


def test_the_copies_stay_within_their_bound(editor, approver, reader, settings):
    slugs = ["one", "two", "three"]
    pages = {}
    for slug in slugs:
        published_article(editor=editor, approver=approver, slug=slug)
    for slug in slugs:
        pages[slug] = reader.get(f"/en/articles/{slug}/").content
    largest = max(len(page) for page in pages.values())
    settings.PAGE_MEMORY_BYTES = largest * 2
    for _ in range(2):
        for slug in slugs:
            assert looked_up(slug).body == pages[slug]
            assert memory.size() <= settings.PAGE_MEMORY_BYTES
    settings.PAGE_MEMORY_BYTES = 0
    memory.forget()
    assert looked_up("one").body == pages["one"]
    assert memory.size() == 0
