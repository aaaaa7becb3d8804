from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision


class SubmissionState(models.TextChoices):
    PENDING = "pending", _("pending review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class SubmissionQuerySet(models.QuerySet):
    def pending(self) -> SubmissionQuerySet:
        return self.filter(state=SubmissionState.PENDING)

    def for_object(self, obj: models.Model) -> SubmissionQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )


class Submission(models.Model):
    """One reversion revision of one object, put forward for an approver."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    revision = models.ForeignKey(
        Revision, on_delete=models.PROTECT, related_name="submissions"
    )
    state = models.CharField(
        max_length=16, choices=SubmissionState, default=SubmissionState.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    submit_comment = models.TextField(_("comment for the approver"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["content_type", "object_id", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(state="pending"),
                name="one_pending_submission_per_object",
            ),
        ]
        permissions = [
            ("approve_submission", "Can approve or reject a submitted revision"),
            ("unpublish_content", "Can unpublish published content"),
        ]

    def __str__(self) -> str:
        return f"{self.content_object} (revision {self.revision_id}, {self.state})"

    @property
    def is_pending(self) -> bool:
        return self.state == SubmissionState.PENDING


class AuditAction(models.TextChoices):
    SUBMIT = "submit", _("submitted")
    APPROVE = "approve", _("approved")
    REJECT = "reject", _("rejected")
    WITHDRAW = "withdraw", _("withdrawn")
    UNPUBLISH = "unpublish", _("unpublished")
    COMMENT = "comment", _("commented on a section")
    RESOLVE = "resolve", _("resolved a comment")


class AuditEvent(models.Model):
    """An append-only record of every review transition."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    action = models.CharField(max_length=16, choices=AuditAction)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    at = models.DateTimeField()
    comment = models.TextField(blank=True)
    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.get_action_display()} {self.content_object} at {self.at:%Y-%m-%d}"
        )
