"""An Infobutton knowledge request, read from its URL parameters.

The parameter names and their cardinality follow the HL7 Version 3
Implementation Guide: Context-Aware Knowledge Retrieval Application
(Infobutton), Release 4 (June 2014), URL-based implementation, as used by
MedlinePlus Connect (medlineplus.gov/medlineplus-connect/web-service/) and by
open-source implementations (bireme/BVS-InfoButton, ParameterParser.scala):

- `mainSearchCriteria.v.c` (the code), `.v.cs` (its code system, an OID),
  `.v.dn` (display name), `.v.ot` (original text); the criterion repeats
  (0..*), each further one carrying an index: `mainSearchCriteria.v.c1`,
  `mainSearchCriteria.v.cs1`, ... (some senders start at 0).
- `informationRecipient.languageCode.c` and `performer.languageCode.c`: the
  language of the person who reads the answer, and of the one who asks.
- `knowledgeResponseType`: the form of the answer (a MIME type).
- Every other parameter (patient age and sex, task context, sub-topic,
  encounter, organisation ids, ...) is accepted and does not change what we
  answer: our articles are not specific to them. The ones the SOA guide's
  category schemes name are echoed back in the response.

Nothing here touches the database: `parse()` turns a QueryDict into a
`KnowledgeRequest` or raises `BadRequest` with an error code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from articles.codes import normalise_code_query
from articles.search import without_controls
from infobutton.codesystems import ALL_FIELDS, CodeSystem, system_for

HTML = "text/html"
ATOM = "application/atom+xml"
JSON = "application/json"
# text/xml is what MedlinePlus Connect and BVS-InfoButton call their Atom form.
RESPONSE_TYPES = {HTML: HTML, ATOM: ATOM, "text/xml": ATOM, JSON: JSON}

# More criteria than a problem list shows beside one "i" is not a question.
MAX_CRITERIA = 10
# Display names and original texts are echoed; keep them short.
MAX_TEXT = 200
MIN_CODE, MAX_CODE = 2, 8
_CODE = re.compile(r"^[A-Z0-9]+$")
_CRITERION = re.compile(r"^mainSearchCriteria\.v\.(c|cs|dn|ot)(\d{0,2})$")

# Request parameters the SOA guide's Atom category schemes name (its
# KnowledgeResponse.xsd), echoed in the feed as (scheme, term). Parameter ->
# scheme: the guide writes `performer.languageCode` without the `.c`.
ECHOED = {
    "taskContext.c.c": "taskContext.c.c",
    "taskContext.c.dn": "taskContext.c.dn",
    "subTopic.v.c": "subTopic.v.c",
    "subTopic.v.cs": "subTopic.v.cs",
    "subTopic.v.dn": "subTopic.v.dn",
    "subTopic.v.ot": "subTopic.v.ot",
    "informationRecipient": "informationRecipient",
    "informationRecipient.languageCode.c": "informationRecipient.languageCode.c",
    "performer": "performer",
    "performer.languageCode.c": "performer.languageCode",
    "patientPerson.administrativeGenderCode.c": (
        "patientPerson.administrativeGenderCode.c"
    ),
    "ageGroup.v.c": "ageGroup.v.c",
    "ageGroup.v.cs": "ageGroup.v.cs",
    "ageGroup.v.dn": "ageGroup.v.dn",
}

# The parameters that decide an answer. A request with only these is the same
# for every EHR and may be kept by the page cache; one that also carries, say,
# the patient's age is answered but not stored (the age is echoed back).
CACHED_PARAMETERS = frozenset(
    [
        *(
            f"mainSearchCriteria.v.{part}{index}"
            for part in ("c", "cs", "dn", "ot")
            for index in ("", *map(str, range(MAX_CRITERIA)))
        ),
        "informationRecipient.languageCode.c",
        "performer.languageCode.c",
        "knowledgeResponseType",
    ]
)

# ISO 639 codes (two- and three-letter) readers' languages arrive as. Nynorsk
# readers read Bokmål; "no" is Norwegian unspecified.
_LANGUAGES = {
    "en": "en",
    "eng": "en",
    "nb": "nb",
    "nob": "nb",
    "no": "nb",
    "nor": "nb",
    "nn": "nb",
    "nno": "nb",
}


class BadRequest(Exception):
    """The request cannot be answered; `code` names why, for callers and tests."""

    def __init__(self, message: str, *, code: str, response_type: str) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.code = code
        self.response_type = response_type


@dataclass(frozen=True)
class Criterion:
    index: str  # "" for the first, unindexed one
    code: str  # as sent, cleaned
    normalised: str  # upper case, no dots or spaces
    system: CodeSystem | None  # None: no code system named, every field
    code_system: str  # as sent
    display_name: str
    original_text: str

    @property
    def fields(self) -> tuple[str, ...]:
        return self.system.fields if self.system else ALL_FIELDS

    def categories(self) -> list[tuple[str, str]]:
        """This criterion as the SOA guide's category elements."""
        pairs = [
            ("mainSearchCriteria.v.c", self.code),
            ("mainSearchCriteria.v.cs", self.code_system),
            ("mainSearchCriteria.v.dn", self.display_name),
            ("mainSearchCriteria.v.ot", self.original_text),
        ]
        return [(scheme, term) for scheme, term in pairs if term]


@dataclass(frozen=True)
class KnowledgeRequest:
    criteria: list[Criterion]
    language: str
    response_type: str
    echoed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def other_language(self) -> str:
        return next(code for code, _name in settings.LANGUAGES if code != self.language)

    def categories(self) -> list[tuple[str, str]]:
        """The request as the feed's category elements."""
        # The task context first, as in the SOA guide's example payload.
        task = [pair for pair in self.echoed if pair[0].startswith("taskContext")]
        rest = [pair for pair in self.echoed if pair not in task]
        return [
            *task,
            *(pair for criterion in self.criteria for pair in criterion.categories()),
            *rest,
        ]


def _text(value: str) -> str:
    return without_controls(value)[:MAX_TEXT]


def response_type_of(params: QueryDict) -> str:
    # An unencoded "+" (application/atom+xml) arrives as a space.
    raw = _text(params.get("knowledgeResponseType", "")).lower().replace(" ", "+")
    if not raw:
        return HTML
    if raw not in RESPONSE_TYPES:
        raise BadRequest(
            _(
                "knowledgeResponseType must be text/html, application/atom+xml "
                "or application/json."
            ),
            code="unknown_response_type",
            response_type=HTML,
        )
    return RESPONSE_TYPES[raw]


def language_of(params: QueryDict) -> str:
    """The reader's language, else the asker's, else the site's default."""
    for name in ("informationRecipient.languageCode.c", "performer.languageCode.c"):
        raw = _text(params.get(name, "")).lower()
        base = re.split(r"[-_]", raw, maxsplit=1)[0]
        if base in _LANGUAGES:
            return _LANGUAGES[base]
    return settings.LANGUAGE_CODE


def _grouped_criteria(params: QueryDict) -> dict[str, dict[str, str]]:
    groups: dict[str, dict[str, str]] = {}
    for name in params:
        match = _CRITERION.match(name)
        if match:
            part, index = match.groups()
            # An index of 0 is the same criterion as none (some senders count
            # from 0, some from the unindexed one).
            index = str(int(index)) if index else ""
            index = "" if index == "0" else index
            groups.setdefault(index, {}).setdefault(part, _text(params.get(name)))
    return groups


def _criterion(index: str, parts: dict[str, str], response_type: str) -> Criterion:
    code = parts.get("c", "")
    normalised = normalise_code_query(code)
    if not (MIN_CODE <= len(normalised) <= MAX_CODE and _CODE.match(normalised)):
        raise BadRequest(
            _(
                "mainSearchCriteria.v.c%(index)s is not a code we know how to "
                "read: send an ICD-10, NCSP or NCMP code such as C25.4 or JLC30."
            )
            % {"index": index},
            code="not_a_code",
            response_type=response_type,
        )
    code_system = parts.get("cs", "")
    system = system_for(code_system) if code_system else None
    if code_system and system is None:
        raise BadRequest(
            _(
                "Code system %(oid)s is not supported: send ICD-10 "
                "(2.16.840.1.113883.6.3, 2.16.840.1.113883.6.90 or "
                "2.16.578.1.12.4.1.1.7110) or NCSP/NCMP (2.16.578.1.12.4.1.1.7275)."
            )
            % {"oid": code_system},
            code="unknown_code_system",
            response_type=response_type,
        )
    return Criterion(
        index=index,
        code=code,
        normalised=normalised,
        system=system,
        code_system=code_system,
        display_name=parts.get("dn", ""),
        original_text=parts.get("ot", ""),
    )


def parse(params: QueryDict) -> KnowledgeRequest:
    """Steps: the response type first (errors are answered in it); then every
    criterion with a code; criteria that cannot be used are skipped while at
    least one can, else the first one's problem is the answer."""
    response_type = response_type_of(params)
    groups = _grouped_criteria(params)
    with_code = {index: parts for index, parts in groups.items() if parts.get("c")}
    if not with_code:
        raise BadRequest(
            _(
                "Send the code to look up in mainSearchCriteria.v.c, e.g. "
                "mainSearchCriteria.v.c=C25.4&mainSearchCriteria.v.cs="
                "2.16.840.1.113883.6.3."
            ),
            code="no_code",
            response_type=response_type,
        )
    if len(with_code) > MAX_CRITERIA:
        raise BadRequest(
            _("Send at most %(n)s mainSearchCriteria.") % {"n": MAX_CRITERIA},
            code="too_many_criteria",
            response_type=response_type,
        )
    criteria: list[Criterion] = []
    problems: list[BadRequest] = []
    for index in sorted(with_code, key=lambda i: int(i or 0)):
        try:
            criteria.append(_criterion(index, with_code[index], response_type))
        except BadRequest as problem:
            problems.append(problem)
    if not criteria:
        raise problems[0]
    echoed = [
        (scheme, _text(params.get(name, "")))
        for name, scheme in ECHOED.items()
        if _text(params.get(name, ""))
    ]
    return KnowledgeRequest(
        criteria=criteria,
        language=language_of(params),
        response_type=response_type,
        echoed=echoed,
    )
