"""GET /infobutton: an EHR asks by code and gets the published articles, as a
redirect, a chooser page, or the SOA guide's knowledge response (Atom, JSON).

The request in GUIDE_EXAMPLE follows the example knowledge request of the
HL7 URL-based implementation guide R4 as reproduced by open-source
implementations (patient, task context, recipient, performer, one main search
criterion with code, code system, display name and original text); the
response shape follows the SOA guide's schema and example payload
(KnowledgeResponse.xsd, KnowledgeResponsePayload_example1.xml/.json).
"""

from __future__ import annotations

import datetime
import json
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest

from articles.models import PublishedArticle
from tests.articles.unapproved_work import (
    LIVE_CODE,
    SECRET_CODES,
    SECRET_WORDS,
    make_unapproved_work,
)
from tests.factories import published_article, save_article

A = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ICD10 = "2.16.840.1.113883.6.3"
ICD10_CM = "2.16.840.1.113883.6.90"
NKPK = "2.16.578.1.12.4.1.1.7275"

GUIDE_EXAMPLE = {
    "representedOrganization.id.root": "2.16.578.1.12.4.1.2.1",
    "taskContext.c.c": "PROBLISTREV",
    "mainSearchCriteria.v.c": "C25.4",
    "mainSearchCriteria.v.cs": ICD10,
    "mainSearchCriteria.v.dn": "Malignant neoplasm of endocrine pancreas",
    "mainSearchCriteria.v.ot": "pancreatic NET",
    "patientPerson.administrativeGenderCode.c": "F",
    "age.v.v": "67",
    "age.v.u": "a",
    "informationRecipient": "PROV",
    "performer": "PROV",
    "performer.languageCode.c": "en",
    "performer.healthCareProvider.c.c": "163W00000X",
}


@pytest.fixture
def coded(editor, approver):
    """Articles around C25.4 (exact, broader, sibling), a small-bowel one, a
    Bokmål twin, and a colon article written only in Bokmål."""

    def write(title: str, slug: str, language: str = "en", **fields):
        article, _ = published_article(
            editor=editor,
            approver=approver,
            title=title,
            slug=slug,
            language=language,
            summary=f"About {title}.",
            **fields,
        )
        return article

    net = write(
        "Pancreatic NET", "pancreatic-net", icd10_codes="C25.4", ncsp_codes="JLC30"
    )
    write(
        "Nevroendokrine svulster i bukspyttkjertelen",
        "pankreas-net",
        language="nb",
        icd10_codes="C25.4",
        ncsp_codes="JLC30",
        translation=net,
    )
    write("Pancreatic cancer", "pancreatic-cancer", icd10_codes="C25")
    write("Head of pancreas", "head-of-pancreas", icd10_codes="C25.0")
    write("Small intestine", "small-intestine", icd10_codes="C17")
    write("Tykktarm", "tykktarm", language="nb", icd10_codes="C18", ncmp_codes="WBOC03")


def ask(client, **params):
    return client.get("/infobutton?" + urlencode(params))


def atom(response) -> ET.Element:
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def titles_of(feed: ET.Element) -> list[str]:
    return [entry.findtext(f"{A}title") for entry in feed.iter(f"{A}entry")]


def categories(element: ET.Element) -> list[tuple[str, str]]:
    return [(c.get("scheme"), c.get("term")) for c in element.findall(f"{A}category")]


def test_the_guides_example_request_gets_a_response_of_the_guides_shape(reader, coded):
    response = ask(
        reader, **GUIDE_EXAMPLE, knowledgeResponseType="application/atom+xml"
    )
    assert response.status_code == 200
    feed = atom(response)
    assert feed.tag == f"{A}feed"
    assert feed.get(XML_LANG) == "en"
    # The schema's element order: title, subtitle, author, updated,
    # category*, id, entry*.
    order = [child.tag.removeprefix(A) for child in feed]
    categories_at = [n for n, tag in enumerate(order) if tag == "category"]
    assert order[:4] == ["title", "subtitle", "author", "updated"]
    assert order[categories_at[-1] + 1] == "id"
    assert set(order[categories_at[-1] + 2 :]) == {"entry"}
    assert feed.find(f"{A}title").get("type") == "text"
    assert feed.find(f"{A}author/{A}name").text == "Oncolex"
    # The request, echoed: its task context, criterion, recipient and
    # performer; nothing the guide's schemes do not name (age, organisation).
    assert categories(feed) == [
        ("taskContext.c.c", "PROBLISTREV"),
        ("mainSearchCriteria.v.c", "C25.4"),
        ("mainSearchCriteria.v.cs", ICD10),
        ("mainSearchCriteria.v.dn", "Malignant neoplasm of endocrine pancreas"),
        ("mainSearchCriteria.v.ot", "pancreatic NET"),
        ("informationRecipient", "PROV"),
        ("performer", "PROV"),
        ("performer.languageCode", "en"),
        ("patientPerson.administrativeGenderCode.c", "F"),
    ]
    entries = list(feed.iter(f"{A}entry"))
    assert titles_of(feed) == [
        "Pancreatic NET",
        "Pancreatic cancer",
        "Head of pancreas",
    ]
    for entry in entries:
        assert entry.get(XML_LANG) == "en"
        assert [c.tag.removeprefix(A) for c in entry][:5] == [
            "title",
            "link",
            "id",
            "updated",
            "summary",
        ]
        link = entry.find(f"{A}link")
        # Every link attribute the schema requires.
        assert set(link.attrib) == {"href", "rel", "type", "hreflang", "title"}
        assert link.get("rel") == "alternate"
        assert link.get("hreflang") == "en"
        assert entry.findtext(f"{A}updated").endswith("Z")
        assert ("mainSearchCriteria.v.c", "C25.4") in categories(entry)
    first = entries[0]
    assert (
        first.find(f"{A}link").get("href")
        == "http://testserver/en/articles/pancreatic-net/"
    )
    assert (
        first.findtext(f"{A}id")
        == "http://testserver/en/articles/pancreatic-net/history/1/"
    )
    assert first.findtext(f"{A}summary") == "About Pancreatic NET."


def test_json_form_carries_the_same_response_as_atom(reader, coded):
    query = {**GUIDE_EXAMPLE}
    feed = atom(ask(reader, **query, knowledgeResponseType="application/atom+xml"))
    response = ask(reader, **query, knowledgeResponseType="application/json")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)["feed"]
    assert data["lang"] == "en"
    assert data["title"] == {"_value": "Oncolex", "type": "text"}
    assert [(c["scheme"], c["term"]) for c in data["category"]] == categories(feed)
    assert [e["title"]["_value"] for e in data["entry"]] == titles_of(feed)
    atom_entries = list(feed.iter(f"{A}entry"))
    for entry, atom_entry in zip(data["entry"], atom_entries, strict=True):
        assert entry["id"]["_value"] == atom_entry.findtext(f"{A}id")
        assert entry["link"][0] == atom_entry.find(f"{A}link").attrib
        assert entry["summary"] == {
            "_value": atom_entry.findtext(f"{A}summary"),
            "type": "text",
        }


def test_the_most_specific_match_comes_first(reader, coded):
    """The code itself, then the broader code it falls under, then a sibling
    in the same category; an unrelated category never."""
    feed = atom(
        ask(
            reader,
            **{"mainSearchCriteria.v.c": "C25.4", "knowledgeResponseType": "text/xml"},
        )
    )
    assert titles_of(feed) == [
        "Pancreatic NET",
        "Pancreatic cancer",
        "Head of pancreas",
    ]
    # The category itself: every code under it is as specific as the next.
    feed = atom(
        ask(
            reader,
            **{"mainSearchCriteria.v.c": "C25", "knowledgeResponseType": "text/xml"},
        )
    )
    assert sorted(titles_of(feed)) == [
        "Head of pancreas",
        "Pancreatic NET",
        "Pancreatic cancer",
    ]


def test_a_us_only_code_finds_nothing_rather_than_something_wrong(reader, coded):
    """C7A (ICD-10-CM) has no WHO category: no C7x article is offered."""
    response = ask(
        reader,
        **{
            "mainSearchCriteria.v.c": "C7A.1",
            "mainSearchCriteria.v.cs": ICD10_CM,
            "knowledgeResponseType": "application/atom+xml",
        },
    )
    assert response.status_code == 200
    assert titles_of(atom(response)) == []


def test_exactly_one_match_redirects_to_the_article(reader, coded):
    response = ask(
        reader, **{"mainSearchCriteria.v.c": "C17.1", "mainSearchCriteria.v.cs": ICD10}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/articles/small-intestine/"


def test_several_matches_get_a_chooser_page_without_scripts(reader, coded):
    response = ask(
        reader,
        **{
            "mainSearchCriteria.v.c": "C25.4",
            "mainSearchCriteria.v.dn": "Endocrine pancreas",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script" not in page
    assert "script-src 'none'" in response["Content-Security-Policy"]
    assert "Articles for C25.4" in page and "Endocrine pancreas" in page
    assert (
        page.index("Pancreatic NET")
        < page.index("Pancreatic cancer")
        < page.index("Head of pancreas")
    )
    assert 'href="/en/articles/pancreatic-net/"' in page


def test_no_match_is_said_plainly_in_every_type(reader, coded):
    query = {"mainSearchCriteria.v.c": "Z99"}
    page = ask(reader, **query).content.decode()
    assert "No published article has this code" in page
    data = json.loads(
        ask(reader, **query, knowledgeResponseType="application/json").content
    )
    assert data["feed"]["entry"] == []
    assert data["feed"]["subtitle"]["_value"] == "No article for Z99"


def test_several_criteria_are_all_answered_each_entry_naming_its_own(reader, coded):
    data = json.loads(
        ask(
            reader,
            **{
                "mainSearchCriteria.v.c": "C17",
                "mainSearchCriteria.v.cs": ICD10,
                "mainSearchCriteria.v.c1": "JLC30",
                "mainSearchCriteria.v.cs1": NKPK,
                "knowledgeResponseType": "application/json",
            },
        ).content
    )["feed"]
    by_title = {e["title"]["_value"]: e for e in data["entry"]}
    assert set(by_title) == {"Pancreatic NET", "Small intestine"}
    assert {"scheme": "mainSearchCriteria.v.c", "term": "JLC30"} in by_title[
        "Pancreatic NET"
    ]["category"]
    assert {"scheme": "mainSearchCriteria.v.c", "term": "C17"} not in by_title[
        "Pancreatic NET"
    ]["category"]
    assert {"scheme": "mainSearchCriteria.v.c", "term": "C17"} in by_title[
        "Small intestine"
    ]["category"]
    assert [(c["scheme"], c["term"]) for c in data["category"]] == [
        ("mainSearchCriteria.v.c", "C17"),
        ("mainSearchCriteria.v.cs", ICD10),
        ("mainSearchCriteria.v.c", "JLC30"),
        ("mainSearchCriteria.v.cs", NKPK),
    ]


@pytest.mark.parametrize(
    ("code", "system", "expected"),
    [
        ("JLC30", NKPK, ["Pancreatic NET"]),
        ("JLC30", ICD10, []),  # a procedure code is not a diagnosis
        ("C25.4", NKPK, []),
        ("WBOC03", NKPK, ["Tykktarm"]),  # NCMP, the same procedure OID
        ("C18", "urn:oid:2.16.578.1.12.4.1.1.7110", ["Tykktarm"]),
    ],
)
def test_each_code_system_reads_its_own_codes(reader, coded, code, system, expected):
    feed = atom(
        ask(
            reader,
            **{
                "mainSearchCriteria.v.c": code,
                "mainSearchCriteria.v.cs": system,
                "knowledgeResponseType": "application/atom+xml",
            },
        )
    )
    assert titles_of(feed) == expected


def test_the_readers_language_is_answered_and_its_twin_not_repeated(reader, coded):
    feed = atom(
        ask(
            reader,
            **{
                "mainSearchCriteria.v.c": "C25.4",
                "informationRecipient.languageCode.c": "nb",
                "performer.languageCode.c": "en",
                "knowledgeResponseType": "application/atom+xml",
            },
        )
    )
    entries = list(feed.iter(f"{A}entry"))
    assert feed.get(XML_LANG) == "nb"
    assert [(e.get(XML_LANG), e.findtext(f"{A}title")) for e in entries] == [
        ("nb", "Nevroendokrine svulster i bukspyttkjertelen"),
        # No Bokmål version of these: the English one stands in, marked.
        ("en", "Pancreatic cancer"),
        ("en", "Head of pancreas"),
    ]
    assert entries[1].find(f"{A}link").get("hreflang") == "en"


def test_the_other_language_stands_in_when_the_readers_has_nothing(reader, coded):
    response = ask(
        reader,
        **{
            "mainSearchCriteria.v.c": "C18",
            "informationRecipient.languageCode.c": "en",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/nb/articles/tykktarm/"
    page = ask(
        reader,
        **{"mainSearchCriteria.v.c": "C1", "informationRecipient.languageCode.c": "nb"},
    ).content.decode()
    assert '<html lang="nb">' in page
    assert 'hreflang="en" lang="en">Small intestine</a>' in page


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "no_code"),
        ({"mainSearchCriteria.v.c": "<script>"}, "not_a_code"),
        (
            {
                "mainSearchCriteria.v.c": "44054006",
                "mainSearchCriteria.v.cs": "2.16.840.1.113883.6.96",
            },
            "unknown_code_system",
        ),
    ],
)
def test_a_request_without_a_usable_code_gets_a_400_in_the_requested_type(
    reader, coded, params, code
):
    page = ask(reader, **params)
    assert page.status_code == 400
    assert "This request cannot be answered" in page.content.decode()
    assert "<script>" not in page.content.decode()

    response = ask(reader, **params, knowledgeResponseType="application/json")
    assert response.status_code == 400
    data = json.loads(response.content)
    assert data["error"]["code"] == code
    assert data["feed"]["entry"] == []
    assert data["feed"]["subtitle"]["_value"] == data["error"]["message"]

    response = ask(reader, **params, knowledgeResponseType="application/atom+xml")
    assert response.status_code == 400
    feed = atom(response)
    assert feed.findtext(f"{A}subtitle") == data["error"]["message"]
    assert list(feed.iter(f"{A}entry")) == []


def test_an_unknown_response_type_is_refused_on_a_page(reader, coded):
    response = ask(
        reader,
        **{"mainSearchCriteria.v.c": "C17", "knowledgeResponseType": "text/plain"},
    )
    assert response.status_code == 400
    assert "knowledgeResponseType must be" in response.content.decode()


def test_hostile_values_are_echoed_as_text_never_as_markup(reader, coded):
    hostile = '<b onload="x">&\x00\x1b'
    response = ask(
        reader,
        **{
            "mainSearchCriteria.v.c": "C17",
            "mainSearchCriteria.v.dn": hostile,
            "taskContext.c.c": "A" * 5000,
            "knowledgeResponseType": "application/atom+xml",
        },
    )
    feed = atom(response)
    terms = dict(categories(feed))
    assert terms["mainSearchCriteria.v.dn"] == '<b onload="x">&'
    assert terms["taskContext.c.c"] == "A" * 200
    page = ask(
        reader, **{"mainSearchCriteria.v.c": "C2", "mainSearchCriteria.v.dn": hostile}
    )
    assert "<b onload" not in page.content.decode()


def test_unapproved_or_unpublished_work_is_never_an_answer(reader, editor, approver):
    make_unapproved_work(editor, approver)
    for response_type in ["application/atom+xml", "application/json", "text/html"]:
        for code in [LIVE_CODE, "C17", *SECRET_CODES]:
            response = ask(
                reader,
                **{
                    "mainSearchCriteria.v.c": code,
                    "knowledgeResponseType": response_type,
                },
            )
            body = response.content.decode()
            for word in SECRET_WORDS:
                assert word not in body, (code, response_type)
            for slug in ["draft-slug", "never-published", "withdrawn"]:
                assert slug not in body and slug not in response.get("Location", "")
    data = json.loads(
        ask(
            reader,
            **{
                "mainSearchCriteria.v.c": "C17",
                "knowledgeResponseType": "application/json",
            },
        ).content
    )
    assert [e["title"]["_value"] for e in data["feed"]["entry"]] == ["Liver resection"]
    for code in SECRET_CODES:
        data = json.loads(
            ask(
                reader,
                **{
                    "mainSearchCriteria.v.c": code,
                    "knowledgeResponseType": "application/json",
                },
            ).content
        )
        assert data["feed"]["entry"] == [], code


@pytest.mark.parametrize("count", [2, 30])
@pytest.mark.parametrize("response_type", ["application/json", "text/html"])
def test_one_query_answers_whatever_the_number_of_articles(
    reader, editor, approver, django_assert_num_queries, count, response_type
):
    for n in range(count):
        published_article(
            editor=editor, approver=approver, title=f"A{n}", icd10_codes="C17"
        )
    # 1. the live versions in either language with a code in the category
    #    (through the table of live codes), ranked, at most 40
    with django_assert_num_queries(1):
        response = ask(
            reader,
            **{
                "mainSearchCriteria.v.c": "C17.1",
                "knowledgeResponseType": response_type,
            },
        )
    shown = min(count, 20)
    if response_type == "text/html":
        assert response.content.decode().count("<h2>") == shown
    else:
        assert len(json.loads(response.content)["feed"]["entry"]) == shown


def test_a_new_draft_changes_no_answer(reader, editor, approver):
    article, _ = published_article(
        editor=editor,
        approver=approver,
        title="Small intestine",
        slug="small-intestine",
        icd10_codes="C17",
    )
    save_article(
        user=editor, article=article, title="DRAFTTITLE", icd10_codes="C17 D99"
    )
    response = ask(reader, **{"mainSearchCriteria.v.c": "D99"})
    assert "DRAFTTITLE" not in response.content.decode()
    assert ask(reader, **{"mainSearchCriteria.v.c": "C17"})["Location"] == (
        "/en/articles/small-intestine/"
    )


def test_crawlers_are_kept_out_of_code_lookups(reader, db):
    lines = reader.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /infobutton" in lines


def test_an_answer_without_articles_is_dated_by_the_last_approval_in_its_language(
    reader, coded, editor, approver
):
    """An EHR that asks again gets the same answer (and its 304) until an
    article its reader could be sent is approved: one in another language
    does not change it."""

    def updated(language: str) -> str:
        feed = atom(
            ask(
                reader,
                **{
                    "mainSearchCriteria.v.c": "C50",  # nothing written on it
                    "informationRecipient.languageCode.c": language,
                    "knowledgeResponseType": "application/atom+xml",
                },
            )
        )
        assert titles_of(feed) == []
        return feed.findtext(f"{A}updated")

    # The fixture's articles were approved on New Year's Day.
    PublishedArticle.objects.update(
        approved_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    assert updated("en") == updated("nb") == "2026-01-01T00:00:00Z"
    published_article(editor=editor, approver=approver, slug="endetarm", language="nb")
    assert updated("en") == "2026-01-01T00:00:00Z"
    assert updated("nb") != "2026-01-01T00:00:00Z"
