"""Reading a knowledge request from its URL parameters (no database)."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from infobutton.codesystems import ICD10_WHO, NKPK
from infobutton.request import ATOM, HTML, JSON, BadRequest, parse


def request(query: str):
    return parse(QueryDict(query))


def test_indexed_criteria_are_read_in_order_with_their_own_code_systems():
    found = request(
        "mainSearchCriteria.v.c=C25.4&mainSearchCriteria.v.cs=2.16.840.1.113883.6.3"
        "&mainSearchCriteria.v.dn=Endocrine+pancreas"
        "&mainSearchCriteria.v.c2=JLC30"
        "&mainSearchCriteria.v.cs2=2.16.578.1.12.4.1.1.7275"
        "&mainSearchCriteria.v.c1=c17.&mainSearchCriteria.v.ot1=small+bowel"
    )
    assert [(c.index, c.normalised, c.system) for c in found.criteria] == [
        ("", "C254", ICD10_WHO),
        ("1", "C17", None),
        ("2", "JLC30", NKPK),
    ]
    assert found.criteria[0].display_name == "Endocrine pancreas"
    assert found.criteria[1].original_text == "small bowel"
    assert found.criteria[1].fields == ("icd10_codes", "ncsp_codes", "ncmp_codes")


def test_index_zero_is_the_first_criterion_as_some_senders_count():
    found = request(
        "mainSearchCriteria.v.c0=C17&mainSearchCriteria.v.cs0=urn:oid:2.16.840.1.113883.6.3"
    )
    assert [(c.index, c.normalised, c.system) for c in found.criteria] == [
        ("", "C17", ICD10_WHO)
    ]


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("", "en"),
        ("informationRecipient.languageCode.c=nb", "nb"),
        ("informationRecipient.languageCode.c=nb-NO", "nb"),
        ("informationRecipient.languageCode.c=NOB", "nb"),
        ("informationRecipient.languageCode.c=nn", "nb"),
        ("informationRecipient.languageCode.c=en_GB", "en"),
        ("performer.languageCode.c=nb", "nb"),
        # The reader's language wins over the asker's.
        ("informationRecipient.languageCode.c=en&performer.languageCode.c=nb", "en"),
        # A language we do not write in: the asker's, else the default.
        ("informationRecipient.languageCode.c=es&performer.languageCode.c=nb", "nb"),
        ("informationRecipient.languageCode.c=es", "en"),
    ],
)
def test_language_comes_from_the_reader_then_the_asker(query, language):
    assert request(f"mainSearchCriteria.v.c=C17&{query}").language == language


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", HTML),
        ("text/html", HTML),
        ("application/json", JSON),
        ("application/atom%2Bxml", ATOM),
        ("application/atom+xml", ATOM),  # an unencoded + arrives as a space
        ("text/xml", ATOM),
        ("APPLICATION/JSON", JSON),
    ],
)
def test_response_type(value, expected):
    query = f"mainSearchCriteria.v.c=C17&knowledgeResponseType={value}"
    assert request(query).response_type == expected


def test_parameters_we_do_not_use_are_accepted_and_the_guides_schemes_echoed():
    found = request(
        "representedOrganization.id.root=2.16.578.1.1&taskContext.c.c=PROBLISTREV"
        "&patientPerson.administrativeGenderCode.c=F&age.v.v=77&age.v.u=a"
        "&informationRecipient=PROV&performer=PROV&performer.languageCode.c=en"
        "&mainSearchCriteria.v.c=C17&mainSearchCriteria.v.cs=2.16.840.1.113883.6.3"
        "&somethingNew=1"
    )
    assert found.categories() == [
        ("taskContext.c.c", "PROBLISTREV"),
        ("mainSearchCriteria.v.c", "C17"),
        ("mainSearchCriteria.v.cs", "2.16.840.1.113883.6.3"),
        ("informationRecipient", "PROV"),
        ("performer", "PROV"),
        ("performer.languageCode", "en"),
        ("patientPerson.administrativeGenderCode.c", "F"),
    ]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "no_code"),
        ("mainSearchCriteria.v.dn=Diabetes", "no_code"),
        ("mainSearchCriteria.v.c=", "no_code"),
        ("mainSearchCriteria.v.c=%3Cscript%3E", "not_a_code"),
        ("mainSearchCriteria.v.c=C", "not_a_code"),
        ("mainSearchCriteria.v.c=" + "C" * 300, "not_a_code"),
        ("mainSearchCriteria.v.c=C1-7", "not_a_code"),
        (
            "mainSearchCriteria.v.c=44054006"
            "&mainSearchCriteria.v.cs=2.16.840.1.113883.6.96",
            "unknown_code_system",
        ),
        (
            "mainSearchCriteria.v.c=C17&knowledgeResponseType=text/plain",
            "unknown_response_type",
        ),
        (
            "&".join(f"mainSearchCriteria.v.c{n}=C{n + 10}" for n in range(1, 12)),
            "too_many_criteria",
        ),
    ],
)
def test_requests_without_a_usable_code_are_refused_with_a_reason(query, code):
    with pytest.raises(BadRequest) as refused:
        request(query)
    assert refused.value.code == code


def test_an_unusable_criterion_is_skipped_when_another_can_be_answered():
    found = request(
        "mainSearchCriteria.v.c=44054006&mainSearchCriteria.v.cs=2.16.840.1.113883.6.96"
        "&mainSearchCriteria.v.c1=C17"
    )
    assert [c.normalised for c in found.criteria] == ["C17"]


def test_errors_are_answered_in_the_requested_type():
    with pytest.raises(BadRequest) as refused:
        request("knowledgeResponseType=application/json")
    assert refused.value.response_type == JSON


def test_control_characters_in_a_code_are_dropped_not_refused():
    assert request("mainSearchCriteria.v.c=C17%00").criteria[0].normalised == "C17"
