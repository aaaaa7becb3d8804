"""The WSGI door in front of Django (pages/wsgi.py), called as gunicorn calls
the project: a stored page is answered as Django's whole stack answers it,
in one query and without running Django's handler; everything else, a page
not stored yet included, is Django's, with nothing looked up twice."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, connections
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from oncolex.review import services
from oncolex.wsgi import application
from pages.wsgi import StoredPageDoor
from tests.factories import published_article, save_article
from tests.pages.conftest import ARTICLE
from tests.test_outages import database_down


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    # Did Django's handler run (its request_started signal)?
    django_ran: bool


def through_the_door(
    path: str,
    method: str = "GET",
    *,
    secure: bool = False,
    app: Any = application,
    **headers: str,
) -> Reply:
    factory = RequestFactory()
    environ: dict[str, Any] = factory.generic(
        method, path, secure=secure, headers=headers
    ).META
    # As a server writes it (PEP 3333): the address's UTF-8 bytes as Latin-1
    # text, which the factory's request object had decoded in place.
    environ["PATH_INFO"] = environ["PATH_INFO"].encode().decode("latin-1")
    ran: list[bool] = []

    def started(**kwargs: object) -> None:
        ran.append(True)

    answered: dict[str, Any] = {}

    def start_response(status: str, sent: list[tuple[str, str]], exc_info=None):
        answered.update(status=int(status.split()[0]), headers=dict(sent))

    request_started.connect(started)
    try:
        chunks = app(environ, start_response)
        body = b"".join(chunks)
        getattr(chunks, "close", lambda: None)()
    finally:
        request_started.disconnect(started)
    return Reply(answered["status"], answered["headers"], body, bool(ran))


@pytest.fixture
def door(db):
    """Django's handler, called as a WSGI application, would close the test's
    database connection when a request starts and ends; its test client
    prevents that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield through_the_door
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def stored(article, door) -> Reply:
    """The article page's first answer, which stored it."""
    first = door(ARTICLE)
    assert first.status == 200
    assert first.django_ran
    return first


PAGES = ["/en/", "/nb/", "/en/articles/tumours/", "/nb/articles/svulster/"]
# (request headers, what they test)
ASKED = [
    ({}, "identity"),
    ({"accept-encoding": "gzip, deflate"}, "gzip"),
    ({"accept-encoding": "gzip, deflate, br"}, "brotli"),
    ({"accept-encoding": "br;q=0, gzip"}, "a refused coding"),
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("headers", [h for h, _ in ASKED], ids=[i for _, i in ASKED])
def test_a_stored_page_is_answered_as_django_answers_it(twins, door, path, headers):
    door(path)  # stored
    got = door(path, **headers)
    django = Client(headers=headers).get(path)
    assert not got.django_ran
    assert got.status == django.status_code == 200
    assert got.body == django.content
    sent = dict(django.items())
    assert got.headers.pop("X-Request-ID")
    assert got.headers == {k: v for k, v in sent.items() if k != "X-Request-ID"}
    assert "Content-Security-Policy" in got.headers


def test_the_stored_bytes_are_the_page_django_renders(twins, door, settings):
    door("/en/articles/tumours/")  # stored
    got = door("/en/articles/tumours/")
    settings.PAGE_STORE = False
    rendered = Client().get("/en/articles/tumours/")
    assert not got.django_ran
    assert got.body == rendered.content
    for name, value in rendered.items():
        if name not in ("X-Request-ID", "Content-Length"):
            assert got.headers[name] == value, name


def test_a_stored_page_is_one_query_and_one_log_line(stored, door, caplog):
    with (
        CaptureQueriesContext(connection) as queries,
        caplog.at_level(logging.INFO, logger="oncolex.request"),
    ):
        got = door(ARTICLE, **{"x-request-id": "proxy-7f3a"})
    assert len(queries) == 1
    assert not got.django_ran
    assert got.body == stored.body
    assert got.headers["X-Request-ID"] == "proxy-7f3a"
    [line] = [r for r in caplog.records if r.name == "oncolex.request"]
    assert (line.method, line.path, line.status) == ("GET", ARTICLE, 200)
    assert line.request_id == "proxy-7f3a"
    assert line.user_id is None


def test_an_unusable_request_id_is_replaced(stored, door):
    got = door(ARTICLE, **{"x-request-id": "<script>" * 3})
    assert got.headers["X-Request-ID"] != "<script>" * 3
    assert len(got.headers["X-Request-ID"]) == 32


def test_head_and_304_from_the_door(stored, door):
    head = door(ARTICLE, method="HEAD")
    assert not head.django_ran
    assert head.body == b""
    assert head.headers["Content-Length"] == str(len(stored.body))
    again = door(ARTICLE, **{"if-none-match": stored.headers["ETag"]})
    assert not again.django_ran
    assert again.status == 304
    assert again.body == b""
    assert again.headers["ETag"] == stored.headers["ETag"]
    assert "Content-Security-Policy" not in again.headers


def test_a_page_not_stored_yet_is_looked_up_once(article, door):
    with CaptureQueriesContext(connection) as queries:
        first = door(ARTICLE)
    lookups = [q for q in queries if "LEFT JOIN pages_storedpage" in q["sql"]]
    assert first.status == 200
    assert first.django_ran
    assert len(lookups) == 1
    assert "ETag" in first.headers  # stored on the way, and sent as stored


def test_after_an_approval_the_door_never_serves_the_retired_page(
    stored, door, editor, approver
):
    from articles.models import Article

    article = Article.objects.get(slug="stored")
    save_article(user=editor, article=article, title="Renamed tumours")
    submission = services.submit(obj=article, user=editor)
    assert not door(ARTICLE).django_ran  # a submission changes nothing
    services.approve(submission=submission, user=approver, note="Renamed")
    fresh = door(ARTICLE)
    assert fresh.django_ran
    assert b"Renamed tumours" in fresh.body
    assert b"Stored tumours" not in fresh.body
    assert not door(ARTICLE).django_ran


@pytest.mark.parametrize(
    ("method", "path", "headers", "status"),
    [
        ("GET", ARTICLE + "?utm=1", {}, 200),
        ("POST", ARTICLE, {}, 403),  # no CSRF token
        ("GET", "/en/search/?q=tumours", {}, 200),
        ("GET", "/en/articles/no-such-article/", {}, 404),
        ("GET", "/en/articles/β-thalassaemia/", {}, 404),
        ("GET", ARTICLE, {"host": "attacker.example"}, 400),
        ("GET", "/admin/", {}, 302),
    ],
    ids=[
        "query string",
        "post",
        "search",
        "unknown",
        "unknown, not ASCII",
        "foreign host",
        "admin",
    ],
)
def test_the_door_leaves_everything_else_to_django(
    stored, door, method, path, headers, status
):
    got = door(path, method=method, **headers)
    assert got.django_ran
    assert got.status == status


def test_a_page_stored_for_https_is_never_sent_over_http(article, door, settings):
    settings.SECURE_SSL_REDIRECT = True
    # Django reads the setting when it loads its middleware.
    app = StoredPageDoor(WSGIHandler())
    secure = door(ARTICLE, secure=True, app=app)
    assert secure.status == 200
    assert not door(ARTICLE, secure=True, app=app).django_ran
    plain = door(ARTICLE, app=app)
    assert plain.django_ran
    assert plain.status == 301
    assert plain.headers["Location"] == f"https://testserver{ARTICLE}"


def test_whatever_fails_in_the_door_django_answers(stored, door, monkeypatch, caplog):
    def broken(*args: object, **kwargs: object):
        raise RuntimeError("a bug in the door")

    monkeypatch.setattr("pages.wsgi.answer", broken)
    got = door(ARTICLE)
    assert got.django_ran
    assert got.status == 200
    assert got.body == stored.body
    assert "a bug in the door" in caplog.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_while_the_database_is_down_django_answers_from_the_page_cache(
    redis_page_cache, editor, approver
):
    published_article(editor=editor, approver=approver, slug="stored")
    first = through_the_door(ARTICLE)  # stored, and cached in Redis on the way
    assert through_the_door(ARTICLE).django_ran is False
    with database_down():
        cached = through_the_door(ARTICLE)
        uncached = through_the_door("/en/articles/never-stored/")
    assert cached.django_ran
    assert (cached.status, cached.body) == (200, first.body)
    assert uncached.status == 503
    back = through_the_door(ARTICLE)
    assert (back.status, back.body) == (200, first.body)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_store_that_cannot_be_read_leaves_the_page_to_django(editor, approver):
    """A query that fails on a live connection (here: the store's table gone,
    as before `migrate` ran) is the database's error, answered by rendering."""
    published_article(editor=editor, approver=approver, slug="stored")
    through_the_door(ARTICLE)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE pages_storedpage RENAME TO pages_away")
    try:
        got = through_the_door(ARTICLE)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE pages_away RENAME TO pages_storedpage")
    assert got.django_ran
    assert got.status == 200
    assert "ETag" not in got.headers  # rendered, not stored


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_the_database_dropped_costs_no_reader_an_error(editor, approver):
    """As after a PostgreSQL restart: the next lookup fails on the dead
    connection, Django renders that page on a new one, and the store serves
    again from the request after."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no server to drop a connection")
    published_article(editor=editor, approver=approver, slug="stored")
    first = through_the_door(ARTICLE)
    assert not through_the_door(ARTICLE).django_ran
    pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    after = through_the_door(ARTICLE)
    assert (after.status, after.body) == (200, first.body)
    assert after.django_ran
    again = through_the_door(ARTICLE)
    assert not again.django_ran
    assert again.body == first.body
