"""Editor and approver work through the admin with JavaScript on: submit,
request changes on one section, resolve, resubmit, approve, and each one's
dashboard tells them what happened."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from oncolex.two_factor import ensure_backup_codes
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"
TITLE = "Small bowel NET (en)"


def log_in(new_context, live_server: LiveServer, username: str, code: str = "") -> Page:
    tab = new_context(java_script_enabled=True).new_page()
    tab.goto(f"{live_server.url}/admin/login/")
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    if code:  # approvers confirm a second factor before the admin opens
        tab.get_by_label("Code").fill(code)
        tab.get_by_role("button", name="Confirm").click()
    expect(tab.get_by_role("heading", name="Site administration")).to_be_visible()
    return tab


def test_a_change_request_goes_round_and_the_article_is_published(
    live_server: LiveServer, new_context, editor, approver, settings, axe_violations
) -> None:
    settings.ONCOLEX_SITE_URL = live_server.url
    article = factories.save_article(
        user=editor,
        title="Small bowel NET",
        sections=factories.DEFAULT_SECTIONS,
        references=factories.DEFAULT_REFERENCES,
    )
    change_url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    writer = log_in(new_context, live_server, "editor")
    drafts = writer.locator("#your-drafts")
    expect(drafts.get_by_role("link", name="Small bowel NET (en)")).to_be_visible()
    writer.goto(change_url)
    writer.get_by_role("link", name="Submit for review").click()
    writer.get_by_label("Note for the approver").fill("First version.")
    writer.get_by_role("button", name="Submit for review").click()
    expect(writer.get_by_text("is waiting for an approver")).to_be_visible()

    reviewer = log_in(
        new_context, live_server, "approver", ensure_backup_codes(approver)[0]
    )
    awaiting = reviewer.locator("#awaiting-review")
    expect(awaiting.get_by_text("Editor Tester")).to_be_visible()
    expect(reviewer.locator(".workspace-counts")).to_contain_text(
        "1 awaiting your review"
    )
    awaiting.get_by_role("link", name="Small bowel NET (en)").click()
    # The review page, its diff marks and the links inside them included.
    assert axe_violations(reviewer) == ""
    reviewer.get_by_label("Comment on “Grading”").fill("Give the Ki-67 cut-offs.")
    reviewer.get_by_role("button", name="Request changes").click()
    expect(reviewer.get_by_text("Changes requested on 1 section(s)")).to_be_visible()

    writer.goto(f"{live_server.url}/admin/")
    expect(writer.locator("#your-submissions")).to_contain_text("changes requested")
    writer.goto(change_url)
    grading = writer.locator(".inline-related").filter(
        has=writer.locator("input[value=grading]")
    )
    expect(grading.get_by_text("Give the Ki-67 cut-offs.")).to_be_visible()
    grading.locator("textarea").fill("G1 below 3 %, G2 3 to 20 %, G3 above 20 %.")
    grading.get_by_label("Resolved (marked when you save)").check()
    writer.get_by_role("button", name="Save and continue editing").click()
    expect(writer.get_by_text("Resolved by Editor Tester")).to_be_visible()
    writer.get_by_role("link", name="Submit for review").click()
    writer.get_by_role("button", name="Submit for review").click()

    reviewer.goto(f"{live_server.url}/admin/")
    reviewer.locator("#awaiting-review").get_by_role(
        "link", name="Small bowel NET (en)"
    ).click()
    expect(reviewer.locator("#section-comments")).to_contain_text(
        "resolved by Editor Tester"
    )
    reviewer.get_by_label("What changed clinically").fill("Grading cut-offs added.")
    reviewer.get_by_role("button", name="Approve and publish").click()
    expect(reviewer.get_by_text("Approved and published.")).to_be_visible()

    writer.goto(f"{live_server.url}/admin/")
    expect(writer.locator("#your-submissions")).to_contain_text("approved")
    assert axe_violations(writer) == ""
    expect(
        writer.locator("#recently-published").get_by_role(
            "link", name="Small bowel NET"
        )
    ).to_be_visible()

    # The worker (the command `make run` starts) sends the queued mail.
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("approver@example.org", f"[Oncolex] Awaiting your review: {TITLE}"),
        ("approver@example.org", f"[Oncolex] Awaiting your review: {TITLE}"),
        ("editor@example.org", f"[Oncolex] Approved and published: {TITLE}"),
        ("editor@example.org", f"[Oncolex] Changes requested: {TITLE}"),
    ]
