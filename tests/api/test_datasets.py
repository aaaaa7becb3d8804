"""/api/v1/datasets: the approved numbers with their provenance, never an
unapproved import."""

from __future__ import annotations

import pytest

from oncolex.review import services
from tests.epidemiology import helpers as epi

API = "/api/v1"


@pytest.fixture
def dataset(editor, approver):
    dataset = epi.make_dataset(
        user=editor,
        slug="net-norway",
        title="NET in Norway",
        title_nb="NET i Norge",
        icd10_codes="C17 C25.4",
        illustrative=True,
    )
    epi.import_rows(
        dataset,
        editor,
        [
            *epi.banded_lines(2012, "male", cases=4),
            *epi.banded_lines(2012, "female", cases=3),
        ],
        comment="Registry figures",
    )
    epi.publish(dataset, editor=editor, approver=approver, note="First figures")
    return dataset


def test_a_dataset_carries_its_approved_numbers_rates_and_provenance(reader, dataset):
    response = reader.get(f"{API}/datasets/net-norway")
    assert response.status_code == 200
    data = response.json()
    assert (data["title"], data["title_nb"], data["icd10_codes"]) == (
        "NET in Norway",
        "NET i Norge",
        ["C17", "C25.4"],
    )
    assert data["illustrative"] is True
    assert len(data["incidence"]) == 36
    assert {
        "year": 2012,
        "sex": "male",
        "age_group": "0-4",
        "cases": 4,
        "population": 100000,
    } in data["incidence"]
    male = next(r for r in data["rates"] if r["sex"] == "male")
    # 18 bands of 4 cases in 100,000 each: 72 in 1.8 million, 4 per 100,000.
    assert male["cases"] == 72
    assert male["crude_per_100000"] == pytest.approx(4.0)
    assert male["asr_per_100000"] == pytest.approx(4.0)
    provenance = data["provenance"]
    assert provenance["source"] == {
        "publisher": "Cancer Registry of Norway",
        "title": "Cancer in Norway 2013",
        "year": 2014,
        "url": "https://www.kreftregisteret.no/",
        "retrieved_on": "2026-11-02",
    }
    assert provenance["approved_by"] == "Approver Tester"
    assert provenance["version"] == 1
    assert provenance["change_note"] == "First figures"
    assert provenance["illustrative"] is True
    assert provenance["age_standardised"] is True
    assert provenance["standard_population"]
    assert data["csv_metadata_url"] == (
        "http://testserver/en/epidemiology/net-norway.csv-metadata.json"
    )
    # The same account, in Bokmål where the dataset gives it.
    nb = reader.get(f"{API}/datasets/net-norway?language=nb").json()
    assert nb["provenance"]["language"] == "nb"
    assert nb["provenance"]["title"] == "NET i Norge"
    assert nb["csv_url"] == "http://testserver/nb/epidemiology/net-norway.csv"
    assert data["csv_url"] == "http://testserver/en/epidemiology/net-norway.csv"
    assert response["Last-Modified"]


def test_an_unapproved_import_never_reaches_the_api(reader, dataset, editor, approver):
    epi.import_rows(
        dataset, editor, epi.banded_lines(2013, "male", cases=999), comment="Draft"
    )
    submission = services.submit(obj=dataset, user=editor)
    data = reader.get(f"{API}/datasets/net-norway").json()
    assert {row["year"] for row in data["incidence"]} == {2012}
    assert 999 not in {row["cases"] for row in data["incidence"]}
    services.approve(
        submission=submission,
        user=approver,
        note="2013 replaces 2012",
        note_nb="2013 erstatter 2012",
    )
    data = reader.get(f"{API}/datasets/net-norway").json()
    assert {row["cases"] for row in data["incidence"]} == {999}
    assert data["provenance"]["version"] == 2


def test_a_withdrawn_dataset_is_gone_and_listed_no_more(reader, dataset, approver):
    assert [d["slug"] for d in reader.get(f"{API}/datasets").json()["items"]] == [
        "net-norway"
    ]
    services.unpublish(obj=dataset, user=approver, comment="Wrong source")
    assert reader.get(f"{API}/datasets/net-norway").status_code == 410
    assert reader.get(f"{API}/datasets").json() == {"items": [], "count": 0}
    assert reader.get(f"{API}/datasets/never-existed").status_code == 404


def test_a_dataset_never_approved_is_unknown(reader, editor):
    draft = epi.make_dataset(user=editor, slug="draft-data")
    epi.import_rows(draft, editor, epi.banded_lines(2012, "male"))
    assert reader.get(f"{API}/datasets/draft-data").status_code == 404
    assert reader.get(f"{API}/datasets").json()["count"] == 0


@pytest.mark.parametrize("count", [1, 12])
def test_dataset_lists_and_pages_run_a_fixed_number_of_queries(
    reader, editor, approver, django_assert_num_queries, count
):
    for n in range(count):
        dataset = epi.make_dataset(user=editor, slug=f"d{n}")
        epi.import_rows(dataset, editor, epi.banded_lines(2012, "male"))
        epi.publish(dataset, editor=editor, approver=approver)
    # 1. the count, 2. the page
    with django_assert_num_queries(2):
        assert len(reader.get(f"{API}/datasets?page_size=100").json()["items"]) == count
    # 1. the live version with its rows
    with django_assert_num_queries(1):
        reader.get(f"{API}/datasets/d0")
