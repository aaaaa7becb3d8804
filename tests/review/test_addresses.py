"""One live record per address: refused by the service with a message naming
the other record, and by the database if anything gets past the service."""

from __future__ import annotations

import pytest
import reversion
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction

from articles.models import PublishedArticle, PublishedCancerType
from epidemiology.models import PublishedDataset
from oncolex.review import services
from oncolex.review.exceptions import AddressTaken
from oncolex.review.models import SubmissionState
from tests.epidemiology import helpers as datasets
from tests.factories import (
    DEFAULT_SECTIONS,
    make_cancer_type,
    published_article,
    save_article,
    save_cancer_type,
    sign_in_with_second_factor,
)


@pytest.fixture
def collision(editor, approver):
    """Publish A at /en/articles/shared/, rename A's draft, write B at A's old
    address and submit it: B would be a second live article at one URL."""
    first, _ = published_article(
        editor=editor, approver=approver, title="Article A", slug="shared"
    )
    save_article(user=editor, article=first, slug="a-renamed")
    second = save_article(
        user=editor, title="Article B", slug="shared", sections=DEFAULT_SECTIONS
    )
    return first, services.submit(obj=second, user=editor)


def test_approval_at_a_taken_address_is_refused_naming_the_live_article(
    collision, second_approver
):
    _, submission = collision
    with pytest.raises(AddressTaken, match="Article A v1") as refused:
        services.approve(submission=submission, user=second_approver, note="B")
    assert refused.value.code == "address_taken"
    submission.refresh_from_db()
    assert submission.state == SubmissionState.PENDING
    live = PublishedArticle.objects.current().filter(slug="shared").get()
    assert live.title == "Article A"


def test_the_review_page_says_why_and_the_approve_button_is_refused(
    client, collision, second_approver
):
    _, submission = collision
    sign_in_with_second_factor(client, second_approver)
    page = client.get(f"/admin/oncolex/submission/{submission.pk}/change/")
    assert "Article A v1" in page.content.decode()
    response = client.post(
        f"/admin/oncolex/submission/{submission.pk}/approve/", {"note": "B"}
    )
    assert response.status_code == 302
    assert any("Article A v1" in str(m) for m in get_messages(response.wsgi_request))
    assert PublishedArticle.objects.filter(title="Article B").count() == 0


def test_the_sitemap_lists_the_contested_address_once(reader, collision):
    sitemap = reader.get("/sitemap.xml").content.decode()
    assert sitemap.count("/en/articles/shared/</loc>") == 1


def test_the_database_refuses_a_second_live_article_at_one_address(collision):
    live = PublishedArticle.objects.current().get(slug="shared")
    _, submission = collision
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedArticle.objects.create(
            article=submission.content_object,
            number=1,
            revision=submission.revision,
            submission=submission,
            approved_by=live.approved_by,
            approver_name="Someone",
            approved_at=live.approved_at,
            change_note="Forced past the service",
            language=live.language,
            slug=live.slug,
            title="Article B",
            summary="",
            kind=live.kind,
            chapter=live.chapter,
            body_html="",
        )


def test_two_live_datasets_cannot_share_an_address(editor, approver, second_approver):
    first = datasets.make_dataset(user=editor, slug="net-norway", title="First")
    datasets.import_rows(first, editor, datasets.banded_lines(2013, "male"))
    datasets.publish(first, editor=editor, approver=approver)
    with reversion.create_revision():
        first.slug = "net-norway-old"
        first.save()
    second = datasets.make_dataset(user=editor, slug="net-norway", title="Second")
    datasets.import_rows(second, editor, datasets.banded_lines(2013, "male"))
    submission = services.submit(obj=second, user=editor)
    with pytest.raises(AddressTaken, match="First v1"):
        services.approve(
            submission=submission, user=second_approver, note="x", note_nb="x"
        )
    live = PublishedDataset.objects.current().get(slug="net-norway")
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedDataset.objects.create(
            **{
                f.attname: getattr(live, f.attname)
                for f in PublishedDataset._meta.concrete_fields
                if f.attname not in {"id", "dataset_id", "submission_id"}
            },
            dataset=second,
            submission=submission,
        )


def test_two_live_cancer_types_cannot_share_an_address(editor, second_approver):
    first = make_cancer_type("net", name_en="Neuroendocrine tumours")
    save_cancer_type(user=editor, cancer_type=first, slug="nets")
    second = save_cancer_type(
        user=editor, slug="net", name_en="Something else", name_nb="Noe annet"
    )
    submission = services.submit(obj=second, user=editor)
    with pytest.raises(AddressTaken, match="Neuroendocrine tumours v1"):
        services.approve(submission=submission, user=second_approver, note="x")
    live = PublishedCancerType.objects.current().get(slug="net")
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedCancerType.objects.create(
            cancer_type=second,
            number=1,
            revision=submission.revision,
            submission=submission,
            approved_by=live.approved_by,
            approver_name="Someone",
            approved_at=live.approved_at,
            change_note="Forced past the service",
            slug="net",
            name_en="Something else",
            name_nb="Noe annet",
        )
