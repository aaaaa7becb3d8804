"""Whole-page cache for public pages, invalidated by every publication.

Public pages depend only on published records, which change only when
something is approved or unpublished. Every such event bumps one generation
number, kept in PostgreSQL in the approval's own transaction
(`PublicationGeneration`); a cached page is used only while the generation it
was stored with is current, so all pages expire at once, exactly when readers
should see something new.

Redis holds a copy of the generation that lives one second
(PAGE_CACHE_GENERATION_SECONDS): an approval pushes the new number at once
after commit, and if that push is lost (Redis down or hung at the time), the
copy expires and the next request reads the number from the database again.
So whether Redis comes back with its keys or without them, no page from before
an approval is served for longer than that second. While the database is down,
the last number Redis saw is trusted, so cached pages keep being served.

This needs a cache every worker shares (Redis): with per-process memory a
worker would keep serving what another worker's approval replaced, so the page
cache is off unless it is shared.

Views opt in with `@cache_public_page`, naming the query parameters they read;
a request with any other parameter, a repeated one or an over-long query is
answered but never stored, so junk query strings cannot fill the cache. The
middleware stores the response as it leaves the rest of the stack (with its
security and language headers) and serves later hits before that stack runs,
in one cache round trip.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import has_vary_header

from oncolex import dates
from oncolex.models import PublicationGeneration
from oncolex.signals import public_pages_changing
from pages.store import forget_all as forget_stored_pages

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
# The last generation seen, kept without expiry: trusted while the database
# cannot be asked, so cached pages outlive a database outage.
LAST_GENERATION_KEY = "public-pages:generation:last"
# Cached pages are the same for everyone; never store anything personal.
_NEVER_STORED_HEADERS = {"set-cookie"}
# Longer query strings are answered but neither looked up nor stored.
MAX_QUERY_LENGTH = 200

View = Callable[..., HttpResponse]


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


# The generation, in the database


def current_generation(*, using: str | None = None) -> int:
    row = PublicationGeneration.objects.using(using).filter(pk=1).first()
    return row.value if row else 0


def _bump_generation() -> int:
    """Add one to the generation inside the caller's transaction; the row lock
    this takes orders concurrent approvals."""
    rows = PublicationGeneration.objects.filter(pk=1)
    if not rows.update(value=models.F("value") + 1):
        # Only a test database flushed of its migration rows lacks the row.
        PublicationGeneration.objects.bulk_create(
            [PublicationGeneration(pk=1, value=0)], ignore_conflicts=True
        )
        rows.update(value=models.F("value") + 1)
    return rows.get().value


def invalidate_public_pages() -> None:
    """Call inside the transaction that publishes or unpublishes.

    The generation moves in that transaction, so it can never be lost; Redis
    hears of it once the change is committed (a page rendered from the old
    data must not be cached under the new generation).
    """
    generation = _bump_generation()
    # The bump already retires every stored page; dropping them too keeps no
    # bytes of a superseded or withdrawn page anywhere.
    forget_stored_pages()
    # After the bump, whose row lock orders this with any export's swap.
    public_pages_changing.send(sender=None)
    if enabled():
        transaction.on_commit(lambda: _share_generation(generation))


def _share_generation(generation: int) -> None:
    # Both writes are dropped if Redis is away: the short-lived copy then
    # expires and the database is asked again.
    cache.set(
        GENERATION_KEY, generation, timeout=settings.PAGE_CACHE_GENERATION_SECONDS
    )
    cache.set(LAST_GENERATION_KEY, generation, timeout=None)


def _generation(found: dict[str, object]) -> int | None:
    """The generation to serve and store pages with; None to leave the cache
    alone."""
    shared = found.get(GENERATION_KEY)
    if isinstance(shared, int):
        return shared
    try:
        generation = current_generation()
    except DatabaseError:
        last = found.get(LAST_GENERATION_KEY)
        if not isinstance(last, int):
            return None
        # Spare the other requests of the next second the wait for the
        # database: nothing can be published while it is away.
        cache.add(GENERATION_KEY, last, timeout=settings.PAGE_CACHE_GENERATION_SECONDS)
        return last
    # `add`, not `set`: an approval may have shared a newer number meanwhile.
    cache.add(
        GENERATION_KEY, generation, timeout=settings.PAGE_CACHE_GENERATION_SECONDS
    )
    cache.set(LAST_GENERATION_KEY, generation, timeout=None)
    return generation


# Which requests and responses the cache may hold


def cache_public_page(
    view: View | None = None, *, params: Iterable[str] = ()
) -> View | Callable[[View], View]:
    """Mark the view's pages as public: the same for every reader, built from
    published records only. `params`: the query parameters the view reads."""
    allowed = frozenset(params)

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(
            request: HttpRequest, *args: object, **kwargs: object
        ) -> HttpResponse:
            response = view(request, *args, **kwargs)
            response.public_page_params = allowed
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


def _page_key(request: HttpRequest) -> str | None:
    """The cache key of the page: path, normalised query, and today's date
    (notices such as "review overdue" change with the date, not with a
    publication). None when the query is too long to be worth a lookup."""
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_LENGTH:
        return None
    items = sorted(request.GET.lists())
    normalised = urlencode([(k, v) for k, values in items for v in values])
    return f"public-page:{dates.today().isoformat()}:{request.path}?{normalised}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    allowed = getattr(response, "public_page_params", None)
    if allowed is None or response.streaming:
        return False
    # Only what the view reads, once each: `?x=1`, `?x=2`... are not pages.
    if any(k not in allowed or len(v) > 1 for k, v in request.GET.lists()):
        return False
    # 200s and the 410 notice are facts about published records; a 404 or a
    # 400 from a mistyped URL is not worth a cache entry per typo.
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
        key = _page_key(request)
        if key is None:
            return self.get_response(request)
        found = cache.get_many([GENERATION_KEY, LAST_GENERATION_KEY, key])
        generation = _generation(found)
        stored = found.get(key)
        if generation is not None and stored is not None and stored[0] == generation:
            _, status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if generation is not None and _storable(request, response):
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
