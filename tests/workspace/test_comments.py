"""Requesting changes: comments on sections, from the approver's review page
to the editor's change form and back to the review of the next submission."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from oncolex.review import services
from oncolex.review.models import AuditEvent, Submission, SubmissionState
from tests import factories
from tests.factories import sign_in_with_second_factor
from tests.workspace.browser_form import form_fields
from workspace import comments
from workspace.models import SectionComment


def login(user) -> Client:
    client = Client()
    sign_in_with_second_factor(client, user)
    return client


def change_form(client: Client, article) -> tuple[str, dict[str, list[str]]]:
    url = f"/admin/articles/article/{article.pk}/change/"
    html = client.get(url).content.decode()
    return html, form_fields(html, "article_form")


@pytest.fixture
def submitted(editor):
    article = factories.save_article(
        user=editor,
        title="Pancreatic NET",
        sections=factories.DEFAULT_SECTIONS,
        references=factories.DEFAULT_REFERENCES,
    )
    return article, services.submit(obj=article, user=editor)


def request_changes(client: Client, submission: Submission, **fields) -> object:
    review = client.get(f"/admin/oncolex/submission/{submission.pk}/change/")
    data = form_fields(review.content.decode(), "request-changes")
    for name, value in fields.items():
        data[name] = [value]
    return client.post(
        f"/admin/workspace/submission/{submission.pk}/request-changes/", data
    )


def test_comments_go_from_the_review_page_to_the_change_form_and_back(
    submitted, editor, approver
):
    article, submission = submitted
    approver_client = login(approver)
    response = request_changes(
        approver_client,
        submission,
        reason="Nearly there.",
        **{"section-grading": "Give the Ki-67 cut-offs for G1 to G3."},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == SubmissionState.REJECTED
    assert submission.decision_comment == "Nearly there."
    comment = SectionComment.objects.get()
    assert (comment.anchor, comment.heading) == ("grading", "Grading")
    assert AuditEvent.objects.filter(
        action="comment", comment="Grading: Give the Ki-67 cut-offs for G1 to G3."
    ).exists()
    page = approver_client.get(f"/admin/oncolex/submission/{submission.pk}/change/")
    assert "not resolved" in page.content.decode()

    # The editor sees the comment beside the Grading section, not elsewhere.
    editor_client = login(editor)
    html, data = change_form(editor_client, article)
    # Each section's comments come first in that section's box.
    first, second = html.split('id="sections-1"')
    assert "Give the Ki-67 cut-offs for G1 to G3." not in first
    shown = second.index("Give the Ki-67 cut-offs for G1 to G3.")
    assert shown < second.index('value="grading"')
    assert "Approver Tester" in second[:shown]

    # They rewrite the section, tick "resolved" and save.
    n = next(i for i in range(2) if data[f"sections-{i}-anchor"] == ["grading"])
    data[f"sections-{n}-body"] = ["G1: Ki-67 < 3 %; G2: 3-20 %; G3: > 20 %."]
    data["resolve_comment"] = [str(comment.pk)]
    response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, "the change form refused the save"
    comment.refresh_from_db()
    assert comment.resolved_by == editor and comment.resolved_at is not None
    assert AuditEvent.objects.filter(action="resolve", user=editor).count() == 1
    html, _ = change_form(editor_client, article)
    assert "Resolved by Editor Tester" in html
    assert 'name="resolve_comment"' not in html

    # The next submission's review page shows what was asked and resolved.
    again = services.submit(obj=article, user=editor)
    review = approver_client.get(f"/admin/oncolex/submission/{again.pk}/change/")
    page = review.content.decode()
    asked = re.search(r'id="section-comments".*?</section>', page, re.S).group(0)
    assert "Give the Ki-67 cut-offs for G1 to G3." in asked
    assert "resolved by Editor Tester" in asked
    trail = page[page.index("Audit trail") :]
    assert "commented on a section by Approver Tester" in trail
    assert "resolved a comment by Editor Tester" in trail


def test_a_request_for_changes_without_any_comment_is_refused(submitted, approver):
    _, submission = submitted
    client = login(approver)
    response = request_changes(client, submission, reason="Vague.")
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.is_pending
    assert not SectionComment.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Comment on at least one section" in m for m in messages)


def test_an_editor_cannot_request_changes(submitted, second_editor):
    _, submission = submitted
    response = login(second_editor).post(
        f"/admin/workspace/submission/{submission.pk}/request-changes/",
        {"section-grading": "Forged."},
    )
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.is_pending and not SectionComment.objects.exists()


def test_comments_on_unknown_sections_are_ignored_not_stored(submitted, approver):
    _, submission = submitted
    client = login(approver)
    request_changes(
        client,
        submission,
        **{"section-grading": "Real.", "section-invented": "Forged section."},
    )
    assert list(SectionComment.objects.values_list("anchor", flat=True)) == ["grading"]


def test_a_forged_resolution_of_another_articles_comment_changes_nothing(
    submitted, editor, approver
):
    _, submission = submitted
    comments.request_changes(
        submission=submission,
        user=approver,
        reason="See comments.",
        comments={"grading": "Cut-offs?"},
    )
    other = factories.save_article(
        user=editor, sections=factories.DEFAULT_SECTIONS, references=[]
    )
    client = login(editor)
    html, data = change_form(client, other)
    assert "Approver comments" not in html  # nobody commented on this one
    data["resolve_comment"] = [str(SectionComment.objects.get().pk)]
    response = client.post(f"/admin/articles/article/{other.pk}/change/", data)
    assert response.status_code == 302
    assert not SectionComment.objects.get().is_resolved
