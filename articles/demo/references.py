"""References cited by the demo articles.

Each entry was checked against a public record before it was added (PubMed or
the publisher's page for title, journal, year and identifiers). An identifier we
could not confirm is left out rather than guessed: the WHO 2019 commentary has
its DOI but no PMID here, the SEER study its PMID but no DOI.
"""

from __future__ import annotations

from typing import Any

# Cancer 2008;113(10):2655-64. PubMed record 18853416 and Wiley's page agree.
HAUSO_2008: dict[str, Any] = {
    "authors": "Hauso O, Gustafsson BI, Kidd M, et al",
    "title": "Neuroendocrine tumor epidemiology: contrasting Norway and North America",
    "journal": "Cancer",
    "year": 2008,
    "pmid": "18853416",
    "doi": "10.1002/cncr.23883",
}

# J Neuroendocrinol 2023;35(4):e13264. Checked on a copy of PubMed record 36988112.
THIIS_EVENSEN_2023: dict[str, Any] = {
    "authors": "Thiis-Evensen E, et al",
    "title": "Incidence and prevalence of neuroendocrine neoplasms in Norway 1993-2021",
    "journal": "J Neuroendocrinol",
    "year": 2023,
    "pmid": "36988112",
    "doi": "10.1111/jne.13264",
}

# Histopathology 2020;76:182-188 (commentary). The DOI is printed on the paper.
NAGTEGAAL_2020: dict[str, Any] = {
    "authors": "Nagtegaal ID, Odze RD, Klimstra D, et al",
    "title": "The 2019 WHO classification of tumours of the digestive system",
    "journal": "Histopathology",
    "year": 2020,
    "pmid": "",
    "doi": "10.1111/his.13975",
}

# JAMA Oncol 2017;3(10):1335. Authors and title from the indexed abstract.
DASARI_2017: dict[str, Any] = {
    "authors": "Dasari A, Shen C, Halperin D, et al",
    "title": (
        "Trends in the incidence, prevalence, and survival outcomes in patients "
        "with neuroendocrine tumors in the United States"
    ),
    "journal": "JAMA Oncol",
    "year": 2017,
    "pmid": "28448665",
    "doi": "",
}
