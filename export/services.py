"""Exporting the public pages.

The rule: nginx never serves a page that a publication changed. So the
publishing transaction unlinks the served tree before it commits (nginx then
hands every page to Django, which answers from the committed data) and
queues an export (export/receivers.py); the export links its tree only if no
publication happened since it began reading, checked under the lock an
approval holds from the moment it moves the publication generation until it
commits.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import models, transaction

from export import nginx, tree
from export.pages import ExportedPage, public_pages
from oncolex import dates
from oncolex.models import PublicationGeneration

logger = logging.getLogger(__name__)

INDEX = "index.html"
# What nginx looks up: a path of plain segments ending in a slash (a page at
# any other address is left to Django; none can reach outside the tree).
_PLAIN_PATH = re.compile(r"(/[\w-]+)+/", re.ASCII)


@dataclass
class Export:
    pages: int = 0
    skipped: list[str] = field(default_factory=list)
    served: bool = False
    # nginx must be reloaded to read the new header file.
    reload_nginx: bool = False
    header_lines: tuple[str, ...] | None = None


def root() -> Path | None:
    return settings.EXPORT_ROOT


def export_public_pages() -> Export:
    """Steps: note the publication generation and the day; write every public
    page into a new tree; under the generation's lock, if it has not moved,
    write nginx's header file and link the tree for the day; prune old trees."""
    directory = root()
    if directory is None:
        raise RuntimeError("ONCOLEX_EXPORT_ROOT is not set.")
    directory.mkdir(parents=True, exist_ok=True)
    generation = _generation()
    day = dates.today().isoformat()
    result = Export()
    built = tree.build(directory, _files(public_pages(), result))
    with transaction.atomic():
        if _unchanged_since(generation):
            if result.header_lines is None:
                tree.withdraw(directory)
            else:
                result.reload_nginx = nginx.write_conf(directory, result.header_lines)
                digest = nginx.digest(result.header_lines)
                tree.serve(directory, built, headers=digest, day=day)
                result.served = True
        else:
            logger.info("export superseded by a publication; not served")
    tree.prune(directory)
    if result.reload_nginx:
        logger.warning("the export's headers changed: reload nginx to serve it")
    return result


def _files(
    pages: Iterator[ExportedPage], result: Export
) -> Iterator[tuple[str, bytes]]:
    """The files of every page whose headers nginx can send as Django does;
    the header lines of the first such page are those all must share."""
    for page in pages:
        if not _PLAIN_PATH.fullmatch(page.path):
            result.skipped.append(f"{page.path}: not a plain path")
            continue
        try:
            lines = nginx.header_lines(page)
        except nginx.NotExportable as reason:
            result.skipped.append(str(reason))
            continue
        if result.header_lines is None:
            result.header_lines = lines
        elif lines != result.header_lines:
            result.skipped.append(f"{page.path}: headers differ from other pages")
            continue
        result.pages += 1
        index = page.path.lstrip("/") + INDEX
        yield index, page.body
        yield index + ".gz", page.gzip
        yield index + ".br", page.brotli
    for reason in result.skipped:
        logger.warning("not exported: %s", reason)


def _generation() -> int:
    row, _ = PublicationGeneration.objects.get_or_create(pk=1)
    return row.value


def _unchanged_since(generation: int) -> bool:
    # An UPDATE, not a read: it waits for an approval that moved the
    # generation but has not committed yet (a row lock on PostgreSQL, the
    # write lock on SQLite), and then sees its number.
    rows = PublicationGeneration.objects.filter(pk=1, value=generation)
    return rows.update(value=models.F("value")) == 1
