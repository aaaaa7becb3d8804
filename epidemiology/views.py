from __future__ import annotations

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import render
from django.views.decorators.http import require_safe

from epidemiology import selectors
from oncolex.page_cache import cache_public_page

# Spreadsheets read a CSV file as UTF-8 only when it starts with a BOM.
_BOM = "\ufeff"


@cache_public_page
@require_safe
def dataset(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.dataset_by_slug(slug=slug)
    if found.moved_to is not None:
        return HttpResponsePermanentRedirect(found.moved_to.get_absolute_url())
    if found.gone is not None:
        return render(
            request, "epidemiology/gone.html", {"version": found.gone}, status=410
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
            "table_html": version.table_html_in(language),
            "chart_html": version.chart_svg_in(language),
        },
    )


# Downloads are not page-cached: the cache keeps the body and content type but
# not the Content-Disposition that names the file. They are one small query.
def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(_BOM + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def dataset_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The published numbers: the incidence table, or the site table if the
    dataset has no incidence rows."""
    version = selectors.published_csv(slug=slug)
    if version is None or not (version.incidence_csv or version.sites_csv):
        raise Http404("No published dataset with this address.")
    return _csv(version.incidence_csv or version.sites_csv, f"{slug}.csv")


@require_safe
def sites_csv(request: HttpRequest, slug: str) -> HttpResponse:
    version = selectors.published_csv(slug=slug)
    if version is None or not version.sites_csv:
        raise Http404("No published site distribution with this address.")
    return _csv(version.sites_csv, f"{slug}-sites.csv")
