"""Two approvers pressing "approve" at the same moment publish once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from articles.models import PublishedArticle
from oncolex.review import chain, services
from oncolex.review.exceptions import InvalidState
from oncolex.review.models import AuditEvent
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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_approvals_of_different_articles_keep_one_intact_chain():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with row locks and real concurrent connections")
    editor = make_editor()
    approvers = [make_approver("approver_a"), make_approver("approver_b")]
    submissions = []
    for n in range(2):
        article = save_article(
            user=editor, slug=f"parallel-{n}", sections=DEFAULT_SECTIONS
        )
        submissions.append(services.submit(obj=article, user=editor))

    barrier = threading.Barrier(2)

    def approve(submission, user) -> None:
        try:
            barrier.wait(timeout=10)
            services.approve(submission=submission, user=user, note="Approved")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=pair)
        for pair in zip(submissions, approvers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert PublishedArticle.objects.current().count() == 2
    for model in (PublishedArticle, AuditEvent):
        assert chain.verify_chain(model)[1] is None
