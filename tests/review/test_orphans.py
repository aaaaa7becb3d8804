"""Deleting content with a pending submission withdraws the submission in the
same transaction; a submission whose content is gone never answers 500."""

from __future__ import annotations

import pytest

from articles.models import Article, Section
from oncolex.review import services
from oncolex.review.exceptions import InvalidState
from oncolex.review.models import AuditAction, AuditEvent, Submission, SubmissionState
from tests.epidemiology import helpers as datasets
from tests.factories import DEFAULT_SECTIONS, save_article, sign_in_with_second_factor


@pytest.fixture
def pending_draft(editor):
    article = save_article(
        user=editor, title="Never published", sections=DEFAULT_SECTIONS
    )
    return article, services.submit(obj=article, user=editor)


def test_deleting_a_draft_in_the_admin_withdraws_its_submission(
    client, editor, pending_draft
):
    article, submission = pending_draft
    client.force_login(editor)
    response = client.post(
        f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    submission.refresh_from_db()
    assert submission.state == SubmissionState.WITHDRAWN
    event = AuditEvent.objects.get(submission=submission, action=AuditAction.WITHDRAW)
    assert event.user == editor
    assert "Never published" in event.comment
    assert not Submission.objects.pending().exists()


def test_deleting_a_dataset_anywhere_withdraws_its_submission(editor):
    dataset = datasets.make_dataset(user=editor, title="Draft table")
    datasets.import_rows(dataset, editor, datasets.banded_lines(2013, "male"))
    submission = services.submit(obj=dataset, user=editor)
    dataset.delete()  # not through the admin: the signal still sees it
    submission.refresh_from_db()
    assert submission.state == SubmissionState.WITHDRAWN
    assert AuditEvent.objects.filter(
        submission=submission, action=AuditAction.WITHDRAW
    ).exists()


@pytest.fixture
def old_orphan(pending_draft):
    """A submission orphaned before deleting withdrew it: the row is removed
    behind the ORM's back, as an old bug or a hand-made SQL delete did."""
    article, submission = pending_draft
    for rows in (
        Section.objects.filter(article=article),
        Article.cancer_types.through.objects.filter(article=article),
        Article.objects.filter(pk=article.pk),
    ):
        rows._raw_delete(using="default")
    return submission


@pytest.mark.parametrize("who", ["approver", "editor"])
def test_an_orphaned_submission_answers_without_a_server_error(
    client, old_orphan, who, request
):
    sign_in_with_second_factor(client, request.getfixturevalue(who))
    base = f"/admin/oncolex/submission/{old_orphan.pk}"
    page = client.get(f"{base}/change/")
    assert page.status_code == 200
    assert "was deleted" in page.content.decode()
    assert (
        client.get("/admin/oncolex/submission/?state__exact=pending").status_code == 200
    )
    assert client.get(f"{base}/withdraw/").status_code < 500
    for action, data in [
        ("approve", {"note": "ok"}),
        ("reject", {"reason": "gone"}),
        ("withdraw", {}),
    ]:
        assert client.post(f"{base}/{action}/", data).status_code < 500


def test_an_orphan_cannot_be_approved_but_can_be_withdrawn(
    old_orphan, approver, editor
):
    with pytest.raises(InvalidState) as refused:
        services.approve(submission=old_orphan, user=approver, note="ok")
    assert refused.value.code == "orphaned"
    services.withdraw(submission=old_orphan, user=editor, comment="Content deleted")
    old_orphan.refresh_from_db()
    assert old_orphan.state == SubmissionState.WITHDRAWN
