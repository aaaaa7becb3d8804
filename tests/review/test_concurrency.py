"""Two people doing the same thing at the same instant: it happens once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from reversion.models import Version

from articles.models import PublishedArticle
from oncolex.review import services
from oncolex.review.exceptions import InvalidState
from tests.epidemiology.helpers import make_dataset
from tests.factories import DEFAULT_SECTIONS, make_approver, make_editor, save_article


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_approvals_of_one_submission_publish_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with row locks and real concurrent connections")
    editor = make_editor()
    approvers = [make_approver("approver_a"), make_approver("approver_b")]
    article = save_article(user=editor, sections=DEFAULT_SECTIONS)
    submission = services.submit(obj=article, user=editor)

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(user) -> None:
        try:
            barrier.wait(timeout=10)
            services.approve(submission=submission, user=user, note="Approved")
            outcomes.append("published")
        except InvalidState:
            outcomes.append("refused")
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=approve, args=(u,)) for u in approvers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["published", "refused"]
    assert PublishedArticle.objects.filter(article=article).count() == 1


def change_form_as_posted(client, url: str) -> dict[str, object]:
    """The admin change form at `url`, as a browser posts it back unchanged:
    every field of the form and of its inlines, management forms included."""
    context = client.get(url).context
    forms = [context["adminform"].form]
    values: dict[str, object] = {}
    for inline in context.get("inline_admin_formsets", []):
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue  # unchecked boxes are not posted
            if isinstance(value, list | tuple):
                values[field.html_name] = [str(v) for v in value]
            else:
                values[field.html_name] = "on" if value is True else str(value)
    return values


def _save_twice_at_once(url: str, users, change: str) -> list[int]:
    """Two editors open the same form, then post their edits at one instant."""
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append((client, change_form_as_posted(client, url)))
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def save(client: Client, data: dict, n: int) -> None:
        try:
            barrier.wait(timeout=10)
            response = client.post(url, {**data, change: f"Edited by editor {n}"})
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(client, data, n))
        for n, (client, data) in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(statuses)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_saves_of_one_stale_article_form_at_the_same_instant_save_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with row locks and real concurrent connections")
    editors = [make_editor("editor_a"), make_editor("editor_b")]
    article = save_article(user=editors[0], sections=DEFAULT_SECTIONS)
    url = f"/admin/articles/article/{article.pk}/change/"

    # 302: saved; 200: the form again, with the conflict message.
    assert _save_twice_at_once(url, editors, "summary") == [200, 302]
    assert Version.objects.get_for_object(article).count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_saves_of_one_stale_dataset_form_at_the_same_instant_save_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with row locks and real concurrent connections")
    editors = [make_editor("editor_a"), make_editor("editor_b")]
    dataset = make_dataset(user=editors[0])
    url = f"/admin/epidemiology/dataset/{dataset.pk}/change/"

    assert _save_twice_at_once(url, editors, "note") == [200, 302]
    assert Version.objects.get_for_object(dataset).count() == 2


@pytest.mark.django_db
def test_a_dataset_form_opened_before_another_save_is_refused(client, editor):
    dataset = make_dataset(user=editor)
    url = f"/admin/epidemiology/dataset/{dataset.pk}/change/"
    client.force_login(editor)
    stale = change_form_as_posted(client, url)
    assert client.post(url, {**stale, "note": "First"}).status_code == 302
    response = client.post(url, {**stale, "note": "Second"})
    assert response.status_code == 200
    assert [
        e.code for e in response.context["adminform"].form.non_field_errors().as_data()
    ] == ["stale"]
    dataset.refresh_from_db()
    assert dataset.note == "First"
