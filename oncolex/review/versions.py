"""What every published record shares, whatever the reviewed model.

A reviewed model keeps its immutable published records behind the related name
`published_versions`, each with a number, the approved revision and an
`is_current` flag; these helpers are the one place that handles them.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Max, QuerySet
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from oncolex.review.models import Submission


class PublishedVersion(models.Model):
    """The fields every immutable published record has: which approved revision
    it is, its number for readers, whether it is live, and who approved it when.
    Concrete records add a foreign key to their object with the related name
    `published_versions` and what their pages need."""

    number = models.PositiveIntegerField(_("version"))
    revision = models.OneToOneField(
        Revision, on_delete=models.PROTECT, related_name="+"
    )
    submission = models.OneToOneField(
        "oncolex.Submission", on_delete=models.PROTECT, related_name="+"
    )
    is_current = models.BooleanField(default=True)
    unpublished_at = models.DateTimeField(null=True, blank=True)

    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approver_name = models.CharField(max_length=200)
    approved_at = models.DateTimeField()
    change_note = models.TextField(_("what changed"))

    class Meta:
        abstract = True


class PublishedVersionsMixin:
    """The state half of the Reviewable protocol, for a model whose published
    records are `published_versions` with an `is_current` flag."""

    def published_revision_id(self) -> int | None:
        return (
            self.published_versions.filter(is_current=True)
            .values_list("revision_id", flat=True)
            .first()
        )

    def unpublish(self, *, user: AbstractBaseUser, at: datetime.datetime) -> None:
        self.published_versions.filter(is_current=True).update(
            is_current=False, unpublished_at=at
        )


def current_revision_ids(model: type[models.Model], pks: list[int]) -> dict[int, int]:
    """Object id -> the revision readers see now, for many objects of one
    reviewed model in one query (objects with nothing live are absent)."""
    relation = model._meta.get_field("published_versions")
    versions = relation.related_model.objects.filter(
        is_current=True, **{f"{relation.field.name}__in": pks}
    )
    return dict(versions.values_list(relation.field.attname, "revision_id"))


def next_version(
    versions: QuerySet,
    *,
    submission: Submission,
    approver: AbstractBaseUser,
    approved_at: datetime.datetime,
    note: str,
) -> dict[str, Any]:
    """Retire the live version among `versions` (one object's published records)
    and return the fields the next one records: its number, the approved
    revision, who approved it, when, and the change note for readers."""
    last = versions.aggregate(n=Max("number"))["n"] or 0
    versions.filter(is_current=True).update(is_current=False)
    return {
        "number": last + 1,
        "revision": submission.revision,
        "submission": submission,
        "approved_by": approver,
        "approver_name": approver.get_full_name() or approver.get_username(),
        "approved_at": approved_at,
        "change_note": note,
    }
