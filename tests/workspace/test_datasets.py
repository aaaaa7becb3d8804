"""Datasets go through the same review: they appear on the dashboard and
their transitions are mailed like articles'."""

from __future__ import annotations

from django.test import Client

from oncolex.review import services
from tests.epidemiology import helpers as epi
from tests.factories import sign_in_with_second_factor


def index(user) -> str:
    client = Client()
    sign_in_with_second_factor(client, user)
    return client.get("/admin/").content.decode()


def test_a_dataset_draft_and_its_submission_reach_the_dashboards(
    editor, approver, transition, deliver, mailoutbox
):
    dataset = epi.make_dataset(user=editor, title="NET incidence in Norway")
    drafts = index(editor).split('id="your-drafts"')[1].split("</section>")[0]
    assert f'href="/admin/epidemiology/dataset/{dataset.pk}/change/"' in drafts
    transition(services.submit, obj=dataset, user=editor)
    deliver()
    approver_page = index(approver)
    awaiting = approver_page.split('id="awaiting-review"')[1].split("</section>")[0]
    assert "NET incidence in Norway" in awaiting
    assert [m.subject for m in mailoutbox] == [
        "[Oncolex] Awaiting your review: NET incidence in Norway"
    ]
    mine = index(editor).split('id="your-drafts"')[1]
    drafts, submissions = mine.split('id="your-submissions"')
    assert "NET incidence in Norway" not in drafts
    assert "NET incidence in Norway" in submissions and "pending review" in submissions
