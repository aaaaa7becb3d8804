from __future__ import annotations

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from articles import selectors
from articles.diffs import compare_sides, dataset_labels, published_side
from articles.models import PublishedArticle
from articles.search import parse_page
from articles.search import search as full_text_search
from articles.search.codes import articles_by_code
from articles.search.forms import CodeForm, ProcedureFilterForm, SearchForm
from articles.search.procedures import procedures_by_letter
from oncolex import dates
from oncolex.page_cache import cache_public_page
from pages.store import stored_page, valid_through


@require_safe
@stored_page
@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    language = request.LANGUAGE_CODE
    return render(
        request,
        "articles/home.html",
        {
            "cancer_types": selectors.cancer_type_menu(),
            "recent": selectors.recently_published(language=language),
        },
    )


@require_safe
@stored_page
@cache_public_page
def cancer_type(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.cancer_type_by_slug(slug=slug)
    if found.moved_to is not None:
        return HttpResponsePermanentRedirect(found.moved_to.get_absolute_url())
    if found.version is None:
        raise Http404(_("There is no cancer type at this address."))
    chosen = found.version
    contents = selectors.cancer_type_contents(
        cancer_type=chosen, language=request.LANGUAGE_CODE
    )
    return render(
        request,
        "articles/cancer_type.html",
        {"cancer_type": chosen, "contents": contents},
    )


class _NotLive(Exception):
    """The address has no live article; carries the response to send instead."""

    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def _live_version(
    request: HttpRequest,
    slug: str,
    *,
    url_name: str,
    full: bool = False,
    url_kwargs: dict[str, object] | None = None,
) -> PublishedArticle:
    """The live version at `slug`, or the redirect / 410 / 404 a reader gets."""
    found = selectors.article_by_slug(
        language=request.LANGUAGE_CODE, slug=slug, full=full
    )
    if found.moved_to is not None:
        kwargs = {"slug": found.moved_to.slug, **(url_kwargs or {})}
        target = reverse(url_name, kwargs=kwargs)
        query = request.META.get("QUERY_STRING")
        raise _NotLive(
            HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
        )
    if found.gone is not None:
        raise _NotLive(
            render(request, "articles/gone.html", {"version": found.gone}, status=410)
        )
    if found.version is None:
        raise _NotLive(render(request, "404.html", {"slug": slug}, status=404))
    return found.version


@require_safe
@stored_page
@cache_public_page
def article(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        version = _live_version(request, slug, url_name="articles:article", full=True)
    except _NotLive as not_live:
        return not_live.response
    neighbours = selectors.neighbours_of(version)
    overdue = dates.review_overdue(version.next_review_due)
    page = render(
        request,
        "articles/article.html",
        {
            "version": version,
            "article_html": neighbours.article_html,
            "translation": neighbours.translation,
            "behind": version.is_behind(neighbours.translation),
            "overdue_since": version.next_review_due if overdue else None,
        },
    )
    # The page changes with the date once only: the day after the review date.
    return valid_through(page, None if overdue else version.next_review_due)


@require_safe
@cache_public_page
def history(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        current = _live_version(request, slug, url_name="articles:history")
    except _NotLive as not_live:
        return not_live.response
    versions = selectors.versions_of(current)
    return render(
        request,
        "articles/history.html",
        {"current": current, "versions": versions},
    )


@require_safe
@cache_public_page
def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    try:
        current = _live_version(
            request, slug, url_name="articles:version", url_kwargs={"number": number}
        )
    except _NotLive as not_live:
        return not_live.response
    version = selectors.version_number(current, number)
    if version is None:
        raise Http404(_("This article has no published version %(n)s.") % {"n": number})
    return render(
        request,
        "articles/version.html",
        {
            "version": version,
            "current": current,
            "archived": True,
            "article_html": selectors.neighbours_of(version).article_html,
        },
    )


def _bad_compare(
    request: HttpRequest, current: PublishedArticle, reason: str
) -> HttpResponse:
    return render(
        request,
        "articles/compare_error.html",
        {"current": current, "reason": reason},
        status=400,
    )


@require_safe
@cache_public_page(params=["from", "to"])
def compare(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        current = _live_version(request, slug, url_name="articles:compare")
    except _NotLive as not_live:
        return not_live.response
    try:
        first = int(request.GET.get("from", ""))
        second = int(request.GET.get("to", ""))
    except ValueError:
        return _bad_compare(
            request,
            current,
            _("Give two version numbers, e.g. ?from=1&to=%(n)s.")
            % {"n": current.number},
        )
    in_range = all(1 <= n <= current.number for n in (first, second))
    versions = selectors.two_versions(current, first, second) if in_range else {}
    missing = [n for n in (first, second) if n not in versions]
    if missing:
        return _bad_compare(
            request,
            current,
            _("Choose two versions between 1 and %(n)s.") % {"n": current.number},
        )
    older, newer = versions[min(first, second)], versions[max(first, second)]
    diff = None
    if older.number != newer.number:
        language = current.language
        diff = compare_sides(
            published_side(older, older.approved_cancer_types()),
            published_side(newer, newer.approved_cancer_types()),
            labels_for=lambda ids: dataset_labels(ids, language=language),
        )
    return render(
        request,
        "articles/compare.html",
        {"current": current, "older": older, "newer": newer, "diff": diff},
    )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Every answer is a page: bad filters are named and ignored, a page past
    the end says so. Not cached: each query would be a cache entry of its own."""
    language = request.LANGUAGE_CODE
    form = SearchForm(
        request.GET, cancer_types=selectors.cancer_type_menu(), language=language
    )
    results = full_text_search(
        language=language,
        query=form.value("q") or "",
        cancer_type=form.cancer_type,
        kind=form.value("kind"),
        page=parse_page(request.GET.get("page")),
    )
    return render(request, "articles/search.html", {"form": form, "results": results})


@require_safe
def codes(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.GET)
    found = None
    if form.prefix:
        found = articles_by_code(
            language=request.LANGUAGE_CODE,
            prefix=form.prefix,
            page=parse_page(request.GET.get("page")),
        )
    return render(request, "articles/codes.html", {"form": form, "found": found})


@require_safe
@cache_public_page(params=["type", "cancer_type"])
def procedures(request: HttpRequest) -> HttpResponse:
    language = request.LANGUAGE_CODE
    form = ProcedureFilterForm(
        request.GET, cancer_types=selectors.cancer_type_menu(), language=language
    )
    letters = procedures_by_letter(
        language=language,
        procedure_type=form.value("type"),
        cancer_type=form.cancer_type,
    )
    return render(
        request, "articles/procedures.html", {"form": form, "letters": letters}
    )


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Result pages of arbitrary queries are not content worth crawling.
        *(f"Disallow: /{code}/search/" for code, _name in settings.LANGUAGES),
        # Answers to EHRs' code lookups: the articles themselves are listed.
        "Disallow: /infobutton",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
