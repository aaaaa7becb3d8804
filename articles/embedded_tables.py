"""Dataset tables inside article pages.

Stored article HTML marks where a section's dataset goes; the page fills each
mark with that dataset's live published table and its own trust line (one
query for all of them).
A dataset with nothing live leaves no trace: readers never see an unapproved
number, and no empty frame either.
"""

from __future__ import annotations

import re

from epidemiology.embedding import embedded_html
from epidemiology.models import PublishedDataset
from epidemiology.selectors import published_tables

_PLACEHOLDER = re.compile(r"<!--oncolex:dataset:(\d+)-->")


def dataset_ids(html: str) -> set[int]:
    if "<!--oncolex:dataset:" not in html:
        return set()
    return {int(match) for match in _PLACEHOLDER.findall(html)}


def live_tables(html: str) -> dict[int, PublishedDataset]:
    """The live version of each dataset the HTML places (one query, if any)."""
    ids = dataset_ids(html)
    return published_tables(ids) if ids else {}


def fill_dataset_tables(
    html: str, *, language: str, tables: dict[int, PublishedDataset] | None = None
) -> str:
    """Each placeholder filled with its dataset's live table; `tables` if the
    caller already has them (from live_tables), else one query."""
    if "<!--oncolex:dataset:" not in html:
        return html
    if tables is None:
        tables = live_tables(html)

    def table(match: re.Match[str]) -> str:
        version = tables.get(int(match.group(1)))
        return embedded_html(version, language=language) if version else ""

    return _PLACEHOLDER.sub(table, html)
