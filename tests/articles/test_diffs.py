"""The three pages that show what changed: the approver's review page, the
admin compare of two revisions and the public compare of two published
versions. One pair of versions (tests/diff_pages.py) differs by a paragraph
added, a paragraph removed, a list item removed, a table row changed, a
reference removed, a section moved and a new title: 7 changes x 3 pages, each
looked for inside the element that marks it, in a page parsed strictly."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest

from oncolex.review import services
from tests.diff_pages import (
    ADDED_PARAGRAPH,
    KEPT,
    NEW_TITLE,
    REMOVED_ITEM,
    REMOVED_PARAGRAPH,
    REMOVED_REFERENCE,
    classes,
    inside,
    marked,
    parse_strictly,
    second_approver,
    text_of,
    two_versions,
)
from tests.factories import (
    make_cancer_type,
    published_article,
    save_article,
    sign_in_with_second_factor,
)

PAGES = ["review page", "admin compare", "public compare"]


def _get(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.fixture(params=PAGES)
def diff_page(request, client, editor, approver) -> ET.Element:
    versions = two_versions(editor=editor, approver=approver)
    article = versions.article
    if request.param == "review page":
        submission = services.submit(obj=article, user=editor)
        sign_in_with_second_factor(client, second_approver())
        response = _get(client, f"/admin/oncolex/submission/{submission.pk}/change/")
    elif request.param == "admin compare":
        client.force_login(editor)
        response = _get(
            client,
            f"/admin/articles/article/{article.pk}/compare/"
            f"?from={versions.old_revision}&to={versions.new_revision}",
        )
    else:
        submission = services.submit(obj=article, user=editor)
        services.approve(submission=submission, user=approver, note="Revised")
        response = _get(client, "/en/articles/net/compare/?from=1&to=2")
        assert b"<script" not in response.content
        assert "script-src 'none'" in response.headers["Content-Security-Policy"]
    return parse_strictly(response.content)


def test_an_added_paragraph_is_inside_an_added_block(diff_page):
    assert inside(marked(diff_page, "added"), "ins", ADDED_PARAGRAPH)
    assert not inside(marked(diff_page, "removed"), "p", ADDED_PARAGRAPH)


def test_a_removed_paragraph_is_inside_a_removed_block(diff_page):
    assert inside(marked(diff_page, "removed"), "del", REMOVED_PARAGRAPH)
    assert not inside(marked(diff_page, "added"), "p", REMOVED_PARAGRAPH)


def test_a_removed_list_item_is_marked_removed(diff_page):
    items = [li for li in marked(diff_page, "removed") if li.tag == "li"]
    assert inside(items, "del", REMOVED_ITEM)


def test_a_changed_table_row_shows_the_old_and_new_cell(diff_page):
    rows = [tr for tr in marked(diff_page, "changed") if tr.tag == "tr"]
    assert len(rows) == 1
    assert inside(rows, "del", "19") and inside(rows, "ins", "20")
    # The unchanged first row is not marked.
    first = [tr for tr in diff_page.iter("tr") if "below 3%" in text_of(tr)]
    assert first and not classes(first[0]) & {"diff-changed", "diff-removed"}


def test_a_removed_reference_is_marked_in_the_reference_list(diff_page):
    lists = [ol for ol in diff_page.iter("ol") if "references" in classes(ol)]
    removed = [li for ol in lists for li in ol if "diff-removed" in classes(li)]
    assert inside(removed, "del", REMOVED_REFERENCE)


def test_a_moved_section_shows_where_it_went_and_where_it_was(diff_page):
    moved = [s for s in marked(diff_page, "moved") if s.tag == "section"]
    assert [text_of(h) for s in moved for h in s.iter("h2")] == ["Spread"]
    stubs = [p for p in marked(diff_page, "moved") if "diff-moved-away" in classes(p)]
    assert len(stubs) == 1 and "Spread" in text_of(stubs[0])


def test_a_new_title_shows_the_old_and_the_new_words(diff_page):
    rows = [tr for tr in diff_page.iter("tr") if "diff-detail-title" in classes(tr)]
    assert inside(rows, "del", "tumours") and inside(rows, "ins", "neoplasms")
    assert NEW_TITLE.split()[0] in text_of(rows[0])


def test_the_summary_line_counts_every_change(diff_page):
    summary = [p for p in diff_page.iter("p") if "diff-summary" in classes(p)]
    text = text_of(summary[0])
    for phrase in (
        "1 paragraph added, 1 removed",
        "1 list item removed",
        "1 table row changed",
        "1 reference removed",
        "1 section moved",
        "title changed",
    ):
        assert phrase in text


def test_unchanged_text_is_shown_unmarked(diff_page):
    paragraphs = [p for p in diff_page.iter("p") if text_of(p) == KEPT]
    assert paragraphs
    for status in ("added", "removed", "changed"):
        assert not inside(marked(diff_page, status), "p", KEPT)


def test_every_changed_detail_is_listed_and_counted(client, editor, approver):
    article, version = published_article(
        editor=editor, approver=approver, icd10_codes="C17"
    )
    article.medical_editors.add(editor)  # the next revision records the editor
    save_article(
        user=editor,
        article=article,
        summary="A new summary for clinicians.",
        icd10_codes="C17 C25.4",
        next_review_due=datetime.date(2029, 6, 1),
    )
    article.cancer_types.add(make_cancer_type(name_en="Pancreatic cancer"))
    save_article(user=editor, article=article)
    client.force_login(editor)
    root = parse_strictly(
        client.get(
            f"/admin/articles/article/{article.pk}/compare/"
            f"?from={version.revision_id}&to={services.latest_revision_id(article)}"
        ).content
    )
    rows = {
        tr.get("class"): tr
        for tr in root.iter("tr")
        if tr.get("class", "").startswith("diff-detail-")
    }
    assert set(rows) == {
        "diff-detail-summary",
        "diff-detail-cancer_types",
        "diff-detail-icd10_codes",
        "diff-detail-medical_editors",
        "diff-detail-next_review_due",
    }
    assert inside([rows["diff-detail-icd10_codes"]], "ins", "C25.4")
    assert inside([rows["diff-detail-cancer_types"]], "ins", "Pancreatic")
    assert inside([rows["diff-detail-medical_editors"]], "ins", "Editor")
    assert inside([rows["diff-detail-next_review_due"]], "ins", "2029")
    summary = text_of(next(p for p in root.iter("p") if "diff-summary" in classes(p)))
    for phrase in (
        "summary changed",
        "cancer types changed",
        "ICD-10 codes changed",
        "medical editors changed",
        "next review date changed",
    ):
        assert phrase in summary
