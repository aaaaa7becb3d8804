"""Reads for public pages and for other apps. They touch published records
only, with a fixed number of queries whatever the size of the data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from epidemiology.models import PublishedDataset


@dataclass
class DatasetLookup:
    """What a dataset URL points at: a live version, a move, or a withdrawal."""

    version: PublishedDataset | None
    moved_to: PublishedDataset | None = None
    gone: PublishedDataset | None = None


def dataset_by_slug(*, slug: str, rows: bool = False) -> DatasetLookup:
    """One query: the live version if there is one, else the newest retired
    one; with its approved rows if `rows` (the page shows stored HTML)."""
    versions = PublishedDataset.objects.filter(slug=slug)
    versions = (
        versions.defer("incidence_csv", "sites_csv") if rows else versions.for_page()
    )
    version = versions.order_by("-is_current", "-number").first()
    if version is None:
        return DatasetLookup(version=None)
    if version.is_current:
        return DatasetLookup(version=version)
    moved = (
        PublishedDataset.objects.current()
        .filter(dataset_id=version.dataset_id)
        .only("slug")
        .first()
    )
    if moved is not None:
        return DatasetLookup(version=None, moved_to=moved)
    return DatasetLookup(version=None, gone=version)


def published_csv(*, slug: str) -> PublishedDataset | None:
    return (
        PublishedDataset.objects.current()
        .filter(slug=slug)
        .only("slug", "number", "incidence_csv", "sites_csv")
        .first()
    )


def published_for_metadata(*, slug: str) -> PublishedDataset | None:
    """The live version with what its CSVW metadata needs (no stored HTML)."""
    return (
        PublishedDataset.objects.current()
        .filter(slug=slug)
        .defer("rows", "table_html", "chart_svg")
        .first()
    )


def published_tables(dataset_ids: Iterable[int]) -> dict[int, PublishedDataset]:
    """The live version of each dataset, by dataset id, in one query; for pages
    that embed datasets (`version.table_html_in(language)`). Datasets with
    nothing published are absent from the result."""
    ids = set(dataset_ids)
    if not ids:
        return {}
    return {
        version.dataset_id: version
        for version in PublishedDataset.objects.current()
        .filter(dataset_id__in=ids)
        .for_embedding()
        .order_by()  # a dict by id: no sort needed on this hot path
    }


def current_datasets() -> QuerySet[PublishedDataset]:
    """Live dataset versions without their rows and rendered tables, by title;
    a queryset, so a caller can page it."""
    return (
        PublishedDataset.objects.current()
        .defer("rows", "incidence_csv", "sites_csv", "table_html", "chart_svg")
        .order_by("title", "pk")
    )
