"""Cancer types are reviewed like articles: an editor's rename, re-slug or new
ICD-10 codes reach readers only as an approved `PublishedCancerType`.

The adapter is registered in `articles/publishing.py`. This module also holds
the one rule about deleting a cancer type.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from reversion.models import Revision

from articles.models import (
    CancerType,
    PublishedArticle,
    PublishedCancerType,
)
from oncolex.review import registry
from oncolex.review.versions import next_version

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from oncolex.review.models import Submission

# What an approver is shown, and what readers see, of a cancer type.
FIELDS = ("name_en", "name_nb", "slug", "icd10_codes", "menu_position")


def cancer_type_fields(revision: Revision, cancer_type_id: int) -> dict[str, Any]:
    """The cancer type as stored in one reversion revision."""
    for version in revision.version_set.select_related("content_type"):
        if (
            version.content_type.model_class() is CancerType
            and int(version.object_id) == cancer_type_id
        ):
            return version.field_dict
    raise ValueError(
        f"Revision {revision.pk} does not hold cancer type {cancer_type_id}."
    )


def publish_cancer_type_revision(
    cancer_type: CancerType,
    *,
    submission: Submission,
    approver: AbstractBaseUser,
    approved_at: datetime.datetime,
    note: str,
) -> PublishedCancerType:
    """Steps: read the submitted revision; retire the live version; write n+1."""
    data = cancer_type_fields(submission.revision, cancer_type.pk)
    return PublishedCancerType.objects.create(
        cancer_type=cancer_type,
        **next_version(
            PublishedCancerType.objects.filter(cancer_type=cancer_type),
            submission=submission,
            approver=approver,
            approved_at=approved_at,
            note=note,
        ),
        **{name: data[name] for name in FIELDS},
    )


def preview_cancer_type(
    cancer_type: CancerType, revision_id: int
) -> tuple[SafeString, list[str]]:
    data = cancer_type_fields(Revision.objects.get(pk=revision_id), cancer_type.pk)
    html = render_to_string("articles/_cancer_type_review.html", {"fields": data})
    return mark_safe(html), []


def cancer_type_diff(
    cancer_type: CancerType, old_revision_id: int | None, new_revision_id: int
) -> SafeString:
    new = cancer_type_fields(Revision.objects.get(pk=new_revision_id), cancer_type.pk)
    old = (
        cancer_type_fields(Revision.objects.get(pk=old_revision_id), cancer_type.pk)
        if old_revision_id
        else {}
    )
    changes = [
        (name, old.get(name, ""), new.get(name, ""))
        for name in FIELDS
        if old.get(name) != new.get(name)
    ]
    html = render_to_string(
        "articles/_cancer_type_diff.html",
        {"changes": changes, "has_published": bool(old)},
    )
    return mark_safe(html)


class CancerTypeAdapter(registry.ReviewAdapter):
    published_model = PublishedCancerType
    object_field = "cancer_type"

    def publish(
        self,
        obj: CancerType,
        *,
        submission: Submission,
        approver: AbstractBaseUser,
        approved_at: datetime.datetime,
        note: str,
    ) -> PublishedCancerType:
        return publish_cancer_type_revision(
            obj,
            submission=submission,
            approver=approver,
            approved_at=approved_at,
            note=note,
        )

    def preview(self, obj: CancerType, revision_id: int) -> tuple[str, list[str]]:
        return preview_cancer_type(obj, revision_id)

    def diff(
        self, obj: CancerType, old_revision_id: int | None, new_revision_id: int
    ) -> str:
        return cancer_type_diff(obj, old_revision_id, new_revision_id)

    def address(self, obj: CancerType, revision: Revision) -> dict[str, str]:
        return {"slug": cancer_type_fields(revision, obj.pk)["slug"]}

    def unpublish_problem(self, obj: CancerType) -> str | None:
        # Live articles link to the cancer type's page from their breadcrumbs.
        live = live_articles_of(obj)
        if not live:
            return None
        return _(
            "The cancer type “%(name)s” cannot be unpublished: %(count)d live "
            "article(s) belong to it (%(titles)s). Move or unpublish them first."
        ) % {
            "name": obj,
            "count": len(live),
            "titles": ", ".join(str(v) for v in live[:5]),
        }


CANCER_TYPES = CancerTypeAdapter()


def live_articles_of(cancer_type: CancerType) -> list[PublishedArticle]:
    """The live published articles that belong to `cancer_type`."""
    return list(
        PublishedArticle.objects.current()
        .in_cancer_types([cancer_type.pk])
        .only("title", "language", "slug", "number")
        .order_by("language", "title")
    )


def check_deletable(cancer_type: CancerType) -> None:
    """A cancer type with live articles cannot be deleted: their pages, menus
    and search filters lead to it."""
    live = live_articles_of(cancer_type)
    if live:
        raise ProtectedError(
            _(
                "The cancer type “%(name)s” cannot be deleted: %(count)d live "
                "article(s) belong to it (%(titles)s). Move or unpublish them first."
            )
            % {
                "name": cancer_type,
                "count": len(live),
                "titles": ", ".join(str(v) for v in live[:5]),
            },
            set(live),
        )


def refuse_deleting_a_cancer_type_in_use(
    sender: type[CancerType], instance: CancerType, **kwargs: Any
) -> None:
    """pre_delete: every way of deleting (admin, shell, queryset) meets the rule."""
    check_deletable(instance)
