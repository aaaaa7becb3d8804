"""The outbox in the admin: operators see every mail and requeue failed ones."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_tasks_db.models import DBTaskResult

from tests.factories import sign_in_with_second_factor
from workspace.models import Mail, MailState


@pytest.fixture
def failed_mail(editor) -> Mail:
    return Mail.objects.create(
        kind="approved",
        recipient=editor,
        to=editor.email,
        language="en",
        subject="[Oncolex] Approved and published: X",
        body_text="Text",
        body_html="<p>Text</p>",
        state=MailState.FAILED,
        attempts=6,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )


@pytest.fixture
def operator(db) -> User:
    return User.objects.create_superuser("chief", "chief@example.org", "x")


def test_failed_mail_is_listed_with_its_error_and_can_be_sent_again(
    failed_mail, operator, deliver, mailoutbox
):
    client = Client()
    sign_in_with_second_factor(client, operator)
    listing = client.get("/admin/workspace/mail/?state__exact=failed")
    assert "[Oncolex] Approved and published: X" in listing.content.decode()
    detail = client.get(f"/admin/workspace/mail/{failed_mail.pk}/change/")
    assert "Connection refused" in detail.content.decode()
    response = client.post(
        "/admin/workspace/mail/",
        {"action": "send_again", "_selected_action": [str(failed_mail.pk)]},
    )
    assert response.status_code == 302
    assert DBTaskResult.objects.count() == 1
    deliver()
    failed_mail.refresh_from_db()
    assert failed_mail.state == MailState.SENT
    assert [m.to for m in mailoutbox] == [["editor@example.org"]]


def test_editors_cannot_read_other_peoples_mail(failed_mail, second_editor):
    client = Client()
    sign_in_with_second_factor(client, second_editor)
    assert client.get("/admin/workspace/mail/").status_code == 403
