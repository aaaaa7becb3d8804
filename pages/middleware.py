"""Serve stored public pages before the rest of the stack runs.

For a GET or HEAD of a stored view's address without a query string: one
indexed query (pages/store.py) answers with the stored bytes in the coding the
client prefers, or 304 to a matching If-None-Match. Otherwise the request goes
on unchanged; if the answer is a storable page, it is stored under the
generation the query read and sent as a stored page would be. A database that
does not answer leaves the request to the rest of the stack: the Redis page
cache, then the 503 page.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.http import parse_etags

from oncolex.db_router import PRIMARY, REPLICA, may_read_replica
from pages import store
from pages.encoding import choose

logger = logging.getLogger(__name__)

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


def _not_modified(if_none_match: str, etag: str) -> bool:
    """Weak comparison, as for GET (RFC 9110 §13.1.2)."""
    if if_none_match.strip() == "*":
        return True
    return etag.removeprefix("W/") in {
        tag.removeprefix("W/") for tag in parse_etags(if_none_match)
    }


def answer(request: HttpRequest, page: store.Found, coding: str) -> HttpResponse:
    headers = json.loads(page.headers)
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match and _not_modified(if_none_match, page.etag):
        response: HttpResponse = HttpResponseNotModified()
        for name, value in headers:
            if name.lower() in _KEPT_BY_304:
                response.headers[name] = value
    else:
        response = HttpResponse(page.body, status=page.status)
        for name, value in headers:
            response.headers[name] = value
        if coding != "identity":
            response.headers["Content-Encoding"] = coding
        response.headers["Content-Length"] = str(len(page.body))
    response.headers["ETag"] = page.etag
    return response


class StoredPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not settings.PAGE_STORE
            or request.method not in ("GET", "HEAD")
            or request.META.get("QUERY_STRING")
            or not is_stored_view(request.path_info)
        ):
            return self.get_response(request)
        try:
            url = request.build_absolute_uri(request.path)
        except DisallowedHost:
            return self.get_response(request)  # Django answers it with a 400
        coding = choose(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        using = (
            REPLICA
            if REPLICA in settings.DATABASES and may_read_replica(request)
            else PRIMARY
        )
        try:
            found = store.lookup(using=using, url=url, coding=coding)
        except DatabaseError:
            return self.get_response(request)
        if found.status is not None:
            return answer(request, found, coding)
        response = self.get_response(request)
        if found.generation is None or not store.storable(request, response):
            return response
        try:
            stored = store.save(url=url, generation=found.generation, response=response)
        except DatabaseError:
            logger.warning("Could not store the page %s", url, exc_info=True)
            return response
        return answer(request, stored.found(coding), coding)
