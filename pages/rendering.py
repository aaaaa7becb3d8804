"""Public pages requested from inside the application, as a reader would:
through the whole middleware stack, so that the page store keeps exactly what
readers get (the stack stores it on the way out)."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.utils import translation

from articles import selectors
from oncolex.db_router import RECENT_WRITE_COOKIE

_handler: BaseHandler | None = None


def request_page(url: str) -> HttpResponse:
    """GET `url` (scheme://host/path) through the stack, with no cookies."""
    global _handler
    if _handler is None:
        _handler = BaseHandler()
        _handler.load_middleware()
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "PATH_INFO": parts.path,
            "QUERY_STRING": "",
            "SERVER_NAME": parts.hostname or "",
            "SERVER_PORT": str(parts.port or (443 if secure else 80)),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": parts.netloc,
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": parts.scheme,
            "wsgi.input": io.BytesIO(b""),
        }
    )
    # Read what the caller just wrote: the primary, as for anyone who wrote in
    # the last seconds (oncolex/db_router.py), never a replica behind it. The
    # mark is no cookie header, so the page is still stored.
    request.COOKIES = {RECENT_WRITE_COOKIE: "1"}
    return _handler.get_response(request)


def public_paths() -> list[str]:
    """Every page the store keeps: each language's front page, each live
    cancer type's page in each language, each live article's page."""
    languages = [code for code, _name in settings.LANGUAGES]
    paths = [f"/{language}/" for language in languages]
    for cancer_type in selectors.cancer_type_menu():
        for language in languages:
            with translation.override(language):
                paths.append(cancer_type.get_absolute_url())
    paths += [v.get_absolute_url() for v in selectors.current_articles()]
    return paths
