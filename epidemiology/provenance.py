"""Where a published dataset's numbers come from, in one place: for the W3C
CSV on the Web (CSVW) metadata beside each CSV download, and for any other
reader of published datasets (an API) that must say the same.

Everything is read from the immutable published record, never from the
working copy, so the metadata describes exactly the numbers approved.

CSVW ("Metadata Vocabulary for Tabular Data", W3C Recommendation 2015):
a table description has `@context`, `url` (the CSV it describes) and a
`tableSchema` whose columns' `titles` match the CSV's header row; other
properties use prefixes the CSVW context defines (`dc:`, `schema:`). The
metadata lives beside the CSV (`<slug>.csv-metadata.json`, the name CSVW
processors try first) and is also announced by a `Link: rel="describedby"`
header, so the CSV itself stays the plain file editors can import again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, override

from epidemiology.models import PublishedDataset
from epidemiology.tables import INCIDENCE_COLUMNS, SITE_COLUMNS

INCIDENCE = "incidence"
SITES = "sites"

CSVW_CONTEXT = "http://www.w3.org/ns/csvw"


@dataclass(frozen=True)
class Provenance:
    """What a reader needs to judge a published dataset's numbers."""

    slug: str
    title: str
    note: str
    version: int
    approved_at: datetime.datetime
    approver: str
    change_note: str
    source_publisher: str
    source_title: str
    source_year: int
    source_url: str
    source_retrieved_on: datetime.date
    standard_population: str
    standard_reference: str
    age_standardised: bool
    illustrative: bool


def provenance(version: PublishedDataset, *, language: str) -> Provenance:
    """The provenance of one published version, with its texts in `language`
    (Bokmål where the dataset gives it, else English)."""
    return Provenance(
        slug=version.slug,
        title=version.title_in(language),
        note=version.note_in(language),
        version=version.number,
        approved_at=version.approved_at,
        approver=version.approver_name,
        change_note=version.change_note_in(language),
        source_publisher=version.source_publisher_in(language),
        source_title=version.source_title_in(language),
        source_year=version.source_year,
        source_url=version.source_url,
        source_retrieved_on=version.source_retrieved_on,
        standard_population=version.standard_name_in(language),
        standard_reference=version.standard_reference,
        age_standardised=version.has_asr,
        illustrative=version.illustrative,
    )


def _column_descriptions() -> dict[str, tuple[dict[str, Any], str, bool]]:
    """Column name -> (datatype, description, may be empty)."""
    return {
        "year": (
            {"base": "integer", "minimum": 1},
            gettext("Year of diagnosis"),
            False,
        ),
        "sex": (
            {"base": "string", "format": "male|female|all"},
            gettext("Sex: male, female or all"),
            False,
        ),
        "age_group": (
            {"base": "string", "format": r"all|\d{1,2}-\d{1,2}|85\+"},
            gettext("Age group: all, a five-year band such as 40-44, or 85+"),
            False,
        ),
        "cases": ("nonNegativeInteger", gettext("New cases"), False),
        "population": (
            "nonNegativeInteger",
            gettext("Population at risk (person-years); empty when not given"),
            True,
        ),
        "site": ("string", gettext("Primary site"), False),
        "share_percent": (
            {"base": "decimal", "minimum": 0, "maximum": 100},
            gettext("Share of cases, in percent"),
            False,
        ),
        "site_nb": ("string", gettext("Primary site in Bokmål"), True),
    }


def _columns(header: list[str]) -> list[dict[str, Any]]:
    described = _column_descriptions()
    columns = []
    for name in header:
        datatype, description, nullable = described[name]
        column: dict[str, Any] = {
            "name": name,
            "titles": name,
            "datatype": datatype,
            "dc:description": description,
            "required": not nullable,
        }
        if nullable:
            column["null"] = ""
        columns.append(column)
    return columns


def csv_header(version: PublishedDataset, table: str) -> list[str]:
    """The header row of the published CSV of `table`, as downloaded."""
    text = version.incidence_csv if table == INCIDENCE else version.sites_csv
    first = text.split("\r\n", 1)[0]
    if first:
        return first.split(",")
    return list(INCIDENCE_COLUMNS if table == INCIDENCE else SITE_COLUMNS)


def csvw_metadata(
    version: PublishedDataset,
    *,
    language: str,
    table: str,
    csv_url: str,
    page_url: str,
) -> dict[str, Any]:
    """The CSVW table description of one published CSV (absolute URLs)."""
    found = provenance(version, language=language)
    with override(language):
        source: dict[str, Any] = {
            "schema:publisher": found.source_publisher,
            "schema:name": found.source_title,
            "schema:datePublished": str(found.source_year),
            "schema:additionalProperty": {
                "schema:name": gettext("retrieved on"),
                "schema:value": found.source_retrieved_on.isoformat(),
            },
        }
        if found.source_url:
            source["schema:url"] = found.source_url
        details = [
            {
                "schema:name": gettext("illustrative numbers"),
                "schema:value": found.illustrative,
                "schema:description": gettext(
                    "True: the numbers were made up to show how the tables work; "
                    "they are not registry data."
                ),
            }
        ]
        if found.age_standardised:
            details.append(
                {
                    "schema:name": gettext("standard population"),
                    "schema:value": found.standard_population,
                    "schema:description": found.standard_reference,
                }
            )
        metadata: dict[str, Any] = {
            "@context": [CSVW_CONTEXT, {"@language": language}],
            "url": csv_url,
            "dc:title": found.title,
            "schema:url": page_url,
            "schema:version": found.version,
            "schema:datePublished": found.approved_at.date().isoformat(),
            "schema:reviewedBy": {"schema:name": found.approver},
            "schema:releaseNotes": found.change_note,
            "dc:source": source,
            "schema:additionalProperty": details,
            "dialect": {"header": True, "encoding": "utf-8"},
            "tableSchema": {
                "columns": _columns(csv_header(version, table)),
                "primaryKey": ["year", "sex", "age_group"]
                if table == INCIDENCE
                else "site",
            },
        }
        if found.note:
            metadata["dc:description"] = found.note
    return metadata
