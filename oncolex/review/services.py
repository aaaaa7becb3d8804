"""Review transitions. Each checks the current state first, refuses otherwise,
and leaves an audit record. Views, admin actions, commands and tests call these.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from oncolex import dates
from oncolex.page_cache import invalidate_public_pages
from oncolex.review.exceptions import (
    FourEyesViolation,
    InvalidState,
    NotAllowed,
    NothingToSubmit,
    PastReviewDate,
    StaleSubmission,
)
from oncolex.review.models import AuditAction, AuditEvent, Submission, SubmissionState
from oncolex.review.protocol import Reviewable
from oncolex.review.signals import transition_committed
from oncolex.review.versions import current_revision_ids

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

APPROVE_PERMISSION = "oncolex.approve_submission"
UNPUBLISH_PERMISSION = "oncolex.unpublish_content"


def latest_revision_id(obj: models.Model) -> int | None:
    version = Version.objects.get_for_object(obj).only("revision_id").first()
    return version.revision_id if version else None


def four_eyes_refusals(
    *, submissions: Iterable[Submission], user: AbstractBaseUser
) -> dict[int, str]:
    """The four-eyes rule: submission id -> why `user` may not approve it (they
    submitted it, or wrote any of its edits since the published version);
    submissions they may approve are absent.

    Two queries per reviewed model whatever the number of submissions, so a
    dashboard can ask about every pending submission at once.
    """
    refusals: dict[int, str] = {}
    by_type: dict[int, list[Submission]] = defaultdict(list)
    for submission in submissions:
        if submission.submitted_by_id == user.pk:
            refusals[submission.pk] = _(
                "You submitted this revision; another approver must review it."
            )
        else:
            by_type[submission.content_type_id].append(submission)
    for content_type_id, group in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        object_ids = sorted({s.object_id for s in group})
        published = current_revision_ids(model, object_ids)
        own_revisions: dict[int, list[int]] = defaultdict(list)
        for object_id, revision_id in Version.objects.filter(
            db=router.db_for_write(model),
            content_type_id=content_type_id,
            object_id__in=[str(pk) for pk in object_ids],
            revision__user_id=user.pk,
        ).values_list("object_id", "revision_id"):
            own_revisions[int(object_id)].append(revision_id)
        for submission in group:
            after = published.get(submission.object_id) or 0
            if any(
                after < revision_id <= submission.revision_id
                for revision_id in own_revisions[submission.object_id]
            ):
                refusals[submission.pk] = _(
                    "This revision contains your own edits; another approver "
                    "must review it."
                )
    return refusals


def check_four_eyes(*, submission: Submission, user: AbstractBaseUser) -> None:
    """Refuse an approver who submitted this revision or wrote any of its edits."""
    refusal = four_eyes_refusals(submissions=[submission], user=user)
    if refusal:
        raise FourEyesViolation(refusal[submission.pk])


def can_approve(*, submission: Submission, user: AbstractBaseUser) -> bool:
    if not user.has_perm(APPROVE_PERMISSION):
        return False
    try:
        check_four_eyes(submission=submission, user=user)
    except FourEyesViolation:
        return False
    return True


def _audit(
    *,
    obj: models.Model,
    action: str,
    user: AbstractBaseUser | None,
    comment: str = "",
    submission: Submission | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        action=action,
        user=user,
        at=timezone.now(),
        comment=comment,
        submission=submission,
    )


def _announce(action: str, submission: Submission, user: AbstractBaseUser) -> None:
    # Listeners (mail) act on committed state only, and nothing they do may
    # break or undo the transition, hence after commit and robust.
    transaction.on_commit(
        lambda: transition_committed.send_robust(
            sender=Submission, action=action, submission=submission, user=user
        ),
        robust=True,
    )


def record_event(
    *,
    obj: models.Model,
    action: str,
    user: AbstractBaseUser | None,
    comment: str = "",
    submission: Submission | None = None,
) -> AuditEvent:
    """Add a record to the audit trail, for review steps outside this module
    (comments on a submission and their resolution)."""
    return _audit(
        obj=obj, action=action, user=user, comment=comment, submission=submission
    )


def _lock_submission(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().get(pk=submission.pk)


def _close(
    submission: Submission,
    *,
    state: str,
    user: AbstractBaseUser | None,
    comment: str,
) -> bool:
    """Move a pending submission to `state`; False if someone else got there first.

    The conditional update is the guard against two concurrent decisions, also on
    SQLite where SELECT ... FOR UPDATE does not lock.
    """
    now = timezone.now()
    changed = Submission.objects.filter(
        pk=submission.pk, state=SubmissionState.PENDING
    ).update(state=state, decided_by=user, decided_at=now, decision_comment=comment)
    if changed:
        submission.state = state
        submission.decided_by = user
        submission.decided_at = now
        submission.decision_comment = comment
    return bool(changed)


def submit(*, obj: Reviewable, user: AbstractBaseUser, comment: str = "") -> Submission:
    """Put the object's latest saved revision up for review.

    Steps: find the latest revision; refuse if it is already live or already
    pending; withdraw a pending submission of an older revision (it is superseded);
    create the submission and its audit record.
    """
    if not user.has_perm("oncolex.add_submission"):
        raise NotAllowed("You may not submit revisions for review.")
    with transaction.atomic():
        revision_id = latest_revision_id(obj)
        if revision_id is None:
            raise NothingToSubmit("Save the content before submitting it.")
        if revision_id == obj.published_revision_id():
            raise NothingToSubmit("This revision is already published.")
        pending = list(Submission.objects.for_object(obj).pending().select_for_update())
        for old in pending:
            if old.revision_id == revision_id:
                raise NothingToSubmit("This revision is already waiting for review.")
            _close(
                old,
                state=SubmissionState.WITHDRAWN,
                user=user,
                comment="Superseded by a newer submission.",
            )
            _audit(
                obj=obj,
                action=AuditAction.WITHDRAW,
                user=user,
                comment="Superseded by a newer submission.",
                submission=old,
            )
        submission = Submission.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            revision_id=revision_id,
            submitted_by=user,
            submitted_at=timezone.now(),
            submit_comment=comment,
        )
        _audit(
            obj=obj,
            action=AuditAction.SUBMIT,
            user=user,
            comment=comment,
            submission=submission,
        )
        _announce(AuditAction.SUBMIT, submission, user)
    return submission


def past_review_date(*, submission: Submission) -> datetime.date | None:
    """The submitted revision's next-review date if it has already passed
    (readers would see "review overdue" from the first day), else None."""
    due_in = getattr(submission.content_object, "next_review_due_in", None)
    due = due_in(submission.revision_id) if due_in is not None else None
    return due if dates.review_overdue(due) else None


def approve(
    *,
    submission: Submission,
    user: AbstractBaseUser,
    note: str,
    note_nb: str = "",
    confirm_past_review_date: bool = False,
) -> object:
    """Publish exactly the submitted revision.

    Steps: check the permission and the four-eyes rule; lock the submission and
    check it is still pending; if the object was saved again since submission,
    withdraw the submission and refuse; refuse a next-review date already past
    unless the approver confirmed it; otherwise let the object write its
    published record and close the submission as approved. `note_nb` is the
    change note in Bokmål, for content read in both languages.
    """
    if not user.has_perm(APPROVE_PERMISSION):
        raise NotAllowed("Only approvers can approve a revision.")
    note, note_nb = note.strip(), note_nb.strip()
    if not note:
        raise InvalidState("Approval needs a short change note for readers.")
    bilingual = getattr(submission.content_object, "bilingual_change_note", False)
    if note_nb and not bilingual:
        raise InvalidState(
            "This content is in one language: write the change note in it only."
        )
    stale = False
    with transaction.atomic():
        submission = _lock_submission(submission)
        if not submission.is_pending:
            raise InvalidState(
                f"This submission is {submission.get_state_display()}, not pending."
            )
        check_four_eyes(submission=submission, user=user)
        obj = submission.content_object
        if latest_revision_id(obj) != submission.revision_id:
            comment = "Withdrawn: the content changed after it was submitted."
            if _close(
                submission, state=SubmissionState.WITHDRAWN, user=user, comment=comment
            ):
                _audit(
                    obj=obj,
                    action=AuditAction.WITHDRAW,
                    user=user,
                    comment=comment,
                    submission=submission,
                )
                _announce(AuditAction.WITHDRAW, submission, user)
            stale = True
        else:
            due = past_review_date(submission=submission)
            if due is not None and not confirm_past_review_date:
                raise PastReviewDate(
                    f"The next review is due {due.isoformat()}, which has passed: "
                    "readers would see the review as overdue at once. Correct the "
                    "date, or confirm that this is intended."
                )
            if not _close(
                submission, state=SubmissionState.APPROVED, user=user, comment=note
            ):
                raise InvalidState("This submission was decided by someone else.")
            published = obj.publish_revision(
                submission=submission,
                approver=user,
                approved_at=submission.decided_at,
                note=note,
                **({"note_nb": note_nb} if bilingual else {}),
            )
            _audit(
                obj=obj,
                action=AuditAction.APPROVE,
                user=user,
                comment=note,
                submission=submission,
            )
            _announce(AuditAction.APPROVE, submission, user)
            invalidate_public_pages()
    if stale:
        raise StaleSubmission(
            "The content changed after it was submitted, so nothing was published "
            "and the submission was withdrawn. Review the new revision instead."
        )
    return published


def reject(*, submission: Submission, user: AbstractBaseUser, reason: str) -> None:
    if not user.has_perm(APPROVE_PERMISSION):
        raise NotAllowed("Only approvers can reject a revision.")
    reason = reason.strip()
    if not reason:
        raise InvalidState("Give the editor a reason for the rejection.")
    with transaction.atomic():
        submission = _lock_submission(submission)
        if not _close(
            submission, state=SubmissionState.REJECTED, user=user, comment=reason
        ):
            raise InvalidState("This submission is no longer pending.")
        _audit(
            obj=submission.content_object,
            action=AuditAction.REJECT,
            user=user,
            comment=reason,
            submission=submission,
        )
        _announce(AuditAction.REJECT, submission, user)


def withdraw(
    *, submission: Submission, user: AbstractBaseUser, comment: str = ""
) -> None:
    """The submitter, or any approver, takes a pending submission back."""
    if submission.submitted_by_id != user.pk and not user.has_perm(APPROVE_PERMISSION):
        raise NotAllowed("Only the submitter or an approver can withdraw this.")
    with transaction.atomic():
        submission = _lock_submission(submission)
        if not _close(
            submission, state=SubmissionState.WITHDRAWN, user=user, comment=comment
        ):
            raise InvalidState("This submission is no longer pending.")
        _audit(
            obj=submission.content_object,
            action=AuditAction.WITHDRAW,
            user=user,
            comment=comment,
            submission=submission,
        )
        _announce(AuditAction.WITHDRAW, submission, user)


def unpublish(*, obj: Reviewable, user: AbstractBaseUser, comment: str) -> None:
    if not user.has_perm(UNPUBLISH_PERMISSION):
        raise NotAllowed("Only approvers can unpublish content.")
    comment = comment.strip()
    if not comment:
        raise InvalidState("Say why the content is taken off the site.")
    with transaction.atomic():
        if obj.published_revision_id() is None:
            raise InvalidState("This content is not published.")
        obj.unpublish(user=user, at=timezone.now())
        invalidate_public_pages()
        _audit(obj=obj, action=AuditAction.UNPUBLISH, user=user, comment=comment)
