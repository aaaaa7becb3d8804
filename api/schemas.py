"""What the API answers, as schemas: they validate every response and are the
OpenAPI document integrators read."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field


class Message(Schema):
    detail: str


class Invalid(Schema):
    """A parameter the operation does not accept, with where and why."""

    detail: list[dict]


class Gone(Schema):
    detail: str
    unpublished_at: datetime.datetime | None = None


class Codes(Schema):
    icd10: list[str]
    ncsp: list[str]
    ncmp: list[str]


class CancerTypeRef(Schema):
    slug: str
    name: str


class ArticleSummary(Schema):
    id: int = Field(description="The article's id, the same for all its versions.")
    language: str
    slug: str
    title: str
    summary: str
    kind: str = Field(description="chapter or procedure")
    chapter: str
    procedure_type: str
    version: int = Field(description="The live published version's number.")
    approved_at: datetime.datetime
    codes: Codes
    cancer_types: list[CancerTypeRef]
    url: str = Field(description="This article in the API.")
    html_url: str = Field(description="The article page readers read.")


class Section(Schema):
    anchor: str
    heading: str
    html: str = Field(description="Sanitised HTML, as readers see it.")


class Reference(Schema):
    number: int
    text: str
    html: str
    pmid: str | None
    doi: str | None


class Trust(Schema):
    """Who vouches for this text: the trust line readers see on the page."""

    approved_by: str
    approved_at: datetime.datetime
    version: int
    change_note: str
    medical_editors: str
    last_reviewed: datetime.date | None
    next_review_due: datetime.date | None
    review_overdue: bool
    hash: str | None = Field(
        description="The published version's SHA-256 chain hash, when recorded."
    )


class Translation(Schema):
    language: str
    slug: str
    url: str


class DatasetRef(Schema):
    slug: str
    url: str


class Article(ArticleSummary):
    sections: list[Section]
    references: list[Reference]
    trust: Trust
    translation: Translation | None
    datasets: list[DatasetRef]


class Version(Schema):
    number: int
    title: str
    approved_by: str
    approved_at: datetime.datetime
    change_note: str
    current: bool
    hash: str | None
    html_url: str


class CancerType(Schema):
    slug: str
    name_en: str
    name_nb: str
    icd10_codes: list[str]


class DatasetSummary(Schema):
    slug: str
    title: str
    title_nb: str
    diagnosis: str
    icd10_codes: list[str]
    region: str
    illustrative: bool = Field(description="True: the numbers are illustrative.")
    version: int
    approved_at: datetime.datetime
    url: str
    html_url: str


class IncidenceRow(Schema):
    year: int
    sex: str
    age_group: str
    cases: int
    population: int | None


class SiteShare(Schema):
    site: str
    share_percent: str


class Rate(Schema):
    year: int
    sex: str
    cases: int | None
    population: int | None
    crude_per_100000: float | None
    asr_per_100000: float | None
    asr_lower: float | None
    asr_upper: float | None


class Source(Schema):
    publisher: str
    title: str
    year: int
    url: str
    retrieved_on: datetime.date


class Provenance(Schema):
    """Where the numbers come from and who approved them, as the CSVW
    metadata beside the CSV says it (epidemiology/provenance.py)."""

    language: str = Field(description="The language of the texts below.")
    title: str
    note: str
    version: int
    approved_by: str
    approved_at: datetime.datetime
    change_note: str
    source: Source
    standard_population: str
    standard_reference: str
    age_standardised: bool
    illustrative: bool


class Dataset(DatasetSummary):
    incidence: list[IncidenceRow]
    site_shares: list[SiteShare]
    rates: list[Rate]
    provenance: Provenance
    csv_url: str
    csv_metadata_url: str = Field(description="W3C CSVW metadata of the CSV.")
