"""The nginx side of the export: the headers Django sends with exported pages,
written as nginx configuration.

nginx cannot read headers from a file per page, so every exported page must
carry the same headers, apart from those nginx sets itself per request
(deploy/nginx/oncolex-pages.conf): the length, the encoding, the request id,
and Content-Language, which follows the language prefix of the path. The
header set is written to `<root>/nginx.conf`, which nginx includes; its
digest names the directory nginx serves from, so after a change of headers
(a new CSP, say) nginx serves nothing from the export until it is reloaded
with the new file: never a page with headers other than its own.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from pathlib import Path

from export.pages import ExportedPage

CONF = "nginx.conf"
CONTENT_TYPE = "text/html; charset=utf-8"
# Set by deploy/nginx/oncolex-pages.conf per request, not by this file.
_SET_BY_NGINX = {"content-type", "content-language"}
_SAFE_VALUE = re.compile(r"[^\"\\$\r\n]*")
_LANGUAGE_PREFIX = re.compile(r"^/([a-z]{2,3})/")


class NotExportable(ValueError):
    """The page's headers cannot be sent by nginx as Django sends them."""


def header_lines(page: ExportedPage) -> tuple[str, ...]:
    """The page's headers as nginx `add_header` lines; NotExportable if nginx
    could not send them exactly."""
    if page.header("Content-Type") != CONTENT_TYPE:
        raise NotExportable(f"{page.path}: Content-Type {page.header('Content-Type')}")
    language = _LANGUAGE_PREFIX.match(page.path)
    if language is None or page.header("Content-Language") != language.group(1):
        raise NotExportable(f"{page.path}: Content-Language does not match the path")
    lines = []
    for name, value in sorted(page.headers):
        if name.lower() in _SET_BY_NGINX:
            continue
        if not _SAFE_VALUE.fullmatch(value) or not re.fullmatch(r"[\w-]+", name):
            raise NotExportable(f"{page.path}: {name} cannot be written for nginx")
        lines.append(f'add_header {name} "{value}" always;')
    return tuple(lines)


def digest(lines: tuple[str, ...]) -> str:
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def write_conf(root: Path, lines: tuple[str, ...]) -> bool:
    """Write the configuration nginx includes, atomically; True if it changed
    (nginx must be reloaded to read it)."""
    served = root / "served" / digest(lines)
    text = (
        "# Written by Oncolex's page export (manage.py export_pages): the headers\n"
        "# Django sends with the exported pages. Reload nginx when it changes.\n"
        f'root "{served}";\n' + "".join(f"{line}\n" for line in lines)
    )
    conf = root / CONF
    if conf.exists() and conf.read_text() == text:
        return False
    temporary = root / f".{CONF}.{uuid.uuid4().hex}"
    temporary.write_text(text)
    os.replace(temporary, conf)
    return True
