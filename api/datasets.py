"""Epidemiology datasets: the approved numbers with their provenance, read
through epidemiology.selectors (published versions only)."""

# No `from __future__ import annotations` here: django-ninja reads these
# views' parameter annotations at import time, through decorators (paginate)
# whose module cannot resolve them as strings.

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.http import http_date
from ninja import Path, Router, Status
from ninja.pagination import paginate

from api import schemas
from api.api import BoundedPages, Converted
from api.articles import SLUG
from epidemiology import selectors
from epidemiology.models import PublishedDataset

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


def provenance(version: PublishedDataset) -> dict:
    """Where the numbers come from and who approved them."""
    return {
        "source": {
            "publisher": version.source_publisher,
            "title": version.source_title,
            "year": version.source_year,
            "url": version.source_url,
            "retrieved_on": version.source_retrieved_on,
        },
        "standard_population": version.standard_name,
        "standard_reference": version.standard_reference,
        "approved_by": version.approver_name,
        "approved_at": version.approved_at,
        "version": version.number,
        "change_note": version.change_note,
        "illustrative": version.illustrative,
        "note": version.note,
        "note_nb": version.note_nb,
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
    request: HttpRequest, response: HttpResponse, slug: str = Path(..., pattern=SLUG)
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
        "provenance": provenance(version),
        "csv_url": request.build_absolute_uri(
            reverse("epidemiology:dataset_csv", kwargs={"slug": version.slug})
        ),
    }
