"""Full-text search, as a clinician uses it: words in, ranked articles out."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import connection

from articles import search as search_module
from articles.models import PublishedArticle
from articles.search import MAX_QUERY_LENGTH, PER_PAGE, postgres
from oncolex.review import services
from tests.articles.unapproved_work import (
    LIVE_WORD,
    SECRET_WORDS,
    make_unapproved_work,
)
from tests.factories import make_cancer_type, publish, published_article, save_article

ON_POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def write(editor, approver):
    """Publish an article with one section holding `body`."""

    def write(body: str = "Nothing special.", **fields):
        fields.setdefault("sections", [("text", "Text", body)])
        return published_article(editor=editor, approver=approver, **fields)

    return write


def titles(response) -> list[str]:
    """The titles of the results, in the order shown."""
    return re.findall(
        r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>", response.content.decode()
    )


def snippets(response) -> list[str]:
    return re.findall(r'<p class="snippet">(.*?)</p>', response.content.decode())


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/nb/search/?q=nevroendokrine+svulster", "Nevroendokrine svulster"),
        ("/en/search/?q=neuroendocrine+tumour", "Neuroendocrine tumours"),
    ],
)
def test_demo_article_is_found_in_its_language(db, reader, url, title):
    call_command("load_demo", stdout=None)
    found = titles(reader.get(url))
    assert found[0] == title


@pytest.mark.parametrize(
    ("language", "text", "query"),
    [
        ("en", "One tumour of the gut.", "tumours"),
        ("en", "Many tumours of the gut.", "tumour"),
        ("nb", "Svulsten vokser sakte.", "svulster"),
    ],
)
def test_other_forms_of_a_word_find_the_article(reader, write, language, text, query):
    write(text, title="Gut", language=language)
    assert titles(reader.get(f"/{language}/search/?q={query}")) == ["Gut"]


def test_title_match_ranks_above_summary_above_body(reader, write):
    write("Somatostatin once.", title="Body match")
    write(title="Summary match", summary="About somatostatin.")
    write(title="Somatostatin", summary="Title match.")
    found = titles(reader.get("/en/search/?q=somatostatin"))
    assert found == ["Somatostatin", "Summary match", "Body match"]


def test_snippet_marks_the_words_found(reader, write):
    write("Grade by the Ki-67 index of the tumour cells.", title="Grading")
    [snippet] = snippets(reader.get("/en/search/?q=index"))
    assert "<mark>index</mark>" in snippet
    assert "Grade by the Ki-67" in snippet


def test_search_for_markup_shows_text_not_markup(reader, write):
    write("The alert never runs: `<img src=x onerror=alert(1)>` is text.", title="X")
    response = reader.get("/en/search/?q=alert")
    [snippet] = snippets(response)
    assert "<mark>alert</mark> never runs" in snippet
    assert "&lt;img src=x" in snippet
    assert "<img" not in response.content.decode()
    page = reader.get("/en/search/", {"q": "<script>alert(1)</script>"})
    assert "<script" not in page.content.decode().lower()
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in page.content.decode()


def test_search_reads_only_the_language_of_the_page(reader, write):
    write("Somatostatin.", title="English", language="en")
    write("Somatostatin.", title="Norsk", language="nb")
    assert titles(reader.get("/nb/search/?q=somatostatin")) == ["Norsk"]


def test_filter_by_cancer_type(reader, write):
    net = make_cancer_type("net", name_en="Neuroendocrine tumours")
    write("Surgery.", title="For NET", cancer_type=net)
    write("Surgery.", title="For others")
    response = reader.get("/en/search/?q=surgery&cancer_type=net")
    assert titles(response) == ["For NET"]
    assert '<option value="net" selected>' in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("chapter", ["A chapter"]),
        ("procedure", ["A resection", "An ultrasound"]),
        ("surgery", ["A resection"]),
    ],
)
def test_filter_by_kind_of_article(reader, write, kind, expected):
    write("Liver.", title="A chapter")
    write(
        "Liver.",
        title="A resection",
        kind="procedure",
        chapter="",
        procedure_type="surgery",
    )
    write(
        "Liver.",
        title="An ultrasound",
        kind="procedure",
        chapter="",
        procedure_type="diagnostic",
    )
    assert sorted(titles(reader.get(f"/en/search/?q=liver&kind={kind}"))) == expected


def test_filters_without_words_list_everything_they_allow(reader, write):
    net = make_cancer_type("net")
    write(title="Second", cancer_type=net)
    write(title="First", cancer_type=net)
    write(title="Elsewhere")
    assert titles(reader.get("/en/search/?cancer_type=net")) == ["First", "Second"]


def test_results_are_counted_and_paged(reader, write):
    for n in range(PER_PAGE + 3):
        write("Octreotide.", title=f"Article {n:02}")
    first = reader.get("/en/search/?q=octreotide&kind=chapter")
    page = first.content.decode()
    assert f"{PER_PAGE + 3} articles found" in page
    assert len(titles(first)) == PER_PAGE
    assert "Page 1 of 2" in page
    assert 'href="?q=octreotide&amp;kind=chapter&amp;page=2"' in page
    second = reader.get("/en/search/?q=octreotide&kind=chapter&page=2")
    assert len(titles(second)) == 3
    assert set(titles(first)).isdisjoint(titles(second))
    assert f'<ol class="results" start="{PER_PAGE + 1}">' in second.content.decode()


def test_very_many_results_are_counted_up_to_a_limit(reader, write, monkeypatch):
    monkeypatch.setattr(search_module, "MAX_COUNTED", 3)
    for n in range(5):
        write("Octreotide.", title=f"Article {n}")
    page = reader.get("/en/search/?q=octreotide").content.decode()
    assert "More than 3 articles found" in page
    assert "Add a word or choose a cancer type" in page


def test_no_results_page_suggests_removing_the_filters(reader, write):
    make_cancer_type("net")
    write("Somatostatin.", title="Elsewhere")
    response = reader.get("/en/search/?q=somatostatin&cancer_type=net&kind=chapter")
    page = response.content.decode()
    assert response.status_code == 200
    assert "No articles match “somatostatin”" in page
    assert 'href="?q=somatostatin">Search again without the filters' in page
    assert titles(reader.get("/en/search/?q=somatostatin")) == ["Elsewhere"]


def test_quotes_find_a_phrase_and_minus_leaves_out_a_word(reader, write):
    write("Tumours of the small intestine.", title="Intestine")
    write("Small cell tumours of the lung and intestine.", title="Lung")
    assert titles(reader.get('/en/search/?q="small intestine"')) == ["Intestine"]
    assert titles(reader.get("/en/search/?q=tumours -lung")) == ["Intestine"]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("", "Type a word or two"),
        ("q=" + "tumour " * 300, "Your search was too long"),
        ("q=tumour&cancer_type=nope", "There is no cancer type “nope”"),
        ("q=tumour&kind=nope", "There is no kind of article “nope”"),
        ("q=tumour&page=99", "There is no page 99"),
        ("q=tumour&page=" + "9" * 20, "There is no page 1000"),
        ("q=tumour&page=" + "9" * 5000, "1 article found"),
        ("q=tumour&page=abc", "1 article found"),
        ("q=tumour&page=-3", "1 article found"),
        ("q=tumour%00", "1 article found"),
        ("q=%00", "Type a word or two"),
        ("q=%22%22%22-", "No articles match"),
        ("q=the", "No articles match “the”"),
    ],
)
def test_odd_input_gets_a_sensible_page(reader, write, query, says):
    write("A tumour.", title="Tumours")
    response = reader.get(f"/en/search/?{query}")
    assert response.status_code == 200
    assert says in response.content.decode()


def test_a_long_query_is_searched_by_its_beginning(reader, write):
    write("Somatostatin.", title="Found")
    response = reader.get("/en/search/", {"q": "somatostatin " + "x" * 3000})
    assert titles(response) == ["Found"]
    page = response.content.decode()
    shown = re.search(r'name="q" id="id_q" value="([^"]*)"', page)[1]
    assert len(shown) <= MAX_QUERY_LENGTH


def test_page_past_the_end_links_to_the_last_page(reader, write):
    write("A tumour.", title="Tumours")
    page = reader.get("/en/search/?q=tumour&page=5").content.decode()
    assert '<a href="?q=tumour&amp;page=1">Go to the last page, page 1</a>' in page


def test_only_the_current_version_is_searched(reader, editor, approver, write):
    article, _ = write("Oldword here.", title="Renamed")
    save_article(user=editor, article=article, sections=[("t", "T", "Newword.")])
    publish(article, editor=editor, approver=approver, note="Second")
    assert titles(reader.get("/en/search/?q=oldword")) == []
    assert titles(reader.get("/en/search/?q=newword")) == ["Renamed"]


def test_search_never_finds_unapproved_or_unpublished_text(reader, editor, approver):
    make_unapproved_work(editor, approver)
    assert titles(reader.get(f"/en/search/?q={LIVE_WORD}")) == ["Liver resection"]
    for secret in SECRET_WORDS:
        response = reader.get(f"/en/search/?q={secret}")
        assert titles(response) == []
        assert "No articles match" in response.content.decode()
    # Listing by filter shows the live version only.
    listed = reader.get("/en/search/?kind=surgery").content.decode()
    assert "Liver resection" in listed
    assert "secret" not in listed


def test_home_page_lists_no_unapproved_work(reader, editor, approver):
    make_unapproved_work(editor, approver)
    page = reader.get("/en/").content.decode()
    assert "Liver resection" in page
    assert "secret" not in page


@pytest.mark.parametrize("count", [1, 30])
def test_search_runs_the_same_queries_whatever_it_finds(
    reader, write, django_assert_num_queries, count
):
    net = make_cancer_type("net")
    for n in range(count):
        write("Everolimus.", title=f"Article {n}", cancer_type=net)
    # 1. the published cancer types (the filter's choices)
    # 2. the page of results in order with their total and snippets, with
    #    their cancer types' names as approved
    with django_assert_num_queries(2):
        response = reader.get("/en/search/?q=everolimus&cancer_type=net")
    assert len(titles(response)) == min(count, PER_PAGE)


def test_page_past_the_end_costs_one_query_more(
    reader, write, django_assert_num_queries
):
    write("Everolimus.", title="Only")
    # The cancer types, the empty page, the count.
    with django_assert_num_queries(3):
        reader.get("/en/search/?q=everolimus&page=3")


@pytest.mark.parametrize("url", ["/en/", "/nb/", "/en/no-such-page/"])
def test_every_page_has_a_search_box_that_needs_no_script(reader, published, url):
    page = reader.get(url).content.decode()
    language = "nb" if url.startswith("/nb/") else "en"
    form = re.search(r"<form[^>]*role=\"search\"[^>]*>(.*?)</form>", page, re.S)
    assert f'action="/{language}/search/"' in form[0]
    assert 'method="get"' in form[0]
    assert '<label for="site-search-q">' in form[1]
    assert 'name="q"' in form[1]
    assert "<script" not in page.lower()


def test_search_box_leads_to_results(reader, published):
    response = reader.get("/en/search/", {"q": "neuroendocrine tumour"})
    assert titles(response) == ["Neuroendocrine tumours"]


def test_language_link_keeps_the_search(reader, write):
    page = reader.get("/en/search/?q=tumour&page=2").content.decode()
    assert 'href="/nb/search/?q=tumour"' in page


@pytest.mark.skipif(not ON_POSTGRESQL, reason="tsvector and GIN are PostgreSQL's")
def test_published_versions_carry_weighted_vectors_with_gin_indexes(write):
    _, version = write(
        "Kroppen.", title="Svulster", summary="Behandlingen.", language="nb"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector, head_vector FROM articles_publishedarticle "
            "WHERE id = %s",
            [version.pk],
        )
        vector, head = cursor.fetchone()
        constraints = connection.introspection.get_constraints(
            cursor, PublishedArticle._meta.db_table
        )
    # One index per language and vector, over live versions.
    for name in ["search_en", "search_nb", "head_en", "head_nb"]:
        assert constraints[f"articles_published_{name}"]["type"] == "gin"
    # Stemmed by the Norwegian configuration; title A, summary B, sections C.
    assert "'svulst':1A" in vector
    assert re.search(r"'behandling':\d+B", vector)
    assert re.search(r"'kropp':\d+C", vector)
    # The head is the title and summary alone.
    assert "'svulst':1A" in head
    assert "kropp" not in head


# Ranking reads each ranked row whole, so it is bounded (see postgres.find):
# these tests run with every match ranked and with a bound smaller than the
# number of matches, as when a word is in nearly every article.
EVERY_MATCH, BOUNDED = 200, 2


@pytest.fixture(params=[EVERY_MATCH, BOUNDED], ids=["every-match", "bounded"])
def candidates(request, monkeypatch):
    monkeypatch.setattr(postgres, "CANDIDATES", request.param)
    return request.param


def test_title_and_summary_matches_come_first_when_a_word_is_in_every_article(
    reader, write, candidates
):
    # The best matches are the oldest: newer body matches outnumber the bound.
    write("Somatostatin once.", title="Somatostatin")
    write("Nothing here.", title="Summary match", summary="About somatostatin.")
    for n in range(5):
        write("Somatostatin, somatostatin.", title=f"Body {n}")
    found = titles(reader.get("/en/search/?q=somatostatin"))
    assert found[:2] == ["Somatostatin", "Summary match"]
    assert sorted(found[2:]) == [f"Body {n}" for n in range(5)]


def test_every_match_is_on_exactly_one_page(reader, write, candidates):
    for n in range(PER_PAGE + 3):
        write("Octreotide.", title=f"Article {n:02}")
    first = titles(reader.get("/en/search/?q=octreotide"))
    second = reader.get("/en/search/?q=octreotide&page=2")
    assert f"{PER_PAGE + 3} articles found" in second.content.decode()
    assert sorted(first + titles(second)) == [f"Article {n:02}" for n in range(13)]


def test_search_never_finds_drafts_or_superseded_versions_of_common_words(
    reader, editor, approver, write, candidates
):
    renamed, _ = write("Tumour care.", title="Tumour clinic")
    save_article(user=editor, article=renamed, title="Clinic", sections=[])
    publish(renamed, editor=editor, approver=approver, note="Renamed")
    drafted, _ = write("A tumour.", title="Plain")
    save_article(user=editor, article=drafted, title="Tumour secret")
    gone, _ = write("A tumour.", title="Tumour withdrawn")
    services.unpublish(obj=gone, user=approver, comment="Withdrawn")
    for n in range(PER_PAGE + 1):
        write("Tumours, tumours.", title=f"Body {n:02}")
    pages = [reader.get(f"/en/search/?q=tumour&page={n}") for n in (1, 2)]
    found = titles(pages[0]) + titles(pages[1])
    assert sorted(found) == [*(f"Body {n:02}" for n in range(PER_PAGE + 1)), "Plain"]
    for page in pages:
        assert "secret" not in page.content.decode()
        assert "Tumour clinic" not in page.content.decode()
