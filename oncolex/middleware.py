from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware


class AdminContentSecurityPolicyMiddleware:
    """Give admin pages their own policy: Django's admin needs its scripts."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_config = settings.ADMIN_CSP
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Compress responses, except the admin's.

    BREACH recovers a secret from the size of compressed responses that hold
    both the secret and text an attacker chooses. Public pages hold no secret:
    no CSRF token (their only form is a GET search), no session data, nothing
    personal; they are the same for every reader. Admin pages hold CSRF tokens
    next to editors' input, so they are sent uncompressed.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponse
    ) -> HttpResponse:
        if request.path.startswith("/admin/"):
            return response
        return super().process_response(request, response)
