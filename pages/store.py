"""The page store: which pages are stored, and the two queries on it.

Views opt in with `@stored_page`. A page is stored the first time the whole
stack answers it after a publication (the middleware, or `build_pages`),
under the publication generation read before it was rendered, and served
only while that generation is current: the lookup joins the generation row,
so an approval or unpublication retires every stored page in the same
commit that changes what readers may see. A page rendered from data older
than an approval can only be stored under a generation that approval ended.
"""

from __future__ import annotations

import datetime
import functools
import gzip
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import split_header_value

from oncolex import dates
from pages import memory
from pages.encoding import CODINGS, compress

View = Callable[..., HttpResponse]
# Never stored: per-response framing (recomputed when served) and anything
# personal (a stored page is the same for everyone).
_NOT_STORED = {"content-length", "content-encoding", "etag", "set-cookie"}
# What the mark on a response means when the view set no date: the page may
# depend on today's date, so it serves today only.
_TODAY = object()


def stored_page(view: View) -> View:
    """Mark the view's pages as storable: public, the same for every reader,
    built from published records only, changing only with a publication or
    with the date (see `valid_through`)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.stored_page_until = getattr(response, "stored_page_until", _TODAY)
        return response

    wrapper.stored_page = True  # type: ignore[attr-defined]
    return wrapper


def valid_through(response: HttpResponse, day: datetime.date | None) -> HttpResponse:
    """Say that the page reads the same through `day` (None: on any day)."""
    response.stored_page_until = day
    return response


@dataclass(frozen=True)
class Found:
    """The lookup's answer: the current generation (None if unknown) and the
    stored page, if it is current."""

    generation: int | None
    status: int | None = None
    headers: str = ""
    etag: str = ""
    body: bytes = b""


_LOOKUP = {
    coding: "SELECT g.value, p.status, p.headers, p.etag, "  # noqa: S608
    # The body only if the worker does not hold it already (pages/memory.py):
    # a branch not taken reads nothing of it.
    f"CASE WHEN p.etag = %s THEN NULL ELSE p.{column} END "
    "FROM oncolex_publicationgeneration g "
    "LEFT JOIN pages_storedpage p ON p.url = %s AND p.generation = g.value "
    "AND (p.valid_until IS NULL OR p.valid_until >= %s) "
    "WHERE g.id = 1"
    for coding, column in CODINGS.items()
}


def lookup(*, using: str, url: str, coding: str) -> Found:
    """One indexed query: the generation, and the page in `coding` if it was
    stored under that generation and is valid today."""
    connection = connections[using]
    copy = memory.held(url, coding)
    params = [copy[0] if copy else "", url, dates.today().isoformat()]
    if connection.queries_logged:
        # Counted and shown with every other query (DEBUG, tests that count).
        with connection.cursor() as cursor:
            cursor.execute(_LOOKUP[coding], params)
            row = cursor.fetchone()
    else:
        row = _fetch_one(connection, _LOOKUP[coding], params)
    if row is None:
        return Found(generation=None)
    generation, status, headers, etag, body = row
    if status is None:
        return Found(generation=generation)
    if body is None:
        body = copy[1]  # the stored page is the one this worker holds
    else:
        body = bytes(body)
        memory.keep(url, coding, etag, body)
    return Found(generation, status, headers, etag, body)


def _fetch_one(connection: BaseDatabaseWrapper, sql: str, params: list[str]) -> tuple:
    """The first row, read with the driver's own cursor: on every page view,
    Django's cursor wrapper (and SQLite's placeholder rewriting) cost more
    than the query. Django still turns the driver's errors into its own and
    marks the connection as failed. No health check first (on PostgreSQL a
    round trip of its own): a lookup that fails leaves the request to
    Django, whose request start closes the failed connection."""
    connection.ensure_connection()
    if connection.Database.paramstyle == "qmark":
        sql = sql.replace("%s", "?")
    with connection.wrap_database_errors:
        cursor = connection.connection.cursor()
        try:
            cursor.execute(sql, params)
            return cursor.fetchone()
        finally:
            cursor.close()


@dataclass(frozen=True)
class Stored:
    """A page just stored, in every coding."""

    generation: int
    status: int
    headers: str
    etag: str
    bodies: dict[str, bytes]

    def found(self, coding: str) -> Found:
        return Found(
            self.generation, self.status, self.headers, self.etag, self.bodies[coding]
        )


def same_for_everyone(response: HttpResponseBase) -> bool:
    """A 200 that sets no cookie and varies with nothing but the coding: what
    the store keeps and the export writes."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    vary = {v.lower() for v in split_header_value(response.get("Vary", ""))}
    return not vary - {"", "accept-encoding"}


def storable(request: HttpRequest, response: HttpResponse) -> bool:
    """A fresh answer of a stored view, the same for everyone, to a request
    without cookies or credentials."""
    if not hasattr(response, "stored_page_until"):
        return False
    if request.META.get("HTTP_COOKIE") or request.META.get("HTTP_AUTHORIZATION"):
        return False
    return (
        same_for_everyone(response)
        and response.get("Content-Encoding", "gzip") == "gzip"
    )


def save(*, url: str, generation: int, response: HttpResponse) -> Stored:
    """Store the page under `generation`, unless a page of a later generation
    is stored already (a slow render never replaces a newer one)."""
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        # The stack below compressed it for this client: keep what it compressed.
        body = gzip.decompress(body)
    patch_vary_headers(response, ("Accept-Encoding",))
    headers = json.dumps(
        [
            [name, value]
            for name, value in response.items()
            if name.lower() not in _NOT_STORED
        ]
    )
    until = response.stored_page_until
    gzipped, brotlied = compress(body)
    etag = f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'
    connection = connections["default"]
    until = dates.today() if until is _TODAY else until
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO pages_storedpage (url, generation, valid_until, status, "
            "headers, etag, identity, gzip, brotli, stored_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (url) DO UPDATE SET generation = excluded.generation, "
            "valid_until = excluded.valid_until, status = excluded.status, "
            "headers = excluded.headers, etag = excluded.etag, "
            "identity = excluded.identity, gzip = excluded.gzip, "
            "brotli = excluded.brotli, stored_at = excluded.stored_at "
            "WHERE pages_storedpage.generation <= excluded.generation",
            [
                url,
                generation,
                connection.ops.adapt_datefield_value(until),
                response.status_code,
                headers,
                etag,
                body,
                gzipped,
                brotlied,
                connection.ops.adapt_datetimefield_value(timezone.now()),
            ],
        )
    return Stored(
        generation,
        response.status_code,
        headers,
        etag,
        {"identity": body, "gzip": gzipped, "br": brotlied},
    )


def forget_all() -> None:
    """Drop every stored page, inside the transaction that publishes: they
    are retired by the generation already; this keeps no stale bytes."""
    from pages.models import StoredPage

    StoredPage.objects.all().delete()
