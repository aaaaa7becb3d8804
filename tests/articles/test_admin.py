"""Editors and approvers in the admin: forms, revisions, the review pages."""

from __future__ import annotations

from typing import Any

import pytest
from reversion.models import Version

from articles.models import Article, PublishedArticle
from oncolex.review import services
from oncolex.review.models import Submission, SubmissionState
from tests.factories import (
    DEFAULT_SECTIONS,
    make_cancer_type,
    save_article,
    sign_in_with_second_factor,
)


def article_form(cancer_type_id: int, **overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Pancreatic NET",
        "slug": "pancreatic-net",
        "language": "en",
        "summary": "Well-differentiated tumours of the pancreas.",
        "kind": "chapter",
        "chapter": "background",
        "procedure_type": "",
        "cancer_types": [str(cancer_type_id)],
        "icd10_codes": "C25.4",
        "ncsp_codes": "",
        "ncmp_codes": "",
        "last_reviewed": "2026-01-01",
        "next_review_due": "2027-01-01",
        "sections-TOTAL_FORMS": "2",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "1",
        "sections-MAX_NUM_FORMS": "1000",
        "sections-0-position": "0",
        "sections-0-heading": "Incidence",
        "sections-0-anchor": "",
        "sections-0-body": "Rare tumours [1].",
        "sections-1-position": "1",
        "sections-1-heading": "Grading",
        "sections-1-anchor": "grading",
        "sections-1-body": "By Ki-67.",
        "references-TOTAL_FORMS": "1",
        "references-INITIAL_FORMS": "0",
        "references-MIN_NUM_FORMS": "0",
        "references-MAX_NUM_FORMS": "1000",
        "references-0-position": "0",
        "references-0-authors": "Hauso O, et al",
        "references-0-title": "Neuroendocrine tumor epidemiology",
        "references-0-journal": "Cancer",
        "references-0-year": "2008",
        "references-0-pmid": "18853416",
        "references-0-doi": "10.1002/cncr.23883",
        "figure_placements-TOTAL_FORMS": "0",
        "figure_placements-INITIAL_FORMS": "0",
        "figure_placements-MIN_NUM_FORMS": "0",
        "figure_placements-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.fixture
def cancer_type(db):
    return make_cancer_type("net")


def test_editor_saves_article_with_sections_and_references_as_one_revision(
    client, editor, cancer_type
):
    client.force_login(editor)
    response = client.post("/admin/articles/article/add/", article_form(cancer_type.pk))
    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get(slug="pancreatic-net")
    assert [s.anchor for s in article.sections.all()] == ["incidence", "grading"]
    assert article.references.get().pmid == "18853416"
    revision = Version.objects.get_for_object(article).get().revision
    assert revision.user == editor
    assert Version.objects.filter(revision=revision).count() == 4


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("icd10_codes", "C7, XYZ", "Not valid ICD-10 codes: C7, XYZ"),
        ("ncsp_codes", "JL30", "Not valid NCSP codes: JL30"),
        ("ncmp_codes", "WBO03", "Not valid NCMP codes: WBO03"),
        ("references-0-pmid", "PMID123", "A PMID is a number"),
        ("references-0-doi", "doi:10.1/x", "A DOI starts with 10."),
        ("sections-1-anchor", "incidence", "duplicate"),
        ("next_review_due", "2025-01-01", "must come after"),
    ],
)
def test_bad_input_gets_a_form_error_naming_the_field(
    client, editor, cancer_type, field, value, message
):
    client.force_login(editor)
    response = client.post(
        "/admin/articles/article/add/", article_form(cancer_type.pk, **{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_duplicate_slug_in_the_same_language_is_refused(client, editor, cancer_type):
    save_article(user=editor, slug="pancreatic-net", sections=DEFAULT_SECTIONS)
    client.force_login(editor)
    response = client.post("/admin/articles/article/add/", article_form(cancer_type.pk))
    assert response.status_code == 200
    assert "slug" in response.content.decode().lower()
    assert Article.objects.count() == 1


def test_editor_submits_and_approver_approves_through_the_admin(
    client, editor, approver, cancer_type
):
    client.force_login(editor)
    client.post("/admin/articles/article/add/", article_form(cancer_type.pk))
    article = Article.objects.get()
    response = client.post(
        f"/admin/articles/article/{article.pk}/submit/", {"comment": "Ready"}
    )
    assert response.status_code == 302
    submission = Submission.objects.pending().get()

    sign_in_with_second_factor(client, approver)
    review = client.get(f"/admin/oncolex/submission/{submission.pk}/change/")
    assert "Rare tumours" in review.content.decode()
    assert "Approve and publish" in review.content.decode()
    response = client.post(
        f"/admin/oncolex/submission/{submission.pk}/approve/",
        {"note": "New chapter on pancreatic NET"},
    )
    assert response.status_code == 302
    assert PublishedArticle.objects.current().get().title == "Pancreatic NET"
    assert client.get("/en/articles/pancreatic-net/").status_code == 200


def test_forged_approval_by_an_editor_gets_403_and_changes_nothing(
    client, editor, second_editor
):
    article = save_article(user=editor, sections=DEFAULT_SECTIONS)
    submission = services.submit(obj=article, user=editor)
    client.force_login(second_editor)
    for action, data in [("approve", {"note": "x"}), ("reject", {"reason": "x"})]:
        response = client.post(
            f"/admin/oncolex/submission/{submission.pk}/{action}/", data
        )
        assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.state == SubmissionState.PENDING
    assert not PublishedArticle.objects.exists()


def test_approver_cannot_approve_own_submission_through_the_admin(
    client, approver, second_approver
):
    article = save_article(user=second_approver, sections=DEFAULT_SECTIONS)
    submission = services.submit(obj=article, user=approver)
    sign_in_with_second_factor(client, approver)
    page = client.get(f"/admin/oncolex/submission/{submission.pk}/change/")
    assert "Approve and publish" not in page.content.decode()
    assert "Four-eyes" in page.content.decode()
    response = client.post(
        f"/admin/oncolex/submission/{submission.pk}/approve/", {"note": "mine"}
    )
    assert response.status_code == 403
    assert not PublishedArticle.objects.exists()


def test_approval_without_a_change_note_is_refused_with_a_form_error(
    client, editor, approver
):
    article = save_article(user=editor, sections=DEFAULT_SECTIONS)
    submission = services.submit(obj=article, user=editor)
    sign_in_with_second_factor(client, approver)
    response = client.post(
        f"/admin/oncolex/submission/{submission.pk}/approve/", {"note": ""}
    )
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not PublishedArticle.objects.exists()


def test_anonymous_visitor_cannot_reach_the_review_queue(client, db):
    response = client.get("/admin/oncolex/submission/")
    assert response.status_code == 302
    assert "/admin/login/" in response.headers["Location"]
