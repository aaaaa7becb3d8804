"""Requesting changes: an approver's comments on sections of a submission,
and the editor marking them resolved. Both are recorded in the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from articles.snapshots import ArticleSnapshot
from oncolex.review import services
from oncolex.review.models import AuditAction, Submission
from workspace.models import SectionComment

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def submitted_sections(submission: Submission) -> list[tuple[str, str]]:
    """(anchor, heading) of each section of the submitted revision, in order;
    none for reviewed models without sections."""
    obj = submission.content_object
    if not isinstance(obj, Article):
        return []
    snapshot = ArticleSnapshot.from_revision(submission.revision, obj.pk)
    return [(s["anchor"], s["heading"]) for s in snapshot.sections]


def request_changes(
    *,
    submission: Submission,
    user: AbstractBaseUser,
    reason: str,
    comments: dict[str, str],
) -> list[SectionComment]:
    """Send a submission back with comments on some of its sections.

    Steps: keep the non-empty comments and refuse anchors the submitted
    revision does not have (a forged form) or no comment at all; reject the
    submission through the review services (permission, state and four-eyes
    checks are theirs); store each comment and record it in the audit trail.
    """
    headings = dict(submitted_sections(submission))
    wanted = {a: c.strip() for a, c in comments.items() if c and c.strip()}
    unknown = set(wanted) - set(headings)
    if unknown:
        raise ValidationError(
            _("The submitted revision has no section %(anchors)s.")
            % {"anchors": ", ".join(sorted(unknown))},
            code="unknown_section",
        )
    if not wanted:
        raise ValidationError(
            _("Comment on at least one section, or reject the submission instead."),
            code="no_comments",
        )
    with transaction.atomic():
        services.reject(submission=submission, user=user, reason=reason)
        now = timezone.now()
        created = []
        for anchor, heading in headings.items():
            if anchor not in wanted:
                continue
            created.append(
                SectionComment.objects.create(
                    submission=submission,
                    anchor=anchor,
                    heading=heading,
                    body=wanted[anchor],
                    author=user,
                    created_at=now,
                )
            )
            services.record_event(
                obj=submission.content_object,
                action=AuditAction.COMMENT,
                user=user,
                comment=f"{heading}: {wanted[anchor]}",
                submission=submission,
            )
    return created


def resolve(
    *, obj: Any, user: AbstractBaseUser, comment_ids: list[int]
) -> list[SectionComment]:
    """Mark comments on `obj`'s submissions resolved (ids of other objects' or
    already resolved comments are ignored, so a forged form changes nothing)."""
    with transaction.atomic():
        comments = list(
            SectionComment.objects.for_object(obj)
            .unresolved()
            .filter(pk__in=comment_ids)
            .select_for_update()
        )
        now = timezone.now()
        for comment in comments:
            comment.resolved_by = user
            comment.resolved_at = now
            comment.save(update_fields=["resolved_by", "resolved_at"])
            services.record_event(
                obj=obj,
                action=AuditAction.RESOLVE,
                user=user,
                comment=f"{comment.heading}: {comment.body}",
                submission=comment.submission,
            )
    return comments


def comments_for_editor(obj: Any) -> dict[str, list[SectionComment]]:
    """What the change form shows beside each section: every unresolved
    comment, and the resolved ones of the latest round of comments."""
    comments = list(
        SectionComment.objects.for_object(obj).select_related(
            "author", "resolved_by", "submission"
        )
    )
    latest_round = max((c.submission_id for c in comments), default=None)
    by_anchor: dict[str, list[SectionComment]] = {}
    for comment in comments:
        if comment.is_resolved and comment.submission_id != latest_round:
            continue
        by_anchor.setdefault(comment.anchor, []).append(comment)
    return by_anchor


def comments_up_to(submission: Submission) -> list[SectionComment]:
    """Comments made on this submission and the earlier ones of the same
    object, for its review page: what was asked, and whether the editor
    resolved it."""
    return list(
        SectionComment.objects.filter(
            submission__content_type_id=submission.content_type_id,
            submission__object_id=submission.object_id,
            submission__submitted_at__lte=submission.submitted_at,
        )
        .select_related("author", "resolved_by", "submission")
        .order_by("-submission__submitted_at", "pk")
    )
