from __future__ import annotations

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from epidemiology import provenance, selectors
from epidemiology.provenance import INCIDENCE, SITES
from oncolex.page_cache import cache_public_page

# Spreadsheets read a CSV file as UTF-8 only when it starts with a BOM.
_BOM = "\ufeff"
CSVW_MEDIA_TYPE = "application/csvm+json"


@cache_public_page
@require_safe
def dataset(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.dataset_by_slug(slug=slug)
    if found.moved_to is not None:
        return HttpResponsePermanentRedirect(found.moved_to.get_absolute_url())
    if found.gone is not None:
        return render(
            request,
            "epidemiology/gone.html",
            {
                "version": found.gone,
                "title": found.gone.title_in(request.LANGUAGE_CODE),
            },
            status=410,
        )
    if found.version is None:
        raise Http404("No published dataset with this address.")
    version = found.version
    language = request.LANGUAGE_CODE
    return render(
        request,
        "epidemiology/dataset.html",
        {
            "version": version,
            "title": version.title_in(language),
            "diagnosis": version.diagnosis_in(language),
            "region": version.region_in(language),
            "standard_name": version.standard_name_in(language),
            "change_note": version.change_note_in(language),
            "table_html": version.table_html_in(language),
            "chart_html": version.chart_svg_in(language),
        },
    )


# Downloads are not page-cached: the cache keeps the body and content type but
# not the Content-Disposition that names the file. They are one small query.
def _csv(text: str, filename: str, *, metadata_url: str) -> HttpResponse:
    response = HttpResponse(_BOM + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Provenance travels beside the numbers (CSVW), not inside the file, so
    # the file still imports as it is.
    response["Link"] = f'<{metadata_url}>; rel="describedby"; type="{CSVW_MEDIA_TYPE}"'
    return response


def _metadata(request: HttpRequest, slug: str, *, csv_url_name: str) -> HttpResponse:
    """The CSVW metadata of the CSV at `csv_url_name` (which serves the
    incidence table, or the site table if there is none)."""
    version = selectors.published_for_metadata(slug=slug)
    if version is None:
        raise Http404("No published dataset with this address.")
    if csv_url_name == "epidemiology:sites_csv" or not version.incidence_csv:
        table, text = SITES, version.sites_csv
    else:
        table, text = INCIDENCE, version.incidence_csv
    if not text:
        raise Http404("No published table with this address.")
    metadata = provenance.csvw_metadata(
        version,
        language=request.LANGUAGE_CODE,
        table=table,
        csv_url=request.build_absolute_uri(reverse(csv_url_name, args=[slug])),
        page_url=request.build_absolute_uri(version.get_absolute_url()),
    )
    return JsonResponse(
        metadata,
        content_type=CSVW_MEDIA_TYPE,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


@require_safe
def dataset_csv_metadata(request: HttpRequest, slug: str) -> HttpResponse:
    return _metadata(request, slug, csv_url_name="epidemiology:dataset_csv")


@require_safe
def sites_csv_metadata(request: HttpRequest, slug: str) -> HttpResponse:
    return _metadata(request, slug, csv_url_name="epidemiology:sites_csv")


@require_safe
def dataset_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The published numbers: the incidence table, or the site table if the
    dataset has no incidence rows."""
    version = selectors.published_csv(slug=slug)
    if version is None or not (version.incidence_csv or version.sites_csv):
        raise Http404("No published dataset with this address.")
    return _csv(
        version.incidence_csv or version.sites_csv,
        f"{slug}.csv",
        metadata_url=request.build_absolute_uri(
            reverse("epidemiology:dataset_csv_metadata", args=[slug])
        ),
    )


@require_safe
def sites_csv(request: HttpRequest, slug: str) -> HttpResponse:
    version = selectors.published_csv(slug=slug)
    if version is None or not version.sites_csv:
        raise Http404("No published site distribution with this address.")
    return _csv(
        version.sites_csv,
        f"{slug}-sites.csv",
        metadata_url=request.build_absolute_uri(
            reverse("epidemiology:sites_csv_metadata", args=[slug])
        ),
    )
