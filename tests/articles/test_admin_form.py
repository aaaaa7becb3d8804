"""The article's change form posted as a browser posts it: change messages
name only what changed, and a revision still holds every section and
reference when only one of them was edited."""

from __future__ import annotations

from reversion.models import Version

from articles.models import Reference, Section
from articles.snapshots import ArticleSnapshot
from oncolex.review.services import latest_revision_id
from tests.browser_form import form_data
from tests.factories import save_article

SECTIONS = [
    ("overview", "Overview", "First line.\nSecond line of the overview."),
    ("grading", "Grading", "By Ki-67:\n\n- G1\n- G2"),
    ("spread", "Spread", "Lymph nodes,\nthen the liver."),
]
REFERENCES = [
    {"authors": "Hauso O", "title": "Epidemiology", "year": 2008, "pmid": "18853416"},
    {"authors": "Dasari A", "title": "Trends", "year": 2017, "pmid": "28448665"},
]


def _edit_one_section(client, article):
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(client.get(url).content, "article_form")
    body_field = next(
        name for name, value in data.items() if value == "By Ki-67:\r\n\r\n- G1\r\n- G2"
    )
    data[body_field] = "By Ki-67:\r\n\r\n- G1\r\n- G2\r\n- G3"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]


def test_a_save_where_one_section_changed_names_only_that_section(client, editor):
    article = save_article(user=editor, sections=SECTIONS, references=REFERENCES)
    client.force_login(editor)
    _edit_one_section(client, article)
    comment = Version.objects.get_for_object(article).first().revision.get_comment()
    assert "Grading" in comment
    assert "Overview" not in comment and "Spread" not in comment
    assert "Epidemiology" not in comment


def test_a_revision_saved_through_the_form_holds_every_section_and_reference(
    client, editor
):
    article = save_article(user=editor, sections=SECTIONS, references=REFERENCES)
    client.force_login(editor)
    _edit_one_section(client, article)
    revision = Version.objects.get_for_object(article).first().revision
    assert revision.pk == latest_revision_id(article)
    snapshot = ArticleSnapshot.from_revision(revision, article.pk)
    assert [s["anchor"] for s in snapshot.sections] == ["overview", "grading", "spread"]
    assert snapshot.sections[1]["body"].endswith("- G3")
    # Untouched sections keep their text exactly (LF line endings, as stored).
    assert snapshot.sections[0]["body"] == SECTIONS[0][2]
    assert [r["title"] for r in snapshot.references] == ["Epidemiology", "Trends"]
    assert Section.objects.filter(article=article).count() == 3
    assert Reference.objects.filter(article=article).count() == 2


def test_saving_the_form_untouched_changes_no_section(client, editor):
    article = save_article(user=editor, sections=SECTIONS, references=REFERENCES)
    client.force_login(editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(client.get(url).content, "article_form")
    assert client.post(url, data).status_code == 302
    comment = Version.objects.get_for_object(article).first().revision.get_comment()
    assert not any(heading in comment for _anchor, heading, _body in SECTIONS)
