"""The admin index runs a fixed number of queries however many articles,
submissions, drafts and reviews due there are."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from oncolex.review import services
from tests import factories
from tests.factories import sign_in_with_second_factor

TODAY = datetime.date.today()


def build(n: int, *, editor, second_editor, approver) -> None:
    """`n` articles, each with the editor as medical editor and a link to a
    missing page: two published, the rest overdue for review; every fifth
    written by the second editor, the rest by the editor; every third and
    every fifth submitted."""
    cancer_type = factories.make_cancer_type()
    for i in range(n):
        author = second_editor if i % 5 == 0 else editor
        article = factories.save_article(
            user=author,
            cancer_type=cancer_type,
            title=f"Article {i}",
            last_reviewed=TODAY - datetime.timedelta(days=900),
            # The two published ones are not overdue: approval would refuse.
            next_review_due=TODAY
            + datetime.timedelta(days=365 if i < 2 else -(i % 40)),
            sections=[("intro", "Intro", "See [x](article:missing).")],
        )
        article.medical_editors.add(editor)
        if i < 2:
            factories.publish(article, editor=author, approver=approver)
        elif i % 3 == 0 or i % 5 == 0:
            services.submit(obj=article, user=author)


@pytest.mark.parametrize("n", [10, 500])
def test_the_dashboard_runs_the_same_queries_for_10_and_500_articles(
    n, editor, second_editor, approver, django_assert_num_queries
):
    build(n, editor=editor, second_editor=second_editor, approver=approver)
    for user, expected in ((approver, APPROVER_QUERIES), (editor, EDITOR_QUERIES)):
        client = Client()
        if user == approver:
            sign_in_with_second_factor(client, user)
        else:  # an editor who has not enrolled a second factor
            client.force_login(user)
        # Start from a cold content-type cache, as a fresh worker does.
        ContentType.objects.clear_cache()
        with django_assert_num_queries(expected):
            response = client.get("/admin/")
        assert response.status_code == 200
    html = response.content.decode()
    # Long lists are cut, and say how long they are.
    assert html.count("not submitted") == min(
        len([i for i in range(2, n) if not (i % 3 == 0 or i % 5 == 0)]), 50
    )


# Session, user, the device of the confirmed second factor, the user's
# permissions (2), content types (2); the header
# counts: pending submissions and their four-eyes check (published revisions,
# the approver's own versions), drafts per reviewed model (articles, datasets),
# own overdue reviews (1); the dashboard: pending submissions, their articles,
# four-eyes (2), drafts (2), own submissions with their articles (2), reviews
# due (count, rows, their medical editors), broken links, problems found in
# drafts when saved, translations behind, recently published; the admin's
# recent actions.
APPROVER_QUERIES = 28
# The same without the approver's two lists (pending, articles, four-eyes) and
# without a confirmed device, plus whether the editor enrolled one (TOTP and
# backup codes: two).
EDITOR_QUERIES = 23
