"""Epidemiology datasets: the approved numbers with their provenance, read
through epidemiology.selectors (published versions only)."""

# No `from __future__ import annotations` here: django-ninja reads these
# views' parameter annotations at import time, through decorators (paginate)
# whose module cannot resolve them as strings.

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date
from ninja import Path, Router, Status
from ninja.pagination import paginate

from api import schemas
from api.api import BoundedPages, Converted
from api.articles import SLUG, Language
from epidemiology import selectors
from epidemiology.models import PublishedDataset
from epidemiology.provenance import provenance

router = Router(tags=["datasets"])


def _summary(request: HttpRequest, version: PublishedDataset) -> dict:
    return {
        "slug": version.slug,
        "title": version.title,
        "title_nb": version.title_nb,
        "diagnosis": version.diagnosis,
        "icd10_codes": version.icd10_codes.split(),
        "region": version.region,
        "illustrative": version.illustrative,
        "version": version.number,
        "approved_at": version.approved_at,
        "url": request.build_absolute_uri(
            reverse("api:dataset", kwargs={"slug": version.slug})
        ),
        "html_url": request.build_absolute_uri(version.get_absolute_url()),
    }


@router.get(
    "/datasets",
    response={200: list[schemas.DatasetSummary], 422: schemas.Invalid},
    url_name="datasets",
)
@paginate(BoundedPages)
def datasets(request: HttpRequest) -> list[dict]:
    """Live datasets, by title."""
    return Converted(request, selectors.current_datasets(), _summary)


def _provenance(version: PublishedDataset, language: str) -> dict:
    """The one account of where the numbers come from (the same the CSVW
    metadata gives), shaped for this API."""
    told = provenance(version, language=language)
    return {
        "language": language,
        "title": told.title,
        "note": told.note,
        "version": told.version,
        "approved_by": told.approver,
        "approved_at": told.approved_at,
        "change_note": told.change_note,
        "source": {
            "publisher": told.source_publisher,
            "title": told.source_title,
            "year": told.source_year,
            "url": told.source_url,
            "retrieved_on": told.source_retrieved_on,
        },
        "standard_population": told.standard_population,
        "standard_reference": told.standard_reference,
        "age_standardised": told.age_standardised,
        "illustrative": told.illustrative,
    }


def _rate(summary: dict) -> dict:
    return {
        "year": summary["year"],
        "sex": summary["sex"],
        "cases": summary.get("cases"),
        "population": summary.get("population"),
        "crude_per_100000": summary.get("crude"),
        "asr_per_100000": summary.get("asr"),
        "asr_lower": summary.get("asr_lower"),
        "asr_upper": summary.get("asr_upper"),
    }


def _csv_url(
    request: HttpRequest, name: str, version: PublishedDataset, language: str
) -> str:
    with translation.override(language):
        return request.build_absolute_uri(reverse(name, kwargs={"slug": version.slug}))


@router.get(
    "/datasets/{slug}",
    response={
        200: schemas.Dataset,
        404: schemas.Message,
        410: schemas.Gone,
        422: schemas.Invalid,
    },
    url_name="dataset",
)
def dataset(
    request: HttpRequest,
    response: HttpResponse,
    slug: str = Path(..., pattern=SLUG),
    language: Language = "en",
):
    """One live dataset: its approved rows, rates and provenance."""
    found = selectors.dataset_by_slug(slug=slug, rows=True)
    if found.moved_to is not None:
        return HttpResponsePermanentRedirect(
            reverse("api:dataset", kwargs={"slug": found.moved_to.slug})
        )
    if found.gone is not None:
        return Status(
            410,
            {
                "detail": "This dataset was withdrawn.",
                "unpublished_at": found.gone.unpublished_at,
            },
        )
    version = found.version
    if version is None:
        return Status(404, {"detail": "No published dataset at this address."})
    response["Last-Modified"] = http_date(version.approved_at.timestamp())
    rows = version.rows or {}
    return {
        **_summary(request, version),
        "incidence": [
            dict(
                zip(
                    ("year", "sex", "age_group", "cases", "population"),
                    row,
                    strict=True,
                )
            )
            for row in rows.get("incidence", [])
        ],
        "site_shares": [
            {"site": site, "share_percent": share}
            for site, share in rows.get("sites", [])
        ],
        "rates": [_rate(summary) for summary in version.rates],
        "provenance": _provenance(version, language),
        "csv_url": _csv_url(request, "epidemiology:dataset_csv", version, language),
        "csv_metadata_url": _csv_url(
            request, "epidemiology:dataset_csv_metadata", version, language
        ),
    }
