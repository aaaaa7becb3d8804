from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from oncolex.review.models import Submission


class MailKind(models.TextChoices):
    SUBMITTED = "submitted", _("a revision awaits my review")
    APPROVED = "approved", _("a submission was approved")
    REJECTED = "rejected", _("a submission was rejected")
    CHANGES_REQUESTED = "changes", _("changes were requested")
    WITHDRAWN = "withdrawn", _("a submission was withdrawn")
    DIGEST = "digest", _("weekly digest of reviews due")


class MailLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    BOKMAL = "nb", _("Norwegian Bokmål")


class Profile(models.Model):
    """A person's preferences: the language of their mail, and which kinds of
    mail they want (all of them unless they turn one off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workspace_profile",
    )
    language = models.CharField(
        _("language of my mail"),
        max_length=2,
        choices=MailLanguage,
        default=MailLanguage.ENGLISH,
    )
    mail_submitted = models.BooleanField(
        _("mail me when a revision awaits my review"), default=True
    )
    mail_approved = models.BooleanField(
        _("mail me when a submission I follow is approved"), default=True
    )
    mail_rejected = models.BooleanField(
        _("mail me when a submission I follow is rejected"), default=True
    )
    mail_changes = models.BooleanField(
        _("mail me when changes are requested on a submission I follow"),
        default=True,
    )
    mail_withdrawn = models.BooleanField(
        _("mail me when a submission I follow is withdrawn"), default=True
    )
    mail_digest = models.BooleanField(
        _("mail me a weekly digest of the reviews due on my articles"), default=True
    )

    class Meta:
        verbose_name = _("profile")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def wants(self, kind: str) -> bool:
        return getattr(self, _OPT_IN_FIELD[kind])


_OPT_IN_FIELD = {
    MailKind.SUBMITTED: "mail_submitted",
    MailKind.APPROVED: "mail_approved",
    MailKind.REJECTED: "mail_rejected",
    MailKind.CHANGES_REQUESTED: "mail_changes",
    MailKind.WITHDRAWN: "mail_withdrawn",
    MailKind.DIGEST: "mail_digest",
}


class SectionCommentQuerySet(models.QuerySet):
    def unresolved(self) -> SectionCommentQuerySet:
        return self.filter(resolved_at__isnull=True)

    def for_object(self, obj: models.Model) -> SectionCommentQuerySet:
        return self.filter(
            submission__in=Submission.objects.for_object(obj).values("pk")
        )


class SectionComment(models.Model):
    """An approver's comment on one section of a submitted revision, which the
    editor sees beside that section and marks resolved."""

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="section_comments"
    )
    anchor = models.SlugField(max_length=80)
    # The heading as submitted: the section may be renamed or removed later.
    heading = models.CharField(max_length=200)
    body = models.TextField(_("comment"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = SectionCommentQuerySet.as_manager()

    class Meta:
        ordering = ["submission", "pk"]
        verbose_name = _("section comment")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved_by__isnull=True, resolved_at__isnull=True)
                | models.Q(resolved_by__isnull=False, resolved_at__isnull=False),
                name="section_comment_resolved_by_whom_and_when",
            )
        ]

    def __str__(self) -> str:
        return f"{self.heading}: {self.body[:60]}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class MailState(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class Mail(models.Model):
    """One mail to one person, written in their language when it was queued.

    The row is the outbox: a send that fails is retried and the row keeps the
    error, so no mail is lost silently (failed ones are listed in the admin).
    """

    kind = models.CharField(max_length=16, choices=MailKind)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    to = models.EmailField()
    language = models.CharField(max_length=2, choices=MailLanguage)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField()
    submission = models.ForeignKey(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=8, choices=MailState, default=MailState.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mail")
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class DraftCheck(models.Model):
    """The problems (broken links, citations pointing at no reference) found in
    an article's working copy when it was last saved in the admin, so the
    dashboard can list them without rendering every draft."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, related_name="+"
    )
    problems = models.JSONField(default=list)
    checked_at = models.DateTimeField()
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("draft check")

    def __str__(self) -> str:
        return f"{self.article_id}: {len(self.problems)} problem(s)"
