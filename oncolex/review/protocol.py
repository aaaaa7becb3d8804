from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from oncolex.review.models import Submission


@runtime_checkable
class Reviewable(Protocol):
    """What a model declares so that its revisions can be reviewed and published.

    The model must be registered with django-reversion: a submission names one
    reversion revision, and publishing turns exactly that revision into the
    model's immutable published record.
    """

    pk: int

    def published_revision_id(self) -> int | None:
        """The reversion revision readers see now, or None if nothing is live."""

    def publish_revision(
        self,
        *,
        submission: Submission,
        approver: AbstractBaseUser,
        approved_at: datetime.datetime,
        note: str,
    ) -> object:
        """Write the published record for `submission.revision`; return it."""

    def render_revision_html(self, revision_id: int) -> tuple[str, list[str]]:
        """One revision as readers would see it, and the problems found in it
        (broken links, missing citations), for the approver's review page."""

    def render_revision_diff(
        self, old_revision_id: int | None, new_revision_id: int
    ) -> str:
        """HTML showing what changed from one revision to another (old may be
        None when nothing is published yet), for the approver."""

    def unpublish(self, *, user: AbstractBaseUser, at: datetime.datetime) -> None:
        """Take the published record off the public site."""
