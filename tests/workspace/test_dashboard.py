"""The dashboard on the admin index: what each person is told to do next."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from oncolex.review import services
from tests import factories
from tests.factories import sign_in_with_second_factor

TODAY = datetime.date.today()


def section(html: str, section_id: str) -> str:
    found = re.search(rf'<section[^>]*id="{section_id}".*?</section>', html, re.S)
    return found.group(0) if found else ""


def index(user: User) -> str:
    client = Client()
    sign_in_with_second_factor(client, user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(
        "chief", "chief@example.org", "x", first_name="Chief", last_name="Tester"
    )


@pytest.fixture
def workplace(editor, second_editor, approver, second_approver):
    """Articles in every state the dashboard reports."""
    live, _ = factories.published_article(
        editor=editor, approver=approver, title="Live and edited"
    )
    factories.save_article(user=editor, article=live, summary="Unsubmitted edit.")
    pending = factories.save_article(user=editor, title="Waiting one")
    waiting = services.submit(obj=pending, user=editor, comment="Grading updated")
    own_edits = factories.save_article(user=second_editor, title="Approver touched")
    factories.save_article(user=approver, article=own_edits, summary="Fixed typo.")
    touched = services.submit(obj=own_edits, user=second_editor)
    refused = factories.save_article(user=editor, title="Sent back")
    services.reject(
        submission=services.submit(obj=refused, user=editor),
        user=second_approver,
        reason="Cite the 2019 WHO grading.",
    )
    overdue = factories.save_article(
        user=second_editor,
        title="Stale guidance",
        last_reviewed=TODAY - datetime.timedelta(days=800),
        next_review_due=TODAY - datetime.timedelta(days=3),
    )
    overdue.medical_editors.add(editor)
    soon = factories.save_article(
        user=second_editor,
        title="Soon due",
        last_reviewed=TODAY - datetime.timedelta(days=300),
        next_review_due=TODAY + datetime.timedelta(days=10),
    )
    linking, _ = factories.published_article(
        editor=second_editor,
        approver=approver,
        title="Linking page",
        sections=[("intro", "Intro", "See [gone](article:no-such-page).")],
    )
    return {
        "live": live,
        "waiting": waiting,
        "touched": touched,
        "overdue": overdue,
        "soon": soon,
        "linking": linking,
    }


def test_an_approver_sees_what_awaits_them_and_what_four_eyes_leaves_to_others(
    workplace, approver
):
    html = index(approver)
    awaiting = section(html, "awaiting-review")
    assert "Waiting one (en)" in awaiting
    assert "Editor Tester" in awaiting  # submitted by, by full name
    assert "Grading updated" in awaiting
    mine, others = awaiting.split("Waiting for another approver")
    assert "Approver touched" not in mine
    assert "Approver touched (en)" in others
    assert "This revision contains your own edits" in others
    assert "1 awaiting your review" in html  # the header count


def test_approvers_queue_lists_the_oldest_submission_first(
    editor, second_editor, approver
):
    first = factories.save_article(user=editor, title="Older")
    services.submit(obj=first, user=editor)
    second = factories.save_article(user=second_editor, title="Newer")
    services.submit(obj=second, user=second_editor)
    awaiting = section(index(approver), "awaiting-review")
    assert awaiting.index("Older") < awaiting.index("Newer")


def test_an_editor_sees_their_drafts_and_submissions_but_nothing_to_approve(
    workplace, editor
):
    html = index(editor)
    assert section(html, "awaiting-review") == ""
    drafts = section(html, "your-drafts")
    assert "Live and edited (en)" in drafts
    assert "Waiting one" not in drafts  # submitted, so not a draft
    submissions = section(html, "your-submissions")
    assert "Waiting one (en)" in submissions and "pending review" in submissions
    assert "Sent back (en)" in submissions and "rejected" in submissions
    assert "Cite the 2019 WHO grading." in submissions
    assert "Second Approver Tester" in submissions
    assert "1 draft to submit" in html


def test_a_second_editor_sees_only_their_own_drafts_and_submissions(
    workplace, second_editor
):
    html = index(second_editor)
    drafts = section(html, "your-drafts")
    assert "Live and edited" not in drafts
    assert "Stale guidance (en)" in drafts and "Soon due (en)" in drafts
    submissions = section(html, "your-submissions")
    assert "Approver touched (en)" in submissions
    assert "Waiting one" not in submissions


def test_reviews_due_put_the_persons_own_articles_first(
    workplace, editor, second_editor
):
    factories.save_article(
        user=second_editor,
        title="Older and not mine",
        last_reviewed=TODAY - datetime.timedelta(days=900),
        next_review_due=TODAY - datetime.timedelta(days=60),
    )
    due = section(index(editor), "reviews-due")
    overdue, soon = due.split("Due within 30 days")
    assert overdue.index("Stale guidance (en)") < overdue.index("Older and not mine")
    assert "you are a medical editor" in overdue
    assert "Soon due (en)" in soon
    # Someone who edits neither sees them by date.
    others = section(index(second_editor), "reviews-due")
    assert others.index("Older and not mine") < others.index("Stale guidance")


def test_everyone_sees_broken_links_translations_behind_and_recent_publications(
    workplace, second_editor, twins_behind
):
    html = index(second_editor)
    broken = section(html, "broken-links")
    assert "Linking page" in broken and "no-such-page" in broken
    behind = section(html, "translations-behind")
    assert "Nevroendokrine svulster" in behind
    assert "Neuroendocrine tumours" in behind
    recent = section(html, "recently-published")
    assert "Linking page" in recent and "Approver Tester" in recent


@pytest.fixture
def twins_behind(editor, approver):
    """A Bokmål article approved before its English twin was revised."""
    english = factories.save_article(
        user=editor, title="Neuroendocrine tumours", sections=factories.DEFAULT_SECTIONS
    )
    bokmal = factories.save_article(
        user=editor,
        language="nb",
        title="Nevroendokrine svulster",
        translation=english,
        sections=[("bakgrunn", "Bakgrunn", "Tekst.")],
    )
    factories.publish(english, editor=editor, approver=approver)
    factories.publish(bokmal, editor=editor, approver=approver)
    factories.save_article(user=editor, article=english, summary="Revised.")
    factories.publish(english, editor=editor, approver=approver, note="Revised")


def test_a_superuser_sees_every_pending_submission_and_every_list(workplace, superuser):
    html = index(superuser)
    awaiting = section(html, "awaiting-review")
    assert "Waiting one (en)" in awaiting and "Approver touched (en)" in awaiting
    assert "Waiting for another approver" not in awaiting
    for part in ("reviews-due", "broken-links", "recently-published"):
        assert section(html, part)


def test_other_admin_pages_show_the_counts_in_the_header(workplace, approver):
    client = Client()
    sign_in_with_second_factor(client, approver)
    html = client.get("/admin/articles/article/").content.decode()
    assert "1 awaiting your review" in html
    assert "My settings" in html


def test_problems_found_when_a_draft_was_saved_are_listed_for_everyone(
    editor, second_editor
):
    from tests.articles.test_admin import article_form

    cancer_type = factories.make_cancer_type()
    client = Client()
    sign_in_with_second_factor(client, editor)
    response = client.post(
        "/admin/articles/article/add/",
        article_form(
            cancer_type.pk,
            **{"sections-0-body": "Rare [5]; see [grading](article:no-such-page)."},
        ),
    )
    assert response.status_code == 302
    broken = section(index(second_editor), "broken-links")
    assert "Pancreatic NET (en)" in broken
    assert "Citation [5] points at no reference" in broken
    assert "saved by Editor Tester" in broken


def test_the_dashboard_speaks_bokmal_to_a_bokmal_browser(workplace, approver):
    client = Client(headers={"accept-language": "nb"})
    sign_in_with_second_factor(client, approver)
    html = client.get("/admin/").content.decode()
    assert "Venter på din godkjenning" in section(html, "awaiting-review")
    assert "Denne revisjonen inneholder dine egne endringer" in html
    assert "1 venter på din godkjenning" in html
