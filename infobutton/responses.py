"""The knowledge response of the HL7 Infobutton SOA implementation guide
(HL7 Version 3 Implementation Guide: Context-Aware Knowledge Retrieval
(Infobutton), Service-Oriented Architecture, R1, 2013), in its two forms.

The structure follows the guide's schema and example payloads, as published
with bireme/BVS-InfoButton (docs/KnowledgeResponse.xsd,
KnowledgeResponsePayload_example1.xml and .json) and as MedlinePlus Connect
serves them:

- a `feed` with `xml:lang`, `title`, `subtitle`, `author`, `updated`, one
  `category` (scheme, term) per request parameter echoed, `id`, then one
  `entry` per article;
- an `entry` with `xml:lang`, `title`, `link` (href, rel, type, hreflang and
  title are all required by the schema), `id`, `updated`, `summary` and its
  own categories (the request's criteria it answers, echoed).

The JSON form nests the same names, text content under `_value` and
attributes as plain keys. It is built first; the Atom form is written from it,
in the schema's element order, so the two cannot disagree.
"""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

from django.db.models import Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator

from articles.models import PublishedArticle
from infobutton.answers import Answer
from infobutton.request import KnowledgeRequest

ATOM_NS = "http://www.w3.org/2005/Atom"


def _text(value: str) -> dict[str, str]:
    return {"_value": value, "type": "text"}


def _when(moment: datetime.datetime) -> dict[str, str]:
    utc = moment.astimezone(datetime.UTC).replace(microsecond=0)
    return {"_value": utc.isoformat().replace("+00:00", "Z")}


def _categories(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"scheme": scheme, "term": term} for scheme, term in pairs]


def _subject(request: KnowledgeRequest) -> str:
    first = request.criteria[0]
    return first.display_name or first.original_text or first.code


def _entry(answer: Answer, http_request: HttpRequest) -> dict[str, Any]:
    version = answer.version
    with translation.override(version.language):
        versioned = reverse(
            "articles:version", kwargs={"slug": version.slug, "number": version.number}
        )
    return {
        "lang": version.language,
        "title": _text(version.title),
        "link": [
            {
                "href": http_request.build_absolute_uri(version.get_absolute_url()),
                "rel": "alternate",
                "type": "html",
                "hreflang": version.language,
                "title": version.title,
            }
        ],
        # The approved version's own address: permanent, and citable.
        "id": {"_value": http_request.build_absolute_uri(versioned)},
        "updated": _when(version.approved_at),
        "summary": _text(version.summary),
        # The request's criteria this article answers, as they were sent.
        "category": _categories(
            [pair for criterion in answer.criteria for pair in criterion.categories()]
        ),
    }


def _feed(
    request_language: str,
    subtitle: str,
    updated: datetime.datetime,
    categories: list[tuple[str, str]],
    http_request: HttpRequest,
) -> dict[str, Any]:
    return {
        "lang": request_language,
        "base": http_request.build_absolute_uri("/"),
        "title": _text("Oncolex"),
        "subtitle": _text(subtitle),
        "author": {
            "name": {"_value": "Oncolex"},
            "uri": {"_value": http_request.build_absolute_uri("/")},
        },
        "updated": _when(updated),
        "category": _categories(categories),
        # The request itself names this answer.
        "id": {"_value": http_request.build_absolute_uri()},
        "entry": [],
    }


def _last_approval(language: str) -> datetime.datetime:
    """`updated` of an answer without entries: it reads the same until an
    article in its language is approved, so it must not change with the clock
    (an EHR's conditional request would never get its 304)."""
    newest = (
        PublishedArticle.objects.current()
        .in_language(language)
        .aggregate(newest=Max("approved_at"))["newest"]
    )
    return newest or datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def knowledge_response(
    request: KnowledgeRequest, answers: list[Answer], http_request: HttpRequest
) -> dict[str, Any]:
    """The JSON form: {"feed": {...}}."""
    with translation.override(request.language):
        subtitle = (
            _("Articles for %(subject)s") % {"subject": _subject(request)}
            if answers
            else _("No article for %(subject)s") % {"subject": _subject(request)}
        )
    newest = (
        max(a.version.approved_at for a in answers)
        if answers
        else _last_approval(request.language)
    )
    feed = _feed(request.language, subtitle, newest, request.categories(), http_request)
    feed["entry"] = [_entry(answer, http_request) for answer in answers]
    return {"feed": feed}


def error_response(
    *, message: str, code: str, language: str, http_request: HttpRequest
) -> dict[str, Any]:
    """A request we cannot answer, as a feed without entries whose subtitle
    says why; the JSON form also names the error's code."""
    feed = _feed(language, message, timezone.now(), [], http_request)
    return {"feed": feed, "error": {"code": code, "message": message}}


def to_atom(response: dict[str, Any]) -> str:
    """The Atom form of a knowledge response, in the schema's element order."""
    feed = response["feed"]
    out = StringIO()
    xml = SimplerXMLGenerator(out, "utf-8")
    xml.startDocument()
    xml.startElement(
        "feed", {"xmlns": ATOM_NS, "xml:lang": feed["lang"], "xml:base": feed["base"]}
    )
    _text_element(xml, "title", feed["title"])
    _text_element(xml, "subtitle", feed["subtitle"])
    xml.startElement("author", {})
    xml.addQuickElement("name", feed["author"]["name"]["_value"])
    xml.addQuickElement("uri", feed["author"]["uri"]["_value"])
    xml.endElement("author")
    xml.addQuickElement("updated", feed["updated"]["_value"])
    _category_elements(xml, feed["category"])
    xml.addQuickElement("id", feed["id"]["_value"])
    for entry in feed["entry"]:
        xml.startElement("entry", {"xml:lang": entry["lang"]})
        _text_element(xml, "title", entry["title"])
        for link in entry["link"]:
            xml.addQuickElement("link", attrs=link)
        xml.addQuickElement("id", entry["id"]["_value"])
        xml.addQuickElement("updated", entry["updated"]["_value"])
        _text_element(xml, "summary", entry["summary"])
        _category_elements(xml, entry["category"])
        xml.endElement("entry")
    xml.endElement("feed")
    return out.getvalue()


def _text_element(xml: SimplerXMLGenerator, name: str, text: dict[str, str]) -> None:
    xml.addQuickElement(name, text["_value"], {"type": text["type"]})


def _category_elements(
    xml: SimplerXMLGenerator, categories: list[dict[str, str]]
) -> None:
    for category in categories:
        xml.addQuickElement("category", attrs=category)
