"""The WSGI door: stored pages answered before Django's handler runs.

A stored page is the same bytes and headers for every reader until the next
publication, so the request needs none of Django's per-request machinery
(request object and signals, the middleware, a response object): only the
lookup. The door asks the same rules as the middleware (pages/serving.py),
sends the stored answer itself and writes the access log's line with the
request id, as RequestLogMiddleware does for everything else. Anything it does
not answer, Django does, with the door's lookup so the query is not repeated;
if anything goes wrong here, Django answers too, as it would without the door.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError, connections

from oncolex import logs
from pages import store
from pages.serving import LOOKED_UP, Answer, answer, asked

logger = logging.getLogger(__name__)

WSGIApplication = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
_STATUS_LINE = {status: f"{status.value} {status.phrase}" for status in HTTPStatus}


class StoredPageDoor:
    def __init__(self, application: WSGIApplication) -> None:
        self.application = application

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        started = time.perf_counter()
        # Cheap refusals first: most requests that are not for pages (static
        # files, forms, the admin's searches) stop here.
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or environ.get(
            "QUERY_STRING"
        ):
            return self.application(environ, start_response)
        try:
            # A copy: WSGIRequest rewrites PATH_INFO in the environ it is given,
            # which Django's own handler must then read as the server wrote it.
            request = WSGIRequest(dict(environ))
            sent = self._answer(request, environ)
        except Exception:
            # The door only saves time: whatever failed, Django answers.
            logger.exception("The stored-page door failed; Django answers")
            environ.pop(LOOKED_UP, None)
            sent = None
        if sent is None:
            return self.application(environ, start_response)
        token = logs.request_id.set(
            logs.request_id_for(environ.get("HTTP_X_REQUEST_ID", ""))
        )
        try:
            start_response(
                _STATUS_LINE[sent.status],
                [*sent.headers, ("X-Request-ID", logs.request_id.get())],
            )
            logs.log_request(request.method, request.path, sent.status, started)
        finally:
            logs.request_id.reset(token)
        return [] if request.method == "HEAD" else [sent.body]

    def _answer(self, request: WSGIRequest, environ: dict[str, Any]) -> Answer | None:
        """The stored answer, or None with the lookup left for Django in
        `environ`."""
        wanted = asked(request)
        if wanted is None:
            return None
        connection = connections[wanted.using]
        try:
            if not connection.in_atomic_block:  # (only a test's transaction is)
                # What Django does when a request starts: drop a connection
                # that failed or outlived CONN_MAX_AGE.
                connection.close_if_unusable_or_obsolete()
            found = store.lookup(
                using=wanted.using, url=wanted.url, coding=wanted.coding
            )
        except DatabaseError:
            environ[LOOKED_UP] = None
            return None
        if found.status is None:
            environ[LOOKED_UP] = found
            return None
        return answer(
            found, coding=wanted.coding, if_none_match=environ.get("HTTP_IF_NONE_MATCH")
        )
