"""Who is told what about a review transition, and in which language.

The review services announce a transition once it has committed; this module
queues a task for it (never sending inside the request), and the task decides
the recipients and writes one `Mail` per person, in their language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from oncolex.review import services
from oncolex.review.models import AuditAction, Submission, SubmissionState
from workspace.models import Mail, MailKind, Profile
from workspace.people import approvers, full_name

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def queue_transition_mail(
    sender: Any, *, action: str, submission: Submission, user: Any, **kwargs: Any
) -> None:
    """Receiver of `transition_committed`: queue the mail task. Runs after
    commit, so the task finds the transition's state in the database."""
    from workspace.tasks import mail_transition  # tasks imports this module

    mail_transition.enqueue(
        action=action, submission_id=submission.pk, actor_id=user.pk
    )


def kind_of(action: str, submission: Submission) -> str | None:
    if action == AuditAction.SUBMIT:
        return MailKind.SUBMITTED
    if action == AuditAction.APPROVE:
        return MailKind.APPROVED
    if action == AuditAction.WITHDRAW:
        return MailKind.WITHDRAWN
    if action == AuditAction.REJECT:
        # A rejection that comes with comments on sections is a request for
        # changes (workspace.comments.request_changes).
        if submission.section_comments.exists():
            return MailKind.CHANGES_REQUESTED
        return MailKind.REJECTED
    return None


def followers(submission: Submission) -> list[AbstractBaseUser]:
    """Who hears of a decision: the submitter and the medical editors."""
    people = {submission.submitted_by_id: submission.submitted_by}
    editors = getattr(submission.content_object, "medical_editors", None)
    if editors is not None:
        people.update({u.pk: u for u in editors.all()})
    return list(people.values())


def recipients(
    *, kind: str, submission: Submission, actor: AbstractBaseUser | None
) -> list[AbstractBaseUser]:
    """Active people with an address who want this kind of mail. A new
    submission goes to the approvers who may approve it (the four-eyes rule
    of the review services decides, so never the submitter); a decision goes
    to the submitter and medical editors, but not to whoever made it."""
    if kind == MailKind.SUBMITTED:
        candidates = [
            u
            for u in approvers()
            if services.can_approve(submission=submission, user=u)
        ]
    else:
        candidates = [
            u
            for u in followers(submission)
            if u.is_active and (actor is None or u.pk != actor.pk)
        ]
    profiles = profiles_of(candidates)
    return [u for u in candidates if u.email and profiles[u.pk].wants(kind)]


def profiles_of(users: list[AbstractBaseUser]) -> dict[int, Profile]:
    """Everyone's profile; people who never saved one get the defaults."""
    saved = {p.user_id: p for p in Profile.objects.filter(user__in=users)}
    return {u.pk: saved.get(u.pk) or Profile(user=u) for u in users}


def admin_url(path: str) -> str:
    return settings.ONCOLEX_SITE_URL + path


def object_admin_url(obj: Any) -> str:
    opts = obj._meta
    return admin_url(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )


SUBJECTS = {
    MailKind.SUBMITTED: _("Awaiting your review: %(object)s"),
    MailKind.APPROVED: _("Approved and published: %(object)s"),
    MailKind.REJECTED: _("Rejected: %(object)s"),
    MailKind.CHANGES_REQUESTED: _("Changes requested: %(object)s"),
    MailKind.WITHDRAWN: _("Submission withdrawn: %(object)s"),
    MailKind.DIGEST: _("Reviews due: %(count)s article(s)"),
}


def compose(
    *,
    kind: str,
    recipient: AbstractBaseUser,
    language: str,
    context: dict[str, Any],
    submission: Submission | None = None,
) -> Mail:
    """Write one mail in the recipient's language (not yet saved): plain text
    and HTML from `workspace/mail/<template>.txt|html`."""
    template = "digest" if kind == MailKind.DIGEST else "transition"
    with translation.override(language):
        context = {**context, "kind": kind, "recipient_name": full_name(recipient)}
        subject = "[Oncolex] " + str(SUBJECTS[kind]) % {
            "object": context.get("object", ""),
            "count": context.get("count", 0),
        }
        return Mail(
            kind=kind,
            recipient=recipient,
            to=recipient.email,
            language=language,
            subject=" ".join(subject.split())[:300],
            body_text=render_to_string(f"workspace/mail/{template}.txt", context),
            body_html=render_to_string(f"workspace/mail/{template}.html", context),
            submission=submission,
        )


def transition_mails(*, action: str, submission_id: int, actor_id: int) -> list[Mail]:
    """Write (and save) the mails a committed transition calls for."""
    submission = Submission.objects.select_related(
        "submitted_by", "decided_by", "revision"
    ).get(pk=submission_id)
    kind = kind_of(action, submission)
    if kind is None:
        return []
    actor = get_user_model().objects.filter(pk=actor_id).first()
    obj = submission.content_object
    people = recipients(kind=kind, submission=submission, actor=actor)
    profiles = profiles_of(people)
    context = {
        "object": obj,
        "submission": submission,
        "actor_name": full_name(actor),
        "submitter_name": full_name(submission.submitted_by),
        "note": submission.decision_comment
        if submission.state != SubmissionState.PENDING
        else submission.submit_comment,
        "comments": list(submission.section_comments.all()),
        "review_url": admin_url(
            reverse("admin:oncolex_submission_change", args=[submission.pk])
        ),
        "object_url": object_admin_url(obj),
        "profile_url": admin_url(reverse("workspace:profile")),
    }
    mails = [
        compose(
            kind=kind,
            recipient=person,
            language=profiles[person.pk].language,
            context=context,
            submission=submission,
        )
        for person in people
    ]
    return Mail.objects.bulk_create(mails)
