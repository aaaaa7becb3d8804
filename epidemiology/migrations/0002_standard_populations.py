"""Load the standard populations shipped in epidemiology/data/.

Sources and pitfalls: epidemiology/data/STANDARD_POPULATIONS.md. The WHO set is
the SEER*Stat version (per 1,000,000, 85+ = 85-89 + 90-94 + 95-99 + 100+ = 6348);
ASRs divide by the sum of the weights, so the scale of a set does not matter.
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "standard_populations.csv"

STANDARDS = {
    "segi_1960_world": (
        "Segi world standard population (1960), modified by Doll et al. (1966)",
        "Segi M. Cancer mortality for selected sites in 24 countries (1950-57). "
        "Tohoku University, 1960; Doll R, Payne P, Waterhouse J (eds). Cancer "
        "Incidence in Five Continents, Vol. I. UICC, 1966.",
        100_000,
    ),
    "who_2000_2025_world": (
        "WHO world standard population 2000-2025",
        "Ahmad OB, Boschi-Pinto C, Lopez AD, et al. Age standardization of rates: "
        "a new WHO standard. GPE Discussion Paper No. 31. WHO, 2001; as rescaled "
        "to 1,000,000 by SEER*Stat (seer.cancer.gov/stdpopulations/world.who.html).",
        1_000_000,
    ),
    "esp_2013": (
        "European Standard Population 2013",
        "Eurostat. Revision of the European Standard Population: report of "
        "Eurostat's task force. Methodologies and Working papers KS-RA-13-028-EN, "
        "2013, Annex F.",
        100_000,
    ),
    "nordic_2000": (
        "Nordic standard population 2000 (NORDCAN)",
        "NORDCAN, 2000, as distributed in the R package popEpi (stdpop18, column "
        "'nordic'); a single source, not checked against NORDCAN itself.",
        100_000,
    ),
}


def load(apps, schema_editor):
    StandardPopulation = apps.get_model("epidemiology", "StandardPopulation")
    Weight = apps.get_model("epidemiology", "StandardPopulationWeight")
    with DATA.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for slug, (name, reference, total) in STANDARDS.items():
        standard, _ = StandardPopulation.objects.update_or_create(
            slug=slug, defaults={"name": name, "reference": reference, "total": total}
        )
        for row in rows:
            if row["standard"] == slug:
                Weight.objects.update_or_create(
                    standard=standard,
                    age_group=row["age_group"],
                    defaults={"weight": int(row["weight"])},
                )


def unload(apps, schema_editor):
    apps.get_model("epidemiology", "StandardPopulation").objects.filter(
        slug__in=STANDARDS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("epidemiology", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
