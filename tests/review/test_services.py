"""The review rules, tested where they live: oncolex.review.services."""

from __future__ import annotations

import pytest
from reversion.models import Revision, Version

from articles.models import PublishedArticle
from oncolex.review import services
from oncolex.review.exceptions import (
    FourEyesViolation,
    InvalidState,
    NotAllowed,
    NothingToSubmit,
    StaleSubmission,
)
from oncolex.review.models import AuditAction, AuditEvent, Submission, SubmissionState
from tests.factories import DEFAULT_SECTIONS, publish, save_article


@pytest.fixture
def draft(editor):
    return save_article(user=editor, sections=DEFAULT_SECTIONS, references=[])


def test_submission_names_the_latest_saved_revision(draft, editor):
    submission = services.submit(obj=draft, user=editor, comment="Please review")
    latest = Revision.objects.order_by("-pk").first()
    assert submission.revision == latest
    assert submission.state == SubmissionState.PENDING
    assert (
        AuditEvent.objects.filter(action=AuditAction.SUBMIT, submission=submission)
    ).count() == 1


def test_every_save_records_one_revision_with_sections_and_references(editor):
    article = save_article(
        user=editor,
        sections=DEFAULT_SECTIONS,
        references=[{"authors": "A", "title": "T", "year": 2020, "pmid": "1"}],
        comment="New article",
    )
    revision = Version.objects.get_for_object(article).get().revision
    assert revision.user == editor
    assert revision.comment == "New article"
    models = sorted(v.content_type.model for v in revision.version_set.all())
    assert models == ["article", "reference", "section", "section"]
    assert article.sections.count() == 2


def test_approval_publishes_exactly_the_submitted_revision(draft, editor, approver):
    version = publish(draft, editor=editor, approver=approver, note="First version")
    assert version.number == 1
    assert version.is_current
    assert version.approved_by == approver
    assert version.change_note == "First version"
    assert "Published text about tumours" in version.body_html
    assert AuditEvent.objects.filter(
        action=AuditAction.APPROVE, submission=version.submission
    ).exists()


def test_editor_cannot_approve(draft, editor, second_editor):
    submission = services.submit(obj=draft, user=editor)
    with pytest.raises(NotAllowed):
        services.approve(submission=submission, user=second_editor, note="ok")
    assert not PublishedArticle.objects.exists()
    submission.refresh_from_db()
    assert submission.is_pending


def test_approver_cannot_approve_own_submission(approver, second_approver):
    article = save_article(user=second_approver, sections=DEFAULT_SECTIONS)
    submission = services.submit(obj=article, user=approver)
    with pytest.raises(FourEyesViolation):
        services.approve(submission=submission, user=approver, note="ok")
    assert not PublishedArticle.objects.exists()


def test_approver_cannot_approve_revision_holding_their_own_edits(
    editor, approver, second_approver
):
    article = save_article(user=editor, sections=DEFAULT_SECTIONS)
    save_article(user=approver, article=article, summary="Approver's own tweak")
    save_article(user=editor, article=article, summary="Editor's final wording")
    submission = services.submit(obj=article, user=editor)
    with pytest.raises(FourEyesViolation):
        services.approve(submission=submission, user=approver, note="ok")
    # Another approver, who did not write any of it, may approve.
    services.approve(submission=submission, user=second_approver, note="ok")
    assert PublishedArticle.objects.get().summary == "Editor's final wording"


def test_edits_before_the_published_version_do_not_block_an_approver(
    editor, approver, second_approver
):
    article = save_article(user=approver, sections=DEFAULT_SECTIONS)
    publish(article, editor=editor, approver=second_approver)
    save_article(user=editor, article=article, summary="Update")
    submission = services.submit(obj=article, user=editor)
    version = services.approve(submission=submission, user=approver, note="Update")
    assert version.number == 2


def test_change_after_submission_refuses_approval_and_withdraws(
    draft, editor, approver
):
    submission = services.submit(obj=draft, user=editor)
    save_article(user=editor, article=draft, summary="Changed after submission")
    with pytest.raises(StaleSubmission):
        services.approve(submission=submission, user=approver, note="ok")
    submission.refresh_from_db()
    assert submission.state == SubmissionState.WITHDRAWN
    assert not PublishedArticle.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.WITHDRAW).exists()


def test_approval_needs_a_change_note_for_readers(draft, editor, approver):
    submission = services.submit(obj=draft, user=editor)
    with pytest.raises(InvalidState):
        services.approve(submission=submission, user=approver, note="   ")
    assert not PublishedArticle.objects.exists()


def test_rejection_needs_a_reason_and_publishes_nothing(draft, editor, approver):
    submission = services.submit(obj=draft, user=editor)
    with pytest.raises(InvalidState):
        services.reject(submission=submission, user=approver, reason="")
    services.reject(submission=submission, user=approver, reason="Check the dose")
    submission.refresh_from_db()
    assert submission.state == SubmissionState.REJECTED
    assert submission.decision_comment == "Check the dose"
    assert not PublishedArticle.objects.exists()


def test_decided_submission_cannot_be_approved_again(draft, editor, approver):
    submission = services.submit(obj=draft, user=editor)
    services.reject(submission=submission, user=approver, reason="No")
    with pytest.raises(InvalidState):
        services.approve(submission=submission, user=approver, note="Yes")


def test_resubmitting_supersedes_the_older_pending_submission(draft, editor):
    first = services.submit(obj=draft, user=editor)
    save_article(user=editor, article=draft, summary="Second try")
    second = services.submit(obj=draft, user=editor)
    first.refresh_from_db()
    assert first.state == SubmissionState.WITHDRAWN
    assert second.is_pending
    assert Submission.objects.pending().count() == 1


def test_the_same_revision_cannot_be_submitted_twice(draft, editor):
    services.submit(obj=draft, user=editor)
    with pytest.raises(NothingToSubmit):
        services.submit(obj=draft, user=editor)


def test_published_revision_cannot_be_submitted_again(draft, editor, approver):
    publish(draft, editor=editor, approver=approver)
    with pytest.raises(NothingToSubmit):
        services.submit(obj=draft, user=editor)


def test_submitter_can_withdraw_but_a_colleague_cannot(draft, editor, second_editor):
    submission = services.submit(obj=draft, user=editor)
    with pytest.raises(NotAllowed):
        services.withdraw(submission=submission, user=second_editor)
    services.withdraw(submission=submission, user=editor, comment="Not ready")
    submission.refresh_from_db()
    assert submission.state == SubmissionState.WITHDRAWN


def test_second_approval_publishes_a_new_version_and_retires_the_first(
    draft, editor, approver
):
    first = publish(draft, editor=editor, approver=approver)
    save_article(user=editor, article=draft, summary="Revised summary")
    second = publish(draft, editor=editor, approver=approver, note="Revised")
    first.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)
    assert second.number == 2


def test_unpublish_takes_the_article_off_and_is_audited(draft, editor, approver):
    publish(draft, editor=editor, approver=approver)
    with pytest.raises(NotAllowed):
        services.unpublish(obj=draft, user=editor, comment="x")
    services.unpublish(obj=draft, user=approver, comment="Outdated dosing")
    assert not PublishedArticle.objects.current().exists()
    assert services.published_revision_id(draft) is None
    event = AuditEvent.objects.get(action=AuditAction.UNPUBLISH)
    assert (event.user, event.comment) == (approver, "Outdated dosing")
