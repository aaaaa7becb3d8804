"""/api/v1/ articles, versions, procedures and cancer types: published records
only, as readers see them, in a bounded number of queries."""

from __future__ import annotations

import datetime

import pytest

from oncolex.review import services
from tests.epidemiology import helpers as epi
from tests.factories import make_cancer_type, publish, published_article, save_article

API = "/api/v1"


@pytest.fixture
def dataset_article(editor, approver):
    """An English article with a dataset table in its second section, and a
    Bokmål twin."""
    dataset = epi.make_dataset(user=editor, slug="net-norway", title="NET in Norway")
    epi.import_rows(dataset, editor, epi.banded_lines(2012, "male", cases=4))
    epi.publish(dataset, editor=editor, approver=approver)
    article, _ = published_article(
        editor=editor,
        approver=approver,
        title="Neuroendocrine tumours",
        slug="neuroendocrine-tumours",
        icd10_codes="C17 C25.4",
        ncsp_codes="JLC30",
        sections=[
            ("background", "Background", "Published text about tumours [1]."),
            ("incidence", "Incidence", "See the table.", dataset),
        ],
    )
    published_article(
        editor=editor,
        approver=approver,
        title="Nevroendokrine svulster",
        slug="nevroendokrine-svulster",
        language="nb",
        translation=article,
    )
    return article


def test_an_article_carries_its_sections_references_codes_and_trust_line(
    reader, dataset_article
):
    response = reader.get(f"{API}/articles/en/neuroendocrine-tumours")
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Neuroendocrine tumours"
    assert data["codes"] == {"icd10": ["C17", "C25.4"], "ncsp": ["JLC30"], "ncmp": []}
    assert [(s["anchor"], s["heading"]) for s in data["sections"]] == [
        ("background", "Background"),
        ("incidence", "Incidence"),
    ]
    background, incidence = data["sections"]
    assert background["html"].startswith("<p>Published text about tumours")
    assert 'href="#ref-1"' in background["html"]
    assert "<section" not in background["html"] and "<h2" not in background["html"]
    # The dataset's live table is in its section, as on the page.
    assert "<table" in incidence["html"]
    assert "<!--oncolex:dataset" not in incidence["html"]
    assert data["datasets"] == [
        {"slug": "net-norway", "url": "http://testserver/api/v1/datasets/net-norway"}
    ]
    [reference] = data["references"]
    assert reference["number"] == 1
    assert reference["pmid"] == "18853416"
    assert reference["doi"] == "10.1002/cncr.23883"
    assert reference["text"].startswith("Hauso O, Gustafsson BI")
    assert data["trust"] == {
        "approved_by": "Approver Tester",
        "approved_at": data["approved_at"],
        "version": 1,
        "change_note": "First",
        "medical_editors": "",
        "last_reviewed": "2026-01-15",
        "next_review_due": "2028-01-15",
        "review_overdue": False,
        "hash": None,
    }
    assert data["translation"] == {
        "language": "nb",
        "slug": "nevroendokrine-svulster",
        "url": "http://testserver/api/v1/articles/nb/nevroendokrine-svulster",
    }
    assert data["html_url"] == "http://testserver/en/articles/neuroendocrine-tumours/"
    assert response["Last-Modified"]


def test_a_new_version_is_served_and_history_lists_every_version(
    reader, editor, approver, published
):
    article, _ = published
    save_article(user=editor, article=article, summary="Second summary")
    publish(article, editor=editor, approver=approver, note="Summary rewritten")
    data = reader.get(f"{API}/articles/en/neuroendocrine-tumours").json()
    assert data["summary"] == "Second summary"
    assert data["trust"]["version"] == 2
    versions = reader.get(f"{API}/articles/en/neuroendocrine-tumours/versions").json()
    assert [(v["number"], v["change_note"], v["current"]) for v in versions] == [
        (2, "Summary rewritten", True),
        (1, "First", False),
    ]
    assert versions[1]["html_url"] == (
        "http://testserver/en/articles/neuroendocrine-tumours/history/1/"
    )


def test_a_renamed_article_redirects_and_a_withdrawn_one_is_gone(
    reader, editor, approver, published
):
    article, _ = published
    save_article(user=editor, article=article, slug="net")
    publish(article, editor=editor, approver=approver, note="Renamed")
    for tail in ["", "/versions"]:
        response = reader.get(f"{API}/articles/en/neuroendocrine-tumours{tail}")
        assert response.status_code == 301
        assert response["Location"] == f"/api/v1/articles/en/net{tail}"
    services.unpublish(obj=article, user=approver, comment="Withdrawn")
    response = reader.get(f"{API}/articles/en/net")
    assert response.status_code == 410
    assert response.json()["unpublished_at"]
    assert reader.get(f"{API}/articles/en/net/versions").status_code == 410
    assert reader.get(f"{API}/articles/en/nothing-here").status_code == 404
    assert reader.get(f"{API}/articles/de/net").status_code == 422


def test_lists_filter_by_language_kind_and_cancer_type(reader, editor, approver):
    net = make_cancer_type("net")
    other = make_cancer_type("other")
    for title, language, kind, cancer_type in [
        ("Biopsy", "en", "diagnostic", net),
        ("Resection", "en", "surgery", other),
        ("Reseksjon", "nb", "surgery", net),
        ("Background", "en", "", net),
    ]:
        published_article(
            editor=editor,
            approver=approver,
            title=title,
            language=language,
            kind="procedure" if kind else "chapter",
            chapter="" if kind else "background",
            procedure_type=kind,
            cancer_type=cancer_type,
        )

    def titles(url: str) -> list[str]:
        return [item["title"] for item in reader.get(url).json()["items"]]

    assert titles(f"{API}/articles?language=en") == [
        "Background",
        "Biopsy",
        "Resection",
    ]
    assert titles(f"{API}/articles?kind=chapter") == ["Background"]
    assert titles(f"{API}/articles?cancer_type=net&language=en") == [
        "Background",
        "Biopsy",
    ]
    assert titles(f"{API}/procedures") == ["Biopsy", "Resection", "Reseksjon"]
    assert titles(f"{API}/procedures?type=surgery&language=nb") == ["Reseksjon"]
    item = reader.get(f"{API}/articles?language=nb").json()["items"][0]
    assert item["cancer_types"] == [{"slug": "net", "name": net.name_nb}]


def test_pages_are_bounded(reader, editor, approver):
    for n in range(3):
        published_article(editor=editor, approver=approver, title=f"A{n}")
    data = reader.get(f"{API}/articles?page_size=2&page=2").json()
    assert data["count"] == 3
    assert [item["title"] for item in data["items"]] == ["A2"]
    assert reader.get(f"{API}/articles?page=99").json() == {"items": [], "count": 3}
    for query in ["page_size=101", "page_size=0", "page=0", "page=1001", "page=x"]:
        assert reader.get(f"{API}/articles?{query}").status_code == 422, query


def test_cancer_types_are_listed_in_menu_order(reader, db):
    make_cancer_type("b-second", name_en="Second", menu_position=2, icd10_codes="C25")
    make_cancer_type("a-first", name_en="First", menu_position=1)
    data = reader.get(f"{API}/cancer-types").json()
    assert [(c["slug"], c["icd10_codes"]) for c in data] == [
        ("a-first", []),
        ("b-second", ["C25"]),
    ]


@pytest.mark.parametrize("count", [1, 25])
def test_article_lists_run_the_same_queries_whatever_their_length(
    reader, editor, approver, django_assert_num_queries, count
):
    for n in range(count):
        published_article(editor=editor, approver=approver, title=f"A{n}")
    # 1. the count, 2. the page of live versions, 3. their cancer types
    with django_assert_num_queries(3):
        response = reader.get(f"{API}/articles?page_size=100")
    assert len(response.json()["items"]) == count


def test_an_article_is_at_most_four_queries(
    reader, dataset_article, django_assert_num_queries
):
    # 1. the live version, 2. its cancer types, 3. live neighbours (twin and
    # link targets), 4. the live dataset tables
    with django_assert_num_queries(4):
        assert (
            reader.get(f"{API}/articles/en/neuroendocrine-tumours").status_code == 200
        )
    # 1. the live version, 2. every published version
    with django_assert_num_queries(2):
        reader.get(f"{API}/articles/en/neuroendocrine-tumours/versions")


def test_an_article_past_its_review_date_says_so_in_its_own_language(
    reader, editor, approver
):
    article = save_article(
        user=editor,
        slug="gammel",
        language="nb",
        last_reviewed=datetime.date(2024, 1, 1),
        next_review_due=datetime.date(2025, 1, 1),
    )
    services.approve(
        submission=services.submit(obj=article, user=editor),
        user=approver,
        note="First",
        confirm_past_review_date=True,
    )
    response = reader.get(f"{API}/articles/nb/gammel")
    assert response["Content-Language"] == "nb"
    trust = response.json()["trust"]
    assert trust["review_overdue"] is True
    assert trust["next_review_due"] == "2025-01-01"
