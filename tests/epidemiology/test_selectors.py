"""What other pages (an article) use to embed published datasets."""

from __future__ import annotations

import pytest

from epidemiology.selectors import published_tables
from tests.epidemiology.helpers import import_rows, make_dataset

pytestmark = pytest.mark.django_db


def test_published_tables_gives_each_live_table_in_one_query(
    published_dataset, editor, django_assert_num_queries
):
    dataset, _ = published_dataset
    draft = make_dataset(user=editor)
    import_rows(draft, editor, ["2013,all,all,5,"])  # never approved
    with django_assert_num_queries(1):
        found = published_tables([dataset.pk, draft.pk])
        html = found[dataset.pk].table_html_in("nb")
    assert list(found) == [dataset.pk]
    assert '<table class="data-table">' in html
    assert "Kilde: Kreftregisteret." in html  # the source line comes along


def test_an_approved_change_reaches_embedding_pages_only_after_approval(
    published_dataset, editor, approver
):
    from oncolex.review import services as review

    dataset, _ = published_dataset
    import_rows(dataset, editor, ["2020,all,all,4242,"])
    assert "4,242" not in published_tables([dataset.pk])[dataset.pk].table_html_in("en")
    submission = review.submit(obj=dataset, user=editor)
    review.approve(
        submission=submission, user=approver, note="2020 only", note_nb="Bare 2020"
    )
    assert "4,242" in published_tables([dataset.pk])[dataset.pk].table_html_in("en")


def test_no_ids_means_no_query(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        assert published_tables([]) == {}
