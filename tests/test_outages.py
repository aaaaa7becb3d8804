"""A lost or hung Redis, or a lost database, never gives a reader a 500.

Redis outages are real: the test session's own redis-server is killed, or
stopped with SIGSTOP (a hung server that keeps its keys). A database outage
points the connection at a loopback port where nothing listens, which psycopg
fails on as it would on a stopped server; SQLite, embedded, has no outage.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

from oncolex.review import services
from tests.factories import (
    make_approver,
    make_editor,
    publish,
    published_article,
    save_article,
    sign_in_with_second_factor,
)
from tests.servers import free_port

transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def reader() -> Client:
    # A reader's browser gets whatever the site answers, exceptions included.
    return Client(raise_request_exception=False)


@contextmanager
def database_down() -> Iterator[None]:
    if connection.vendor != "postgresql":
        pytest.skip("an embedded SQLite file cannot be unreachable")
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=free_port())
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def _article_with_a_pending_revision(slug: str):
    editor, approver = make_editor(), make_approver()
    article, _ = published_article(
        editor=editor, approver=approver, slug=slug, summary="Old summary"
    )
    save_article(user=editor, article=article, summary="New summary")
    return article, editor, approver


@transactional
def test_without_redis_pages_come_from_the_database_and_healthz_names_the_cache(
    redis_page_cache, reader
):
    published_article(editor=make_editor(), approver=make_approver(), slug="a")
    redis_page_cache.stop()
    response = reader.get("/en/articles/a/")
    assert response.status_code == 200
    assert "Old summary" not in response.content.decode()
    health = reader.get("/healthz")
    assert health.status_code == 503
    assert health.content.decode() == "cache unavailable\n"


@transactional
def test_an_approval_while_redis_is_down_answers_and_shows_when_it_returns_empty(
    redis_page_cache, reader
):
    article, editor, approver = _article_with_a_pending_revision("empty")
    assert "Old summary" in reader.get("/en/articles/empty/").content.decode()
    redis_page_cache.stop()
    publish(article, editor=editor, approver=approver, note="New summary")
    assert "New summary" in reader.get("/en/articles/empty/").content.decode()
    redis_page_cache.start()
    time.sleep(1.1)  # the circuit breaker tries Redis again after a second
    for _ in range(2):  # stored, then served from the cache
        assert "New summary" in reader.get("/en/articles/empty/").content.decode()
    assert reader.get("/healthz").status_code == 200


@transactional
def test_a_hung_redis_that_keeps_its_keys_never_serves_a_superseded_page(
    redis_page_cache, reader, settings
):
    settings.PAGE_CACHE_GENERATION_SECONDS = 1  # production's value
    article, editor, approver = _article_with_a_pending_revision("kept")
    assert "Old summary" in reader.get("/en/articles/kept/").content.decode()
    redis_page_cache.pause()
    try:
        publish(article, editor=editor, approver=approver, note="New summary")
        timings = []
        for _ in range(5):
            started = time.monotonic()
            response = reader.get("/en/articles/kept/")
            timings.append(time.monotonic() - started)
            assert response.status_code == 200
            assert "New summary" in response.content.decode()
        # The first request waits for the socket timeout; the breaker spares
        # the others (the bound is loose: the machine is shared).
        assert sum(timings[1:]) < timings[0] + 1.0, timings
        time.sleep(1.1)
    finally:
        redis_page_cache.resume()
    time.sleep(1.1)  # the breaker lets Redis be tried again
    for _ in range(3):
        assert "New summary" in reader.get("/en/articles/kept/").content.decode()


@transactional
def test_while_the_database_is_down_cached_pages_serve_and_the_rest_answer_503(
    redis_page_cache, reader
):
    published_article(editor=make_editor(), approver=make_approver(), slug="cached")
    cached = reader.get("/en/articles/cached/")
    with database_down():
        again = reader.get("/en/articles/cached/")
        assert again.status_code == 200
        assert again.content == cached.content

        uncached = reader.get("/nb/procedures/")
        assert uncached.status_code == 503
        assert uncached["Retry-After"] == "5"
        assert uncached["Content-Language"] == "nb"
        body = uncached.content.decode()
        assert "Oncolex er kort utilgjengelig" in body
        assert "Traceback" not in body and "psycopg" not in body

        health = reader.get("/healthz")
        assert health.status_code == 503
        assert health.content.decode() == "database unavailable\n"
    # Back without a restart.
    assert reader.get("/nb/procedures/").status_code == 200
    assert reader.get("/healthz").status_code == 200


@transactional
def test_a_signed_in_editor_gets_503_not_500_while_the_database_is_down(reader):
    if connection.vendor != "postgresql":
        pytest.skip("an embedded SQLite file cannot be unreachable")
    reader.force_login(make_editor())
    with database_down():
        response = reader.get("/admin/")
        assert response.status_code == 503
        assert "Oncolex is briefly unavailable" in response.content.decode()
    assert reader.get("/admin/").status_code == 200


@transactional
def test_an_approval_posted_in_the_admin_while_redis_hangs_answers_and_shows(
    redis_page_cache, reader, settings
):
    settings.PAGE_CACHE_GENERATION_SECONDS = 1  # production's value
    article, editor, approver = _article_with_a_pending_revision("via-admin")
    submission = services.submit(obj=article, user=editor)
    assert "Old summary" in reader.get("/en/articles/via-admin/").content.decode()
    approving = Client(raise_request_exception=False)
    sign_in_with_second_factor(approving, approver)
    redis_page_cache.pause()
    try:
        response = approving.post(
            f"/admin/oncolex/submission/{submission.pk}/approve/",
            {"note": "New summary"},
        )
        assert response.status_code == 302
        time.sleep(1.1)
    finally:
        redis_page_cache.resume()  # with the old page and generation still in it
    time.sleep(1.1)  # the breaker lets Redis be tried again
    for _ in range(2):
        page = reader.get("/en/articles/via-admin/").content.decode()
        assert "New summary" in page
