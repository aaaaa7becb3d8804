from __future__ import annotations

import reversion
from django.db import models

from oncolex.review.versions import PublishedVersion


@reversion.register()
class Leaflet(models.Model):
    """A patient leaflet: a model no review code knows about."""

    slug = models.SlugField(unique=True)
    text = models.TextField()

    def __str__(self) -> str:
        return self.slug


class PublishedLeaflet(PublishedVersion):
    leaflet = models.ForeignKey(
        Leaflet, on_delete=models.PROTECT, related_name="published_versions"
    )
    slug = models.SlugField()
    text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(is_current=True),
                name="one_live_leaflet_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.slug} v{self.number}"

    def get_absolute_url(self) -> str:
        return f"/leaflets/{self.slug}/"
