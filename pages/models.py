"""Public pages as readers receive them, stored with their compressed forms."""

from __future__ import annotations

from django.db import models


class StoredPage(models.Model):
    """One public page, as the whole stack answered it, for one address.

    Served only while `generation` is the current publication generation
    (oncolex.models.PublicationGeneration), so a page stored before an
    approval or unpublication is never served after it, whoever stored it
    and whenever; and only up to `valid_until` (inclusive), for pages that
    change with the date (an article's "review overdue" notice).
    """

    # scheme://host/path: pages link to themselves with absolute addresses.
    url = models.CharField(max_length=700, unique=True)
    generation = models.PositiveBigIntegerField()
    valid_until = models.DateField(null=True, blank=True)
    status = models.PositiveSmallIntegerField()
    # JSON list of [name, value]: every header but the length and encoding.
    headers = models.TextField()
    etag = models.CharField(max_length=80)
    identity = models.BinaryField()
    gzip = models.BinaryField()
    brotli = models.BinaryField()
    stored_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.url
