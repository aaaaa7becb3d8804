"""Serving stored pages: one query, the coding the client asks for, 304 for
what it has, nothing personal, and the rest of the stack when the database
is away."""

from __future__ import annotations

import gzip

import brotli
import pytest
from django.test import Client

from tests.factories import (
    publish,
    published_article,
    save_article,
    sign_in_with_second_factor,
)
from tests.pages.conftest import ARTICLE
from tests.test_outages import database_down


@pytest.fixture
def stored(article, reader) -> bytes:
    """The article page, stored by its first request; its identity body."""
    first = reader.get(ARTICLE)
    assert first.status_code == 200
    return first.content


def test_a_stored_page_is_one_query(stored, reader, django_assert_num_queries):
    # 1. the stored page, joined with the current publication generation
    with django_assert_num_queries(1):
        response = reader.get(ARTICLE)
    assert response.content == stored
    assert response.headers["ETag"].startswith('W/"')


# (Accept-Encoding, coding sent): 9 headers a client may send.
NEGOTIATION = [
    ("", "identity"),
    ("identity", "identity"),
    ("gzip", "gzip"),
    ("gzip, deflate", "gzip"),
    ("gzip, deflate, br, zstd", "br"),
    ("br;q=0, gzip", "gzip"),
    ("gzip;q=0, br;q=0", "identity"),
    ("*", "br"),
    ("gzip;q=0.5, identity", "identity"),
]


@pytest.mark.parametrize(("accept", "coding"), NEGOTIATION)
def test_the_client_gets_the_coding_it_prefers(stored, accept, coding):
    response = Client(headers={"accept-encoding": accept}).get(ARTICLE)
    assert response.headers.get("Content-Encoding", "identity") == coding
    assert response.headers["Vary"] == "Accept-Encoding"
    assert response.headers["Content-Length"] == str(len(response.content))
    decode = {"identity": bytes, "gzip": gzip.decompress, "br": brotli.decompress}
    assert decode[coding](response.content) == stored


def test_the_first_request_is_answered_in_the_coding_asked_for_too(article):
    response = Client(headers={"accept-encoding": "br"}).get(ARTICLE)
    assert response.headers["Content-Encoding"] == "br"
    assert b"Stored tumours" in brotli.decompress(response.content)


def test_head_gets_the_headers_of_get_without_the_body(stored, reader):
    get = Client(headers={"accept-encoding": "gzip"}).get(ARTICLE)
    head = Client(headers={"accept-encoding": "gzip"}).head(ARTICLE)
    assert head.status_code == 200
    assert head.content == b""
    for name in ["Content-Encoding", "Content-Length", "ETag", "Vary"]:
        assert head.headers[name] == get.headers[name]


def test_a_client_that_has_the_page_gets_304(stored, reader):
    etag = reader.get(ARTICLE).headers["ETag"]
    for sent in [etag, etag.removeprefix("W/"), f'"other", {etag}', "*"]:
        response = Client(headers={"if-none-match": sent}).get(ARTICLE)
        assert response.status_code == 304
        assert response.content == b""
        assert response.headers["ETag"] == etag
        assert response.headers["Vary"] == "Accept-Encoding"
    assert Client(headers={"if-none-match": '"other"'}).get(ARTICLE).status_code == (
        200
    )


def test_a_page_rendered_for_a_signed_in_editor_is_never_stored(
    article, client, editor, stored_urls
):
    client.force_login(editor)
    assert client.get(ARTICLE).status_code == 200
    assert stored_urls() == set()


def test_a_stored_page_sets_no_cookie_for_anyone(stored, client, approver):
    sign_in_with_second_factor(client, approver)
    response = client.get(ARTICLE)
    assert response.content == stored
    assert "ETag" in response.headers  # from the store
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


def test_the_admin_search_and_query_strings_never_touch_the_store(
    stored, reader, stored_urls, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert reader.get("/static/site.css").status_code == 200
    assert reader.get(f"{ARTICLE}?utm=x").status_code == 200
    assert reader.get("/en/search/?q=tumours").status_code == 200
    assert reader.get("/admin/login/").status_code == 200
    assert stored_urls() == {f"http://testserver{ARTICLE}"}


def test_pages_link_to_themselves_with_the_host_they_were_asked_for(
    editor, approver, stored_urls, settings
):
    english, _ = published_article(editor=editor, approver=approver, slug="stored")
    norwegian = save_article(
        user=editor, slug="lagret", language="nb", translation=english
    )
    publish(norwegian, editor=editor, approver=approver)
    settings.ALLOWED_HOSTS = ["testserver", "oncolex.example.org"]
    for _ in range(2):  # stored, then served from the store
        here = Client().get(ARTICLE).content.decode()
        there = Client(HTTP_HOST="oncolex.example.org").get(ARTICLE, secure=True)
        assert 'href="http://testserver/nb/articles/lagret/"' in here
        assert 'href="https://oncolex.example.org/nb/articles/lagret/"' in (
            there.content.decode()
        )
    assert stored_urls() == {
        f"http://testserver{ARTICLE}",
        f"https://oncolex.example.org{ARTICLE}",
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_while_the_database_is_down_the_page_cache_serves_and_the_rest_503(
    redis_page_cache, editor, approver, settings
):
    published_article(editor=editor, approver=approver, slug="stored")
    published_article(editor=editor, approver=approver, slug="never-read")
    reader = Client(raise_request_exception=False)
    first = reader.get(ARTICLE)  # stored, and cached in Redis on the way
    with database_down():
        cached = reader.get(ARTICLE)
        uncached = reader.get("/en/articles/never-read/")
    assert cached.status_code == 200
    assert cached.content == first.content
    assert uncached.status_code == 503
    assert reader.get(ARTICLE).status_code == 200  # and back at once
