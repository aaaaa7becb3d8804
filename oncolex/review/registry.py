"""Which models are reviewable, and how each one publishes: a registry in the
manner of `admin.site.register`.

An app makes a model reviewable with one declaration at the end of its
`publishing` module (found by `autodiscover`, as admin modules are):

    review.register(Article, ArticleAdapter())

The adapter knows the model's published records and how to publish, preview,
diff and unpublish one of its revisions; the transitions in `services.py` ask
it, so the model itself carries no review code and never imports its
publishing module back.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from reversion.models import Revision

    from oncolex.review.models import Submission
    from oncolex.review.versions import PublishedVersion


class NotReviewable(LookupError):
    """The model was never registered with the review mechanism."""


class ReviewAdapter:
    """How one model is reviewed. Subclasses name their published model and the
    foreign key from it to the working object, and implement `publish`,
    `preview` and `diff`; `address` when their records have a public URL."""

    #: The immutable published record (a `PublishedVersion` subclass).
    published_model: type[PublishedVersion]
    #: Its foreign key to the working object (related name `published_versions`).
    object_field: str
    #: Read in both languages: the approver may give the change note in Bokmål
    #: too, passed to `publish` as `note_nb`.
    bilingual_change_note: bool = False

    def publish(
        self,
        obj: Any,
        *,
        submission: Submission,
        approver: AbstractBaseUser,
        approved_at: datetime.datetime,
        note: str,
    ) -> PublishedVersion:
        """Write the published record for `submission.revision`; return it."""
        raise NotImplementedError

    def preview(self, obj: Any, revision_id: int) -> tuple[str, list[str]]:
        """One revision as readers would see it, and the problems found in it."""
        raise NotImplementedError

    def diff(self, obj: Any, old_revision_id: int | None, new_revision_id: int) -> str:
        """HTML of what changed between two revisions (old None: all new)."""
        raise NotImplementedError

    def next_review_due(self, obj: Any, revision: Revision) -> datetime.date | None:
        """The next-review date `revision` would publish, if the model has one
        (approval asks for confirmation when it has already passed)."""
        return None

    def source_diff(
        self, obj: Any, old_revision_id: int | None, new_revision_id: int
    ) -> str | None:
        """What the editors wrote (e.g. Markdown), line by line; None when the
        model has no source distinct from what readers see (datasets)."""
        return None

    def preview_url(self, obj: Any, revision_id: int) -> str:
        """Where staff see a revision in the public page, or "" if nowhere."""
        return ""

    def address(self, obj: Any, revision: Revision) -> dict[str, Any] | None:
        """The public address `revision` would be published at, as field values
        of the published model (e.g. language and slug); None if it has none.
        Approval refuses a revision whose address another live record holds."""
        return None

    def unpublish_problem(self, obj: Any) -> str | None:
        """Why `obj` may not be taken off the site now, if anything forbids it
        (e.g. live records that depend on it); None if it may."""
        return None

    # The state half, the same for every model whose published records carry
    # an `is_current` flag.

    def versions(self, obj: Any) -> models.QuerySet:
        return self.published_model.objects.filter(**{self.object_field: obj})

    def published_revision_id(self, obj: Any) -> int | None:
        return (
            self.versions(obj)
            .filter(is_current=True)
            .values_list("revision_id", flat=True)
            .first()
        )

    def unpublish(self, obj: Any, *, at: datetime.datetime) -> None:
        self.versions(obj).filter(is_current=True).update(
            is_current=False, unpublished_at=at
        )


_registry: dict[type[models.Model], ReviewAdapter] = {}


def register(model: type[models.Model], adapter: ReviewAdapter) -> None:
    """Make `model` reviewable (its revisions are django-reversion revisions).

    Deleting one of its objects then withdraws its pending submission in the
    same transaction (see `deletions.py`)."""
    import reversion

    from oncolex.review import deletions
    from oncolex.review.versions import PublishedVersion

    # Fail at start-up, not at the first approval.
    if not reversion.is_registered(model):
        raise ImproperlyConfigured(
            f"{model.__name__} must be registered with django-reversion to be "
            "reviewed: a submission names one of its revisions."
        )
    published = getattr(adapter, "published_model", None)
    if not (isinstance(published, type) and issubclass(published, PublishedVersion)):
        raise ImproperlyConfigured(
            f"{type(adapter).__name__}.published_model must be a PublishedVersion."
        )
    _registry[model] = adapter
    deletions.watch(model)


def unregister(model: type[models.Model]) -> None:
    from oncolex.review import deletions

    _registry.pop(model, None)
    deletions.unwatch(model)


def is_registered(model: type[models.Model]) -> bool:
    return model in _registry


def adapter_for(obj_or_model: models.Model | type[models.Model]) -> ReviewAdapter:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    model = model._meta.concrete_model or model
    try:
        return _registry[model]
    except KeyError:
        raise NotReviewable(f"{model.__name__} is not registered for review.") from None


def registered_models() -> list[type[models.Model]]:
    return list(_registry)


def autodiscover() -> None:
    """Import every installed app's `publishing` module, where registrations live."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("publishing")
