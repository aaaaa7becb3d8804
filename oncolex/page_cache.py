"""Whole-page cache for public pages, invalidated by every publication.

Public pages depend only on published records, which change only when
something is approved or unpublished. Every such event bumps one generation
number; a cached page is used only while the generation it was stored with is
current, so all pages expire at once, exactly when readers should see
something new. This needs a cache that every worker shares (Redis): with
per-process memory a worker would keep serving what another worker's approval
replaced, so the page cache is off unless it is shared.

Views opt in with `@cache_public_page`. The middleware stores the response as
it leaves the rest of the stack (with its security and language headers) and
serves later hits before that stack runs, in one cache round trip.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import has_vary_header

from oncolex import dates

GENERATION_KEY = "public-pages:generation"
# Cached pages are the same for everyone; never store anything personal.
_NEVER_STORED_HEADERS = {"set-cookie"}

View = Callable[..., HttpResponse]


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def invalidate_public_pages() -> None:
    """Call after publishing or unpublishing; runs once the change is committed
    (a page rendered from the old data must not be cached under the new
    generation)."""
    if enabled():
        transaction.on_commit(_bump_generation)


def _bump_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # the key expired or was never set
        cache.set(GENERATION_KEY, 1, timeout=None)


def cache_public_page(view: View) -> View:
    """Mark the view's pages as public: the same for every reader, built from
    published records only."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.public_page = True
        return response

    return wrapper


def _storable(response: HttpResponse) -> bool:
    # 200s and the 410 notice are facts about published records; a 404 or a
    # 400 from a mistyped URL is not worth a cache entry per typo.
    if not getattr(response, "public_page", False) or response.streaming:
        return False
    if response.status_code not in (200, 410) or response.cookies:
        return False
    return not has_vary_header(response, "Cookie")


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The admin is never public: spare it the cache round trip.
        if (
            not enabled()
            or request.method != "GET"
            or request.path.startswith("/admin/")
        ):
            return self.get_response(request)
        # Today's date is part of the key: a page may say "review overdue
        # since ..." from a given day on, and must not be served as it was
        # rendered the day before.
        key = f"public-page:{dates.today().isoformat()}:{request.get_full_path()}"
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = 1
            cache.add(GENERATION_KEY, generation, timeout=None)
        stored = found.get(key)
        if stored is not None and stored[0] == generation:
            _, status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if _storable(response):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in _NEVER_STORED_HEADERS
            ]
            cache.set(
                key,
                (generation, response.status_code, headers, response.content),
                timeout=settings.PAGE_CACHE_SECONDS,
            )
        return response
