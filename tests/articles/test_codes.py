"""Finding articles by ICD-10, NCSP or NCMP code, typed any way."""

from __future__ import annotations

import re

import pytest

from tests.articles.unapproved_work import (
    LIVE_CODE,
    SECRET_CODES,
    make_unapproved_work,
)
from tests.factories import published_article


@pytest.fixture
def coded(editor, approver):
    """Three articles with codes in each system, one in Norwegian."""

    def write(title: str, language: str = "en", **codes: str) -> None:
        published_article(
            editor=editor, approver=approver, title=title, language=language, **codes
        )

    write("Small intestine", icd10_codes="C17 C17.1")
    write("Colon", icd10_codes="C18", ncmp_codes="WBOC03")
    write("Pancreas", icd10_codes="C25.4", ncsp_codes="JLC30 JLC10")
    write("Bukspyttkjertel", language="nb", icd10_codes="C25.4", ncsp_codes="JLC30")


def titles(response) -> list[str]:
    return re.findall(
        r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>", response.content.decode()
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("C1", ["Colon", "Small intestine"]),
        ("C2", ["Pancreas"]),
        ("JL", ["Pancreas"]),
        ("WBOC", ["Colon"]),
        ("C17.1", ["Small intestine"]),
    ],
)
def test_two_characters_of_a_code_are_enough(reader, coded, code, expected):
    assert titles(reader.get("/en/codes/", {"code": code})) == expected


@pytest.mark.parametrize("code", ["c25.4", "C254", "c 25 . 4", " c25.", "C25"])
def test_case_dots_and_spaces_do_not_matter(reader, coded, code):
    assert titles(reader.get("/en/codes/", {"code": code})) == ["Pancreas"]


def test_codes_are_looked_up_in_the_language_of_the_page(reader, coded):
    assert titles(reader.get("/nb/codes/?code=JL")) == ["Bukspyttkjertel"]


def test_results_show_which_codes_matched(reader, coded):
    page = reader.get("/en/codes/?code=jlc").content.decode()
    assert "1 article with a code starting with JLC" in page
    assert "NCSP <mark>JLC30</mark>, NCSP <mark>JLC10</mark>" in page
    assert "C25.4" not in page


def test_a_code_nobody_uses_gets_suggestions(reader, coded):
    page = reader.get("/en/codes/?code=Z9").content.decode()
    assert "No article has a code starting with Z9" in page
    assert 'href="/en/search/?q=Z9"' in page


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("", "For example:"),
        ("c", "Type at least two characters"),
        ("<script>", "Codes are letters and digits"),
        ("C" * 2000, "Codes are letters and digits"),
        ("C1\x00", "Null characters are not allowed"),
    ],
)
def test_odd_codes_get_a_sensible_page(reader, coded, code, says):
    response = reader.get("/en/codes/", {"code": code})
    assert response.status_code == 200
    assert says in response.content.decode()
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize(("page_number", "shown"), [("abc", 2), ("-1", 2), ("7", 0)])
def test_odd_page_numbers_get_a_sensible_page(reader, coded, page_number, shown):
    response = reader.get("/en/codes/", {"code": "C1", "page": page_number})
    assert response.status_code == 200
    assert len(titles(response)) == shown
    if not shown:
        assert "There is no page 7" in response.content.decode()


def test_codes_of_unapproved_or_unpublished_work_find_nothing(reader, editor, approver):
    make_unapproved_work(editor, approver)
    assert titles(reader.get(f"/en/codes/?code={LIVE_CODE}")) == ["Liver resection"]
    for code in SECRET_CODES:
        response = reader.get(f"/en/codes/?code={code}")
        assert titles(response) == [], code
    page = reader.get("/en/codes/?code=C1").content.decode()
    assert "C97" not in page
    assert "secret" not in page


@pytest.mark.parametrize("count", [1, 60])
def test_codes_page_runs_the_same_queries_whatever_it_finds(
    reader, editor, approver, django_assert_num_queries, count
):
    for n in range(count):
        published_article(
            editor=editor, approver=approver, title=f"A{n}", icd10_codes="C17"
        )
    # 1. the page of articles with their total (a window count)
    # 2. their cancer types
    with django_assert_num_queries(2):
        response = reader.get("/en/codes/?code=C1")
    assert len(titles(response)) == min(count, 50)


def test_codes_follow_the_live_version_and_leave_with_it(reader, editor, approver):
    from oncolex.review import services
    from tests.factories import publish, save_article

    article, _ = published_article(
        editor=editor, approver=approver, title="Stomach", icd10_codes="C16.0"
    )
    assert titles(reader.get("/en/codes/?code=C16")) == ["Stomach"]

    save_article(user=editor, article=article, icd10_codes="C15.5")
    assert titles(reader.get("/en/codes/?code=C15")) == []  # a draft is not found
    publish(article, editor=editor, approver=approver, note="Oesophagus")
    assert titles(reader.get("/en/codes/?code=C15")) == ["Stomach"]
    assert titles(reader.get("/en/codes/?code=C16")) == []

    services.unpublish(obj=article, user=approver, comment="Withdrawn")
    assert titles(reader.get("/en/codes/?code=C15")) == []
