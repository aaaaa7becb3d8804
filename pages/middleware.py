"""Serve and store public pages inside Django's stack.

For a request the store answers (pages/serving.py): one indexed query
(pages/store.py) answers with the stored bytes in the coding the client
prefers, or 304 to a matching If-None-Match. Otherwise the request goes on
unchanged; if the answer is a storable page, it is stored under the generation
the query read and sent as a stored page would be. A database that does not
answer leaves the request to the rest of the stack: the Redis page cache, then
the 503 page.

In production the WSGI door (pages/wsgi.py) has already answered every stored
page; what reaches this middleware is a page not stored yet, which the door
hands on with the lookup it made so the query is not repeated.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified

from pages import store
from pages.serving import LOOKED_UP, answer, asked

logger = logging.getLogger(__name__)


def respond(request: HttpRequest, page: store.Found, coding: str) -> HttpResponse:
    sent = answer(
        page, coding=coding, if_none_match=request.META.get("HTTP_IF_NONE_MATCH")
    )
    response = (
        HttpResponseNotModified()
        if sent.status == HTTPStatus.NOT_MODIFIED
        else HttpResponse(sent.body, status=sent.status)
    )
    for name, value in sent.headers:
        response.headers[name] = value
    return response


class StoredPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        wanted = asked(request)
        if wanted is None:
            return self.get_response(request)
        if LOOKED_UP in request.META:
            # The door looked already: a miss, or None if the database failed.
            found = request.META[LOOKED_UP]
            if found is None:
                return self.get_response(request)
        else:
            try:
                found = store.lookup(
                    using=wanted.using, url=wanted.url, coding=wanted.coding
                )
            except DatabaseError:
                return self.get_response(request)
        if found.status is not None:
            return respond(request, found, wanted.coding)
        response = self.get_response(request)
        if found.generation is None or not store.storable(request, response):
            return response
        try:
            stored = store.save(
                url=wanted.url, generation=found.generation, response=response
            )
        except DatabaseError:
            logger.warning("Could not store the page %s", wanted.url, exc_info=True)
            return response
        return respond(request, stored.found(wanted.coding), wanted.coding)
