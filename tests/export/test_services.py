"""The export on disk: what is written, when the served tree is swapped or
withdrawn, and what a crash or a concurrent publication leaves served."""

from __future__ import annotations

import dataclasses
import datetime
import gzip
import os

import brotli
import pytest
from django.core.management import call_command

from export import pages, services
from oncolex import dates
from oncolex.review import services as review
from pages import rendering
from tests.export.helpers import (
    PATH,
    SECOND_TEXT,
    read_only,
    run_tasks,
    save_second_text,
    served_links,
    served_page,
    served_tree,
)
from tests.factories import (
    publish,
    published_article,
    save_article,
    sign_in_with_second_factor,
)

pytestmark = pytest.mark.django_db


def test_every_stored_page_is_exported_as_django_serves_it_with_variants(
    article, export_root, reader
):
    served = served_tree(export_root)
    cancer_type = article.cancer_types.get().slug
    for path in ("/en/", "/nb/", PATH, f"/nb/cancer-types/{cancer_type}/"):
        page = served / path.lstrip("/") / services.INDEX
        django = reader.get(path)
        assert page.read_bytes() == django.content, path
        assert gzip.decompress(page.with_suffix(".html.gz").read_bytes()) == (
            django.content
        )
        assert brotli.decompress(page.with_suffix(".html.br").read_bytes()) == (
            django.content
        )
    assert b"Approved text." in served_page(export_root, PATH)
    # Pages the store does not keep are left to Django.
    assert served_page(export_root, "/en/procedures/") is None


def test_approval_withdraws_the_served_tree_at_once_and_the_export_brings_the_new_page(
    article, editor, approver, export_root
):
    save_second_text(article, editor)
    publish(article, editor=editor, approver=approver, note="Second")
    # Committed, the export not run yet: nginx serves nothing, Django answers.
    assert served_links(export_root) == []
    assert run_tasks() == 1
    assert b"Second approved text." in served_page(export_root, PATH)


def test_a_draft_is_never_written(article, editor, export_root):
    save_article(
        user=editor,
        article=article,
        sections=[("background", "Background", "Unreviewed draft text.")],
    )
    save_article(user=editor, slug="draft-only", title="Draft only")
    services.export_public_pages()
    served = served_tree(export_root)
    written = b"".join(file.read_bytes() for file in served.rglob("index.html"))
    assert b"Approved text." in written
    assert b"Unreviewed draft text." not in written
    assert b"Draft only" not in written
    assert not (served / "en/articles/draft-only").exists()


def test_an_unpublished_page_is_gone_from_the_served_tree(
    article, approver, export_root, reader
):
    review.unpublish(obj=article, user=approver, comment="Withdrawn for review")
    assert served_links(export_root) == []
    run_tasks()
    assert served_tree(export_root) is not None
    assert served_page(export_root, PATH) is None
    assert reader.get(PATH).status_code == 410


def test_a_crash_mid_export_leaves_the_previous_tree_served(
    article, export_root, monkeypatch
):
    before = served_tree(export_root)
    real = pages.public_pages

    def crashing():
        yield next(real())
        raise MemoryError("killed mid-export")

    monkeypatch.setattr(services, "public_pages", crashing)
    with pytest.raises(MemoryError):
        services.export_public_pages()
    assert served_tree(export_root) == before
    assert b"Approved text." in served_page(export_root, PATH)
    # Nothing half-written is left behind either.
    assert before.name in {p.name for p in (export_root / "trees").iterdir()}
    assert not list((export_root / "trees").glob(".*"))


def test_an_export_that_a_publication_overtook_is_not_served(
    article, editor, approver, export_root, monkeypatch
):
    real = pages.public_pages
    save_article(
        user=editor,
        article=article,
        sections=[("background", "Background", "Approved while exporting.")],
    )

    def overtaken():
        for number, page in enumerate(real()):
            if number == 1:  # the export has read the old text
                publish(article, editor=editor, approver=approver, note="Meanwhile")
            yield page

    monkeypatch.setattr(services, "public_pages", overtaken)
    assert not services.export_public_pages().served
    assert served_links(export_root) == []  # Django answers, with the new text
    monkeypatch.undo()
    run_tasks()  # the export the approval queued
    assert b"Approved while exporting." in served_page(export_root, PATH)


def test_unchanged_pages_are_hard_links_and_old_trees_are_removed(
    article, editor, approver, export_root
):
    first = served_tree(export_root)
    unchanged = "en/articles/net/index.html.gz"
    inode = os.stat(first / unchanged).st_ino
    published_article(editor=editor, approver=approver, slug="other")
    run_tasks()
    second = served_tree(export_root)
    assert os.stat(second / unchanged).st_ino == inode
    assert (second / "en/articles/other/index.html").exists()
    home = "en/index.html"  # lists the new article: written anew
    services.export_public_pages()
    third = served_tree(export_root)
    assert os.stat(third / home).st_ino == os.stat(second / home).st_ino
    # The served tree and the one before it stay (a request may be reading
    # it); older ones go.
    trees = {p.name for p in (export_root / "trees").iterdir()}
    assert trees == {second.name, third.name}
    assert not first.exists()


def test_the_tree_is_linked_for_the_day_it_was_built_and_replaced_the_next_day(
    editor, approver, export_root, monkeypatch, reader
):
    due = datetime.date(2027, 3, 1)
    monkeypatch.setattr(dates, "today", lambda: due)
    published_article(
        editor=editor,
        approver=approver,
        slug="due",
        last_reviewed=datetime.date(2026, 1, 1),
        next_review_due=due,
    )
    run_tasks()
    assert [link.name for link in served_links(export_root)] == ["2027-03-01"]
    assert b"Review overdue" not in served_page(export_root, "/en/articles/due/")
    monkeypatch.setattr(dates, "today", lambda: due + datetime.timedelta(days=1))
    services.export_public_pages()  # the daily run after midnight
    assert [link.name for link in served_links(export_root)] == ["2027-03-02"]
    assert b"Review overdue since March 1, 2027." in served_page(
        export_root, "/en/articles/due/"
    )


def test_new_headers_move_the_tree_so_nginx_never_sends_it_with_the_old_ones(
    article, export_root, settings, reader, monkeypatch
):
    (old,) = served_links(export_root)
    # A deploy with a new setting: the processes restart (the stack is built
    # anew), the pages are stored again, then exported.
    settings.SECURE_REFERRER_POLICY = "no-referrer"
    monkeypatch.setattr(rendering, "_handler", None)
    call_command("build_pages")
    assert services.export_public_pages().reload_nginx
    (new,) = served_links(export_root)
    # nginx, until reloaded, looks in the old directory: it is gone, so the
    # application answers, with the new header.
    assert new.parent != old.parent and not old.parent.exists()
    conf = (export_root / "nginx.conf").read_text()
    assert f'root "{new.parent}";' in conf
    assert 'add_header Referrer-Policy "no-referrer" always;' in conf
    assert reader.get(PATH)["Referrer-Policy"] == "no-referrer"


def test_only_plain_addresses_are_written_none_outside_the_tree(
    article, export_root, monkeypatch
):
    real = pages.public_pages

    def with_odd_addresses():
        for page in real():
            yield page
            yield dataclasses.replace(page, path="/en/../../outside/")
            yield dataclasses.replace(page, path="/en/articles/net")

    monkeypatch.setattr(services, "public_pages", with_odd_addresses)
    result = services.export_public_pages()
    assert result.served and len(result.skipped) == 2 * result.pages
    assert not (export_root / "trees" / "outside").exists()
    assert not (served_tree(export_root) / "en/articles/netindex.html").exists()
    assert b"Approved text." in served_page(export_root, PATH)


def test_an_export_that_cannot_be_withdrawn_refuses_the_approval(
    article, editor, approver, export_root, client
):
    """nginx would keep serving the old page after the approval: the approver
    is told why, and nothing is published."""
    save_second_text(article, editor)
    submission = review.submit(obj=article, user=editor)
    sign_in_with_second_factor(client, approver)
    with read_only(export_root / "served"):
        response = client.post(
            f"/admin/oncolex/submission/{submission.pk}/approve/",
            {"note": "Second"},
            follow=True,
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was published" in page
    assert str(export_root) in page
    submission.refresh_from_db()
    assert submission.state == "pending"
    assert SECOND_TEXT.encode() not in client.get(PATH).content
    assert b"Approved text." in served_page(export_root, PATH)
    # Writable again, the same approval goes through.
    review.approve(submission=submission, user=approver, note="Second")
    run_tasks()
    assert SECOND_TEXT.encode() in served_page(export_root, PATH)
