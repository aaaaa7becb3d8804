"""The management commands: import_incidence, import_site_shares and the demo."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from reversion.models import Version

from epidemiology.models import Dataset, PublishedDataset
from tests.epidemiology.helpers import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def csv_file(tmp_path):
    def write(lines: list[str], *, header: str | None = None) -> str:
        path = tmp_path / "rows.csv"
        kwargs = {"header": header} if header else {}
        path.write_bytes(csv_bytes(lines, **kwargs))
        return str(path)

    return write


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_incidence_writes_one_revision_as_the_named_user(
    dataset, editor, csv_file
):
    path = csv_file(["2013,male,all,612,", "2013,female,all,602,"])
    out = run("import_incidence", "net-norway", path, "--user", "editor")
    assert "Imported 2 incidence rows into net-norway: 2 added" in out
    assert Version.objects.get_for_object(dataset).first().revision.user == editor
    assert "Nothing changed" in run(
        "import_incidence", "net-norway", path, "--user", "editor"
    )


def test_a_dry_run_writes_nothing(dataset, editor, csv_file):
    path = csv_file(["2013,all,all,5,"])
    out = run("import_incidence", "net-norway", path, "--user", "editor", "--dry-run")
    assert out.startswith("Dry run, nothing written: 1 added")
    dataset.refresh_from_db()
    assert dataset.incidence_table == ""


def test_a_bad_file_fails_naming_line_and_column(dataset, editor, csv_file):
    from io import StringIO

    path = csv_file(["2013,all,all,5,", "2014,all,all,abc,"])
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_incidence", "net-norway", path, "--user", "editor", stderr=err
        )
    assert "Line 3, column cases: “abc” is not a whole number" in err.getvalue()


def test_an_unknown_dataset_or_user_is_a_clear_error(dataset, editor, csv_file):
    path = csv_file(["2013,all,all,5,"])
    with pytest.raises(CommandError, match="No dataset with slug 'nope'"):
        run("import_incidence", "nope", path, "--user", "editor")
    with pytest.raises(CommandError, match="No user 'nobody'"):
        run("import_incidence", "net-norway", path, "--user", "nobody")


def test_import_site_shares_reads_sites(dataset, editor, csv_file):
    path = csv_file(["lung,60", "other sites,40"], header="site,share_percent")
    out = run("import_site_shares", "net-norway", path, "--user", "editor")
    assert "Imported 2 site-distribution rows" in out


def test_demo_datasets_are_published_once_and_readable(editor, approver):
    first = run("load_demo_epidemiology")
    assert "net-norway-2013: published." in first
    second = run("load_demo_epidemiology")
    assert "net-norway-2013: already published." in second
    assert PublishedDataset.objects.filter(is_current=True).count() == 3
    assert PublishedDataset.objects.count() == 3
    client = Client()
    body = client.get("/en/epidemiology/net-norway-2013/").content.decode()
    assert '<td class="num">1,214</td>' in body
    assert "Oslo University Hospital" in body
    illustrative = client.get("/en/epidemiology/net-incidence-illustrative/")
    assert "Illustrative numbers." in illustrative.content.decode()
    sites = client.get("/en/epidemiology/net-primary-sites.csv").content.decode()
    assert "other sites (remainder),24,andre utgangspunkt (resten)\r\n" in sites


def test_demo_creates_its_users_when_the_main_demo_has_not(db):
    run("load_demo_epidemiology")
    dataset = Dataset.objects.get(slug="net-norway-2013")
    version = dataset.published_versions.get()
    assert version.approved_by.username == "approver"
    assert not version.approved_by.has_usable_password()
