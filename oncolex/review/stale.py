"""Saving from a stale form: the one rule, for every reviewed model's form.

An editor's form carries the revision it was opened at. The save is refused
when someone saved a newer revision since. Two saves of the same stale form
that arrive together must not both pass, so the check locks the object's row
first: the second save waits until the first has committed its revision, then
sees it. The admin validates and saves inside one transaction (reversion's
`create_revision` opens it), so the lock lasts until the revision is written.
"""

from __future__ import annotations

from django.db import models, router, transaction
from reversion.models import Revision

from oncolex.review.services import latest_revision_id


def revision_saved_since(obj: models.Model, based_on: int | None) -> Revision | None:
    """The revision someone saved after `based_on`, or None if there is none."""
    if obj.pk is None:
        return None
    model = type(obj)
    if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        # Held until the caller's transaction ends (a no-op on SQLite, whose
        # writers are serialised by the database lock anyway).
        list(
            model._default_manager.select_for_update()
            .filter(pk=obj.pk)
            .values_list("pk", flat=True)
        )
    latest = latest_revision_id(obj)
    if latest is None or latest == based_on:
        return None
    return Revision.objects.select_related("user").get(pk=latest)
