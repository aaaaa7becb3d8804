"""Past review dates never look current: readers see "review overdue since"
from the day after the date (also through the page cache), the admin shows
it, and approving a revision whose date has already passed needs an explicit
confirmation."""

from __future__ import annotations

import datetime

import pytest

from articles.models import PublishedArticle
from oncolex import dates
from oncolex.review import services
from oncolex.review.exceptions import PastReviewDate
from tests.factories import (
    publish,
    published_article,
    save_article,
    sign_in_with_second_factor,
)

pytestmark = pytest.mark.django_db

DUE = datetime.date(2027, 3, 1)
NOTICE = "Review overdue since March 1, 2027."


@pytest.fixture
def on_day(monkeypatch):
    def move_to(day: datetime.date) -> None:
        monkeypatch.setattr(dates, "today", lambda: day)

    return move_to


@pytest.fixture
def due_article(editor, approver, on_day):
    on_day(datetime.date(2026, 12, 5))
    published_article(
        editor=editor,
        approver=approver,
        slug="due",
        last_reviewed=datetime.date(2026, 1, 1),
        next_review_due=DUE,
    )


def test_the_overdue_notice_appears_the_day_after_the_date_even_when_stored(
    redis_page_cache, client, due_article, on_day, django_assert_num_queries
):
    on_day(DUE)  # due today: not overdue yet
    assert NOTICE not in client.get("/en/articles/due/").content.decode()
    with django_assert_num_queries(1):  # served from the page store
        assert NOTICE not in client.get("/en/articles/due/").content.decode()
    on_day(DUE + datetime.timedelta(days=1))
    page = client.get("/en/articles/due/").content.decode()
    assert f'<p class="notice review-overdue" role="note"><strong>{NOTICE}' in page


def test_the_bokmal_notice_is_in_bokmal(client, editor, approver, on_day):
    published_article(
        editor=editor,
        approver=approver,
        slug="forfalt",
        language="nb",
        next_review_due=DUE,
        last_reviewed=datetime.date(2026, 1, 1),
    )
    on_day(datetime.date(2027, 10, 1))
    page = client.get("/nb/articles/forfalt/").content.decode()
    assert "Revisjonen er forfalt siden 1. mars 2027." in page


def test_the_admin_shows_the_overdue_review(client, editor, due_article, on_day):
    on_day(datetime.date(2027, 10, 1))
    client.force_login(editor)
    listing = client.get("/admin/articles/article/").content.decode()
    assert '<strong class="review-overdue">overdue since March 1, 2027</strong>' in (
        listing
    )
    cycle = client.get("/admin/articles/articledueforreview/").content.decode()
    assert "overdue since March 1, 2027" in cycle
    article_id = PublishedArticle.objects.get().article_id
    form = client.get(f"/admin/articles/article/{article_id}/change/").content.decode()
    assert "Review overdue since March 1, 2027: readers see this notice" in form


def test_approving_a_past_review_date_needs_a_confirmation(editor, approver, on_day):
    on_day(datetime.date(2027, 10, 1))
    article = save_article(
        user=editor,
        slug="late",
        last_reviewed=datetime.date(2026, 1, 1),
        next_review_due=DUE,
        sections=[("a", "A", "Text.")],
    )
    submission = services.submit(obj=article, user=editor)
    with pytest.raises(PastReviewDate) as refused:
        services.approve(submission=submission, user=approver, note="First")
    assert refused.value.code == "past_review_date"
    assert not PublishedArticle.objects.exists()
    submission.refresh_from_db()
    assert submission.is_pending
    services.approve(
        submission=submission,
        user=approver,
        note="First",
        confirm_past_review_date=True,
    )
    assert PublishedArticle.objects.current().get().next_review_due == DUE


def test_a_review_date_due_today_needs_no_confirmation(editor, approver, on_day):
    on_day(DUE)
    article = save_article(
        user=editor, next_review_due=DUE, last_reviewed=datetime.date(2026, 1, 1)
    )
    publish(article, editor=editor, approver=approver)
    assert PublishedArticle.objects.exists()


def test_the_approve_form_asks_for_the_confirmation(client, editor, approver, on_day):
    on_day(datetime.date(2027, 10, 1))
    article = save_article(
        user=editor, next_review_due=DUE, last_reviewed=datetime.date(2026, 1, 1)
    )
    submission = services.submit(obj=article, user=editor)
    sign_in_with_second_factor(client, approver)
    url = f"/admin/oncolex/submission/{submission.pk}/"
    page = client.get(f"{url}change/").content.decode()
    assert "The next review was due March 1, 2027, which has passed." in page
    assert 'name="confirm_past_review_date"' in page
    refused = client.post(f"{url}approve/", {"note": "First"}, follow=True)
    assert "which has passed: readers would see the review as overdue" in (
        refused.content.decode()
    )
    assert not PublishedArticle.objects.exists()
    client.post(f"{url}approve/", {"note": "First", "confirm_past_review_date": "on"})
    assert PublishedArticle.objects.exists()


def test_the_approve_form_asks_nothing_when_the_date_is_ahead(client, editor, approver):
    article = save_article(user=editor)  # due 2028
    submission = services.submit(obj=article, user=editor)
    sign_in_with_second_factor(client, approver)
    page = client.get(f"/admin/oncolex/submission/{submission.pk}/change/")
    assert 'name="confirm_past_review_date"' not in page.content.decode()
    assert 'name="note_nb"' not in page.content.decode()  # an article: one language
