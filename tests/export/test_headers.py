"""Which pages nginx may send: only those whose headers it can send exactly
as Django does (export/nginx.py). Three pages that cannot be, one that can."""

from __future__ import annotations

import pytest

from export.nginx import NotExportable, header_lines
from export.pages import ExportedPage

HTML = ("Content-Type", "text/html; charset=utf-8")


def page(path: str, *headers: tuple[str, str]) -> ExportedPage:
    return ExportedPage(path, headers, b"", b"", b"")


@pytest.mark.parametrize(
    "exported",
    [
        page(
            "/en/x/", ("Content-Type", "application/json"), ("Content-Language", "en")
        ),
        page("/en/x/", HTML, ("Content-Language", "nb")),
        page("/en/x/", HTML, ("Content-Language", "en"), ("Link", '<$x>; rel="a"')),
    ],
    ids=["not HTML", "language not the path's", "unsafe for nginx"],
)
def test_a_page_nginx_could_not_send_as_django_does_is_not_exported(exported):
    with pytest.raises(NotExportable):
        header_lines(exported)


def test_the_other_headers_become_nginx_lines_and_language_follows_the_path():
    exported = page(
        "/nb/x/",
        HTML,
        ("Content-Language", "nb"),
        ("X-Frame-Options", "DENY"),
        ("Content-Security-Policy", "default-src 'none'; style-src 'self'"),
    )
    assert header_lines(exported) == (
        "add_header Content-Security-Policy "
        "\"default-src 'none'; style-src 'self'\" always;",
        'add_header X-Frame-Options "DENY" always;',
    )
