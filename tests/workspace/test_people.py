"""People appear by their full names in the admin, never by usernames."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from oncolex.review import services
from oncolex.review.models import Submission
from tests import factories
from tests.factories import sign_in_with_second_factor


@pytest.fixture
def named(editor, approver):
    editor.first_name, editor.last_name = "Ingrid", "Berg"
    editor.save()
    article = factories.save_article(
        user=editor,
        title="Stale guidance",
        last_reviewed=datetime.date.today() - datetime.timedelta(days=800),
        next_review_due=datetime.date.today() - datetime.timedelta(days=1),
    )
    article.medical_editors.add(editor)
    services.reject(
        submission=services.submit(obj=article, user=editor),
        user=approver,
        reason="Sources missing.",
    )
    return article


def page(user, url: str) -> str:
    client = Client()
    sign_in_with_second_factor(client, user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/oncolex/submission/?state__exact=rejected",
        "/admin/oncolex/auditevent/",
        "/admin/articles/articledueforreview/",
        "/admin/articles/article/{pk}/change/",
        "/admin/oncolex/submission/{submission}/change/",
    ],
)
def test_the_admin_names_people_in_full(named, approver, url):
    submission = Submission.objects.get()
    html = page(approver, url.format(pk=named.pk, submission=submission.pk))
    assert "Ingrid Berg" in html
    assert not re.search(r">\s*editor\s*<", html)
