"""Displayed rates against a published worked example, at the published
precision, with every place a reader sees a number agreeing: the dataset
page's table and chart, the table embedded in an article, and the CSV.

The example: canregtools (R package by Gu et al.), reference page of
`ageadjust` (https://gigu003.github.io/canregtools/reference/ageadjust.html):
225 cases in 4,200 person-years give "cr 5357.143, cr_lci 4679.972,
cr_uci 6104.765" per 100,000 (exact Poisson limits). We give the 225 cases
18 age bands whose populations are proportional to the European Standard
Population 2013 (each band 0.042 times its weight: 4,200 in all). With the
standard proportional to the population, the direct age-standardised rate
equals the crude rate and the Fay-Feuer interval equals the exact one (Fay
and Feuer, Stat Med 1997;16:791-801), so all three published values show up
on the page twice: as the crude rate and as the ASR with its interval.
Truncated, as the page used to do, they read 4,679.9 and 6,104.7.

Three more years, all ages only, hold values the rounding must get right: a
crude rate of exactly 12.35 (the float nearest it is 12.3499...), 0.99 and
9.96 (rounding carries into the integer part).
"""

from __future__ import annotations

import re

import pytest

from epidemiology.models import StandardPopulation
from tests.epidemiology import helpers
from tests.factories import published_article

pytestmark = pytest.mark.django_db

# 225 cases over the 18 bands: 13 in the first nine, 12 in the rest.
CASES = [13] * 9 + [12] * 9


def example_lines() -> list[str]:
    weights = StandardPopulation.objects.get(slug="esp_2013").weights_by_band()
    lines = []
    for n, (band, weight) in enumerate(weights.items()):
        population = weight * 42 // 1000  # every ESP 2013 weight is a multiple of 500
        assert population * 1000 == weight * 42
        lines.append(f"2013,all,{band},{CASES[n]},{population}")
    return [
        *lines,
        "2014,all,all,247,2000000",  # 12.35 per 100,000
        "2015,all,all,99,10000000",  # 0.99
        "2016,all,all,996,10000000",  # 9.96
    ]


@pytest.fixture
def example(editor, approver):
    dataset = helpers.make_dataset(
        user=editor, slug="worked-example", diagnosis="Example cancer"
    )
    helpers.import_rows(dataset, editor, example_lines())
    helpers.publish(dataset, editor=editor, approver=approver)
    return dataset


def row(body: str, year: int) -> str:
    match = re.search(rf'<th scope="row">{year}</th>(.*?)</tr>', body)
    assert match, year
    return re.sub(r"<[^>]+>", "|", match.group(1))


def test_the_page_shows_the_published_values_at_the_published_precision(
    client, example
):
    body = client.get("/en/epidemiology/worked-example/").content.decode()
    assert row(body, 2013) == (
        "|Both sexes||225||4,200||5,357.1||5,357.1||4,680.0\u20136,104.8|"
    )
    assert "|12.4|" in row(body, 2014)
    assert "|1.0|" in row(body, 2015)
    assert "|10.0|" in row(body, 2016)


def test_the_chart_says_and_plots_what_the_table_shows(client, example):
    body = client.get("/en/epidemiology/worked-example/").content.decode()
    # Not every year has an ASR, so the chart shows the crude rate.
    assert (
        "Crude rate per 100,000. Both sexes: from 5,357.1 in 2013 to 10.0 in 2016."
        in body
    )


def test_bokmal_shows_the_same_numbers_with_a_decimal_comma(client, example):
    body = client.get("/nb/epidemiology/worked-example/").content.decode()
    assert "4\xa0680,0\u20136\xa0104,8" in row(body, 2013)
    assert "|12,4|" in row(body, 2014)


def test_the_table_in_an_article_shows_the_same_numbers(
    client, example, editor, approver
):
    published_article(
        editor=editor,
        approver=approver,
        slug="with-example",
        sections=[("numbers", "Numbers", "The table.", example)],
    )
    body = client.get("/en/articles/with-example/").content.decode()
    page = client.get("/en/epidemiology/worked-example/").content.decode()
    for year in (2013, 2014, 2015, 2016):
        assert row(body, year) == row(page, year)


def test_the_csv_holds_the_numbers_the_rates_come_from(client, example):
    text = client.get("/en/epidemiology/worked-example.csv").content.decode("utf-8-sig")
    assert "2014,all,all,247,2000000\r\n" in text
    assert "2013,all,85+,12,105\r\n" in text


def test_the_chart_plots_the_rounded_value_the_table_shows(client, editor, approver):
    # 0.99 shows as 1.0 in the table; the chart's point must sit on the 1.0
    # grid line (the top of a 0-1.0 axis: y = 20.0), not just below it.
    dataset = helpers.make_dataset(user=editor, slug="small-rates")
    helpers.import_rows(
        dataset, editor, ["2014,all,all,50,10000000", "2015,all,all,99,10000000"]
    )
    helpers.publish(dataset, editor=editor, approver=approver)
    body = client.get("/en/epidemiology/small-rates/").content.decode()
    assert "|1.0|" in row(body, 2015)
    assert '<path d="M60.0 138.0 L520.0 20.0"' in body
