"""/sitemap.xml: every live article in both languages, and the pages that list them.

An article and its translation are two published records with their own slugs,
so Django's `i18n` sitemaps (one item, one URL per language) do not fit
articles: ArticleSitemap pairs the twins itself and lists each as the other's
`hreflang` alternate. Only current versions are listed: a draft, a pending or a
rejected revision, or an unpublished article, has no address to give.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation

from articles.models import PublishedArticle, PublishedCancerType
from epidemiology.sitemaps import DatasetSitemap

# What x-default points at when an article exists in both languages.
DEFAULT_LANGUAGE = "en"


class ArticleSitemap(Sitemap):
    """One query: the current versions, with just what addresses need."""

    def items(self) -> list[PublishedArticle]:
        if not hasattr(self, "_versions"):
            self._versions = list(
                PublishedArticle.objects.current()
                .only(
                    "article_id",
                    "translation_article_id",
                    "language",
                    "slug",
                    "approved_at",
                )
                .order_by("language", "slug")
            )
        return self._versions

    def location(self, item: PublishedArticle) -> str:
        return self._prefix(item.language) + f"{item.slug}/"

    def lastmod(self, item: PublishedArticle) -> datetime.datetime:
        return item.approved_at

    def _prefix(self, language: str) -> str:
        # reverse() once per language, not once per article.
        if not hasattr(self, "_prefixes"):
            self._prefixes: dict[str, str] = {}
        if language not in self._prefixes:
            with translation.override(language):
                self._prefixes[language] = reverse(
                    "articles:article", kwargs={"slug": "x"}
                ).removesuffix("x/")
        return self._prefixes[language]

    def twins(self) -> dict[int, PublishedArticle]:
        """Each version's live translation, by version id. The link may be set
        on either side (see selectors.neighbours_of)."""
        by_article = {version.article_id: version for version in self.items()}
        twins: dict[int, PublishedArticle] = {}
        for version in self.items():
            other = by_article.get(version.translation_article_id or 0)
            if other is not None and other.language != version.language:
                twins[version.pk] = other
                twins.setdefault(other.pk, version)
        return twins

    def get_urls(
        self, page: int | str = 1, site: Any = None, protocol: str | None = None
    ) -> list[dict[str, Any]]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        twins = self.twins()
        for url in urls:
            version = url["item"]
            twin = twins.get(version.pk)
            if twin is None:
                continue
            pair = {version.language: version, twin.language: twin}
            url["alternates"] = [
                {"lang_code": lang, "location": origin + self.location(pair[lang])}
                for lang in sorted(pair)
            ]
            if DEFAULT_LANGUAGE in pair:
                url["alternates"].append(
                    {
                        "lang_code": "x-default",
                        "location": origin + self.location(pair[DEFAULT_LANGUAGE]),
                    }
                )
        return urls


class PageSitemap(Sitemap):
    """The pages that lead to articles, in every language. One query."""

    i18n = True
    alternates = True

    def items(self) -> list[str | PublishedCancerType]:
        live = PublishedCancerType.objects.menu().only("slug")
        return ["articles:home", "articles:procedures", *live]

    def location(self, item: str | PublishedCancerType) -> str:
        if isinstance(item, PublishedCancerType):
            return item.get_absolute_url()
        return reverse(item)


SITEMAPS: dict[str, type[Sitemap]] = {
    "articles": ArticleSitemap,
    "datasets": DatasetSitemap,
    "pages": PageSitemap,
}
