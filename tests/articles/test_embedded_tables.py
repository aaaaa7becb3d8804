"""Dataset tables inside articles: always the dataset's own live version."""

from __future__ import annotations

import pytest

from oncolex.review import services
from tests.diff_pages import inside, marked, parse_strictly
from tests.epidemiology import helpers as epi
from tests.factories import publish, published_article, save_article


@pytest.fixture
def dataset_in_article(editor, approver):
    dataset = epi.make_dataset(user=editor, title="NET incidence in Norway")
    epi.import_rows(dataset, editor, epi.banded_lines(2012, "male", cases=4))
    epi.publish(dataset, editor=editor, approver=approver)
    published_article(
        editor=editor,
        approver=approver,
        slug="with-table",
        sections=[("incidence", "Incidence", "See the table.", dataset)],
    )
    return dataset


def test_article_shows_the_published_table_of_its_dataset(reader, dataset_in_article):
    page = reader.get("/en/articles/with-table/").content.decode()
    assert "<table" in page and "<caption>" in page
    assert "Cancer in Norway 2013" in page  # its source, under the table
    assert "<!--oncolex:dataset" not in page


def test_unapproved_dataset_change_never_reaches_the_article(
    reader, dataset_in_article, editor, approver
):
    lines = [*epi.banded_lines(2012, "male", cases=4), "2013,male,all,98765,"]
    epi.import_rows(dataset_in_article, editor, lines, comment="2013 added")
    assert "98765" not in reader.get("/en/articles/with-table/").content.decode()
    # ...pending review: still not...
    submission = services.submit(obj=dataset_in_article, user=editor)
    assert "98765" not in reader.get("/en/articles/with-table/").content.decode()
    # ...the dataset's own approval brings it to the article, unchanged itself.
    services.approve(submission=submission, user=approver, note="2013 figures")
    page = reader.get("/en/articles/with-table/").content.decode()
    assert any(number in page for number in ("98765", "98,765", "98 765"))


def test_unpublished_dataset_leaves_no_table_in_the_article(
    reader, dataset_in_article, approver
):
    services.unpublish(obj=dataset_in_article, user=approver, comment="Wrong")
    page = reader.get("/en/articles/with-table/").content.decode()
    assert "<table" not in page
    assert "See the table." in page


def test_article_with_a_table_runs_three_queries(
    reader, dataset_in_article, django_assert_num_queries
):
    # 1. the published article, 2. live neighbours, 3. the live dataset tables
    with django_assert_num_queries(3):
        assert reader.get("/en/articles/with-table/").status_code == 200


def test_compare_names_an_embedded_table_that_changed_within_four_queries(
    reader, editor, approver, django_assert_num_queries
):
    first = epi.make_dataset(user=editor, title="NET incidence in Norway")
    second = epi.make_dataset(user=editor, title="NET primary sites")
    for dataset in (first, second):
        epi.import_rows(dataset, editor, epi.banded_lines(2012, "male", cases=4))
        epi.publish(dataset, editor=editor, approver=approver)
    article, _version = published_article(
        editor=editor,
        approver=approver,
        slug="net",
        sections=[("incidence", "Incidence", "See the table.", first)],
    )
    save_article(
        user=editor,
        article=article,
        sections=[("incidence", "Incidence", "See the table.", second)],
    )
    publish(article, editor=editor, approver=approver, note="Other table")
    # 1. the live version by slug, 2. the two versions, 3. their cancer types,
    # 4. the live datasets' titles
    with django_assert_num_queries(4):
        response = reader.get("/en/articles/net/compare/?from=1&to=2")
    root = parse_strictly(response.content)
    assert inside(marked(root, "removed"), "del", "NET incidence in Norway")
    assert inside(marked(root, "added"), "ins", "NET primary sites")
    assert "embedded tables changed" in response.content.decode()
