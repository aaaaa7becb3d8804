"""Numbers go live only through approval, exactly as submitted."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from epidemiology import services
from epidemiology.models import Dataset, PublishedDataset
from epidemiology.publishing import DATASETS
from oncolex.review import services as review
from oncolex.review.exceptions import FourEyesViolation, StaleSubmission
from tests.epidemiology.helpers import (
    banded_lines,
    csv_bytes,
    import_rows,
    make_dataset,
    make_source,
    publish,
)

pytestmark = pytest.mark.django_db


def test_approval_publishes_the_submitted_numbers_with_rates(dataset, editor, approver):
    import_rows(dataset, editor, banded_lines(2013, "all", cases=5, population=100_000))
    version = publish(dataset, editor=editor, approver=approver, note="2013 figures")
    assert (version.number, version.is_current, version.change_note) == (
        1,
        True,
        "2013 figures",
    )
    assert version.approver_name == "Approver Tester"
    [rate] = version.rates
    # 90 cases in 1,800,000 people: 5 per 100,000, crude and standardised alike.
    assert rate["cases"] == 90
    assert rate["crude"] == pytest.approx(5.0)
    assert rate["asr"] == pytest.approx(5.0)
    assert rate["asr_lower"] < 5.0 < rate["asr_upper"]
    assert version.standard_name == "European Standard Population 2013"


def test_publishing_reads_the_submitted_revision_not_the_working_table(
    dataset, editor, approver
):
    import_rows(dataset, editor, ["2013,all,all,5,"])
    submission = review.submit(obj=dataset, user=editor)
    # A change that bypassed the revision history must not be published.
    Dataset.objects.filter(pk=dataset.pk).update(
        incidence_table="year,sex,age_group,cases,population\n2013,all,all,999,\n"
    )
    version = review.approve(
        submission=submission, user=approver, note="First", note_nb="Første"
    )
    assert version.rows["incidence"] == [[2013, "all", "all", 5, None]]


def test_an_import_after_submission_withdraws_it_instead_of_publishing(
    dataset, editor, approver
):
    import_rows(dataset, editor, ["2013,all,all,5,"])
    submission = review.submit(obj=dataset, user=editor)
    import_rows(dataset, editor, ["2013,all,all,6,"])
    with pytest.raises(StaleSubmission):
        review.approve(
            submission=submission, user=approver, note="First", note_nb="Første"
        )
    assert not PublishedDataset.objects.exists()


def test_an_approver_cannot_approve_numbers_they_imported(dataset, editor, approver):
    import_rows(dataset, approver, ["2013,all,all,5,"])
    submission = review.submit(obj=dataset, user=editor)
    with pytest.raises(FourEyesViolation):
        review.approve(
            submission=submission, user=approver, note="First", note_nb="Første"
        )


def test_a_new_approval_retires_the_previous_version(
    published_dataset, editor, approver
):
    dataset, first = published_dataset
    import_rows(dataset, editor, banded_lines(2014, "all"))
    second = publish(dataset, editor=editor, approver=approver, note="2014 only")
    first.refresh_from_db()
    assert (first.is_current, second.is_current, second.number) == (False, True, 2)


def test_the_approver_sees_a_row_level_diff_against_the_published_version(
    published_dataset, editor, approver
):
    dataset, _ = published_dataset
    lines = [
        *banded_lines(2012, "male", cases=4),
        *banded_lines(2012, "female", cases=3),
        *banded_lines(2013, "male", cases=6),
        *banded_lines(2013, "female", cases=5)[:-1],  # 85+ removed
        "2013,female,85+,7,100000",  # ...and put back with 7 cases
        "2014,all,all,300,",
    ]
    import_rows(dataset, editor, lines)
    submission = review.submit(obj=dataset, user=editor)
    html = DATASETS.diff(
        dataset, review.published_revision_id(dataset), submission.revision_id
    )
    assert "Rows added: 1, changed: 1, removed: 0, unchanged: 71." in html
    assert "<del>5</del> <ins>7</ins>" in html
    assert "<ins>300</ins>" in html


def test_a_first_submission_shows_every_row_as_new(dataset, editor):
    import_rows(dataset, editor, ["2013,all,all,5,"])
    submission = review.submit(obj=dataset, user=editor)
    html = DATASETS.diff(dataset, None, submission.revision_id)
    assert "Nothing is published yet: every row is new." in html
    assert "Rows added: 1, changed: 0, removed: 0, unchanged: 0." in html


def test_a_changed_source_shows_in_the_diff(published_dataset, editor):
    import reversion

    dataset, version = published_dataset
    with reversion.create_revision():
        reversion.set_user(editor)
        dataset.source.retrieved_on = datetime.date(2026, 11, 20)
        dataset.source.save()
        dataset.save()
    html = DATASETS.diff(
        dataset, version.revision_id, review.latest_revision_id(dataset)
    )
    assert "source retrieved_on" in html
    assert "<ins>2026-11-20</ins>" in html or "<ins>Nov. 20, 2026</ins>" in html


def test_the_preview_shows_the_tables_as_readers_will(published_dataset):
    dataset, version = published_dataset
    html, problems = DATASETS.preview(dataset, version.revision_id)
    assert "<table" in html and "<svg" in html
    assert problems == []


def test_the_approver_is_told_when_bands_and_totals_disagree(dataset, editor):
    import_rows(
        dataset, editor, [*banded_lines(2013, "all", cases=1), "2013,all,all,5,"]
    )
    submission = review.submit(obj=dataset, user=editor)
    _, problems = DATASETS.preview(dataset, submission.revision_id)
    assert problems == [
        "2013, both sexes: the age bands add up to 18 cases, the all-ages row says 5."
    ]


def test_the_approver_is_told_when_band_and_all_ages_populations_disagree(
    dataset, editor
):
    # Crude 2.5 next to an ASR of 5.0: the all-ages row says twice the
    # population the bands add up to.
    import_rows(
        dataset,
        editor,
        [*banded_lines(2013, "all", cases=5), "2013,all,all,90,3600000"],
    )
    submission = review.submit(obj=dataset, user=editor)
    _, problems = DATASETS.preview(dataset, submission.revision_id)
    assert problems == [
        "2013, both sexes: the age bands add up to a population of 1800000, the "
        "all-ages row says 3600000; the crude and the age-standardised rate will "
        "not agree."
    ]


def test_missing_populations_are_described_exactly(dataset, editor):
    lines = [
        *banded_lines(2013, "male"),
        *banded_lines(2013, "female"),
        "2013,all,all,3,",
    ]
    lines[17] = "2013,male,85+,5,"
    lines[35] = "2013,female,85+,5,"
    import_rows(dataset, editor, lines)
    submission = review.submit(obj=dataset, user=editor)
    _, problems = DATASETS.preview(dataset, submission.revision_id)
    assert problems == [
        "Population missing for 3 of 37 rows: 2013 men 85+; 2013 women 85+; "
        "2013 both sexes all ages."
    ]


def test_the_approver_reads_the_warnings_in_bokmal(dataset, editor):
    import_rows(
        dataset, editor, [*banded_lines(2013, "all", cases=1), "2013,all,all,5,"]
    )
    submission = review.submit(obj=dataset, user=editor)
    with translation.override("nb"):
        _, problems = DATASETS.preview(dataset, submission.revision_id)
    assert problems == [
        "2013, begge kjønn: aldersgruppene summerer seg til 18 tilfeller, raden for "
        "alle aldre sier 5."
    ]


def test_a_file_with_some_populations_is_not_said_to_have_none(
    dataset, editor, approver, client
):
    # All-ages counts without a population and incomplete bands with one:
    # no rate can be shown, but not because the source gives no population.
    import_rows(dataset, editor, ["2013,all,all,5,", "2013,all,40-44,2,100000"])
    publish(dataset, editor=editor, approver=approver)
    body = client.get("/en/epidemiology/net-norway/").content.decode()
    assert "the source gives no population at risk" not in body
    assert (
        "No rates are shown: the population at risk is given neither for all ages "
        "together nor for every age band." in body
    )


def test_the_approver_is_told_what_bokmal_readers_would_read_in_english(editor):
    dataset = make_dataset(
        user=editor,
        source=make_source(publisher_nb=""),
        title_nb="Tittel",
        note="Counted by site.",
    )
    services.import_site_shares(
        dataset=dataset,
        data=csv_bytes(
            ["lung,50,lunge", "other,50,"], header="site,share_percent,site_nb"
        ),
        user=editor,
    )
    submission = review.submit(obj=dataset, user=editor)
    _, problems = DATASETS.preview(dataset, submission.revision_id)
    assert problems == [
        "Readers of the Bokmål page will read English for: diagnosis, region, note "
        "for readers, source publisher, 1 of 2 site names."
    ]


def test_a_changed_bokmal_site_name_shows_in_the_approvers_diff(
    dataset, editor, approver
):
    def sites(bokmal: str) -> bytes:
        return csv_bytes(
            ["lung,50,lunge", f"other,50,{bokmal}"], header="site,share_percent,site_nb"
        )

    services.import_site_shares(dataset=dataset, data=sites("andre"), user=editor)
    publish(dataset, editor=editor, approver=approver)
    services.import_site_shares(dataset=dataset, data=sites("øvrige"), user=editor)
    submission = review.submit(obj=dataset, user=editor)
    html = DATASETS.diff(
        dataset, review.published_revision_id(dataset), submission.revision_id
    )
    assert "Rows added: 0, changed: 1, removed: 0, unchanged: 1." in html
    assert '<th scope="col">site_nb</th>' in html
    assert "<del>andre</del> <ins>øvrige</ins>" in html
