"""Whole-page cache for public pages, invalidated by every publication.

Public pages depend only on published records, which change only when
something is approved or unpublished. Every such event bumps one generation
number; cached pages are keyed by it, so they all expire at once, exactly when
readers should see something new. This needs a cache that every worker shares
(Redis): with per-process memory a worker would keep serving what another
worker's approval replaced, so the page cache is off unless it is shared.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

GENERATION_KEY = "public-pages:generation"

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
    """Serve a successful GET from the cache; store it on the way out.

    A page is stored with the generation it was rendered at. One round trip
    fetches both the current generation and the stored page; the page is used
    only if the generations match.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not enabled() or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = f"public-page:{request.get_full_path()}"
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = 1
            cache.add(GENERATION_KEY, generation, timeout=None)
        stored = found.get(key)
        if stored is not None and stored[0] == generation:
            _, status, content_type, content = stored
            return HttpResponse(content, status=status, content_type=content_type)
        response = view(request, *args, **kwargs)
        # 200s and the 410 notice are facts about published records; a 404 or a
        # 400 from a mistyped URL is not worth a cache entry per typo.
        if response.status_code in (200, 410) and not response.streaming:
            cache.set(
                key,
                (
                    generation,
                    response.status_code,
                    response["Content-Type"],
                    response.content,
                ),
                timeout=settings.PAGE_CACHE_SECONDS,
            )
        return response

    return wrapper
