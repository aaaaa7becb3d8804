"""Editorial tools: revision history, diffs, revert, stale forms, links, twins."""

from __future__ import annotations

import datetime

from reversion.models import Revision, Version

from articles.models import Article, PublishedArticle
from oncolex.review import services
from tests.articles.test_admin import article_form
from tests.factories import (
    DEFAULT_SECTIONS,
    make_approver,
    make_cancer_type,
    publish,
    published_article,
    save_article,
    sign_in_with_second_factor,
)


def change_form_data(client, article: Article) -> dict:
    """The article's change form as the browser would post it back unchanged."""
    response = client.get(f"/admin/articles/article/{article.pk}/change/")
    form = response.context["adminform"].form
    data = article_form(
        article.cancer_types.get().pk,
        title=article.title,
        slug=article.slug,
        summary=article.summary,
        icd10_codes="",
        based_on_revision=str(form.initial["based_on_revision"]),
    )
    sections = list(article.sections.all())
    data["sections-TOTAL_FORMS"] = str(len(sections))
    data["sections-INITIAL_FORMS"] = str(len(sections))
    for n, section in enumerate(sections):
        data.update(
            {
                f"sections-{n}-id": str(section.pk),
                f"sections-{n}-article": str(article.pk),
                f"sections-{n}-position": str(section.position),
                f"sections-{n}-heading": section.heading,
                f"sections-{n}-anchor": section.anchor,
                f"sections-{n}-body": section.body,
            }
        )
    data["references-TOTAL_FORMS"] = "0"
    return data


def test_second_stale_save_is_refused_naming_who_saved_in_between(
    client, editor, second_editor
):
    article = save_article(user=editor, sections=DEFAULT_SECTIONS, references=[])
    client.force_login(editor)
    mine = change_form_data(client, article)
    client.force_login(second_editor)
    theirs = change_form_data(client, article)
    theirs["sections-0-body"] = "Second editor's careful wording."
    assert (
        client.post(f"/admin/articles/article/{article.pk}/change/", theirs).status_code
        == 302
    )

    client.force_login(editor)
    mine["sections-0-body"] = "First editor's stale wording."
    response = client.post(f"/admin/articles/article/{article.pk}/change/", mine)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Second Editor Tester saved this article" in page
    assert "See what they changed" in page
    assert article.sections.get(anchor="background").body == (
        "Second editor's careful wording."
    )


def test_fresh_form_saves_normally(client, editor):
    article = save_article(user=editor, sections=DEFAULT_SECTIONS, references=[])
    client.force_login(editor)
    data = change_form_data(client, article)
    data["summary"] = "Updated summary"
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.summary == "Updated summary"


def test_browser_line_endings_do_not_show_as_changes(client, editor):
    article = save_article(
        user=editor, sections=[("a", "A", "One.\n\nTwo.")], summary="S\nT"
    )
    client.force_login(editor)
    data = change_form_data(client, article)
    data["sections-0-body"] = "One.\r\n\r\nTwo."
    data["summary"] = "S\r\nT"
    assert (
        client.post(f"/admin/articles/article/{article.pk}/change/", data).status_code
        == 302
    )
    assert article.sections.get().body == "One.\n\nTwo."
    article.refresh_from_db()
    assert article.summary == "S\nT"


def test_admin_history_shows_each_revision_with_its_review_state(
    client, editor, approver
):
    article, _ = published_article(editor=editor, approver=approver)
    save_article(user=editor, article=article, summary="Pending change")
    services.submit(obj=article, user=editor)
    save_article(user=editor, article=article, summary="Draft change")
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    assert "published as version 1 (live)" in page
    assert "withdrawn" not in page
    assert "pending review" in page
    assert "draft" in page


def test_admin_compares_any_two_revisions_word_by_word(client, editor):
    article = save_article(
        user=editor, sections=[("dose", "Dose", "Give 5 mg.")], references=[]
    )
    save_article(
        user=editor,
        article=article,
        sections=[("dose", "Dose", "Give 10 mg.")],
        references=[{"authors": "X", "title": "New ref", "year": 2024, "pmid": "1"}],
    )
    old, new = sorted(
        Version.objects.get_for_object(article).values_list("revision_id", flat=True)
    )
    client.force_login(editor)
    page = client.get(
        f"/admin/articles/article/{article.pk}/compare/?from={old}&to={new}"
    ).content.decode()
    assert '<del><span class="visually-hidden">[removed] </span>5</del>' in page
    assert '<ins><span class="visually-hidden">[added] </span>10</ins>' in page
    assert "New ref" in page


def test_admin_compare_with_bad_revisions_explains(client, editor):
    article = save_article(user=editor, sections=DEFAULT_SECTIONS)
    client.force_login(editor)
    response = client.get(f"/admin/articles/article/{article.pk}/compare/?from=x")
    assert response.status_code == 400
    assert "Choose two revisions" in response.content.decode()


def test_revert_restores_deleted_sections_and_references_as_a_new_draft(
    client, editor, approver
):
    article, _ = published_article(editor=editor, approver=approver)
    first_version = Version.objects.get_for_object(article).get()
    save_article(
        user=editor,
        article=article,
        sections=[("background", "Background", "Only one left.")],
        references=[],
    )
    client.force_login(editor)
    url = f"/admin/articles/article/{article.pk}/history/{first_version.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    data = change_form_data(client, article)  # the current working copy
    # Post the revert form as shown: the old sections and references.
    data = {
        **data,
        **{
            key: value
            for key, value in _form_values(form.context).items()
            if key.startswith(("sections-", "references-"))
        },
    }
    data["based_on_revision"] = str(
        form.context["adminform"].form.initial["based_on_revision"]
    )
    response = client.post(url, data)
    assert response.status_code == 302
    assert sorted(article.sections.values_list("anchor", flat=True)) == [
        "background",
        "grading",
    ]
    assert article.references.count() == 1
    newest = Revision.objects.order_by("-pk").first()
    assert "Reverted" in newest.get_comment()
    # Still a draft: readers keep the published version until an approval.
    assert PublishedArticle.objects.current().get().revision_id != newest.pk


def _form_values(context) -> dict[str, str]:
    values: dict[str, str] = {}
    for formset in context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for field in management:
            values[field.html_name] = str(field.value())
        for form in formset.formset.forms:
            for field in form:
                value = field.value()
                if value is not None:
                    values[field.html_name] = str(value)
    return values


def test_internal_link_resolves_to_the_published_section(reader, editor, approver):
    published_article(
        editor=editor,
        approver=approver,
        slug="neuroendocrine-tumours",
        sections=DEFAULT_SECTIONS,
    )
    published_article(
        editor=editor,
        approver=approver,
        slug="pancreas",
        sections=[
            ("a", "A", "[see Grading](article:neuroendocrine-tumours#grading)"),
        ],
    )
    page = reader.get("/en/articles/pancreas/").content.decode()
    assert '<a href="/en/articles/neuroendocrine-tumours/#grading"' in page


def test_link_to_an_unpublished_article_becomes_plain_text_for_readers(
    client, reader, editor, approver
):
    target, _ = published_article(
        editor=editor, approver=approver, slug="target", sections=DEFAULT_SECTIONS
    )
    published_article(
        editor=editor,
        approver=approver,
        slug="source",
        title="Source article",
        sections=[("a", "A", "[see Grading](article:target#grading) here.")],
    )
    services.unpublish(obj=target, user=approver, comment="Outdated")
    page = reader.get("/en/articles/source/").content.decode()
    assert "see Grading here." in page
    assert "/en/articles/target/" not in page
    # ...and editors of the target are told which live articles pointed at it.
    client.force_login(editor)
    change = client.get(f"/admin/articles/article/{target.pk}/change/").content
    assert "“Source article” links to target#grading" in change.decode()


def test_editor_is_told_about_broken_links_on_save(client, editor):
    cancer_type = make_cancer_type()
    client.force_login(editor)
    data = article_form(
        cancer_type.pk, **{"sections-0-body": "[x](article:missing#nowhere) [7]"}
    )
    response = client.post("/admin/articles/article/add/", data, follow=True)
    page = response.content.decode()
    assert "article:missing#nowhere has no published target" in page
    assert "Citation [7] points at no reference" in page


def test_review_page_shows_section_diff_against_the_published_version(
    client, editor, approver
):
    article, _ = published_article(
        editor=editor, approver=approver, sections=[("dose", "Dose", "Give 5 mg.")]
    )
    save_article(
        user=editor, article=article, sections=[("dose", "Dose", "Give 7 mg.")]
    )
    submission = services.submit(obj=article, user=editor)
    sign_in_with_second_factor(client, make_approver("reviewer"))
    page = client.get(f"/admin/oncolex/submission/{submission.pk}/change/").content
    assert b"[removed] </span>5</del>" in page
    assert b"[added] </span>7</ins>" in page


def test_twins_published_together_carry_no_notice(reader, twins):
    english = reader.get("/en/articles/tumours/").content.decode()
    assert "after this text was approved" not in english
    norwegian = reader.get("/nb/articles/svulster/").content.decode()
    assert "etter at denne teksten ble godkjent" not in norwegian


def test_reader_is_told_when_the_other_language_was_revised_since(
    reader, twins, editor, approver
):
    english, _ = twins
    save_article(user=editor, article=english, summary="Revised English summary")
    publish(english, editor=editor, approver=approver, note="New dosing")
    norwegian_page = reader.get("/nb/articles/svulster/").content.decode()
    assert "etter at denne teksten ble godkjent" in norwegian_page
    english_page = reader.get("/en/articles/tumours/").content.decode()
    assert "after this text was approved" not in english_page


def test_editor_is_told_when_the_other_language_was_revised_since(
    client, twins, editor, approver
):
    english, norwegian = twins
    save_article(user=editor, article=english, summary="Revised English summary")
    publish(english, editor=editor, approver=approver, note="New dosing")
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{norwegian.pk}/change/").content
    assert "English version was revised on" in page.decode()
    page = client.get(f"/admin/articles/article/{english.pk}/change/").content
    assert "version was revised on" not in page.decode()


def test_review_cycle_lists_overdue_and_soon_due_articles(client, editor):
    today = datetime.date.today()
    save_article(
        user=editor,
        title="Overdue article",
        last_reviewed=today - datetime.timedelta(days=400),
        next_review_due=today - datetime.timedelta(days=3),
    )
    save_article(
        user=editor,
        title="Due soon article",
        last_reviewed=today - datetime.timedelta(days=300),
        next_review_due=today + datetime.timedelta(days=20),
    )
    save_article(
        user=editor,
        title="Fine for a year",
        last_reviewed=today,
        next_review_due=today + datetime.timedelta(days=365),
    )
    client.force_login(editor)
    page = client.get("/admin/articles/articledueforreview/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Overdue article" in text and "Due soon article" in text
    assert "Fine for a year" not in text
    overdue = client.get(
        "/admin/articles/articledueforreview/?review_due=overdue"
    ).content.decode()
    assert "Overdue article" in overdue and "Due soon article" not in overdue


def test_review_page_warns_when_a_revision_removes_a_linked_section(
    client, editor, approver
):
    target, _ = published_article(
        editor=editor, approver=approver, slug="target", sections=DEFAULT_SECTIONS
    )
    published_article(
        editor=editor,
        approver=approver,
        slug="source",
        title="Source article",
        sections=[("a", "A", "[see Grading](article:target#grading)")],
    )
    save_article(
        user=editor, article=target, sections=[("background", "Background", "Only")]
    )
    submission = services.submit(obj=target, user=editor)
    sign_in_with_second_factor(client, make_approver("reviewer"))
    page = client.get(f"/admin/oncolex/submission/{submission.pk}/change/").content
    assert "“Source article” links to target#grading" in page.decode()
