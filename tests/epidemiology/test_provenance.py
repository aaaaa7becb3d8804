"""Provenance travels with the numbers: W3C CSV on the Web metadata beside
every CSV download, announced by a Link header and linked from the page."""

from __future__ import annotations

import csv
import io
import json

import pytest
import reversion
from csvw import CSVW

from epidemiology import services
from oncolex.review import services as review
from tests.epidemiology import helpers

pytestmark = pytest.mark.django_db

CSV = "/en/epidemiology/net-norway.csv"
METADATA = "/en/epidemiology/net-norway.csv-metadata.json"


def metadata(client, url: str = METADATA) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/csvm+json"
    return json.loads(response.content)


def csv_header(client, url: str) -> list[str]:
    text = client.get(url).content.decode("utf-8-sig")
    return next(csv.reader(io.StringIO(text)))


def test_the_metadata_is_a_csvw_table_description_of_the_csv(reader, published_dataset):
    found = metadata(reader)
    assert found["@context"] == ["http://www.w3.org/ns/csvw", {"@language": "en"}]
    assert found["url"] == "http://testserver" + CSV
    columns = found["tableSchema"]["columns"]
    # CSVW processors check that column titles match the CSV's header row.
    assert [c["titles"] for c in columns] == csv_header(reader, CSV)
    assert [c["name"] for c in columns] == csv_header(reader, CSV)
    population = columns[-1]
    assert (population["null"], population["required"]) == ("", False)
    assert found["tableSchema"]["primaryKey"] == ["year", "sex", "age_group"]


def test_the_metadata_names_version_approval_source_standard_and_flag(
    reader, published_dataset
):
    _, version = published_dataset
    found = metadata(reader)
    assert found["dc:title"] == "Neuroendocrine tumours in Norway"
    assert found["schema:version"] == 1
    assert found["schema:datePublished"] == version.approved_at.date().isoformat()
    assert found["schema:reviewedBy"] == {"schema:name": "Approver Tester"}
    assert found["schema:releaseNotes"] == "First"
    assert found["schema:url"] == "http://testserver/en/epidemiology/net-norway/"
    assert found["dc:source"] == {
        "schema:publisher": "Cancer Registry of Norway",
        "schema:name": "Cancer in Norway 2013",
        "schema:datePublished": "2014",
        "schema:url": "https://www.kreftregisteret.no/",
        "schema:additionalProperty": {
            "schema:name": "retrieved on",
            "schema:value": "2026-11-02",
        },
    }
    details = {d["schema:name"]: d for d in found["schema:additionalProperty"]}
    assert details["illustrative numbers"]["schema:value"] is False
    assert (
        details["standard population"]["schema:value"]
        == "European Standard Population 2013"
    )
    assert "Eurostat" in details["standard population"]["schema:description"]


def test_illustrative_numbers_say_so_in_the_metadata(reader, editor, approver):
    dataset = helpers.make_dataset(user=editor, slug="made-up", illustrative=True)
    helpers.import_rows(dataset, editor, ["2013,all,all,5,"])
    helpers.publish(dataset, editor=editor, approver=approver)
    found = metadata(reader, "/en/epidemiology/made-up.csv-metadata.json")
    details = {d["schema:name"]: d for d in found["schema:additionalProperty"]}
    assert details["illustrative numbers"]["schema:value"] is True
    # No ASR without age bands: no standard population to name.
    assert "standard population" not in details


def test_the_bokmal_metadata_is_in_bokmal(reader, published_dataset):
    found = metadata(reader, "/nb/epidemiology/net-norway.csv-metadata.json")
    assert found["@context"][1] == {"@language": "nb"}
    assert found["dc:title"] == "Nevroendokrine svulster i Norge"
    details = {d["schema:name"]: d for d in found["schema:additionalProperty"]}
    assert (
        details["standardbefolkning"]["schema:value"]
        == "Europeisk standardbefolkning 2013"
    )
    assert found["url"] == "http://testserver/nb/epidemiology/net-norway.csv"


def test_the_csv_names_its_metadata_in_a_link_header(reader, published_dataset):
    response = reader.get(CSV)
    assert response["Link"] == (
        f'<http://testserver{METADATA}>; rel="describedby"; '
        'type="application/csvm+json"'
    )


def test_the_dataset_page_links_to_the_metadata(reader, published_dataset):
    body = reader.get("/en/epidemiology/net-norway/").content.decode()
    assert (
        '<link rel="describedby" type="application/csvm+json" '
        f'href="{METADATA}">' in body
    )
    assert f'<a href="{METADATA}" type="application/csvm+json">' in body


def test_the_csv_with_its_provenance_still_imports_unchanged(
    reader, published_dataset, editor
):
    dataset, _ = published_dataset
    data = reader.get(CSV).content
    result = services.import_incidence(dataset=dataset, data=data, user=editor)
    assert result.diff.is_empty and not result.revision_created


def test_site_tables_have_their_own_metadata_with_the_bokmal_column(
    reader, editor, approver
):
    dataset = helpers.make_dataset(user=editor, slug="sites")
    helpers.import_rows(dataset, editor, ["2013,all,all,5,"])
    services.import_site_shares(
        dataset=dataset,
        data=helpers.csv_bytes(
            ["small intestine,25.5,tynntarm", "other sites,74.5,andre"],
            header="site,share_percent,site_nb",
        ),
        user=editor,
    )
    helpers.publish(dataset, editor=editor, approver=approver)
    url = "/en/epidemiology/sites/sites.csv"
    response = reader.get(url)
    assert response["Link"].startswith(
        "<http://testserver/en/epidemiology/sites/sites.csv-metadata.json>"
    )
    found = metadata(reader, "/en/epidemiology/sites/sites.csv-metadata.json")
    assert found["url"] == "http://testserver" + url
    titles = [c["titles"] for c in found["tableSchema"]["columns"]]
    assert titles == csv_header(reader, url) == ["site", "share_percent", "site_nb"]
    again = services.import_site_shares(
        dataset=dataset, data=response.content, user=editor
    )
    assert not again.revision_created


def test_unapproved_changes_never_reach_the_metadata(reader, published_dataset, editor):
    dataset, _ = published_dataset
    before = reader.get(METADATA).content
    dataset.title = "Draft title nobody approved"
    with reversion.create_revision():
        reversion.set_user(editor)
        dataset.save()
    review.submit(obj=dataset, user=editor)
    assert reader.get(METADATA).content == before


def test_no_metadata_for_what_is_not_published(reader, dataset, editor):
    helpers.import_rows(dataset, editor, ["2013,all,all,5,"])
    assert reader.get(METADATA).status_code == 404
    assert reader.get("/en/epidemiology/nothing.csv-metadata.json").status_code == 404


def test_the_metadata_runs_one_query(
    reader, published_dataset, django_assert_num_queries
):
    # 1: the live version (no stored HTML).
    with django_assert_num_queries(1):
        reader.get(METADATA)


@pytest.mark.parametrize(
    ("lines", "metadata_url", "csv_url"),
    [
        (
            [*helpers.banded_lines(2013, "all")[:-1], "2013,all,85+,3,"],
            METADATA,
            CSV,
        ),
        (None, "/nb/epidemiology/net-norway/sites.csv-metadata.json", None),
    ],
    ids=["incidence", "sites"],
)
def test_a_csvw_validator_accepts_the_metadata_and_the_csv_it_describes(
    reader, dataset, editor, approver, tmp_path, lines, metadata_url, csv_url
):
    # csvw (the W3C model implemented by the CLDF project) checks the
    # metadata's vocabulary and reads every cell with the declared datatype.
    if lines:
        helpers.import_rows(dataset, editor, [*lines, "2013,all,all,90,"])
    else:
        services.import_site_shares(
            dataset=dataset,
            data=helpers.csv_bytes(
                ["small intestine,25.5,tynntarm", "other,74.5,"],
                header="site,share_percent,site_nb",
            ),
            user=editor,
        )
    helpers.publish(dataset, editor=editor, approver=approver)
    found = metadata(reader, metadata_url)
    downloaded = reader.get(found["url"].removeprefix("http://testserver"))
    (tmp_path / "table.csv").write_bytes(downloaded.content)
    # Validated offline: the table's address points at the downloaded copy.
    found["url"] = "table.csv"
    path = tmp_path / "table.csv-metadata.json"
    path.write_text(json.dumps(found))
    validated = CSVW(str(path), validate=True)
    assert validated.is_valid, [str(w.message) for w in validated.warnings]
    rows = list(validated.tables[0].iterdicts(fname=tmp_path / "table.csv"))
    if lines:
        assert rows[0] == {
            "year": 2013,
            "sex": "all",
            "age_group": "all",
            "cases": 90,
            "population": None,
        }
        assert rows[-1]["population"] is None and rows[1]["population"] == 100_000
    else:
        assert [r["site_nb"] for r in rows] == ["tynntarm", None]
        assert str(rows[0]["share_percent"]) == "25.5"
