"""Who is mailed about each review transition, in which language, and how a
mail is queued (after commit, by a task) and retried when sending fails."""

from __future__ import annotations

import datetime
import logging
import socket

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from oncolex.review import services
from oncolex.review.exceptions import StaleSubmission
from oncolex.review.models import Submission
from oncolex.review.signals import transition_committed
from tests import factories
from tests.workspace.conftest import run_worker, set_profile
from workspace import comments
from workspace.models import Mail, MailState


def recipients(mailoutbox) -> dict[str, str]:
    """Address -> subject of every mail sent."""
    return {m.to[0]: m.subject for m in mailoutbox}


@pytest.fixture
def draft(editor, medical_editor):
    article = factories.save_article(
        user=editor,
        title="Pancreatic NET",
        sections=factories.DEFAULT_SECTIONS,
        references=factories.DEFAULT_REFERENCES,
    )
    article.medical_editors.add(medical_editor)
    return article


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(
        "chief", "chief@example.org", "x", first_name="Chief", last_name="Tester"
    )


def test_submission_mails_the_approvers_who_may_approve_it_and_nobody_else(
    draft, editor, second_editor, approver, second_approver, superuser,
    transition, deliver, mailoutbox,
):  # fmt: skip
    # The second approver edited the draft, so four-eyes leaves it to others.
    factories.save_article(user=second_approver, article=draft, summary="Edited.")
    transition(services.submit, obj=draft, user=editor, comment="Please check")
    deliver()
    assert set(recipients(mailoutbox)) == {"approver@example.org", "chief@example.org"}
    mail = next(m for m in mailoutbox if m.to == ["approver@example.org"])
    assert mail.subject == "[Oncolex] Awaiting your review: Pancreatic NET (en)"
    submission = Submission.objects.get()
    assert (
        f"http://testserver.example/admin/oncolex/submission/{submission.pk}/change/"
        in mail.body
    )
    assert "Editor Tester submitted revision" in mail.body
    assert "Please check" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    review_url = f"http://testserver.example/admin/oncolex/submission/{submission.pk}/"
    assert f'href="{review_url}change/"' in html


def test_an_approver_who_submits_is_not_told_of_their_own_submission(
    draft, approver, second_approver, transition, deliver, mailoutbox
):
    factories.save_article(user=approver, article=draft, summary="Approver's edit.")
    transition(services.submit, obj=draft, user=approver)
    deliver()
    assert set(recipients(mailoutbox)) == {"second_approver@example.org"}


def test_an_approver_who_turned_submissions_off_gets_none(
    draft, editor, approver, second_approver, transition, deliver, mailoutbox
):
    set_profile(second_approver, mail_submitted=False)
    transition(services.submit, obj=draft, user=editor)
    deliver()
    assert set(recipients(mailoutbox)) == {"approver@example.org"}


def test_mail_is_written_in_the_recipients_language(
    draft, editor, approver, second_approver, transition, deliver, mailoutbox
):
    set_profile(second_approver, language="nb")
    transition(services.submit, obj=draft, user=editor)
    deliver()
    sent = recipients(mailoutbox)
    assert sent["approver@example.org"].startswith("[Oncolex] Awaiting your review")
    assert sent["second_approver@example.org"].startswith(
        "[Oncolex] Venter på din godkjenning"
    )
    bokmal = next(m for m in mailoutbox if m.to == ["second_approver@example.org"])
    assert "Hei Second Approver Tester" in bokmal.body
    assert "Vurder den her:" in bokmal.body
    assert '<html lang="nb">' in bokmal.alternatives[0][0]


def test_approval_mails_the_submitter_and_medical_editors_with_the_note(
    draft, editor, medical_editor, approver, transition, deliver, mailoutbox
):
    submission = transition(services.submit, obj=draft, user=editor)
    deliver()
    mailoutbox.clear()
    transition(
        services.approve, submission=submission, user=approver, note="New grading."
    )
    deliver()
    sent = recipients(mailoutbox)
    assert set(sent) == {"editor@example.org", "medical_editor@example.org"}
    assert sent["editor@example.org"] == (
        "[Oncolex] Approved and published: Pancreatic NET (en)"
    )
    assert all("New grading." in m.body for m in mailoutbox)
    assert all("Approver Tester approved revision" in m.body for m in mailoutbox)
    assert all(
        f"http://testserver.example/admin/articles/article/{draft.pk}/change/" in m.body
        for m in mailoutbox
    )


def test_rejection_mails_the_reason_but_not_to_an_editor_who_opted_out(
    draft, editor, medical_editor, approver, transition, deliver, mailoutbox
):
    set_profile(medical_editor, mail_rejected=False)
    submission = transition(services.submit, obj=draft, user=editor)
    deliver()
    mailoutbox.clear()
    transition(
        services.reject, submission=submission, user=approver, reason="Cite the WHO."
    )
    deliver()
    assert recipients(mailoutbox) == {
        "editor@example.org": "[Oncolex] Rejected: Pancreatic NET (en)"
    }
    assert "Cite the WHO." in mailoutbox[0].body


def test_request_for_changes_mails_each_comment(
    draft, editor, medical_editor, approver, transition, deliver, mailoutbox
):
    submission = transition(services.submit, obj=draft, user=editor)
    deliver()
    mailoutbox.clear()
    transition(
        comments.request_changes,
        submission=submission,
        user=approver,
        reason="Nearly there.",
        comments={"grading": "Give the Ki-67 cut-offs."},
    )
    deliver()
    sent = recipients(mailoutbox)
    assert set(sent) == {"editor@example.org", "medical_editor@example.org"}
    assert sent["editor@example.org"] == (
        "[Oncolex] Changes requested: Pancreatic NET (en)"
    )
    assert "Grading: Give the Ki-67 cut-offs." in mailoutbox[0].body
    assert "Nearly there." in mailoutbox[0].body


def test_withdrawal_by_the_submitter_tells_the_medical_editors_only(
    draft, editor, medical_editor, transition, deliver, mailoutbox
):
    submission = transition(services.submit, obj=draft, user=editor)
    deliver()
    mailoutbox.clear()
    transition(
        services.withdraw, submission=submission, user=editor, comment="Not ready."
    )
    deliver()
    assert recipients(mailoutbox) == {
        "medical_editor@example.org": (
            "[Oncolex] Submission withdrawn: Pancreatic NET (en)"
        )
    }
    assert "Not ready." in mailoutbox[0].body


def test_a_stale_approval_tells_the_submitter_the_submission_was_withdrawn(
    draft, editor, second_editor, approver, transition, deliver, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    submission = transition(services.submit, obj=draft, user=editor)
    factories.save_article(user=second_editor, article=draft, summary="Later.")
    deliver()
    mailoutbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(StaleSubmission),
    ):
        services.approve(submission=submission, user=approver, note="Fine.")
    deliver()
    assert "editor@example.org" in recipients(mailoutbox)
    assert "changed after it was submitted" in mailoutbox[0].body


def test_nothing_is_queued_or_sent_before_the_transition_commits(
    draft, editor, approver, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit(obj=draft, user=editor)
    assert not DBTaskResult.objects.exists()
    assert len(callbacks) == 1
    callbacks[0]()
    # Committed: the task is queued, but the request still sends nothing.
    assert DBTaskResult.objects.count() == 1
    assert mailoutbox == []
    run_worker()
    assert recipients(mailoutbox) == {
        "approver@example.org": "[Oncolex] Awaiting your review: Pancreatic NET (en)"
    }


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_failed_send_is_retried_logged_and_kept_and_the_approval_stands(
    draft, editor, approver, transition, deliver, settings, caplog
):
    submission = transition(services.submit, obj=draft, user=editor)
    # No mail server listens there: every send fails for real.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "timeout": 2},
        }
    }
    settings.ONCOLEX_MAIL_ATTEMPTS = 3
    settings.ONCOLEX_MAIL_RETRY_SECONDS = 0
    transition(services.approve, submission=submission, user=approver, note="Ok.")
    with caplog.at_level(logging.INFO, logger="workspace.mail"):
        deliver()
    draft.refresh_from_db()
    assert draft.published_revision_id() == submission.revision_id
    mail = Mail.objects.get(to="editor@example.org")
    assert mail.state == MailState.FAILED
    assert mail.attempts == 3
    assert "ConnectionRefusedError" in mail.last_error
    about_it = [r for r in caplog.records if "to editor@example.org" in r.getMessage()]
    assert [r.levelno for r in about_it] == [logging.WARNING] * 2 + [logging.ERROR]
    assert "retrying" in about_it[0].getMessage()
    assert "failed for good after 3 attempts" in about_it[-1].getMessage()


def test_a_retried_send_goes_out_once_the_server_answers(
    draft, editor, approver, transition, deliver, settings, mailoutbox
):
    transition(services.submit, obj=draft, user=editor)
    locmem = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "timeout": 2},
        }
    }
    settings.ONCOLEX_MAIL_RETRY_SECONDS = 3600
    deliver()
    mail = Mail.objects.get(to="approver@example.org")
    assert (mail.state, mail.attempts) == (MailState.QUEUED, 1)
    # The retry waits an hour; when it comes, the server is back.
    settings.MAILERS = locmem
    assert deliver() == 0  # nothing is due yet
    DBTaskResult.objects.filter(status="READY").update(
        run_after=timezone.now() - datetime.timedelta(seconds=1)
    )
    deliver()
    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (MailState.SENT, 2)
    assert [m.to for m in mailoutbox] == [["approver@example.org"]]


def test_a_failing_listener_never_undoes_or_breaks_the_approval(
    draft, editor, approver, transition, deliver, mailoutbox, caplog
):
    submission = transition(services.submit, obj=draft, user=editor)

    def broken_listener(**kwargs):
        raise RuntimeError("queue unreachable")

    transition_committed.connect(broken_listener)
    try:
        with caplog.at_level(logging.ERROR):
            transition(
                services.approve, submission=submission, user=approver, note="Ok."
            )
    finally:
        transition_committed.disconnect(broken_listener)
    assert draft.published_revision_id() == submission.revision_id
    assert "queue unreachable" in caplog.text
    deliver()  # the mail listener still ran
    assert "editor@example.org" in recipients(mailoutbox)


def test_an_approver_withdrawing_tells_the_submitter_why(
    draft, editor, medical_editor, approver, transition, deliver, mailoutbox
):
    submission = transition(services.submit, obj=draft, user=editor)
    deliver()
    mailoutbox.clear()
    transition(
        services.withdraw,
        submission=submission,
        user=approver,
        comment="Wait for the 2025 guideline.",
    )
    deliver()
    assert set(recipients(mailoutbox)) == {
        "editor@example.org",
        "medical_editor@example.org",
    }
    assert all("Approver Tester withdrew revision" in m.body for m in mailoutbox)
    assert all("Wait for the 2025 guideline." in m.body for m in mailoutbox)
