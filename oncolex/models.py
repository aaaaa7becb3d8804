from __future__ import annotations

from django.db import models

from oncolex.review.models import AuditAction, AuditEvent, Submission, SubmissionState

__all__ = [
    "AuditAction",
    "AuditEvent",
    "PublicationGeneration",
    "Submission",
    "SubmissionState",
]


class PublicationGeneration(models.Model):
    """How many times published content has changed: one row, bumped in the
    same transaction as every approval and unpublication.

    The page cache follows this number (oncolex/page_cache.py), so it is kept
    where the approval itself is kept: an approval made while Redis is down
    still moves it, and Redis learns it when it comes back.
    """

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1), name="publication_generation_one_row"
            )
        ]

    def __str__(self) -> str:
        return str(self.value)
