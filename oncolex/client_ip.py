"""The reader's address, as the documented reverse proxy (deploy/nginx) saw it.

Behind the proxy every request comes from the proxy's address; the proxy
appends the address it saw to X-Forwarded-For. Only the last entry is the
proxy's own word (the ones before it are whatever the client sent), and it is
believed only when the request came from a proxy we trust
(DJANGO_TRUSTED_PROXIES), so nobody can pick an address to dodge the login
throttle or to lock somebody else out.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    if remote not in settings.TRUSTED_PROXIES:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last = forwarded.rsplit(",", 1)[-1].strip()
    return last or remote
