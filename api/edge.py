"""The edge of the machine-facing doors (/api/ and /infobutton): per-client
rate limit, CORS for reads, and conditional GET.

It sits above the public page cache in MIDDLEWARE, so a page served from the
cache is still counted, still gets its ETag checked against If-None-Match,
and still carries the CORS headers. (django-ninja's own throttles run inside
the view, after the page cache, do not cover /infobutton, and let a cache
outage through as a 500: hence this small limiter instead.)
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

PREFIXES = ("/api/", "/infobutton")
READ_METHODS = "GET, HEAD, OPTIONS"
# Conditional headers make a browser ask first (a preflight): allow them.
ALLOWED_HEADERS = "Accept, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After, Content-Language"


def seconds_to_wait(request: HttpRequest) -> int | None:
    """None if this client may go on; else how long until its window resets.

    A fixed window per client address, counted in Django's cache (shared by
    the workers when it is Redis). If the cache is down the request is let
    through: refusing every reader because a counter is unavailable would be
    worse than an uncounted minute."""
    limit = settings.API_RATE_LIMIT
    if limit <= 0:
        return None
    window = settings.API_RATE_WINDOW
    now = int(time.time())
    start = now - now % window
    key = f"api-rate:{request.META.get('REMOTE_ADDR', '')}:{start}"
    try:
        cache.add(key, 0, timeout=window + 1)
        count = cache.incr(key)
    except Exception:  # any backend's outage (redis.ConnectionError, ...)
        logger.warning("Rate limit not counted: the cache is unavailable.")
        return None
    if count <= limit:
        return None
    return max(1, start + window - now)


def too_many_requests(request: HttpRequest, wait: int) -> HttpResponse:
    message = f"Too many requests: try again in {wait} seconds."
    if request.path.startswith("/api/"):
        response = HttpResponse(
            json.dumps({"detail": message}),
            status=429,
            content_type="application/json",
        )
    else:
        response = HttpResponse(message, status=429, content_type="text/plain")
    response["Retry-After"] = str(wait)
    return response


def preflight() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Allow"] = READ_METHODS
    response["Access-Control-Allow-Methods"] = READ_METHODS
    response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response["Access-Control-Max-Age"] = "86400"
    return response


def allow_any_origin(response: HttpResponse) -> None:
    # Public, read-only data: any site may read it, never with credentials
    # (no Access-Control-Allow-Credentials, so browsers send no cookies).
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS


class MachineDoorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Django's own ETag and If-None-Match / If-Modified-Since handling.
        self.conditional = ConditionalGetMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIXES):
            return self.get_response(request)
        wait = seconds_to_wait(request)
        if wait is not None:
            response = too_many_requests(request, wait)
        elif request.method == "OPTIONS":
            response = preflight()
        else:
            response = self.get_response(request)
            if response.status_code == 200:
                # Clients may keep answers, and ask again with their ETag.
                patch_cache_control(response, no_cache=True)
            response = self.conditional.process_response(request, response)
        allow_any_origin(response)
        return response
