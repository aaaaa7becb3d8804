"""The editor's admin: upload with a dry run, then import exactly that file;
the approver's review page with the row-level diff."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from reversion.models import Version

from epidemiology.csv_import import MAX_FILE_BYTES
from epidemiology.models import IncidenceRow, PublishedDataset, SiteShareRow
from oncolex.review import services as review
from oncolex.review.exceptions import InvalidState
from tests.epidemiology.helpers import banded_lines, csv_bytes, import_rows
from tests.factories import save_article, sign_in_with_second_factor

pytestmark = pytest.mark.django_db


def upload(content: bytes, name: str = "net.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def import_url(dataset) -> str:
    return f"/admin/epidemiology/dataset/{dataset.pk}/import/"


def post(client, dataset, data: bytes, **fields):
    return client.post(
        import_url(dataset),
        {"table": "incidence", "file": upload(data), "comment": "", **fields},
    )


def test_editor_sees_what_a_file_would_change_before_anything_is_written(
    client, dataset, editor
):
    import_rows(dataset, editor, ["2013,all,all,5,", "2014,all,all,6,"])
    client.force_login(editor)
    count = Version.objects.get_for_object(dataset).count()
    data = csv_bytes(["2013,all,all,5,", "2014,all,all,8,", "2015,all,all,9,"])
    response = post(client, dataset, data, dry_run="1")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Rows added: 1, changed: 1, removed: 0, unchanged: 1." in body
    assert "<del>6</del> <ins>8</ins>" in body
    assert 'name="import"' in body
    assert Version.objects.get_for_object(dataset).count() == count
    assert list(IncidenceRow.objects.values_list("cases", flat=True)) == [5, 6]


def test_importing_the_previewed_file_writes_one_revision_by_the_editor(
    client, dataset, editor
):
    client.force_login(editor)
    data = csv_bytes(banded_lines(2013, "male"))
    preview = post(client, dataset, data, dry_run="1")
    previewed = preview.context["form"].initial["previewed"]
    response = post(
        client,
        dataset,
        data,
        previewed=previewed,
        comment="Report 2013",
        **{"import": "1"},
    )
    assert response.status_code == 302
    revision = Version.objects.get_for_object(dataset).first().revision
    assert revision.user == editor
    assert revision.comment.endswith("Report 2013")
    assert IncidenceRow.objects.filter(dataset=dataset).count() == 18


def test_a_file_other_than_the_previewed_one_is_not_imported(client, dataset, editor):
    client.force_login(editor)
    preview = post(client, dataset, csv_bytes(["2013,all,all,5,"]), dry_run="1")
    previewed = preview.context["form"].initial["previewed"]
    response = post(
        client,
        dataset,
        csv_bytes(["2013,all,all,500,"]),
        previewed=previewed,
        **{"import": "1"},
    )
    assert response.status_code == 400
    assert "This is not the file of the dry run" in response.content.decode()
    assert not IncidenceRow.objects.exists()


def test_a_bad_file_lists_every_error_with_line_and_column(client, dataset, editor):
    client.force_login(editor)
    response = post(
        client, dataset, csv_bytes(["2013,men,all,5,", "2014,all,all,-3,"]), dry_run="1"
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported." in body
    assert "Line 2, column sex: “men” is not allowed" in body
    assert "Line 3, column cases: “-3” is negative" in body


def test_an_upload_above_the_size_limit_is_refused(client, dataset, editor):
    client.force_login(editor)
    data = csv_bytes(["2013,all,all,5,"]) + b"\n" * MAX_FILE_BYTES
    response = post(client, dataset, data, dry_run="1")
    assert response.status_code == 400
    assert "The file is larger than 10 MB" in response.content.decode()


def test_someone_without_change_permission_cannot_open_the_upload(
    client, dataset, django_user_model
):
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    client.force_login(staff)
    assert client.get(import_url(dataset)).status_code == 403


def test_the_change_form_links_to_the_upload_and_to_review(client, dataset, editor):
    import_rows(dataset, editor, ["2013,all,all,5,"])
    client.force_login(editor)
    body = client.get(f"/admin/epidemiology/dataset/{dataset.pk}/change/").content
    body = body.decode()
    assert import_url(dataset) in body
    assert "Submit for review" in body
    assert "1 incidence row (2013\u20132013)" in body


def test_the_review_page_shows_the_approver_the_row_level_diff(
    client, published_dataset, editor, approver
):
    dataset, _ = published_dataset
    import_rows(
        dataset, editor, [*banded_lines(2012, "male", cases=4), "2014,all,all,9,"]
    )
    submission = review.submit(obj=dataset, user=editor)
    sign_in_with_second_factor(client, approver)
    body = client.get(f"/admin/oncolex/submission/{submission.pk}/change/").content
    body = body.decode()
    assert "What changed since the published version" in body
    assert "Rows added: 1, changed: 0, removed: 54, unchanged: 18." in body
    assert "Approve and publish" in body


def test_the_draft_rows_download_as_csv_for_editing(client, dataset, editor):
    import_rows(dataset, editor, ["2013,all,all,5,"])
    client.force_login(editor)
    response = client.get(
        f"/admin/epidemiology/dataset/{dataset.pk}/working-copy/incidence.csv"
    )
    assert response.content.decode("utf-8-sig") == (
        "year,sex,age_group,cases,population\r\n2013,all,all,5,\r\n"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/admin/epidemiology/dataset/",
        "/admin/epidemiology/dataset/add/",
        "/admin/epidemiology/source/",
        "/admin/epidemiology/incidencerow/",
        "/admin/epidemiology/incidencerow/?q=2013",
        "/admin/epidemiology/incidencerow/?q=abc",
        "/admin/epidemiology/sitesharerow/",
        "/admin/epidemiology/standardpopulation/",
        "/admin/epidemiology/publisheddataset/",
    ],
)
def test_editor_admin_pages_open(client, published_dataset, editor, path):
    client.force_login(editor)
    assert client.get(path).status_code == 200


def test_editor_sees_the_standard_populations_but_cannot_change_them(client, editor):
    from epidemiology.models import StandardPopulation

    client.force_login(editor)
    standard = StandardPopulation.objects.get(slug="esp_2013")
    url = f"/admin/epidemiology/standardpopulation/{standard.pk}/change/"
    assert "European Standard Population 2013" in client.get(url).content.decode()
    assert client.post(url, {"name": "Changed", "total": 1}).status_code == 403
    standard.refresh_from_db()
    assert standard.name == "European Standard Population 2013"


def test_reverting_in_the_admin_restores_the_rows_of_that_revision(
    client, dataset, editor
):
    import_rows(dataset, editor, ["2013,all,all,5,"])
    first = Version.objects.get_for_object(dataset).first()
    import_rows(dataset, editor, ["2013,all,all,5,", "2014,all,all,6,"])
    client.force_login(editor)
    url = f"/admin/epidemiology/dataset/{dataset.pk}/history/{first.pk}/"
    shown = client.get(url)
    assert shown.status_code == 200
    form = {
        "based_on_revision": shown.context["adminform"].form.initial[
            "based_on_revision"
        ],
        "title": dataset.title,
        "title_nb": dataset.title_nb,
        "slug": dataset.slug,
        "diagnosis": dataset.diagnosis,
        "diagnosis_nb": dataset.diagnosis_nb,
        "icd10_codes": "",
        "region": dataset.region,
        "region_nb": dataset.region_nb,
        "source": dataset.source_id,
        "note": "",
        "note_nb": "",
        "standard_population": dataset.standard_population_id,
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(IncidenceRow.objects.values_list("year", flat=True)) == [2013]
    latest = Version.objects.get_for_object(dataset).first().revision
    assert latest.comment.startswith("Reverted to previous version")
    assert latest.user == editor


def test_an_admin_edit_is_one_revision_with_the_editor_and_a_comment(
    client, dataset, editor
):
    client.force_login(editor)
    before = Version.objects.get_for_object(dataset).count()
    url = f"/admin/epidemiology/dataset/{dataset.pk}/change/"
    opened = client.get(url).context["adminform"].form.initial["based_on_revision"]
    response = client.post(
        url,
        {
            "based_on_revision": opened,
            "title": "NETs in Norway",
            "title_nb": dataset.title_nb,
            "slug": dataset.slug,
            "diagnosis": dataset.diagnosis,
            "diagnosis_nb": dataset.diagnosis_nb,
            "icd10_codes": "C17, C25.4",
            "region": dataset.region,
            "region_nb": dataset.region_nb,
            "source": dataset.source_id,
            "note": "",
            "note_nb": "",
            "standard_population": dataset.standard_population_id,
        },
    )
    assert response.status_code == 302
    versions = Version.objects.get_for_object(dataset)
    assert versions.count() == before + 1
    revision = versions.first().revision
    assert revision.user == editor
    assert "Title" in revision.comment and "ICD-10 codes" in revision.comment


def test_the_upload_form_speaks_the_editors_language(client, dataset, editor):
    client.force_login(editor)
    english = client.get(import_url(dataset), HTTP_ACCEPT_LANGUAGE="en")
    assert "UTF-8 text with a header row; at most 10 MB." in english.content.decode()
    bokmal = client.get(import_url(dataset), HTTP_ACCEPT_LANGUAGE="nb")
    body = bokmal.content.decode()
    assert "UTF-8-tekst med overskriftsrad; høyst 10 MB." in body
    assert "UTF-8 text with a header row" not in body


def test_site_names_in_bokmal_are_imported_and_shown_on_the_bokmal_page(
    client, dataset, editor, approver
):
    client.force_login(editor)
    data = csv_bytes(
        ["small intestine,25,tynntarm", "other sites,75,andre"],
        header="site,share_percent,site_nb",
    )
    post(client, dataset, data, table="sites", dry_run="1")
    response = client.post(
        import_url(dataset),
        {
            "table": "sites",
            "file": upload(data),
            "comment": "",
            "import": "1",
            "previewed": hashlib.sha256(data).hexdigest(),
        },
    )
    assert response.status_code == 302
    assert list(SiteShareRow.objects.values_list("site", "site_nb")) == [
        ("small intestine", "tynntarm"),
        ("other sites", "andre"),
    ]
    submission = review.submit(obj=dataset, user=editor)
    review.approve(
        submission=submission, user=approver, note="Sites", note_nb="Utgangspunkt"
    )
    client.logout()
    nb = client.get("/nb/epidemiology/net-norway/").content.decode()
    assert '<th scope="row">tynntarm</th><td class="num">25</td>' in nb
    assert "<dt>Hva er endret</dt><dd>Utgangspunkt</dd>" in nb
    en = client.get("/en/epidemiology/net-norway/").content.decode()
    assert '<th scope="row">small intestine</th>' in en
    assert "<dt>What changed</dt><dd>Sites</dd>" in en


def test_the_approver_gives_a_dataset_its_change_note_in_both_languages(
    client, dataset, editor, approver
):
    import_rows(dataset, editor, ["2013,all,all,5,"])
    submission = review.submit(obj=dataset, user=editor)
    sign_in_with_second_factor(client, approver)
    url = f"/admin/oncolex/submission/{submission.pk}/"
    assert 'name="note_nb"' in client.get(f"{url}change/").content.decode()
    client.post(f"{url}approve/", {"note": "New year", "note_nb": "Nytt år"})
    version = PublishedDataset.objects.get()
    assert (version.change_note, version.change_note_nb) == ("New year", "Nytt år")


def test_a_dataset_approval_without_a_bokmal_change_note_is_refused(
    client, dataset, editor, approver
):
    """Bokmål readers would see the English note: the form asks again, with
    the English note kept, and nothing is published."""
    import_rows(dataset, editor, ["2013,all,all,5,"])
    submission = review.submit(obj=dataset, user=editor)
    sign_in_with_second_factor(client, approver)
    url = f"/admin/oncolex/submission/{submission.pk}/"
    response = client.post(f"{url}approve/", {"note": "New year", "note_nb": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    assert "New year</textarea>" in page  # the English note is kept
    assert not PublishedDataset.objects.exists()
    submission.refresh_from_db()
    assert submission.state == "pending"
    with pytest.raises(InvalidState, match="Bokmål"):
        review.approve(submission=submission, user=approver, note="New year")
    assert not PublishedDataset.objects.exists()


def test_an_article_has_no_second_change_note(editor, approver):
    article = save_article(user=editor)
    submission = review.submit(obj=article, user=editor)
    with pytest.raises(InvalidState):
        review.approve(submission=submission, user=approver, note="New", note_nb="Ny")
