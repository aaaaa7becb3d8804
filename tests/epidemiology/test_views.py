"""The public dataset page and its CSV download: what a clinician sees, and
what they must never see (numbers nobody approved)."""

from __future__ import annotations

import re

import pytest

from epidemiology import services
from epidemiology.tables import AGE_BANDS
from oncolex.review import services as review
from tests.epidemiology.helpers import (
    banded_lines,
    csv_bytes,
    import_rows,
    make_dataset,
    publish,
)

pytestmark = pytest.mark.django_db

PAGE = "/en/epidemiology/net-norway/"
CSV = "/en/epidemiology/net-norway.csv"


def page(client, url: str = PAGE) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_clinician_reads_an_accessible_table_with_units_and_source(
    reader, published_dataset
):
    body = page(reader)
    assert (
        "<caption>Neuroendocrine tumours, Norway: new cases and rates per 100,000"
        in body
    )
    assert '<th scope="col">Crude rate per 100,000</th>' in body
    assert '<th scope="col">Age-standardised rate per 100,000</th>' in body
    assert '<th scope="row">2013</th>' in body
    assert (
        'Source: Cancer Registry of Norway. <cite><a href="https://www.kreftregisteret.no/">'
        "Cancer in Norway 2013</a></cite> (2014). Retrieved Nov. 2, 2026." in body
    )
    assert "<script" not in body


def test_page_shows_crude_and_standardised_rates_with_interval_and_method(
    reader, published_dataset
):
    body = page(reader)
    # 2013, men: 6 cases in each of 18 bands of 100,000 people. The interval
    # is 4.8925-7.2970: rounded, not truncated (which showed 4.8-7.2).
    assert re.search(
        r"<td>Men</td><td class=\"num\">108</td><td class=\"num\">1,800,000</td>"
        r"<td class=\"num\">6.0</td><td class=\"num\">6.0</td>"
        r"<td class=\"num\">4.9\u20137.3</td>",
        body,
    )
    assert "European Standard Population 2013" in body
    assert "gamma method of Fay and Feuer" in body


def test_page_draws_the_trend_as_svg_with_a_text_alternative(reader, published_dataset):
    body = page(reader)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body
    assert 'role="img" aria-labelledby="chart-net-norway-t chart-net-norway-d"' in body
    assert (
        '<desc id="chart-net-norway-d">Age-standardised rate per 100,000. '
        "Men: from 4.0 in 2012 to 6.0 in 2013; Women: from 3.0 in 2012 to 5.0 in 2013."
        "</desc>" in body
    )


def test_page_says_why_an_age_standardised_rate_is_missing(reader, editor, approver):
    dataset = make_dataset(user=editor, slug="partial")
    lines = [
        *banded_lines(2013, "all")[:-1],
        "2013,all,85+,2,",  # no population for 85+
        *banded_lines(2014, "all")[:-2],  # 80-84 and 85+ missing
    ]
    import_rows(dataset, editor, lines)
    publish(dataset, editor=editor, approver=approver)
    body = page(reader, "/en/epidemiology/partial/")
    assert "Not shown: population at risk missing for: 85+." in body
    assert "Not shown: age bands missing: 80\u201384, 85+." in body
    assert "shown only where new cases and the population at risk are given" in body


def test_all_ages_counts_without_population_show_no_rates_and_say_so(
    reader, editor, approver
):
    dataset = make_dataset(user=editor, slug="counts")
    import_rows(dataset, editor, ["2013,male,all,612,", "2013,female,all,602,"])
    publish(dataset, editor=editor, approver=approver)
    body = page(reader, "/en/epidemiology/counts/")
    assert "No rates are shown: the source gives no population at risk." in body
    assert "No age-standardised rate is shown" in body
    assert "Crude rate" not in body


def test_illustrative_numbers_carry_a_notice(reader, editor, approver):
    dataset = make_dataset(user=editor, slug="made-up", illustrative=True)
    import_rows(dataset, editor, ["2013,all,all,5,"])
    publish(dataset, editor=editor, approver=approver)
    assert "<strong>Illustrative numbers.</strong>" in page(
        reader, "/en/epidemiology/made-up/"
    )


def test_the_page_runs_one_query(reader, published_dataset, django_assert_num_queries):
    # 1: the dataset's live published version (stored HTML; no row data).
    with django_assert_num_queries(1):
        reader.get(PAGE)


def test_csv_download_is_exactly_the_published_numbers(reader, published_dataset):
    _, version = published_dataset
    response = reader.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="net-norway.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "year,sex,age_group,cases,population"
    assert lines[1] == "2012,male,0-4,4,100000"
    assert len(lines) == 1 + 4 * len(AGE_BANDS)
    assert text == version.incidence_csv


def test_the_downloaded_csv_imports_back_without_a_change(
    reader, published_dataset, editor
):
    dataset, _ = published_dataset
    data = reader.get(CSV).content
    result = services.import_incidence(dataset=dataset, data=data, user=editor)
    assert not result.revision_created


def test_an_unapproved_import_never_reaches_the_page_or_the_csv(
    reader, published_dataset, editor
):
    dataset, _ = published_dataset
    before_page, before_csv = page(reader), reader.get(CSV).content
    import_rows(dataset, editor, ["2013,all,all,99999,"], comment="Draft")
    review.submit(obj=dataset, user=editor)  # pending, not approved
    assert page(reader) == before_page
    assert reader.get(CSV).content == before_csv
    assert "99999" not in page(reader)


def test_a_dataset_nobody_approved_is_not_found(reader, dataset, editor):
    import_rows(dataset, editor, ["2013,all,all,5,"])
    review.submit(obj=dataset, user=editor)
    assert reader.get(PAGE).status_code == 404
    assert reader.get(CSV).status_code == 404


def test_an_unknown_dataset_is_not_found(reader, db):
    assert reader.get("/en/epidemiology/no-such-thing/").status_code == 404
    assert reader.get("/en/epidemiology/no-such-thing.csv").status_code == 404


def test_an_unpublished_dataset_answers_gone(reader, published_dataset, approver):
    dataset, _ = published_dataset
    review.unpublish(obj=dataset, user=approver, comment="Wrong registry year")
    response = reader.get(PAGE)
    assert response.status_code == 410
    assert "This dataset has been withdrawn" in response.content.decode()
    assert reader.get(CSV).status_code == 404


def test_a_renamed_dataset_redirects_from_its_old_address(
    reader, published_dataset, editor, approver
):
    import reversion

    dataset, _ = published_dataset
    with reversion.create_revision():
        reversion.set_user(editor)
        dataset.slug = "net-norge"
        dataset.save()
    publish(dataset, editor=editor, approver=approver, note="New address")
    response = reader.get(PAGE)
    assert (response.status_code, response["Location"]) == (
        301,
        "/en/epidemiology/net-norge/",
    )


def test_site_distribution_has_its_table_chart_and_csv(reader, editor, approver):
    dataset = make_dataset(user=editor, slug="sites", diagnosis="NET")
    services.import_site_shares(
        dataset=dataset,
        data=csv_bytes(
            ["small intestine,25", "other sites,75"], header="site,share_percent"
        ),
        user=editor,
    )
    publish(dataset, editor=editor, approver=approver)
    body = page(reader, "/en/epidemiology/sites/")
    # Whole percentages in the file: shown whole, as in the CSV.
    assert '<th scope="row">small intestine</th><td class="num">25</td>' in body
    assert 'aria-labelledby="sites-sites-t sites-sites-d"' in body
    text = reader.get("/en/epidemiology/sites.csv").content.decode("utf-8-sig")
    assert text == "site,share_percent\r\nsmall intestine,25\r\nother sites,75\r\n"


def test_the_bokmal_page_is_in_bokmal_with_norwegian_numbers(reader, published_dataset):
    body = page(reader, "/nb/epidemiology/net-norway/")
    assert "<h1>Nevroendokrine svulster i Norge</h1>" in body
    assert (
        "<caption>Nevroendokrine svulster, Norge: nye tilfeller og rater per "
        "100\xa0000</caption>" in body
    )
    assert "Hentet 2. november 2026." in body
    assert "1\xa0800\xa0000" in body or "1 800 000" in body
    assert "6,0" in body


def test_the_csv_download_runs_one_query(
    reader, published_dataset, django_assert_num_queries
):
    # 1: the live version's CSV text.
    with django_assert_num_queries(1):
        reader.get(CSV)
