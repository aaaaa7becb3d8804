"""Test data for datasets: sources, datasets saved in a revision as the admin
saves them, and CSV files built row by row."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable
from typing import Any

import reversion
from django.contrib.auth.models import User

from epidemiology import services
from epidemiology.models import Dataset, PublishedDataset, Source, StandardPopulation
from epidemiology.tables import AGE_BANDS
from tests import factories

_counter = itertools.count(1)

INCIDENCE_HEADER = "year,sex,age_group,cases,population"


def make_source(**fields: Any) -> Source:
    defaults = {
        "publisher": "Cancer Registry of Norway",
        "publisher_nb": "Kreftregisteret",
        "title": "Cancer in Norway 2013",
        "year": 2014,
        "url": "https://www.kreftregisteret.no/",
        "retrieved_on": datetime.date(2026, 11, 2),
    }
    with reversion.create_revision():
        return Source.objects.create(**{**defaults, **fields})


def make_dataset(*, user: User, source: Source | None = None, **fields: Any) -> Dataset:
    """A dataset without rows, saved in one revision by `user`."""
    n = next(_counter)
    defaults = {
        "slug": f"dataset-{n}",
        "title": f"Dataset {n}",
        "diagnosis": "Neuroendocrine tumours",
        "region": "Norway",
        "standard_population": StandardPopulation.objects.get(slug="esp_2013"),
    }
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment("Created")
        return Dataset.objects.create(
            source=source or make_source(), **{**defaults, **fields}
        )


def csv_bytes(lines: Iterable[str], *, header: str = INCIDENCE_HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode()


def banded_lines(
    year: int, sex: str, *, cases: int = 5, population: int = 100_000
) -> list[str]:
    """All 18 age bands of one year and sex, with populations."""
    return [f"{year},{sex},{band},{cases},{population}" for band in AGE_BANDS]


def import_rows(dataset: Dataset, user: User, lines: Iterable[str], **kw: Any):
    return services.import_incidence(
        dataset=dataset, data=csv_bytes(lines), user=user, **kw
    )


def publish(
    dataset: Dataset, *, editor: User, approver: User, note: str = "First"
) -> PublishedDataset:
    return factories.publish(dataset, editor=editor, approver=approver, note=note)
