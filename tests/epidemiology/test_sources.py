"""A source's text reaches readers only inside a reviewed dataset version, and
whoever edited it cannot be the one who approves it."""

from __future__ import annotations

import datetime

import pytest
import reversion

from epidemiology.models import PublishedDataset
from oncolex.review import services as review
from oncolex.review.exceptions import FourEyesViolation
from tests.epidemiology import helpers
from tests.factories import sign_in_with_second_factor


def source_form(source, **changes) -> dict[str, str]:
    data = {
        "publisher": source.publisher,
        "title": source.title,
        "year": str(source.year),
        "url": source.url,
        "retrieved_on": source.retrieved_on.isoformat(),
    }
    return {**data, **changes}


def test_a_source_edited_in_the_admin_reaches_readers_only_through_review(
    client, reader, published_dataset, editor, approver, second_approver
):
    dataset, _ = published_dataset
    source = dataset.source
    sign_in_with_second_factor(client, second_approver)
    response = client.post(
        f"/admin/epidemiology/source/{source.pk}/change/",
        source_form(source, title="Cancer in Norway 2014"),
        follow=True,
    )
    assert response.status_code == 200
    assert "reviewed again" in response.content.decode()
    page = reader.get("/en/epidemiology/net-norway/").content.decode()
    assert "Cancer in Norway 2013" in page
    assert "Cancer in Norway 2014" not in page

    # The edit is a new revision of the dataset, to be submitted...
    submission = review.submit(obj=dataset, user=editor)
    # ...which its author may not approve (the source is part of it)...
    with pytest.raises(FourEyesViolation):
        review.approve(
            submission=submission, user=second_approver, note="New", note_nb="Ny"
        )
    # ...and another approver may.
    review.approve(
        submission=submission,
        user=approver,
        note="2014 edition",
        note_nb="2014-utgaven",
    )
    page = reader.get("/en/epidemiology/net-norway/").content.decode()
    assert "Cancer in Norway 2014" in page


def test_an_approver_who_edited_a_linked_source_cannot_approve_the_dataset(
    published_dataset, editor, approver, second_approver
):
    dataset, _ = published_dataset
    # The approver corrects the source on its own (no dataset in the revision)...
    with reversion.create_revision():
        reversion.set_user(second_approver)
        dataset.source.retrieved_on = datetime.date(2026, 12, 1)
        dataset.source.save()
    # ...an editor then changes the dataset, whose revision holds the source.
    helpers.import_rows(dataset, editor, helpers.banded_lines(2014, "male"))
    submission = review.submit(obj=dataset, user=editor)
    assert not review.can_approve(submission=submission, user=second_approver)
    with pytest.raises(FourEyesViolation):
        review.approve(
            submission=submission, user=second_approver, note="2014", note_nb="2014"
        )
    version = review.approve(
        submission=submission, user=approver, note="2014", note_nb="2014"
    )
    assert version.source_retrieved_on == datetime.date(2026, 12, 1)
    assert PublishedDataset.objects.current().get(dataset=dataset) == version
