"""Review transitions. Each checks the current state first, refuses otherwise,
and leaves an audit record. Views, admin actions, commands and tests call these;
the admin asks `can_submit`, `can_withdraw` and `can_approve` what to offer.

What each model does on approval (write its published record, render a
preview, diff two revisions) is its adapter's business: see `registry.py`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from oncolex import dates
from oncolex.page_cache import invalidate_public_pages
from oncolex.review import chain, registry
from oncolex.review.exceptions import (
    AddressTaken,
    FourEyesViolation,
    InvalidState,
    NotAllowed,
    NothingToSubmit,
    PastReviewDate,
    ReviewError,
    StaleSubmission,
)
from oncolex.review.models import AuditAction, AuditEvent, Submission, SubmissionState
from oncolex.review.signals import transition_committed
from oncolex.review.versions import current_revision_ids

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from oncolex.review.versions import PublishedVersion

SUBMIT_PERMISSION = "oncolex.add_submission"
APPROVE_PERMISSION = "oncolex.approve_submission"
UNPUBLISH_PERMISSION = "oncolex.unpublish_content"


@dataclass(frozen=True)
class Verdict:
    """May this user do this now? If not, `reason` says why (for the admin)."""

    allowed: bool
    reason: str = ""
    code: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    @classmethod
    def refused(cls, error: ReviewError) -> Verdict:
        return cls(False, str(error), error.code)


ALLOWED = Verdict(True)


def latest_revision_id(obj: models.Model) -> int | None:
    version = Version.objects.get_for_object(obj).only("revision_id").first()
    return version.revision_id if version else None


def published_revision_id(obj: models.Model) -> int | None:
    """The revision readers see now, or None if nothing of `obj` is live."""
    return registry.adapter_for(obj).published_revision_id(obj)


def _own_edits(
    submissions: list[Submission], user: AbstractBaseUser
) -> dict[int, set[tuple[int, int, str]]]:
    """Revision id -> the records it includes that `user` saved in some
    revision up to it: (revision, content type, object id) of their edits."""
    revision_ids = {s.revision_id for s in submissions}
    included = Version.objects.filter(
        revision_id__in=revision_ids,
        content_type_id=OuterRef("content_type_id"),
        object_id=OuterRef("object_id"),
    )
    edits = list(
        Version.objects.filter(
            Exists(included),
            revision__user_id=user.pk,
            revision_id__lte=max(revision_ids),
        ).values_list("revision_id", "content_type_id", "object_id")
    )
    records: dict[int, set[tuple[int, str]]] = defaultdict(set)
    for revision_id, content_type_id, object_id in Version.objects.filter(
        revision_id__in=revision_ids
    ).values_list("revision_id", "content_type_id", "object_id"):
        records[revision_id].add((content_type_id, object_id))
    return {
        revision_id: {
            edit for edit in edits if (edit[1], edit[2]) in records[revision_id]
        }
        for revision_id in revision_ids
    }


def four_eyes_refusals(
    *, submissions: Iterable[Submission], user: AbstractBaseUser
) -> dict[int, str]:
    """The four-eyes rule: submission id -> why `user` may not approve it;
    submissions they may approve are absent. They may not if they submitted
    it, or saved since the published version any record the reviewed revision
    includes: the object and what it follows (sections, references, a
    dataset's source), since all of it goes live on approval.

    Three queries plus one per reviewed model, whatever the number of
    submissions, so a dashboard can ask about every pending submission at once.
    """
    refusals: dict[int, str] = {}
    others: list[Submission] = []
    for submission in submissions:
        if submission.submitted_by_id == user.pk:
            refusals[submission.pk] = _(
                "You submitted this revision; another approver must review it."
            )
        else:
            others.append(submission)
    if not others:
        return refusals
    published: dict[tuple[int, int], int] = {}
    by_type: dict[int, set[int]] = defaultdict(set)
    for submission in others:
        by_type[submission.content_type_id].add(submission.object_id)
    for content_type_id, object_ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        for object_id, revision_id in current_revision_ids(
            model, sorted(object_ids)
        ).items():
            published[content_type_id, object_id] = revision_id
    own = _own_edits(others, user)
    for submission in others:
        after = published.get((submission.content_type_id, submission.object_id), 0)
        if any(
            after < revision_id <= submission.revision_id
            for revision_id, _type, _id in own[submission.revision_id]
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


def address_holder(
    obj: models.Model, submission: Submission
) -> PublishedVersion | None:
    """Another object's live record at the address this revision would take."""
    adapter = registry.adapter_for(obj)
    address = adapter.address(obj, submission.revision)
    if not address:
        return None
    return (
        adapter.published_model.objects.filter(is_current=True, **address)
        .exclude(**{adapter.object_field: obj})
        .first()
    )


def _address_taken(holder: PublishedVersion) -> AddressTaken:
    return AddressTaken(
        _(
            "Another live record, “%(other)s”, is already published at "
            "%(url)s. Change this revision's address (its slug), or unpublish "
            "the other record first."
        )
        % {"other": holder, "url": holder.get_absolute_url()}
    )


def _orphaned() -> InvalidState:
    return InvalidState(
        _("The content of this submission was deleted; withdraw the submission."),
        code="orphaned",
    )


# What a user may do: one refusal function per transition, used by the
# transition itself and by the can_* questions the admin asks.


def _submit_refusal(obj: models.Model, user: AbstractBaseUser) -> ReviewError | None:
    if not user.has_perm(SUBMIT_PERMISSION):
        return NotAllowed("You may not submit revisions for review.")
    revision_id = latest_revision_id(obj)
    if revision_id is None:
        return NothingToSubmit("Save the content before submitting it.")
    if revision_id == published_revision_id(obj):
        return NothingToSubmit("This revision is already published.")
    pending = Submission.objects.for_object(obj).pending()
    if pending.filter(revision_id=revision_id).exists():
        return NothingToSubmit("This revision is already waiting for review.")
    return None


def _withdraw_refusal(
    submission: Submission, user: AbstractBaseUser
) -> ReviewError | None:
    if submission.submitted_by_id != user.pk and not user.has_perm(APPROVE_PERMISSION):
        return NotAllowed("Only the submitter or an approver can withdraw this.")
    if not submission.is_pending:
        return InvalidState("This submission is no longer pending.")
    return None


def _approve_refusal(
    submission: Submission, user: AbstractBaseUser
) -> ReviewError | None:
    if not user.has_perm(APPROVE_PERMISSION):
        return NotAllowed("Only approvers can approve a revision.")
    if not submission.is_pending:
        return InvalidState(
            f"This submission is {submission.get_state_display()}, not pending."
        )
    obj = submission.content_object
    if obj is None:
        return _orphaned()
    try:
        check_four_eyes(submission=submission, user=user)
    except FourEyesViolation as error:
        return error
    holder = address_holder(obj, submission)
    if holder is not None:
        return _address_taken(holder)
    return None


def can_submit(*, obj: models.Model, user: AbstractBaseUser) -> Verdict:
    error = _submit_refusal(obj, user)
    return Verdict.refused(error) if error else ALLOWED


def can_withdraw(*, submission: Submission, user: AbstractBaseUser) -> Verdict:
    error = _withdraw_refusal(submission, user)
    return Verdict.refused(error) if error else ALLOWED


def may_decide(*, submission: Submission, user: AbstractBaseUser) -> bool:
    """Is `user` someone who may decide this submission at all (an approver
    the four-eyes rule allows), whatever its state now? For telling people
    about it; `can_approve` says whether approving would succeed now."""
    if not user.has_perm(APPROVE_PERMISSION):
        return False
    return not four_eyes_refusals(submissions=[submission], user=user)


def can_approve(*, submission: Submission, user: AbstractBaseUser) -> Verdict:
    error = _approve_refusal(submission, user)
    return Verdict.refused(error) if error else ALLOWED


def can_unpublish(*, obj: models.Model, user: AbstractBaseUser) -> Verdict:
    if not user.has_perm(UNPUBLISH_PERMISSION):
        return Verdict(False, "Only approvers can unpublish content.", "not_allowed")
    if published_revision_id(obj) is None:
        return Verdict(False, "This content is not published.", "invalid_state")
    problem = registry.adapter_for(obj).unpublish_problem(obj)
    if problem:
        return Verdict(False, problem, "in_use")
    return ALLOWED


def _audit(
    *,
    action: str,
    user: AbstractBaseUser | None,
    obj: models.Model | None = None,
    submission: Submission | None = None,
    comment: str = "",
) -> AuditEvent:
    """Record a transition, of `obj` or of the submission's (maybe deleted)
    object."""
    if obj is not None:
        target: dict[str, Any] = {
            "content_type": ContentType.objects.get_for_model(obj),
            "object_id": obj.pk,
        }
    else:
        assert submission is not None
        target = {
            "content_type_id": submission.content_type_id,
            "object_id": submission.object_id,
        }
    # Sealed into the audit chain as it is saved (chain.seal_audit_event).
    return AuditEvent.objects.create(
        **target,
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


def _decide(
    submission: Submission,
    *,
    state: str,
    action: str,
    user: AbstractBaseUser | None,
    comment: str,
    obj: models.Model | None = None,
) -> bool:
    """Close a pending submission without publishing (rejected or withdrawn),
    with its audit record and, when a person decided, its announcement; False
    if someone else decided first."""
    if not _close(submission, state=state, user=user, comment=comment):
        return False
    _audit(obj=obj, action=action, user=user, comment=comment, submission=submission)
    if user is not None:
        _announce(action, submission, user)
    return True


def submit(
    *, obj: models.Model, user: AbstractBaseUser, comment: str = ""
) -> Submission:
    """Put the object's latest saved revision up for review.

    Steps: refuse if the user may not submit, or the latest revision is already
    live or already pending; withdraw a pending submission of an older revision
    (it is superseded); create the submission and its audit record.
    """
    registry.adapter_for(obj)  # refuse unregistered models before anything else
    with transaction.atomic():
        pending = list(Submission.objects.for_object(obj).pending().select_for_update())
        error = _submit_refusal(obj, user)
        if error is not None:
            raise error
        revision_id = latest_revision_id(obj)
        for old in pending:
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


def bilingual_change_note(obj: models.Model | None) -> bool:
    """May the approver give the change note in Bokmål too (content read in
    both languages)? Not for deleted content."""
    return obj is not None and registry.adapter_for(obj).bilingual_change_note


def past_review_date(*, submission: Submission) -> datetime.date | None:
    """The submitted revision's next-review date if it has already passed
    (readers would see "review overdue" from the first day), else None."""
    obj = submission.content_object
    if obj is None:
        return None
    due = registry.adapter_for(obj).next_review_due(obj, submission.revision)
    return due if dates.review_overdue(due) else None


def _withdraw_stale(submission: Submission, obj: models.Model, user: Any) -> None:
    _decide(
        submission,
        state=SubmissionState.WITHDRAWN,
        action=AuditAction.WITHDRAW,
        user=user,
        comment="Withdrawn: the content changed after it was submitted.",
        obj=obj,
    )


def _publish(
    submission: Submission,
    obj: models.Model,
    user: Any,
    note: str,
    details: dict[str, Any],
) -> PublishedVersion:
    """Close the submission as approved and write the sealed published record.
    The database's one-live-record-per-address constraint backs the service's
    own address check against a concurrent approval."""
    if not _close(submission, state=SubmissionState.APPROVED, user=user, comment=note):
        raise InvalidState("This submission was decided by someone else.")
    adapter = registry.adapter_for(obj)
    chain.lock(adapter.published_model)
    try:
        with transaction.atomic():
            published = adapter.publish(
                obj,
                submission=submission,
                approver=user,
                approved_at=submission.decided_at,
                note=note,
                **details,
            )
    except IntegrityError:
        holder = address_holder(obj, submission)
        if holder is None:
            raise
        raise _address_taken(holder) from None
    chain.append(published)
    _audit(
        obj=obj,
        action=AuditAction.APPROVE,
        user=user,
        comment=note,
        submission=submission,
    )
    _announce(AuditAction.APPROVE, submission, user)
    return published


def approve(
    *,
    submission: Submission,
    user: AbstractBaseUser,
    note: str,
    note_nb: str = "",
    confirm_past_review_date: bool = False,
) -> PublishedVersion:
    """Publish exactly the submitted revision.

    Steps: check the permission; lock the submission and check it is still
    pending, its object still exists, the four-eyes rule and that its address
    is free; if the object was saved again since submission, withdraw the
    submission and refuse; refuse a next-review date already past unless the
    approver confirmed it; otherwise let the object's adapter write its
    published record and close the submission as approved. `note_nb` is the
    change note in Bokmål, required for content read in both languages and
    refused for content in one.
    """
    if not user.has_perm(APPROVE_PERMISSION):
        raise NotAllowed("Only approvers can approve a revision.")
    note, note_nb = note.strip(), note_nb.strip()
    if not note:
        raise InvalidState("Approval needs a short change note for readers.")
    bilingual = bilingual_change_note(submission.content_object)
    if note_nb and not bilingual:
        raise InvalidState(
            "This content is in one language: write the change note in it only."
        )
    if bilingual and not note_nb:
        # Readers of /nb/ see this note: an English one there is a page in
        # the wrong language.
        raise InvalidState(
            "Readers see this content in English and in Bokmål: write the "
            "change note in Bokmål too."
        )
    stale = False
    with transaction.atomic():
        submission = _lock_submission(submission)
        error = _approve_refusal(submission, user)
        if error is not None:
            raise error
        obj = submission.content_object
        if latest_revision_id(obj) != submission.revision_id:
            _withdraw_stale(submission, obj, user)
            stale = True
        else:
            due = past_review_date(submission=submission)
            if due is not None and not confirm_past_review_date:
                raise PastReviewDate(
                    f"The next review is due {due.isoformat()}, which has passed: "
                    "readers would see the review as overdue at once. Correct the "
                    "date, or confirm that this is intended."
                )
            details = {"note_nb": note_nb} if bilingual else {}
            published = _publish(submission, obj, user, note, details)
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
        if not _decide(
            submission,
            state=SubmissionState.REJECTED,
            action=AuditAction.REJECT,
            user=user,
            comment=reason,
        ):
            raise InvalidState("This submission is no longer pending.")


def withdraw(
    *, submission: Submission, user: AbstractBaseUser, comment: str = ""
) -> None:
    """The submitter, or any approver, takes a pending submission back."""
    error = _withdraw_refusal(submission, user)
    if isinstance(error, NotAllowed):
        raise error
    with transaction.atomic():
        submission = _lock_submission(submission)
        if not _decide(
            submission,
            state=SubmissionState.WITHDRAWN,
            action=AuditAction.WITHDRAW,
            user=user,
            comment=comment,
        ):
            raise InvalidState("This submission is no longer pending.")


def withdraw_for_deletion(
    *, obj: models.Model, user: AbstractBaseUser | None = None
) -> int:
    """Withdraw the pending submission of an object about to be deleted, with an
    audit record, in the caller's transaction (the deletion's), so the queue
    never holds a submission whose content is gone. Returns how many."""
    with transaction.atomic():
        pending = list(Submission.objects.for_object(obj).pending().select_for_update())
        comment = _("Withdrawn: “%(object)s” was deleted.") % {"object": obj}
        for submission in pending:
            _decide(
                submission,
                state=SubmissionState.WITHDRAWN,
                action=AuditAction.WITHDRAW,
                user=user,
                comment=comment,
                obj=obj,
            )
    return len(pending)


def unpublish(*, obj: models.Model, user: AbstractBaseUser, comment: str) -> None:
    if not user.has_perm(UNPUBLISH_PERMISSION):
        raise NotAllowed("Only approvers can unpublish content.")
    comment = comment.strip()
    if not comment:
        raise InvalidState("Say why the content is taken off the site.")
    adapter = registry.adapter_for(obj)
    with transaction.atomic():
        if published_revision_id(obj) is None:
            raise InvalidState("This content is not published.")
        problem = adapter.unpublish_problem(obj)
        if problem:
            raise InvalidState(problem, code="in_use")
        adapter.unpublish(obj, at=timezone.now())
        invalidate_public_pages()
        _audit(obj=obj, action=AuditAction.UNPUBLISH, user=user, comment=comment)
