"""Cancer types are reviewed like articles: readers see approved records only,
and published articles keep the cancer types they showed when approved."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from articles.models import CancerType, PublishedArticleCancerType
from oncolex.review import services
from oncolex.review.exceptions import InvalidState
from oncolex.review.models import Submission, SubmissionState
from tests.factories import (
    make_cancer_type,
    publish,
    published_article,
    save_article,
    save_cancer_type,
    sign_in_with_second_factor,
)

READER_PAGES = [
    "/en/",
    "/nb/",
    "/en/cancer-types/net/",
    "/en/articles/net-background/",
    "/en/search/?q=tumours",
    "/en/procedures/",
    "/sitemap.xml",
]


@pytest.fixture
def net(editor, approver):
    cancer_type = make_cancer_type(
        "net", name_en="Neuroendocrine tumours", name_nb="Nevroendokrine svulster"
    )
    published_article(
        editor=editor,
        approver=approver,
        cancer_type=cancer_type,
        title="NET background",
        slug="net-background",
    )
    return cancer_type


def pages(reader) -> str:
    return "\n".join(reader.get(url).content.decode() for url in READER_PAGES)


@pytest.mark.parametrize(
    "change",
    [
        {"name_en": "Renamed tumours", "name_nb": "Omdøpte svulster"},
        {"slug": "renamed-slug"},
        {"menu_position": 99, "icd10_codes": "D99"},
    ],
    ids=["rename", "re-slug", "codes and position"],
)
def test_an_editors_change_reaches_readers_only_when_approved(
    reader, net, editor, second_approver, change
):
    before = pages(reader)
    save_cancer_type(user=editor, cancer_type=net, **change)
    assert pages(reader) == before
    submission = services.submit(obj=net, user=editor)
    assert pages(reader) == before
    services.approve(submission=submission, user=second_approver, note="Renamed")
    after = reader.get(f"/en/cancer-types/{change.get('slug', 'net')}/")
    assert after.status_code == 200
    for value in change.values():
        if isinstance(value, str) and value.isascii():
            assert value in after.content.decode() + reader.get("/en/").content.decode()


def test_a_re_slugged_cancer_type_redirects_from_its_old_address(
    reader, net, editor, second_approver
):
    save_cancer_type(user=editor, cancer_type=net, slug="neuroendocrine")
    publish(net, editor=editor, approver=second_approver)
    response = reader.get("/en/cancer-types/net/")
    assert response.status_code == 301
    assert response["Location"] == "/en/cancer-types/neuroendocrine/"
    assert "/en/cancer-types/net/<" not in reader.get("/sitemap.xml").content.decode()


def test_an_unapproved_cancer_type_is_unknown_to_readers(reader, editor):
    make_cancer_type("secret-type", name_en="Unreviewed type", published=False)
    assert reader.get("/en/cancer-types/secret-type/").status_code == 404
    assert "Unreviewed type" not in pages(reader)


def test_published_articles_keep_the_cancer_type_they_showed(
    reader, net, editor, second_approver
):
    save_cancer_type(user=editor, cancer_type=net, name_en="Renamed tumours")
    publish(net, editor=editor, approver=second_approver)
    article = reader.get("/en/articles/net-background/").content.decode()
    # The breadcrumb is part of the approved page; it follows the cancer
    # type's new name when the article itself is approved again.
    assert "Neuroendocrine tumours</a>" in article
    assert "Renamed tumours" not in article


def test_a_cancer_type_with_live_articles_cannot_be_deleted(
    client, net, editor, approver
):
    # Not approved itself (an approved one is kept by its published record),
    # but a live article belongs to it.
    unreviewed = make_cancer_type("unreviewed", published=False)
    published_article(editor=editor, approver=approver, cancer_type=unreviewed)
    with (
        pytest.raises(ProtectedError, match="cannot be deleted: 1 live article"),
        transaction.atomic(),
    ):
        CancerType.objects.get(pk=unreviewed.pk).delete()
    assert CancerType.objects.filter(pk=unreviewed.pk).exists()
    sign_in_with_second_factor(client, approver)
    page = client.get(f"/admin/articles/cancertype/{net.pk}/delete/")
    assert "Live article: NET background" in page.content.decode()
    response = client.post(
        f"/admin/articles/cancertype/{net.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code < 500
    assert CancerType.objects.filter(pk=net.pk).exists()


def test_deleting_an_unused_cancer_type_withdraws_its_submission(editor):
    draft = make_cancer_type("draft-type", published=False)
    submission = services.submit(obj=draft, user=editor)
    draft.delete()
    submission.refresh_from_db()
    assert submission.state == SubmissionState.WITHDRAWN


def test_an_unpublished_article_keeps_its_cancer_types_after_a_delete(
    reader, editor, approver
):
    unreviewed = make_cancer_type("old-type", published=False)
    article, version = published_article(
        editor=editor, approver=approver, cancer_type=unreviewed, slug="old-article"
    )
    services.unpublish(obj=article, user=approver, comment="Superseded")
    unreviewed.delete()  # no live article belongs to it any more
    assert PublishedArticleCancerType.objects.filter(version=version).exists()
    page = reader.get("/en/articles/old-article/history/1/")
    assert page.status_code in (200, 410)


def test_the_review_page_shows_the_cancer_type_and_what_changed(
    client, net, editor, second_approver
):
    save_cancer_type(user=editor, cancer_type=net, name_nb="Nevroendokrine neoplasier")
    submission = services.submit(obj=net, user=editor)
    sign_in_with_second_factor(client, second_approver)
    page = client.get(f"/admin/oncolex/submission/{submission.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<ins>Nevroendokrine neoplasier</ins>" in html
    assert "<del>Nevroendokrine svulster</del>" in html


def test_an_article_approved_while_a_rename_waits_shows_the_approved_name(
    reader, net, editor, second_approver
):
    save_cancer_type(user=editor, cancer_type=net, name_en="Unapproved name")
    article = net.articles.get()
    save_article(user=editor, article=article, summary="Revised summary.")
    publish(article, editor=editor, approver=second_approver)
    page = reader.get("/en/articles/net-background/").content.decode()
    assert "Revised summary." in page
    assert "Neuroendocrine tumours</a>" in page
    assert "Unapproved name" not in page


def cancer_type_form(cancer_type, **changes) -> dict[str, str]:
    data = {
        "name_en": cancer_type.name_en,
        "name_nb": cancer_type.name_nb,
        "slug": cancer_type.slug,
        "icd10_codes": cancer_type.icd10_codes,
        "menu_position": str(cancer_type.menu_position),
    }
    return {**data, **changes}


def test_a_rename_goes_through_the_admin_review_like_an_article(
    client, reader, net, editor, second_approver
):
    change_url = f"/admin/articles/cancertype/{net.pk}/change/"
    client.force_login(editor)
    # Nothing new to submit: the admin does not offer it.
    assert "Submit for review" not in client.get(change_url).content.decode()
    response = client.post(
        change_url, cancer_type_form(net, name_en="Neuroendocrine neoplasms")
    )
    assert response.status_code == 302
    assert "Submit for review" in client.get(change_url).content.decode()
    client.post(f"/admin/articles/cancertype/{net.pk}/submit/", {"comment": "WHO"})
    assert "Neuroendocrine neoplasms" not in reader.get("/en/").content.decode()

    sign_in_with_second_factor(client, second_approver)
    submission = Submission.objects.for_object(net).pending().get()
    client.post(
        f"/admin/oncolex/submission/{submission.pk}/approve/",
        {"note": "WHO 2022 naming"},
    )
    assert "Neuroendocrine neoplasms" in reader.get("/en/").content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_menu_and_cancer_type_pages_run_the_same_queries_whatever_their_size(
    count, reader, editor, approver, django_assert_num_queries
):
    types = [make_cancer_type(f"type-{n}") for n in range(count)]
    for _ in range(count):
        published_article(editor=editor, approver=approver, cancer_type=types[0])
    # The page store's lookup, then 1. the live cancer types, in menu order
    # 2. recently published articles, and the store keeps the page.
    with django_assert_num_queries(1 + 2 + 1):
        assert reader.get("/en/").status_code == 200
    # The lookup, 1. the live cancer type at the address 2. its live
    # articles, and the store keeps the page.
    with django_assert_num_queries(1 + 2 + 1):
        assert reader.get("/en/cancer-types/type-0/").status_code == 200
    with django_assert_num_queries(1):  # from then on, the store's lookup
        assert reader.get("/en/cancer-types/type-0/").status_code == 200


def test_a_cancer_type_with_live_articles_cannot_be_unpublished(reader, net, approver):
    assert not services.can_unpublish(obj=net, user=approver)
    with pytest.raises(InvalidState, match="cannot be unpublished") as refused:
        services.unpublish(obj=net, user=approver, comment="Merged into another")
    assert refused.value.code == "in_use"
    assert reader.get("/en/cancer-types/net/").status_code == 200
    article = net.articles.get()
    services.unpublish(obj=article, user=approver, comment="Outdated")
    services.unpublish(obj=net, user=approver, comment="Merged into another")
    assert reader.get("/en/cancer-types/net/").status_code == 404


def test_approvers_see_published_cancer_types_with_their_seals_read_only(
    client, net, approver
):
    sign_in_with_second_factor(client, approver)
    listing = client.get("/admin/articles/publishedcancertype/")
    version = net.published_versions.get()
    assert version.short_hash in listing.content.decode()
    assert client.get("/admin/articles/publishedcancertype/add/").status_code == 403


def test_the_approver_is_told_when_an_articles_cancer_type_is_not_published(
    client, editor, approver
):
    unreviewed = make_cancer_type("unreviewed", name_en="Rare tumours", published=False)
    article = save_article(
        user=editor, cancer_type=unreviewed, sections=[("a", "A", "Text.")]
    )
    submission = services.submit(obj=article, user=editor)
    sign_in_with_second_factor(client, approver)
    page = client.get(f"/admin/oncolex/submission/{submission.pk}/change/")
    assert "The cancer type “Rare tumours” is not published" in page.content.decode()
