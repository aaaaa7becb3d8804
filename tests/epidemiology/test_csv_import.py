"""What a CSV file must look like; every error names the line and the column."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from epidemiology.csv_import import (
    MAX_FILE_BYTES,
    CsvImportError,
    parse_incidence,
    parse_site_shares,
)
from epidemiology.tables import IncidenceRecord, SiteShareRecord
from tests.epidemiology.helpers import csv_bytes

SITE_HEADER = "site,share_percent"


def problems(data: bytes, *, sites: bool = False) -> list[tuple[int, str, str]]:
    parse = parse_site_shares if sites else parse_incidence
    with pytest.raises(CsvImportError) as caught:
        parse(data)
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def only_problem(data: bytes, *, sites: bool = False) -> tuple[int, str, str]:
    found = problems(data, sites=sites)
    assert len(found) == 1, found
    return found[0]


def test_a_valid_file_gives_its_rows():
    records = parse_incidence(
        csv_bytes(["2013,male,all,612,", "2013,female,all,602,", "2013,all,all,1214,"])
    )
    assert records == [
        IncidenceRecord(2013, "male", "all", 612, None),
        IncidenceRecord(2013, "female", "all", 602, None),
        IncidenceRecord(2013, "all", "all", 1214, None),
    ]


def test_a_byte_order_mark_and_surrounding_whitespace_are_accepted():
    data = (
        "\ufeff year , sex ,age_group, cases ,population\r\n"
        " 2013 , Male , 0\u20134 , 3 , 150000 \r\n"  # an en dash, as typed
    )
    assert parse_incidence(data.encode()) == [
        IncidenceRecord(2013, "male", "0-4", 3, 150000)
    ]


def test_the_population_column_may_be_left_out():
    data = b"year,sex,age_group,cases\n2013,all,all,1214\n"
    assert parse_incidence(data) == [IncidenceRecord(2013, "all", "all", 1214, None)]


def test_an_empty_file_is_refused_with_the_expected_header():
    line, column, message = only_problem(b"")
    assert (line, column) == (1, "year")
    assert "empty" in message
    assert "year,sex,age_group,cases,population" in message


def test_a_header_without_rows_is_refused():
    line, column, message = only_problem(csv_bytes([]))
    assert (line, column) == (2, "year")
    assert "no rows" in message


def test_a_missing_column_in_the_header_is_named():
    line, column, message = only_problem(b"year,sex,cases\n2013,all,5\n")
    assert (line, column) == (1, "age_group")
    assert "missing from the header" in message


def test_an_unknown_column_in_the_header_is_named():
    found = problems(b"year,sex,age,cases\n2013,all,all,5\n")
    assert (1, "age", "unknown column; the header must be: "
            "year,sex,age_group,cases,population") in found  # fmt: skip
    assert any(column == "age_group" for _, column, _ in found)


def test_an_unknown_sex_names_line_column_and_the_allowed_values():
    line, column, message = only_problem(csv_bytes(["2013,men,all,5,"]))
    assert (line, column) == (2, "sex")
    assert message == "“men” is not allowed; expected one of: male, female, all"


def test_an_unknown_age_band_names_the_allowed_bands():
    line, column, message = only_problem(csv_bytes(["2013,all,85-89,5,"]))
    assert (line, column) == (2, "age_group")
    assert "0-4, 5-9" in message and "85+" in message


@pytest.mark.parametrize("cell", ["5.5", "1 214", "1,214", "five"])
def test_a_count_that_is_not_a_whole_number_is_refused(cell):
    data = f'year,sex,age_group,cases,population\n2013,all,all,"{cell}",\n'.encode()
    line, column, message = only_problem(data)
    assert (line, column) == (2, "cases")
    assert "is not a whole number" in message


def test_a_negative_count_is_refused_as_negative():
    line, column, message = only_problem(csv_bytes(["2013,all,all,-5,"]))
    assert (line, column) == (2, "cases")
    assert "negative" in message


def test_more_cases_than_population_is_refused():
    line, column, message = only_problem(csv_bytes(["2013,all,0-4,12,10"]))
    assert (line, column) == (2, "cases")
    assert "more than the population at risk (10)" in message


def test_a_duplicate_key_names_both_lines():
    line, column, message = only_problem(
        csv_bytes(["2013,male,all,5,", "2013,female,all,5,", "2013,Male,all,6,"])
    )
    assert (line, column) == (4, "age_group")
    assert "duplicate of line 2" in message


def test_a_future_year_is_refused():
    data = csv_bytes(["2031,all,all,5,"])
    with pytest.raises(CsvImportError) as caught:
        parse_incidence(data, today=datetime.date(2026, 1, 1))
    assert caught.value.problems[0].column == "year"


def test_a_row_with_a_missing_cell_names_the_missing_column():
    line, column, message = only_problem(csv_bytes(["2013,all,all"]))
    assert (line, column) == (2, "cases")
    assert message == "expected 5 cells, found 3"


@pytest.mark.parametrize("cell", ["=1+2", "@SUM(A1)", "+5", "=cmd|' /C calc'!A0"])
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_refused(cell):
    data = f'year,sex,age_group,cases,population\n2013,"{cell}",all,5,\n'.encode()
    line, column, message = only_problem(data)
    assert (line, column) == (2, "sex")
    assert "formula" in message


def test_a_file_that_is_not_utf8_names_the_line_and_column():
    data = b"year,sex,age_group,cases,population\n2013,all,all,5,\n"
    data += "2014,kvinne,all,5,\n".replace("kvinne", "kvinner\u00e6").encode("latin-1")
    line, column, message = only_problem(data)
    assert (line, column) == (3, "sex")
    assert "not UTF-8" in message


def test_a_file_above_the_size_limit_is_refused():
    data = csv_bytes(["2013,all,all,5,"]) + b" " * MAX_FILE_BYTES
    _, _, message = only_problem(data)
    assert "larger than 10 MB" in message


def test_blank_lines_are_skipped_and_line_numbers_stay_true():
    data = b"year,sex,age_group,cases,population\n\n2013,all,all,5,\n\n2014,al,all,5,\n"
    assert only_problem(data)[:2] == (5, "sex")


def test_every_problem_is_reported_not_only_the_first():
    found = problems(csv_bytes(["2013,x,all,5,", "2014,all,all,-1,", "2015,all,9,5,"]))
    assert [(line, column) for line, column, _ in found] == [
        (2, "sex"),
        (3, "cases"),
        (4, "age_group"),
    ]


def test_site_shares_that_add_up_to_about_100_are_accepted():
    records = parse_site_shares(
        csv_bytes(
            ["small intestine,25", "lung,20", "other sites,54.6"], header=SITE_HEADER
        )
    )
    assert records[0] == SiteShareRecord("small intestine", Decimal("25"))
    assert len(records) == 3


def test_site_shares_that_do_not_add_up_to_100_are_refused():
    line, column, message = only_problem(
        csv_bytes(["small intestine,25", "lung,20"], header=SITE_HEADER), sites=True
    )
    assert (line, column) == (3, "share_percent")
    assert "add up to 45" in message and "other sites" in message


def test_a_share_with_a_decimal_comma_is_refused_with_a_hint():
    data = b'site,share_percent\nlung,"20,5"\nother,79.5\n'
    line, column, message = only_problem(data, sites=True)
    assert (line, column) == (2, "share_percent")
    assert "decimal point" in message


def test_a_site_named_like_a_formula_is_refused():
    data = csv_bytes(["=HYPERLINK(evil),50", "other,50"], header=SITE_HEADER)
    assert only_problem(data, sites=True)[:2] == (2, "site")


def test_a_duplicate_site_is_refused():
    data = csv_bytes(["Lung,50", "lung,50"], header=SITE_HEADER)
    line, column, message = only_problem(data, sites=True)
    assert (line, column, message) == (
        3,
        "site",
        "duplicate of line 2; each site may appear once",
    )


def test_exported_cells_that_look_like_formulas_are_escaped():
    from epidemiology.tables import export_csv

    text = export_csv(["site", "share_percent"], [["=1+1", "50.00"], ["@x", "50"]])
    assert text == "site,share_percent\r\n'=1+1,50.00\r\n'@x,50\r\n"
