"""Which requests the page store answers, and what it sends them: one rule for
both doors that serve stored pages, the WSGI door in front of Django
(pages/wsgi.py) and the middleware inside it (pages/middleware.py).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.http import parse_etags

from oncolex.db_router import PRIMARY, REPLICA, may_read_replica
from pages.encoding import choose
from pages.store import Found

# The WSGI door's lookup, handed to the middleware in the request's environ
# when the page was not stored (a Found), or when the database failed (None).
LOOKED_UP = "oncolex.pages.looked_up"
# What a 304 repeats of the page it stands for (RFC 9110 §15.4.5).
_KEPT_BY_304 = {"cache-control", "content-location", "expires", "vary"}


@functools.lru_cache(maxsize=4096)
def is_stored_view(path: str) -> bool:
    """Does `path` lead to a view marked `@stored_page`? Asked before the
    lookup, so other addresses (static files, the admin) cost no query."""
    with translation.override(translation.get_language_from_path(path)):
        try:
            match = resolve(path)
        except Resolver404:
            return False
    return getattr(match.func, "stored_page", False)


@dataclass(frozen=True)
class Asked:
    """A request the store may answer: the page's address, the coding the
    client prefers and the database to read it from."""

    url: str
    coding: str
    using: str


def asked(request: HttpRequest) -> Asked | None:
    """What the store is asked for; None for every request it never answers:
    other methods, query strings, addresses of views that are not stored, and
    hosts Django refuses (Django answers those with a 400)."""
    if (
        not settings.PAGE_STORE
        or request.method not in ("GET", "HEAD")
        or request.META.get("QUERY_STRING")
        or not is_stored_view(request.path_info)
    ):
        return None
    try:
        url = request.build_absolute_uri(request.path)
    except DisallowedHost:
        return None
    using = (
        REPLICA
        if REPLICA in settings.DATABASES and may_read_replica(request)
        else PRIMARY
    )
    return Asked(url, choose(request.META.get("HTTP_ACCEPT_ENCODING", "")), using)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@functools.lru_cache(maxsize=1024)
def _headers(stored: str) -> tuple[tuple[str, str], ...]:
    """The stored headers, parsed once per worker for each distinct set: every
    page of a kind shares them but for its language and length."""
    return tuple((name, value) for name, value in json.loads(stored))


def _not_modified(if_none_match: str, etag: str) -> bool:
    """Weak comparison, as for GET (RFC 9110 §13.1.2)."""
    if if_none_match.strip() == "*":
        return True
    return etag.removeprefix("W/") in {
        tag.removeprefix("W/") for tag in parse_etags(if_none_match)
    }


def answer(page: Found, *, coding: str, if_none_match: str | None) -> Answer:
    """The stored page in `coding`, or 304 when the client has it already."""
    headers = _headers(page.headers)
    if if_none_match and _not_modified(if_none_match, page.etag):
        kept = [
            (name, value) for name, value in headers if name.lower() in _KEPT_BY_304
        ]
        return Answer(304, [*kept, ("ETag", page.etag)], b"")
    sent = list(headers)
    if coding != "identity":
        sent.append(("Content-Encoding", coding))
    sent += [("Content-Length", str(len(page.body))), ("ETag", page.etag)]
    return Answer(page.status, sent, page.body)
