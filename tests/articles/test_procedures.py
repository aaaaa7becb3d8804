"""The A to Z index of procedures."""

from __future__ import annotations

import re

import pytest

from articles.search.procedures import DIGITS
from tests.articles.unapproved_work import make_unapproved_work
from tests.factories import make_cancer_type, published_article


@pytest.fixture
def write(editor, approver):
    def write(title: str, procedure_type: str = "surgery", **fields) -> None:
        published_article(
            editor=editor,
            approver=approver,
            title=title,
            kind="procedure",
            chapter="",
            procedure_type=procedure_type,
            **fields,
        )

    return write


def letters(page: str) -> list[str]:
    return re.findall(r'<h2 id="letter-[^"]+">([^<]+)</h2>', page)


def entries(page: str) -> list[str]:
    return re.findall(r'<li><a href="/\w+/articles/[^"]+">([^<]+)</a>', page)


def test_procedures_are_grouped_by_letter_with_type_and_cancer_types(
    reader, write, editor, approver
):
    net = make_cancer_type("net", name_en="Neuroendocrine tumours")
    colon = make_cancer_type("colon", name_en="Colorectal cancer")
    write("Whipple procedure", cancer_type=net)
    write("Biopsy", procedure_type="diagnostic", cancer_type=colon)
    write("bowel resection", cancer_type=colon)
    write("5-FU chemotherapy", procedure_type="medical", cancer_type=colon)
    published_article(editor=editor, approver=approver, title="A chapter")
    response = reader.get("/en/procedures/")
    page = response.content.decode()
    assert response.status_code == 200
    assert letters(page) == [DIGITS, "B", "W"]
    assert entries(page) == [
        "5-FU chemotherapy",
        "Biopsy",
        "bowel resection",
        "Whipple procedure",
    ]
    assert '>Whipple procedure</a> <span class="kind">(surgery)</span>' in page
    assert "— Neuroendocrine tumours</li>" in page
    assert '<a href="#letter-b">B</a>' in page


def test_norwegian_index_puts_ae_oe_aa_after_z(reader, write):
    for title in ["Åpen kirurgi", "Ørelappbiopsi", "Ablasjon", "Ætsing", "Zeta"]:
        write(title, language="nb")
    page = reader.get("/nb/procedures/").content.decode()
    assert letters(page) == ["A", "Z", "Æ", "Ø", "Å"]
    assert '<section id="letter-aa" aria-labelledby="letter-aa-h">' in page


def test_index_can_be_narrowed_to_a_type_and_a_cancer_type(reader, write):
    net = make_cancer_type("net")
    write("Resection", cancer_type=net)
    write("Scan", procedure_type="diagnostic", cancer_type=net)
    write("Other resection")
    page = reader.get("/en/procedures/?type=surgery&cancer_type=net").content.decode()
    assert entries(page) == ["Resection"]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("type=nope", "There is no procedure type “nope”"),
        ("cancer_type=nope", "There is no cancer type “nope”"),
    ],
)
def test_unknown_filters_are_named_and_ignored(reader, write, query, says):
    write("Resection")
    response = reader.get(f"/en/procedures/?{query}")
    assert response.status_code == 200
    assert says in response.content.decode()
    assert entries(response.content.decode()) == ["Resection"]


def test_empty_index_says_so(reader, db):
    page = reader.get("/en/procedures/").content.decode()
    assert "No procedures are published in this language yet." in page


def test_index_lists_no_unapproved_or_unpublished_procedure(reader, editor, approver):
    make_unapproved_work(editor, approver)
    page = reader.get("/en/procedures/").content.decode()
    assert entries(page) == ["Liver resection"]
    assert "secret" not in page


@pytest.mark.parametrize("count", [1, 30])
def test_index_runs_the_same_queries_whatever_its_size(
    reader, write, django_assert_num_queries, count
):
    net = make_cancer_type("net")
    for n in range(count):
        write(f"Procedure {n}", cancer_type=net)
    # 1. the published cancer types (the filter's choices)
    # 2. the procedures, with their cancer types' names as approved
    with django_assert_num_queries(2):
        response = reader.get("/en/procedures/")
    assert len(entries(response.content.decode())) == count
