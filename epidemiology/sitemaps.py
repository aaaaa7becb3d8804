"""Dataset pages for /sitemap.xml: live versions only, in both languages (a
dataset has one slug for both)."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap

from epidemiology.models import PublishedDataset


class DatasetSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[PublishedDataset]:
        return list(
            PublishedDataset.objects.current()
            .only("slug", "approved_at")
            .order_by("slug")
        )

    def lastmod(self, item: PublishedDataset) -> datetime.datetime:
        return item.approved_at
