"""The public pages to export, each with its bytes, variants and headers.

Every page the sitemap lists (home and procedure index per language, cancer
types, live articles, datasets) is rendered through Django's whole middleware
stack, as a reader at ONCOLEX_SITE_URL would get it: the same bytes and the
same headers. Only what every reader gets the same is exported: a 200 with
no cookie and nothing that varies but the encoding.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import brotli
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.base import BaseHandler
from django.http import HttpResponseBase
from django.http.request import validate_host
from django.test import RequestFactory

from articles.sitemaps import SITEMAPS

# Headers that belong to one response, not to the page: nginx sends its own.
PER_RESPONSE = {"content-length", "content-encoding", "x-request-id", "date"}


@dataclass(frozen=True)
class ExportedPage:
    path: str
    headers: tuple[tuple[str, str], ...]  # without PER_RESPONSE
    body: bytes
    gzip: bytes
    brotli: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


def public_paths() -> list[str]:
    """Every public page's path, from the sitemap (which lists only live,
    approved content)."""
    paths: list[str] = []
    for sitemap_class in SITEMAPS.values():
        sitemap = sitemap_class()
        for page in range(1, sitemap.paginator.num_pages + 1):
            for url in sitemap.get_urls(page=page, site=_Site(), protocol="https"):
                paths.append(urlsplit(url["location"]).path)
    return sorted(set(paths))


def public_pages() -> Iterator[ExportedPage]:
    handler = BaseHandler()
    handler.load_middleware()
    site = urlsplit(settings.ONCOLEX_SITE_URL)
    if not validate_host(site.hostname or "", settings.ALLOWED_HOSTS):
        raise ImproperlyConfigured(
            f"ONCOLEX_SITE_URL's host {site.hostname} is not in ALLOWED_HOSTS: "
            "the export renders pages as readers there get them."
        )
    requests = RequestFactory(headers={"host": site.netloc})
    for path in public_paths():
        request = requests.get(path, secure=site.scheme == "https")
        response = handler.get_response(request)
        if not _same_for_everyone(response):
            continue
        body = response.content
        yield ExportedPage(
            path=path,
            headers=tuple(
                (name, value)
                for name, value in response.items()
                if name.lower() not in PER_RESPONSE
            ),
            body=body,
            gzip=gzip.compress(body, compresslevel=9, mtime=0),
            brotli=brotli.compress(body, quality=11),
        )


def _same_for_everyone(response: HttpResponseBase) -> bool:
    varies = {v.strip().lower() for v in response.get("Vary", "").split(",")}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "Content-Encoding" not in response
        # nginx picks only the encoding; anything else a page varies on is
        # Django's to decide.
        and varies <= {"", "accept-encoding"}
    )


class _Site:
    """What Sitemap.get_urls needs of a site: the paths are all we keep."""

    domain = "export.invalid"
