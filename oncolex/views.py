from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
def root(request: HttpRequest) -> HttpResponse:
    """Send readers to their language's front page by Accept-Language."""
    language = translation.get_language_from_request(request)
    response = HttpResponseRedirect(f"/{language}/")
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
