"""From incidence rows to what a table shows: per year and sex the cases, the
crude rate where the population at risk is known, and the age-standardised
rate where all 18 age bands and their populations are given (else the reason
why not). The formulas are in `rates.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext

from epidemiology import rates
from epidemiology.tables import (
    AGE_BANDS,
    ALL_AGES,
    IncidenceRecord,
    Sex,
    age_group_label,
    sort_key,
)

# Why an age-standardised rate is missing (translated when rendered).
NO_BANDS = "no_bands"
MISSING_BANDS = "missing_bands"
MISSING_POPULATION = "missing_population"
ZERO_POPULATION = "zero_population"


@dataclass
class Summary:
    year: int
    sex: str
    cases: int | None
    population: int | None
    crude: float | None = None
    asr: float | None = None
    asr_lower: float | None = None
    asr_upper: float | None = None
    asr_missing: str = ""
    bands: list[str] = field(default_factory=list)  # the bands at fault

    def as_json(self) -> dict:
        return asdict(self)


def _group(
    records: Iterable[IncidenceRecord],
) -> dict[tuple[int, str], dict[str, IncidenceRecord]]:
    groups: dict[tuple[int, str], dict[str, IncidenceRecord]] = defaultdict(dict)
    for record in sorted(records, key=sort_key):
        groups[(record.year, record.sex)][record.age_group] = record
    return groups


def summarise(
    records: Iterable[IncidenceRecord], weights: dict[str, int]
) -> list[Summary]:
    """One summary per year and sex, in year order (men, women, both)."""
    summaries = []
    for (year, sex), by_age in _group(records).items():
        bands = [by_age.get(band) for band in AGE_BANDS]
        complete = all(bands)
        total = by_age.get(ALL_AGES)
        if total is not None:
            cases, population = total.cases, total.population
            if population is None and complete:
                # All ages without a population, every band with one: the
                # bands' sum is the population at risk.
                populations = [b.population for b in bands]
                population = None if None in populations else sum(populations)
        elif complete:
            cases = sum(b.cases for b in bands)
            populations = [b.population for b in bands]
            population = None if None in populations else sum(populations)
        else:
            cases = population = None
        summary = Summary(year=year, sex=sex, cases=cases, population=population)
        if cases is not None and population:
            summary.crude = rates.crude_rate(cases, population).value
        present = [band for band in AGE_BANDS if band in by_age]
        if not present:
            summary.asr_missing = NO_BANDS
        elif not complete:
            summary.asr_missing = MISSING_BANDS
            summary.bands = [band for band in AGE_BANDS if band not in by_age]
        elif any(by_age[band].population is None for band in AGE_BANDS):
            summary.asr_missing = MISSING_POPULATION
            summary.bands = [b for b in AGE_BANDS if by_age[b].population is None]
        elif any(by_age[band].population == 0 for band in AGE_BANDS):
            summary.asr_missing = ZERO_POPULATION
            summary.bands = [b for b in AGE_BANDS if by_age[b].population == 0]
        else:
            asr = rates.direct_standardised_rate(
                [by_age[band].cases for band in AGE_BANDS],
                [by_age[band].population for band in AGE_BANDS],
                [weights[band] for band in AGE_BANDS],
            )
            summary.asr, summary.asr_lower, summary.asr_upper = (
                asr.value,
                asr.lower,
                asr.upper,
            )
        summaries.append(summary)
    return summaries


def _row_label(record: IncidenceRecord) -> str:
    return f"{record.year} {Sex(record.sex).label} {age_group_label(record.age_group)}"


def _disagreements(
    year: int, sex: str, by_age: dict[str, IncidenceRecord]
) -> list[str]:
    """The all-ages row against the sum of the 18 bands, cases and population:
    the crude rate comes from the one, the ASR from the other."""
    total = by_age.get(ALL_AGES)
    bands = [by_age[band] for band in AGE_BANDS if band in by_age]
    if total is None or len(bands) != len(AGE_BANDS):
        return []
    problems = []
    where = f"{year}, {Sex(sex).label}"
    band_cases = sum(b.cases for b in bands)
    if band_cases != total.cases:
        problems.append(
            gettext(
                "%(where)s: the age bands add up to %(bands)s cases, the all-ages "
                "row says %(total)s."
            )
            % {"where": where, "bands": band_cases, "total": total.cases}
        )
    populations = [b.population for b in bands]
    if total.population is not None and None not in populations:
        band_population = sum(populations)
        if band_population != total.population:
            problems.append(
                gettext(
                    "%(where)s: the age bands add up to a population of %(bands)s, "
                    "the all-ages row says %(total)s; the crude and the "
                    "age-standardised rate will not agree."
                )
                % {"where": where, "bands": band_population, "total": total.population}
            )
    return problems


def _missing_populations(records: list[IncidenceRecord], shown: int = 10) -> list[str]:
    """Rows without a population, where one is needed: an all-ages row needs
    none when its 18 bands all have one (their sum is used)."""
    banded = {
        key
        for key, by_age in _group(records).items()
        if all(by_age.get(b) and by_age[b].population is not None for b in AGE_BANDS)
    }
    missing = [
        r
        for r in records
        if r.population is None
        and not (r.age_group == ALL_AGES and (r.year, r.sex) in banded)
    ]
    if not missing or len(missing) == len(records):
        # All missing is a counts-only table, and the page says so.
        return []
    listed = "; ".join(_row_label(r) for r in missing[:shown])
    if len(missing) > shown:
        listed += gettext("; and %(count)s more") % {"count": len(missing) - shown}
    return [
        gettext("Population missing for %(missing)s of %(rows)s rows: %(rows_listed)s.")
        % {"missing": len(missing), "rows": len(records), "rows_listed": listed}
    ]


def consistency_problems(records: Iterable[IncidenceRecord]) -> list[str]:
    """Things an approver should look at that are not errors in the file."""
    records = sorted(records, key=sort_key)
    problems = []
    for (year, sex), by_age in _group(records).items():
        problems.extend(_disagreements(year, sex, by_age))
        bands = [band for band in AGE_BANDS if band in by_age]
        if ALL_AGES not in by_age and bands and len(bands) != len(AGE_BANDS):
            problems.append(
                gettext(
                    "%(where)s: some age bands but no all-ages row; no total can be "
                    "shown."
                )
                % {"where": f"{year}, {Sex(sex).label}"}
            )
    problems.extend(_missing_populations(records))
    return problems


def age_specific(records: Iterable[IncidenceRecord], year: int) -> list[dict]:
    """Cases and rates per age band in one year, one dict per band."""
    rows: dict[str, dict] = {band: {"band": band} for band in AGE_BANDS}
    found = False
    for record in records:
        if record.year != year or record.age_group == ALL_AGES:
            continue
        found = True
        rate = (
            rates.crude_rate(record.cases, record.population).value
            if record.population
            else None
        )
        rows[record.age_group][record.sex] = {"cases": record.cases, "rate": rate}
    return list(rows.values()) if found else []
