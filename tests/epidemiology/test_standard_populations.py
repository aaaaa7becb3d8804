"""Standard populations ship with the app as data (a migration loads them)."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

import epidemiology
from epidemiology.models import StandardPopulation
from epidemiology.tables import AGE_BANDS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "total"),
    [
        ("segi_1960_world", 100_000),
        ("who_2000_2025_world", 1_000_000),
        ("esp_2013", 100_000),
        ("nordic_2000", 100_000),
    ],
)
def test_each_standard_population_has_18_bands_summing_to_its_total(slug, total):
    standard = StandardPopulation.objects.get(slug=slug)
    weights = standard.weights_by_band()
    assert set(weights) == set(AGE_BANDS)
    assert sum(weights.values()) == total == standard.total


@pytest.mark.django_db
def test_who_standard_collapses_its_oldest_groups_into_85_plus():
    # SEER*Stat WHO 2000-2025: 85-89 4398 + 90-94 1500 + 95-99 400 + 100+ 50.
    weights = StandardPopulation.objects.get(slug="who_2000_2025_world")
    assert weights.weights_by_band()["85+"] == 6348


@pytest.mark.django_db
def test_european_standard_2013_collapses_infants_and_the_oldest():
    weights = StandardPopulation.objects.get(slug="esp_2013").weights_by_band()
    # 0 (1000) + 1-4 (4000); 85-89 (1500) + 90-94 (800) + 95+ (200).
    assert (weights["0-4"], weights["85+"]) == (5000, 2500)


@pytest.mark.django_db
def test_segi_world_standard_has_the_published_weights():
    weights = StandardPopulation.objects.get(slug="segi_1960_world").weights_by_band()
    assert [weights[band] for band in AGE_BANDS] == [
        12000, 10000, 9000, 9000, 8000, 8000, 6000, 6000, 6000,
        6000, 5000, 4000, 4000, 3000, 2000, 1000, 500, 500,
    ]  # fmt: skip


@pytest.mark.django_db
def test_loaded_weights_equal_the_published_finer_groups_collapsed():
    # data/standard_populations_detail.csv holds the sets as published, with
    # the band each finer group collapses into.
    detail = (
        Path(epidemiology.__file__).parent / "data" / "standard_populations_detail.csv"
    )
    collapsed: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with detail.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            collapsed[row["standard"]][row["collapse_to_age_group"]] += int(
                row["weight"]
            )
    for standard in StandardPopulation.objects.all():
        assert standard.weights_by_band() == dict(collapsed[standard.slug])
