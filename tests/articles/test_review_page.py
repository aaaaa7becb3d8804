"""The approver's review page reads top to bottom: what changed, a preview
link and the source diff, then the decision; withdrawing asks first; after a
decision the page links to the public article. The admin history and revert."""

from __future__ import annotations

from reversion.models import Version

from articles.models import PublishedArticle
from oncolex.review import services
from oncolex.review.models import Submission, SubmissionState
from oncolex.review.services import latest_revision_id
from tests.browser_form import form_data
from tests.diff_pages import parse_strictly
from tests.factories import (
    make_approver,
    publish,
    published_article,
    save_article,
    sign_in_with_second_factor,
)


def _pending(editor, approver) -> Submission:
    article, _version = published_article(
        editor=editor, approver=approver, sections=[("dose", "Dose", "Give 5 mg.")]
    )
    save_article(
        user=editor, article=article, sections=[("dose", "Dose", "Give 7 mg.")]
    )
    return services.submit(obj=article, user=editor)


def _review_url(submission: Submission) -> str:
    return f"/admin/oncolex/submission/{submission.pk}/change/"


def test_the_decision_forms_come_after_the_diff(client, editor, approver):
    submission = _pending(editor, approver)
    sign_in_with_second_factor(client, make_approver("reviewer"))
    page = client.get(_review_url(submission)).content.decode()
    diff = page.index('class="article-diff"')
    assert diff < page.index("/approve/") and diff < page.index("/reject/")


def test_the_review_page_links_the_preview_of_the_submitted_revision(
    client, editor, approver
):
    submission = _pending(editor, approver)
    sign_in_with_second_factor(client, make_approver("reviewer"))
    page = client.get(_review_url(submission)).content.decode()
    preview = (
        f"/admin/articles/article/{submission.object_id}/preview/"
        f"{submission.revision_id}/"
    )
    assert f'href="{preview}"' in page
    assert client.get(preview).status_code == 200


def test_the_source_diff_shows_the_markdown_line_by_line(client, editor, approver):
    submission = _pending(editor, approver)
    sign_in_with_second_factor(client, make_approver("reviewer"))
    response = client.get(_review_url(submission) + "?view=source")
    rows = {
        "".join(tr.itertext()).strip(): tr.get("class")
        for tr in parse_strictly(response.content).iter("tr")
    }
    assert any(
        "Give 5 mg." in text and css == "line-removed" for text, css in rows.items()
    )
    assert any(
        "Give 7 mg." in text and css == "line-added" for text, css in rows.items()
    )


def test_withdrawing_asks_for_confirmation_first(client, editor, approver):
    submission = _pending(editor, approver)
    client.force_login(editor)
    page = client.get(_review_url(submission)).content.decode()
    url = f"/admin/oncolex/submission/{submission.pk}/withdraw/"
    assert f'href="{url}"' in page  # a link to a question, not a button
    question = client.get(url)
    assert question.status_code == 200
    submission.refresh_from_db()
    assert submission.state == SubmissionState.PENDING
    data = form_data(question.content, "withdraw-form")
    assert client.post(url, data).status_code == 302
    submission.refresh_from_db()
    assert submission.state == SubmissionState.WITHDRAWN


def test_after_approval_the_review_page_links_to_the_public_article(
    client, editor, approver
):
    submission = _pending(editor, approver)
    sign_in_with_second_factor(client, make_approver("reviewer"))
    page = client.get(_review_url(submission)).content.decode()
    assert "See the public page" not in page
    response = client.post(
        f"/admin/oncolex/submission/{submission.pk}/approve/",
        {"note": "Dose corrected"},
        follow=True,
    )
    live = PublishedArticle.objects.current().get(article_id=submission.object_id)
    assert f'href="{live.get_absolute_url()}"' in response.content.decode()


def test_history_lists_revisions_newest_first_with_readers_version_numbers(
    client, editor, approver
):
    article, _version = published_article(editor=editor, approver=approver)
    save_article(user=editor, article=article, summary="Second")
    publish(article, editor=editor, approver=approver, note="v2")
    save_article(user=editor, article=article, summary="Draft")
    client.force_login(editor)
    root = parse_strictly(
        client.get(f"/admin/articles/article/{article.pk}/history/").content
    )
    table = next(t for t in root.iter("table") if t.get("id") == "change-history")
    rows = [
        [" ".join("".join(cell.itertext()).split()) for cell in tr]
        for tr in table.find("tbody")
    ]
    revisions = [int(row[0]) for row in rows]
    assert revisions == sorted(revisions, reverse=True)
    assert [row[1] for row in rows] == ["", "v2", "v1"]
    # Preselected: what readers see (v2) against the latest draft.
    checked = {
        radio.get("name"): int(radio.get("value"))
        for radio in root.iter("input")
        if radio.get("checked") is not None
    }
    assert checked == {"from": revisions[1], "to": revisions[0]}


def test_revert_lands_on_the_change_form_saying_a_draft_was_created(
    client, editor, approver
):
    article, _version = published_article(editor=editor, approver=approver)
    first = Version.objects.get_for_object(article).get()
    save_article(user=editor, article=article, summary="Changed later")
    client.force_login(editor)
    url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"
    data = form_data(client.get(url).content, "article_form")
    response = client.post(url, data, follow=True)
    assert (
        response.redirect_chain[-1][0]
        == f"/admin/articles/article/{article.pk}/change/"
    )
    page = response.content.decode()
    assert "restored as a new draft" in page and "submit the draft for review" in page
    assert latest_revision_id(article) != first.revision_id


def test_admin_compare_of_a_revision_with_itself_says_so(client, editor, approver):
    article, version = published_article(editor=editor, approver=approver)
    client.force_login(editor)
    revision = version.revision_id
    response = client.get(
        f"/admin/articles/article/{article.pk}/compare/?from={revision}&to={revision}"
    )
    assert response.status_code == 200
    assert "These are the same revision" in response.content.decode()
