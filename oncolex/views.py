from __future__ import annotations

import sys

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
def root(request: HttpRequest) -> HttpResponse:
    """Send readers to their language's front page by Accept-Language."""
    language = translation.get_language_from_request(request)
    response = HttpResponseRedirect(f"/{language}/")
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


# Seconds a reader (or a proxy) should wait before asking again while the
# database is away; restarts take a few seconds.
RETRY_AFTER_SECONDS = 5


def _database_is_up(alias: str = "default") -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _replica_is_up() -> bool:
    return "replica" not in settings.DATABASES or _database_is_up("replica")


def _cache_is_up() -> bool:
    # Only a shared cache can be down; a per-process memory cache cannot.
    return getattr(cache, "is_available", True)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """`ok`, or 503 with one line per service that is down, for the proxy and
    the operator's monitoring alike."""
    down = [
        name
        for name, is_up in [
            ("database", _database_is_up),
            ("replica", _replica_is_up),
            ("cache", _cache_is_up),
        ]
        if not is_up()
    ]
    if down:
        body = "".join(f"{name} unavailable\n" for name in down)
        return HttpResponse(body, status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django calls this while handling the exception, so it can tell a lost
    database (the reader should retry soon: 503) from a bug (500)."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable(request)
    return render(request, "500.html", status=500)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """A short page in the reader's language; it needs no database."""
    language = translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request)
    with translation.override(language):
        response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """django-axes' answer to a locked-out login: what happened, for how long,
    and who can help; never whether the password was right."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(
        request,
        "admin/locked_out.html",
        {"minutes": minutes, "title": _("Sign-in locked")},
        status=429,
    )
