"""The pages to export: what the page store (pages/) holds, each with its
bytes, compressed forms and headers.

Each page the store keeps (front pages, cancer types, articles; every
language) is requested through the whole middleware stack as a reader at
ONCOLEX_SITE_URL would request it, which stores it if the store lacked it;
its gzip and Brotli forms are then read from the store, made once when it was
stored. Only what every reader gets the same is exported: a 200 with no
cookie that varies with nothing but the encoding.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

from pages.encoding import compress
from pages.models import StoredPage
from pages.rendering import public_paths, request_page
from pages.store import same_for_everyone

# Headers that belong to one response, not to the page: nginx sends its own.
PER_RESPONSE = {"content-length", "content-encoding", "etag", "x-request-id", "date"}


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


def public_pages() -> Iterator[ExportedPage]:
    site = settings.ONCOLEX_SITE_URL
    host = urlsplit(site).hostname or ""
    if not validate_host(host, settings.ALLOWED_HOSTS):
        raise ImproperlyConfigured(
            f"ONCOLEX_SITE_URL's host {host} is not in ALLOWED_HOSTS: the export "
            "renders pages as readers there get them."
        )
    for path in public_paths():
        response = request_page(site + path)
        # nginx picks only the encoding; a page that varies on anything else
        # is Django's to answer. (It comes uncompressed: request_page asks
        # for no coding.)
        if not same_for_everyone(response):
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
            **_compressed(site + path, body),
        )


def _compressed(url: str, body: bytes) -> dict[str, bytes]:
    """The store's compressed forms of `body`; made here if the store does not
    hold these bytes (it is off, or a publication replaced them meanwhile)."""
    stored = (
        StoredPage.objects.filter(url=url)
        .values_list("identity", "gzip", "brotli")
        .first()
    )
    if stored is not None and bytes(stored[0]) == body:
        return {"gzip": bytes(stored[1]), "brotli": bytes(stored[2])}
    gzipped, brotlied = compress(body)
    return {"gzip": gzipped, "brotli": brotlied}
