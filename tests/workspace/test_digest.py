"""The weekly digest of reviews due, per medical editor, and each person's
mail settings."""

from __future__ import annotations

import datetime

from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from tests import factories
from tests.factories import sign_in_with_second_factor
from tests.workspace.conftest import set_profile
from workspace.models import Profile

TODAY = datetime.date.today()


def article_due(user, title: str, days: int, *editors):
    article = factories.save_article(
        user=user,
        title=title,
        last_reviewed=TODAY - datetime.timedelta(days=700),
        next_review_due=TODAY + datetime.timedelta(days=days),
    )
    article.medical_editors.add(*editors)
    return article


def test_the_digest_lists_each_medical_editors_overdue_and_soon_due_reviews(
    editor, second_editor, medical_editor, deliver, mailoutbox, capsys
):
    overdue = article_due(editor, "Stale guidance", -5, editor, medical_editor)
    article_due(editor, "Soon due", 12, editor)
    article_due(editor, "Far off", 90, editor, second_editor)
    set_profile(medical_editor, language="nb")
    call_command("send_review_digest")
    assert "Queued the weekly digest task" in capsys.readouterr().out
    assert mailoutbox == []  # the command only queues; the worker writes and sends
    deliver()
    by_person = {m.to[0]: m for m in mailoutbox}
    assert set(by_person) == {"editor@example.org", "medical_editor@example.org"}
    mine = by_person["editor@example.org"]
    assert mine.subject == "[Oncolex] Reviews due: 2 article(s)"
    overdue_part, soon_part = mine.body.split("Due within 30 days:")
    assert "Stale guidance (en)" in overdue_part
    assert "Soon due (en)" in soon_part
    assert "Far off" not in mine.body
    assert (
        f"http://testserver.example/admin/articles/article/{overdue.pk}/change/"
        in mine.body
    )
    bokmal = by_person["medical_editor@example.org"]
    assert bokmal.subject == "[Oncolex] Revisjoner som forfaller: 1 artikler"
    assert "Forfalt:" in bokmal.body and "Stale guidance" in bokmal.body
    assert "text/html" in bokmal.alternatives[0][1]


def test_no_digest_for_someone_who_turned_it_off(editor, deliver, mailoutbox):
    article_due(editor, "Stale guidance", -5, editor)
    set_profile(editor, mail_digest=False)
    call_command("send_review_digest", now=True)
    deliver()
    assert mailoutbox == []


def test_the_digest_command_queues_a_task_for_the_worker(editor):
    call_command("send_review_digest")
    task = DBTaskResult.objects.get()
    assert task.task_path == "workspace.tasks.mail_weekly_digest"


def test_a_person_sets_their_language_and_opt_outs_in_the_admin(editor):
    client = Client()
    sign_in_with_second_factor(client, editor)
    page = client.get("/admin/workspace/my-settings/")
    assert page.status_code == 200
    assert "Mail me when a revision awaits my review" in page.content.decode()
    response = client.post(
        "/admin/workspace/my-settings/",
        {
            "language": "nb",
            "mail_submitted": "on",
            "mail_approved": "on",
            "mail_rejected": "on",
            "mail_changes": "on",
            "mail_withdrawn": "on",
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=editor)
    assert profile.language == "nb"
    assert profile.mail_submitted and not profile.mail_digest


def test_a_forged_language_is_refused_and_nothing_is_saved(editor):
    client = Client()
    sign_in_with_second_factor(client, editor)
    response = client.post("/admin/workspace/my-settings/", {"language": "xx"})
    assert response.status_code == 400
    assert Profile.objects.get(user=editor).language == "en"


def test_the_settings_page_is_behind_the_admin_login(client, db):
    response = client.get("/admin/workspace/my-settings/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
