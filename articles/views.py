from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from articles import selectors
from articles.models import CancerType


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    language = request.LANGUAGE_CODE
    return render(
        request,
        "articles/home.html",
        {
            "cancer_types": CancerType.objects.all(),
            "recent": selectors.recently_published(language=language),
        },
    )


@require_safe
def cancer_type(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = get_object_or_404(CancerType, slug=slug)
    contents = selectors.cancer_type_contents(
        cancer_type=chosen, language=request.LANGUAGE_CODE
    )
    return render(
        request,
        "articles/cancer_type.html",
        {"cancer_type": chosen, "contents": contents},
    )


@require_safe
def article(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.article_by_slug(language=request.LANGUAGE_CODE, slug=slug)
    if found.moved_to is not None:
        return HttpResponsePermanentRedirect(found.moved_to.get_absolute_url())
    if found.gone is not None:
        return render(
            request, "articles/gone.html", {"version": found.gone}, status=410
        )
    if found.version is None:
        return render(request, "404.html", {"slug": slug}, status=404)
    version = found.version
    return render(
        request,
        "articles/article.html",
        {
            "version": version,
            "cancer_types": version.cancer_types.all(),
            "translation": selectors.translation_of(version),
        },
    )
