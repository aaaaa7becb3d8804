"""Imports: all or nothing, one revision each with its user and comment, and
nothing at all when the numbers did not change."""

from __future__ import annotations

import pytest
from reversion.models import Version

from epidemiology import services
from epidemiology.csv_import import CsvImportError
from epidemiology.models import IncidenceRow, SiteShareRow
from oncolex.review.exceptions import NotAllowed
from tests.epidemiology.helpers import banded_lines, csv_bytes, import_rows

pytestmark = pytest.mark.django_db


def revisions(dataset):
    return Version.objects.get_for_object(dataset)


def test_an_import_is_one_revision_with_the_user_and_a_comment(dataset, editor):
    before = revisions(dataset).count()
    result = import_rows(
        dataset, editor, ["2013,male,all,612,", "2013,female,all,602,"],
        comment="Counts from the 2013 report",
    )  # fmt: skip
    assert result.revision_created
    assert revisions(dataset).count() == before + 1
    revision = revisions(dataset).first().revision
    assert revision.user == editor
    assert revision.comment == (
        "Incidence import: 2 added, 0 changed, 0 removed. Counts from the 2013 report"
    )


def test_importing_the_same_file_twice_changes_nothing(dataset, editor):
    lines = banded_lines(2013, "male")
    import_rows(dataset, editor, lines)
    count = revisions(dataset).count()
    updated_at = type(dataset).objects.get(pk=dataset.pk).updated_at
    result = import_rows(dataset, editor, lines)
    assert not result.revision_created
    assert result.diff.is_empty
    assert revisions(dataset).count() == count
    assert type(dataset).objects.get(pk=dataset.pk).updated_at == updated_at


def test_reordered_rows_with_the_same_numbers_change_nothing(dataset, editor):
    lines = banded_lines(2013, "male")
    import_rows(dataset, editor, lines)
    assert not import_rows(dataset, editor, reversed(lines)).revision_created


def test_a_bad_file_leaves_the_dataset_as_it_was(dataset, editor):
    import_rows(dataset, editor, ["2013,all,all,5,"])
    count = revisions(dataset).count()
    with pytest.raises(CsvImportError):
        import_rows(dataset, editor, ["2014,all,all,7,", "2015,all,all,x,"])
    dataset.refresh_from_db()
    assert [r.year for r in dataset.incidence_records()] == [2013]
    assert list(IncidenceRow.objects.values_list("year", flat=True)) == [2013]
    assert revisions(dataset).count() == count


def test_a_dry_run_reports_the_changes_and_writes_nothing(dataset, editor):
    import_rows(dataset, editor, ["2013,all,all,5,", "2014,all,all,6,"])
    count = revisions(dataset).count()
    result = import_rows(
        dataset, editor, ["2013,all,all,5,", "2014,all,all,9,", "2015,all,all,7,"],
        dry_run=True,
    )  # fmt: skip
    assert result.diff.counts() == {
        "added": 1,
        "changed": 1,
        "removed": 0,
        "unchanged": 1,
    }
    dataset.refresh_from_db()
    assert [r.cases for r in dataset.incidence_records()] == [5, 6]
    assert revisions(dataset).count() == count


def test_an_import_replaces_the_whole_table_and_the_row_copy(dataset, editor):
    import_rows(dataset, editor, ["2013,all,all,5,", "2014,all,all,6,"])
    result = import_rows(dataset, editor, ["2014,all,all,8,1000"])
    assert result.diff.counts()["removed"] == 1
    assert list(
        IncidenceRow.objects.filter(dataset=dataset).values_list(
            "year", "sex", "age_group", "cases", "population"
        )
    ) == [(2014, "all", "all", 8, 1000)]


def test_site_shares_import_the_same_way(dataset, editor):
    data = csv_bytes(["lung,60", "other sites,40"], header="site,share_percent")
    result = services.import_site_shares(dataset=dataset, data=data, user=editor)
    assert result.revision_created
    assert list(SiteShareRow.objects.values_list("position", "site")) == [
        (0, "lung"),
        (1, "other sites"),
    ]
    again = services.import_site_shares(dataset=dataset, data=data, user=editor)
    assert not again.revision_created


def test_a_reader_without_change_permission_cannot_import(dataset, django_user_model):
    outsider = django_user_model.objects.create_user("outsider")
    with pytest.raises(NotAllowed):
        import_rows(dataset, outsider, ["2013,all,all,5,"])


def test_reverting_to_an_older_revision_rebuilds_the_row_copy(dataset, editor):
    import_rows(dataset, editor, ["2013,all,all,5,"])
    first = revisions(dataset).first()
    import_rows(dataset, editor, ["2013,all,all,5,", "2014,all,all,6,"])
    first.revision.revert()
    dataset.refresh_from_db()
    assert services.sync_rows(dataset=dataset)
    assert list(IncidenceRow.objects.values_list("year", flat=True)) == [2013]
    assert not services.sync_rows(dataset=dataset)
