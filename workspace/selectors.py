"""Reads for each person's dashboard on the admin index and the counts in the
admin header. Every read is a fixed number of queries however many articles,
submissions or links there are; rules are asked of the services that own them
(the four-eyes rule of oncolex.review.services, `PublishedArticle.is_behind`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models import (
    CharField,
    Count,
    Exists,
    Model,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Cast
from reversion.models import Version

from articles.models import Article, PublishedArticle, PublishedLink
from oncolex import dates
from oncolex.review import services
from oncolex.review.models import Submission, SubmissionState
from workspace.models import DraftCheck

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

DUE_SOON_DAYS = 30
LIST_LIMIT = 50


@dataclass
class ReviewItem:
    submission: Submission
    refusal: str = ""


@dataclass
class Draft:
    obj: Model
    saved_at: datetime.datetime
    published: bool


@dataclass
class BrokenLink:
    version: PublishedArticle
    target: str
    gone: bool  # the page is gone (else: only the section is)


@dataclass
class Dashboard:
    may_approve: bool
    awaiting: list[ReviewItem] = field(default_factory=list)
    awaiting_others: list[ReviewItem] = field(default_factory=list)
    awaiting_total: int = 0
    drafts: list[Draft] = field(default_factory=list)
    drafts_total: int = 0
    submissions: list[Submission] = field(default_factory=list)
    overdue: list[Article] = field(default_factory=list)
    due_soon: list[Article] = field(default_factory=list)
    due_total: int = 0
    broken_links: list[BrokenLink] = field(default_factory=list)
    draft_problems: list[DraftCheck] = field(default_factory=list)
    behind: list[tuple[PublishedArticle, PublishedArticle]] = field(
        default_factory=list
    )
    recent: list[PublishedArticle] = field(default_factory=list)


def reviewed_models() -> list[type[Model]]:
    """Models whose revisions go through review (they keep published records)."""
    return [
        m
        for m in apps.get_models()
        if hasattr(m, "publish_revision")
        and hasattr(m, "published_versions")
        and not m._meta.proxy
    ]


def _pending_for(user: AbstractBaseUser) -> tuple[list[ReviewItem], list[ReviewItem]]:
    """Pending submissions, oldest first: those `user` may decide, and those
    the four-eyes rule leaves to another approver (with the reason)."""
    pending = list(
        Submission.objects.pending()
        .select_related("submitted_by")
        .prefetch_related("content_object")
        .order_by("submitted_at", "pk")
    )
    refusals = services.four_eyes_refusals(submissions=pending, user=user)
    mine = [ReviewItem(s) for s in pending if s.pk not in refusals]
    others = [ReviewItem(s, refusals[s.pk]) for s in pending if s.pk in refusals]
    return mine, others


def _drafts_of(
    user: AbstractBaseUser, model: type[Model], *, count_only: bool = False
) -> list[Draft]:
    """Objects of `model` that `user` changed since the published version and
    whose latest saved revision is not published, not waiting for review and
    not already turned down (a rejected revision shows under submissions)."""
    content_type = ContentType.objects.get_for_model(model)
    # db too, so that reversion's unique index (db, content type, object id,
    # revision) serves the lookup.
    versions = Version.objects.filter(
        db=router.db_for_write(model),
        content_type=content_type,
        object_id=Cast(OuterRef("pk"), CharField()),
    ).order_by("-revision_id")
    relation = model._meta.get_field("published_versions")
    published = relation.related_model.objects.filter(
        **{relation.field.name: OuterRef("pk")}, is_current=True
    )
    submitted = Submission.objects.filter(
        content_type=content_type,
        object_id=OuterRef("pk"),
        state__in=[SubmissionState.PENDING, SubmissionState.REJECTED],
    ).order_by("-revision_id")
    rows = (
        model.objects.annotate(
            latest_revision=Subquery(versions.values("revision_id")[:1]),
            saved_at=Subquery(versions.values("revision__date_created")[:1]),
            my_revision=Subquery(
                versions.filter(revision__user=user).values("revision_id")[:1]
            ),
            live_revision=Subquery(published.values("revision_id")[:1]),
            submitted_revision=Subquery(submitted.values("revision_id")[:1]),
        )
        .filter(my_revision__isnull=False)
        .order_by("-saved_at")
    )
    if count_only:
        rows = rows.only("pk")
    return [
        Draft(obj=row, saved_at=row.saved_at, published=row.live_revision is not None)
        for row in rows
        if row.my_revision > (row.live_revision or 0)
        and row.latest_revision not in (row.live_revision, row.submitted_revision)
    ]


def _own_submissions(user: AbstractBaseUser) -> list[Submission]:
    return list(
        Submission.objects.filter(submitted_by=user)
        .select_related("decided_by")
        .prefetch_related("content_object")
        .annotate(
            comment_count=Count("section_comments"),
            open_comment_count=Count(
                "section_comments",
                filter=Q(section_comments__resolved_at__isnull=True),
            ),
        )
        .order_by("-submitted_at", "-pk")[:20]
    )


def _reviews_due(
    user: AbstractBaseUser, today: datetime.date
) -> tuple[list[Article], list[Article], int]:
    """Articles whose review is overdue or due within 30 days, the user's own
    (as medical editor) first, then by date; and how many there are."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    mine = Article.medical_editors.through.objects.filter(
        article_id=OuterRef("pk"), user_id=user.pk
    )
    due = Article.objects.filter(next_review_due__lte=soon)
    total = due.count()
    rows = list(
        due.annotate(is_mine=Exists(mine))
        .prefetch_related("medical_editors")
        .order_by("-is_mine", "next_review_due", "title")[:LIST_LIMIT]
    )
    overdue = [a for a in rows if dates.review_overdue(a.next_review_due)]
    due_soon = [a for a in rows if not dates.review_overdue(a.next_review_due)]
    return overdue, due_soon, total


def broken_links() -> list[BrokenLink]:
    """Links in live articles that lead nowhere now (readers see plain text):
    the target page is not live in that language, or its section is gone."""
    target = PublishedArticle.objects.current().filter(
        slug=OuterRef("target_slug"), language=OuterRef("version__language")
    )
    links = (
        PublishedLink.objects.filter(version__is_current=True)
        .annotate(
            target_live=Exists(target),
            target_anchors=Subquery(target.values("anchors")[:1]),
        )
        .filter(Q(target_live=False) | ~Q(target_anchor=""))
        .select_related("version")
        .only(
            "target_slug",
            "target_anchor",
            "version__article_id",
            "version__title",
            "version__language",
        )
        .order_by("version__title", "target_slug", "target_anchor")
    )
    found = []
    for link in links:
        anchors = link.target_anchors or []
        if link.target_live and link.target_anchor in anchors:
            continue
        found.append(
            BrokenLink(
                version=link.version,
                target=f"{link.target_slug}#{link.target_anchor}".rstrip("#"),
                gone=not link.target_live,
            )
        )
    return found


def draft_problems() -> list[DraftCheck]:
    """Drafts whose last save in the admin found broken links or citations,
    the most recently checked first."""
    return list(
        DraftCheck.objects.exclude(problems=[])
        .select_related("article", "checked_by")
        .order_by("-checked_at")[:LIST_LIMIT]
    )


def translations_behind() -> list[tuple[PublishedArticle, PublishedArticle]]:
    """Live articles whose live twin in the other language was revised after
    they were approved (the rule is `PublishedArticle.is_behind`)."""
    live = list(
        PublishedArticle.objects.current()
        .only(
            "article_id",
            "translation_article_id",
            "language",
            "title",
            "number",
            "approved_at",
            "translation_number_at_approval",
        )
        .order_by("title")
    )
    by_article = {v.article_id: v for v in live}
    # The twin link may be set on either side of the pair.
    pointing_at = {v.translation_article_id: v for v in live}
    behind = []
    for version in live:
        twin = by_article.get(version.translation_article_id or 0)
        if twin is None or twin.language == version.language:
            twin = pointing_at.get(version.article_id)
        if (
            twin is not None
            and twin.language != version.language
            and version.is_behind(twin)
        ):
            behind.append((version, twin))
    return behind


def recently_published(limit: int = 10) -> list[PublishedArticle]:
    return list(
        PublishedArticle.objects.current()
        .select_related("approved_by")
        .only(
            "article_id",
            "title",
            "language",
            "number",
            "approved_at",
            "approver_name",
            "approved_by__first_name",
            "approved_by__last_name",
            "approved_by__username",
        )
        .order_by("-approved_at")[:limit]
    )


def dashboard(user: AbstractBaseUser, *, today: datetime.date) -> Dashboard:
    """Everything the admin index tells `user` to do next."""
    may_approve = user.has_perm(services.APPROVE_PERMISSION)
    board = Dashboard(may_approve=may_approve)
    if may_approve:
        awaiting, others = _pending_for(user)
        # Long lists are cut; the totals say how many there are.
        board.awaiting_total = len(awaiting)
        board.awaiting, board.awaiting_others = awaiting[:LIST_LIMIT], others[:20]
    if user.has_perm("oncolex.add_submission"):
        for model in reviewed_models():
            board.drafts.extend(_drafts_of(user, model))
        board.drafts.sort(key=lambda d: d.saved_at, reverse=True)
        board.drafts_total = len(board.drafts)
        board.drafts = board.drafts[:LIST_LIMIT]
        board.submissions = _own_submissions(user)
    board.overdue, board.due_soon, board.due_total = _reviews_due(user, today)
    board.broken_links = broken_links()
    board.draft_problems = draft_problems()
    board.behind = translations_behind()
    board.recent = recently_published()
    return board


@dataclass
class Counts:
    awaiting: int = 0
    drafts: int = 0
    overdue: int = 0


def header_counts(user: AbstractBaseUser, *, today: datetime.date) -> Counts:
    """The numbers in the admin header on every page: what waits for this
    person's review, their unsubmitted drafts, and their overdue reviews."""
    counts = Counts()
    if user.has_perm(services.APPROVE_PERMISSION):
        pending = list(
            Submission.objects.pending().only(
                "content_type_id", "object_id", "revision_id", "submitted_by_id"
            )
        )
        refusals = services.four_eyes_refusals(submissions=pending, user=user)
        counts.awaiting = len(pending) - len(refusals)
    if user.has_perm("oncolex.add_submission"):
        counts.drafts = sum(
            len(_drafts_of(user, m, count_only=True)) for m in reviewed_models()
        )
    # dates.review_overdue in SQL: overdue from the day after the due date.
    counts.overdue = Article.objects.filter(
        medical_editors=user, next_review_due__lt=today
    ).count()
    return counts
