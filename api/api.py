"""The read-only JSON API of published records, /api/v1/, built with
django-ninja (typed schemas, validation of every parameter, and the OpenAPI
document at /api/v1/openapi.json, generated from the same code).

Every answer is built from published records through the apps' selectors, is
the same for every client, and is therefore stored by the public page cache
and dropped when something is published (oncolex/page_cache.py). ETag,
conditional GET, CORS and the rate limit are the edge's (api/edge.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.pagination import PageNumberPagination
from pydantic import Field

# A client reads at most this many records per request; more is paging.
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Beyond this, OFFSET stops being a sensible request (as in the search).
MAX_PAGE = 1000
# Every query parameter an operation reads (filters, paging, language).
QUERY_PARAMETERS = frozenset(
    ["language", "kind", "type", "cancer_type", "page", "page_size"]
)


class PublicApi(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        # Built from published records only, the same for every client; the
        # page cache stores it when the query holds only these parameters.
        response.public_page_params = QUERY_PARAMETERS
        return response


class BoundedPages(PageNumberPagination):
    """?page=&page_size=, both bounded, so no request can ask for the whole
    table or an offset the database refuses."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs
        )


class Converted:
    """A queryset the paginator counts and slices as usual, each row of the
    page converted to its answer (`convert(request, row)`) only then."""

    def __init__(
        self,
        request: HttpRequest,
        queryset: QuerySet,
        convert: Callable[[HttpRequest, Any], dict],
    ) -> None:
        self.request = request
        self.queryset = queryset
        self.convert = convert

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, page: slice) -> list[dict]:
        return [self.convert(self.request, row) for row in self.queryset[page]]


api = PublicApi(
    title="Oncolex API",
    version="1",
    description=(
        "Read-only: published articles (sections, references, codes, trust "
        "line), their version history, cancer types, procedures, and "
        "epidemiology datasets with their numbers and provenance. Drafts and "
        "unapproved revisions are never served."
    ),
    urls_namespace="api",
    # The interactive docs page loads scripts from a CDN; public pages carry
    # none. The OpenAPI document is all an integrator's tools need.
    docs_url=None,
)
