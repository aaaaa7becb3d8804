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

# J Nucl Med 2023;64(2):204-210. Citation, DOI and PMID as listed by Guideline
# Central; the journal's full text at jnm.snmjournals.org/content/64/2/204.
HOPE_2023: dict[str, Any] = {
    "authors": "Hope TA, Allen-Auerbach M, Bodei L, et al",
    "title": (
        "SNMMI Procedure Standard/EANM Practice Guideline for SSTR PET: "
        "Imaging Neuroendocrine Tumors"
    ),
    "journal": "J Nucl Med",
    "year": 2023,
    "pmid": "36725249",
    "doi": "10.2967/jnumed.122.264860",
}

# N Engl J Med 2017;376(2):125-135. The PubMed record shows the DOI; its PMID
# was not on the page we read, so it is left out.
STROSBERG_2017: dict[str, Any] = {
    "authors": "Strosberg J, El-Haddad G, Wolin E, et al",
    "title": "Phase 3 Trial of 177Lu-Dotatate for Midgut Neuroendocrine Tumors",
    "journal": "N Engl J Med",
    "year": 2017,
    "pmid": "",
    "doi": "10.1056/NEJMoa1607427",
}

# HPB (Oxford) 2011;13(6):377-384. PMC record PMC3103093 shows PMID and DOI.
ARE_2011: dict[str, Any] = {
    "authors": "Are C, Dhir M, Ravipati L",
    "title": (
        "History of pancreaticoduodenectomy: early misconceptions, initial "
        "milestones and the pioneers"
    ),
    "journal": "HPB (Oxford)",
    "year": 2011,
    "pmid": "21609369",
    "doi": "10.1111/j.1477-2574.2011.00305.x",
}

# Surgery 2017;161(3):584-591. DOI from the journal's page; PMID not seen.
BASSI_2017: dict[str, Any] = {
    "authors": "Bassi C, Marchegiani G, Dervenis C, et al",
    "title": (
        "The 2016 update of the International Study Group (ISGPS) definition and "
        "grading of postoperative pancreatic fistula: 11 Years After"
    ),
    "journal": "Surgery",
    "year": 2017,
    "pmid": "",
    "doi": "10.1016/j.surg.2016.11.014",
}

# Surgery 2007;142(5):761-768. DOI from the publisher's page; PMID not seen.
WENTE_2007: dict[str, Any] = {
    "authors": "Wente MN, Bassi C, Dervenis C, et al",
    "title": (
        "Delayed gastric emptying (DGE) after pancreatic surgery: a suggested "
        "definition by the International Study Group of Pancreatic Surgery (ISGPS)"
    ),
    "journal": "Surgery",
    "year": 2007,
    "pmid": "",
    "doi": "10.1016/j.surg.2007.05.005",
}

# Cancers (Basel) 2019;11(10):1547. PMC record PMC6826876 shows PMID and DOI;
# it reports the PRODIGE 24 and ESPAC-4 results the article cites.
FENOCCHIO_2019: dict[str, Any] = {
    "authors": "Fenocchio E, Filippi R, Lombardi P, et al",
    "title": "Is There a Standard Adjuvant Therapy for Resected Pancreatic Cancer?",
    "journal": "Cancers (Basel)",
    "year": 2019,
    "pmid": "31614884",
    "doi": "10.3390/cancers11101547",
}
