"""The leaflet's publishing module: everything the review mechanism needs to
know about it. The test registers it (`registry.register(Leaflet, LEAFLETS)`)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils.html import format_html
from reversion.models import Revision

from oncolex.review import registry
from oncolex.review.versions import next_version
from tests.review_app.models import Leaflet, PublishedLeaflet

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from oncolex.review.models import Submission


def fields(revision: Revision, leaflet_id: int) -> dict[str, Any]:
    return revision.version_set.get(object_id=str(leaflet_id)).field_dict


class LeafletAdapter(registry.ReviewAdapter):
    published_model = PublishedLeaflet
    object_field = "leaflet"

    def publish(
        self,
        obj: Leaflet,
        *,
        submission: Submission,
        approver: AbstractBaseUser,
        approved_at: datetime.datetime,
        note: str,
    ) -> PublishedLeaflet:
        data = fields(submission.revision, obj.pk)
        return PublishedLeaflet.objects.create(
            leaflet=obj,
            **next_version(
                self.versions(obj),
                submission=submission,
                approver=approver,
                approved_at=approved_at,
                note=note,
            ),
            slug=data["slug"],
            text=data["text"],
        )

    def preview(self, obj: Leaflet, revision_id: int) -> tuple[str, list[str]]:
        data = fields(Revision.objects.get(pk=revision_id), obj.pk)
        return format_html("<p>{}</p>", data["text"]), []

    def diff(self, obj: Leaflet, old_revision_id: int | None, new: int) -> str:
        return format_html("<p>revision {} → {}</p>", old_revision_id, new)

    def address(self, obj: Leaflet, revision: Revision) -> dict[str, str]:
        return {"slug": fields(revision, obj.pk)["slug"]}


LEAFLETS = LeafletAdapter()
